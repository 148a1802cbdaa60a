#!/usr/bin/env python3
"""The file-set report is an interface: programs (the daemon, a RIS script) read DIR.report.json.
This authors a messy pile (all of pydicom's real test files, which include truncated, big endian,
non-image and unsupported instances, plus a text file, an empty file and a copy of one instance)
and checks that the report validates against src/media/author/report.schema.json, that it has
exactly one entry per input file found, and that the schema can fail (a report with an unknown
outcome, or a file entry missing its hash, is refused).
Usage: report_schema_test.py DISCUS SOURCE_DIR
"""
import copy
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import jsonschema

PYDICOM = "/usr/lib/python3/dist-packages/pydicom/data/test_files"
failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def rejects(schema, doc):
    try:
        jsonschema.validate(doc, schema)
    except jsonschema.ValidationError:
        return True
    return False


def main():
    discus, source = sys.argv[1], sys.argv[2]
    with open(os.path.join(source, "src/media/author/report.schema.json")) as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    with tempfile.TemporaryDirectory() as tmp:
        pile = os.path.join(tmp, "pile")
        os.makedirs(pile)
        for name in sorted(os.listdir(PYDICOM)):
            # JPEG2000-embedded-sequence-delimiter.dcm does not decode: since issue 11 it is left
            # off alone (unreadable) and the job goes on.
            if name.endswith(".dcm"):
                shutil.copy(os.path.join(PYDICOM, name), pile)
        shutil.copy(os.path.join(PYDICOM, "CT_small.dcm"), os.path.join(pile, "CT_small_again.dcm"))
        with open(os.path.join(pile, "notes.txt"), "w") as f:
            f.write("not DICOM\n")
        open(os.path.join(pile, "empty.dcm"), "w").close()
        # Issue 12 regression: a Latin-1 file name (not valid UTF-8) aborted author's JSON report.
        shutil.copy(os.path.join(PYDICOM, "MR_small.dcm"), os.path.join(pile.encode(), b"M\xfcller.dcm"))
        inputs = sorted(os.fsdecode(os.path.join(pile.encode(), n)) for n in os.listdir(pile.encode()))

        out = os.path.join(tmp, "CD")
        r = subprocess.run([discus, "author", "--profile", "STD-GEN-CD", "--out", out, pile], capture_output=True, text=True)
        check(r.returncode in (0, 1), f"author ran (exit {r.returncode}): {r.stderr[-300:]}")
        report_path = out + ".report.json"
        check(r.returncode != 134 and os.path.exists(report_path), "DIR.report.json written beside the file-set (no abort)")
        if not os.path.exists(report_path):
            sys.exit(1)
        with open(report_path, encoding="utf-8") as f:
            report = json.load(f)
        try:
            jsonschema.validate(report, schema)
            check(True, "the report validates against report.schema.json")
        except jsonschema.ValidationError as e:
            check(False, f"the report validates against report.schema.json: {e.message} at {list(e.path)}")

        # The report escapes bytes that are not UTF-8 as \xNN; do the same to the names on disk.
        def shown(p):
            text = os.fsencode(p).decode("utf-8", "backslashreplace")
            return re.sub(r"\\x([0-9a-f]{2})", lambda m: "\\x" + m.group(1).upper(), text)
        sources = sorted(e["source"] for e in report["files"])
        check(sources == sorted(shown(p) for p in inputs),
              f"one entry per input file ({len(sources)} entries, {len(inputs)} files)")
        outcomes = {e["outcome"] for e in report["files"]}
        check({"copied", "not-dicom"} <= outcomes, f"outcomes seen: {sorted(outcomes)}")
        check(all(e.get("reason") for e in report["files"] if e["outcome"] not in ("copied", "rewritten")),
              "every file left off the medium has a reason")

        bad = copy.deepcopy(report)
        bad["files"][0]["outcome"] = "lost"
        check(rejects(schema, bad), "the schema refuses an unknown outcome")
        bad = copy.deepcopy(report)
        on_medium = [e for e in bad["files"] if "file_id" in e]
        if on_medium:
            del on_medium[0]["sha256"]
            check(rejects(schema, bad), "the schema refuses a file on the medium without its hash")
        bad = copy.deepcopy(report)
        del bad["content"]
        check(rejects(schema, bad), "the schema refuses a report without its content counts")

    if failures:
        print(f"{len(failures)} check(s) failed")
        sys.exit(1)


if __name__ == "__main__":
    main()
