#!/usr/bin/python3
"""Oracle: `discus validate` against dicom3tools' dciodvfy, both ways, over three corpora.

Corpora (every file is checked by both tools):
  pydicom  python3-pydicom's test files (real files from many writers, some broken on purpose);
  bench    the generated benchmark set (bench/gen_dataset.py --small);
  dcmtk    files dcmtk makes here: img2dcm (SC, new SC, VL photo), pdf2dcm, dump2dcm and
           dcmconv/dcmcrle re-encodings of pydicom files;
  variants pydicom edits of two test files holding issue 11's cases (numbers as text, defined
           terms, conditions, frames, File Meta, UIDs);
  authored what Discus writes: the bench set and some pydicom files authored to a STD-GEN-CD
           file-set (the instances and the DICOMDIR).
Rules, per attribute (the same tag path, sequence items included):
  ours    every error Discus reports is an error dciodvfy reports too;
  theirs  every error dciodvfy reports is an error or a warning of Discus.
A file-level dciodvfy error (no attribute named: "Dicom dataset read failed", ...) is matched by
any Discus finding on the file; an encoding error ("Tag read failed", ...) by a finding of Discus's
reader (part10.*); any dciodvfy error by Discus refusing to read the file (an error for the file). dciodvfy's own crashes are
counted and skipped. Each disagreement fails the test unless a line of iod_oracle_exceptions.tsv
names it exactly (corpus/file, tag path, direction, rule or dciodvfy message text) and cites the
PS3 section that decides it; wildcards are refused, and unused lines fail the test (stale).
Usage: iod_oracle.py DISCUS [--verbose] [--corpus NAME] [--no-exceptions]
Exit 0 pass, 1 disagreement, 77 tools missing.
"""
import glob
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile

import pydicom

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
PYDICOM_FILES = os.path.dirname(pydicom.__file__) + "/data/test_files"
COMPONENT = re.compile(r"[A-Za-z0-9]*\(([0-9a-fA-F]{4}),([0-9a-fA-F]{4})\)(?:\[(\d+)\])?")
REFERENCE = re.compile(r"^PS3\.\d+ [A-Z0-9]")
# dciodvfy's errors about the encoding (it cannot parse the data set as declared): matched by a
# finding of Discus's reader on the same file, which reads such files leniently and says so.
ENCODING = re.compile(r"read failed|Illegal zero bytes|Tags out of order|Seek failed|Implicit VR encoding")


def normalize(dciodvfy_path):
    """'</A(0008,2112)[1]/B(0008,1150)[1]>' -> '(0008,2112)[0]/(0008,1150)' (value index dropped)."""
    parts = dciodvfy_path.strip("</>").split("/")
    out = []
    for i, p in enumerate(parts):
        m = COMPONENT.fullmatch(p)
        if not m:
            return None
        tag = f"({m.group(1).upper()},{m.group(2).upper()})"
        if m.group(3) and i + 1 < len(parts):
            tag += f"[{int(m.group(3)) - 1}]"
        out.append(tag)
    return "/".join(out)


def run_dciodvfy(path):
    """[(tag path or '<file>', message)] of dciodvfy's errors, or None when dciodvfy crashed."""
    r = subprocess.run(["dciodvfy", "-new", path], capture_output=True, text=True, errors="replace", timeout=120)
    text = r.stdout + r.stderr
    if r.returncode < 0 or "Assertion" in text:
        return None
    errors = []
    for line in text.splitlines():
        if not line.startswith("Error"):
            continue
        m = re.match(r"Error - (</[^>]*>) - (.*)", line)
        p = normalize(m.group(1)) if m else None
        errors.append((p, m.group(2)) if p else ("<file>", line[len("Error - "):]))
    return errors


def run_discus(discus, path):
    """(findings as dicts, readable?) from `discus validate --json`."""
    r = subprocess.run([discus, "validate", "--json", path], capture_output=True, text=True, timeout=120)
    if r.returncode not in (0, 1):
        raise SystemExit(f"discus validate failed on {path}: {r.stderr}")
    findings = json.loads(r.stdout) if r.stdout.strip() else []
    readable = not r.stderr.strip()
    return [f for f in findings if f["file"]], readable


# ---------------------------------------------------------------------------------------------
# Corpora


def pydicom_corpus(_tmp):
    return [("pydicom/" + os.path.basename(p), p) for p in sorted(glob.glob(PYDICOM_FILES + "/*.dcm"))]


def bench_corpus(tmp):
    out = os.path.join(tmp, "bench")
    subprocess.run(["/usr/bin/python3", os.path.join(ROOT, "bench", "gen_dataset.py"), "--out", out, "--small",
                    "--jobs", "1"], check=True, capture_output=True)
    files = sorted(p for p in glob.glob(out + "/*/*") if os.path.isfile(p))
    return [("bench/" + os.path.relpath(p, out), p) for p in files]


def write_bmp(path, width, height):
    """A 24-bit BMP (BITMAPINFOHEADER, bottom-up rows padded to 4 bytes) with a gradient."""
    row = (width * 3 + 3) & ~3
    pixels = bytearray()
    for y in range(height):
        line = bytearray()
        for x in range(width):
            line += bytes(((x * 7) & 255, (y * 5) & 255, ((x + y) * 3) & 255))
        pixels += line + bytes(row - len(line))
    header = struct.pack("<2sIHHI", b"BM", 54 + len(pixels), 0, 0, 54)
    info = struct.pack("<IiiHHIIiiII", 40, width, height, 1, 24, 0, len(pixels), 2835, 2835, 0, 0)
    with open(path, "wb") as f:
        f.write(header + info + pixels)


def write_pdf(path):
    """A one-page PDF small enough to write by hand (pdf2dcm only checks the header)."""
    body = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
            b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
            b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")
    with open(path, "wb") as f:
        f.write(body)


def dcmtk_corpus(tmp):
    out = os.path.join(tmp, "dcmtk")
    os.makedirs(out)
    bmp, pdf = os.path.join(tmp, "in.bmp"), os.path.join(tmp, "in.pdf")
    write_bmp(bmp, 64, 48)
    write_pdf(pdf)
    keys = ["-k", "PatientName=Doe^Jane", "-k", "PatientID=P42", "-k", "PatientBirthDate=19700101",
            "-k", "PatientSex=F"]
    jobs = {
        "img2dcm_sc.dcm": ["img2dcm", "-i", "BMP", bmp] + keys,
        "img2dcm_new_sc.dcm": ["img2dcm", "-i", "BMP", "-nsc", bmp] + keys,
        "img2dcm_vl_photo.dcm": ["img2dcm", "-i", "BMP", "-vlp", bmp] + keys,
        "img2dcm_sc_unchecked.dcm": ["img2dcm", "-i", "BMP", "--no-checks", "-i2", bmp],
        "pdf2dcm.dcm": ["pdf2dcm", "+pn", "Doe^Jane", "+pi", "P42", "+t", "Report", pdf],
    }
    for src in ("CT_small.dcm", "MR_small.dcm", "rtplan.dcm", "SC_rgb.dcm"):
        path = os.path.join(PYDICOM_FILES, src)
        if not os.path.exists(path):
            continue
        stem = src[:-4]
        jobs[f"dcmconv_{stem}_implicit.dcm"] = ["dcmconv", "+ti", path]
        jobs[f"dcmconv_{stem}_bigendian.dcm"] = ["dcmconv", "+tb", path]
        dump = os.path.join(tmp, stem + ".txt")
        with open(dump, "w") as f:
            subprocess.run(["dcmdump", "-q", "+L", "+W", tmp, path], stdout=f, check=False)
        jobs[f"dump2dcm_{stem}.dcm"] = ["dump2dcm", "-q", "+l", "1000000", dump]
        if stem in ("CT_small", "SC_rgb"):
            jobs[f"dcmcrle_{stem}.dcm"] = ["dcmcrle", path]
    files = []
    for name, cmd in sorted(jobs.items()):
        target = os.path.join(out, name)
        r = subprocess.run(cmd + [target], capture_output=True, text=True)
        if r.returncode == 0 and os.path.exists(target):
            files.append(("dcmtk/" + name, target))
        else:
            print(f"  could not make dcmtk/{name}: {r.stderr.strip()[:200]}")
    return files


def variants_corpus(tmp):
    """pydicom edits of CT_small and MR_small that hold the cases issue 11 found: numbers written as
    text in other ways ("1.0", " 0"), defined terms outside the list, enumerated values outside
    theirs, undecidable and decidable conditions, frames, padding, File Meta disagreeing."""
    from pydicom.uid import generate_uid
    out = os.path.join(tmp, "variants")
    os.makedirs(out)
    ct, mr = os.path.join(PYDICOM_FILES, "CT_small.dcm"), os.path.join(PYDICOM_FILES, "MR_small.dcm")

    def word_sc(d):  # CT_small as a Multi-frame Grayscale Word SC (PS3.3 A.8.4): Rescale Slope E 1
        d.SOPClassUID = d.file_meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.7.3"
        d.NumberOfFrames, d.ConversionType, d.PixelRepresentation = "1", "WSD", 0
        d.RescaleSlope, d.RescaleIntercept, d.RescaleType = "1.0", " 0", "US"

    edits = {
        "ct_position_defined_term.dcm": (ct, lambda d: setattr(d, "PatientPosition", "SITTING")),
        "ct_sex_not_enumerated.dcm": (ct, lambda d: setattr(d, "PatientSex", "X")),
        "ct_knee_without_laterality.dcm": (ct, lambda d: setattr(d, "BodyPartExamined", "KNEE")),
        "ct_chest_without_laterality.dcm": (ct, lambda d: (setattr(d, "BodyPartExamined", "CHEST"),
                                                            d.pop("Laterality", None))),
        "ct_two_frames.dcm": (ct, lambda d: setattr(d, "NumberOfFrames", "2")),
        "ct_meta_other_instance.dcm": (ct, lambda d: setattr(d.file_meta, "MediaStorageSOPInstanceUID",
                                                                generate_uid("2.25."))),
        "ct_bad_uid_root.dcm": (ct, lambda d: setattr(d, "SeriesInstanceUID", "9.8.7.6")),
        "ct_study_uid_is_frame_uid.dcm": (ct, lambda d: setattr(d, "FrameOfReferenceUID", d.StudyInstanceUID)),
        "mr_sequence_variant_defined_term.dcm": (mr, lambda d: setattr(d, "SequenceVariant", "XYZ")),
        "mr_scanning_sequence_not_enumerated.dcm": (mr, lambda d: setattr(d, "ScanningSequence", "XX")),
        "sc_word_numbers_as_text.dcm": (ct, word_sc),
    }
    files = []
    for name, (src, edit) in sorted(edits.items()):
        d = pydicom.dcmread(src)
        edit(d)
        target = os.path.join(out, name)
        d.save_as(target, write_like_original=False)
        files.append(("variants/" + name, target))
    return files


def authored_corpus(tmp, discus):
    """What Discus writes: the bench set and a few pydicom files authored to a STD-GEN-CD file-set."""
    src, out = os.path.join(tmp, "authored-in"), os.path.join(tmp, "authored")
    shutil.copytree(os.path.join(tmp, "bench"), src, ignore=shutil.ignore_patterns("*.json"))
    for name in ("CT_small.dcm", "MR_small.dcm", "rtplan.dcm", "SC_rgb.dcm", "emri_small.dcm", "US1_J2KR.dcm"):
        if os.path.exists(os.path.join(PYDICOM_FILES, name)):
            shutil.copy(os.path.join(PYDICOM_FILES, name), src)
    r = subprocess.run([discus, "author", "--profile", "STD-GEN-CD", "--allow-excluded", "--institution", "Oracle",
                        "--out", out, src], capture_output=True, text=True)
    if r.returncode not in (0, 1):
        raise SystemExit(f"discus author failed: {r.stderr}")
    files = sorted(os.path.join(d, f) for d, _, fs in os.walk(out) for f in fs if not f.endswith(".TXT"))
    return [("authored/" + os.path.relpath(p, out), p) for p in files]


CORPORA = {"pydicom": pydicom_corpus, "bench": bench_corpus, "dcmtk": dcmtk_corpus, "variants": variants_corpus,
           "authored": authored_corpus}

# ---------------------------------------------------------------------------------------------
# Exceptions


def load_exceptions():
    rows = []
    with open(os.path.join(HERE, "iod_oracle_exceptions.tsv"), encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) != 6:
                raise SystemExit(f"iod_oracle_exceptions.tsv:{n}: 6 columns expected")
            name, path, direction, what, reference, reason = cols
            if "*" in name or "*" in path or not what.strip():
                raise SystemExit(f"iod_oracle_exceptions.tsv:{n}: no wildcards, no blanket exceptions")
            if direction not in ("ours", "theirs"):
                raise SystemExit(f"iod_oracle_exceptions.tsv:{n}: direction is ours or theirs")
            if not REFERENCE.match(reference) or not reason.strip():
                raise SystemExit(f"iod_oracle_exceptions.tsv:{n}: cite the PS3 section that decides it")
            rows.append({"file": name, "path": path, "direction": direction, "what": what, "used": 0})
    return rows


def excepted(exceptions, name, path, direction, what):
    for e in exceptions:
        if (e["file"], e["path"], e["direction"]) == (name, path, direction) and e["what"] in what:
            e["used"] += 1
            return True
    return False


# ---------------------------------------------------------------------------------------------


def compare(discus, name, path, exceptions, stats, problems, verbose):
    theirs = run_dciodvfy(path)
    if theirs is None:
        stats["dciodvfy crashed"] += 1
        return
    findings, readable = run_discus(discus, path)
    stats["files"] += 1
    ours_err = {(f["tag_path"], f["rule"]) for f in findings if f["severity"] == "error"}
    ours_any_paths = {f["tag_path"] for f in findings}
    their_paths = {p for p, _ in theirs if p != "<file>"}
    stats["ours"] += len(ours_err)
    stats["theirs"] += len(theirs)
    disagreements = 0
    for p, rule in sorted(ours_err):
        if p in their_paths:
            continue
        stats["ours only"] += 1
        if excepted(exceptions, name, p, "ours", rule):
            stats["excepted"] += 1
            continue
        disagreements += 1
        problems.append(f"{name}: discus error {rule} at {p}; dciodvfy reports no error there")
    seen = set()
    for p, message in theirs:
        if (p, message) in seen:
            continue
        seen.add((p, message))
        if not readable:
            matched = True
        elif p == "<file>":
            matched = bool(findings)
        elif ENCODING.search(message):
            matched = any(f["rule"].startswith("part10.") for f in findings)
        else:
            matched = p in ours_any_paths
        if matched:
            continue
        stats["theirs only"] += 1
        if excepted(exceptions, name, p, "theirs", message):
            stats["excepted"] += 1
            continue
        disagreements += 1
        problems.append(f"{name}: dciodvfy error at {p}: {message[:160]}; discus reports nothing there")
    if disagreements == 0:
        stats["agree"] += 1
    if verbose and disagreements:
        print(f"  {name}: {disagreements} disagreement(s)")


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    if not args:
        raise SystemExit(__doc__)
    discus, verbose = args[0], "--verbose" in sys.argv
    only = sys.argv[sys.argv.index("--corpus") + 1] if "--corpus" in sys.argv else None
    tools = ["dciodvfy", "img2dcm", "pdf2dcm", "dump2dcm", "dcmconv", "dcmcrle", "dcmdump"]
    if any(shutil.which(t) is None for t in tools) or not os.path.isdir(PYDICOM_FILES):
        print("dciodvfy, dcmtk or pydicom test files missing: skipped")
        return 77
    exceptions = [] if "--no-exceptions" in sys.argv else load_exceptions()
    problems = []
    with tempfile.TemporaryDirectory(prefix="iod_oracle.") as tmp:
        for corpus, make in CORPORA.items():
            if only and corpus != only:
                continue
            stats = dict.fromkeys(["files", "agree", "ours", "theirs", "ours only", "theirs only", "excepted",
                                   "dciodvfy crashed"], 0)
            before = len(problems)
            if corpus == "authored" and not os.path.isdir(os.path.join(tmp, "bench")):
                bench_corpus(tmp)
            for name, path in (make(tmp, discus) if corpus == "authored" else make(tmp)):
                compare(discus, name, path, exceptions, stats, problems, verbose)
            print(f"{corpus}: {stats['files']} files ({stats['dciodvfy crashed']} more crash dciodvfy), "
                  f"{stats['agree']} in agreement; discus errors {stats['ours']}, dciodvfy errors {stats['theirs']}; "
                  f"discus-only errors {stats['ours only']}, dciodvfy-only errors {stats['theirs only']}, "
                  f"excepted {stats['excepted']}; disagreements {len(problems) - before}")
    if not only:
        for e in exceptions:
            if e["used"] == 0:
                problems.append(f"stale exception: {e['file']} {e['path']} {e['direction']} {e['what']}")
    for p in problems:
        print("FAIL", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
