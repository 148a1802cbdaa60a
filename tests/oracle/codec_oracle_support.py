"""Shared by jpeg_ls_oracle.py and jpeg2000_oracle.py: pydicom's files of some transfer syntaxes,
generated native images, Pixel Data extraction and the decode / re-encode judgement against a
reference decoder (dcmtk or GDCM), with a golden table of decoded-pixel SHA-256 values."""
import glob
import hashlib
import os
import subprocess
import warnings

import numpy as np
import pydicom
from pydicom.dataset import FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

DATA = "/usr/lib/python3/dist-packages/pydicom/data/test_files"
NATIVE = "1.2.840.10008.1.2.1"


def existing(paths):
    return [p for p in paths if os.path.exists(p)]


def run(cmd):
    return subprocess.run(cmd, capture_output=True, text=True)


def read(path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return pydicom.dcmread(path)


def corpus_files(syntaxes):
    out = []
    for path in sorted(glob.glob(os.path.join(DATA, "**", "*"), recursive=True)):
        if not os.path.isfile(path):
            continue
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                ds = pydicom.dcmread(path, stop_before_pixels=True)
        except Exception:
            continue
        ts = str(getattr(getattr(ds, "file_meta", None), "TransferSyntaxUID", ""))
        if ts in syntaxes and "Rows" in ds:
            out.append(path)
    return out


def pixel_bytes(path):
    """Raw native Pixel Data, colour-by-pixel, trimmed to the frames' size; and the data set."""
    ds = read(path)
    raw = bytes(ds.PixelData)
    spp = int(ds.get("SamplesPerPixel", 1))
    frames = int(ds.get("NumberOfFrames", 1) or 1)
    size = int(ds.BitsAllocated) // 8
    expected = ds.Rows * ds.Columns * spp * size * frames
    raw = raw[:expected]
    if spp > 1 and int(ds.get("PlanarConfiguration", 0)) == 1:
        a = np.frombuffer(raw, dtype=np.uint8 if size == 1 else np.uint16)
        raw = a.reshape(frames, spp, ds.Rows * ds.Columns).transpose(0, 2, 1).tobytes()
    return raw, ds


def synthetic_natives(tmp, prefix):
    """Native images with noise, ramps and extremes: 8/12/16 bits, signed and unsigned, grey and
    RGB, one with two frames."""
    out = []
    for bits, spp, signed, frames in [(8, 1, 0, 1), (8, 1, 1, 1), (12, 1, 0, 2), (12, 1, 1, 1), (16, 1, 0, 1), (16, 1, 1, 1),
                                      (8, 3, 0, 1), (8, 3, 0, 2), (16, 3, 0, 1)]:
        rows, cols = 37, 53
        rng = np.random.default_rng(bits * 10 + spp + signed)
        alloc = 8 if bits <= 8 else 16
        lo, hi = (-(1 << (bits - 1)), (1 << (bits - 1)) - 1) if signed else (0, (1 << bits) - 1)
        y, x = np.mgrid[0:rows, 0:cols]
        planes = []
        for f in range(frames):
            ramp = lo + ((x * 131 + y * 71 + f * 13) % (hi - lo + 1))
            img = np.where(rng.random((rows, cols)) < 0.3, rng.integers(lo, hi + 1, (rows, cols)), ramp)
            img[0, 0], img[-1, -1] = lo, hi
            if spp == 3:
                img = np.stack([img, np.roll(img, 5, axis=1), hi - (img - lo)], axis=-1)
            planes.append(img)
        dtype = {(8, 0): np.uint8, (8, 1): np.int8, (16, 0): np.uint16, (16, 1): np.int16}[(alloc, signed)]
        ds = pydicom.Dataset()
        ds.file_meta = FileMetaDataset()
        ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
        ds.file_meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.7"
        ds.file_meta.MediaStorageSOPInstanceUID = generate_uid()
        ds.SOPClassUID = ds.file_meta.MediaStorageSOPClassUID
        ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID
        ds.Modality = "OT"
        ds.PatientName, ds.PatientID, ds.StudyInstanceUID, ds.SeriesInstanceUID = "Oracle^Codec", "C1", generate_uid(), generate_uid()
        ds.Rows, ds.Columns, ds.SamplesPerPixel = rows, cols, spp
        ds.PhotometricInterpretation = "RGB" if spp == 3 else "MONOCHROME2"
        if spp == 3:
            ds.PlanarConfiguration = 0
        if frames > 1:
            ds.NumberOfFrames = frames
        ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = alloc, bits, bits - 1, signed
        ds.PixelData = np.stack(planes).astype(dtype).tobytes()
        path = os.path.join(tmp, f"{prefix}_gen{bits}_{spp}_{signed}_{frames}f.dcm")
        ds.save_as(path, write_like_original=False)
        out.append(path)
    return out


def same_stored_values(a, b, ds):
    """Equal once the bits above High Bit are ignored (signed data with Bits Stored < Allocated)."""
    alloc, stored = int(ds.BitsAllocated), int(ds.BitsStored)
    if int(ds.get("PixelRepresentation", 0)) != 1 or stored >= alloc or len(a) != len(b):
        return False
    dtype = np.uint8 if alloc == 8 else np.uint16
    mask = (1 << stored) - 1
    return bool(np.array_equal(np.frombuffer(a, dtype) & mask, np.frombuffer(b, dtype) & mask))


def first_difference(a, b):
    return next((i for i in range(min(len(a), len(b))) if a[i] != b[i]), min(len(a), len(b)))


def check(discus, path, lossless, tmp, reference, encode_ts, golden):
    """'' when it passes, None when skipped, else the failure."""
    name = os.path.basename(path)
    ours = os.path.join(tmp, "ours.dcm")
    ref = os.path.join(tmp, "ref.dcm")
    r = run([discus, "transcode", "--ts", NATIVE, path, ours])
    if r.returncode != 0:
        why = reference(path, ref)
        if why:  # neither decodes it: a broken file, not a gap of ours
            print(f"skip {name}: {why}; ours refuses it too: {r.stderr.strip()[-160:]}")
            return None
        return f"{name}: our decoder failed: {r.stderr.strip()[:300]}"
    got, got_ds = pixel_bytes(ours)
    digest = hashlib.sha256(got).hexdigest()
    if name in golden and golden[name] != digest:
        return f"{name}: decoded SHA-256 {digest} is not the golden {golden[name]}"
    why = reference(path, ref)
    if why:
        print(f"skip {name}: {why} (golden: {'checked' if name in golden else 'none'}; sha256 {digest})")
        return None
    want, want_ds = pixel_bytes(ref)
    note = ""
    if got != want:
        if not same_stored_values(got, want, want_ds):
            return f"{name}: decoded bytes differ from the reference ({len(got)} vs {len(want)} bytes, first difference at {first_difference(got, want)})"
        # The stream codes unsigned Bits Stored patterns of signed data: we sign-extend them into
        # Bits Allocated, the reference leaves the bits above High Bit zero; the values are equal.
        note = "; decode equal in the Bits Stored bits (reference does not sign-extend)"
    if str(got_ds.PhotometricInterpretation) != str(want_ds.PhotometricInterpretation):
        return f"{name}: Photometric Interpretation {got_ds.PhotometricInterpretation}, reference says {want_ds.PhotometricInterpretation}"
    enc = os.path.join(tmp, "enc.dcm")
    r = run([discus, "transcode", "--ts", encode_ts, ref, enc])
    if r.returncode != 0:
        return f"{name}: our encoder failed: {r.stderr.strip()[:300]}"
    back = os.path.join(tmp, "back.dcm")
    why = reference(enc, back)
    if why:
        return f"{name}: the reference cannot decode our encoding: {why}"
    again, _ = pixel_bytes(back)
    kind = ("lossless" if lossless else "lossy stream, same decode") + note
    if again != want:
        if not same_stored_values(again, want, want_ds):
            return f"{name}: the reference decodes our encoding to different bytes (first difference at {first_difference(again, want)})"
        # PS3.5 A.4.3: the codestream carries the Bits Stored bits; this reference leaves the bits
        # above High Bit of signed data zero where the native input (and our decoder) sign-extend.
        kind += "; reference re-decode equal in the Bits Stored bits, not sign-extended"
    print(f"ok   {name}: {len(want)} bytes identical ({kind}); ours re-encoded {os.path.getsize(enc)} bytes, source {os.path.getsize(path)}; sha256 {digest}")
    return ""


def judge(discus, inputs, tmp, reference, encode_ts, golden):
    failures, passed, skipped = [], 0, 0
    for path, lossless in inputs:
        result = check(discus, path, lossless, tmp, reference, encode_ts, golden)
        if result:
            failures.append(result)
            print("FAIL " + result)
        elif result == "":
            passed += 1
        else:
            skipped += 1
    print(f"{passed} passed, {skipped} skipped, {len(failures)} failed")
    return 0 if passed > 0 and not failures else 1
