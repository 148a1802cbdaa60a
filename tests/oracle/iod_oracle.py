#!/usr/bin/python3
"""Oracle: `discus validate` against dicom3tools' dciodvfy over python3-pydicom's test files.

For each file dciodvfy can check (it names an IOD and does not crash):
  - every error we report on an attribute where dciodvfy reports no error is a disagreement,
    unless iod_oracle_exceptions.tsv explains it (file, tag path, rule, reason); files that
    dciodvfy calls error-free must get no error at all from us;
  - agreement statistics: how many of dciodvfy's attribute errors we also report (same tag path,
    or the same attribute elsewhere in the path).
Exceptions that no longer match anything are reported (stale), and fail the test too.
Usage: iod_oracle.py DISCUS [--verbose]     exit 0 pass, 1 disagreement, 77 tools missing
"""
import glob
import json
import os
import re
import shutil
import subprocess
import sys

import pydicom

HERE = os.path.dirname(os.path.abspath(__file__))
FILES = sorted(glob.glob(os.path.dirname(pydicom.__file__) + "/data/test_files/*.dcm"))
COMPONENT = re.compile(r"[A-Za-z0-9]*\(([0-9a-fA-F]{4}),([0-9a-fA-F]{4})\)(?:\[(\d+)\])?")


def normalize(dciodvfy_path):
    """'</A(0008,2112)[1]/B(0008,1150)[1]>' -> '(0008,2112)[0]/(0008,1150)' (value index dropped)."""
    parts = dciodvfy_path.strip("</>").split("/")
    out = []
    for i, p in enumerate(parts):
        m = COMPONENT.fullmatch(p)
        if not m:
            return None
        tag = f"({m.group(1).upper()},{m.group(2).upper()})"
        if m.group(3) and i + 1 < len(parts):
            tag += f"[{int(m.group(3)) - 1}]"
        out.append(tag)
    return "/".join(out)


def last_tag(path):
    return path.rsplit("/", 1)[-1].split("[")[0]


def run_dciodvfy(path):
    r = subprocess.run(["dciodvfy", "-new", path], capture_output=True, text=True, errors="replace", timeout=120)
    text = r.stdout + r.stderr
    if r.returncode < 0 or "Assertion" in text:
        return None, "dciodvfy crashed"
    if "Information Object Not found" in text:
        return None, "dciodvfy found no IOD"
    errors = set()
    for line in text.splitlines():
        m = re.match(r"Error - (</[^>]*>)", line)
        if m:
            p = normalize(m.group(1))
            if p and not p.startswith("(0002,"):
                errors.add(p)
        elif line.startswith("Error"):
            errors.add("<file>")
    return errors, None


def run_discus(discus, path):
    r = subprocess.run([discus, "validate", "--json", path], capture_output=True, text=True, timeout=120)
    if r.returncode not in (0, 1):
        raise SystemExit(f"discus validate failed on {path}: {r.stderr}")
    try:
        findings = json.loads(r.stdout) if r.stdout.strip() else []
    except json.JSONDecodeError:
        return None
    return {(f["tag_path"], f["rule"]) for f in findings if f["severity"] == "error" and f["file"]}


def load_exceptions():
    rows = []
    with open(os.path.join(HERE, "iod_oracle_exceptions.tsv"), encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) < 4 or not cols[3].strip():
                raise SystemExit(f"exception without a reason: {line}")
            rows.append({"file": cols[0], "path": cols[1], "rule": cols[2], "reason": cols[3], "used": 0})
    return rows


def excepted(exceptions, name, path, rule):
    for e in exceptions:
        if e["file"] in (name, "*") and e["path"] in (path, "*") and e["rule"] in (rule, "*"):
            e["used"] += 1
            return True
    return False


def main():
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    discus, verbose = sys.argv[1], "--verbose" in sys.argv
    if not shutil.which("dciodvfy") or not FILES:
        print("dciodvfy or pydicom test files missing: skipped")
        return 77
    exceptions = load_exceptions()
    theirs_total = theirs_found = ours_total = agree_files = checked = 0
    skipped, problems = [], []
    for path in FILES:
        name = os.path.basename(path)
        theirs, why = run_dciodvfy(path)
        if theirs is None:
            skipped.append(f"{name} ({why})")
            continue
        ours = run_discus(discus, path)
        if ours is None:
            problems.append(f"{name}: discus validate printed no JSON")
            continue
        checked += 1
        our_paths = {p for p, _ in ours}
        our_tags = {last_tag(p) for p in our_paths}
        attr = {p for p in theirs if p != "<file>"}
        theirs_total += len(attr)
        found = {p for p in attr if p in our_paths or last_tag(p) in our_tags}
        theirs_found += len(found)
        if verbose:
            for p in sorted(attr - found):
                print(f"  dciodvfy only: {name} {p}")
        their_tags = {last_tag(p) for p in attr}
        extra = sorted((p, r) for p, r in ours if p not in attr and last_tag(p) not in their_tags)
        bad = [(p, r) for p, r in extra if not excepted(exceptions, name, p, r)]
        for p, r in bad:
            kind = "dciodvfy reports no error at all" if not theirs else "dciodvfy reports no error here"
            problems.append(f"{name}: we report {r} at {p}; {kind}")
        if not bad and (found == attr):
            agree_files += 1
        ours_total += len(ours)
    stale = [e for e in exceptions if e["used"] == 0]
    for e in stale:
        problems.append(f"stale exception: {e['file']} {e['path']} {e['rule']}")
    print(f"files: {len(FILES)}, compared: {checked}, skipped: {len(skipped)}")
    for s in skipped:
        print(f"  skipped {s}")
    pct = 100.0 * theirs_found / theirs_total if theirs_total else 100.0
    print(f"dciodvfy attribute errors: {theirs_total}, also reported by discus: {theirs_found} ({pct:.0f}%)")
    print(f"discus errors: {ours_total}, explained by exceptions: {sum(e['used'] for e in exceptions)}")
    print(f"files in full agreement: {agree_files}/{checked}")
    for p in problems:
        print("FAIL", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
