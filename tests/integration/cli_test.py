#!/usr/bin/python3
"""End-to-end tests of the `discus` command: exit codes, error messages, untouched sources,
headers-only reads and the memory a hostile file can cost.

Usage: cli_test.py DISCUS_BINARY [--sanitized]   (run by ctest; --sanitized skips RSS checks,
which AddressSanitizer's shadow memory would distort)
"""
import hashlib
import json
import os
import resource
import shutil
import struct
import subprocess
import sys
import tempfile
import unittest
import zlib

import pydicom

DISCUS = None
SANITIZED = False
TEST_FILES = os.path.dirname(pydicom.__file__) + "/data/test_files"
CT = os.path.join(TEST_FILES, "CT_small.dcm")
EXPLICIT = "1.2.840.10008.1.2.1"


def run(*args):
    return subprocess.run([DISCUS, *args], capture_output=True)


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def element(group, elem, vr, value):
    long_vr = vr in (b"OB", b"OW", b"UN", b"SQ", b"UT", b"OD", b"OF", b"OL", b"OV", b"UC", b"UR", b"SV", b"UV")
    head = struct.pack("<HH", group, elem) + vr
    head += struct.pack("<HI", 0, len(value)) if long_vr else struct.pack("<H", len(value))
    return head + value


def part10(ts, body):
    def ui(s):
        b = s.encode()
        return b + (b"\0" if len(b) % 2 else b"")
    meta = element(2, 1, b"OB", b"\0\1") + element(2, 2, b"UI", ui("1.2.840.10008.5.1.4.1.1.7"))
    meta += element(2, 3, b"UI", ui("1.2.3.4")) + element(2, 0x10, b"UI", ui(ts))
    return b"\0" * 128 + b"DICM" + element(2, 0, b"UL", struct.pack("<I", len(meta))) + meta + body


def max_rss_kb_of(args):
    """Runs discus under GNU time and returns (exit code, its peak RSS in KB). Not measured from
    here: a child forked from this Python process would start with Python's pages counted."""
    with tempfile.NamedTemporaryFile("r") as report:
        r = subprocess.run(["/usr/bin/time", "-o", report.name, "-f", "%M", DISCUS, *args],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return r.returncode, int(report.read().strip().splitlines()[-1])


class Dump(unittest.TestCase):
    def test_reads_a_file(self):
        r = run("dump", CT)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn(b"PatientName", r.stdout)
        self.assertIn(b"[CompressedSamples^CT1]", r.stdout)

    def test_json_is_the_ps318_model(self):
        r = run("dump", "--json", CT)
        self.assertEqual(r.returncode, 0, r.stderr)
        model = json.loads(r.stdout)
        self.assertEqual(model["00100010"]["vr"], "PN")
        self.assertEqual(model["00100010"]["Value"][0]["Alphabetic"], "CompressedSamples^CT1")
        self.assertEqual(model["00280010"]["Value"], [128])

    def test_unreadable_files_fail_with_the_reason_and_the_rest_is_still_dumped(self):
        with tempfile.TemporaryDirectory() as tmp:
            bad = os.path.join(tmp, "truncated.dcm")
            with open(CT, "rb") as f:
                data = f.read()
            with open(bad, "wb") as f:
                f.write(data[:1000])
            r = run("dump", CT, bad, os.path.join(tmp, "missing.dcm"))
        self.assertEqual(r.returncode, 1)
        self.assertIn(b"PatientName", r.stdout)
        err = r.stderr.decode()
        self.assertIn("truncated.dcm: offset ", err)
        self.assertIn("missing.dcm", err)

    def test_usage_error(self):
        self.assertEqual(run("dump").returncode, 2)
        self.assertEqual(run("dump", "--bogus", CT).returncode, 2)
        self.assertEqual(run("frobnicate").returncode, 2)

    def test_files_from(self):
        with tempfile.NamedTemporaryFile("w", suffix=".txt") as lst:
            lst.write(CT + "\n" + os.path.join(TEST_FILES, "MR_small.dcm") + "\n")
            lst.flush()
            r = run("dump", "--stop-before-pixels", "--files-from", lst.name)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.count(b"# file: "), 2)

    def test_stop_before_pixels_never_reads_pixel_bytes(self):
        # Pixel Data that claims 1 MB the file does not have: fatal only if we try to read it.
        body = element(0x10, 0x10, b"PN", b"Doe^Jane") + struct.pack("<HH", 0x7FE0, 0x10) + b"OW" + struct.pack("<HI", 0, 1 << 20)
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "short.dcm")
            with open(path, "wb") as f:
                f.write(part10(EXPLICIT, body) + b"\0" * 16)
            self.assertEqual(run("dump", "--stop-before-pixels", path).returncode, 0)
            full = run("dump", path)
        self.assertEqual(full.returncode, 1)
        self.assertIn(b"(7FE0,0010)", full.stderr)


class Transcode(unittest.TestCase):
    def test_source_untouched_and_dcmtk_reads_every_output(self):
        with tempfile.TemporaryDirectory() as tmp:
            src = os.path.join(tmp, "src.dcm")
            shutil.copy(CT, src)
            before, mtime = sha256(src), os.stat(src).st_mtime_ns
            for ts in ("1.2.840.10008.1.2", EXPLICIT, "1.2.840.10008.1.2.1.99"):
                out = os.path.join(tmp, ts + ".dcm")
                r = run("transcode", "--ts", ts, src, out)
                self.assertEqual(r.returncode, 0, r.stderr)
                d = subprocess.run(["dcmdump", "-M", out], capture_output=True, text=True)
                self.assertEqual(d.returncode, 0, d.stderr)
                self.assertIn("Discus", "Discus" if "DISCUS_0.1.0" in d.stdout else d.stdout)
                self.assertEqual(str(pydicom.dcmread(out).file_meta.TransferSyntaxUID), ts)
            self.assertEqual(sha256(src), before)
            self.assertEqual(os.stat(src).st_mtime_ns, mtime)

    def test_jpeg_lossless_both_ways_agrees_with_dcmdjpeg(self):
        with tempfile.TemporaryDirectory() as tmp:
            lossless = os.path.join(tmp, "ll.dcm")
            back = os.path.join(tmp, "back.dcm")
            self.assertEqual(run("transcode", "--ts", "1.2.840.10008.1.2.4.70", CT, lossless).returncode, 0)
            subprocess.run(["dcmdjpeg", lossless, back], check=True)
            self.assertEqual(pydicom.dcmread(back).PixelData, pydicom.dcmread(CT).PixelData)
            src = os.path.join(TEST_FILES, "SC_rgb_jpeg_gdcm.dcm")  # JPEG lossless SV1, RGB
            ours, ref = os.path.join(tmp, "ours.dcm"), os.path.join(tmp, "ref.dcm")
            self.assertEqual(run("transcode", "--ts", EXPLICIT, src, ours).returncode, 0)
            subprocess.run(["dcmdjpeg", src, ref], check=True)
            self.assertEqual(pydicom.dcmread(ours).PixelData, pydicom.dcmread(ref).PixelData)

    def test_refusals(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "o.dcm")
            self.assertEqual(run("transcode", "--ts", EXPLICIT, CT, CT).returncode, 2)
            self.assertEqual(run("transcode", "--ts", "1.2.3", CT, out).returncode, 2)
            r = run("transcode", "--ts", "1.2.840.10008.1.2.2", CT, out)
            self.assertEqual(r.returncode, 1)
            self.assertIn(b"retired", r.stderr)
            # HTJ2K is decoded but not encoded (OpenJPEG 2.5 has no HTJ2K encoder): refused, no output.
            r = run("transcode", "--ts", "1.2.840.10008.1.2.4.201", CT, out)
            self.assertEqual(r.returncode, 1)
            self.assertIn(b"codec", r.stderr)
            self.assertFalse(os.path.exists(out))

    def test_out_dir_takes_files_and_folders_and_accounts_for_every_one(self):
        with tempfile.TemporaryDirectory() as tmp:
            series = os.path.join(tmp, "series")
            os.makedirs(os.path.join(series, "sub"))
            shutil.copy(os.path.join(TEST_FILES, "MR_small_RLE.dcm"), os.path.join(series, "a.dcm"))
            shutil.copy(os.path.join(TEST_FILES, "SC_rgb_jpeg_gdcm.dcm"), os.path.join(series, "sub", "b.dcm"))
            with open(os.path.join(series, "sub", "notes.txt"), "w") as f:
                f.write("not DICOM\n")
            out = os.path.join(tmp, "out")
            r = run("transcode", "--ts", EXPLICIT, "--jobs", "2", "--out-dir", out, series, CT)
            self.assertEqual(r.returncode, 1, r.stderr)  # notes.txt is not DICOM: named, the rest written
            self.assertIn(b"notes.txt", r.stderr)
            self.assertIn(b"3 of 4 files written", r.stderr)
            for src, dst in ((os.path.join(series, "a.dcm"), "series/a.dcm"),
                             (os.path.join(series, "sub", "b.dcm"), "series/sub/b.dcm"), (CT, "CT_small.dcm")):
                ref = os.path.join(tmp, "ref.dcm")
                subprocess.run(["dcmdrle" if src.endswith("a.dcm") else "dcmdjpeg" if src.endswith("b.dcm") else "dcmconv",
                                src, ref], check=True)
                ours = pydicom.dcmread(os.path.join(out, dst))
                self.assertEqual(str(ours.file_meta.TransferSyntaxUID), EXPLICIT)
                self.assertEqual(ours.PixelData, pydicom.dcmread(ref).PixelData, dst)
            # Two inputs with one output name are refused before anything is written.
            again = os.path.join(tmp, "again")
            r = run("transcode", "--ts", EXPLICIT, "--out-dir", again, CT, os.path.join(series, "a.dcm"),
                    os.path.join(tmp, "out", "CT_small.dcm"))
            self.assertEqual(r.returncode, 2)
            self.assertIn(b"would both be written", r.stderr)
            self.assertFalse(os.path.exists(again))

    def test_lossy_output_is_a_new_derived_image(self):
        with tempfile.TemporaryDirectory() as tmp:
            src = os.path.join(TEST_FILES, "SC_rgb_rle.dcm")  # 8-bit RGB, RLE (lossless)
            out = os.path.join(tmp, "lossy.dcm")
            r = run("transcode", "--ts", "1.2.840.10008.1.2.4.50", src, out)
            self.assertEqual(r.returncode, 0, r.stderr)
            a, b = pydicom.dcmread(src), pydicom.dcmread(out)
            self.assertNotEqual(b.SOPInstanceUID, a.SOPInstanceUID)
            self.assertEqual(b.file_meta.MediaStorageSOPInstanceUID, b.SOPInstanceUID)
            self.assertEqual(b.LossyImageCompression, "01")
            self.assertEqual(b.LossyImageCompressionMethod, "ISO_10918_1")
            ratio = float(b.LossyImageCompressionRatio)
            size = sum(len(f) for f in pydicom.encaps.generate_pixel_data_frame(b.PixelData))
            native = a.Rows * a.Columns * a.SamplesPerPixel * a.BitsAllocated // 8
            self.assertAlmostEqual(ratio, native / size, delta=0.1)
            self.assertEqual(b.ImageType[0], "DERIVED")
            self.assertEqual(b.SourceImageSequence[0].ReferencedSOPInstanceUID, a.SOPInstanceUID)
            # Lossless output keeps the instance.
            ll = os.path.join(tmp, "ll.dcm")
            self.assertEqual(run("transcode", "--ts", "1.2.840.10008.1.2.4.70", src, ll).returncode, 0)
            self.assertEqual(pydicom.dcmread(ll).SOPInstanceUID, a.SOPInstanceUID)


class FileSet(unittest.TestCase):
    """author, dir and mkdir end to end on a real file."""

    def test_author_then_dir_check_then_mkdir_again(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "disc")
            r = run("author", "--profile", "STD-GEN-CD", "--out", out, CT, os.path.join(TEST_FILES, "MR_small.dcm"))
            self.assertEqual(r.returncode, 0, r.stderr)
            for name in ("DICOMDIR", "README.TXT", "SHA256.TXT"):
                self.assertTrue(os.path.isfile(os.path.join(out, name)), name)
            self.assertTrue(os.path.isfile(out + ".report.json"))
            listing = run("dir", "--check", out)
            self.assertEqual(listing.returncode, 0, listing.stdout + listing.stderr)
            self.assertEqual(listing.stdout.count(b"IMAGE"), 2)
            again = run("mkdir", "--replace", "--profile", "STD-GEN-CD", out)
            self.assertEqual(again.returncode, 0, again.stderr)
            self.assertIn(b"2 file(s) listed", again.stdout)

    def test_a_sop_class_the_profile_does_not_take_is_refused_clearly(self):
        # STD-XA1K-CD takes X-ray angiography and secondary capture only (PS3.11 B.3.1).
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "disc")
            r = run("author", "--profile", "STD-XA1K-CD", "--out", out, CT)
            self.assertEqual(r.returncode, 1)
            self.assertIn(b"not allowed by STD-XA1K-CD", r.stderr)
            self.assertFalse(os.path.exists(os.path.join(out, "DICOMDIR")))

    def test_unknown_profile_is_a_usage_error(self):
        with tempfile.TemporaryDirectory() as tmp:
            self.assertEqual(run("author", "--profile", "STD-NOPE", "--out", os.path.join(tmp, "d"), CT).returncode, 2)


@unittest.skipIf(SANITIZED, "AddressSanitizer shadow memory distorts RSS")
class MemoryBound(unittest.TestCase):
    """Hostile inputs cost at most a few MB over the file size (issue 2 "Bad input")."""

    def check(self, data, limit_kb):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "hostile.dcm")
            with open(path, "wb") as f:
                f.write(data)
            code, rss = max_rss_kb_of(["dump", path])
        self.assertEqual(code, 1)
        self.assertLess(rss, limit_kb + len(data) // 1024, f"peak RSS {rss} KB")
        return rss

    def test_four_gigabyte_claim_in_a_small_file(self):
        body = struct.pack("<HH", 0x7FE0, 0x10) + b"OB" + struct.pack("<HI", 0, 0xFFFFFFF0)
        self.check(part10(EXPLICIT, body).ljust(200, b"\0"), 16 * 1024)

    def bomb(self, plain, limit_kb):
        c = zlib.compressobj(9, zlib.DEFLATED, -15)
        packed = c.compress(plain) + c.flush()
        rss = self.check(part10("1.2.840.10008.1.2.1.99", packed), limit_kb)
        print(f"\ndeflate bomb: {len(packed)} bytes on disk, would inflate to {len(plain)}; peak RSS {rss} KB",
              file=sys.stderr)

    def test_deflate_bomb_declaring_four_gigabytes(self):
        # Refused when the declared length exceeds what the data set may inflate to.
        self.bomb(struct.pack("<HH", 0x0009, 0x1001) + b"OB" + struct.pack("<HI", 0, 0xFFFFFFF0) + b"\0" * (256 << 20),
                  16 * 1024)

    def test_deflate_bomb_of_many_honest_elements(self):
        # 1 MiB elements, each truthful: the inflate cap max(16 MiB, 100 x file size) stops it.
        elem = struct.pack("<HH", 0x0009, 0x1001) + b"OB" + struct.pack("<HI", 0, 1 << 20) + b"\0" * (1 << 20)
        self.bomb(elem * 256, 48 * 1024)

    def test_deeply_nested(self):
        body = (struct.pack("<HH", 0x0008, 0x1115) + b"SQ" + struct.pack("<HI", 0, 0xFFFFFFFF)
                + struct.pack("<HHI", 0xFFFE, 0xE000, 0xFFFFFFFF)) * 10000
        self.check(part10(EXPLICIT, body), 16 * 1024)


if __name__ == "__main__":
    DISCUS = sys.argv.pop(1)
    if "--sanitized" in sys.argv:
        sys.argv.remove("--sanitized")
        SANITIZED = True
        MemoryBound = unittest.skip("sanitized build")(MemoryBound)
    unittest.main(verbosity=1)
