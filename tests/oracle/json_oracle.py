#!/usr/bin/python3
"""PS3.18 JSON model against an oracle: `discus dump --json` versus pydicom's Dataset.to_json_dict().

For every file of Debian python3-pydicom's test_files and charset_files that dcmdump and pydicom
read and that is not a DICOMDIR, both produce the JSON model of the data set (pixel data excluded:
--stop-before-pixels / stop_before_pixels=True). Per attribute: same keys, same "vr", and the
same "Value" (strings compared after pydicom's own decoding, numbers numerically, PN by
component group) or the same InlineBinary. Values we move to a BulkDataURI (left in the file)
are only checked for presence. Usage: json_oracle.py DISCUS_BINARY
"""
import json
import math
import os
import subprocess
import sys
import warnings

import pydicom

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pydicom_corpus import DATA, candidates, dcmdump_ok  # noqa: E402


def num_equal(a, b):
    try:
        fa, fb = float(a), float(b)
    except (TypeError, ValueError):
        return a == b
    return fa == fb or (math.isnan(fa) and math.isnan(fb)) or abs(fa - fb) <= 1e-6 * max(abs(fa), abs(fb))


def value_equal(vr, a, b):
    if a is None or b is None:
        return (a in (None, "", {})) and (b in (None, "", {}))
    if vr == "PN":
        a = {k: v for k, v in (a or {}).items() if v}
        b = {k: v for k, v in (b or {}).items() if v}
        return a == b
    if vr in ("DS", "IS", "FL", "FD", "US", "SS", "UL", "SL", "SV", "UV"):
        return num_equal(a, b)
    if isinstance(a, str) and isinstance(b, str):
        return a.rstrip(" \0") == b.rstrip(" \0")
    return a == b


def compare(ours, theirs, where, errors):
    for key in sorted(set(ours) | set(theirs)):
        if key[4:8] == "0000":
            continue  # group lengths: PS3.18 F.2 leaves them out; pydicom keeps them
        a, b = ours.get(key), theirs.get(key)
        if a is None or b is None:
            errors.append(f"{where} {key}: only in {'pydicom' if a is None else 'discus'}")
            continue
        if a["vr"] == "UN" and b["vr"] != "UN" and int(key[:4], 16) % 2 == 1:
            # A private element read from implicit VR: pydicom knows some vendors' private
            # dictionaries, we do not (yet); the value stays binary on our side.
            continue
        if a["vr"] == "SQ" and b["vr"] in ("UN", "VR.UN") and int(key[:4], 16) % 2 == 1:
            # A private sequence in implicit VR: we recognise its items (discus reads them as
            # SQ); pydicom leaves it as unknown bytes. The round-trip oracle checks the items.
            continue
        if a["vr"] != b["vr"]:
            errors.append(f"{where} {key}: vr {a['vr']} vs pydicom {b['vr']}")
            continue
        if "BulkDataURI" in a or "BulkDataURI" in b:
            continue
        if a["vr"] == "SQ":
            ia, ib = a.get("Value", []), b.get("Value", [])
            if len(ia) != len(ib):
                errors.append(f"{where} {key}: {len(ia)} items vs {len(ib)}")
                continue
            for i, (x, y) in enumerate(zip(ia, ib)):
                compare(x, y, f"{where} {key}[{i}]", errors)
            continue
        if "InlineBinary" in a or "InlineBinary" in b:
            if a.get("InlineBinary") != b.get("InlineBinary"):
                errors.append(f"{where} {key}: InlineBinary differs")
            continue
        va, vb = a.get("Value", []), b.get("Value", [])
        if len(va) != len(vb) or not all(value_equal(a["vr"], x, y) for x, y in zip(va, vb)):
            errors.append(f"{where} {key}: {str(va)[:80]} vs pydicom {str(vb)[:80]}")


def main():
    warnings.simplefilter("ignore")
    discus = sys.argv[1]
    failures, passed, skipped = [], 0, 0
    for path in candidates():
        name = os.path.relpath(path, DATA)
        if not dcmdump_ok(path):
            skipped += 1
            continue
        try:
            ds = pydicom.dcmread(path, stop_before_pixels=True)
            if str(ds.file_meta.get("MediaStorageSOPClassUID", "")) == "1.2.840.10008.1.3.10":
                skipped += 1
                continue
            theirs = ds.to_json_dict(bulk_data_threshold=64 * 1024)
        except Exception as e:
            print(f"skip {name}: pydicom cannot make its JSON ({type(e).__name__})")
            skipped += 1
            continue
        r = subprocess.run([discus, "dump", "--json", "--stop-before-pixels", path], capture_output=True, text=True)
        if r.returncode != 0:
            failures.append(f"{name}: discus failed: {r.stderr.strip()}")
            continue
        ours = json.loads(r.stdout)
        errors = []
        compare(ours, theirs, name, errors)
        if errors:
            failures += errors[:8]
        else:
            passed += 1
    for f in failures:
        print("FAIL", f)
    print(f"json oracle: {passed} files agree with pydicom, {skipped} skipped, {len(failures)} differences")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
