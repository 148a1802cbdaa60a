#!/usr/bin/python3
"""End-to-end tests of the `discus` command: exit codes, error messages, untouched sources,
headers-only reads and the memory a hostile file can cost.

Usage: cli_test.py DISCUS_BINARY [--sanitized]   (run by ctest; --sanitized skips RSS checks,
which AddressSanitizer's shadow memory would distort)
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


COMMANDS = ["dump", "validate", "dictionary", "transcode", "render", "profiles", "author", "update", "mkdir", "span",
            "dir", "encrypt", "decrypt", "iso", "drives", "burn", "usb", "verify", "help"]


class Explains(unittest.TestCase):
    """The CLI explains itself (issue 13, item 4): --help everywhere, --version, did-you-mean,
    one wording for usage errors, exit codes, profiles, configuration, man pages."""

    def test_every_command_answers_help_with_every_option_documented(self):
        for cmd in COMMANDS:
            r = run(cmd, "--help")
            self.assertEqual(r.returncode, 0, cmd)
            out = r.stdout.decode()
            self.assertIn(f"discus {cmd}", out, cmd)
            for line in out.splitlines():
                # An option line is "  --name TYPE   description"; the description must be there.
                stripped = line.strip()
                if stripped.startswith("-") and "  " not in stripped:
                    continue  # the long option name wrapped onto its own line; the text follows
                if stripped.startswith("--") or stripped.startswith("-h"):
                    self.assertGreater(len(stripped.split("  ", 1)[-1].strip()), 3, f"{cmd}: {line}")
        self.assertEqual(run("help", "author").stdout, run("author", "--help").stdout)
        top = run("--help")
        self.assertEqual(top.returncode, 0)
        for cmd in COMMANDS:
            self.assertIn(cmd.encode(), top.stdout)
        self.assertIn(b"Exit status", top.stdout)
        self.assertIn(b"Precedence: command-line flags", top.stdout)
        self.assertEqual(run("help").stdout, top.stdout)

    def test_version_names_discus_and_the_libraries(self):
        r = run("--version")
        self.assertEqual(r.returncode, 0)
        out = r.stdout.decode()
        self.assertRegex(out.splitlines()[0], r"^discus \d+\.\d+\.\d+$")
        for lib in ("OpenSSL", "zlib", "libisofs", "libburn", "OpenJPEG", "CharLS", "libjpeg-turbo", "libpng", "fmt"):
            self.assertRegex(out, lib + r"\s+\S*\d", lib)

    def test_option_equals_value(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "o.dcm")
            r = run("transcode", f"--ts={EXPLICIT}", CT, out)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(str(pydicom.dcmread(out).file_meta.TransferSyntaxUID), EXPLICIT)

    def test_usage_errors_have_one_wording_exit_2_and_suggest(self):
        cases = [
            (("autor",), "discus: unknown command 'autor' (did you mean 'author'?); see 'discus --help'"),
            (("dump", "--jsn", CT), "discus dump: unknown option '--jsn' (did you mean '--json'?); see 'discus dump --help'"),
            (("author", "--profile", "STD-GEN-CDX", "--out", "/nonexistent/x", CT),
             "discus author: unknown media profile 'STD-GEN-CDX' (did you mean 'STD-GEN-CD'?); see 'discus author --help'"),
            (("author", "--profile", "STD-GEN-CD", CT), "discus author: --out is required; see 'discus author --help'"),
            (("help", "verfy"), "discus: unknown command 'verfy' (did you mean 'verify'?); see 'discus --help'"),
            (("transcode", "--ts", "1.2.3", CT, "/nonexistent/o.dcm"), "see 'discus transcode --help'"),
            (("usb", "--fat", "12", "a", "b"), "see 'discus usb --help'"),
        ]
        for args, message in cases:
            r = run(*args)
            self.assertEqual(r.returncode, 2, args)
            self.assertIn(message, r.stderr.decode(), args)
        self.assertEqual(run().returncode, 2)

    def test_profiles(self):
        r = run("profiles", "--json")
        self.assertEqual(r.returncode, 0, r.stderr)
        profiles = {p["id"]: p for p in json.loads(r.stdout)}
        self.assertEqual(profiles["STD-GEN-CD"]["medium"], "CD-R")
        self.assertEqual([t["uid"] for t in profiles["STD-GEN-CD"]["transfer_syntaxes"]], [EXPLICIT])
        self.assertTrue(profiles["STD-GEN-CD"]["description"])
        self.assertIn("1.2.840.10008.1.2.4.50", [t["uid"] for t in profiles["STD-GEN-DVD-JPEG"]["transfer_syntaxes"]])
        text = run("profiles").stdout.decode()
        self.assertIn("STD-GEN-USB-JPEG", text)
        self.assertIn("Explicit VR Little Endian [1.2.840.10008.1.2.1]", text)

    def test_configuration_and_its_precedence(self):
        with tempfile.TemporaryDirectory() as tmp:
            conf = os.path.join(tmp, "discus.toml")
            with open(conf, "w") as f:
                f.write('[site]\ninstitution = "Config Hospital"\n[media]\ndefault_profile = "STD-GEN-CD"\n')
            # The file's profile and institution apply when no flag is given ...
            a = os.path.join(tmp, "a")
            r = run("--config", conf, "author", "--out", a, CT)
            self.assertEqual(r.returncode, 0, r.stderr)
            with open(os.path.join(a, "README.TXT"), encoding="latin-1") as f:
                self.assertIn("Config Hospital", f.read())
            # ... a flag wins over the file (also from $DISCUS_CONFIG, and after the command) ...
            b = os.path.join(tmp, "b")
            r = subprocess.run([DISCUS, "author", "--out", b, "--institution", "Flag Clinic", CT, "--verbose"],
                               capture_output=True, env=dict(os.environ, DISCUS_CONFIG=conf))
            self.assertEqual(r.returncode, 0, r.stderr)
            with open(os.path.join(b, "README.TXT"), encoding="latin-1") as f:
                readme = f.read()
            self.assertIn("Flag Clinic", readme)
            self.assertNotIn("Config Hospital", readme)
            # ... and without a file nothing is set: author needs --profile.
            r = run("--config", os.devnull, "author", "--out", os.path.join(tmp, "c"), CT)
            self.assertEqual(r.returncode, 2)
            self.assertIn(b"needs --profile", r.stderr)
            # Unknown keys and bad values are errors naming file, line and key.
            with open(conf, "w") as f:
                f.write('[site]\ninstitution = "x"\n\n[media]\ndefualt_profile = "STD-GEN-CD"\n')
            r = run("--config", conf, "profiles")
            self.assertEqual(r.returncode, 2)
            self.assertIn(f"{conf}:5: unknown key 'media.defualt_profile'".encode(), r.stderr)
            r = run("--config", os.path.join(tmp, "missing.toml"), "profiles")
            self.assertEqual(r.returncode, 2)
            self.assertIn(b"missing.toml", r.stderr)

    def test_shipped_example_configuration_parses(self):
        example = os.path.join(os.path.dirname(__file__), "..", "..", "packaging", "discus.toml")
        r = run("--config", example, "profiles")
        self.assertEqual(r.returncode, 0, r.stderr)

    def test_author_ends_with_a_summary_in_plain_words_and_json(self):
        with tempfile.TemporaryDirectory() as tmp:
            src = os.path.join(tmp, "in")
            os.makedirs(src)
            shutil.copy(CT, os.path.join(src, "a.dcm"))
            shutil.copy(CT, os.path.join(src, "copy.dcm"))
            shutil.copy(os.path.join(TEST_FILES, "MR_small.dcm"), os.path.join(src, "b.dcm"))
            with open(os.path.join(src, "notes.txt"), "w") as f:
                f.write("not DICOM\n")
            out = os.path.join(tmp, "disc")
            r = run("author", "--profile", "STD-GEN-CD", "--out", out, src)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn(f"2 of 4 files on the disc; 1 duplicate, 1 not DICOM — see {out}.report.txt", r.stdout.decode())
            # Excluded files say why, SOP Classes by name with the UID in brackets.
            r = run("author", "--profile", "STD-XA1K-CD", "--out", os.path.join(tmp, "xa"), CT, os.path.join(src, "notes.txt"))
            self.assertEqual(r.returncode, 1)
            self.assertIn(b"SOP Class CT Image Storage [1.2.840.10008.5.1.4.1.1.2] is not allowed by STD-XA1K-CD", r.stderr)
            r = run("author", "--json", "--profile", "STD-GEN-CD", "--out", os.path.join(tmp, "j"), src)
            self.assertEqual(r.returncode, 0, r.stderr)
            report = json.loads(r.stdout)
            self.assertEqual(len(report["files"]), 4)

    def test_quiet_prints_nothing_on_success(self):
        with tempfile.TemporaryDirectory() as tmp:
            r = run("--quiet", "author", "--profile", "STD-GEN-CD", "--out", os.path.join(tmp, "d"), CT)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(r.stdout, b"")

    def test_progress_bar_is_drawn_on_a_terminal_only(self):
        import pty
        import select
        with tempfile.TemporaryDirectory() as tmp:
            fileset = os.path.join(tmp, "disc")
            self.assertEqual(run("author", "--profile", "STD-GEN-CD", "--out", fileset, CT).returncode, 0)
            # A pipe sees no bar.
            piped = run("iso", fileset, os.path.join(tmp, "piped.iso"))
            self.assertEqual(piped.returncode, 0, piped.stderr)
            self.assertNotIn(b"\r", piped.stderr)
            # A terminal (stderr on a pty) sees one, with the stage, the bar and the amounts.
            master, slave = pty.openpty()
            p = subprocess.Popen([DISCUS, "iso", fileset, os.path.join(tmp, "tty.iso")], stdout=subprocess.DEVNULL,
                                 stderr=slave)
            os.close(slave)
            drawn = b""
            while True:
                ready, _, _ = select.select([master], [], [], 30)
                if not ready:
                    break
                try:
                    chunk = os.read(master, 4096)
                except OSError:
                    break
                if not chunk:
                    break
                drawn += chunk
            p.wait(timeout=60)
            os.close(master)
            self.assertEqual(p.returncode, 0, drawn)
            self.assertIn(b"\rwriting image", drawn)
            self.assertIn(b"100%", drawn)
            self.assertIn(b"\rverifying", drawn)

    def test_author_on_a_mixed_pile_draws_progress_and_ends_with_a_summary(self):
        """Issue 13: a few hundred mixed files on a terminal: a progress bar while copying, then one
        summary line in words that accounts for every file."""
        import pty
        import select
        with tempfile.TemporaryDirectory() as tmp:
            pile = os.path.join(tmp, "pile")
            # With JPEG2000-embedded-sequence-delimiter.dcm, which does not decode: since issue 11
            # it is left off alone and the job goes on.
            names = sorted(n for n in os.listdir(TEST_FILES) if n.endswith(".dcm"))
            for k in range(4):  # the same files four times over: a clinic's pile has copies
                os.makedirs(os.path.join(pile, f"copy{k}"))
                for n in names:
                    shutil.copy(os.path.join(TEST_FILES, n), os.path.join(pile, f"copy{k}", n))
                with open(os.path.join(pile, f"copy{k}", "notes.txt"), "w") as f:
                    f.write("not DICOM")
            total = sum(len(files) for _, _, files in os.walk(pile))
            self.assertGreaterEqual(total, 250)
            master, slave = pty.openpty()
            out = os.path.join(tmp, "disc")
            p = subprocess.Popen([DISCUS, "author", "--profile", "STD-GEN-CD", "--out", out, pile],
                                 stdout=slave, stderr=slave)
            os.close(slave)
            drawn = b""
            while True:
                ready, _, _ = select.select([master], [], [], 60)
                if not ready:
                    break
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                drawn += chunk
            p.wait(timeout=120)
            os.close(master)
            text = drawn.decode("utf-8", "replace")
            self.assertIn("\rcopying", text)
            self.assertIn("100%", text)
            summary = [l for l in text.replace("\r", "\n").splitlines() if "files on the disc" in l]
            self.assertEqual(len(summary), 1, text[-2000:])
            self.assertIn(f"of {total} files on the disc", summary[0])
            self.assertIn("duplicate", summary[0])
            self.assertIn("not DICOM", summary[0])
            # The routine notices are counted, not listed: far fewer lines than files.
            self.assertLess(len([l for l in text.splitlines() if l.strip()]), 40, text[-3000:])
            with open(out + ".report.json", encoding="utf-8") as f:
                report = json.load(f)
            self.assertEqual(len(report["files"]), total)

    def test_author_iso_with_an_undecodable_instance_needs_allow_excluded(self):
        """Issue 11: one instance that cannot be decoded for a CD is left off alone; the image is
        refused (with the way out named) unless --allow-excluded, and then it is written, verified,
        and its README.TXT says what was left off."""
        bad = "JPEG2000-embedded-sequence-delimiter.dcm"
        with tempfile.TemporaryDirectory() as tmp:
            pile = os.path.join(tmp, "pile")
            os.makedirs(pile)
            for n in ("CT_small.dcm", "MR_small.dcm", bad):
                shutil.copy(os.path.join(TEST_FILES, n), pile)
            refused, iso = os.path.join(tmp, "refused"), os.path.join(tmp, "refused.iso")
            r = run("author", "--profile", "STD-GEN-CD", "--out", refused, "--iso", iso, pile)
            self.assertEqual(r.returncode, 1, r.stderr)
            self.assertIn(b"--allow-excluded", r.stderr)
            self.assertIn(b"1 DICOM input(s) are not on the file-set", r.stderr)
            self.assertFalse(os.path.exists(iso))
            with open(refused + ".report.json") as f:
                files = {os.path.basename(e["source"]): e for e in json.load(f)["files"]}
            self.assertEqual(files[bad]["outcome"], "unreadable")
            self.assertIn("(7FE0,0010)", files[bad]["reason"])
            self.assertEqual({files[n]["outcome"] for n in ("CT_small.dcm", "MR_small.dcm")}, {"copied"})

            out, iso = os.path.join(tmp, "disc"), os.path.join(tmp, "disc.iso")
            r = run("author", "--profile", "STD-GEN-CD", "--out", out, "--iso", iso, "--allow-excluded", pile)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn(b"VERIFIED", r.stdout)
            self.assertTrue(os.path.getsize(iso) > 0)
            with open(os.path.join(out, "README.TXT"), encoding="utf-8") as f:
                readme = f.read()
            self.assertIn("What was left off this medium", readme)
            self.assertIn("1 file that could not be read as DICOM", readme)
            self.assertNotIn(bad, readme)  # counts only: no names on the medium
            r = run("verify", "--dir", out)
            self.assertEqual(r.returncode, 0, r.stderr)
            if shutil.which("dciodvfy"):
                r = subprocess.run(["dciodvfy", os.path.join(out, "DICOMDIR")], capture_output=True, text=True)
                errors = [l for l in (r.stdout + r.stderr).splitlines() if l.startswith("Error")]
                self.assertEqual(errors, [], r.stderr[-2000:])

    def test_json_of_a_latin1_file_name_is_valid_utf8(self):
        """Issue 12 regression: validate --json and dump --json aborted (SIGABRT) on a file name that
        is not valid UTF-8; the bytes are escaped as \\xNN instead."""
        with tempfile.TemporaryDirectory() as tmp:
            name = os.path.join(tmp.encode(), b"M\xfcller.dcm")
            shutil.copy(os.path.join(TEST_FILES, "ExplVR_BigEnd.dcm"), name)  # has findings that name the file
            for cmd in (["validate", "--json"], ["dump", "--json", "--stop-before-pixels"]):
                r = subprocess.run([DISCUS.encode()] + [c.encode() for c in cmd] + [name], capture_output=True)
                self.assertNotEqual(r.returncode, -6, r.stderr)
                self.assertIn(r.returncode, (0, 1), r.stderr)
                r.stdout.decode("utf-8")  # strict: raises on invalid UTF-8
                json.loads(r.stdout)

    def test_man_pages_and_completion_come_from_the_option_tree(self):
        r = run("__man", "author")
        self.assertEqual(r.returncode, 0, r.stderr)
        page = r.stdout.decode()
        self.assertTrue(page.startswith(".TH DISCUS\\-AUTHOR 1"))
        for option in ("\\-\\-profile", "\\-\\-out", "\\-\\-iso", "\\-\\-recipient", "\\-\\-config"):
            self.assertIn(option, page)
        if shutil.which("man"):
            with tempfile.NamedTemporaryFile("w", suffix=".1") as f:
                f.write(page)
                f.flush()
                m = subprocess.run(["man", "-l", f.name], capture_output=True, text=True,
                                   env=dict(os.environ, MANPAGER="cat", PAGER="cat", MANWIDTH="100"))
                self.assertEqual(m.returncode, 0, m.stderr)
                self.assertIn("discus-author", m.stdout)
                self.assertIn("EXIT STATUS", m.stdout)
        bash = run("__completion", "bash").stdout.decode()
        self.assertIn("complete -o filenames -o bashdefault -F _discus discus", bash)
        self.assertIn("--stop-before-pixels", bash)
        zsh = run("__completion", "zsh").stdout.decode()
        self.assertTrue(zsh.startswith("#compdef discus"))
        if shutil.which("bash"):
            self.assertEqual(subprocess.run(["bash", "-n"], input=bash.encode()).returncode, 0)
        # The build generated the same pages next to the binary's folder.
        built = os.path.join(os.path.dirname(DISCUS), "cli", "docs", "man1", "discus-author.1")
        if os.path.exists(built):
            with open(built) as f:
                self.assertEqual(f.read(), page)


SOURCE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
SCHEMAS = {  # kept beside the code that writes each document
    "author-report": os.path.join(SOURCE, "src", "media", "author", "report.schema.json"),
    "profiles": os.path.join(SOURCE, "src", "cli", "schemas", "profiles.schema.json"),
    "verify-report": os.path.join(SOURCE, "src", "cli", "schemas", "verify-report.schema.json"),
}


class JsonSchemas(unittest.TestCase):
    """--json output validates against the schemas kept in the repository (issue 13, "Must show")."""

    def validate(self, document, schema_name):
        import jsonschema  # python3-jsonschema (Debian)
        with open(SCHEMAS[schema_name]) as f:
            schema = json.load(f)
        jsonschema.Draft202012Validator(schema).validate(document)

    def test_author_profiles_and_verify_json(self):
        with tempfile.TemporaryDirectory() as tmp:
            src = os.path.join(tmp, "in")
            os.makedirs(src)
            shutil.copy(CT, src)
            shutil.copy(CT, os.path.join(src, "copy.dcm"))
            with open(os.path.join(src, "notes.txt"), "w") as f:
                f.write("x\n")
            with open(os.path.join(src, "broken.dcm"), "wb") as f:
                with open(os.path.join(TEST_FILES, "MR_small.dcm"), "rb") as m:
                    f.write(m.read()[:1000])
            out = os.path.join(tmp, "disc")
            r = run("author", "--json", "--profile", "STD-GEN-CD", "--out", out, src)
            self.assertEqual(r.returncode, 1, r.stderr)  # the broken file is an error; the report is complete
            self.validate(json.loads(r.stdout), "author-report")
            with open(out + ".report.json") as f:
                self.validate(json.load(f), "author-report")
            good = os.path.join(tmp, "good")
            self.assertEqual(run("author", "--profile", "STD-GEN-CD", "--out", good, CT).returncode, 0)
            r = run("verify", "--json", "--dir", good)
            self.assertEqual(r.returncode, 0, r.stderr)
            report = json.loads(r.stdout)
            self.validate(report, "verify-report")
            self.assertTrue(report["verified"])
            r = run("iso", "--json", good, os.path.join(tmp, "g.iso"))
            self.assertEqual(r.returncode, 0, r.stderr)
            self.validate(json.loads(r.stdout), "verify-report")
        self.validate(json.loads(run("profiles", "--json").stdout), "profiles")


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
