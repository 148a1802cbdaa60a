"""Shared by the oracle scripts: the real DICOM files Debian's python3-pydicom ships, and
whether dcmtk's dcmdump (the reference reader) reads a file."""
import os
import subprocess

import pydicom

DATA = os.path.dirname(pydicom.__file__) + "/data"


def candidates():
    """Every file under pydicom's test_files and charset_files that may be DICOM."""
    for root in (DATA + "/test_files", DATA + "/charset_files"):
        for dirpath, _, names in os.walk(root):
            for n in sorted(names):
                p = os.path.join(dirpath, n)
                if n.endswith((".py", ".txt", ".json", ".gz", ".bz2", ".pyc")) or "__pycache__" in p:
                    continue
                yield p


def dcmdump_ok(path):
    """dcmdump reads the file: exit 0 and no error line (warnings about the content are allowed)."""
    r = subprocess.run(["dcmdump", "-M", path], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    return r.returncode == 0 and not any(line.startswith("E:") for line in r.stderr.splitlines())
