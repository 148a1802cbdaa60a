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

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import net_support as ns  # noqa: E402
from orthanc_server import OrthancServer  # noqa: E402


def main():
    discus = sys.argv[1]
    failures = []
    by_ts = ns.pydicom_files_by_syntax(per_syntax=2)
    files = [p for ps in by_ts.values() for p in ps]
    with tempfile.TemporaryDirectory(prefix="discus-net-orthanc-") as tmp, OrthancServer(tmp) as pacs:
        ns.check(True, "Orthanc started", failures)
        r = subprocess.run([discus, "echo", pacs.address], capture_output=True, text=True)
        ns.check(r.returncode == 0, f"discus echo to Orthanc: {r.stdout.strip()} {r.stderr.strip()}", failures)
        r = subprocess.run([discus, "echo", f"NOTORTHANC@127.0.0.1:{pacs.dicom}"], capture_output=True, text=True)
        ns.check(r.returncode == 2, f"discus echo calling the wrong AE title: exit 2 ({r.returncode}) {r.stderr.strip()}", failures)
        r = subprocess.run([discus, "send", "--json", "--to", pacs.address, *files], capture_output=True, text=True, timeout=300)
        ns.check(r.returncode == 0, f"discus send to Orthanc: rc {r.returncode} {r.stderr.strip()[-500:]}", failures)
        report = json.loads(r.stdout)
        ns.check(report["failed"] == 0 and report["sent"] == len(files), f"{report['sent']} of {len(files)} sent, per-file JSON", failures)
        ids = pacs.json("/instances")
        ns.check(len(ids) == len(files), f"Orthanc holds {len(ids)} instances ({len(files)} sent)", failures)
        import pydicom
        sent = {str(pydicom.dcmread(p, stop_before_pixels=True).SOPInstanceUID): p for p in files}
        stored = os.path.join(tmp, "from-orthanc")
        os.makedirs(stored)
        for i in ids:
            uid = pacs.json(f"/instances/{i}/simplified-tags").get("SOPInstanceUID", "")
            path = os.path.join(stored, uid + ".dcm")
            with open(path, "wb") as f:
                f.write(pacs.get(f"/instances/{i}/file"))
            if uid not in sent:
                ns.check(False, f"Orthanc instance {uid} was sent", failures)
                continue
            d = ns.differences(sent[uid], path)
            ns.check(not d, f"{os.path.basename(sent[uid])} equal element by element in Orthanc {d[:3]}", failures)
    ns.finish(failures)


if __name__ == "__main__":
    main()
