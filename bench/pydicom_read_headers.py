#!/usr/bin/python3
"""Peer row of the header-parse benchmark: read every file's header with pydicom in one process.

    /usr/bin/python3 bench/pydicom_read_headers.py --files-from LIST [--check]

Each path (one per line, relative to the current folder) is read with
pydicom.dcmread(path, stop_before_pixels=True), the way a pydicom-based tool would scan a
folder. Nothing is printed unless --check is given (then a one-line summary, used by
parse_headers.sh to verify the row before timing it).
"""

import argparse
import sys

import pydicom


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--files-from", required=True, help="file with one path per line")
    ap.add_argument("--check", action="store_true", help="verify and print a summary")
    opts = ap.parse_args()
    with open(opts.files_from, encoding="utf-8") as f:
        paths = [line.rstrip("\n") for line in f if line.strip()]
    with_pixels = 0
    for path in paths:
        ds = pydicom.dcmread(path, stop_before_pixels=True)
        if opts.check and "PixelData" in ds:
            with_pixels += 1
    if opts.check:
        print(f"pydicom {pydicom.__version__}: read {len(paths)} headers, "
              f"{with_pixels} with PixelData loaded")
        return 1 if with_pixels else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
