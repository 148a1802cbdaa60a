#!/usr/bin/env python3
"""Issue 16: `discus find`, `discus move` and `discus get` against a fake peer (written here, on
127.0.0.1) that accepts the association and then answers badly: an identifier that does not
parse, a pending response without identifier, a response to another Message ID, an A-ABORT, a
closed connection, silence, and (fuzz-style) 40 random and mutated identifiers. Each must end
with exit 1 and a message that says what went wrong, never a crash or a hang.

  net_qr_hostile_test.py path/to/discus
"""
import os
import random
import socket
import struct
import subprocess
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import net_support as ns  # noqa: E402

EXPLICIT_LE = b"1.2.840.10008.1.2.1"


def item(t, body):
    return struct.pack(">BBH", t, 0, len(body)) + body


def pdu(t, body):
    return struct.pack(">BBI", t, 0, len(body)) + body


def recv_exact(s, n):
    b = b""
    while len(b) < n:
        chunk = s.recv(n - len(b))
        if not chunk:
            raise ConnectionError("closed")
        b += chunk
    return b


def read_pdu(s):
    h = recv_exact(s, 6)
    return h[0], recv_exact(s, struct.unpack(">I", h[2:])[0])


def accept_association(s):
    t, body = read_pdu(s)
    assert t == 1
    called, calling = body[4:20], body[20:36]
    pos, ctx = 68, []
    while pos < len(body):
        it, ln = body[pos], struct.unpack(">H", body[pos + 2:pos + 4])[0]
        if it == 0x20:
            ctx.append(body[pos + 4])
        pos += 4 + ln
    out = struct.pack(">HH", 1, 0) + called + calling + bytes(32) + item(0x10, b"1.2.840.10008.3.1.1.1")
    for pc in ctx:  # every context accepted in explicit VR little endian
        out += item(0x21, bytes([pc, 0, 0, 0]) + item(0x40, EXPLICIT_LE))
    out += item(0x50, item(0x51, struct.pack(">I", 16384)) + item(0x52, b"1.2.3.4"))
    s.sendall(pdu(2, out))
    return ctx


def read_request(s):
    """Reads P-DATA until the request's data set is complete; returns (pc, message id)."""
    cmd, pc = b"", 1
    while True:
        t, body = read_pdu(s)
        if t != 4:
            return pc, 1
        pos = 0
        while pos < len(body):
            ln = struct.unpack(">I", body[pos:pos + 4])[0]
            pc, ctl, data = body[pos + 4], body[pos + 5], body[pos + 6:pos + 4 + ln]
            if ctl & 1:
                cmd += data
            elif ctl & 2:
                return pc, message_id(cmd)
            pos += 4 + ln


def message_id(cmd):
    pos = 0
    while pos + 8 <= len(cmd):
        g, e, ln = struct.unpack("<HHI", cmd[pos:pos + 8])
        if (g, e) == (0, 0x0110):
            return struct.unpack("<H", cmd[pos + 8:pos + 10])[0]
        pos += 8 + ln
    return 1


def element(e, value):
    if len(value) % 2:
        value += b"\0"
    return struct.pack("<HHI", 0, e, len(value)) + value


def command(field, responded_to, status, has_data, sop=b"1.2.840.10008.5.1.4.1.2.2.1"):
    body = element(0x0002, sop) + element(0x0100, struct.pack("<H", field)) + element(0x0120, struct.pack("<H", responded_to))
    body += element(0x0800, struct.pack("<H", 0x0000 if has_data else 0x0101)) + element(0x0900, struct.pack("<H", status))
    return struct.pack("<HHI", 0, 0, 4) + struct.pack("<I", len(body)) + body


def p_data(pc, control, data):
    return pdu(4, struct.pack(">I", len(data) + 2) + bytes([pc, control]) + data)


def explicit(tag_g, tag_e, vr, value):
    return struct.pack("<HH", tag_g, tag_e) + vr + struct.pack("<H", len(value)) + value


GOOD = explicit(0x0008, 0x0052, b"CS", b"STUDY ") + explicit(0x0010, 0x0020, b"LO", b"QR001 ")


class FakePeer:
    """One association per scenario, served in a thread; `behave(sock, pc, msgid)` answers."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(4)
        self.port = self.sock.getsockname()[1]
        self.behave = None
        self.thread = threading.Thread(target=self.loop, daemon=True)
        self.thread.start()

    def loop(self):
        while True:
            try:
                c, _ = self.sock.accept()
            except OSError:
                return
            c.settimeout(20)
            try:
                accept_association(c)
                pc, mid = read_request(c)
                self.behave(c, pc, mid)
            except Exception:
                pass
            finally:
                try:
                    c.close()
                except OSError:
                    pass


def pending_with(data, field=0x8020):
    def behave(c, pc, mid):
        c.sendall(p_data(pc, 3, command(field, mid, 0xFF00, True)) + p_data(pc, 2, data))
        c.sendall(p_data(pc, 3, command(field, mid, 0x0000, False)))
        try:
            read_pdu(c)  # A-ABORT or A-RELEASE-RQ from discus
            c.sendall(pdu(6, bytes(4)))
        except Exception:
            pass
    return behave


def main():
    discus = sys.argv[1]
    failures = []
    peer = FakePeer()
    to = f"PEER@127.0.0.1:{peer.port}"
    fast = ["--acse-timeout", "3", "--dimse-timeout", "3", "--pdu-timeout", "3"]

    def find(extra=()):
        return subprocess.run([discus, "find", "--to", to, "-k", "PatientID", *fast, *extra], capture_output=True, text=True, timeout=60)

    # Sanity: the fake peer's well-formed answer is understood.
    peer.behave = pending_with(GOOD)
    r = find(["--json"])
    ns.check(r.returncode == 0 and "QR001" in r.stdout, f"well-formed answer understood: rc {r.returncode} {r.stderr.strip()}", failures)

    cases = [
        ("identifier whose length runs past its end", pending_with(explicit(0x0010, 0x0020, b"LO", b"X")[:-1] + b"\xff\x7fABC"),
         ["malformed identifier"]),
        ("identifier with an invalid VR", pending_with(b"\x10\x00\x20\x00ZZ\x04\x00ABCD"), ["malformed identifier"]),
        ("pending response without identifier", lambda c, pc, mid: c.sendall(p_data(pc, 3, command(0x8020, mid, 0xFF00, False))),
         ["without an identifier"]),
        ("response to another Message ID", lambda c, pc, mid: c.sendall(p_data(pc, 3, command(0x8020, mid + 7, 0x0000, False))),
         ["Message ID Being Responded To"]),
        ("C-STORE-RSP in answer to C-FIND", lambda c, pc, mid: c.sendall(p_data(pc, 3, command(0x8001, mid, 0x0000, False))),
         ["C-STORE-RSP"]),
        ("A-ABORT from the peer", lambda c, pc, mid: c.sendall(pdu(7, bytes([0, 0, 2, 0]))), ["aborted by the peer"]),
        ("connection closed", lambda c, pc, mid: None, ["closed", "ended", "connection"]),
        ("silence past the DIMSE timeout", lambda c, pc, mid: __import__("time").sleep(6), ["time"]),
        ("failure status", lambda c, pc, mid: c.sendall(p_data(pc, 3, command(0x8020, mid, 0xA900, False))), ["A900H"]),
    ]
    for what, behave, words in cases:
        peer.behave = behave
        r = find()
        msg = r.stderr.strip()
        ns.check(r.returncode == 1 and any(w.lower() in msg.lower() for w in words), f"{what}: rc {r.returncode}: {msg[-250:]}", failures)

    # The same endings for move and get.
    peer.behave = lambda c, pc, mid: c.sendall(pdu(7, bytes([0, 0, 2, 0])))
    for cmd in (["move", "--dest", "X"], ["get", "--out", os.path.join("/tmp", f"discus-qr-hostile-{os.getpid()}")]):
        r = subprocess.run([discus, cmd[0], "--to", to, *cmd[1:], "-k", "StudyInstanceUID=1.2.3", *fast], capture_output=True, text=True, timeout=60)
        ns.check(r.returncode == 1 and "aborted" in r.stderr, f"{cmd[0]}: A-ABORT: rc {r.returncode} {r.stderr.strip()[-200:]}", failures)
    peer.behave = lambda c, pc, mid: c.sendall(p_data(pc, 3, command(0x8021, mid, 0xB000, True)) + p_data(pc, 2, b"\x08\x00\x58\x00UI\xff\x00garbage!"))
    r = subprocess.run([discus, "move", "--to", to, "--dest", "X", "-k", "StudyInstanceUID=1.2.3", *fast], capture_output=True, text=True, timeout=60)
    ns.check(r.returncode == 1 and "malformed identifier" in r.stderr, f"move: malformed Failed SOP Instance UID List: rc {r.returncode} {r.stderr.strip()[-200:]}", failures)
    subprocess.run(["rm", "-rf", f"/tmp/discus-qr-hostile-{os.getpid()}"])

    # Fuzz-style: random bytes and mutations of a good identifier. Exit 0 or 1, never a crash.
    rng = random.Random(16)
    crashes = []
    for i in range(40):
        if i % 2:
            data = bytearray(GOOD)
            for _ in range(rng.randint(1, 4)):
                data[rng.randrange(len(data))] = rng.randrange(256)
            data = bytes(data)
        else:
            data = bytes(rng.randrange(256) for _ in range(rng.randint(1, 200)))
        if len(data) % 2:
            data += b"\0"
        peer.behave = pending_with(data)
        r = find()
        if r.returncode not in (0, 1) or (r.returncode == 1 and not r.stderr.strip()):
            crashes.append((i, r.returncode, data.hex()[:60]))
    ns.check(not crashes, f"40 random/mutated identifiers: exit 0 or 1 with a message each {crashes[:3]}", failures)
    peer.sock.close()
    ns.finish(failures)


if __name__ == "__main__":
    main()
