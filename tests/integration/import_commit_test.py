#!/usr/bin/env python3
"""Storage Commitment and the Import PPS after an import (PS3.4 J, IHE RAD-10): `discus import --pacs ORTHANC@...
--commit --commit-port P` against Debian's Orthanc (a Storage Commitment SCP since 1.6), which
answers the N-ACTION and sends its N-EVENT-REPORT on a new association to the AE it knows as
"DISCUS" in DicomModalities (our listening port).

Shown: every imported instance is reported committed by Orthanc, in the report's "commitment"
block and on each file; an Orthanc that does not know our AE (no reverse association possible)
leaves the instances "unanswered" with the reason, and the import exits 1; --commit
without --pacs is a usage error.

With --mpps, the Import PPS (RAD-59/60) goes to import_commit_mpps_scp.py (written here: Debian
packages no MPPS SCP): N-CREATE IN PROGRESS, then N-SET COMPLETED listing every imported instance,
the data sets as received judged by dcmtk's dcmdump and pydicom; a scheduled import (dcmtk's
wlmscpfs as the worklist) puts the order (accession, Requested Procedure ID, SPS ID) in the N-CREATE.

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
from import_cfind_test import ORTHANC_EXTRA, http_post  # noqa: E402
from orthanc_server import OrthancServer  # noqa: E402
from import_orthanc_test import start_wlmscpfs  # noqa: E402

MPPS_SCP = os.path.join(HERE, "import_commit_mpps_scp.py")


def run(discus, tmp, n, args):
    prefix = os.path.join(tmp, f"report{n}")
    t0 = time.monotonic()
    r = subprocess.run([discus, "import", *args, "--local-issuer", "HOSP", "--report", prefix,
                        "--ledger", os.path.join(tmp, f"ledger{n}.sqlite")], capture_output=True, text=True, timeout=120)
    rep = json.load(open(prefix + ".json")) if os.path.exists(prefix + ".json") else None
    return r, rep, time.monotonic() - t0


def dcmdump(path):
    r = subprocess.run(["dcmdump", "-q", "+L", path], capture_output=True, text=True, timeout=60)
    return r.returncode, r.stdout + r.stderr


def check_mpps(rep, received, record, failures):
    """The Import PPS: N-CREATE IN PROGRESS then N-SET COMPLETED listing every imported instance,
    as an MPPS SCP received them, judged by dcmtk's dcmdump and pydicom (no MPPS SCP in Debian)."""
    import pydicom
    steps = (rep or {}).get("mpps", [])
    ns.check(len(steps) == 1 and steps[0]["created"] and steps[0]["set"] and steps[0]["final_status"] == "COMPLETED"
             and steps[0]["instances"] == 3 and steps[0]["series"] == 1,
             f"mpps: one Import PPS per study, created and completed with 1 series, 3 instances ({steps})", failures)
    files = sorted(os.listdir(received)) if os.path.isdir(received) else []
    ns.check(files == ["001-n-create.dcm", "002-n-set.dcm"], f"mpps: the SCP received N-CREATE then N-SET ({files})", failures)
    if len(files) != 2:
        return
    rc1, create = dcmdump(os.path.join(received, files[0]))
    rc2, final = dcmdump(os.path.join(received, files[1]))
    ns.check(rc1 == 0 and rc2 == 0 and "E:" not in create and "E:" not in final, "mpps: dcmdump reads both data sets without error", failures)
    ns.check("[IN PROGRESS]" in create and "(0040,0270)" in create and "[L-700]" in create and "[KIM^MIN]" in create
             and "(0040,0253)" in create and "(0040,0340)" in create, "mpps: N-CREATE carries IN PROGRESS, the Scheduled Step "
             "Attributes Sequence, the local patient, the PPS ID, an empty Performed Series Sequence (dcmdump)", failures)
    uids = [f["sop_instance_uid"] for f in rep["files"] if f["outcome"] == "imported"]
    ns.check("[COMPLETED]" in final and all(u in final for u in uids) and "(0008,1140)" in final and "(0040,0251)" in final,
             f"mpps: N-SET COMPLETED with end time and every imported instance in the Referenced Image Sequence (dcmdump)", failures)
    c = pydicom.dcmread(os.path.join(received, files[0]))
    step = c.ScheduledStepAttributesSequence[0]
    ns.check(step.StudyInstanceUID == rep["patients"][0]["studies"][0]["study_instance_uid"] and c.PatientID == "L-700"
             and c.IssuerOfPatientID == "HOSP" and c.PerformedStationAETitle == "DISCUS" and c.Modality == "CT",
             "mpps: pydicom reads the N-CREATE: the imported study, local patient and issuer, our AE, the modality", failures)
    kept = sorted(os.listdir(record)) if os.path.isdir(record) else []
    same = len(kept) == 2 and all(pydicom.dcmread(os.path.join(record, k)) == pydicom.dcmread(os.path.join(received, f))
                                  for k, f in zip(sorted(kept, key=lambda k: "n-set" in k), files))
    ns.check(same, f"mpps: --mpps-record kept exactly what the SCP received ({kept})", failures)


def main():
    discus = sys.argv[1]
    failures = []
    with tempfile.TemporaryDirectory(prefix="discus-import-commit-") as tmp:
        listen = ns.free_port()
        modalities = {"discus": {"AET": "DISCUS", "Host": "127.0.0.1", "Port": listen, "AllowStorageCommitment": True}}
        with OrthancServer(tmp, name="DiscusImportCommit", extra={**ORTHANC_EXTRA, "DicomModalities": modalities}) as pacs:
            http, dicom = pacs.http, pacs.dicom
            local = im.Patient("L-700", "KIM^MIN", "19900909", "F", issuer="", accession="LOC7")
            for p in im.make_instances(os.path.join(tmp, "local"), local, 1):
                with open(p, "rb") as f:
                    http_post(http, "/instances", f.read())
            med = os.path.join(tmp, "medium")
            im.make_instances(med, im.Patient("EXT-70", "Kim^Min", "19900909", "F"), 3)
            peer = f"ORTHANC@127.0.0.1:{dicom}"
            mport, mout, record = ns.free_port(), os.path.join(tmp, "mpps-received"), os.path.join(tmp, "mpps-sent")
            mpps = subprocess.Popen([sys.executable, MPPS_SCP, "--port", str(mport), "--out", mout])
            if not ns.wait_port(mport, 20):
                raise RuntimeError("the MPPS SCP did not start")
            try:
                r, rep, elapsed = run(discus, tmp, 1, ["--dir", med, "--pacs", peer, "--patient-source", peer, "--commit",
                                                       "--commit-port", str(listen), "--commit-timeout", "30",
                                                       "--mpps", f"MPPS@127.0.0.1:{mport}", "--mpps-record", record])
            finally:
                mpps.terminate()
                mpps.wait(10)
            c = (rep or {}).get("commitment", {})
            ns.check(r.returncode == 0 and rep is not None and rep["outcomes"]["imported"] == 3,
                     f"commit: 3 imported (rc {r.returncode}) {r.stderr[-300:]}", failures)
            ns.check(c.get("requested") == 3 and c.get("committed") == 3 and c.get("all_committed") is True and c.get("failed") == []
                     and "new association from ORTHANC" in c.get("report_via", ""),
                     f"commit: Orthanc committed all 3 on its own association ({c}) in {elapsed:.1f} s", failures)
            files = [f for f in (rep or {}).get("files", []) if f["outcome"] == "imported"]
            ns.check(len(files) == 3 and all(f.get("commitment") == "committed" for f in files),
                     f"commit: each imported file says committed ({[f.get('commitment') for f in files]})", failures)
            check_mpps(rep, mout, record, failures)
            with open(os.path.join(tmp, "report1.txt")) as f:
                txt = f.read()
            ns.check("Storage Commitment of 3 instances" in txt and "3 committed" in txt, "commit: the text report says so", failures)

            # Scheduled import: the worklist's order reaches the Import PPS (dcmtk's wlmscpfs).
            wl, wport = start_wlmscpfs(tmp, [("L-800", "PARK^JI", "19850505", "F", "ACC-800")])
            mout2 = os.path.join(tmp, "mpps-received-2")
            mpps = subprocess.Popen([sys.executable, MPPS_SCP, "--port", str(mport), "--out", mout2])
            try:
                if not ns.wait_port(mport, 20):
                    raise RuntimeError("the MPPS SCP did not start")
                med3 = os.path.join(tmp, "medium3")
                im.make_instances(med3, im.Patient("EXT-80", "Park^Ji", "19850505", "F"), 2)
                r, rep, _ = run(discus, tmp, 3, ["--dir", med3, "--pacs", peer, "--mwl", f"WL@127.0.0.1:{wport}",
                                                 "--mpps", f"MPPS@127.0.0.1:{mport}"])
            finally:
                mpps.terminate()
                mpps.wait(10)
                wl.terminate()
                wl.wait(10)
            import pydicom
            created = os.path.join(mout2, "001-n-create.dcm")
            c = pydicom.dcmread(created) if os.path.exists(created) else None
            item = c.ScheduledStepAttributesSequence[0] if c is not None else None
            ns.check(r.returncode == 0 and item is not None and item.AccessionNumber == "ACC-800" and item.RequestedProcedureID == "RP0"
                     and item.ScheduledProcedureStepID == "SPS0" and c.PatientID == "L-800",
                     f"mpps: a scheduled import's N-CREATE carries the worklist order (accession, RP ID, SPS ID) "
                     f"({item if item is None else (item.AccessionNumber, item.RequestedProcedureID, item.ScheduledProcedureStepID)}) {r.stderr[-200:]}",
                     failures)

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
        u = subprocess.run([discus, "import", "--dir", med, "--out", os.path.join(tmp, "x"), "--commit"], capture_output=True, text=True, timeout=60)
        ns.check(u.returncode == 2 and "--commit" in u.stderr, f"--commit without --pacs: usage error ({u.returncode} {u.stderr.strip()})", failures)
    ns.finish(failures)


if __name__ == "__main__":
    main()
