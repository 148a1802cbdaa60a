#!/usr/bin/python3
"""USB oracle (issue 6, items 3 and 4): Discus's FAT images and spanned volumes judged by tools we did not write.

* `discus usb --image-size 64M [--fat 32]` writes a FAT32 and a FAT16 image of an authored
  file-set; dosfstools' `fsck.fat -n` finds nothing wrong with either, mtools' `mcopy -s`
  extracts every file byte for byte identical to the file-set, and `sha256sum -c SHA256.TXT`
  passes on the extracted copy; mtools sees only 8.3 names (no long-name entries). Discus's own
  read-back (verify_medium) resolved the DICOMDIR's records, as many as pydicom finds there.
* a file-set larger than the image is refused before the image is created;
* a folder that is not on FAT is refused (PS3.12 Annex R), and accepted with --any-fs;
* `discus span` with a small artificial capacity makes several volumes; each passes
  `discus dir --check` and dicom3tools' dciodvfy on its DICOMDIR, pydicom reads each DICOMDIR,
  every study of the input is on exactly one volume, and the span report says so.
Usage: usb_oracle.py DISCUS_BINARY REPO_ROOT
"""
import filecmp
import json
import os
import re
import subprocess
import sys
import tempfile

import pydicom
import pydicom.errors


def run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, **kw)


class Checks:
    def __init__(self):
        self.failures = []

    def expect(self, ok, msg):
        if not ok:
            self.failures.append(msg)
        return ok


def same_tree(a, b, c, what):
    """Every file under a is in b with identical bytes."""
    for root, _, files in os.walk(a):
        for f in files:
            p = os.path.join(root, f)
            q = os.path.join(b, os.path.relpath(p, a))
            c.expect(os.path.isfile(q) and filecmp.cmp(p, q, shallow=False), f"{what}: {os.path.relpath(p, a)} differs or is missing")


def records_verified(stdout, fileset, what, c):
    """The read-back checked every DICOMDIR record that references a file (pydicom counts them)."""
    ds = pydicom.dcmread(os.path.join(fileset, "DICOMDIR"))
    want = sum(1 for r in ds.DirectoryRecordSequence if "ReferencedFileID" in r)
    m = re.search(r"(\d+) DICOMDIR references", stdout)
    c.expect(want > 0 and m and int(m.group(1)) == want, f"{what}: read-back checked {m and m.group(1)} of {want} DICOMDIR references: {stdout}")


def fat_image(discus, fileset, tmp, fat, c):
    img = os.path.join(tmp, f"fat{fat}.img")
    args = [discus, "usb", "--image-size", "64M"] + (["--fat", fat] if fat == "32" else []) + [fileset, img]
    r = run(args)
    if not c.expect(r.returncode == 0 and "VERIFIED" in r.stdout, f"FAT{fat}: discus usb exit {r.returncode}: {r.stdout}{r.stderr}"):
        return
    c.expect(f"FAT{fat} volume" in r.stdout, f"FAT{fat}: discus wrote something else: {r.stdout}")
    records_verified(r.stdout, fileset, f"FAT{fat}", c)
    f = run(["fsck.fat", "-n", img])
    c.expect(f.returncode == 0, f"FAT{fat}: fsck.fat -n exit {f.returncode}: {f.stdout}{f.stderr}")
    out = os.path.join(tmp, f"mcopy{fat}")
    os.mkdir(out)
    m = run(["mcopy", "-s", "-n", "-i", img, "::/", out + "/"])
    if not c.expect(m.returncode == 0, f"FAT{fat}: mcopy exit {m.returncode}: {m.stderr}"):
        return
    same_tree(fileset, out, c, f"FAT{fat} mcopy")
    s = run(["sha256sum", "--quiet", "-c", "SHA256.TXT"], cwd=out)
    c.expect(s.returncode == 0, f"FAT{fat}: sha256sum -c on the mcopy'd files: {s.stdout}{s.stderr}")
    c.expect(os.path.isfile(os.path.join(out, "DISCUSOK.TXT")), f"FAT{fat}: no completion marker")
    # mdir prints an entry's long name after its time; 8.3-only entries end at the time.
    d = run(["mdir", "-/", "-i", img, "::/"])
    entries = 0
    for line in d.stdout.splitlines():
        m = re.search(r"\d{4}-\d\d-\d\d\s+\d\d?:\d\d\s*(\S.*)?$", line)
        if m:
            entries += 1
            c.expect(m.group(1) is None, f"FAT{fat}: a long file name on the image: {line}")
    c.expect(entries > 10, f"FAT{fat}: mdir listed {entries} entries: {d.stdout[:500]}{d.stderr}")


def capacity_refused(discus, fileset, tmp, c):
    img = os.path.join(tmp, "small.img")
    r = run([discus, "usb", "--image-size", "8M", fileset, img])
    c.expect(r.returncode == 1 and "span" in r.stderr, f"capacity: exit {r.returncode}: {r.stderr}")
    c.expect(not os.path.exists(img), "capacity: the image was created although the file-set does not fit")


def folder_target(discus, fileset, tmp, c):
    stick = os.path.join(tmp, "stick")
    os.mkdir(stick)
    fs_type = run(["stat", "-f", "-c", "%T", stick]).stdout.strip()
    if fs_type not in ("msdos", "vfat"):
        r = run([discus, "usb", fileset, stick])
        c.expect(r.returncode == 1 and "FAT16/FAT32" in r.stderr and not os.listdir(stick),
                 f"folder on {fs_type}: not refused: {r.returncode} {r.stderr}")
    r = run([discus, "usb", "--any-fs", fileset, stick])
    c.expect(r.returncode == 0 and "VERIFIED" in r.stdout, f"folder --any-fs: exit {r.returncode}: {r.stdout}{r.stderr}")
    records_verified(r.stdout, fileset, "folder --any-fs", c)
    same_tree(fileset, stick, c, "folder copy")
    c.expect(os.path.isfile(os.path.join(stick, "DISCUSOK.TXT")), "folder: no completion marker")


def studies_in(dicomdir):
    ds = pydicom.dcmread(dicomdir)
    return {str(r.StudyInstanceUID) for r in ds.DirectoryRecordSequence if r.DirectoryRecordType == "STUDY"}


def spanning(discus, inputs, tmp, c):
    out = os.path.join(tmp, "span")
    source_studies = set()
    for root, _, files in os.walk(inputs):
        for f in files:
            try:
                source_studies.add(str(pydicom.dcmread(os.path.join(root, f), stop_before_pixels=True).StudyInstanceUID))
            except pydicom.errors.InvalidDicomError:
                pass  # the generator's MANIFEST.json
    r = run([discus, "span", "--profile", "STD-GEN-USB-JPEG", "--capacity", "24M", "--fileset-id", "SPANTEST",
             "--out", out, inputs])
    if not c.expect(r.returncode == 0, f"span: exit {r.returncode}: {r.stdout}{r.stderr}"):
        return
    vols = sorted(v for v in os.listdir(out) if os.path.isdir(os.path.join(out, v)))
    c.expect(len(vols) >= 2, f"span: only {vols} for {len(source_studies)} studies in 24 MiB volumes")
    seen = {}
    for v in vols:
        vd = os.path.join(out, v)
        d = run([discus, "dir", "--check", vd])
        c.expect(d.returncode == 0, f"span {v}: discus dir --check exit {d.returncode}: {d.stdout[-800:]}{d.stderr[-800:]}")
        dv = run(["dciodvfy", os.path.join(vd, "DICOMDIR")])
        for line in (dv.stdout + dv.stderr).splitlines():
            if line.startswith("Error"):
                c.expect(False, f"span {v}: dciodvfy: {line}")
        size = sum(os.path.getsize(os.path.join(r_, f)) for r_, _, fs in os.walk(vd) for f in fs)
        c.expect(size <= 24 * 1024 * 1024, f"span {v}: {size} bytes in a 24 MiB volume")
        s = run(["sha256sum", "--quiet", "-c", "SHA256.TXT"], cwd=vd)
        c.expect(s.returncode == 0, f"span {v}: sha256sum -c: {s.stdout}")
        for study in studies_in(os.path.join(vd, "DICOMDIR")):
            c.expect(study not in seen, f"span: study {study} on {seen.get(study)} and {v}")
            seen[study] = v
    c.expect(set(seen) == source_studies, f"span: studies on volumes {sorted(seen)} != input {sorted(source_studies)}")
    with open(os.path.join(out, "SPAN.report.json")) as f:
        report = json.load(f)
    for s in report["studies"]:
        c.expect(s["volumes"] == [seen.get(s["study_uid"])], f"span report: {s['study_uid']} on {s['volumes']}, DICOMDIRs say {seen.get(s['study_uid'])}")


def main():
    discus, repo = sys.argv[1], sys.argv[2]
    c = Checks()
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "src")
        subprocess.run(["/usr/bin/python3", os.path.join(repo, "bench", "gen_dataset.py"), "--small", "--out", src],
                       check=True, stdout=subprocess.DEVNULL)
        fileset = os.path.join(tmp, "fileset")
        a = run([discus, "author", "--profile", "STD-GEN-CD", "--fileset-id", "USBTEST", "--out", fileset, src])
        if not c.expect(a.returncode == 0, f"author: exit {a.returncode}: {a.stderr[-2000:]}"):
            print("\n".join(c.failures))
            return 1
        fat_image(discus, fileset, tmp, "32", c)
        fat_image(discus, fileset, tmp, "16", c)
        capacity_refused(discus, fileset, tmp, c)
        folder_target(discus, fileset, tmp, c)
        spanning(discus, src, tmp, c)
    if c.failures:
        print("\n".join(c.failures))
        return 1
    print("usb oracle: FAT32 and FAT16 images pass fsck.fat and mcopy; capacity and file system refused up front; "
          "spanned volumes pass dir --check and dciodvfy")
    return 0


if __name__ == "__main__":
    sys.exit(main())
