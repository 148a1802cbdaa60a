#!/usr/bin/env python3
"""Issue 17 "Must show": an import killed mid-way (SIGKILL) and resumed sends no instance twice,
proven at dcmtk's storescp, which logs every C-STORE (-v) and keeps every received file under a
unique name (+uf), so an instance received twice would be two files with one SOP Instance UID.
Orthanc would silently drop a re-sent instance, so it cannot prove this.

  import_resume_test.py path/to/discus
"""
import collections
import glob
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "support"))
import net_support as ns  # noqa: E402
import import_media as im  # noqa: E402

N = 120


def received(folder):
    import pydicom
    warnings.simplefilter("ignore")
    uids = collections.Counter()
    for p in glob.glob(os.path.join(folder, "*")):
        try:
            uids[str(pydicom.dcmread(p, stop_before_pixels=True).SOPInstanceUID)] += 1
        except Exception:
            pass
    return uids


def main():
    discus = sys.argv[1]
    failures = []
    with tempfile.TemporaryDirectory(prefix="discus-import-resume-") as tmp:
        medium = os.path.join(tmp, "medium")
        im.make_instances(os.path.join(medium, "DICOM"), im.Patient("EXT-R", "RESUME^ROSA", "19600606", "F"), N, rows=128)
        out = os.path.join(tmp, "storescp")
        os.makedirs(out)
        port = ns.free_port()
        log_path = os.path.join(tmp, "storescp.log")
        log = open(log_path, "w+")
        scp = subprocess.Popen(["storescp", "-v", "+uf", "-od", out, "-aet", "STORESCP", str(port)], stdout=log, stderr=log)
        ledger = os.path.join(tmp, "ledger.sqlite")
        try:
            ns.check(ns.wait_port(port, 20), "storescp started", failures)
            base = [discus, "import", "--dir", medium, "--pacs", f"STORESCP@127.0.0.1:{port}", "--ledger", ledger,
                    "--local-issuer", "HOSP", "--staging", os.path.join(tmp, "staging")]
            # Held first (no worklist), resolved by a person, killed while the resolve's import runs.
            r = subprocess.run(base + ["--report", os.path.join(tmp, "r0")], capture_output=True, text=True, timeout=120)
            rep = json.load(open(os.path.join(tmp, "r0.json")))
            hold = next(f["hold"] for f in rep["files"] if f.get("hold"))
            proc = subprocess.Popen([discus, "import", "--resolve", hold, "--patient-id", "L0R", "--ledger", ledger],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            killed = False
            end = time.time() + 60
            while time.time() < end and proc.poll() is None:
                if len(os.listdir(out)) >= N // 3:
                    proc.send_signal(signal.SIGKILL)
                    killed = True
                    break
                time.sleep(0.01)
            proc.wait()
            first = sum(received(out).values())
            ns.check(killed and 0 < first < N, f"the import was killed mid-way: storescp has {first} of {N}", failures)
            # Resume: the same import again.
            r = subprocess.run(base + ["--report", os.path.join(tmp, "r1")], capture_output=True, text=True, timeout=120)
            rep = json.load(open(os.path.join(tmp, "r1.json")))
            o = rep["outcomes"]
            doubt = [f for f in rep["files"] if f["outcome"] == "held"]
            ns.check(o["already-imported"] + o["imported"] + o["held"] == N and len(doubt) <= 1,
                     f"resume: {o} (at most one instance in doubt)", failures)
            for f in doubt:
                ns.check("in doubt" in f["reason"], f"the held one is in doubt: {f['reason'][:120]}", failures)
                # A person looks at the PACS: if it has the instance, reject (nothing to send); else resend.
                have = f["sop_instance_uid"] in received(out)
                r = subprocess.run([discus, "import", "--resolve", f["hold"], "--reject" if have else "--resend", "--ledger", ledger,
                                    "--json"], capture_output=True, text=True, timeout=120)
                ns.check(r.returncode == 0, f"the in-doubt instance resolved ({'reject: storescp has it' if have else 'resend'}) rc {r.returncode}", failures)
            counts = received(out)
            twice = [u for u, c in counts.items() if c > 1]
            ns.check(not twice, f"no instance received twice at storescp ({len(twice)} were: {twice[:3]})", failures)
            ns.check(len(counts) == N, f"every instance received once: {len(counts)} of {N}", failures)
            log.flush()
            stores = len(re.findall(r"Received Store Request", open(log_path).read()))
            ns.check(stores == N, f"storescp logged {stores} C-STORE requests for {N} instances", failures)
        finally:
            scp.terminate()
            scp.wait(30)
            log.close()
    ns.finish(failures)


if __name__ == "__main__":
    main()
