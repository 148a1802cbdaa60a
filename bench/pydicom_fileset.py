#!/usr/bin/python3
"""Peer row of the file-set benchmark: write a file-set with pydicom's FileSet.

    /usr/bin/python3 bench/pydicom_fileset.py INPUT_DIR OUT_DIR

Every file under INPUT_DIR is handed to pydicom.fileset.FileSet.add(path) (files pydicom
cannot read as DICOM are skipped, as `discus author` skips them), then FileSet.write(OUT_DIR)
copies the instances under pydicom's own File IDs and writes the DICOMDIR. Prints one line:
how many files were added and skipped.
"""

import os
import sys

from pydicom.errors import InvalidDicomError
from pydicom.fileset import FileSet


def main():
    if len(sys.argv) != 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    src, out = sys.argv[1], sys.argv[2]
    paths = sorted(os.path.join(d, f) for d, _, names in os.walk(src) for f in names)
    fs = FileSet()
    added = skipped = 0
    for p in paths:
        try:
            fs.add(p)
            added += 1
        except InvalidDicomError:
            skipped += 1
    fs.write(out)
    print(f"pydicom FileSet: {added} instances added, {skipped} non-DICOM files skipped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
