#!/usr/bin/env python3
"""Issue 11 "Must show": a pile of 300+ files of the kind a clinic collects, authored in one run.

The pile is generated from pydicom's test files and from files made here with pydicom and dcmtk:
several transfer syntaxes (explicit/implicit VR LE, explicit VR BE, deflated, RLE, JPEG lossless,
JPEG-LS, JPEG 2000), Latin-1 and UTF-8 patient names and file names, File Meta Information that
disagrees with the data set, invalid UIDs (hex, leading zeros, too long; referenced from other
files too), the same instance in two encodings, the same UID with other content, truncated files,
compressed streams that do not decode, non-DICOM files, symbolic links, a 0-byte file and a FIFO.
`discus author --profile STD-GEN-CD --allow-excluded --replace-invalid-uids --iso` must make a
verified CD image, and then:
  - the report has exactly one entry per input file, each with one outcome and (when the file is
    not simply copied) one reason, and the outcome expected for what the file is;
  - dciodvfy reports 0 errors on the DICOMDIR, dcentvfy 0 on the file-set;
  - pydicom's FileSet reads every instance;
  - replaced UIDs are kept in the Original Attributes Sequence; the File Meta of a mismatched file
    names the data set's UIDs; every file written starts with 128 zero bytes.
A second, small run without --replace-invalid-uids excludes the invalid-UID files with a reason
naming tag and value.
Usage: pile_test.py DISCUS
"""
import copy
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import warnings

import pydicom
from pydicom.encaps import encapsulate, generate_pixel_data_frame
from pydicom.uid import (ExplicitVRBigEndian, ExplicitVRLittleEndian, ImplicitVRLittleEndian,
                         DeflatedExplicitVRLittleEndian, generate_uid)

warnings.simplefilter("ignore")
PYDICOM = "/usr/lib/python3/dist-packages/pydicom/data/test_files"
ROOT = "1.2.826.0.1.3680043.10.1188."  # this test's UIDs
failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what, flush=True)
    if not cond:
        failures.append(what)


def run(*args, **kw):
    return subprocess.run([os.fsencode(a) if isinstance(a, bytes) else str(a) for a in args], capture_output=True, **kw)


class Pile:
    """Writes the pile and remembers, per file, the outcome the report must give it."""

    def __init__(self, folder):
        self.folder = folder
        self.expected = {}  # absolute path (bytes) -> set of allowed outcomes
        self.n = 0

    def path(self, name, sub=""):
        d = os.path.join(self.folder, sub)
        os.makedirs(d, exist_ok=True)
        return os.path.join(os.fsencode(d), name if isinstance(name, bytes) else os.fsencode(name))

    def expect(self, path, *outcomes):
        self.expected[os.fsencode(path)] = set(outcomes)

    def save(self, ds, name, outcome, ts=ExplicitVRLittleEndian, sub="", *more):
        p = self.path(name, sub)
        ds = copy.deepcopy(ds)
        ds.file_meta.TransferSyntaxUID = ts
        ds.is_little_endian = ts != ExplicitVRBigEndian
        ds.is_implicit_VR = ts == ImplicitVRLittleEndian
        ds.save_as(os.fsdecode(p), write_like_original=False)
        self.expect(p, outcome, *more)
        return p


def template(kind):
    src = {"CT": "CT_small.dcm", "MR": "MR_small.dcm"}[kind]
    ds = pydicom.dcmread(os.path.join(PYDICOM, src))
    # Only what the instance needs: the pydicom files carry private and retired odds and ends.
    for elem in list(ds):
        if elem.tag.is_private:
            del ds[elem.tag]
    return ds


def instance(kind, patient, study, series, number, frame_uid):
    ds = template(kind)
    name, pid, charset = patient
    ds.SpecificCharacterSet = charset
    ds.PatientName = name
    ds.PatientID = pid
    ds.PatientBirthDate = "19600101"
    ds.PatientSex = "O"
    ds.StudyInstanceUID = study[0]
    ds.StudyID = study[1]
    ds.StudyDate = "20260101"
    ds.StudyTime = "101010"
    ds.AccessionNumber = study[1]
    ds.ReferringPhysicianName = ""
    ds.SeriesInstanceUID = series[0]
    ds.SeriesNumber = series[1]
    ds.Modality = kind
    ds.InstanceNumber = number
    ds.FrameOfReferenceUID = frame_uid
    ds.SOPInstanceUID = generate_uid(ROOT)
    ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    ds.file_meta.MediaStorageSOPClassUID = ds.SOPClassUID
    return ds


def dcmtk(tool, args, src, dst):
    r = run(tool, *args, src, dst)
    if r.returncode != 0:
        raise RuntimeError(f"{tool} {src}: {r.stderr.decode(errors='replace')}")


def make_pile(pile, tmp):
    patients = [
        ("Müller^Jörg".encode("latin-1").decode("latin-1"), "P-LATIN1", "ISO_IR 100"),
        ("Šťastný^Jiří", "P-UTF8", "ISO_IR 192"),
        ("Doe^Jane", "P-ASCII", ""),
        ("Smith^John", "P-ASCII2", ""),
    ]
    good = []  # paths of plain good instances, for the copies below
    for p_index, patient in enumerate(patients):
        for s in range(2):
            study = (generate_uid(ROOT), f"S{p_index}{s}")
            frame = generate_uid(ROOT)
            for r in range(2):
                kind = "CT" if r == 0 else "MR"
                series = (generate_uid(ROOT), r + 1)
                sub = f"patient{p_index}/study{s}/series{r}"
                for k in range(1, 21):
                    ds = instance(kind, patient, study, series, k, frame)
                    # Several encodings of native data, all rewritten or copied onto the CD.
                    ts = [ExplicitVRLittleEndian, ImplicitVRLittleEndian, ExplicitVRLittleEndian, ExplicitVRBigEndian,
                          DeflatedExplicitVRLittleEndian][k % 5]
                    outcome = "copied" if ts == ExplicitVRLittleEndian else "rewritten"
                    name = f"im{k:03d}.dcm"
                    # File names in Latin-1 and UTF-8 bytes.
                    if k == 7:
                        name = "bild-ü.dcm".encode("latin-1")
                    elif k == 8:
                        name = "obraz-ž.dcm".encode("utf-8")
                    p = pile.save(ds, name, outcome, ts, sub)
                    if ts == ExplicitVRLittleEndian:
                        good.append((p, ds))
    pile.good = good
    compressed = os.path.join(pile.folder, "compressed")
    os.makedirs(compressed)
    # Compressed syntaxes (decoded to Explicit VR LE for a CD): RLE, JPEG lossless, JPEG-LS, JPEG 2000.
    made = []
    for k, (tool, args, suffix) in enumerate([("dcmcrle", [], "rle"), ("dcmcjpeg", ["+e1"], "jpll"),
                                              ("dcmcjpls", ["+el"], "jls"), ("gdcmconv", ["--j2k"], "j2k")]):
        for j in range(3):
            p, ds = good[k * 10 + j + 3]
            ds = copy.deepcopy(ds)
            ds.SOPInstanceUID = generate_uid(ROOT)
            ds.InstanceNumber = 100 + k * 10 + j
            ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
            plain = os.path.join(tmp, f"plain-{suffix}-{j}.dcm")
            ds.save_as(plain, write_like_original=False)
            out = os.path.join(compressed, f"{suffix}-{j}.dcm")
            if tool == "gdcmconv":
                r = run(tool, *args, plain, out)
                if r.returncode != 0:
                    raise RuntimeError(r.stderr)
            else:
                dcmtk(tool, args, plain, out)
            pile.expect(out, "rewritten")
            made.append((out, ds))

    odd = os.path.join(pile.folder, "odd")
    os.makedirs(odd)
    # File Meta Information that disagrees with the data set: pydicom's RT Dose (Media Storage SOP
    # Instance UID 1.2.999... , data set 1.9.999...) and one made here.
    shutil.copy(os.path.join(PYDICOM, "rtdose.dcm"), os.path.join(odd, "rtdose.dcm"))
    pile.expect(os.path.join(odd, "rtdose.dcm"), "rewritten")
    p, ds = good[40]
    ds = copy.deepcopy(ds)
    ds.SOPInstanceUID = generate_uid(ROOT)
    ds.InstanceNumber = 200
    out = os.path.join(odd, "meta-mismatch.dcm")
    ds.save_as(out, write_like_original=False)
    # pydicom writes the meta from the data set: the Media Storage SOP Instance UID is changed after.
    data = open(out, "rb").read()
    uid = str(ds.SOPInstanceUID).encode()
    other = uid[:-1] + (b"1" if uid[-1:] != b"1" else b"2")
    open(out, "wb").write(data.replace(uid, other, 1))
    pile.expect(os.path.join(odd, "meta-mismatch.dcm"), "rewritten")

    # Invalid UIDs (hex, leading zero, 70 characters), referenced from another file of the pile.
    bad_study = "1.2.826.0.1.3680043.10.1188.0ff3a"
    bad_series = "1.2.826.0.1.3680043.10.1188.007.2"
    bad_frame = "1.2.826.0.1.3680043.10.1188." + "9" * 42
    invalid = []
    for j in range(4):
        p, ds = good[50 + j]
        ds = copy.deepcopy(ds)
        ds.PatientName = "Invalid^Uids"
        ds.PatientID = "P-BADUID"
        ds.StudyInstanceUID = bad_study
        ds.SeriesInstanceUID = bad_series
        ds.FrameOfReferenceUID = bad_frame
        ds.SOPInstanceUID = "1.2.826.0.1.3680043.10.1188.deadbeef.%d" % j
        ds.InstanceNumber = j + 1
        ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
        if j > 0:  # each refers to the first
            ref = pydicom.Dataset()
            ref.ReferencedSOPClassUID = ds.SOPClassUID
            ref.ReferencedSOPInstanceUID = "1.2.826.0.1.3680043.10.1188.deadbeef.0"
            ds.ReferencedImageSequence = pydicom.Sequence([ref])
        out = os.path.join(odd, f"invalid-uid-{j}.dcm")
        ds.save_as(out, write_like_original=False)
        pile.expect(out, "rewritten")
        invalid.append(out)

    # The same instance in three encodings (RLE, explicit and implicit VR) and a byte copy: one on
    # the medium, the one in the syntax the CD takes (folders are scanned in name order: the RLE
    # copy comes first and gives way to the explicit VR one).
    dups = os.path.join(pile.folder, "dups")
    os.makedirs(dups)
    for j in range(3):
        p, ds = good[60 + j]
        out = os.path.join(dups, f"a0-rle-{j}.dcm")
        dcmtk("dcmcrle", [], p, out)
        pile.expect(out, "duplicate")
        shutil.copy(p, os.path.join(dups, f"a1-copy-{j}.dcm"))  # byte for byte
        pile.expect(os.path.join(dups, f"a1-copy-{j}.dcm"), "copied")
        pile.expect(p, "duplicate")
        implicit = copy.deepcopy(ds)
        out = os.path.join(dups, f"b-implicit-{j}.dcm")
        implicit.file_meta.TransferSyntaxUID = ImplicitVRLittleEndian
        implicit.is_implicit_VR = True
        implicit.save_as(out, write_like_original=False)
        pile.expect(out, "duplicate")
    # The same UID with other content: both off the medium, side by side in the report.
    for j in range(3):
        p, ds = good[70 + j]
        other = copy.deepcopy(ds)
        other.PatientWeight = "71.5" if j else other.get("PatientWeight", "")
        if j == 0:  # other pixels
            arr = bytearray(other.PixelData)
            arr[100:200] = bytes(100)
            other.PixelData = bytes(arr)
        other.InstitutionName = "Elsewhere"
        out = os.path.join(dups, f"d-conflict-{j}.dcm")
        other.save_as(out, write_like_original=False)
        pile.expect(out, "conflict")
        pile.expect(p, "conflict")

    broken = os.path.join(pile.folder, "broken")
    os.makedirs(broken)
    # Truncated files: two identical cut copies (unreadable, never duplicates), cut in pixels and in the header.
    p, ds = good[80]
    data = open(p, "rb").read()
    for name in ("cut-a.dcm", "cut-b.dcm"):
        open(os.path.join(broken, name), "wb").write(data[: len(data) - 5000])
        pile.expect(os.path.join(broken, name), "unreadable")
    p, ds = good[81]
    data = open(p, "rb").read()
    cut = data.index(str(ds.SOPInstanceUID).encode(), 200) + 10  # in the data set's SOP Instance UID
    open(os.path.join(broken, "cut-header.dcm"), "wb").write(data[:cut])
    pile.expect(os.path.join(broken, "cut-header.dcm"), "unreadable")
    # Undecodable streams: an RLE frame whose header names 15 segments past its end; a JPEG-LS
    # stream whose markers are gone.
    rle, rle_ds = made[0]
    ds = pydicom.dcmread(rle)
    frame = bytearray(next(generate_pixel_data_frame(ds.PixelData)))
    frame[0:4] = (15).to_bytes(4, "little")
    for s in range(1, 15):
        frame[4 * s:4 * s + 4] = (0x7FFFFFF0).to_bytes(4, "little")
    ds.PixelData = encapsulate([bytes(frame)])
    ds.SOPInstanceUID = generate_uid(ROOT)
    ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    ds.save_as(os.path.join(broken, "rle-undecodable.dcm"))
    pile.expect(os.path.join(broken, "rle-undecodable.dcm"), "unreadable")
    jls = made[6][0]
    ds = pydicom.dcmread(jls)
    frame = bytearray(next(generate_pixel_data_frame(ds.PixelData)))
    frame[:] = bytes(len(frame))  # zeros: no SOI, no SOF-55
    ds.PixelData = encapsulate([bytes(frame)])
    ds.SOPInstanceUID = generate_uid(ROOT)
    ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    ds.save_as(os.path.join(broken, "jls-undecodable.dcm"))
    pile.expect(os.path.join(broken, "jls-undecodable.dcm"), "unreadable")

    other = os.path.join(pile.folder, "other")
    os.makedirs(other)
    open(os.path.join(other, "notes.txt"), "w").write("not DICOM\n")
    open(os.path.join(other, "photo.png"), "wb").write(b"\x89PNG\r\n\x1a\n" + bytes(200))
    open(os.path.join(other, "random.bin"), "wb").write(os.urandom(4096))
    open(os.path.join(other, "empty.dcm"), "wb").close()
    os.mkfifo(os.path.join(other, "a-fifo"))
    os.symlink(good[0][0], os.path.join(other, "link-to-good.dcm"))
    os.symlink("/nonexistent/target", os.path.join(other, "dangling-link"))
    for name in ("notes.txt", "photo.png", "random.bin", "a-fifo", "link-to-good.dcm", "dangling-link"):
        pile.expect(os.path.join(other, name), "not-dicom")
    pile.expect(os.path.join(other, "empty.dcm"), "not-dicom", "unreadable")
    return invalid


def all_files(folder):
    out = []
    for d, dirs, files in os.walk(os.fsencode(folder)):
        for f in files + [x for x in dirs if os.path.islink(os.path.join(d, x))]:
            out.append(os.path.join(d, f))
    return out


def main():
    discus = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        pile = Pile(os.path.join(tmp, "pile"))
        invalid = make_pile(pile, tmp)
        inputs = all_files(pile.folder)
        check(len(inputs) >= 300, f"the pile has {len(inputs)} files (300+)")
        check(set(inputs) == set(pile.expected), "every file of the pile has an expected outcome")

        cd, iso, report = os.path.join(tmp, "cd"), os.path.join(tmp, "cd.iso"), os.path.join(tmp, "report")
        r = run(discus, "author", "--profile", "STD-GEN-CD", "--allow-excluded", "--replace-invalid-uids",
                "--uid-root", "1.2.826.0.1.3680043.10.1189", "--report", report, "--out", cd, "--iso", iso, pile.folder)
        err = r.stderr.decode(errors="replace")
        check(r.returncode == 0, f"author --allow-excluded --iso exits 0 (rc {r.returncode}: {err[-800:]})")
        check(os.path.exists(iso), "the CD image is written")
        rep = json.load(open(report + ".json", encoding="utf-8"))
        entries = rep["files"]
        check(len(entries) == len(inputs), f"one report entry per input file ({len(entries)} entries, {len(inputs)} files)")
        check(len({e["source"] for e in entries}) == len(entries), "no file is reported twice")
        no_reason = [e["source"] for e in entries if e["outcome"] != "copied" and not e.get("reason")]
        check(not no_reason, f"every file not simply copied has its reason ({no_reason[:3]})")
        # Outcomes as expected (names that were not UTF-8 come back escaped: matched by position in the sort).
        by_source = {os.fsencode(e["source"]): e for e in entries}
        wrong = []
        for path, allowed in sorted(pile.expected.items()):
            e = by_source.get(path)
            if e is None:
                continue  # a Latin-1 name: counted above
            if e["outcome"] not in allowed:
                wrong.append(f"{os.fsdecode(path)[len(tmp):]}: {e['outcome']} ({e.get('reason', '')[:160]}), expected {sorted(allowed)}")
        check(not wrong, "every file has the expected outcome" + "".join("\n     " + w for w in wrong[:15]))
        conflicts = [e for e in entries if e["outcome"] == "conflict"]
        check(len(conflicts) == 6 and all(e.get("differences") and e.get("conflict_with") for e in conflicts),
              "each conflict names the other file and the attributes that differ")
        dup_reasons = [e["reason"] for e in entries if e["outcome"] == "duplicate"]
        check(len(dup_reasons) == 9, f"9 duplicates (3 byte copies, 3 implicit VR, 3 RLE): {len(dup_reasons)}")
        check(all("same pixels decoded" in r or "identical" in r for r in dup_reasons), "each duplicate says why it is one")
        undecodable = [e for e in entries if "undecodable" in e["source"]]
        check(all("frame 1" in e.get("reason", "") for e in undecodable),
              "an undecodable stream's reason names the frame: " + "; ".join(e.get("reason", "")[:200] for e in undecodable))

        dicomdir = os.path.join(cd, "DICOMDIR")
        r = run("dciodvfy", dicomdir)
        out = (r.stdout + r.stderr).decode(errors="replace")
        errors = [l for l in out.splitlines() if l.startswith("Error")]
        check(not errors, f"dciodvfy: 0 errors on the DICOMDIR ({len(errors)}: {errors[:3]})")
        written = sorted(p for p in glob.glob(os.path.join(cd, "DICOM", "**"), recursive=True) if os.path.isfile(p))
        r = run("dcentvfy", *written)
        out = (r.stdout + r.stderr).decode(errors="replace")
        errors = [l for l in out.splitlines() if l.startswith("Error")]
        check(not errors, f"dcentvfy: 0 errors on the file-set's {len(written)} files ({len(errors)}: {errors[:3]})")
        on_medium = [e for e in entries if e["outcome"] in ("copied", "rewritten")]
        check(len(written) == len(on_medium), f"{len(written)} files on the medium, one per copied or rewritten input")
        from pydicom.fileset import FileSet
        fs = FileSet(dicomdir)
        loaded = 0
        for inst in fs:
            ds = inst.load()
            loaded += bool(ds.SOPInstanceUID)
        check(loaded == len(written), f"pydicom's FileSet reads every instance ({loaded} of {len(written)})")
        check(all(open(p, "rb").read(128) == bytes(128) for p in written), "every file written has our preamble (128 zero bytes)")
        # The repairs, as written.
        replaced = []
        for p in written:
            ds = pydicom.dcmread(p, stop_before_pixels=True)
            check(ds.file_meta.MediaStorageSOPInstanceUID == ds.SOPInstanceUID, f"{p[len(cd):]}: File Meta names the data set's instance") if ds.file_meta.MediaStorageSOPInstanceUID != ds.SOPInstanceUID else None
            if "OriginalAttributesSequence" in ds:
                replaced.append(ds)
        # (pydicom's RT Dose refers to an RT Plan by an invalid UID, "...0123...": replaced too.)
        rt = [ds for ds in replaced if ds.PatientID != "P-BADUID"]
        replaced = [ds for ds in replaced if ds.PatientID == "P-BADUID"]
        check(len(replaced) == 4 and len(rt) == 1, f"the 4 files with invalid UIDs and the RT Dose carry an Original Attributes Sequence ({len(replaced)}, {len(rt)})")
        for ds in replaced:
            item = ds.OriginalAttributesSequence[0]
            olds = [bytes(x.NonconformingDataElementValue).rstrip(b"\0").decode() for x in item.NonconformingModifiedAttributesSequence]
            check("1.2.826.0.1.3680043.10.1188.0ff3a" in olds and str(ds.StudyInstanceUID).startswith("1.2.826.0.1.3680043.10.1189."),
                  f"instance {ds.InstanceNumber}: old Study Instance UID kept, new one under the UID root")
            if "ReferencedImageSequence" in ds:
                first = [x for x in replaced if x.InstanceNumber == 1]
                check(first and ds.ReferencedImageSequence[0].ReferencedSOPInstanceUID == first[0].SOPInstanceUID,
                      f"instance {ds.InstanceNumber}: the reference follows the replaced SOP Instance UID")
        check(len({str(ds.StudyInstanceUID) for ds in replaced}) == 1, "one old Study Instance UID, one new one in every file")

        # Without --replace-invalid-uids: excluded, the reason names tag and value.
        small = os.path.join(tmp, "small")
        r = run(discus, "author", "--profile", "STD-GEN-CD", "--allow-excluded", "--report", small + ".report",
                "--out", small, *invalid, made_ok(pile))
        rep = json.load(open(small + ".report.json", encoding="utf-8"))
        bad = [e for e in rep["files"] if "invalid-uid" in e["source"]]
        check(len(bad) == 4 and all(e["outcome"] == "excluded" and "invalid UID (0008,0018) SOPInstanceUID" in e["reason"]
                                    and "deadbeef" in e["reason"] for e in bad),
              "without --replace-invalid-uids the invalid-UID instances are excluded, tag and value named: "
              + (bad[0]["reason"] if bad else "none"))
        # A profile that takes JPEG as it is: the copies are decoded all the same, and one that
        # does not decode stays off with the frame and its place named (issue 12 item 3).
        jpeg = os.path.join(tmp, "jpeg-in")
        os.makedirs(jpeg)
        p, ds = pile.good[0]
        dcmtk("dcmcjpeg", ["+e1"], p, os.path.join(jpeg, "good.dcm"))
        bad = pydicom.dcmread(os.path.join(jpeg, "good.dcm"))
        frame = bytearray(next(generate_pixel_data_frame(bad.PixelData)))
        frame[20:] = bytes(len(frame) - 20)  # the entropy-coded data (and EOI) gone
        bad.PixelData = encapsulate([bytes(frame)])
        bad.SOPInstanceUID = generate_uid(ROOT)
        bad.file_meta.MediaStorageSOPInstanceUID = bad.SOPInstanceUID
        bad.save_as(os.path.join(jpeg, "bad.dcm"))
        dvd = os.path.join(tmp, "dvd")
        r = run(discus, "author", "--profile", "STD-GEN-DVD-JPEG", "--allow-excluded", "--out", dvd, jpeg)
        rep = json.load(open(dvd + ".report.json", encoding="utf-8"))
        got = {os.path.basename(e["source"]): e for e in rep["files"]}
        check(got["good.dcm"]["outcome"] == "copied", "STD-GEN-DVD-JPEG: a JPEG Lossless file that decodes is copied")
        reason = got["bad.dcm"].get("reason", "")
        check(got["bad.dcm"]["outcome"] == "unreadable" and "frame 1" in reason and "byte" in reason,
              f"STD-GEN-DVD-JPEG: one that does not decode is unreadable, frame and offset named ({reason})")
    if failures:
        print(f"{len(failures)} failure(s)")
        return 1
    print("all passed")
    return 0


def made_ok(pile):
    return next(os.fsdecode(p) for p, o in sorted(pile.expected.items()) if o == {"copied"})


if __name__ == "__main__":
    sys.exit(main())
