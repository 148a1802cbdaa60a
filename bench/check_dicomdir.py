#!/usr/bin/python3
"""Correctness check for the file-set benchmark: does a DICOMDIR list every instance?

    /usr/bin/python3 bench/check_dicomdir.py --expect N [--label TEXT] DICOMDIR

Reads the DICOMDIR with pydicom (not with discus, so our output is judged by another reader),
counts the directory records by type, and checks that the records that reference a file name
N distinct SOP Instance UIDs, each file existing under the DICOMDIR's folder. Prints one line;
exit status 1 when the count or a file is wrong.
"""

import argparse
import collections
import os
import sys

import pydicom


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--expect", type=int, required=True, help="number of instances the set has")
    ap.add_argument("--label", default="", help="row name for the printed line")
    ap.add_argument("dicomdir")
    opts = ap.parse_args()
    root = os.path.dirname(os.path.abspath(opts.dicomdir))
    ds = pydicom.dcmread(opts.dicomdir, force=True)
    types = collections.Counter()
    uids = set()
    missing = []
    for rec in ds.DirectoryRecordSequence:
        types[str(rec.DirectoryRecordType)] += 1
        if "ReferencedFileID" in rec:
            fid = rec.ReferencedFileID
            parts = [fid] if isinstance(fid, str) else list(fid)
            if not os.path.isfile(os.path.join(root, *parts)):
                missing.append("\\".join(parts))
            uids.add(str(rec.ReferencedSOPInstanceUIDInFile))
    ok = len(uids) == opts.expect and not missing
    summary = ", ".join(f"{n} {t}" for t, n in sorted(types.items()))
    print(f"{opts.label + ': ' if opts.label else ''}{'ok' if ok else 'WRONG'}: {len(uids)} of {opts.expect} "
          f"instances referenced ({summary}){f'; {len(missing)} missing files' if missing else ''}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
