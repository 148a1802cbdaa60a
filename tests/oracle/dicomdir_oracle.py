#!/usr/bin/python3
"""Oracle: the record trees `discus dir --json` lists for every DICOMDIR Debian's python3-pydicom
ships, against what pydicom (2.3.1) makes of the same files.

Per file, three views are compared where pydicom has them:
  - pydicom.fileset.FileSet: the root-to-instance paths (type, key, File ID of every record on the
    way) in FileSet order;
  - the DicomDir data set pydicom reads: the subtree under each of our root records, following
    pydicom's own offset links (record.children, keyed by pydicom's item offsets);
  - the findings we report (exact set of rules, per file).
Where pydicom fails on a file the outcome is recorded and our reading is checked another way.
Usage: dicomdir_oracle.py DISCUS"""
import json
import os
import subprocess
import sys
import warnings

import pydicom
from pydicom.fileset import FileSet

warnings.simplefilter("ignore")
DATA = os.path.dirname(pydicom.__file__) + "/data/test_files/dicomdirtests"

# File -> the finding rules we must report (and no others).
EXPECTED_RULES = {
    "DICOMDIR": set(),
    "DICOMDIR-bigEnd": {"dicomdir.transfer-syntax"},
    "DICOMDIR-implicit": {"dicomdir.transfer-syntax"},
    "DICOMDIR-reordered": set(),
    "DICOMDIR-nooffset": {"dicomdir.offset-missing", "dicomdir.read-warning"},
    "DICOMDIR-empty.dcm": set(),
    "DICOMDIR-nopatient": {"dicomdir.root-offset", "dicomdir.record-type-unknown"},
    "TINY_ALPHA/DICOMDIR": set(),
}
KEY = {"PATIENT": "PatientID", "STUDY": "StudyInstanceUID", "SERIES": "SeriesInstanceUID",
       "UNKNOWN": "PatientID"}  # nopatient's UNKNOWN records are renamed PATIENT records


def key_of(rtype, get):
    return get(KEY.get(rtype, "ReferencedSOPInstanceUIDInFile"))


# ---- our side ----
def discus(exe, path, check=False):
    args = [exe, "dir", "--json"] + (["--check"] if check else []) + [path]
    r = subprocess.run(args, capture_output=True, text=True)
    if r.returncode not in (0, 1) or not r.stdout.strip():
        raise RuntimeError(f"discus dir exit {r.returncode}: {r.stderr.strip()}")
    out = json.loads(r.stdout)
    # The exit code follows the worst finding (issue 12): 1 exactly when one is an error.
    errors = any(f["severity"] == "error" for f in out["findings"] + out.get("check", []))
    if r.returncode != (1 if errors else 0):
        raise RuntimeError(f"discus dir exit {r.returncode} with{'' if errors else 'out'} error findings")
    return out


def ours_tree(records):
    return [(r["type"], key_of(r["type"], lambda k, r=r: r["keys"].get(k, "")), tuple(r["file_id"]),
             ours_tree(r["children"])) for r in records]


def ours_paths(records, prefix=()):
    out = []
    for r in records:
        node = (r["type"], key_of(r["type"], lambda k, r=r: r["keys"].get(k, "")), tuple(r["file_id"]))
        if r["file_id"]:
            out.append(prefix + (node,))
        out += ours_paths(r["children"], prefix + (node,))
    return out


# ---- pydicom's side ----
def text(v):
    if v is None:
        return ""
    if isinstance(v, (list, pydicom.multival.MultiValue)):
        return tuple(str(x) for x in v)
    return str(v).strip()


def fid(record):
    v = record.get("ReferencedFileID")
    if v is None:
        return ()
    return tuple(str(x) for x in v) if isinstance(v, pydicom.multival.MultiValue) else (str(v),)


def pydicom_subtree(record):
    rtype = str(record.DirectoryRecordType)
    return (rtype, key_of(rtype, lambda k: text(record.get(k))), fid(record),
            [pydicom_subtree(c) for c in getattr(record, "children", [])])


def fileset_paths(fs):
    out = []
    for inst in fs:
        chain = list(reversed(inst.node.ancestors)) + [inst.node]  # ancestors: nearest first
        out.append(tuple((n.record_type, key_of(n.record_type, lambda k, n=n: text(n._record.get(k))),
                          fid(n._record)) for n in chain))
    return out


def first_difference(a, b, where="root"):
    """None when the trees are equal, else where they first differ."""
    if len(a) != len(b):
        return f"{where}: {len(a)} records vs {len(b)}"
    for i, (x, y) in enumerate(zip(a, b)):
        if x[:3] != y[:3]:
            return f"{where}[{i}]: {x[:3]} vs {y[:3]}"
        d = first_difference(x[3], y[3], f"{where}[{i}]/{x[0]}")
        if d:
            return d
    return None


def self_test():
    """The comparison must be able to fail: a swapped pair of siblings is a difference."""
    t = [("PATIENT", "1", (), [("STUDY", "2", (), []), ("STUDY", "3", (), [])])]
    swapped = [("PATIENT", "1", (), [("STUDY", "3", (), []), ("STUDY", "2", (), [])])]
    assert first_difference(t, t) is None
    assert first_difference(t, swapped) is not None
    assert first_difference(t, [("PATIENT", "1", (), [])]) is not None


def check_file(exe, name, reference_tree):
    path = os.path.join(DATA, name)
    ours = discus(exe, path)
    tree = ours_tree(ours["records"])
    rules = {f["rule"] for f in ours["findings"]}
    problems, notes = [], []
    if rules != EXPECTED_RULES[name]:
        problems.append(f"findings {sorted(rules)}, expected {sorted(EXPECTED_RULES[name])}")
    if ours["hierarchy_from_sequence_order"]:
        problems.append("hierarchy rebuilt from sequence order; the offsets of these files are usable")

    ds = pydicom.dcmread(path)
    by_offset = {r.seq_item_tell: r for r in ds.get("DirectoryRecordSequence", [])}
    # 1. Our subtrees against pydicom's offset links.
    for i, r in enumerate(ours["records"]):
        if r["offset"] not in by_offset:
            problems.append(f"root record at offset {r['offset']} is no item pydicom knows")
            continue
        d = first_difference([tree[i]], [pydicom_subtree(by_offset[r["offset"]])], f"root[{i}]")
        if d:
            problems.append(f"subtree differs from pydicom's offset links: {d}")
    if len(by_offset) != ours["record_count"]:
        problems.append(f"{ours['record_count']} records listed, pydicom reads {len(by_offset)} items")

    # 2. FileSet paths, or what pydicom says instead.
    try:
        fs = FileSet(ds)
        theirs = fileset_paths(fs)
        mine = ours_paths(ours["records"])
        if theirs != mine:
            diff = next((f"#{k}: ours {a} vs pydicom {b}" for k, (a, b) in enumerate(zip(mine, theirs)) if a != b),
                        f"{len(mine)} vs {len(theirs)} paths")
            problems.append(f"instance paths differ from pydicom FileSet: {diff}")
        else:
            notes.append(f"pydicom FileSet: {len(theirs)} instances, same paths")
    except Exception as e:  # pydicom refuses the file: we must read it anyway and say how
        notes.append(f"pydicom FileSet fails ({type(e).__name__}: {e})")
        if name == "DICOMDIR-nopatient":
            # The repaired tree must be the intact DICOMDIR's, with the renamed patient records.
            intact = ours_tree(discus(exe, os.path.join(DATA, "DICOMDIR"))["records"])
            renamed = [("UNKNOWN",) + t[1:] for t in intact]
            d = first_difference(tree, renamed)
            if d:
                problems.append(f"repaired tree differs from DICOMDIR's: {d}")
            else:
                notes.append("we rebuild the root entity (findings: " + "; ".join(
                    f["message"] for f in ours["findings"] if f["rule"] == "dicomdir.root-offset") + ")")
        else:
            problems.append("pydicom fails on a file we expected it to read")

    # 3. The DICOMDIR of the main tree also equals the patient_records view where pydicom has one.
    if reference_tree is not None and name not in ("DICOMDIR-empty.dcm", "DICOMDIR-nopatient", "TINY_ALPHA/DICOMDIR"):
        d = first_difference(tree, reference_tree)
        if d:
            problems.append(f"differs from the intact DICOMDIR's tree: {d}")
    patients = [pydicom_subtree(p) for p in getattr(ds, "patient_records", [])]
    d = first_difference([t for t in tree if t[0] == "PATIENT"], patients, "patient_records")
    if d:
        problems.append(f"PATIENT records differ from pydicom's patient_records: {d}")

    # 4. Every referenced file is there and matches its record.
    checked = discus(exe, path, check=True)
    # pydicom's folder is no single file-set (several DICOMDIRs side by side, TINY_ALPHA's own
    # set, a README): the files each DICOMDIR leaves unreferenced are no difference here.
    checked["check"] = [f for f in checked["check"] if not f["rule"].startswith("dicomdir.unreferenced")]
    if checked["check"]:
        problems.append(f"--check: {checked['check'][0]['message']} (+{len(checked['check']) - 1})")
    return tree, problems, notes + [f"{ours['record_count']} records, findings {sorted(rules) or 'none'}"]


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    self_test()
    exe = sys.argv[1]
    failures = 0
    reference = None
    for name in EXPECTED_RULES:
        try:
            tree, problems, notes = check_file(exe, name, reference)
        except Exception as e:
            tree, problems, notes = None, [f"{type(e).__name__}: {e}"], []
        if name == "DICOMDIR":
            reference = tree
        print(f"{'FAIL' if problems else 'ok  '} {name}: " + "; ".join(problems + notes))
        failures += bool(problems)
    print(f"{len(EXPECTED_RULES) - failures}/{len(EXPECTED_RULES)} DICOMDIRs agree with pydicom")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
