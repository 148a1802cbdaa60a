#!/usr/bin/env python3
"""A throw-away PostgreSQL server for tests (issue 14: the shared queue against a real server).

    postgres_server.py [--fsync on|off] [--base DIR] -- COMMAND [ARG...]

Runs Debian's initdb and pg_ctl (/usr/lib/postgresql/NN/bin) in a new temporary directory as an
unprivileged user (when started as root, as CI is: `nobody`, through setpriv, with the directory
chowned to it; PostgreSQL refuses to run as root), listening only on a Unix socket in that
directory under a random port number (no TCP: nothing else on the machine can reach it). Then
runs COMMAND with DISCUS_TEST_POSTGRES_URL set to a libpq URL of database `discus`, and
DISCUS_TEST_POSTGRES_CTL to "THIS_SCRIPT ctl DIR" (stop/start/restart the server, for the
reconnect tests). --base DIR puts the temporary directory in DIR instead of $TMPDIR (a bench
measures fsync on the disk the queue would use). The server is stopped (immediate) and the directory removed at the end, also
when COMMAND fails, times out or this script is interrupted. Exit status: COMMAND's.

Also importable: `with PostgresServer() as pg: pg.url`.
"""
import glob
import os
import pwd
import random
import shutil
import signal
import subprocess
import sys
import tempfile


def pg_bin():
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"),
                   key=lambda p: int(p.split("/")[4]) if p.split("/")[4].isdigit() else 0)
    if not found:
        sys.exit("postgres_server.py: no /usr/lib/postgresql/*/bin/pg_ctl (apt-get install postgresql)")
    return os.path.dirname(found[-1])


def as_user_prefix():
    """setpriv to nobody when root; nothing otherwise."""
    if os.geteuid() != 0:
        return [], None
    user = pwd.getpwnam("nobody")
    return (["setpriv", f"--reuid={user.pw_uid}", f"--regid={user.pw_gid}", "--clear-groups", "--"],
            (user.pw_uid, user.pw_gid))


def free_port():
    # Only a Unix socket is used; the port number just names it (.s.PGSQL.PORT). A random one
    # keeps two test runs at once apart in the logs; the socket directory already does.
    return random.randint(20000, 60000)


class PostgresServer:
    def __init__(self, fsync=True, base=None):
        self.fsync = fsync
        self.base = base
        self.bin = pg_bin()
        self.prefix, self.owner = as_user_prefix()
        self.dir = None

    def run(self, *args, check=True):
        return subprocess.run(self.prefix + list(args), check=check, capture_output=True, text=True,
                              env={"PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8", "HOME": self.dir})

    def ctl(self, action):
        data = os.path.join(self.dir, "data")
        log = os.path.join(self.dir, "server.log")
        if action == "stop":
            return self.run(f"{self.bin}/pg_ctl", "-D", data, "-m", "immediate", "-w", "stop", check=False)
        if action == "start":
            return self.run(f"{self.bin}/pg_ctl", "-D", data, "-l", log, "-w", "-t", "60", "start")
        if action == "restart":
            self.ctl("stop")
            return self.ctl("start")
        raise ValueError(action)

    def __enter__(self):
        self.dir = tempfile.mkdtemp(prefix="discus-pg-", dir=self.base)
        os.chmod(self.dir, 0o755)
        if self.owner:
            os.chown(self.dir, *self.owner)
        try:
            self.port = free_port()
            data = os.path.join(self.dir, "data")
            # --no-sync: the cluster's first files only; the running server fsyncs as configured.
            self.run(f"{self.bin}/initdb", "-D", data, "-U", "discus", "-A", "trust", "-E", "UTF8",
                     "--locale=C.UTF-8", "--no-sync")
            with open(os.path.join(data, "postgresql.conf"), "a") as conf:
                conf.write(f"\nlisten_addresses = ''\nport = {self.port}\n"
                           f"unix_socket_directories = '{self.dir}'\n"
                           f"fsync = {'on' if self.fsync else 'off'}\n"
                           "max_connections = 40\nshared_buffers = 32MB\n")
            self.ctl("start")
            self.run(f"{self.bin}/createdb", "-h", self.dir, "-p", str(self.port), "-U", "discus", "discus")
            self.url = f"postgresql:///discus?host={self.dir}&port={self.port}&user=discus"
            return self
        except BaseException as e:
            if isinstance(e, subprocess.CalledProcessError):
                sys.stderr.write(f"postgres_server.py: {e.cmd}: {e.stderr}\n")
            self.__exit__(None, None, None)
            raise

    def __exit__(self, *exc):
        if self.dir:
            if os.path.exists(os.path.join(self.dir, "data", "postmaster.pid")):
                self.ctl("stop")
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None
        return False


def ctl_main(argv):
    """postgres_server.py ctl DIR stop|start|restart: for tests that drop the server."""
    server = PostgresServer()
    server.dir = argv[0]
    server.ctl(argv[1])
    server.dir = None


def main():
    argv = sys.argv[1:]
    if argv[:1] == ["ctl"]:
        return ctl_main(argv[1:])
    fsync, base = True, None
    while argv and argv[0] != "--":
        if argv[0] == "--fsync" and len(argv) > 1:
            fsync = argv[1] == "on"
            argv = argv[2:]
        elif argv[0] == "--base" and len(argv) > 1:
            base = os.path.abspath(argv[1])
            argv = argv[2:]
        else:
            sys.exit(__doc__)
    command = argv[1:]
    if not command:
        sys.exit(__doc__)
    # SIGTERM (ctest's timeout) becomes an exception, so the finally below stops the server.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    with PostgresServer(fsync=fsync, base=base) as pg:
        env = dict(os.environ, DISCUS_TEST_POSTGRES_URL=pg.url,
                   DISCUS_TEST_POSTGRES_CTL=f"{sys.executable} {os.path.abspath(__file__)} ctl {pg.dir}")
        child = subprocess.Popen(command, env=env)
        try:
            return child.wait()
        finally:
            if child.poll() is None:
                child.kill()
                child.wait()


if __name__ == "__main__":
    sys.exit(main())
