#!/usr/bin/env python3
"""`discus author` end to end with what it composes: pixel conversion where the profile demands
(a JPEG Extended 12-bit and an RLE image on a CD are decoded; dcmtk's dcmdjpeg/dcmdrle decode
the sources to the same pixels), --compress lossless (dcmtk decodes the result to the source
pixels), a secure profile (every DICOM File a CMS envelope that `openssl cms` opens; no plaintext
left in /dev/shm), --iso (isoinfo lists Level 1 names), and the refusals (a CD profile to a USB
stick, recipients without a secure profile).
Usage: author_media_test.py DISCUS
"""
import glob
import os
import shutil
import subprocess
import sys
import tempfile

import numpy
import pydicom

PYDICOM = "/usr/lib/python3/dist-packages/pydicom/data/test_files"
failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def run(*args, **kw):
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, **kw)


def native_pixels(path, tmp):
    """Pixel bytes of `path` decoded by dcmtk (dcmdjpeg, dcmdrle) or as stored when native."""
    ds = pydicom.dcmread(path)
    ts = str(ds.file_meta.TransferSyntaxUID)
    if ts.startswith("1.2.840.10008.1.2.4.") or ts == "1.2.840.10008.1.2.5":
        out = os.path.join(tmp, "dcmtk-" + os.path.basename(path))
        tool = "dcmdrle" if ts == "1.2.840.10008.1.2.5" else "dcmdjpeg"
        r = run(tool, path, out)
        if r.returncode != 0:
            raise RuntimeError(f"{tool} {path}: {r.stderr}")
        ds = pydicom.dcmread(out)
    return ds.PixelData


def written_files(root):
    return sorted(p for p in glob.glob(os.path.join(root, "DICOM", "**"), recursive=True) if os.path.isfile(p))


def main():
    discus = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "in")
        os.makedirs(src)
        for name in ("JPEG-lossy.dcm", "MR_small_RLE.dcm", "CT_small.dcm"):
            shutil.copy(os.path.join(PYDICOM, name), os.path.join(src, name))
        by_uid = {str(pydicom.dcmread(os.path.join(src, n), stop_before_pixels=True).SOPInstanceUID): os.path.join(src, n)
                  for n in os.listdir(src)}

        # A CD takes only Explicit VR Little Endian: compressed sources are decoded.
        cd = os.path.join(tmp, "cd")
        r = run(discus, "author", "--profile", "STD-GEN-CD", "--out", cd, "--iso", cd + ".iso", src)
        check(r.returncode == 0, f"author STD-GEN-CD --iso exits 0 ({r.stderr.strip()[-300:]})")
        for f in written_files(cd):
            ds = pydicom.dcmread(f)
            uid = str(ds.SOPInstanceUID)
            check(str(ds.file_meta.TransferSyntaxUID) == "1.2.840.10008.1.2.1", f"{os.path.basename(by_uid[uid])} on the CD is explicit VR LE")
            name = os.path.basename(by_uid[uid])
            ours, theirs = ds.PixelData, native_pixels(by_uid[uid], tmp)
            if name == "JPEG-lossy.dcm":
                # 12-bit DCT: our IDCT and IJG's round differently by at most one unit.
                a = numpy.frombuffer(ours, "<u2").astype(int)
                b = numpy.frombuffer(theirs, "<u2").astype(int)
                check(a.shape == b.shape and int(abs(a - b).max()) <= 1, f"{name}: pixels within 1 of dcmdjpeg's decoding of the source")
            else:
                check(ours == theirs, f"{name}: pixels equal dcmtk's decoding of the source")
        listing = run("isoinfo", "-l", "-i", cd + ".iso").stdout
        check("DICOMDIR.;1" in listing and "I0000001.;1" in listing, "isoinfo lists Level 1 names in the image")

        # --compress lossless on a JPEG DVD: JPEG Lossless SV1, decoded by dcmdjpeg to the source pixels.
        dvd = os.path.join(tmp, "dvd")
        ct = os.path.join(tmp, "ct")
        os.makedirs(ct)
        shutil.copy(os.path.join(PYDICOM, "CT_small.dcm"), os.path.join(ct, "CT_small.dcm"))
        r = run(discus, "author", "--profile", "STD-GEN-DVD-JPEG", "--compress", "lossless", "--out", dvd, ct)
        check(r.returncode == 0, f"author STD-GEN-DVD-JPEG --compress lossless exits 0 ({r.stderr.strip()[-300:]})")
        (f,) = written_files(dvd)
        check(str(pydicom.dcmread(f, stop_before_pixels=True).file_meta.TransferSyntaxUID) == "1.2.840.10008.1.2.4.70",
              "the CT on the DVD is JPEG Lossless SV1")
        check(native_pixels(f, tmp) == pydicom.dcmread(os.path.join(PYDICOM, "CT_small.dcm")).PixelData,
              "dcmdjpeg decodes it to the source pixels")

        # A secure CD: every DICOM File enveloped (CMS, DER SEQUENCE), openssl opens them with the password.
        pw = os.path.join(tmp, "pw.txt")
        with open(pw, "w") as fh:
            fh.write("correct horse battery staple\n")
        sec = os.path.join(tmp, "sec")
        # Popen for the PID: /dev/shm is shared with tests running alongside (crash_test kills secure
        # authors on purpose), so only the staging named after this run's process is ours to judge.
        proc = subprocess.Popen([str(a) for a in (discus, "author", "--profile", "STD-GEN-SEC-CD",
                                 "--password-file", pw, "--out", sec, ct)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        _, err = proc.communicate()
        check(proc.returncode == 0, f"author STD-GEN-SEC-CD exits 0 ({err.strip()[-300:]})")
        check(not glob.glob(f"/dev/shm/discus-secure-{proc.pid}-*"), "no plain staging left in /dev/shm")
        for f in written_files(sec) + [os.path.join(sec, "DICOMDIR")]:
            with open(f, "rb") as fh:
                head = fh.read(132)
            check(head[:1] == b"\x30" and head[128:132] != b"DICM", f"{os.path.relpath(f, sec)} is a CMS envelope, not a plain DICOM File")
        opened = os.path.join(tmp, "opened.der")
        r = run("openssl", "cms", "-decrypt", "-binary", "-inform", "DER", "-in", os.path.join(sec, "DICOMDIR"),
                "-pwri_password", "correct horse battery staple", "-out", opened)
        check(r.returncode == 0 and os.path.getsize(opened) > 0, f"openssl cms -decrypt opens the secure DICOMDIR ({r.stderr.strip()[:200]})")

        # Refusals, before anything is written to a medium.
        r = run(discus, "author", "--profile", "STD-GEN-CD", "--out", os.path.join(tmp, "x"), "--usb", os.path.join(tmp, "x.img"), ct)
        check(r.returncode == 2 and not os.path.exists(os.path.join(tmp, "x.img")), "a CD profile is not written to a USB stick (exit 2)")
        r = run(discus, "author", "--profile", "STD-GEN-CD", "--out", os.path.join(tmp, "y"), "--password-file", pw, ct)
        check(r.returncode == 2 and "secure profile" in r.stderr, "recipients without a secure profile are refused (exit 2)")
        r = run(discus, "author", "--profile", "STD-GEN-SEC-CD", "--out", os.path.join(tmp, "z"), ct)
        check(r.returncode == 2, "a secure profile without recipients is refused (exit 2)")
    if failures:
        print(f"{len(failures)} failure(s)")
        return 1
    print("all passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
