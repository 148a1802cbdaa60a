#!/usr/bin/env python3
"""The burn flow's "find the study" on a PACS (issue 20): Debian's Orthanc on 127.0.0.1 holding two
invented studies (made from pydicom's CT_small.dcm with new UIDs and patients, stored through
Orthanc's REST API), a real discusd whose --config names it as [pacs.orthanc], and tst_pacs.qml
driving the kiosk: the node offered on the find screen, searched by name, by ID, by study date and
by accession number through POST /v1/nodes/orthanc/query, the matches compared with what Orthanc
holds, a study chosen and what to do said in words (no retrieve job in the API yet).
Usage: kiosk_pacs_test.py QUICKTEST DISCUSD TESTS_DIR
"""
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

import pydicom
from pydicom.uid import generate_uid

QUICKTEST, DISCUSD, TESTS = [os.path.abspath(a) for a in sys.argv[1:4]]
ORTHANC = "/usr/sbin/Orthanc"
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


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, timeout):
    deadline = time.time() + timeout
    while time.time() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return True
        time.sleep(0.1)
    return False


def answers(path):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        s.connect(path)
        return True
    except OSError:
        return False
    finally:
        s.close()


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
        http, dicom = free_port(), free_port()
        cfg = os.path.join(tmp, "orthanc.json")
        with open(cfg, "w") as f:
            json.dump({"Name": "KioskPacs", "StorageDirectory": os.path.join(tmp, "storage"), "IndexDirectory": os.path.join(tmp, "index"),
                       "HttpPort": http, "DicomPort": dicom, "DicomAet": "ORTHANC", "RemoteAccessAllowed": False,
                       "AuthenticationEnabled": False, "DicomCheckCalledAet": True, "Plugins": [], "SaveJobs": False,
                       "DicomAlwaysAllowEcho": True, "DicomAlwaysAllowFind": True}, f)
        olog = open(os.path.join(tmp, "orthanc.log"), "w+", errors="replace")
        orthanc = subprocess.Popen([ORTHANC, cfg], stdout=olog, stderr=olog, cwd=tmp)
        daemon = None
        try:
            if not check(wait_port(http, 60) and wait_port(dicom, 30), "Orthanc started"):
                olog.seek(0)
                print(olog.read()[-2000:])
                return 1
            for s in STUDIES:
                ds = pydicom.dcmread(CT)
                for k, v in s.items():
                    setattr(ds, k, v)
                ds.StudyInstanceUID, ds.SeriesInstanceUID = generate_uid(), generate_uid()
                ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID = generate_uid()
                path = os.path.join(tmp, s["PatientID"] + ".dcm")
                ds.save_as(path)
                req = urllib.request.Request(f"http://127.0.0.1:{http}/instances", data=open(path, "rb").read(), method="POST",
                                             headers={"Content-Type": "application/dicom"})
                with urllib.request.urlopen(req, timeout=30) as r:
                    check(r.status == 200, f"Orthanc stored the study of patient {s['PatientID']}")
            config = os.path.join(tmp, "discus.toml")
            with open(config, "w") as f:
                f.write(f'[pacs.orthanc]\nae_title = "ORTHANC"\nhost = "127.0.0.1"\nport = {dicom}\nroles = ["query"]\n\n'
                        f'[pacs.archive]\nae_title = "ARCHIVE"\nhost = "127.0.0.1"\nport = {dicom}\nroles = ["store-to"]\n')
            state, sock = os.path.join(tmp, "state"), os.path.join(tmp, "discusd.sock")
            dlog = open(os.path.join(tmp, "discusd.log"), "wb")
            daemon = subprocess.Popen([DISCUSD, "--state-dir", state, "--socket", sock, "--station", "kiosk-pacs", "--config", config,
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
            leaked = [l for l in out.splitlines() if "MUSTERMANN" in l.upper() and "PASS" not in l and "FAIL" not in l]
            check(not leaked, f"no patient data in the kiosk's own output ({leaked[:2]})")
        finally:
            if daemon:
                stop(daemon)
            stop(orthanc)
    print(f"{len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
