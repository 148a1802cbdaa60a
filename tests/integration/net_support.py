"""Shared helpers of the net_*_test.py scripts (issue 15): free ports, our SCP as a subprocess,
pydicom test files chosen per transfer syntax, element-by-element comparison, fd/RSS probes."""
import collections
import glob
import os
import re
import socket
import subprocess
import sys
import time
import warnings

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import service_client  # noqa: E402

PYDICOM_FILES = "/usr/lib/python3/dist-packages/pydicom/data/test_files/"


free_port = service_client.free_port


def wait_port(port, timeout=20):
    end = time.time() + timeout
    while time.time() < end:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.05)
    return False


class Scp:
    """`discus store-scp` in the background; the port it printed; stopped with SIGTERM."""

    def __init__(self, discus, out, aet="DISCUS", extra=()):
        self.log_path = os.path.join(os.path.dirname(out.rstrip("/")), f"scp-{os.path.basename(out)}.log")
        self.log = open(self.log_path, "w+")
        self.proc = subprocess.Popen([discus, "store-scp", "--aet", aet, "--port", "0", "--out", out, *extra],
                                     stdout=self.log, stderr=self.log)
        self.port = None
        end = time.time() + 30
        while time.time() < end and self.port is None:
            self.log.flush()
            with open(self.log_path) as f:
                m = re.search(r"listening on port (\d+)", f.read())
            if m:
                self.port = int(m.group(1))
            elif self.proc.poll() is not None:
                break
            else:
                time.sleep(0.05)
        if self.port is None:
            raise RuntimeError("store-scp did not start: " + open(self.log_path).read())

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()
        return open(self.log_path).read()

    def fds(self):
        return len(os.listdir(f"/proc/{self.proc.pid}/fd"))

    def rss_kb(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0


def pydicom_files(per_syntax=3, max_size=3 << 20):
    """[(transfer syntax, SOP Instance UID, path)] of pydicom's test files, at most `per_syntax` each."""
    import pydicom
    warnings.simplefilter("ignore")
    found = []
    count = collections.Counter()
    for p in sorted(glob.glob(PYDICOM_FILES + "**/*", recursive=True)):
        if not os.path.isfile(p) or os.path.getsize(p) > max_size:
            continue
        try:
            ds = pydicom.dcmread(p, stop_before_pixels=True)
            ts, uid, cls = str(ds.file_meta.TransferSyntaxUID), str(ds.SOPInstanceUID), str(ds.SOPClassUID)
        except Exception:
            continue
        if not uid or not cls or cls == "1.2.840.10008.1.3.10" or count[ts] >= per_syntax:  # not DICOMDIRs
            continue
        count[ts] += 1
        found.append((ts, uid, p))
    return found


def rounds_of(found):
    """The files split into rounds in which no two share a SOP Instance UID (pydicom's test files
    reuse UIDs across syntaxes), each round as {transfer syntax: [paths]}."""
    rounds = []
    for ts, uid, p in found:
        for r in rounds:
            if uid not in r[0]:
                break
        else:
            r = (set(), collections.defaultdict(list))
            rounds.append(r)
        r[0].add(uid)
        r[1][ts].append(p)
    return [dict(r[1]) for r in rounds]


def pydicom_files_by_syntax(per_syntax=3, max_size=3 << 20):
    """The first round of rounds_of(): files with SOP Instance UIDs no other file of it shares."""
    r = rounds_of(pydicom_files(per_syntax, max_size))
    return r[0] if r else {}


def received_by_uid(folder):
    import pydicom
    warnings.simplefilter("ignore")
    out = {}
    for p in glob.glob(os.path.join(folder, "**", "*"), recursive=True):
        if os.path.isfile(p) and not os.path.basename(p).startswith("."):
            try:
                out[str(pydicom.dcmread(p, stop_before_pixels=True).SOPInstanceUID)] = p
            except Exception:
                pass
    return out


def differences(sent, received, ignore_pixels=False):
    """Element-by-element differences of two files' data sets (file meta excluded), as text."""
    import pydicom
    warnings.simplefilter("ignore")
    a = pydicom.dcmread(sent)
    b = pydicom.dcmread(received)
    diffs = []
    tags = sorted(set(a.keys()) | set(b.keys()))
    for t in tags:
        # File meta is not sent; group lengths (gggg,0000) are retired and re-computed or dropped
        # by writers (PS3.5 7.2); Data Set Trailing Padding (FFFC,FFFC) may be dropped (PS3.10 7.2).
        if t.group == 0x0002 or t.element == 0x0000 or t == 0xFFFCFFFC or (ignore_pixels and t == 0x7FE00010):
            continue
        if t not in a or t not in b:
            diffs.append(f"{t} only in {'sent' if t in a else 'received'}")
            continue
        ea, eb = a[t], b[t]
        if t.is_private and ea.VR != eb.VR and b.is_implicit_VR:
            continue  # implicit VR LE carries no VR: a private element's type is lost (PS3.5 A.1)
        if ea.VR == "SQ":
            if len(ea.value) != len(eb.value) or any(x != y for x, y in zip(ea.value, eb.value)):
                diffs.append(f"{t} sequence differs")
        elif ea.value != eb.value:
            diffs.append(f"{t} {ea.keyword}: {str(ea.value)[:40]!r} != {str(eb.value)[:40]!r}")
    return diffs


def check(cond, what, failures):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def finish(failures):
    if failures:
        print(f"{len(failures)} failure(s):", *failures, sep="\n  ")
        sys.exit(1)
    print("all passed")
