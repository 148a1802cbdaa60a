#!/usr/bin/python3
"""ISO/burn/verify oracle (issue 6): `discus iso`, `discus burn` and `discus verify` judged by tools
we did not write. A file-set is authored from pydicom's own test files (STD-GEN-CD), then:

- `isoinfo -d` shows the File-set ID as Volume Identifier, a blank System Identifier and neither
  Joliet nor Rock Ridge (PS3.12 F.3.1: ISO 9660 Level 1 only);
- `isoinfo -l` lists every directory and file with a Level 1 name ("DICOMDIR.;1", 8.3 + ";1");
- `xorriso -find` lists exactly the file-set's files, and `xorriso -osirrox -extract` gives every
  one of them back byte for byte; `isoinfo -x` extracts the DICOMDIR identically too;
- pydicom's FileSet reads the DICOMDIR extracted from the image and finds every instance;
- `discus burn` to a libburn stdio: drive followed by `discus verify --drive` passes, and the
  burned image is listed by isoinfo as well;
- one flipped byte in the image makes `discus verify --iso` fail and name the file;
- a BD is refused (UDF), and an image larger than the medium is refused before writing.
Usage: iso_oracle.py DISCUS
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from oracle_support import FAILURES, check_pydicom, fail, flip_in_image, run, sha, test_files, tree  # noqa: E402

LEVEL1_FILE = re.compile(r"^[A-Z0-9_]{1,8}\.[A-Z0-9_]{0,3};1$")
LEVEL1_DIR = re.compile(r"^[A-Z0-9_]{1,8}$")


def inputs():
    return test_files(["CT_small.dcm", "MR_small.dcm", "rtplan.dcm", "rtdose.dcm", "mlut_18.dcm", "emri_small.dcm"])


def check_isoinfo(img, fileset_id, files):
    d = run(["isoinfo", "-d", "-i", img]).stdout
    vol = re.search(r"^Volume id: (.*)$", d, re.M)
    if not vol or vol.group(1).strip() != fileset_id:
        fail(f"isoinfo: Volume id {vol.group(1) if vol else None!r}, expected {fileset_id!r}")
    system = re.search(r"^System id: (.*)$", d, re.M)
    if system and system.group(1).strip():
        fail(f"isoinfo: System id {system.group(1)!r}, PS3.12 F wants spaces")
    if "NO Joliet present" not in d or "NO Rock Ridge present" not in d:
        fail("isoinfo: Joliet or Rock Ridge present on a PS3.12 F Level 1 image")
    listing = run(["isoinfo", "-l", "-i", img]).stdout
    seen_files = set()
    current = None
    for line in listing.splitlines():
        m = re.match(r"^Directory listing of (.*)$", line)
        if m:
            current = m.group(1)
            continue
        m = re.match(r"^([d-])\S+\s.*\[\s*\d+\s+\d+\]\s+(\S+)\s*$", line)
        if not m or m.group(2) in (".", ".."):
            continue
        name = m.group(2)
        if m.group(1) == "d":
            if not LEVEL1_DIR.match(name):
                fail(f"isoinfo: directory {current}{name} is not a Level 1 name")
        else:
            if not LEVEL1_FILE.match(name):
                fail(f"isoinfo: file {current}{name} is not a Level 1 name (8.3;1)")
            seen_files.add((current + name).lstrip("/").split(";")[0].rstrip("."))
    if seen_files != set(files):
        fail(f"isoinfo lists {sorted(seen_files ^ set(files))[:5]} differently from the file-set")
    if "DICOMDIR.;1" not in listing:
        fail("isoinfo: no DICOMDIR.;1 in the root (PS3.12 F.3.1)")


def check_xorriso(img, fileset, work):
    files = tree(fileset)
    found = run(["xorriso", "-indev", img, "-find", "/", "-type", "f"])
    listed = {p.strip("'").lstrip("/") for p in found.stdout.split()}
    if listed != set(files):
        fail(f"xorriso -find differs: {sorted(listed ^ set(files))[:5]}")
    out = os.path.join(work, "extracted")
    r = run(["xorriso", "-osirrox", "on", "-indev", img, "-extract", "/", out])
    if r.returncode != 0:
        fail(f"xorriso -extract exit {r.returncode}: {r.stderr[-500:]}")
        return None
    got = tree(out)
    if set(got) != set(files):
        fail(f"extracted files differ: {sorted(set(got) ^ set(files))[:5]}")
    for rel, p in files.items():
        if rel in got and sha(got[rel]) != sha(p):
            fail(f"{rel}: extracted bytes differ from the file-set")
    # isoinfo's own extraction of the DICOMDIR agrees.
    x = subprocess.run(["isoinfo", "-i", img, "-x", "/DICOMDIR.;1"], capture_output=True)
    with open(files["DICOMDIR"], "rb") as f:
        if x.stdout != f.read():
            fail("isoinfo -x /DICOMDIR.;1 differs from the file-set's DICOMDIR")
    return out






def main():
    discus = sys.argv[1]
    work = tempfile.mkdtemp(prefix="discus-iso-oracle-")
    try:
        fileset = os.path.join(work, "set")
        r = run([discus, "author", "--profile", "STD-GEN-CD", "--out", fileset, "--fileset-id", "ORACLE_ISO", *inputs()])
        if r.returncode not in (0, 1) or not os.path.exists(os.path.join(fileset, "DICOMDIR")):
            fail(f"discus author exit {r.returncode}: {r.stderr[-1000:]}")
            return 1
        files = tree(fileset)
        instances = sum(1 for f in files if f.startswith("DICOM/"))
        img = os.path.join(work, "set.iso")
        r = run([discus, "iso", fileset, img])
        if r.returncode != 0 or "VERIFIED" not in r.stdout:
            fail(f"discus iso exit {r.returncode}: {r.stdout[-500:]} {r.stderr[-1000:]}")
            return 1
        check_isoinfo(img, "ORACLE_ISO", files)
        extracted = check_xorriso(img, fileset, work)
        if extracted:
            check_pydicom(extracted, instances)

        r = run([discus, "verify", "--iso", img])
        if r.returncode != 0:
            fail(f"discus verify --iso on a good image exit {r.returncode}: {r.stderr[-500:]}")
        victim = sorted(f for f in files if f.startswith("DICOM/"))[-1]
        bad = os.path.join(work, "bad.iso")
        if flip_in_image(img, fileset, victim, bad):
            r = run([discus, "verify", "--iso", bad])
            if r.returncode != 1 or victim not in r.stderr or "FAILED" not in r.stderr:
                fail(f"verify of an image with a flipped byte in {victim}: exit {r.returncode}, {r.stderr[-500:]}")

        burned = os.path.join(work, "burned.iso")
        r = run([discus, "burn", "--drive", "stdio:" + burned, fileset])
        if r.returncode != 0 or "VERIFIED" not in r.stdout:
            fail(f"discus burn to stdio: exit {r.returncode}: {r.stdout[-500:]} {r.stderr[-1000:]}")
        r = run([discus, "verify", "--drive", "stdio:" + burned])
        if r.returncode != 0:
            fail(f"discus verify --drive stdio: exit {r.returncode}: {r.stderr[-500:]}")
        if os.path.exists(burned):
            check_isoinfo(burned, "ORACLE_ISO", files)
        r = run([discus, "drives", "stdio:" + burned])
        if r.returncode != 0 or "stdio:" + burned not in r.stdout:
            fail(f"discus drives stdio: exit {r.returncode}: {r.stdout} {r.stderr}")

        # A BD is UDF 2.60 (PS3.12 X, issue 21), not ISO 9660; tests/oracle/udf_oracle.py judges it.
        r = run([discus, "iso", "--medium", "bd", fileset, os.path.join(work, "bd.iso")])
        if r.returncode != 0 or "UDF 2.60" not in r.stdout:
            fail(f"a BD image was not written as UDF 2.60: exit {r.returncode}: {r.stdout} {r.stderr}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("iso oracle:", "FAILED" if FAILURES else "passed")
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
