#!/usr/bin/env python3
"""The audit trail reaches an audit repository as syslog (issue 14 item 6), judged by listeners
written here with Python's socket and ssl modules and a test CA made with openssl:

  udp       RFC 5426: one RFC 5424 message per datagram: <85>1 TIMESTAMP HOST discusd PID
            IHE+RFC-3881 - BOM + XML; every payload parses and jing accepts it (PS3.15 A.5.1)
  tls       RFC 5425: "MSG-LEN SP SYSLOG-MSG" frames whose length is exact, over TLS 1.2+
  late      the repository is down when events are recorded: record() does not wait (all
            recorded in well under a second), and everything arrives once it listens
  restart   the process ends with messages unsent; the next one (recording nothing new) sends
            the backlog from the log (STATE/audit/sent is the cursor)
  crash     the recording process SIGKILLed at random moments, 8 times: every record it
            acknowledged is in the log, numbers continue without a gap or a repeat, and a torn
            last line is ended, not rewritten
  mutual    a repository that asks for a client certificate gets nothing from a probe without
            one, and everything from one with --cert/--key (IHE ATNA node authentication)
  untrusted a server whose certificate chains to another CA, and one whose certificate names
            another address, get nothing (the server certificate is verified)
  audit_syslog_test.py AUDIT_PROBE
"""
import os
import re
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ET

PROBE = sys.argv[1]
SCHEMA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../src/daemon/audit/data/audit-message.rnc")
HEADER = re.compile(rb"^<85>1 \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z \S+ discusd \d+ IHE\+RFC-3881 - \xef\xbb\xbf(<\?xml.*)$", re.S)
failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL:", msg, flush=True)


def openssl(*args):
    subprocess.run(["openssl", *args], check=True, capture_output=True)


def make_pki(d):
    """ca.pem signs srv.pem (IP 127.0.0.1) and wrongip.pem (IP 127.0.0.2); rogue.pem signs rogue-srv.pem."""
    ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
    for ca in ("ca", "rogue"):
        openssl("req", "-x509", *ec, "-keyout", f"{d}/{ca}.key", "-out", f"{d}/{ca}.pem", "-days", "2",
                "-subj", f"/CN=Discus test {ca}")
    for name, ca, ip in (("srv", "ca", "127.0.0.1"), ("wrongip", "ca", "127.0.0.2"), ("rogue-srv", "rogue", "127.0.0.1"),
                         ("client", "ca", "127.0.0.1")):
        openssl("req", *ec, "-keyout", f"{d}/{name}.key", "-out", f"{d}/{name}.csr", "-subj", f"/CN={ip}")
        with open(f"{d}/{name}.ext", "w") as f:
            f.write(f"subjectAltName=IP:{ip}\n")
        openssl("x509", "-req", "-in", f"{d}/{name}.csr", "-CA", f"{d}/{ca}.pem", "-CAkey", f"{d}/{ca}.key",
                "-CAcreateserial", "-out", f"{d}/{name}.pem", "-days", "2", "-extfile", f"{d}/{name}.ext")


def free_port(kind=socket.SOCK_STREAM):
    s = socket.socket(socket.AF_INET, kind)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class TlsListener:
    """An RFC 5425 receiver: accepts TLS connections, reads octet-counted frames."""

    def __init__(self, port, cert, key, client_ca=None):
        self.frames, self.errors = [], []
        self.ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.ctx.minimum_version = ssl.TLSVersion.TLSv1_2
        self.ctx.load_cert_chain(cert, key)
        if client_ca:  # IHE ATNA mutual authentication: the client must show a certificate of this CA
            self.ctx.verify_mode = ssl.CERT_REQUIRED
            self.ctx.load_verify_locations(client_ca)
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", port))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.stopping = False
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        while not self.stopping:
            try:
                conn, _ = self.sock.accept()
            except (socket.timeout, OSError):
                continue
            threading.Thread(target=self.serve, args=(conn,), daemon=True).start()

    def serve(self, conn):
        try:
            conn.settimeout(10)
            tls = self.ctx.wrap_socket(conn, server_side=True)
            buf = b""
            while not self.stopping:
                data = tls.recv(65536)
                if not data:
                    break
                buf += data
                while True:  # MSG-LEN SP SYSLOG-MSG
                    m = re.match(rb"([1-9][0-9]*) ", buf)
                    if not m:
                        if len(buf) > 12 or (buf and not re.match(rb"[0-9]* ?$", buf)):
                            self.errors.append(f"bad frame start {buf[:20]!r}")
                            buf = b""
                        break
                    n, start = int(m.group(1)), m.end()
                    if len(buf) < start + n:
                        break
                    self.frames.append(buf[start:start + n])
                    buf = buf[start + n:]
            if buf:
                self.errors.append(f"{len(buf)} bytes left outside a frame")
        except (ssl.SSLError, OSError) as e:
            self.errors.append(f"tls: {e}")
        finally:
            conn.close()

    def stop(self):
        self.stopping = True
        self.sock.close()
        self.thread.join()


def probe(*args, wait_ms=15000, expect=0):
    r = subprocess.run([PROBE, "send", *args, "--wait-ms", str(wait_ms)], capture_output=True, text=True, timeout=120)
    if r.returncode != expect:
        fail(f"probe {' '.join(args)}: exit {r.returncode}, expected {expect}: {r.stdout} {r.stderr}")
    return r.stdout


def log_messages(state):
    """The messages of the local log, in order (what the repository must receive)."""
    out = subprocess.run([PROBE, "read", "--state-dir", state], capture_output=True, text=True, check=True).stdout
    import json
    return [m for line in out.splitlines() for m in json.loads(line)["messages"]]


def check_payloads(what, payloads, expected, tmp):
    if len(payloads) != len(expected):
        fail(f"{what}: {len(payloads)} messages arrived, {len(expected)} recorded")
    paths = []
    for i, p in enumerate(payloads):
        m = HEADER.match(p)
        if not m:
            fail(f"{what}: not an RFC 5424 ATNA message: {p[:90]!r}")
            continue
        xml = m.group(1).decode("utf-8")
        if i < len(expected) and xml != expected[i]:
            fail(f"{what}: message {i + 1} differs from the log's (order or content)")
        ET.fromstring(xml.encode())
        path = os.path.join(tmp, f"{what}-{i}.xml")
        open(path, "w", encoding="utf-8").write(xml)
        paths.append(path)
    if paths:
        r = subprocess.run(["jing", "-c", SCHEMA, *paths], capture_output=True, text=True)
        if r.returncode != 0:
            fail(f"{what}: jing refused what arrived: {r.stdout[:400]}")


def wait_for(pred, seconds):
    end = time.time() + seconds
    while time.time() < end and not pred():
        time.sleep(0.05)
    return pred()


def main():
    with tempfile.TemporaryDirectory() as tmp:
        make_pki(tmp)
        ca = ["--ca", f"{tmp}/ca.pem"]

        # udp
        udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        udp.bind(("127.0.0.1", 0))
        udp.settimeout(5)
        state = f"{tmp}/udp"
        probe("--state-dir", state, "--repository", f"udp://127.0.0.1:{udp.getsockname()[1]}", "--count", "3")
        expected = log_messages(state)
        got = []
        try:
            while len(got) < len(expected):
                got.append(udp.recv(65536))
        except socket.timeout:
            pass
        udp.close()
        check_payloads("udp", got, expected, tmp)
        print(f"udp: {len(got)} datagrams, one message each", flush=True)

        # tls
        port = free_port()
        srv = TlsListener(port, f"{tmp}/srv.pem", f"{tmp}/srv.key")
        state = f"{tmp}/tls"
        probe("--state-dir", state, "--repository", f"tls://127.0.0.1:{port}", *ca, "--count", "4")
        expected = log_messages(state)
        wait_for(lambda: len(srv.frames) >= len(expected), 5)
        check_payloads("tls", srv.frames, expected, tmp)
        if srv.errors:
            fail(f"tls framing: {srv.errors}")
        print(f"tls: {len(srv.frames)} octet-counted frames", flush=True)
        srv.stop()

        # late: nothing listens while recording
        port = free_port()
        state = f"{tmp}/late"
        p = subprocess.Popen([PROBE, "send", "--state-dir", state, "--repository", f"tls://127.0.0.1:{port}", *ca,
                              "--count", "5", "--wait-ms", "30000"], stdout=subprocess.PIPE, text=True)
        line = p.stdout.readline()
        m = re.match(r"recorded 5 ms=(\d+)", line)
        if not m or int(m.group(1)) > 1000:
            fail(f"late: recording with the repository down took too long or failed: {line!r}")
        time.sleep(1.0)
        srv = TlsListener(port, f"{tmp}/srv.pem", f"{tmp}/srv.key")
        rc = p.wait(timeout=60)
        if rc != 0:
            fail(f"late: the probe did not see its messages delivered (exit {rc})")
        expected = log_messages(state)
        wait_for(lambda: len(srv.frames) >= len(expected), 5)
        check_payloads("late", srv.frames, expected, tmp)
        print(f"late: recorded in {m.group(1) if m else '?'} ms with the repository down; "
              f"{len(srv.frames)} delivered when it came up", flush=True)
        srv.stop()

        # restart: the backlog of an ended process is sent by the next one
        port = free_port()
        state = f"{tmp}/restart"
        probe("--state-dir", state, "--repository", f"tls://127.0.0.1:{port}", *ca, "--count", "3", wait_ms=300, expect=3)
        srv = TlsListener(port, f"{tmp}/srv.pem", f"{tmp}/srv.key")
        probe("--state-dir", state, "--repository", f"tls://127.0.0.1:{port}", *ca, "--count", "0")
        expected = log_messages(state)
        wait_for(lambda: len(srv.frames) >= len(expected), 5)
        check_payloads("restart", srv.frames, expected, tmp)
        cursor = open(f"{state}/audit/sent").read().split()
        if cursor[1] != "3":
            fail(f"restart: the cursor says {cursor}, expected sequence 3")
        print(f"restart: backlog of {len(srv.frames)} messages sent by the next process", flush=True)
        srv.stop()

        # crash: SIGKILL while recording; what was acknowledged survives
        import random
        import signal
        state = f"{tmp}/crash"
        acked = []
        for round_ in range(8):
            p = subprocess.Popen([PROBE, "send", "--state-dir", state, "--count", "100000", "--print-each", "yes",
                                  "--wait-ms", "0"], stdout=subprocess.PIPE, text=True)
            time.sleep(random.uniform(0.05, 0.4))
            p.send_signal(signal.SIGKILL)
            out, _ = p.communicate()
            acked += [int(x) for x in re.findall(r"^ack (\d+)$", out, re.M)]
        import json
        read = subprocess.run([PROBE, "read", "--state-dir", state], capture_output=True, text=True, check=True).stdout
        seqs = [json.loads(l)["seq"] for l in read.splitlines()]
        if seqs != list(range(1, len(seqs) + 1)):
            fail(f"crash: sequence numbers not 1..N without gaps or repeats (first bad at {next((i for i, s in enumerate(seqs) if s != i + 1), None)})")
        missing = sorted(set(acked) - set(seqs))
        if missing:
            fail(f"crash: {len(missing)} acknowledged records lost, e.g. {missing[:5]}")
        print(f"crash: 8 SIGKILLs, {len(acked)} records acknowledged, {len(seqs)} in the log, none lost", flush=True)

        # mutual: the repository asks for our certificate; without one nothing goes
        port = free_port()
        srv = TlsListener(port, f"{tmp}/srv.pem", f"{tmp}/srv.key", client_ca=f"{tmp}/ca.pem")
        probe("--state-dir", f"{tmp}/nocert", "--repository", f"tls://127.0.0.1:{port}", *ca, "--count", "1",
              wait_ms=1500, expect=3)
        if srv.frames:
            fail("mutual: a client without a certificate got a message through")
        probe("--state-dir", f"{tmp}/mutual", "--repository", f"tls://127.0.0.1:{port}", *ca,
              "--cert", f"{tmp}/client.pem", "--key", f"{tmp}/client.key", "--count", "2")
        expected = log_messages(f"{tmp}/mutual")
        wait_for(lambda: len(srv.frames) >= len(expected), 5)
        check_payloads("mutual", srv.frames, expected, tmp)
        print(f"mutual: refused without a client certificate, {len(srv.frames)} delivered with one", flush=True)
        srv.stop()

        # untrusted: another CA, another address
        for name in ("rogue-srv", "wrongip"):
            port = free_port()
            srv = TlsListener(port, f"{tmp}/{name}.pem", f"{tmp}/{name}.key")
            probe("--state-dir", f"{tmp}/{name}", "--repository", f"tls://127.0.0.1:{port}", *ca, "--count", "1",
                  wait_ms=1500, expect=3)
            if srv.frames:
                fail(f"{name}: a server that failed verification received {len(srv.frames)} messages")
            print(f"untrusted ({name}): nothing sent", flush=True)
            srv.stop()

    print("FAILED" if failures else "OK")
    return 1 if failures else 0


sys.exit(main())
