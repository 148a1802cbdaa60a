#!/usr/bin/env python3
"""Issue 16 "Must show", worklist part: `discus find --level WORKLIST` against dcmtk's wlmscpfs on
127.0.0.1. The worklist files are written by this test as text and turned into DICOM by dcmtk's
dump2dcm; every query's expected answer is computed from what the files say (read back with
pydicom and matched here by PS3.4 C.2.2.2 rules: wild cards, date ranges, sequence matching;
lists of UIDs are checked against Orthanc in net_qr_orthanc_test.py, wlmscpfs not matching on
UIDs), and compared with the matches discus prints as DICOM JSON (PS3.18 F).

  net_mwl_test.py path/to/discus
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import net_support as ns  # noqa: E402

# (name, id, birth, accession, study uid, modality, station, sps date, sps time, sps description)
ITEMS = [
    ("DOE^JOHN", "P001", "19700101", "ACC001", "1.2.826.0.1.3680043.10.1011.1", "CT", "CT1", "20261201", "083000", "CT HEAD"),
    ("DOE^JANE", "P002", "19800202", "ACC002", "1.2.826.0.1.3680043.10.1011.2", "MR", "MR1", "20261205", "101500", "MR KNEE"),
    ("SMITH^ANNA", "P003", "19900303", "ACC003", "1.2.826.0.1.3680043.10.1011.3", "CT", "CT2", "20261210", "140000", "CT CHEST"),
    ("DOELING^MAX", "P004", "20000404", "ACC004", "1.2.826.0.1.3680043.10.1011.4", "US", "US1", "20261203", "090000", "US ABDOMEN"),
    ("MÜLLER^JÖRG", "P005", "19650505", "ACC005", "1.2.826.0.1.3680043.10.1011.5", "CT", "CT1", "20261206", "070000", "CT SPINE"),
]


def dump_text(it):
    name, pid, birth, acc, study, mod, station, date, time_, desc = it
    return f"""(0008,0005) CS [ISO_IR 100]
(0008,0050) SH [{acc}]
(0008,0090) PN [REFERRER^A]
(0010,0010) PN [{name}]
(0010,0020) LO [{pid}]
(0010,0030) DA [{birth}]
(0010,0040) CS [O]
(0020,000d) UI [{study}]
(0032,1060) LO [{desc} REQUESTED]
(0040,0100) SQ
(fffe,e000) -
(0008,0060) CS [{mod}]
(0040,0001) AE [{station}]
(0040,0002) DA [{date}]
(0040,0003) TM [{time_}]
(0040,0006) PN [TECH^A]
(0040,0007) LO [{desc}]
(0040,0009) SH [SPS{pid}]
(0040,0020) CS [SCHEDULED]
(fffe,e00d) -
(fffe,e0dd) -
(0040,1001) SH [RP{pid}]
"""


def wildcard(pattern, value):
    rx = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.fullmatch(rx, value, re.S) is not None


def matches(value, key):
    """PS3.4 C.2.2.2 matching of one attribute value against one key value (non-empty)."""
    if "\\" in key:  # list of UIDs (C.2.2.2.2)
        return value in key.split("\\")
    if re.fullmatch(r"\d{0,8}-\d{0,8}", key) and len(key) > 1:  # date range (C.2.2.2.5)
        lo, hi = key.split("-")
        return (not lo or value >= lo) and (not hi or value <= hi)
    if "*" in key or "?" in key:
        return wildcard(key, value)
    return value == key


def expected(files, keys):
    """The Patient IDs of the files every key matches; keys as {path: value}, path 'A' or 'A.B'."""
    out = []
    for ds in files:
        ok = True
        for path, key in keys.items():
            if not key:
                continue
            parts = path.split(".")
            node = ds
            if len(parts) == 2:
                node = getattr(ds, parts[0])[0]
            ok = ok and matches(str(getattr(node, parts[-1], "")), key)
        if ok:
            out.append(str(ds.PatientID))
    return sorted(out)


def run_find(discus, port, keys, extra=(), aet="WLAE"):
    args = [discus, "find", "--to", f"{aet}@127.0.0.1:{port}", "--level", "WORKLIST", "--json", *extra]
    for k, v in keys.items():
        args += ["-k", f"{k}={v}"]
    for ret in ("PatientID", "PatientName", "ScheduledProcedureStepSequence.Modality"):
        if ret not in keys:  # a later empty key would replace the matching value (as findscu -k does)
            args += ["-k", ret]
    return subprocess.run(args, capture_output=True, text=True, timeout=60)


def ids_of(stdout):
    return sorted(m["00100020"]["Value"][0] for m in json.loads(stdout))


def main():
    discus = sys.argv[1]
    failures = []
    import pydicom
    warnings.simplefilter("ignore")
    with tempfile.TemporaryDirectory(prefix="discus-net-mwl-") as tmp:
        db = os.path.join(tmp, "wlistdb", "WLAE")
        os.makedirs(db)
        open(os.path.join(db, "lockfile"), "w").close()
        for i, it in enumerate(ITEMS):
            txt = os.path.join(tmp, f"item{i}.dump")
            with open(txt, "w", encoding="latin-1") as f:
                f.write(dump_text(it))
            r = subprocess.run(["dump2dcm", "-q", txt, os.path.join(db, f"item{i}.wl")], capture_output=True, text=True)
            ns.check(r.returncode == 0, f"dump2dcm item{i}.wl {r.stderr.strip()[:200]}", failures)
        files = [pydicom.dcmread(os.path.join(db, f"item{i}.wl")) for i in range(len(ITEMS))]
        port = ns.free_port()
        log = open(os.path.join(tmp, "wlmscpfs.log"), "w+", errors="replace")
        scp = subprocess.Popen(["wlmscpfs", "-v", "-csk", "-dfp", os.path.join(tmp, "wlistdb"), str(port)], stdout=log, stderr=log)
        try:
            ns.check(ns.wait_port(port, 20), "wlmscpfs started", failures)
            queries = [
                ("universal", {}),
                ("single value", {"PatientID": "P003"}),
                ("wild card *", {"PatientName": "DOE*"}),
                ("wild card ^*", {"PatientName": "DOE^*"}),
                ("wild card ?", {"PatientName": "DOE^JAN?"}),
                ("wild cards * and ?", {"PatientName": "D?E*"}),
                ("wild card ? one char", {"AccessionNumber": "ACC0?2"}),
                ("date range", {"ScheduledProcedureStepSequence.ScheduledProcedureStepStartDate": "20261201-20261205"}),
                ("open date range", {"ScheduledProcedureStepSequence.ScheduledProcedureStepStartDate": "20261206-"}),
                ("sequence matching (modality)", {"ScheduledProcedureStepSequence.Modality": "CT"}),
                ("sequence matching (modality + station)", {"ScheduledProcedureStepSequence.Modality": "CT",
                                                            "ScheduledProcedureStepSequence.ScheduledStationAETitle": "CT1"}),
                ("sequence matching + date range", {"ScheduledProcedureStepSequence.Modality": "CT",
                                                    "ScheduledProcedureStepSequence.ScheduledProcedureStepStartDate": "-20261205"}),
                ("no match", {"PatientID": "NOBODY"}),
            ]
            for what, keys in queries:
                r = run_find(discus, port, keys)
                if r.returncode != 0:
                    ns.check(False, f"{what}: exit {r.returncode} {r.stderr.strip()[-300:]}", failures)
                    continue
                got, want = ids_of(r.stdout), expected(files, keys)
                ns.check(got == want and (what == "no match" or want), f"{what} {keys}: {got} (files say {want})", failures)
            # What came back equals what the file says, values and nesting (JSON model, PS3.18 F.2).
            r = subprocess.run([discus, "find", "--to", f"WLAE@127.0.0.1:{port}", "--level", "WORKLIST", "--json",
                                "-k", "PatientID=P002", "-k", "PatientName", "-k", "PatientBirthDate", "-k", "AccessionNumber",
                                "-k", "StudyInstanceUID", "-k", "ScheduledProcedureStepSequence.ScheduledProcedureStepDescription",
                                "-k", "ScheduledProcedureStepSequence.ScheduledProcedureStepStartTime"],
                               capture_output=True, text=True, timeout=60)
            ns.check(r.returncode == 0, f"detailed query exit 0 {r.stderr.strip()[-200:]}", failures)
            if r.returncode == 0:
                m = json.loads(r.stdout)
                f = files[1]
                ok = (len(m) == 1 and m[0]["00100010"]["vr"] == "PN" and m[0]["00100010"]["Value"][0]["Alphabetic"] == str(f.PatientName)
                      and m[0]["00100030"]["Value"][0] == f.PatientBirthDate and m[0]["00080050"]["Value"][0] == f.AccessionNumber
                      and m[0]["0020000D"]["Value"][0] == f.StudyInstanceUID
                      and m[0]["00400100"]["vr"] == "SQ"
                      and m[0]["00400100"]["Value"][0]["00400007"]["Value"][0] == f.ScheduledProcedureStepSequence[0].ScheduledProcedureStepDescription
                      and m[0]["00400100"]["Value"][0]["00400003"]["Value"][0] == f.ScheduledProcedureStepSequence[0].ScheduledProcedureStepStartTime)
                ns.check(ok, f"the JSON match equals the file element by element ({r.stdout[:300]!r})", failures)
            # Latin-1 in the file (wlmscpfs -csk returns its Specific Character Set), UTF-8 on our side.
            r = run_find(discus, port, {"PatientID": "P005", "PatientName": ""})
            if r.returncode == 0 and json.loads(r.stdout):
                ns.check(json.loads(r.stdout)[0]["00100010"]["Value"][0]["Alphabetic"] == "MÜLLER^JÖRG",
                         f"ISO_IR 100 name decoded to UTF-8: {r.stdout[:200]!r}", failures)
            else:
                ns.check(False, f"P005 query: {r.returncode} {r.stderr[-200:]}", failures)
            # The dcmtk-like text output (no --json): one dump per match and the final status.
            r = subprocess.run([discus, "find", "--to", f"WLAE@127.0.0.1:{port}", "--level", "WORKLIST", "-k", "PatientName=DOE^*",
                                "-k", "PatientID"], capture_output=True, text=True, timeout=60)
            ns.check(r.returncode == 0 and r.stdout.count("# file: match") == 2 and "DOE^JANE" in r.stdout
                     and "2 matches, 0000H Success" in r.stderr, f"text output: {r.stderr.strip()}", failures)
            # C-CANCEL after one match: one match, the SCP's final status is Cancel or Success.
            r = run_find(discus, port, {}, extra=["--cancel-after", "1"])
            ns.check(r.returncode == 0 and len(json.loads(r.stdout or "[]")) >= 1 and "C-CANCEL sent" in r.stderr,
                     f"--cancel-after 1: {r.stderr.strip()}", failures)
            # A called AE title wlmscpfs does not know: the association is refused, exit 2.
            r = run_find(discus, port, {}, aet="NOSUCHAE")
            ns.check(r.returncode == 2 and "rejected" in r.stderr, f"unknown called AE: exit {r.returncode} {r.stderr.strip()}", failures)
            # A key that is not one: usage error before any association.
            r = run_find(discus, port, {"NoSuchKeyword": "x"})
            ns.check(r.returncode == 2 and "keyword" in r.stderr, f"bad key: exit {r.returncode} {r.stderr.strip()}", failures)
        finally:
            scp.terminate()
            try:
                scp.wait(10)
            except subprocess.TimeoutExpired:
                scp.kill()
                scp.wait()
            if failures:
                log.seek(0)
                print(log.read()[-3000:].encode("utf-8", "replace").decode())
    ns.finish(failures)


if __name__ == "__main__":
    main()
