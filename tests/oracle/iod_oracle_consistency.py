#!/usr/bin/python3
"""Oracle: the cross-file check of `discus validate` against dicom3tools' dcentvfy, both ways.

Pairs of instances of one patient and one study are made from pydicom's CT_small.dcm, the second
of each pair differing in one patient or study attribute (or in how a name is encoded). For each
pair:
  ours    every consistency error Discus reports is a dcentvfy error on the same attribute;
  theirs  every dcentvfy error is a Discus consistency error or warning on the same attribute,
unless CASES marks it as decided by the standard for Discus (with the PS3 section): dcentvfy
compares bytes, so one name in two character sets, or with trailing empty components, is two
names to it and one name to Discus (issue 12: "the cross-file check compares raw bytes, so one
name in two character sets is two names").
Usage: iod_oracle_consistency.py DISCUS     exit 0 pass, 1 disagreement, 77 tools missing
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import pydicom
from pydicom.datadict import tag_for_keyword

CT = os.path.join(os.path.dirname(pydicom.__file__), "data", "test_files", "CT_small.dcm")

# name: (edits of the second instance, {keyword: PS3 section} of dcentvfy errors the standard
# decides for Discus). Edits: (keyword, value) or ("charset", term, keyword, text).
CASES = {
    "same": ([], {}),
    "patient_name": ([("PatientName", "Other^Name")], {}),
    "birth_date": ([("PatientBirthDate", "19000101"), ("first", "PatientBirthDate", "19700101")], {}),
    "sex": ([("PatientSex", "F")], {}),
    "study_date": ([("StudyDate", "20000101")], {}),
    "study_id": ([("StudyID", "S99")], {}),
    "accession": ([("AccessionNumber", "A99")], {}),
    "referring": ([("ReferringPhysicianName", "Other^Doctor")], {}),
    "name_ascii_in_utf8": ([("charset", "ISO_IR 192", "PatientName", "CompressedSamples^CT1")], {}),
    "birth_date_unknown_in_one": ([("PatientBirthDate", "19000101")], {}),
    "name_trailing_separators": ([("PatientName", "CompressedSamples^CT1^^^")],
                                 {"PatientName": "PS3.5 6.2.1"}),
    "umlaut_latin1_vs_utf8": ([("both", "M\u00fcller^J\u00fcrgen")], {"PatientName": "PS3.5 6.1"}),
}


def make_pair(tmp, name, edits):
    a, b = pydicom.dcmread(CT), pydicom.dcmread(CT)
    for d, n in ((a, 1), (b, 2)):
        d.SOPInstanceUID = d.file_meta.MediaStorageSOPInstanceUID = f"1.2.826.0.1.3680043.10.511.{n}"
    for edit in edits:
        if edit[0] == "charset":
            _, term, keyword, text = edit
            b.SpecificCharacterSet = term
            setattr(b, keyword, text)
        elif edit[0] == "first":
            setattr(a, edit[1], edit[2])
        elif edit[0] == "both":  # the same name, Latin-1 in the first file and UTF-8 in the second
            a.SpecificCharacterSet, b.SpecificCharacterSet = "ISO_IR 100", "ISO_IR 192"
            a.PatientName = b.PatientName = edit[1]
        else:
            setattr(b, edit[0], edit[1])
    paths = [os.path.join(tmp, f"{name}_{n}.dcm") for n in (1, 2)]
    a.save_as(paths[0], write_like_original=False)
    b.save_as(paths[1], write_like_original=False)
    return paths


def tag_path(keyword):
    t = tag_for_keyword(keyword)
    return f"({t >> 16:04X},{t & 0xFFFF:04X})"


def main():
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    discus = sys.argv[1]
    if shutil.which("dcentvfy") is None or not os.path.exists(CT):
        print("dcentvfy or pydicom test files missing: skipped")
        return 77
    problems, counts = [], {"pairs": 0, "dcentvfy errors": 0, "discus findings": 0, "excepted": 0}
    with tempfile.TemporaryDirectory(prefix="iod_oracle_consistency.") as tmp:
        for name, (edits, decided) in CASES.items():
            paths = make_pair(tmp, name, edits)
            r = subprocess.run(["dcentvfy"] + paths, capture_output=True, text=True, errors="replace")
            theirs = set(re.findall(r"^Error - .*?Element=<(\w+)>", r.stdout + r.stderr, re.M))
            r = subprocess.run([discus, "validate", "--json"] + paths, capture_output=True, text=True)
            findings = [f for f in json.loads(r.stdout) if f["rule"].startswith("consistency.")]
            counts["pairs"] += 1
            counts["dcentvfy errors"] += len(theirs)
            counts["discus findings"] += len(findings)
            ours_any = {f["tag_path"] for f in findings}
            ours_err = {f["tag_path"] for f in findings if f["severity"] == "error"}
            their_paths = {tag_path(k) for k in theirs}
            for p in sorted(ours_err - their_paths):
                problems.append(f"{name}: discus consistency error at {p}; dcentvfy reports none")
            for k in sorted(theirs):
                if tag_path(k) in ours_any:
                    continue
                if k in decided:
                    counts["excepted"] += 1
                    continue
                problems.append(f"{name}: dcentvfy error on {k}; discus reports nothing")
            for k in decided:
                if k not in theirs:
                    problems.append(f"{name}: stale exception for {k} (dcentvfy no longer reports it)")
    print(", ".join(f"{k}: {v}" for k, v in counts.items()))
    for p in problems:
        print("FAIL", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
