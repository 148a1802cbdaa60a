#!/usr/bin/env python3
"""Issue 17 (importfast): what an import writes and what it refuses, against real components.

A medium with pydicom's real charset files (a Latin-1 French name, a Japanese ISO 2022 IR 87
name), an ASCII CT, a "viewer" carrying a made-up malware pattern and a clean README is imported
through dcmtk's wlmscpfs (local names in UTF-8 with ideographic groups the outside repertoires
cannot hold) into dcmtk's storescp (-v logs every association; +uf keeps every file):

- ClamAV (Debian's clamscan, a signature database made here: no internet) finds the viewer,
  which is accounted as not DICOM with the signature's name and never sent; the README is clean;
- the three instances go out over ONE association (every context negotiated up front);
- each received instance declares a Specific Character Set that holds its local name, and both
  pydicom and dcmtk (dcmdump +U8) decode the name the worklist gave; the outside name is kept,
  decodable, in the Original Attributes Sequence.

  import_content_test.py path/to/discus
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import net_support as ns  # noqa: E402
sys.path.insert(0, os.path.join(HERE, "..", "support"))
import import_media  # noqa: E402

PYDICOM_DATA = "/usr/lib/python3/dist-packages/pydicom/data"
PATTERN = b"DISCUS-TEST-MALWARE-PATTERN"
SIGNATURE = "Discus.Test.Pattern"

# (file, patient's birth date and sex written into the copy, the local identity from the worklist)
CASES = [
    ("charset_files/chrFren.dcm", "19800101", "M", ("L1", "Buc^Jérôme=ビュック^ジェローム")),
    ("charset_files/chrH31.dcm", "19700101", "M", ("L2", "Yamada^Tarou=山田^太郎=やまだ^たろう")),
    ("test_files/CT_small.dcm", "19600101", "O", ("L3", "CompressedSamples^CT1=Überprüfung")),
]


def write_worklist(tmp, items):
    return import_media.worklist_folder(tmp, items, "ISO_IR 192")


def stop(proc):
    if proc is not None and proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def main():
    discus = sys.argv[1]
    failures = []
    for tool in ("clamscan", "storescp", "wlmscpfs", "dcmdump"):
        if shutil.which(tool) is None:
            print(f"SKIP: {tool} is not installed (packaging/install-deps.sh installs clamav and dcmtk)")
            return
    import pydicom
    warnings.simplefilter("ignore")
    procs = []
    with tempfile.TemporaryDirectory(prefix="discus-import-content-") as tmp:
        medium = os.path.join(tmp, "medium")
        os.makedirs(os.path.join(medium, "DICOM"))
        os.makedirs(os.path.join(medium, "VIEWER"))
        uids = {}
        for k, (src, birth, sex, (pid, name)) in enumerate(CASES):
            ds = pydicom.dcmread(os.path.join(PYDICOM_DATA, src))
            ds.PatientBirthDate, ds.PatientSex = birth, sex  # ASCII values: the names stay as the file has them
            out = os.path.join(medium, "DICOM", f"IM{k}")
            ds.save_as(out)
            uids[str(ds.SOPInstanceUID)] = (pid, name, str(ds.PatientName))
        with open(os.path.join(medium, "VIEWER", "viewer.exe"), "wb") as f:
            f.write(b"MZ\x90\x00 a viewer " + PATTERN + b" and the rest\n")
        with open(os.path.join(medium, "README.TXT"), "w") as f:
            f.write("This disc holds images.\n")
        db = os.path.join(tmp, "test.ndb")  # ClamAV extended signature: Name:TargetType:Offset:HexSignature
        with open(db, "w") as f:
            f.write(f"{SIGNATURE}:0:*:{PATTERN.hex()}\n")

        wl_port, scp_port = ns.free_port(), ns.free_port()
        out = os.path.join(tmp, "storescp")
        os.makedirs(out)
        scp_log = open(os.path.join(tmp, "storescp.log"), "w+")
        wl_log = open(os.path.join(tmp, "wlmscpfs.log"), "w+")
        try:
            # -csk: wlmscpfs answers with the items' own Specific Character Set (by default it declares none)
            wl = subprocess.Popen(["wlmscpfs", "-csk", "-dfp", write_worklist(tmp, [(p, n, b, s) for _, b, s, (p, n) in CASES]), str(wl_port)],
                                  stdout=wl_log, stderr=wl_log)
            procs.append(wl)
            scp = subprocess.Popen(["storescp", "-v", "+uf", "+xa", "-od", out, "-aet", "STORESCP", str(scp_port)], stdout=scp_log, stderr=scp_log)
            procs.append(scp)
            ns.check(ns.wait_port(wl_port, 20) and ns.wait_port(scp_port, 20), "wlmscpfs and storescp started", failures)
            r = subprocess.run([discus, "import", "--dir", medium, "--pacs", f"STORESCP@127.0.0.1:{scp_port}", "--mwl", f"WL@127.0.0.1:{wl_port}",
                                "--local-issuer", "HOSP", "--ledger", os.path.join(tmp, "ledger.sqlite"), "--report", os.path.join(tmp, "r"),
                                "--clamav", "clamscan", "--clamav-database", db], capture_output=True, text=True, timeout=120)
            rep = json.load(open(os.path.join(tmp, "r.json")))
            for p in rep["patients"]:
                if p.get("hold_reason"):
                    print("held:", p["foreign"], p["hold_reason"], p.get("candidates"))
            o = rep["outcomes"]
            ns.check(o["imported"] == 3 and o["not-dicom"] == 2 and sum(o.values()) == rep["files_seen"] == 5,
                     f"3 imported, 2 not DICOM, sums = files seen: {o} (rc {r.returncode}; {r.stderr[-300:]})", failures)
            files = {f["source"]: f for f in rep["files"]}
            viewer = files.get("VIEWER/viewer.exe", {})
            ns.check(viewer.get("outcome") == "not-dicom" and SIGNATURE in viewer.get("malware", "") and viewer.get("malware", "").startswith("infected")
                     and SIGNATURE in viewer.get("reason", ""), f"the viewer is infected, named, accounted: {viewer}", failures)
            ns.check(files.get("README.TXT", {}).get("malware") == "clean", f"the README is clean: {files.get('README.TXT')}", failures)
            ns.check("1 infected" in rep["malware_scan"], f"the scan summary: {rep['malware_scan']}", failures)

            scp_log.flush()
            log = open(os.path.join(tmp, "storescp.log"), errors="replace").read()
            assocs = len(re.findall(r"Association Acknowledged", log))
            stores = len(re.findall(r"Received Store Request", log))
            ns.check(assocs == 1 and stores == 3, f"one association for the whole import: {assocs} associations, {stores} C-STOREs", failures)
            ns.check(PATTERN.decode() not in "".join(open(os.path.join(out, p), "rb").read().decode("latin-1") for p in os.listdir(out)),
                     "the infected file never reached the PACS", failures)

            got = {}
            for p in os.listdir(out):
                ds = pydicom.dcmread(os.path.join(out, p))
                got[str(ds.SOPInstanceUID)] = (os.path.join(out, p), ds)
            for uid, (pid, name, foreign) in uids.items():
                if uid not in got:
                    ns.check(False, f"{uid} received", failures)
                    continue
                path, ds = got[uid]
                cs = ds.get("SpecificCharacterSet", "")
                ns.check(str(ds.PatientID) == pid and str(ds.PatientName) == name,
                         f"pydicom decodes {pid}'s local name: {str(ds.PatientName)!r} (declared {cs!r})", failures)
                old = ds.OriginalAttributesSequence[-1].ModifiedAttributesSequence[0]
                # Unchanged names (the worklist's equals the file's) are not in the Modified Attributes item.
                kept = str(old.PatientName) if "PatientName" in old else str(ds.PatientName)
                ns.check(kept == foreign, f"the outside name kept and decodable: {kept!r} == {foreign!r}", failures)
                dump = subprocess.run(["dcmdump", "+U8", path], capture_output=True, timeout=60).stdout.decode("utf-8", "replace")
                ns.check(f"(0010,0010) PN [{name}]" in dump, f"dcmdump +U8 shows {name!r} for {pid}", failures)

            # The operator's choice: one study of the medium (--study), into a folder; the others
            # are accounted as excluded and never written.
            studies = sorted({str(ds.StudyInstanceUID) for _, ds in got.values()})
            chosen = os.path.join(tmp, "chosen")
            r = subprocess.run([discus, "import", "--dir", medium, "--out", chosen, "--mwl", f"WL@127.0.0.1:{wl_port}",
                                "--local-issuer", "HOSP", "--ledger", os.path.join(tmp, "ledger2.sqlite"), "--report", os.path.join(tmp, "r2"),
                                "--study", studies[0]], capture_output=True, text=True, timeout=120)
            rep2 = json.load(open(os.path.join(tmp, "r2.json"))) if os.path.exists(os.path.join(tmp, "r2.json")) else {"outcomes": {}}
            o2 = rep2["outcomes"]
            picked = [pydicom.dcmread(os.path.join(chosen, f)) for f in os.listdir(chosen)] if os.path.isdir(chosen) else []
            ns.check(len(studies) >= 2 and o2.get("imported", 0) >= 1 and o2.get("excluded", 0) == 3 - o2.get("imported", 0)
                     and picked and all(str(d.StudyInstanceUID) == studies[0] for d in picked),
                     f"--study: only the chosen study written, the others excluded: {o2} (rc {r.returncode}; {r.stderr[-200:]})", failures)
        finally:
            for p in procs:
                stop(p)
            scp_log.close()
            wl_log.close()
    ns.finish(failures)


if __name__ == "__main__":
    main()
