#!/usr/bin/env python3
"""Storage Commitment after an import (PS3.4 J, IHE RAD-10): `discus import --pacs ORTHANC@...
--commit --commit-port P` against Debian's Orthanc (a Storage Commitment SCP since 1.6), which
answers the N-ACTION and sends its N-EVENT-REPORT on a new association to the AE it knows as
"DISCUS" in DicomModalities (our listening port).

Shown: every imported instance is reported committed by Orthanc, in the report's "commitment"
block and on each file; an Orthanc that does not know our AE (no reverse association possible)
leaves the instances "unanswered" with the reason, and the import exits 1; --commit
without --pacs is a usage error.

  import_commit_test.py path/to/discus
"""
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "support"))
import net_support as ns  # noqa: E402
import import_media as im  # noqa: E402
from import_cfind_test import start_orthanc, stop, http_post  # noqa: E402


def run(discus, tmp, n, args):
    prefix = os.path.join(tmp, f"report{n}")
    t0 = time.monotonic()
    r = subprocess.run([discus, "import", *args, "--local-issuer", "HOSP", "--report", prefix,
                        "--ledger", os.path.join(tmp, f"ledger{n}.sqlite")], capture_output=True, text=True, timeout=120)
    rep = json.load(open(prefix + ".json")) if os.path.exists(prefix + ".json") else None
    return r, rep, time.monotonic() - t0


def main():
    discus = sys.argv[1]
    failures = []
    with tempfile.TemporaryDirectory(prefix="discus-import-commit-") as tmp:
        listen = ns.free_port()
        modalities = {"discus": {"AET": "DISCUS", "Host": "127.0.0.1", "Port": listen, "AllowStorageCommitment": True}}
        proc, http, dicom = start_orthanc(tmp, {"DicomModalities": modalities})
        try:
            local = im.Patient("L-700", "KIM^MIN", "19900909", "F", issuer="", accession="LOC7")
            for p in im.make_instances(os.path.join(tmp, "local"), local, 1):
                with open(p, "rb") as f:
                    http_post(http, "/instances", f.read())
            med = os.path.join(tmp, "medium")
            im.make_instances(med, im.Patient("EXT-70", "Kim^Min", "19900909", "F"), 3)
            peer = f"ORTHANC@127.0.0.1:{dicom}"
            r, rep, elapsed = run(discus, tmp, 1, ["--dir", med, "--pacs", peer, "--patient-source", peer, "--commit",
                                                   "--commit-port", str(listen), "--commit-timeout", "30"])
            c = (rep or {}).get("commitment", {})
            ns.check(r.returncode == 0 and rep is not None and rep["outcomes"]["imported"] == 3,
                     f"commit: 3 imported (rc {r.returncode}) {r.stderr[-300:]}", failures)
            ns.check(c.get("requested") == 3 and c.get("committed") == 3 and c.get("all_committed") is True and c.get("failed") == []
                     and "new association from ORTHANC" in c.get("report_via", ""),
                     f"commit: Orthanc committed all 3 on its own association ({c}) in {elapsed:.1f} s", failures)
            files = [f for f in (rep or {}).get("files", []) if f["outcome"] == "imported"]
            ns.check(len(files) == 3 and all(f.get("commitment") == "committed" for f in files),
                     f"commit: each imported file says committed ({[f.get('commitment') for f in files]})", failures)
            with open(os.path.join(tmp, "report1.txt")) as f:
                txt = f.read()
            ns.check("Storage Commitment of 3 instances" in txt and "3 committed" in txt, "commit: the text report says so", failures)

            # Orthanc no longer knows us: it cannot open the reverse association (1.10 aborts the N-ACTION).
            req = urllib.request.Request(f"http://127.0.0.1:{http}/modalities/discus", method="DELETE")
            urllib.request.urlopen(req, timeout=30).read()
            med2 = os.path.join(tmp, "medium2")
            im.make_instances(med2, im.Patient("EXT-71", "KIM^MIN", "19900909", "F"), 2)
            r, rep, elapsed = run(discus, tmp, 2, ["--dir", med2, "--pacs", peer, "--patient-source", peer, "--commit",
                                                   "--commit-port", str(listen), "--commit-timeout", "3"])
            c = (rep or {}).get("commitment", {})
            ns.check(r.returncode == 1 and rep["outcomes"]["imported"] == 2 and c.get("committed") == 0 and c.get("unanswered") == 2
                     and c.get("all_committed") is False and c.get("error") and elapsed < 40,
                     f"commit: an SCP that cannot reach us (Orthanc 1.10 aborts the N-ACTION) leaves them unanswered, exit 1 ({r.returncode}, {c}, {elapsed:.1f} s)", failures)
        finally:
            stop(proc)
        u = subprocess.run([discus, "import", "--dir", med, "--out", os.path.join(tmp, "x"), "--commit"], capture_output=True, text=True, timeout=60)
        ns.check(u.returncode == 2 and "--commit" in u.stderr, f"--commit without --pacs: usage error ({u.returncode} {u.stderr.strip()})", failures)
    ns.finish(failures)


if __name__ == "__main__":
    main()
