#!/usr/bin/python3
"""UDF oracle (issue 21): `discus iso --medium bd|bd-dl|bd-re|dvd-ram`, `discus author --medium`
and `discus verify --iso` judged by tools we did not write. A file-set is authored from pydicom's
test files (STD-GEN-BD, written to a BD image by author itself), then for every UDF medium:

- `discus iso` writes and verifies the image, and says which UDF revision (PS3.12 X: BD-R 2.60,
  BD-RE 2.50; J: DVD-RAM 1.50);
- `udfinfo` (udftools) reads it: the expected revision (udfwriterev), label, file and folder counts;
- 7-Zip (`7zz`) lists and extracts every file, byte for byte equal to the file-set;
- pydicom's FileSet reads the extracted DICOMDIR and finds every instance;
- tests/oracle/udf_check.py (ECMA-167/UDF at the byte level, no code shared with the writer)
  finds no fault and every file equal to its source;
- where the kernel's udf driver and loop devices work, `mount -o loop,ro -t udf` and `diff -r`
  find nothing (skipped with a message where they do not);
- `discus verify --iso` passes; one flipped byte in a file's data fails it, naming the file;
- `discus burn --medium bd` to a libburn stdio: drive, then `discus verify --drive`, udfinfo and
  the checker on what was burned;
- a profile's --medium must be a size of its own disc; an image larger than the medium is refused
  before anything is written (a sparse 26 GB file on a 25 GB BD).
With --big (slow): an image with more than 4 GB of data and a 1.2 GB file (extents split below
2^30), and a 100,000-file set, each written, checked by udf_check.py and 7-Zip and verified.
Usage: udf_oracle.py DISCUS [--big]
"""
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from oracle_support import FAILURES, check_pydicom, fail, flip_in_image, run, sha, test_files, tree  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
MEDIA = [("bd", "2.60"), ("bd-dl", "2.60"), ("bd-re", "2.50"), ("dvd-ram", "1.50")]


def inputs():
    return test_files(["CT_small.dcm", "MR_small.dcm", "rtplan.dcm", "rtdose.dcm", "emri_small.dcm"])


def check_udfinfo(img, rev, label, files, dirs):
    r = run(["udfinfo", img])
    info = dict(line.split("=", 1) for line in r.stdout.splitlines() if "=" in line and not line.startswith("start="))
    if r.returncode != 0:
        fail(f"udfinfo {img}: exit {r.returncode}: {r.stderr[-300:]}")
    if info.get("udfwriterev") != rev:
        fail(f"udfinfo {img}: udfwriterev {info.get('udfwriterev')}, expected {rev}")
    if info.get("label") != label:
        fail(f"udfinfo {img}: label {info.get('label')!r}, expected {label!r}")
    if info.get("integrity") != "closed":
        fail(f"udfinfo {img}: integrity {info.get('integrity')}")
    if info.get("numfiles") != str(files) or info.get("numdirs") != str(dirs):
        fail(f"udfinfo {img}: {info.get('numfiles')} files, {info.get('numdirs')} dirs; expected {files}, {dirs}")
    if r.stdout.count("type=ANCHOR") < 2:
        fail(f"udfinfo {img}: fewer than two anchors")


def check_7zip(img, fileset, out):
    files = tree(fileset)
    r = run(["7zz", "x", "-y", "-o" + out, img])
    if r.returncode != 0 or "ERROR" in r.stdout + r.stderr or "WARNING" in r.stdout + r.stderr:
        fail(f"7zz x {img}: exit {r.returncode}: {(r.stdout + r.stderr)[-600:]}")
        return None
    got = tree(out)
    if set(got) != set(files):
        fail(f"7zz extracted {sorted(set(got) ^ set(files))[:5]} differently from the file-set")
    for rel, p in files.items():
        if rel in got and sha(got[rel]) != sha(p):
            fail(f"7zz: {rel} differs from the file-set")
    return out




def check_bytes(img, rev, fileset):
    r = run(["/usr/bin/python3", os.path.join(HERE, "udf_check.py"), img, rev, fileset])
    print(r.stdout.strip().splitlines()[-1] if r.stdout.strip() else r.stderr[-300:])
    if r.returncode != 0:
        fail(f"udf_check {img}: {r.stdout[-1500:]} {r.stderr[-500:]}")


def check_mount(img, fileset, work):
    """The kernel's udf driver, where this machine has it; a skip is said, not hidden."""
    mnt = os.path.join(work, "mnt")
    os.makedirs(mnt, exist_ok=True)
    if os.geteuid() != 0:
        print(f"SKIP mount {img}: not root")
        return
    r = run(["mount", "-o", "loop,ro", "-t", "udf", img, mnt])
    if r.returncode != 0:
        print(f"SKIP mount {img}: the kernel udf driver or loop devices are unavailable ({r.stderr.strip()[:120]})")
        return
    try:
        d = run(["diff", "-r", fileset, mnt])
        if d.returncode != 0:
            fail(f"mount {img}: diff -r: {d.stdout[-500:]}")
        else:
            print(f"mount {img}: diff -r finds nothing")
    finally:
        run(["umount", mnt])




def counts(fileset):
    files = dirs = 0
    for _, dnames, fnames in os.walk(fileset):
        files += len(fnames)
        dirs += len(dnames)
    return files, dirs + 1  # udfinfo counts the root


def small(discus, work):
    fileset = os.path.join(work, "set")
    authored = os.path.join(work, "authored.img")
    r = run([discus, "author", "--profile", "STD-GEN-BD", "--out", fileset, "--fileset-id", "ORACLE_UDF",
             "--no-sync", "--allow-excluded", "--iso", authored, *inputs()])
    if r.returncode != 0 or "UDF 2.60" not in r.stdout or "VERIFIED" not in r.stdout:
        fail(f"discus author STD-GEN-BD --iso: exit {r.returncode}: {r.stdout[-600:]} {r.stderr[-800:]}")
        return
    files = tree(fileset)
    instances = sum(1 for f in files if f.startswith("DICOM/"))
    nfiles, ndirs = counts(fileset)
    check_bytes(authored, "2.60", fileset)
    for medium, rev in MEDIA:
        img = os.path.join(work, medium + ".img")
        r = run([discus, "iso", "--medium", medium, "--no-sync", fileset, img])
        if r.returncode != 0 or f"UDF {rev}" not in r.stdout or "VERIFIED" not in r.stdout:
            fail(f"discus iso --medium {medium}: exit {r.returncode}: {r.stdout[-500:]} {r.stderr[-800:]}")
            continue
        check_udfinfo(img, rev, "ORACLE_UDF", nfiles, ndirs)
        check_bytes(img, rev, fileset)
        out = check_7zip(img, fileset, os.path.join(work, "x-" + medium))
        if out:
            check_pydicom(out, instances)
            shutil.rmtree(out)
        check_mount(img, fileset, work)
        r = run([discus, "verify", "--iso", img])
        if r.returncode != 0:
            fail(f"discus verify --iso {medium}: exit {r.returncode}: {r.stderr[-500:]}")
        victim = sorted(f for f in files if f.startswith("DICOM/"))[-1]
        bad = os.path.join(work, "bad.img")
        if flip_in_image(img, fileset, victim, bad):
            r = run([discus, "verify", "--iso", bad])
            if r.returncode != 1 or victim not in r.stderr or "FAILED" not in r.stderr:
                fail(f"verify --iso of a {medium} image with a flipped byte in {victim}: exit {r.returncode}: {r.stderr[-500:]}")
            os.remove(bad)
        os.remove(img)
    # Burning (issue 21 item 4): the UDF image through libburn to a stdio: pseudo-drive, read back
    # through libburn (verify --drive detects UDF) and checked at the byte level.
    burned = os.path.join(work, "burned.img")
    r = run([discus, "burn", "--drive", "stdio:" + burned, "--medium", "bd", fileset])
    if r.returncode != 0 or "VERIFIED" not in r.stdout:
        fail(f"discus burn --medium bd to stdio: exit {r.returncode}: {r.stdout[-500:]} {r.stderr[-800:]}")
    else:
        r = run([discus, "verify", "--drive", "stdio:" + burned])
        if r.returncode != 0:
            fail(f"discus verify --drive of the burned BD: exit {r.returncode}: {r.stderr[-500:]}")
        check_bytes(burned, "2.60", fileset)
        check_udfinfo(burned, "2.60", "ORACLE_UDF", nfiles, ndirs)
    leftovers = [n for n in os.listdir(tempfile.gettempdir()) if n.startswith("discus-burn-")]
    if leftovers:
        print(f"note: temporary images in {tempfile.gettempdir()}: {leftovers[:3]} (other runs?)")
    # --medium belongs to the profile's own disc (PS3.11 profile -> PS3.12 annex).
    r = run([discus, "author", "--profile", "STD-GEN-CD", "--out", os.path.join(work, "cd"), "--medium", "bd",
             "--iso", os.path.join(work, "cd.img"), *inputs()])
    if r.returncode == 0 or "STD-GEN-CD" not in r.stderr:
        fail(f"author STD-GEN-CD --medium bd was not refused: exit {r.returncode}: {r.stderr[-300:]}")
    r = run([discus, "author", "--profile", "STD-GEN-BD", "--out", os.path.join(work, "bdre"), "--medium", "bd-re",
             "--no-sync", "--allow-excluded", "--iso", os.path.join(work, "bdre.img"), *inputs()])
    if r.returncode != 0 or "UDF 2.50" not in r.stdout:
        fail(f"author STD-GEN-BD --medium bd-re: exit {r.returncode}: {r.stdout[-300:]} {r.stderr[-300:]}")
    # Capacity, before writing: 26 GB (sparse, no disk used) on a 25 GB BD.
    huge = os.path.join(work, "huge")
    os.makedirs(huge)
    with open(os.path.join(huge, "BIG"), "wb") as f:
        f.truncate(26 * 10**9)
    img = os.path.join(work, "huge.img")
    r = run([discus, "iso", "--medium", "bd", "--no-verify", huge, img])
    if r.returncode != 1 or "BD 25 GB" not in r.stderr or os.path.exists(img):
        fail(f"26 GB on a BD was not refused up front: exit {r.returncode}: {r.stderr[-400:]}")


def write_manifest(fileset):
    """SHA256.TXT as author writes it ("HASH  PATH"), for the generated sets of --big."""
    lines = []
    for rel, p in sorted(tree(fileset).items()):
        if rel != "SHA256.TXT":
            lines.append(f"{sha(p)}  {rel}\n")
    with open(os.path.join(fileset, "SHA256.TXT"), "w") as f:
        f.writelines(lines)


def authored(discus, fileset):
    """A real file-set (DICOMDIR, README.TXT, SHA256.TXT) to which generated files are added."""
    r = run([discus, "author", "--profile", "STD-GEN-BD", "--out", fileset, "--fileset-id", "ORACLE_UDF", "--allow-excluded",
             *inputs()])
    if not os.path.exists(os.path.join(fileset, "DICOMDIR")):
        fail(f"discus author: exit {r.returncode}: {r.stderr[-500:]}")


def big(discus, work):
    # More than 4 GB of data with one file over 1 GB: generated files, sparse where they are zeros.
    fileset = os.path.join(work, "bigset")
    authored(discus, fileset)
    os.makedirs(os.path.join(fileset, "DATA"))
    with open(os.path.join(fileset, "DATA", "HUGE"), "wb") as f:
        f.truncate(1200 * 2**20)  # 1.2 GiB: two extents (UDF 2.3.10: each below 2^30)
        f.seek(2**30 + 12345)
        f.write(b"marker across the extent boundary")
    for i in range(3):
        with open(os.path.join(fileset, "DATA", f"PART{i}"), "wb") as f:
            f.truncate(1100 * 2**20)
            f.write(os.urandom(1 << 20))
    write_manifest(fileset)
    img = os.path.join(work, "big.img")
    r = run([discus, "iso", "--medium", "bd", "--no-sync", fileset, img])
    if r.returncode != 0 or "VERIFIED" not in r.stdout:
        fail(f"the 4.5 GB BD image: exit {r.returncode}: {r.stdout[-500:]} {r.stderr[-800:]}")
    else:
        check_bytes(img, "2.60", fileset)
        r = run(["7zz", "t", img])
        if r.returncode != 0 or "Everything is Ok" not in r.stdout:
            fail(f"7zz t of the big image: {r.stdout[-500:]}")
    if os.path.exists(img):
        os.remove(img)
    shutil.rmtree(fileset)
    # 100,000 files in 100 folders.
    fileset = os.path.join(work, "manyset")
    authored(discus, fileset)
    for d in range(100):
        os.makedirs(os.path.join(fileset, f"D{d:04d}"))
        for i in range(1000):
            with open(os.path.join(fileset, f"D{d:04d}", f"F{i:05d}"), "wb") as f:
                f.write(b"%d/%d\n" % (d, i))
    write_manifest(fileset)
    img = os.path.join(work, "many.img")
    r = run([discus, "iso", "--medium", "bd-re", "--no-sync", fileset, img])
    if r.returncode != 0 or "VERIFIED" not in r.stdout:
        fail(f"the 100,000-file image: exit {r.returncode}: {r.stdout[-500:]} {r.stderr[-800:]}")
    else:
        check_bytes(img, "2.50", fileset)
        nfiles, ndirs = counts(fileset)
        check_udfinfo(img, "2.50", "ORACLE_UDF", nfiles, ndirs)
        r = run(["7zz", "t", img])
        if r.returncode != 0 or "Everything is Ok" not in r.stdout:
            fail(f"7zz t of the 100,000-file image: {r.stdout[-500:]}")


def main():
    discus = sys.argv[1]
    work = tempfile.mkdtemp(prefix="discus-udf-oracle-")
    try:
        if "--big" in sys.argv[2:]:
            big(discus, work)
        else:
            small(discus, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("udf oracle:", "FAILED" if FAILURES else "passed")
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
