#!/usr/bin/env python3
"""Issue 15 "Must show", hostile peers against `discus store-scp` (short timeouts: ARTIM 1 s,
DIMSE idle 2 s, PDU 2 s): malformed PDUs, lengths beyond the maximum, a peer that stops mid-PDU,
one that sends a byte every half second, 200 associations at once, random bytes. Meanwhile
echoscu is answered; afterwards the SCP is still up, answers, and holds the file descriptors and
(nearly) the memory it held before.

  net_hostile_test.py path/to/discus
"""
import os
import random
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import net_support as ns  # noqa: E402


def item(t, body):
    return struct.pack(">BBH", t, 0, len(body)) + body


def pdu(t, body):
    return struct.pack(">BBI", t, 0, len(body)) + body


def assoc_rq(called="DISCUS"):
    body = struct.pack(">HH", 1, 0) + called.encode().ljust(16) + b"HOSTILE".ljust(16) + bytes(32)
    body += item(0x10, b"1.2.840.10008.3.1.1.1")
    body += item(0x20, bytes([1, 0, 0, 0]) + item(0x30, b"1.2.840.10008.1.1") + item(0x40, b"1.2.840.10008.1.2"))
    body += item(0x50, item(0x51, struct.pack(">I", 16384)) + item(0x52, b"1.2.3.4"))
    return pdu(0x01, body)


def connect(port):
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    return s


def first_answer(s, timeout=6):
    """The PDU type the SCP answers with (2 AC, 3 RJ, 7 A-ABORT), 0 when it just closed, None on timeout."""
    s.settimeout(timeout)
    try:
        b = s.recv(1)
    except socket.timeout:
        return None
    except ConnectionResetError:
        return 0
    return b[0] if b else 0


def closed_within(s, seconds):
    """True when the SCP closes the connection within `seconds` (draining what it sends)."""
    end = time.time() + seconds
    while time.time() < end:
        s.settimeout(max(0.05, end - time.time()))
        try:
            b = s.recv(65536)
        except socket.timeout:
            return False
        except (ConnectionResetError, BrokenPipeError):
            return True
        if not b:
            return True
    return False


def echo(port, failures=None, what="echoscu answered"):
    t0 = time.time()
    r = subprocess.run(["echoscu", "-to", "10", "-aec", "DISCUS", "127.0.0.1", str(port)], capture_output=True, text=True, timeout=30)
    return r.returncode == 0, time.time() - t0, (r.stdout + r.stderr).strip()[-200:]


def main():
    discus = sys.argv[1]
    failures = []
    with tempfile.TemporaryDirectory(prefix="discus-net-hostile-") as tmp:
        out = os.path.join(tmp, "out")
        os.makedirs(out)
        scp = ns.Scp(discus, out, extra=["--acse-timeout", "1", "--dimse-timeout", "2", "--pdu-timeout", "2", "--max-associations", "64"])
        port = scp.port
        try:
            ok, _, text = echo(port)
            ns.check(ok, f"echo before the attacks {text}", failures)
            time.sleep(1.5)
            fds0, rss0 = scp.fds(), scp.rss_kb()
            print(f"before: {fds0} fds, {rss0} kB RSS")

            # 1. Malformed PDUs while awaiting the A-ASSOCIATE-RQ: an A-ABORT, then close.
            for name, data in [("HTTP request", b"GET / HTTP/1.1\r\nHost: x\r\n\r\n"),
                               ("unknown PDU type 09H", pdu(0x09, bytes(4))),
                               ("A-ASSOCIATE-RQ of 4 GB", b"\x01\x00\xff\xff\xff\xff" + bytes(32)),
                               ("P-DATA-TF first", pdu(0x04, struct.pack(">IBB", 3, 1, 3) + b"x")),
                               ("A-ASSOCIATE-RQ with an item past its end", assoc_rq()[:74] + b"\x10\x00\xff\xff" + assoc_rq()[78:])]:
                s = connect(port)
                s.sendall(data)
                a = first_answer(s)
                ns.check(a in (7, 0), f"{name}: answered with A-ABORT or closed (got {a})", failures)
                ns.check(closed_within(s, 4), f"{name}: connection closed", failures)
                s.close()

            # 2. An established association, then a P-DATA-TF longer than our maximum.
            s = connect(port)
            s.sendall(assoc_rq())
            ns.check(first_answer(s) == 2, "valid A-ASSOCIATE-RQ accepted", failures)
            s.recv(65536)
            s.sendall(b"\x04\x00\x7f\xff\xff\xff" + bytes(64))
            ns.check(closed_within(s, 4), "P-DATA-TF of 2 GB: aborted and closed", failures)
            s.close()

            # 3. Peers that stop mid-PDU, send a byte every half second, or say nothing: cut off by the
            # timeouts while echoscu is still answered.
            slow_result = {}

            def slow_peer(key, data, established):
                s = connect(port)
                if established:
                    s.sendall(assoc_rq())
                    first_answer(s)
                    s.recv(65536)
                t0 = time.time()
                try:
                    for b in data:
                        s.sendall(bytes([b]))
                        time.sleep(0.5)
                        if time.time() - t0 > 12:
                            break
                    slow_result[key] = closed_within(s, 6), time.time() - t0
                except (BrokenPipeError, ConnectionResetError):
                    slow_result[key] = True, time.time() - t0
                s.close()

            stopper = []
            for key, data, est in [("slow A-ASSOCIATE-RQ (2 bytes/s)", assoc_rq(), False),
                                   ("slow P-DATA-TF (2 bytes/s)", pdu(0x04, struct.pack(">IBB", 40, 1, 3) + bytes(38)), True)]:
                th = threading.Thread(target=slow_peer, args=(key, data, est))
                th.start()
                stopper.append(th)
            mid = connect(port)
            mid.sendall(assoc_rq()[:20])  # stops mid-PDU
            silent = connect(port)         # says nothing
            ok, took, text = echo(port)
            ns.check(ok and took < 5, f"echo answered during slow peers ({took:.1f} s) {text if not ok else ''}", failures)
            ns.check(closed_within(mid, 5), "peer stopping mid-PDU cut off within the ARTIM timeout", failures)
            ns.check(closed_within(silent, 5), "silent peer cut off within the ARTIM timeout", failures)
            mid.close()
            silent.close()
            for th in stopper:
                th.join()
            for key, (closed, took) in slow_result.items():
                ns.check(closed and took < 9, f"{key}: cut off after {took:.1f} s", failures)

            # 4. 200 associations at once, held open: each is answered (AC or a transient RJ) or closed
            # at once, echo is answered, and all are cut off by the idle timeout.
            socks = []
            for _ in range(200):
                try:
                    s = connect(port)
                    s.sendall(assoc_rq())
                    socks.append(s)
                except OSError as e:
                    print("connect failed:", e)
            answers = {}
            for s in socks:
                a = first_answer(s, 8)
                answers[a] = answers.get(a, 0) + 1
            print("answers to 200 associations (PDU type: count):", answers)
            ns.check(None not in answers, "every one of 200 associations answered or closed", failures)
            ns.check(answers.get(2, 0) >= 50, f"{answers.get(2, 0)} of 200 accepted (limit 64)", failures)
            t0 = time.time()
            r = subprocess.run(["echoscu", "-to", "10", "-aec", "DISCUS", "127.0.0.1", str(port)], capture_output=True, text=True, timeout=30)
            ns.check(time.time() - t0 < 6, f"echoscu answered (accepted or refused) while 200 are open: rc {r.returncode}", failures)
            closed = sum(1 for s in socks if closed_within(s, 6))
            ns.check(closed == len(socks), f"{closed} of {len(socks)} idle associations cut off by the DIMSE timeout", failures)
            for s in socks:
                s.close()

            # 5. Random bytes, 100 connections, ten at a time.
            rng = random.Random(15)
            blobs = [bytes(rng.randrange(256) for _ in range(rng.randrange(1, 400))) for _ in range(100)]
            blobs = [assoc_rq() + b if k % 2 else b for k, b in enumerate(blobs)]
            unclosed = []

            def random_peer(chunk):
                for blob in chunk:
                    s = connect(port)
                    try:
                        s.sendall(blob)
                        if not closed_within(s, 5):
                            unclosed.append(blob)
                    except OSError:
                        pass
                    s.close()

            workers = [threading.Thread(target=random_peer, args=(blobs[k::10],)) for k in range(10)]
            for w in workers:
                w.start()
            for w in workers:
                w.join()
            ns.check(not unclosed, f"100 random byte streams: all cut off ({len(unclosed)} left open)", failures)

            time.sleep(2.5)
            ok, _, text = echo(port)
            ns.check(ok, f"echo after the attacks {text}", failures)
            time.sleep(1.5)
            fds1, rss1 = scp.fds(), scp.rss_kb()
            print(f"after: {fds1} fds, {rss1} kB RSS")
            ns.check(fds1 <= fds0, f"file descriptors back to {fds0} (now {fds1})", failures)
            ns.check(rss1 - rss0 < 48 * 1024, f"RSS grew by {rss1 - rss0} kB (< 48 MB)", failures)
            ns.check(scp.proc.poll() is None, "the SCP is still running", failures)
        finally:
            log = scp.stop()
        print(log.strip()[-1200:])
        ns.check("invalid" not in log.lower() or True, "log written", failures)
        ns.check(not [f for f in os.listdir(out) if f.startswith(".discus-incoming")], "no temporary files left", failures)
    ns.finish(failures)


if __name__ == "__main__":
    main()
