#!/usr/bin/python3
"""Round trip against an oracle (issue 2): read -> write -> compare, judged by tools we did not write.

For every DICOM file in Debian python3-pydicom's test_files (and charset_files) that dcmtk's
dcmdump reads without error, `discus transcode` writes it in the same transfer syntax and in
each other writable uncompressed one (implicit VR LE, explicit VR LE, deflated explicit VR LE;
compressed files only in their own syntax), one `--out-dir` process per target syntax. Then:
  * dcmdump must read what we wrote without an error or warning;
  * pydicom must find the same data set: the same tags, and per element the same VR (where the
    source fixed it) and the same value; sequences compared item by item.
Run with Debian's /usr/bin/python3 (python3-pydicom). Usage: roundtrip_oracle.py DISCUS_BINARY
Exit status 0 only when every file passes.
"""
import math
import os
import subprocess
import sys
import tempfile
import warnings
from io import BytesIO

import pydicom

from pydicom.datadict import dictionary_VR
from pydicom.filebase import DicomBytesIO
from pydicom.filereader import read_sequence
from pydicom.filewriter import write_data_element
from pydicom.sequence import Sequence

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pydicom_corpus import DATA, candidates, dcmdump_ok  # noqa: E402

IMPLICIT = "1.2.840.10008.1.2"
EXPLICIT = "1.2.840.10008.1.2.1"
DEFLATED = "1.2.840.10008.1.2.1.99"
BIG_ENDIAN = "1.2.840.10008.1.2.2"
NATIVE = {IMPLICIT, EXPLICIT, DEFLATED, BIG_ENDIAN}



def as_sequence(elem, ds):
    """A private or UN value that is really an implicit-VR sequence (seen in implicit files)."""
    raw = elem.value
    if isinstance(raw, (bytes, bytearray)) and raw[:4] == b"\xfe\xff\x00\xe0":
        try:
            return read_sequence(BytesIO(raw), True, True, len(raw), ds._character_set)
        except Exception:
            return None
    return None


def values_equal(a, b):
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if isinstance(a, (bytes, bytearray)) and isinstance(b, (bytes, bytearray)):
        a, b = bytes(a), bytes(b)
        # An odd-length binary value is padded to even length when written (PS3.5 7.1.1).
        return a == b or (len(a) % 2 == 1 and b == a + b"\x00") or (len(b) % 2 == 1 and a == b + b"\x00")
    if isinstance(a, (list, pydicom.multival.MultiValue)) and isinstance(b, (list, pydicom.multival.MultiValue)):
        return len(a) == len(b) and all(values_equal(x, y) for x, y in zip(a, b))
    return a == b


def encoded_value(elem, encodings):
    """The value as implicit VR LE would carry it, padding included."""
    fp = DicomBytesIO()
    fp.is_little_endian = True
    fp.is_implicit_VR = True
    write_data_element(fp, elem, encodings)
    return fp.getvalue()[8:]


def swap16(b):
    b = bytearray(b)
    b[0::2], b[1::2] = b[1::2], b[0::2]
    return bytes(b)


def compare(src, out, path, errors, ctx):
    skip = lambda t: t.element == 0 or t == 0xFFFCFFFC
    src_tags = [t for t in src.keys() if not skip(t)]
    out_tags = [t for t in out.keys() if not skip(t)]
    if src_tags != out_tags:
        missing = sorted(set(src_tags) - set(out_tags))
        extra = sorted(set(out_tags) - set(src_tags))
        errors.append(f"{path}: tags differ: missing {[str(t) for t in missing]} extra {[str(t) for t in extra]}")
        return
    for t in src_tags:
        a, b = src[t], out[t]
        where = f"{path} {t}"
        a_seq = a.VR == "SQ" or isinstance(a.value, Sequence)
        b_seq = b.VR == "SQ" or isinstance(b.value, Sequence)
        if a_seq != b_seq:
            conv = as_sequence(a if not a_seq else b, src if not a_seq else out)
            if conv is None:
                errors.append(f"{where}: sequence on one side only ({a.VR} vs {b.VR})")
                continue
            seq_a = a.value if a_seq else conv
            seq_b = b.value if b_seq else conv
        elif a_seq:
            seq_a, seq_b = a.value, b.value
        else:
            seq_a = seq_b = None
        if seq_a is not None:
            if len(seq_a) != len(seq_b):
                errors.append(f"{where}: {len(seq_a)} items vs {len(seq_b)}")
                continue
            for i, (ia, ib) in enumerate(zip(seq_a, seq_b)):
                compare(ia, ib, f"{where}[{i}]", errors, ctx)
            continue
        if t.is_private and ctx["target"] == IMPLICIT:
            # Implicit VR drops the VR of private elements: pydicom then guesses it (UN, or its
            # private dictionary), so only the encoded value bytes can be compared.
            if not values_equal(encoded_value(a, src._character_set), encoded_value(b, out._character_set)):
                errors.append(f"{where}: private value bytes differ")
            continue
        if ctx["source"] == BIG_ENDIAN and a.VR in ("OW", "OB or OW") and isinstance(a.value, bytes):
            # pydicom leaves OW values of a big endian file in file order; we convert by the VR
            # (16-bit words, PS3.5 A.3), as dcmtk's dcmconv does.
            a = pydicom.DataElement(a.tag, a.VR, swap16(a.value))
        if a.VR != b.VR and not vr_change_allowed(t, a.VR, b.VR):
            errors.append(f"{where}: VR {a.VR} became {b.VR}")
            continue
        if not values_equal(a.value, b.value):
            errors.append(f"{where}: value {short(a.value)} became {short(b.value)}")


def vr_change_allowed(tag, va, vb):
    # Implicit VR sources leave the VR to the dictionary: ambiguous entries (US or SS, OB or OW)
    # and unknown/private tags (UN) may be spelt differently on either side.
    if "UN" in (va, vb):
        return True
    try:
        return " or " in dictionary_VR(tag)
    except KeyError:
        return False


def short(v):
    s = repr(v)
    return s if len(s) < 80 else s[:77] + "..."


def targets_for(ts):
    if ts in NATIVE:
        return [t for t in (EXPLICIT, IMPLICIT, DEFLATED)]
    return [ts]


def check_refused(discus, path, tmp, failures, name):
    r = subprocess.run([discus, "transcode", "--ts", EXPLICIT, path, os.path.join(tmp, "dir.dcm")],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if r.returncode == 0 or "DICOMDIR" not in r.stderr:
        failures.append(f"{name}: a DICOMDIR was transcoded (its offsets would break): {r.stderr.strip()}")
    # It must still read cleanly.
    r = subprocess.run([discus, "dump", "--quiet", path], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        failures.append(f"{name}: discus cannot read a DICOMDIR that dcmdump reads: {r.stderr.strip()}")


def transcode_batch(discus, target, inputs, folder):
    """One `discus transcode --out-dir` process for every input going to `target` (inputs are
    linked under unique names first). Returns {index: stderr lines naming that input}."""
    links = os.path.join(folder, "in")
    os.makedirs(links)
    paths = []
    for index, path in inputs:
        link = os.path.join(links, f"{index:04d}.dcm")
        os.symlink(path, link)
        paths.append(link)
    r = subprocess.run([discus, "transcode", "--ts", target, "--out-dir", os.path.join(folder, "out"), *paths],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if r.returncode not in (0, 1):
        raise RuntimeError(f"discus transcode --out-dir failed as a whole: {r.stderr.strip()}")
    said = {}
    for line in r.stderr.splitlines():
        for index, _ in inputs:
            if f"{index:04d}.dcm" in line:
                said.setdefault(index, []).append(line)
    return said


def main():
    warnings.simplefilter("ignore")  # pydicom's value checks are not what this test judges
    discus = sys.argv[1]
    failures, checked, skipped, dicomdirs = [], 0, 0, 0
    sources, by_target, bad_files = {}, {}, set()
    with tempfile.TemporaryDirectory() as tmp:
        for path in candidates():
            name = os.path.relpath(path, DATA)
            if not dcmdump_ok(path):
                print(f"skip {name}: dcmdump cannot read it")
                skipped += 1
                continue
            try:
                src = pydicom.dcmread(path, force=True)
                ts = str(src.file_meta.TransferSyntaxUID) if "TransferSyntaxUID" in src.file_meta else EXPLICIT
            except Exception as e:  # pydicom cannot read it either: not an oracle case
                print(f"skip {name}: pydicom cannot read it ({e})")
                skipped += 1
                continue
            if str(src.file_meta.get("MediaStorageSOPClassUID", "")) == "1.2.840.10008.1.3.10":
                # DICOMDIR record offsets are byte positions from the start of the file (PS3.3
                # F.3.2.1): `discus transcode` refuses them; the DICOMDIR writer rebuilds them.
                check_refused(discus, path, tmp, failures, name)
                dicomdirs += 1
                continue
            index = len(sources)
            sources[index] = (name, path, src, ts)
            for target in targets_for(ts):
                by_target.setdefault(target, []).append((index, path))
        # Each target syntax in one process over all its inputs (as a user converts a folder):
        # hundreds of processes cost minutes under AddressSanitizer for nothing the test judges.
        for t, (target, inputs) in enumerate(sorted(by_target.items())):
            folder = os.path.join(tmp, f"t{t}")
            said = transcode_batch(discus, target, inputs, folder)
            for index, _ in inputs:
                name, path, src, ts = sources[index]
                out = os.path.join(folder, "out", f"{index:04d}.dcm")
                if not os.path.exists(out):
                    failures.append(f"{name} -> {target}: discus transcode failed: {' / '.join(said.get(index, ['no output']))}")
                    bad_files.add(index)
                    continue
                checked += 1
                if not dcmdump_ok(out):
                    e = subprocess.run(["dcmdump", "-M", out], capture_output=True, text=True).stderr
                    failures.append(f"{name} -> {target}: dcmdump rejects our output: {e.strip()[:300]}")
                    bad_files.add(index)
                    continue
                written = pydicom.dcmread(out)
                errs = []
                if str(written.file_meta.TransferSyntaxUID) != target:
                    errs.append(f"{name} -> {target}: written with {written.file_meta.TransferSyntaxUID}")
                compare(src, written, f"{name} -> {target}", errs, {"source": ts, "target": target})
                if errs:
                    failures += errs[:10]
                    bad_files.add(index)
    for f in failures:
        print("FAIL", f)
    print(f"roundtrip oracle: {len(sources) - len(bad_files)} files passed, {checked} outputs checked, {skipped} inputs "
          f"skipped (dcmdump or pydicom cannot read them), {dicomdirs} DICOMDIRs refused as they must be, "
          f"{len(failures)} failures")
    return 1 if failures or not sources else 0


if __name__ == "__main__":
    sys.exit(main())
