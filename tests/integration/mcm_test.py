#!/usr/bin/env python3
"""Media Creation Management (PS3.4 Annex S, issue 16 item 2) through a client no one here wrote:
dcmjs-dimse (tests/mcm-client, pinned in its package-lock.json) asks a real discusd with its DICOM
listener and a stdio: burner.

  1. a study (3 CT instances made from pydicom's CT_small.dcm) goes in by dcmtk's storescu;
  2. N-CREATE a request for 2 copies of STD-GEN-CD (label text, File-set ID, no display
     application, preserve instances), N-ACTION initiate, N-GET: IDLE before, PENDING/CREATING
     while the queue works, DONE with 2 pieces at the end; the job (submitted by dicom:RIS) made
     2 verified copies on the stdio: drive, each its own image, without VIEWER/ (Include Display
     Application NO) and with the File-set ID asked for;
  3. a request for a profile we refuse (STD-GEN-SEC-CD: secure, and STD-NO-SUCH-CD: none) gets
     N-CREATE Success, N-ACTION Success, then N-GET FAILURE / NOT_SUPPORTED with a Failed SOP
     Sequence, and no job;
  4. a request for an instance never sent: FAILURE / NO_INSTANCE; cancel of a completed request:
     C201H; of an unknown one: 0112H; N-SET: 0211H; N-CREATE of an initiated UID: A510H.

usage: mcm_test.py DISCUSD CLIENT_DIR      (exit 77: no node/npm or no dcmjs-dimse installed)
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from store_support import Daemon, check, failures, make_study, storescu, wait_for  # noqa: E402

MCM = "1.2.840.10008.5.1.1.33"
ROOT = "1.2.826.0.1.3680043.10.1137.16"  # test UIDs of this file


def scu(port, requests, calling="RIS"):
    plan = {"host": "127.0.0.1", "port": port, "calling": calling, "called": "DISCUS", "requests": requests}
    r = subprocess.run(["node", os.path.join(CLIENT, "mcm_scu.mjs"), json.dumps(plan)], capture_output=True, text=True,
                       timeout=120)
    if r.returncode != 0:
        print(r.stdout, r.stderr)
        return None
    return json.loads(r.stdout.strip().splitlines()[-1])


def references(uids, profile):
    items = []
    for u in uids:
        item = {"ReferencedSOPClassUID": "1.2.840.10008.5.1.4.1.1.2", "ReferencedSOPInstanceUID": u}
        if profile:
            item["RequestedMediaApplicationProfile"] = profile
        items.append(item)
    return items


def state(rsp):
    ds = (rsp or {}).get("dataset") or {}
    return ds.get("ExecutionStatus"), ds.get("ExecutionStatusInfo"), ds.get("TotalNumberOfPiecesOfMediaCreated")


def main():
    global CLIENT
    discusd, CLIENT = sys.argv[1], sys.argv[2]
    if shutil.which("node") is None or not os.path.isdir(os.path.join(CLIENT, "node_modules", "dcmjs-dimse")):
        print("skipped: no node or no dcmjs-dimse (npm ci in tests/mcm-client)")
        return 77
    tmp = tempfile.mkdtemp(prefix="discus-mcm-")
    d = None
    try:
        burner = os.path.join(tmp, "disc.iso")
        d = Daemon(discusd, tmp, "mcm", extra=["--drive", "stdio:" + burner])
        # 1. the instances, by C-STORE beforehand (PS3.4 S.1)
        _, paths = make_study(os.path.join(tmp, "study"), 3, "MCM TEST")
        import pydicom
        uids = [pydicom.dcmread(p, stop_before_pixels=True).SOPInstanceUID for p in paths]
        r = storescu(d.port, "RIS", paths)
        check(r.returncode == 0, f"storescu sent the 3 instances ({r.returncode})")

        # 2. two copies of STD-GEN-CD
        req = ROOT + ".1"
        create = {"ReferencedSOPSequence": references(uids, "STD-GEN-CD"), "LabelText": "MCM TEST CT",
                  "StorageMediaFileSetID": "MCMTEST", "IncludeDisplayApplication": "NO",
                  "PreserveCompositeInstancesAfterMediaCreation": "YES"}
        started = time.time()
        out = scu(d.port, [{"op": "create", "uid": req, "dataset": create}, {"op": "get", "uid": req},
                           {"op": "initiate", "uid": req, "dataset": {"NumberOfCopies": "2", "RequestPriority": "HIGH"}},
                           {"op": "get", "uid": req}])
        check(out is not None and len(out) == 4, f"dcmjs-dimse: N-CREATE, N-GET, N-ACTION, N-GET answered ({out})")
        if not out or len(out) != 4:
            return 1
        check(out[0]["status"] == 0 and out[0]["uid"] == req, f"N-CREATE: Success, the instance named ({out[0]})")
        check(state(out[1])[:2] == ("IDLE", "NORMAL"), f"N-GET before the initiate: IDLE/NORMAL ({state(out[1])})")
        check(out[1]["dataset"].get("LabelText") == "MCM TEST CT", "N-GET returns the request's Label Text")
        check(out[2]["status"] == 0, f"N-ACTION initiate: Success ({out[2]})")
        check(state(out[3])[0] in ("PENDING", "CREATING", "DONE"), f"N-GET after: scheduled ({state(out[3])})")
        seen = [state(out[3])]

        def done():
            g = scu(d.port, [{"op": "get", "uid": req}])
            s = state(g[0]) if g else (None, None, None)
            if s != seen[-1]:
                seen.append(s)
            return s[0] in ("DONE", "FAILURE")
        wait_for(done, 240, step=0.5)
        elapsed = time.time() - started
        print(f"N-GET states in order: {seen}  ({elapsed:.1f} s to {seen[-1][0]})")
        check(seen[-1] == ("DONE", "NORMAL", 2), f"N-GET at the end: DONE/NORMAL, 2 pieces of media ({seen[-1]})")
        check(any(s[0] in ("PENDING", "CREATING") for s in seen), "N-GET reported progress before DONE")
        pieces = [s[2] for s in seen if s[2] is not None]
        check(pieces == sorted(pieces), f"Total Number of Pieces of Media Created only grows ({pieces})")
        status, jobs = d.get("/v1/jobs")
        mine = [j for j in (jobs or []) if j.get("submitted_by") == "dicom:RIS"]
        check(len(mine) == 1, f"one job submitted by dicom:RIS ({len(mine)})")
        if mine:
            _, job = d.get(f"/v1/jobs/{mine[0]['id']}")
            spec = job["spec"]["author"]
            check(job["state"] == "done" and len(job["copies"]) == 2 and all(c["verified"] for c in job["copies"]),
                  f"the job made 2 verified copies ({job['state']}, {[c['state'] for c in job['copies']]})")
            check(spec["profile"] == "STD-GEN-CD" and spec["copies"] == 2 and job["priority"] == 1,
                  "the job has the profile, copies and priority asked for")
            check(spec["label"]["label_text"] == "MCM TEST CT" and spec["preserve_composite_instances"] and
                  not spec["include_display_application"] and spec["fileset_id"] == "MCMTEST",
                  "label, preserve, display application and File-set ID passed on")
        ejected = sorted(os.listdir(burner + ".ejected")) if os.path.isdir(burner + ".ejected") else []
        check(len(ejected) == 2, f"two discs burnt on the stdio: drive ({ejected})")
        if ejected:
            iso = os.path.join(burner + ".ejected", ejected[0])
            listing = subprocess.run(["isoinfo", "-l", "-i", iso], capture_output=True, text=True).stdout
            check("DICOMDIR.;1" in listing and "VIEWER" not in listing,
                  "isoinfo: the disc has a DICOMDIR and no VIEWER/ (Include Display Application NO)")
            x = subprocess.run(["isoinfo", "-i", iso, "-x", "/DICOMDIR.;1"], capture_output=True)
            dicomdir = os.path.join(tmp, "DICOMDIR")
            open(dicomdir, "wb").write(x.stdout)
            fsid = pydicom.dcmread(dicomdir).get("FileSetID", "") if x.returncode == 0 and x.stdout else ""
            check(fsid == "MCMTEST", f"the DICOMDIR's File-set ID is the one asked for ({fsid!r})")

        # 3. a refused profile: Success, Success, then FAILURE / NOT_SUPPORTED through N-GET
        for n, profile in ((2, "STD-GEN-SEC-CD"), (3, "STD-NO-SUCH-CD")):
            uid = f"{ROOT}.{n}"
            out = scu(d.port, [{"op": "create", "uid": uid, "dataset": {"ReferencedSOPSequence": references(uids, profile)}},
                               {"op": "initiate", "uid": uid, "dataset": {"NumberOfCopies": "1"}},
                               {"op": "get", "uid": uid}])
            ok = out and len(out) == 3
            check(ok and out[0]["status"] == 0 and out[1]["status"] == 0,
                  f"{profile}: N-CREATE and N-ACTION answer Success (S.3.2.1.3, S.3.2.2.3)")
            if ok:
                check(state(out[2])[:2] == ("FAILURE", "NOT_SUPPORTED"), f"{profile}: N-GET FAILURE/NOT_SUPPORTED ({state(out[2])})")
                failed = out[2]["dataset"].get("FailedSOPSequence") or []
                check(len(failed) == 3 and {f.get("ReferencedSOPInstanceUID") for f in failed} == set(uids),
                      f"{profile}: the Failed SOP Sequence names the 3 instances")
        _, jobs = d.get("/v1/jobs")
        check(len([j for j in jobs if j.get("submitted_by") == "dicom:RIS"]) == 1, "a refused request queued no job")

        # 4. the other statuses
        uid = f"{ROOT}.4"
        out = scu(d.port, [{"op": "create", "uid": uid,
                            "dataset": {"ReferencedSOPSequence": references([uids[0], ROOT + ".999"], "STD-GEN-CD")}},
                           {"op": "initiate", "uid": uid}, {"op": "get", "uid": uid},
                           {"op": "create", "uid": uid, "dataset": {"ReferencedSOPSequence": references(uids, "")}},
                           {"op": "cancel", "uid": req}, {"op": "get", "uid": ROOT + ".998"},
                           {"op": "set", "uid": req, "dataset": {"LabelText": "x"}}])
        if check(out and len(out) == 7, f"7 more answers ({out})"):
            check(state(out[2])[:2] == ("FAILURE", "NO_INSTANCE"), f"an instance never sent: FAILURE/NO_INSTANCE ({state(out[2])})")
            f = (out[2]["dataset"].get("FailedSOPSequence") or [{}])[0]
            check(f.get("ReferencedSOPInstanceUID") == ROOT + ".999" and f.get("FailureReason") == 0x0112,
                  f"... its Failed SOP Sequence item: no such object instance 0112H ({f})")
            check(out[3]["status"] == 0xA510, f"N-CREATE of an initiated instance: A510H ({out[3]['status']:04X})")
            check(out[4]["status"] == 0xC201, f"cancel of a completed request: C201H ({out[4]['status']:04X})")
            check(out[5]["status"] == 0x0112, f"N-GET of an unknown instance: 0112H ({out[5]['status']:04X})")
            check(out[6]["status"] == 0x0211, f"N-SET: 0211H, not defined for the SOP class ({out[6]['status']:04X})")
        log = d.text()
        check("Media Creation Management from RIS: N-CREATE-RQ" in log, "discusd logs each request (no PHI)")
    finally:
        if d:
            d.stop()
        if not failures:
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            print(f"kept {tmp} for a look")
    print(f"{'FAILED' if failures else 'passed'}: {len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
