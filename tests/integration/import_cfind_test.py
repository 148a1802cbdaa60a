#!/usr/bin/env python3
"""Unscheduled import reconciled through the PACS itself: `discus import --patient-source
AET@HOST:PORT` asks Debian's Orthanc (started here on 127.0.0.1, holding the local patient) with a
Patient Root C-FIND at PATIENT level (PS3.4 C.6.1), then sends to the same Orthanc.

Shown: the outside patient whose name (other case), birth date and sex agree with Orthanc's
patient is coerced to the local Patient ID and lands under it in Orthanc (REST API), the foreign ID
in Other Patient IDs Sequence; an outside patient with the same name but another birth date is
held with the candidate shown, and none of it reaches Orthanc; two outside patients sharing a
Patient ID are never merged; --patient-source with --mwl is a usage error.

  import_cfind_test.py path/to/discus
"""
import json
import os
import subprocess
import sys
import tempfile
import urllib.request
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "support"))
import net_support as ns  # noqa: E402
import import_media as im  # noqa: E402

from orthanc_server import OrthancServer  # noqa: E402

# Orthanc answers C-FIND from any AE (1.10 asks DicomAlwaysAllowFind for unknown ones).
ORTHANC_EXTRA = {"DicomAlwaysAllowEcho": True, "DicomAlwaysAllowStore": True, "DicomAlwaysAllowFind": True}


def http_get(port, path):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30) as r:
        return json.loads(r.read())


def http_post(port, path, body):
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=body, method="POST")
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.loads(r.read())


def patient_instances(http, patient_id):
    found = http_post(http, "/tools/find", json.dumps({"Level": "Instance", "Query": {"PatientID": patient_id}}).encode())
    return found


def main():
    discus = sys.argv[1]
    failures = []
    warnings.simplefilter("ignore")
    import pydicom
    with tempfile.TemporaryDirectory(prefix="discus-import-cfind-") as tmp:
        with OrthancServer(tmp, name="DiscusImportSrc", extra=ORTHANC_EXTRA) as pacs:
            http, dicom = pacs.http, pacs.dicom
            # The local patient, as the PACS holds it (one earlier study).
            local = im.Patient("L-500", "SMITH^ANNA", "19720707", "F", issuer="", accession="LOC1")
            for p in im.make_instances(os.path.join(tmp, "local"), local, 1):
                with open(p, "rb") as f:
                    http_post(http, "/instances", f.read())
            anna = im.Patient("EXT-9", "Smith^Anna", "19720707", "F")
            other = im.Patient("EXT-9", "Smith^Anna", "19720708", "F")  # same foreign ID, other birth date
            med = os.path.join(tmp, "medium")
            im.make_instances(os.path.join(med, "a"), anna, 3)
            im.make_instances(os.path.join(med, "b"), other, 2)
            peer = f"ORTHANC@127.0.0.1:{dicom}"
            prefix = os.path.join(tmp, "report")
            r = subprocess.run([discus, "import", "--dir", med, "--pacs", peer, "--patient-source", peer, "--local-issuer", "HOSP",
                                "--report", prefix, "--ledger", os.path.join(tmp, "ledger.sqlite")], capture_output=True, text=True, timeout=120)
            rep = json.load(open(prefix + ".json")) if os.path.exists(prefix + ".json") else None
            ns.check(rep is not None and rep["outcomes"]["imported"] == 3 and rep["outcomes"]["held"] == 2 and r.returncode == 1,
                     f"C-FIND source: 3 imported, 2 held (rc {r.returncode}, {rep and rep['outcomes']}) {r.stderr[-300:]}", failures)
            inst = patient_instances(http, "L-500")
            ns.check(len(inst) == 4, f"Orthanc holds 4 instances under L-500 (1 local + 3 imported): {len(inst)}", failures)
            imported = []
            for i in inst:
                with urllib.request.urlopen(f"http://127.0.0.1:{http}/instances/{i}/file", timeout=30) as resp:
                    path = os.path.join(tmp, "fetched.dcm")
                    with open(path, "wb") as f:
                        f.write(resp.read())
                ds = pydicom.dcmread(path)
                if "OtherPatientIDsSequence" in ds:
                    imported.append(ds)
            ok = len(imported) == 3 and all(d.PatientID == "L-500" and d.IssuerOfPatientID == "HOSP" and str(d.PatientName) == "SMITH^ANNA"
                                            and d.OtherPatientIDsSequence[0].PatientID == "EXT-9" for d in imported)
            ns.check(ok, f"C-FIND source: coerced to Orthanc's patient ({[(d.PatientID, str(d.PatientName)) for d in imported]})", failures)
            held = [p for p in (rep or {}).get("patients", []) if p.get("hold")]
            cands = held[0].get("candidates", []) if held else []
            ns.check(len(held) == 1 and held[0]["foreign"]["birth_date"] == "19720708" and any(c["patient_id"] == "L-500" for c in cands)
                     and "birth date" in held[0].get("hold_reason", ""),
                     f"C-FIND source: the other birth date is held, L-500 shown as candidate ({held[:1]})", failures)
            ns.check(len(http_get(http, "/patients")) == 1, "nothing of the held patient reached Orthanc (one patient there)", failures)
            source = rep["patients"][0]["local"]["source"] if rep and rep["patients"] and rep["patients"][0]["local"] else ""
            ns.check(source.startswith("C-FIND ORTHANC@"), f"the report names the C-FIND source ({source})", failures)
            u = subprocess.run([discus, "import", "--dir", med, "--dry-run", "--patient-source", peer, "--mwl", peer],
                               capture_output=True, text=True, timeout=60)
            ns.check(u.returncode == 2 and "one demographics source" in u.stderr, f"two sources: usage error ({u.returncode} {u.stderr.strip()})", failures)
    ns.finish(failures)


if __name__ == "__main__":
    main()
