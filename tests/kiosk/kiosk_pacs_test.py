#!/usr/bin/env python3
"""The burn flow's "find the study" on a PACS (issue 20): Debian's Orthanc on 127.0.0.1 holding two
invented studies (made from pydicom's CT_small.dcm with new UIDs and patients, stored through
Orthanc's REST API) and knowing the station as a Move Destination; a real discusd with a DICOM
listener and a stdio: drive whose --config names Orthanc twice, [pacs.orthanc] (query, retrieve)
and [pacs.queryonly], and tst_pacs.qml driving the kiosk: the nodes offered on the find screen,
searched by name, ID, study date and accession number through POST /v1/nodes/NAME/query, the
matches compared with what Orthanc holds; a study fetched by POST /v1/nodes/orthanc/retrieve
(C-MOVE into the store) and burnt from the store to a verified disc; a node without the retrieve
role says what to do in words.
Usage: kiosk_pacs_test.py QUICKTEST DISCUSD TESTS_DIR
"""
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import pydicom
from pydicom.uid import generate_uid

QUICKTEST, DISCUSD, TESTS = [os.path.abspath(a) for a in sys.argv[1:4]]
sys.path.insert(0, os.path.join(TESTS, "..", "support"))
from orthanc_server import OrthancServer  # noqa: E402
from service_client import answers, free_port, request  # noqa: E402
CT = "/usr/lib/python3/dist-packages/pydicom/data/test_files/CT_small.dcm"
STUDIES = [  # invented people
    {"PatientName": "MUSTERMANN^ERIKA", "PatientID": "4711", "PatientBirthDate": "19640812", "StudyDate": "20261201",
     "AccessionNumber": "ACC-1001", "StudyDescription": "CT Thorax"},
    {"PatientName": "DUPONT^JEAN", "PatientID": "4712", "PatientBirthDate": "19580301", "StudyDate": "20250114",
     "AccessionNumber": "ACC-1002", "StudyDescription": "CT Abdomen"},
]
failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what, flush=True)
    if not cond:
        failures.append(what)
    return bool(cond)


def stop(proc):
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def main():
    with tempfile.TemporaryDirectory(prefix="discus-kiosk-pacs-") as tmp:
        station = free_port()
        pacs = OrthancServer(tmp, name="KioskPacs", extra={
            "DicomAlwaysAllowEcho": True, "DicomAlwaysAllowFind": True, "DicomAlwaysAllowMove": True,
            "DicomModalities": {"kiosk": ["DISCUS", "127.0.0.1", station]}})
        daemon = None
        try:
            try:
                pacs.start()
            except RuntimeError as e:
                check(False, f"Orthanc started: {e}")
                return 1
            for s in STUDIES:
                ds = pydicom.dcmread(CT)
                for k, v in s.items():
                    setattr(ds, k, v)
                ds.StudyInstanceUID, ds.SeriesInstanceUID = generate_uid(), generate_uid()
                ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID = generate_uid()
                path = os.path.join(tmp, s["PatientID"] + ".dcm")
                ds.save_as(path)
                doc = pacs.post("/instances", open(path, "rb").read())
                check(doc and doc.get("Status") == "Success", f"Orthanc stored the study of patient {s['PatientID']} ({doc})")
            config = os.path.join(tmp, "discus.toml")
            with open(config, "w") as f:
                f.write(f'[pacs.orthanc]\nae_title = "ORTHANC"\nhost = "127.0.0.1"\nport = {pacs.dicom}\ncalling_ae_title = "DISCUS"\n'
                        f'roles = ["query", "retrieve"]\n\n'
                        f'[pacs.queryonly]\nae_title = "ORTHANC"\nhost = "127.0.0.1"\nport = {pacs.dicom}\nroles = ["query"]\n\n'
                        f'[pacs.archive]\nae_title = "ARCHIVE"\nhost = "127.0.0.1"\nport = {pacs.dicom}\nroles = ["store-to"]\n')
            state, sock = os.path.join(tmp, "state"), os.path.join(tmp, "discusd.sock")
            dlog = open(os.path.join(tmp, "discusd.log"), "wb")
            daemon = subprocess.Popen([DISCUSD, "--state-dir", state, "--socket", sock, "--station", "kiosk-pacs", "--config", config,
                                       "--aet", "DISCUS", "--dicom-port", str(station),
                                       "--drive", "stdio:" + os.path.join(tmp, "drive1.iso")], stdout=dlog, stderr=dlog)
            deadline = time.time() + 20
            while not answers(sock) and daemon.poll() is None and time.time() < deadline:
                time.sleep(0.05)
            if not check(answers(sock), "discusd started with [pacs.orthanc]"):
                print(open(dlog.name, errors="replace").read()[-2000:])
                return 1
            env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_QUICK_BACKEND="software", DISCUS_SOCKET=sock,
                       DISCUS_KIOSK_STATE=os.path.join(tmp, "kiosk-state"), DISCUS_TEST_STUDIES=json.dumps(STUDIES))
            env.pop("QT_IM_MODULE", None)
            t0 = time.time()
            p = subprocess.run([QUICKTEST, "-input", os.path.join(TESTS, "tst_pacs.qml")], env=env, cwd=tmp,
                               capture_output=True, text=True, timeout=200)
            out = p.stdout + p.stderr
            summary = re.findall(r"^Totals: .*$", out, re.M)
            check(p.returncode == 0, f"tst_pacs: {summary[-1] if summary else 'no totals'} ({time.time() - t0:.1f} s)")
            if p.returncode != 0:
                print(out[-5000:])
            # what the kiosk did, as the service recorded it: the study fetched into the store and
            # burnt from the store's folder to a verified copy
            status, jobs = request(sock, "GET", "/v1/jobs")
            burnt = [request(sock, "GET", f"/v1/jobs/{j['id']}")[1] for j in jobs or [] if j.get("kind") == "author"]
            status, stored = request(sock, "GET", "/v1/store/studies?patient_id=4712")
            folder = (stored or [{}])[0].get("folder") if stored else None
            check(folder and burnt and burnt[-1]["state"] == "done" and burnt[-1]["spec"]["author"]["inputs"] == [folder]
                  and all(c["state"] == "done" for c in burnt[-1]["copies"]),
                  f"the fetched study burnt from the store's folder {folder} to a verified copy "
                  f"({[(j['id'], j['state'], j['spec']['author']['inputs']) for j in burnt]})")
            leaked = [l for l in out.splitlines() if "MUSTERMANN" in l.upper() and "PASS" not in l and "FAIL" not in l]
            check(not leaked, f"no patient data in the kiosk's own output ({leaked[:2]})")
        finally:
            if daemon:
                stop(daemon)
            pacs.stop()
            if failures:
                print(pacs.log_tail(1500))
    print(f"{len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
