#!/usr/bin/python3
"""Verify means verified (issue 12 item 3): every instance's Pixel Data gets a structural check in
`verify`, `dir --check`, `mkdir` and `validate`; `verify` (and `validate --pixels`) decode every
compressed frame; files no DICOMDIR record references are reported; exit codes follow the worst
finding (0 clean, warnings allowed; 1 errors; 2 usage).

Usage: verify_depth_test.py DISCUS_BINARY   (run by ctest)
"""
import hashlib
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import unittest

import pydicom

DISCUS = None
TEST_FILES = os.path.dirname(pydicom.__file__) + "/data/test_files"
NATIVE_INPUTS = ["CT_small.dcm", "MR_small.dcm"]
JPEG_INPUTS = ["SC_rgb_jpeg_dcmtk.dcm", "JPEG-lossy.dcm"]
ENCAPSULATED_PIXEL_DATA = b"\xe0\x7f\x10\x00OB\x00\x00\xff\xff\xff\xff"
ITEM = b"\xfe\xff\x00\xe0"


def run(*args):
    return subprocess.run([DISCUS, *map(str, args)], capture_output=True, text=True)


def author(tmp, profile, names):
    """A file-set made by `discus author` from pydicom's test files; returns its folder."""
    inputs = os.path.join(tmp, "in-" + profile)
    os.makedirs(inputs)
    for n in names:
        shutil.copy(os.path.join(TEST_FILES, n), inputs)
    out = os.path.join(tmp, "fs-" + profile)
    # --no-viewer: these tests put their own INDEX.HTM, AUTORUN.INF and VIEWER/ files on the set.
    r = run("author", "--profile", profile, "--no-viewer", "--out", out, inputs)
    if r.returncode != 0:
        raise RuntimeError(f"author failed: {r.stderr}")
    return out


def instances(fs):
    """(path, transfer syntax) of every instance under fs/DICOM."""
    out = []
    for d, _, files in os.walk(os.path.join(fs, "DICOM")):
        for f in sorted(files):
            p = os.path.join(d, f)
            out.append((p, str(pydicom.dcmread(p, stop_before_pixels=True).file_meta.TransferSyntaxUID)))
    return sorted(out)


def instance_in(fs, encapsulated):
    for p, ts in instances(fs):
        if ts.startswith("1.2.840.10008.1.2.4.") == encapsulated:
            return p
    raise AssertionError(f"no {'compressed' if encapsulated else 'native'} instance in {fs}")


def refresh_manifest(fs):
    """SHA256.TXT made to match the (damaged) files, so that only the new checks can fail."""
    manifest = os.path.join(fs, "SHA256.TXT")
    lines = []
    with open(manifest) as f:
        for line in f:
            rel = line.rstrip("\n")[66:]
            with open(os.path.join(fs, rel), "rb") as g:
                lines.append(f"{hashlib.sha256(g.read()).hexdigest()}  {rel}\n")
    with open(manifest, "w") as f:
        f.writelines(lines)


def first_fragment(data):
    """Offset of the first fragment's Item tag (after the Basic Offset Table item)."""
    at = data.index(ENCAPSULATED_PIXEL_DATA) + len(ENCAPSULATED_PIXEL_DATA)
    assert data[at:at + 4] == ITEM
    (bot,) = struct.unpack_from("<I", data, at + 4)
    at += 8 + bot
    assert data[at:at + 4] == ITEM
    return at


def patch(path, fn):
    with open(path, "rb") as f:
        data = bytearray(f.read())
    data = fn(data)
    with open(path, "wb") as f:
        f.write(data)


def truncate_native(path):
    patch(path, lambda d: d[:-1000])  # into the Pixel Data, past any trailing padding


def lie_about_first_fragment(path):
    def fn(d):
        at = first_fragment(d)
        struct.pack_into("<I", d, at + 4, 0x7FFFFFF0)  # far past the end of the file
        return d
    patch(path, fn)


def garble_first_frame(path):
    """Same lengths, same start marker: the structure is sound, the bitstream is not."""
    def fn(d):
        at = first_fragment(d)
        (n,) = struct.unpack_from("<I", d, at + 4)
        d[at + 8 + 2:at + 8 + n] = b"\0" * (n - 2)
        return d
    patch(path, fn)


class Base(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="verify-depth-")

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def native_set(self):
        return author(self.tmp, "STD-GEN-CD", NATIVE_INPUTS)

    def jpeg_set(self):
        return author(self.tmp, "STD-GEN-DVD-JPEG", JPEG_INPUTS)

    def verify(self, fs, *extra):
        r = run("verify", "--dir", fs, "--json", *extra)
        report = json.loads(r.stdout) if r.stdout.strip() else None
        return r, report

    def rules(self, report, key="failures"):
        return sorted({f["rule"] for f in report[key]})

    def dir_check(self, fs):
        r = run("dir", "--check", "--json", fs)
        report = json.loads(r.stdout) if r.stdout.strip() else None
        return r, report


class Clean(Base):
    def test_clean_file_sets_verify_with_every_frame_decoded_and_exit_0(self):
        for fs in (self.native_set(), self.jpeg_set()):
            r, report = self.verify(fs)
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            self.assertTrue(report["verified"])
            self.assertTrue(report["frames_decoded"])
            self.assertEqual(report["pixel_data_checked"], len(instances(fs)))
            self.assertEqual(report["warnings"], [])
            r, report = self.dir_check(fs)
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            self.assertEqual(report["check"], [])


class BrokenPixelData(Base):
    def test_broken_pixel_data_in_allowed_syntax_is_reported_by_verify_dir_check_and_mkdir(self):
        cases = [(self.native_set, False, truncate_native, "pixel.truncated"),
                 (self.jpeg_set, True, lie_about_first_fragment, "pixel.item-length")]
        for make, compressed, damage, rule in cases:
            with self.subTest(rule=rule):
                fs = make()
                victim = instance_in(fs, compressed)
                damage(victim)
                refresh_manifest(fs)
                rel = os.path.relpath(victim, fs)
                # verify, decoding and headers only
                for extra in ([], ["--headers-only"]):
                    r, report = self.verify(fs, *extra)
                    self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
                    self.assertFalse(report["verified"])
                    found = [f for f in report["failures"] if f["rule"] == rule]
                    self.assertTrue(found, report["failures"])
                    self.assertEqual(found[0]["path"], rel)
                    self.assertIn("(7FE0,0010)", found[0]["message"])
                    self.assertIn("offset", found[0]["message"])
                # dir --check
                r, report = self.dir_check(fs)
                self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
                found = [f for f in report["check"] if f["rule"] == rule]
                self.assertTrue(found, report["check"])
                self.assertEqual(found[0]["tag_path"], "(7FE0,0010)")
                self.assertTrue(found[0]["file"].endswith(rel))
                # mkdir: reported, left out, exit 1
                count = len(instances(fs))
                r = run("mkdir", "--replace", "--json", fs)
                self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
                self.assertIn(rule, r.stderr)
                self.assertIn(rel, r.stderr)
                self.assertEqual(json.loads(r.stdout)["listed"], count - 1)

    def test_verify_decodes_every_compressed_frame_unless_headers_only(self):
        fs = self.jpeg_set()
        victim = instance_in(fs, True)
        garble_first_frame(victim)
        refresh_manifest(fs)
        r, report = self.verify(fs)
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn("pixel.decode", self.rules(report))
        r, report = self.verify(fs, "--headers-only")
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertFalse(report["frames_decoded"])

    def test_verify_of_an_iso_image_checks_pixel_data_too(self):
        fs = self.jpeg_set()
        lie_about_first_fragment(instance_in(fs, True))
        refresh_manifest(fs)
        iso = os.path.join(self.tmp, "set.iso")
        # `iso` verifies what it wrote with the same check: it fails, naming the file.
        r = run("iso", fs, iso)
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn("pixel.item-length", r.stdout + r.stderr)
        if not os.path.exists(iso):
            return
        r = run("verify", "--iso", iso, "--json")
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn("pixel.item-length", self.rules(json.loads(r.stdout)))


class Validate(Base):
    def test_validate_exits_nonzero_on_files_dump_rejects(self):
        fs = self.jpeg_set()
        lying = os.path.join(self.tmp, "lying.dcm")
        shutil.copy(instance_in(fs, True), lying)
        lie_about_first_fragment(lying)
        trailing = os.path.join(self.tmp, "trailing.dcm")
        shutil.copy(os.path.join(TEST_FILES, "CT_small.dcm"), trailing)
        patch(trailing, lambda d: d + b"\xfc\xff\xfc\xff")  # half an element after the Pixel Data
        for path in (lying, trailing):
            with self.subTest(path=os.path.basename(path)):
                self.assertNotEqual(run("dump", path).returncode, 0)
                r = run("validate", path)
                self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
                r = run("validate", "--json", path)
                self.assertEqual(r.returncode, 1)
                self.assertTrue(any(f["severity"] == "error" and f["file"] == path for f in json.loads(r.stdout)))

    def test_validate_pixels_decodes_every_frame(self):
        fs = self.jpeg_set()
        garbled = os.path.join(self.tmp, "garbled.dcm")
        shutil.copy(instance_in(fs, True), garbled)
        garble_first_frame(garbled)
        plain = run("validate", "--json", garbled)
        self.assertNotIn("pixel.decode", plain.stdout)
        r = run("validate", "--pixels", "--json", garbled)
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn("pixel.decode", {f["rule"] for f in json.loads(r.stdout)})
        self.assertEqual(run("validate", "--pixels", os.path.join(TEST_FILES, "SC_rgb_jpeg_dcmtk.dcm")).returncode, 0)


class DirCheck(Base):
    def test_dir_check_exits_nonzero_when_it_reports_errors(self):
        fs = self.native_set()
        os.remove(instance_in(fs, False))  # a record now references a missing file
        r = run("dir", "--check", fs)
        self.assertIn("error", r.stdout)
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        r, report = self.dir_check(fs)
        self.assertEqual(r.returncode, 1)
        self.assertTrue(any(f["severity"] == "error" for f in report["check"]))


class Unreferenced(Base):
    def test_unreferenced_dicom_file_is_an_error_for_verify_and_dir_check(self):
        fs = self.native_set()
        os.makedirs(os.path.join(fs, "EXTRA"))
        shutil.copy(os.path.join(TEST_FILES, "MR_small.dcm"), os.path.join(fs, "EXTRA", "IM1"))
        r, report = self.verify(fs)
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertEqual([f["path"] for f in report["failures"] if f["rule"] == "verify.unreferenced-dicom"], ["EXTRA/IM1"])
        r, report = self.dir_check(fs)
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertEqual([f["severity"] for f in report["check"] if f["rule"] == "dicomdir.unreferenced-dicom"], ["error"])

    def test_unknown_non_dicom_file_is_a_warning_and_exits_0(self):
        fs = self.native_set()
        with open(os.path.join(fs, "NOTES.TXT"), "w") as f:
            f.write("left here by someone\n")
        r, report = self.verify(fs)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertEqual([(w["path"], w["rule"]) for w in report["warnings"]], [("NOTES.TXT", "verify.unreferenced")])
        r = run("verify", "--dir", fs)
        self.assertIn("warning NOTES.TXT", r.stdout)
        r, report = self.dir_check(fs)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertEqual([(f["severity"], f["rule"]) for f in report["check"]], [("warning", "dicomdir.unreferenced")])

    def test_allowed_non_dicom_content_is_clean(self):
        fs = self.native_set()
        for rel in ("INDEX.HTM", "AUTORUN.INF", "IHE_PDI/PAGE1.HTM", "VIEWER/VIEWER.JS"):
            os.makedirs(os.path.dirname(os.path.join(fs, rel)), exist_ok=True)
            with open(os.path.join(fs, rel), "w") as f:
                f.write("<html></html>\n")
        r, report = self.verify(fs)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertEqual(report["warnings"], [])
        self.assertEqual(report["failures"], [])
        r, report = self.dir_check(fs)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertEqual(report["check"], [])

    def test_a_dicom_file_under_an_allowed_name_is_still_an_error(self):
        fs = self.native_set()
        os.makedirs(os.path.join(fs, "VIEWER"))
        shutil.copy(os.path.join(TEST_FILES, "CT_small.dcm"), os.path.join(fs, "VIEWER", "CT"))
        r, report = self.verify(fs)
        self.assertEqual(r.returncode, 1, r.stdout + r.stderr)
        self.assertIn("verify.unreferenced-dicom", self.rules(report))


class ExitCodes(Base):
    def test_usage_errors_exit_2(self):
        self.assertEqual(run("verify").returncode, 2)
        self.assertEqual(run("verify", "--dir", "a", "--iso", "b").returncode, 2)
        self.assertEqual(run("validate").returncode, 2)
        self.assertEqual(run("dir").returncode, 2)
        self.assertEqual(run("validate", "--no-such-option", "x").returncode, 2)


if __name__ == "__main__":
    DISCUS = sys.argv.pop(1)
    unittest.main(verbosity=2)
