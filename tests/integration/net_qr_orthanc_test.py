#!/usr/bin/env python3
"""Issue 16 "Must show", Query/Retrieve part: Debian's Orthanc on 127.0.0.1 (temporary
configuration that knows our `discus store-scp` as the Move Destination DISCUSDEST), loaded with
two studies built here from pydicom's CT_small/MR_small (explicit and implicit VR) through
`discus send`. Then:
  - `discus find` at PATIENT (Patient Root), STUDY, SERIES and IMAGE level (Study Root): wild
    cards, a list of UIDs, a date range; every answer compared with what Orthanc's REST API says;
  - `discus move` of one study to DISCUSDEST and `discus get` of it into a folder: every instance
    Orthanc holds for the study arrives, equal element by element (pydicom) to Orthanc's file;
  - C-MOVE to an AE Orthanc does not know: A801H, exit 1.

  net_qr_orthanc_test.py path/to/discus
"""
import glob
import json
import os
import subprocess
import sys
import tempfile
import urllib.request
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import net_support as ns  # noqa: E402
from orthanc_server import OrthancServer  # noqa: E402

STUDY1 = "1.2.826.0.1.3680043.10.1011.100.1"
STUDY2 = "1.2.826.0.1.3680043.10.1011.100.2"
STUDY3 = "1.2.826.0.1.3680043.10.1011.100.3"


def get(http, path, data=None):
    req = urllib.request.Request(f"http://127.0.0.1:{http}{path}", data=data)
    with urllib.request.urlopen(req, timeout=30) as r:
        return r.read()


def make_studies(out):
    """Three studies of two patients: (study uid, patient id, date, [(source file, series, implicit?)])."""
    import pydicom
    from pydicom.uid import ImplicitVRLittleEndian
    warnings.simplefilter("ignore")
    plan = [
        (STUDY1, "QR001", "QR^ONE", "20260315", [("CT_small.dcm", 1, False), ("CT_small.dcm", 1, True), ("MR_small.dcm", 2, False),
                                                 ("MR_small.dcm", 2, False), ("MR_small.dcm", 3, True)]),
        (STUDY2, "QR001", "QR^ONE", "20261111", [("CT_small.dcm", 1, False), ("MR_small.dcm", 2, False)]),
        (STUDY3, "QR002", "QR^TWO", "20250101", [("CT_small.dcm", 1, False)]),
    ]
    paths = []
    for s, (study, pid, name, date, items) in enumerate(plan):
        for i, (src, series, implicit) in enumerate(items):
            ds = pydicom.dcmread(ns.PYDICOM_FILES + src)
            ds.PatientID, ds.PatientName, ds.StudyInstanceUID, ds.StudyDate = pid, name, study, date
            ds.SeriesInstanceUID = f"{study}.{series}"
            ds.SeriesNumber = series
            ds.InstanceNumber = i + 1
            ds.SOPInstanceUID = f"{study}.{series}.{i + 1}"
            ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
            ds.AccessionNumber = f"ACC{s}"
            if implicit:
                ds.file_meta.TransferSyntaxUID = ImplicitVRLittleEndian
            p = os.path.join(out, f"s{s}_{i}.dcm")
            ds.save_as(p, write_like_original=False)
            paths.append(p)
    return plan, paths


def find_json(discus, port, level, keys, extra=()):
    args = [discus, "find", "--to", f"ORTHANC@127.0.0.1:{port}", "--level", level, "--json", *extra]
    for k in keys:
        args += ["-k", k]
    r = subprocess.run(args, capture_output=True, text=True, timeout=60)
    return r, (json.loads(r.stdout) if r.returncode == 0 else [])


def values(matches, tag):
    out = []
    for m in matches:
        v = m.get(tag, {}).get("Value", [""])[0]
        out.append(v["Alphabetic"] if isinstance(v, dict) else v)
    return sorted(out)


def compare_folder(http, folder, study, failures, what):
    """Every instance Orthanc holds for `study` is in `folder`, equal element by element."""
    oid = json.loads(get(http, "/tools/lookup", study.encode()))[0]["ID"]
    ids = json.loads(get(http, f"/studies/{oid}/instances"))
    got = ns.received_by_uid(folder)
    ns.check(len(got) == len(ids), f"{what}: {len(got)} instances received, Orthanc holds {len(ids)}", failures)
    ref = os.path.join(folder + "-orthanc")
    os.makedirs(ref, exist_ok=True)
    for inst in ids:
        uid = inst["MainDicomTags"]["SOPInstanceUID"]
        p = os.path.join(ref, uid + ".dcm")
        with open(p, "wb") as f:
            f.write(get(http, f"/instances/{inst['ID']}/file"))
        if uid not in got:
            ns.check(False, f"{what}: {uid} received", failures)
            continue
        d = ns.differences(p, got[uid])
        ns.check(not d, f"{what}: {uid} equal element by element to Orthanc's file {d[:3]}", failures)


def main():
    discus = sys.argv[1]
    failures = []
    with tempfile.TemporaryDirectory(prefix="discus-net-qr-") as tmp:
        src = os.path.join(tmp, "src")
        os.makedirs(src)
        plan, files = make_studies(src)
        moved = os.path.join(tmp, "moved")
        os.makedirs(moved)
        scp = ns.Scp(discus, moved, aet="DISCUSDEST")
        pacs = OrthancServer(tmp, name="DiscusQR", extra={
            "DicomAlwaysAllowEcho": True, "DicomAlwaysAllowStore": True, "DicomAlwaysAllowFind": True,
            "DicomAlwaysAllowGet": True, "DicomAlwaysAllowMove": True,
            "DicomModalities": {"discusdest": ["DISCUSDEST", "127.0.0.1", scp.port], "discus": ["DISCUS", "127.0.0.1", 104]},
        })
        try:
            pacs.start()
            http, dicom = pacs.http, pacs.dicom
            r = subprocess.run([discus, "send", "--to", f"ORTHANC@127.0.0.1:{dicom}", *files], capture_output=True, text=True, timeout=120)
            ns.check(r.returncode == 0, f"{len(files)} instances sent to Orthanc {r.stderr.strip()[-300:]}", failures)

            # PATIENT level (Patient Root): wild card on Patient ID.
            r, m = find_json(discus, dicom, "PATIENT", ["PatientID=QR*", "PatientName"])
            want = sorted(json.loads(get(http, "/tools/find", json.dumps({"Level": "Patient", "Query": {"PatientID": "QR*"}, "Expand": True}).encode())),
                          key=lambda p: p["MainDicomTags"]["PatientID"])
            ns.check(r.returncode == 0 and values(m, "00100020") == [p["MainDicomTags"]["PatientID"] for p in want] == ["QR001", "QR002"],
                     f"PATIENT level QR*: {values(m, '00100020')} {r.stderr.strip()}", failures)
            ns.check(values(m, "00100010") == ["QR^ONE", "QR^TWO"], f"patient names returned: {values(m, '00100010')}", failures)
            # STUDY level (Study Root): by patient, by a list of UIDs, by a date range.
            r, m = find_json(discus, dicom, "STUDY", ["PatientID=QR001", "StudyDate", "AccessionNumber"])
            ns.check(r.returncode == 0 and values(m, "0020000D") == sorted([STUDY1, STUDY2]), f"STUDY level by patient: {values(m, '0020000D')}", failures)
            ns.check(values(m, "00080020") == ["20260315", "20261111"], f"study dates returned: {values(m, '00080020')}", failures)
            r, m = find_json(discus, dicom, "STUDY", [f"StudyInstanceUID={STUDY1}\\{STUDY3}"])
            ns.check(r.returncode == 0 and values(m, "0020000D") == sorted([STUDY1, STUDY3]), f"STUDY level, list of UIDs: {values(m, '0020000D')}", failures)
            r, m = find_json(discus, dicom, "STUDY", ["StudyDate=20260101-20261231", "PatientID"])
            ns.check(r.returncode == 0 and values(m, "0020000D") == sorted([STUDY1, STUDY2]), f"STUDY level, date range: {values(m, '0020000D')}", failures)
            r, m = find_json(discus, dicom, "STUDY", ["StudyDate=-20251231"])
            ns.check(r.returncode == 0 and values(m, "0020000D") == [STUDY3], f"STUDY level, open date range: {values(m, '0020000D')}", failures)
            # Patient Root at STUDY level needs the Patient ID (hierarchical, PS3.4 C.4.1.3.1.1).
            r, m = find_json(discus, dicom, "STUDY", ["PatientID=QR002"], extra=["-P"])
            ns.check(r.returncode == 0 and values(m, "0020000D") == [STUDY3], f"Patient Root STUDY level: {values(m, '0020000D')}", failures)
            # SERIES and IMAGE levels.
            r, m = find_json(discus, dicom, "SERIES", [f"StudyInstanceUID={STUDY1}", "Modality", "SeriesNumber"])
            ns.check(r.returncode == 0 and values(m, "0020000E") == sorted(f"{STUDY1}.{n}" for n in (1, 2, 3)),
                     f"SERIES level: {values(m, '0020000E')}", failures)
            r, m = find_json(discus, dicom, "IMAGE", [f"StudyInstanceUID={STUDY1}", f"SeriesInstanceUID={STUDY1}.2", "InstanceNumber"])
            ns.check(r.returncode == 0 and values(m, "00080018") == sorted([f"{STUDY1}.2.3", f"{STUDY1}.2.4"]), f"IMAGE level: {values(m, '00080018')}", failures)
            # Text output, dcmtk-like.
            r = subprocess.run([discus, "find", "--to", f"ORTHANC@127.0.0.1:{dicom}", "-k", "PatientID=QR002", "-k", "PatientName"],
                               capture_output=True, text=True, timeout=60)
            ns.check(r.returncode == 0 and "QR^TWO" in r.stdout and "1 match, 0000H Success" in r.stderr, f"text output: {r.stderr.strip()}", failures)

            # C-MOVE of study 1 to our store-scp.
            r = subprocess.run([discus, "move", "--to", f"ORTHANC@127.0.0.1:{dicom}", "--dest", "DISCUSDEST", "-k", f"StudyInstanceUID={STUDY1}"],
                               capture_output=True, text=True, timeout=120)
            ns.check(r.returncode == 0 and "completed 5, failed 0" in r.stderr, f"discus move: rc {r.returncode} {r.stderr.strip()}", failures)
            compare_folder(http, moved, STUDY1, failures, "C-MOVE")
            # C-GET of study 1 into a folder (--json outcome).
            got = os.path.join(tmp, "got")
            r = subprocess.run([discus, "get", "--json", "--to", f"ORTHANC@127.0.0.1:{dicom}", "--out", got, "-k", f"StudyInstanceUID={STUDY1}"],
                               capture_output=True, text=True, timeout=120)
            ns.check(r.returncode == 0, f"discus get: rc {r.returncode} {r.stderr.strip()}", failures)
            if r.returncode == 0:
                j = json.loads(r.stdout)
                ns.check(j["status"] == "0000" and j["completed"] == 5 and len(j["files"]) == 5, f"get --json: {j['status']} {j['completed']} {len(j['files'])} files", failures)
            compare_folder(http, got, STUDY1, failures, "C-GET")
            ns.check(not glob.glob(os.path.join(got, ".discus-incoming-*")), "no temporary files left by C-GET", failures)
            # C-GET at SERIES level, Patient Root.
            got2 = os.path.join(tmp, "got-series")
            r = subprocess.run([discus, "get", "--to", f"ORTHANC@127.0.0.1:{dicom}", "--out", got2, "--level", "SERIES", "-P",
                                "-k", "PatientID=QR001", "-k", f"StudyInstanceUID={STUDY1}", "-k", f"SeriesInstanceUID={STUDY1}.2"],
                               capture_output=True, text=True, timeout=120)
            ns.check(r.returncode == 0 and len(ns.received_by_uid(got2)) == 2, f"C-GET of one series (Patient Root): rc {r.returncode} {r.stderr.strip()}", failures)
            # A Move Destination Orthanc does not know.
            r = subprocess.run([discus, "move", "--to", f"ORTHANC@127.0.0.1:{dicom}", "--dest", "NOWHERE", "-k", f"StudyInstanceUID={STUDY1}"],
                               capture_output=True, text=True, timeout=120)
            ns.check(r.returncode == 1 and ("A801H" in r.stderr or "Failed" in r.stderr or "Refused" in r.stderr),
                     f"move to an unknown AE: rc {r.returncode} {r.stderr.strip()}", failures)
        finally:
            pacs.stop()
            scp.stop()
            if failures:
                print(pacs.log_tail(3000))
    ns.finish(failures)


if __name__ == "__main__":
    main()
