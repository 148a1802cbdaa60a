#!/usr/bin/env python3
"""Issue 15 "Must show", Orthanc part: Debian's Orthanc started on 127.0.0.1 with a temporary
configuration; `discus echo` and `discus send` (pydicom's test files, every transfer syntax they
carry) into it; its REST API lists the instances, and each one it stored equals the sent file
element by element (pydicom).

  net_orthanc_test.py path/to/discus
"""
import json
import os
import subprocess
import sys
import tempfile
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import net_support as ns  # noqa: E402

ORTHANC = "/usr/sbin/Orthanc"


def get(http, path):
    with urllib.request.urlopen(f"http://127.0.0.1:{http}{path}", timeout=30) as r:
        return r.read()


def main():
    discus = sys.argv[1]
    failures = []
    by_ts = ns.pydicom_files_by_syntax(per_syntax=2)
    files = [p for ps in by_ts.values() for p in ps]
    with tempfile.TemporaryDirectory(prefix="discus-net-orthanc-") as tmp:
        http, dicom = ns.free_port(), ns.free_port()
        config = {
            "Name": "DiscusTest", "StorageDirectory": os.path.join(tmp, "storage"), "IndexDirectory": os.path.join(tmp, "index"),
            "HttpPort": http, "DicomPort": dicom, "DicomAet": "ORTHANC", "RemoteAccessAllowed": False,
            "AuthenticationEnabled": False, "DicomCheckCalledAet": True, "UnknownSopClassAccepted": True,
            "StorageCompression": False, "Plugins": [], "HttpServerEnabled": True, "DicomServerEnabled": True,
            "ConcurrentJobs": 1, "SaveJobs": False,
        }
        cfg = os.path.join(tmp, "orthanc.json")
        with open(cfg, "w") as f:
            json.dump(config, f)
        log = open(os.path.join(tmp, "orthanc.log"), "w+")
        orthanc = subprocess.Popen([ORTHANC, cfg], stdout=log, stderr=log, cwd=tmp)
        try:
            ok = ns.wait_port(http, 60) and ns.wait_port(dicom, 30)
            ns.check(ok, "Orthanc started", failures)
            if not ok:
                log.seek(0)
                print(log.read()[-2000:])
                ns.finish(failures)
            r = subprocess.run([discus, "echo", f"ORTHANC@127.0.0.1:{dicom}"], capture_output=True, text=True)
            ns.check(r.returncode == 0, f"discus echo to Orthanc: {r.stdout.strip()} {r.stderr.strip()}", failures)
            r = subprocess.run([discus, "echo", f"NOTORTHANC@127.0.0.1:{dicom}"], capture_output=True, text=True)
            ns.check(r.returncode == 2, f"discus echo calling the wrong AE title: exit 2 ({r.returncode}) {r.stderr.strip()}", failures)
            r = subprocess.run([discus, "send", "--json", "--to", f"ORTHANC@127.0.0.1:{dicom}", *files], capture_output=True, text=True, timeout=300)
            ns.check(r.returncode == 0, f"discus send to Orthanc: rc {r.returncode} {r.stderr.strip()[-500:]}", failures)
            report = json.loads(r.stdout)
            ns.check(report["failed"] == 0 and report["sent"] == len(files), f"{report['sent']} of {len(files)} sent, per-file JSON", failures)
            ids = json.loads(get(http, "/instances"))
            ns.check(len(ids) == len(files), f"Orthanc holds {len(ids)} instances ({len(files)} sent)", failures)
            import pydicom
            sent = {str(pydicom.dcmread(p, stop_before_pixels=True).SOPInstanceUID): p for p in files}
            stored = os.path.join(tmp, "from-orthanc")
            os.makedirs(stored)
            for i in ids:
                tags = json.loads(get(http, f"/instances/{i}/simplified-tags"))
                uid = tags.get("SOPInstanceUID", "")
                path = os.path.join(stored, uid + ".dcm")
                with open(path, "wb") as f:
                    f.write(get(http, f"/instances/{i}/file"))
                if uid not in sent:
                    ns.check(False, f"Orthanc instance {uid} was sent", failures)
                    continue
                d = ns.differences(sent[uid], path)
                ns.check(not d, f"{os.path.basename(sent[uid])} equal element by element in Orthanc {d[:3]}", failures)
        finally:
            orthanc.terminate()
            try:
                orthanc.wait(30)
            except subprocess.TimeoutExpired:
                orthanc.kill()
                orthanc.wait()
    ns.finish(failures)


if __name__ == "__main__":
    main()
