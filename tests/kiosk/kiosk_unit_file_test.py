#!/usr/bin/env python3
"""packaging/discus-kiosk.service (issue 20 item 5): `systemd-analyze verify` accepts it with nothing
to say (ExecStart's discus-kiosk made to exist: the built one), it runs discus-kiosk under cage on
the service's socket with a StateDirectory for the PIN and Restart=always; broken variants draw
complaints, so the check can fail. And the command line the unit runs: discus-kiosk starts without
a QML error (on-screen keyboard loaded), bad --language/--size are usage errors.
Usage: kiosk_unit_file_test.py UNIT DISCUS_KIOSK
"""
import os
import shutil
import subprocess
import sys
import tempfile

UNIT, KIOSK = sys.argv[1:3]
failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what, flush=True)
    if not cond:
        failures.append(what)


def verify(text, tmp):
    path = os.path.join(tmp, "discus-kiosk.service")
    with open(path, "w") as f:
        f.write(text.replace("/usr/bin/discus-kiosk", os.path.abspath(KIOSK)))
    r = subprocess.run(["systemd-analyze", "verify", "--man=no", path], capture_output=True, text=True)
    # systemd-analyze also reads the units ours names (discusd.service is not installed here)
    said = [l for l in (r.stdout + r.stderr).splitlines() if l.strip() and "discusd.service" not in l]
    return "\n".join(said)


def cli():
    """The command line the unit and the README use: starts (no service: the banner), with the
    on-screen keyboard, and no QML error; a bad --language or --size is a usage error (exit 2)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_IM_MODULE="qtvirtualkeyboard")
    try:
        r = subprocess.run([KIOSK, "--socket", "/nonexistent/discusd.sock", "--language", "fr", "--size", "1024x600"],
                           capture_output=True, text=True, env=env, timeout=4)
        code, err = r.returncode, r.stderr
    except subprocess.TimeoutExpired as e:
        code, err = "running", (e.stderr or b"").decode() if isinstance(e.stderr, bytes) else (e.stderr or "")
    qml_errors = [l for l in err.splitlines() if "qrc:/" in l or "QQmlApplicationEngine" in l or "Error" in l]
    check(code == "running" and not qml_errors, f"discus-kiosk --socket --language fr --size 1024x600 runs without a service, no QML error ({code}, {qml_errors[:3]})")
    for args, what in ((["--language", "xx"], "--language xx"), (["--size", "10x10"], "--size 10x10"), (["--size", "big"], "--size big")):
        r = subprocess.run([KIOSK, *args], capture_output=True, text=True, env=env, timeout=20)
        check(r.returncode == 2 and args[1] in r.stderr, f"{what}: exit 2 with a message ({r.returncode}: {r.stderr.strip().splitlines()[-1] if r.stderr.strip() else ''})")


def main():
    text = open(UNIT).read()
    check(shutil.which("cage") is not None, "cage (the Wayland kiosk compositor) is installed")
    exec_line = next((l for l in text.splitlines() if l.startswith("ExecStart=")), "")
    check(exec_line.startswith("ExecStart=/usr/bin/cage ") and "/usr/bin/discus-kiosk --socket /run/discus/discusd.sock" in exec_line,
          f"ExecStart runs discus-kiosk under cage on discusd's socket ({exec_line})")
    for needed in ("Restart=always", "StateDirectory=discus-kiosk", "StateDirectoryMode=0700", "PAMName=login",
                   "User=discus-kiosk", "Wants=discusd.service", "WantedBy=graphical.target"):
        check(needed in text, f"the unit has {needed}")
    with tempfile.TemporaryDirectory() as tmp:
        said = verify(text, tmp)
        check(said == "", "systemd-analyze verify: accepted" + (f"\n{said}" if said else ""))
        for what, broken in (("an unknown setting value", text.replace("ProtectSystem=strict", "ProtectSystem=strictest")),
                             ("a missing executable", text.replace("/usr/bin/cage", "/usr/bin/no-such-cage")),
                             ("an unknown key", text.replace("Restart=always", "Restart=always\nRestartHarder=yes"))):
            check(verify(broken, tmp) != "", f"systemd-analyze verify complains about {what}")
    cli()
    print(f"{len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
