#!/usr/bin/python3
"""Text from outside is data (issue 12, item 2, Must show): a generated corpus of text traps run
through every command, with --json and without.

Usage: text_traps_test.py DISCUS_BINARY

The corpus is a handful of small Secondary Capture instances written byte by byte here (so any
byte sequence can be put in a value): Latin-1 and UTF-8 spellings of one patient, ISO 2022 IR 87
and IR 13 (Japanese) and IR 149 (Korean) names with their escape sequences, invalid UTF-8,
a truncated escape sequence, an undeclared character set, C0 control characters, ANSI escapes
(colour, clear screen, window title) and bidi overrides (U+202E) in values - and the same traps in
file names (a Latin-1 byte name, an ANSI escape, a newline, U+202E).

Every command (dump, validate, render, transcode, dir, dir --check, mkdir, author, update, verify,
iso, usb, span, encrypt, decrypt) must:
* end by exit (0, 1 or 2), never by a signal (before the fix: SIGABRT on invalid UTF-8);
* with --json print valid UTF-8 that `python3 -m json.tool` accepts;
* on the terminal (stdout and stderr) show control characters, escapes and bidi controls made
  visible: no raw ESC, no C0 control other than newline and tab, no U+202E..U+202E/U+2066..U+2069.
And the one patient written in Latin-1 and in UTF-8 (same Patient ID) gets one PATIENT record.
"""
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import unittest
import warnings

warnings.simplefilter("ignore")  # pydicom's DicomDir deprecation
DISCUS = None
EXPLICIT_LE = "1.2.840.10008.1.2.1"
SC_IMAGE = "1.2.840.10008.5.1.4.1.1.7"
PASSWORD = "text traps are data"

# Bidi controls that reorder what a terminal shows (U+202A..U+202E, U+2066..U+2069), UTF-8 encoded.
BIDI = [chr(c).encode() for c in list(range(0x202A, 0x202F)) + list(range(0x2066, 0x206A))]


def element(group, elem, vr, value):
    """One explicit VR little endian element; `value` is bytes, padded to even length."""
    if len(value) % 2:
        value += b"\0" if vr in ("UI", "OB") else b" "
    if vr in ("OB", "OW", "SQ", "UN", "UT", "UC", "UR"):
        return struct.pack("<HH2sHI", group, elem, vr.encode(), 0, len(value)) + value
    return struct.pack("<HH2sH", group, elem, vr.encode(), len(value)) + value


def part10(values, uid):
    """A small Secondary Capture image whose text elements hold the raw bytes in `values`
    (a dict of (group, element) -> bytes); everything else is fixed."""
    base = {
        (0x0008, 0x0016): ("UI", SC_IMAGE.encode()),
        (0x0008, 0x0018): ("UI", uid.encode()),
        (0x0008, 0x0020): ("DA", b"20260101"),
        (0x0008, 0x0030): ("TM", b"120000"),
        (0x0008, 0x0050): ("SH", b"ACC1"),
        (0x0008, 0x0060): ("CS", b"OT"),
        (0x0008, 0x0064): ("CS", b"WSD"),
        (0x0008, 0x0090): ("PN", b""),
        (0x0010, 0x0020): ("LO", b"TRAP-OTHER"),
        (0x0010, 0x0030): ("DA", b"19700101"),
        (0x0010, 0x0040): ("CS", b"O"),
        (0x0020, 0x000D): ("UI", b"1.2.826.0.1.3680043.10.1127.1"),
        (0x0020, 0x000E): ("UI", (uid + ".9").encode()),
        (0x0020, 0x0010): ("SH", b"S1"),
        (0x0020, 0x0011): ("IS", b"1"),
        (0x0020, 0x0013): ("IS", b"1"),
        (0x0020, 0x0020): ("CS", b""),
        (0x0028, 0x0002): ("US", struct.pack("<H", 1)),
        (0x0028, 0x0004): ("CS", b"MONOCHROME2"),
        (0x0028, 0x0010): ("US", struct.pack("<H", 8)),
        (0x0028, 0x0011): ("US", struct.pack("<H", 8)),
        (0x0028, 0x0100): ("US", struct.pack("<H", 8)),
        (0x0028, 0x0101): ("US", struct.pack("<H", 8)),
        (0x0028, 0x0102): ("US", struct.pack("<H", 7)),
        (0x0028, 0x0103): ("US", struct.pack("<H", 0)),
        (0x7FE0, 0x0010): ("OB", bytes(range(0, 256, 4))),
    }
    vrs = {(0x0008, 0x0005): "CS", (0x0008, 0x1030): "LO", (0x0008, 0x103E): "LO", (0x0010, 0x0010): "PN",
           (0x0010, 0x0020): "LO", (0x0010, 0x4000): "LT", (0x0020, 0x4000): "LT"}
    for tag, raw in values.items():
        base[tag] = (vrs[tag], raw)
    body = b"".join(element(g, e, vr, v) for (g, e), (vr, v) in sorted(base.items()))
    meta = (element(2, 1, "OB", b"\0\1") + element(2, 2, "UI", SC_IMAGE.encode()) + element(2, 3, "UI", uid.encode())
            + element(2, 0x10, "UI", EXPLICIT_LE.encode()) + element(2, 0x12, "UI", b"1.2.826.0.1.3680043.10.1127.99"))
    meta = element(2, 0, "UL", struct.pack("<I", len(meta))) + meta
    return b"\0" * 128 + b"DICM" + meta + body


def iso2022(text, codec):
    return text.encode(codec)


# The corpus: file name (bytes) -> values. One patient (TRAP-ONE) in Latin-1 and in UTF-8.
SCS, STUDY, SERIES, NAME, PID, COMMENTS = (8, 5), (8, 0x1030), (8, 0x103E), (0x10, 0x10), (0x10, 0x20), (0x10, 0x4000)
KATAKANA = "ﾔﾏﾀﾞ^ﾀﾛｳ".encode("shift_jis")  # JIS X 0201 katakana: the same bytes in G1 of IR 13
CORPUS = {
    b"m\xfcller-latin1.dcm": {SCS: b"ISO_IR 100", NAME: "Müller^Jürgen".encode("latin-1"), PID: b"TRAP-ONE",
                               STUDY: "Hüfte rechts".encode("latin-1")},
    "müller-utf8.dcm".encode(): {SCS: b"ISO_IR 192", NAME: "Müller^Jürgen".encode(), PID: b"TRAP-ONE",
                                 STUDY: "Hüfte rechts".encode()},
    b"invalid-utf8.dcm": {SCS: b"ISO_IR 192", NAME: b"Bad\xff\xfe^Seq\xc3", PID: b"TRAP-BAD",
                          STUDY: b"\xed\xa0\x80 surrogate \xc0\xaf overlong", SERIES: b"cut \xe2\x82"},
    b"ansi-\x1b[31mred\x1b[0m.dcm": {PID: b"TRAP-ANSI", NAME: b"Ansi^Esc\x1b[2J",
                                     STUDY: b"A\x07B\x08C\x1b[31mRED\x1b[0m", COMMENTS: b"\x1b]0;owned\x07 title\r\nline\x00nul"},
    "rtl-\u202egpj.dcm".encode(): {SCS: b"ISO_IR 192", PID: b"TRAP-BIDI", NAME: "Evil\u202e^txt.exe".encode(),
                                   SERIES: "abc\u202eevil\u202ctxt\u2066x\u2069".encode()},
    b"new\nline.dcm": {PID: b"TRAP-NL", NAME: b"New^Line", STUDY: b"two\nlines\ttab"},
    b"ir87.dcm": {SCS: b"\\ISO 2022 IR 87", PID: b"TRAP-JP",
                  NAME: b"Yamada^Tarou=" + iso2022("山田", "iso2022_jp") + b"^" + iso2022("太郎", "iso2022_jp")
                  + b"=" + iso2022("やまだ", "iso2022_jp") + b"^" + iso2022("たろう", "iso2022_jp")},
    b"ir13-ir87.dcm": {SCS: b"ISO 2022 IR 13\\ISO 2022 IR 87", PID: b"TRAP-JP2",
                       NAME: KATAKANA + b"=" + iso2022("山田", "iso2022_jp")[:-3] + b"\x1b(J^"
                       + iso2022("太郎", "iso2022_jp")[:-3] + b"\x1b(J"},
    b"ir149.dcm": {SCS: b"\\ISO 2022 IR 149", PID: b"TRAP-KR",
                   NAME: b"Hong^Gildong=\x1b$)C" + "洪".encode("euc_kr") + b"^\x1b$)C" + "吉洞".encode("euc_kr")
                   + b"=\x1b$)C" + "홍".encode("euc_kr") + b"^\x1b$)C" + "길동".encode("euc_kr")},
    b"iso2022-broken.dcm": {SCS: b"\\ISO 2022 IR 87", PID: b"TRAP-JP3", NAME: b"Cut^Escape\x1b$", STUDY: b"\x1b$B\xff\xff\x1b(B"},
    b"mixed.dcm": {SCS: b"ISO_IR 100", PID: b"TRAP-MIX", NAME: "Mojibake^Ãœ".encode() + b"\x9b31m",
                   STUDY: "utf-8 in latin-1: ü".encode() + b" \x1b[1mbold"},
    b"undeclared.dcm": {PID: b"TRAP-NOCS", NAME: b"No^Charset\xe9\xff", STUDY: b"\x80\x81\x9b"},
    b"unknown-charset.dcm": {SCS: b"ISO_IR 999", PID: b"TRAP-UNK", NAME: b"Unknown^Set\xfc"},
}


def make_corpus(folder):
    os.makedirs(folder)
    paths = []
    for k, (name, values) in enumerate(sorted(CORPUS.items())):
        path = os.path.join(os.fsencode(folder), name)
        with open(path, "wb") as f:
            f.write(part10(values, f"1.2.826.0.1.3680043.10.1127.{1000 + k}"))
        paths.append(path)
    return paths


def terminal_problems(data):
    """What a terminal would obey instead of show: ESC, C0 controls, DEL, C1 (UTF-8), bidi."""
    found = []
    for b in sorted(set(data)):
        if (b < 0x20 and b not in (0x0A, 0x09)) or b == 0x7F:
            found.append(f"raw byte 0x{b:02x}")
    text = data.decode("utf-8", errors="replace")
    found += [f"raw U+{ord(c):04X}" for c in sorted(set(text)) if 0x80 <= ord(c) <= 0x9F]
    found += [f"raw bidi {b.decode()!a}" for b in BIDI if b in data]
    return found


class TextTrapsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="discus-text-traps-")
        cls.src = os.path.join(cls.tmp, "in")
        cls.files = make_corpus(cls.src)
        cls.pw = os.path.join(cls.tmp, "pw.txt")
        with open(cls.pw, "w") as f:
            f.write(PASSWORD + "\n")
        cls.fs = os.path.join(cls.tmp, "fs")
        cls.author = cls.run_discus(["author", "--profile", "STD-GEN-CD", "--out", cls.fs, cls.src])

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    @staticmethod
    def run_discus(args, timeout=60):
        return subprocess.run([DISCUS, *args], capture_output=True, timeout=timeout)

    def out(self, name):
        return os.path.join(self.tmp, name)

    def check_run(self, what, args, json_out):
        r = self.run_discus(args)
        label = what + (" --json" if json_out else "")
        with self.subTest(command=label):
            self.assertGreaterEqual(r.returncode, 0, f"{label}: killed by signal {-r.returncode}: {r.stderr[-500:]!r}")
            self.assertLessEqual(r.returncode, 2, f"{label}: exit {r.returncode}: {r.stderr[-500:]!r}")
            self.assertEqual(terminal_problems(r.stderr), [], f"{label}: stderr {r.stderr[-800:]!r}")
            if json_out and (r.stdout.strip() or r.returncode == 0):  # a refused job may print no report
                try:
                    r.stdout.decode("utf-8")
                except UnicodeDecodeError as e:
                    self.fail(f"{label}: stdout is not UTF-8: {e}")
                j = subprocess.run(["/usr/bin/python3", "-m", "json.tool"], input=r.stdout, capture_output=True)
                self.assertEqual(j.returncode, 0, f"{label}: not JSON: {j.stderr[-300:]!r} in {r.stdout[:300]!r}")
                # JSON escapes C0 controls itself, discus the bidi and C1 characters: the decoded
                # strings hold them all, the bytes none.
                self.assertEqual(terminal_problems(r.stdout), [], f"{label}: raw controls or bidi in the JSON bytes")
            else:
                self.assertEqual(terminal_problems(r.stdout), [], f"{label}: stdout {r.stdout[-800:]!r}")
        return r

    def both(self, what, args, json_position=1, files=None):
        """Runs `args` without and with --json (inserted after the command name)."""
        plain = self.check_run(what, args, False)
        with_json = self.check_run(what, args[:json_position] + ["--json"] + args[json_position:], True)
        return plain, with_json

    def test_author_accepts_the_corpus_without_abort(self):
        r = self.author
        self.assertIn(r.returncode, (0, 1), r.stderr[-800:])
        self.assertEqual(terminal_problems(r.stderr), [], r.stderr[-800:])
        self.assertEqual(terminal_problems(r.stdout), [], r.stdout[-800:])
        self.assertTrue(os.path.exists(os.path.join(self.fs, "DICOMDIR")), r.stderr[-800:])

    def test_one_patient_in_two_character_sets_is_one_patient_record(self):
        import pydicom
        d = pydicom.dcmread(os.path.join(self.fs, "DICOMDIR"))
        ids = [str(rec.get("PatientID", "")) for rec in d.DirectoryRecordSequence if rec.DirectoryRecordType == "PATIENT"]
        self.assertEqual(ids.count("TRAP-ONE"), 1, ids)
        # And it holds both instances (Latin-1 and UTF-8 spellings).
        r = self.run_discus(["dir", "--json", self.fs])
        self.assertEqual(r.returncode, 0, r.stderr[-500:])

    def test_per_file_commands(self):
        for path in self.files:
            name = os.fsdecode(path)
            short = repr(os.path.basename(path))
            self.both(f"dump {short}", ["dump", name])
            self.both(f"validate {short}", ["validate", name])
            self.check_run(f"render {short}", ["render", name, self.out("r.png")], False)
            self.check_run(f"transcode {short}", ["transcode", "--ts", EXPLICIT_LE, name, self.out("t.dcm")], False)
            for f in ("t.dcm", "r.png"):
                if os.path.exists(self.out(f)):
                    os.unlink(self.out(f))

    def test_folder_commands(self):
        self.both("validate all", ["validate", *map(os.fsdecode, self.files)])
        self.both("dump all", ["dump", *map(os.fsdecode, self.files)])
        self.both("transcode --out-dir", ["transcode", "--ts", EXPLICIT_LE, "--out-dir", self.out("tr"), self.src])
        shutil.rmtree(self.out("tr"), ignore_errors=True)
        self.check_run("transcode --out-dir --json", ["transcode", "--json", "--ts", EXPLICIT_LE, "--out-dir", self.out("tr"), self.src], True)
        self.both("dir", ["dir", self.fs])
        self.both("dir --check", ["dir", "--check", self.fs])
        self.both("verify --dir", ["verify", "--dir", self.fs])
        # mkdir over a copy of the corpus (it writes a DICOMDIR into the folder it is given).
        mk = self.out("mk")
        shutil.copytree(os.fsencode(self.src), os.fsencode(mk))
        self.check_run("mkdir", ["mkdir", mk], False)
        self.check_run("mkdir", ["mkdir", "--json", "--replace", mk], True)
        self.both("dir mkdir'd", ["dir", mk])
        for json_out in (False, True):
            out = self.out(f"au{int(json_out)}")
            args = ["author", "--profile", "STD-GEN-CD", "--out", out, self.src]
            self.check_run("author", args[:1] + (["--json"] if json_out else []) + args[1:], json_out)
            iso = self.out(f"au{int(json_out)}.iso")
            self.check_run("iso", ["iso", *(["--json"] if json_out else []), out, iso], json_out)
            if os.path.exists(iso):
                self.check_run("verify --iso", ["verify", *(["--json"] if json_out else []), "--iso", iso], json_out)
            self.check_run("update", ["update", *(["--json"] if json_out else []), out, mk], json_out)
            self.check_run("usb", ["usb", *(["--json"] if json_out else []), "--any-fs", out, self.out(f"stick{int(json_out)}")]
                           if os.makedirs(self.out(f"stick{int(json_out)}")) is None else [], json_out)
            self.check_run("span", ["span", *(["--json"] if json_out else []), "--profile", "STD-GEN-CD",
                                    "--out", self.out(f"span{int(json_out)}"), self.src], json_out)
            enc = self.out(f"enc{int(json_out)}")
            self.check_run("encrypt", ["encrypt", *(["--json"] if json_out else []), "--password-file", self.pw, out, enc], json_out)
            self.check_run("decrypt", ["decrypt", *(["--json"] if json_out else []), "--password-file", self.pw, enc,
                                       self.out(f"dec{int(json_out)}")], json_out)
            self.check_run("author secure", ["author", *(["--json"] if json_out else []), "--profile", "STD-GEN-SEC-CD",
                                             "--password-file", self.pw, "--out", self.out(f"sec{int(json_out)}"), self.src], json_out)


if __name__ == "__main__":
    DISCUS = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
