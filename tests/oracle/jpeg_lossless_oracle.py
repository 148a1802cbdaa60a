#!/usr/bin/python3
"""JPEG lossless (Process 14) oracle (issue 4): our codec against dcmtk, which we did not write.

Inputs: every JPEG lossless file (TS 1.2.840.10008.1.2.4.57 or .4.70, checked with pydicom) in
Debian python3-pydicom's test_files, plus streams dcmtk's own encoder (dcmcjpeg, true lossless)
writes from pydicom's uncompressed images and from generated 8/12/16-bit, signed and unsigned,
grey and RGB images, at every selection value 1-7 and with a point transform.
For each input:
  * decode: `discus-codec-tool decode` bytes == the raw Pixel Data of `dcmdjpeg IN OUT`;
  * encode: the dcmdjpeg output encoded by `discus-codec-tool encode` (.4.70) is decoded by
    dcmdjpeg back to the identical Pixel Data bytes.
Run with Debian's /usr/bin/python3. Usage: jpeg_lossless_oracle.py DISCUS_CODEC_TOOL
Exit status 0 only when every input passes (and there are inputs).
"""
import os
import subprocess
import sys
import tempfile

import numpy as np
import pydicom
from pydicom.dataset import FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

from codec_oracle_support import corpus_files

DATA = "/usr/lib/python3/dist-packages/pydicom/data/test_files"
LOSSLESS = {"1.2.840.10008.1.2.4.57", "1.2.840.10008.1.2.4.70"}
NATIVE_SOURCES = ["CT_small.dcm", "MR_small.dcm", "SC_rgb_small_odd.dcm"]


def run(cmd):
    return subprocess.run(cmd, capture_output=True, text=True)


def pixel_bytes(path):
    """Raw Pixel Data of a native file, colour-by-pixel."""
    ds = pydicom.dcmread(path)
    raw = bytes(ds.PixelData)
    spp = int(ds.get("SamplesPerPixel", 1))
    if spp > 1 and int(ds.get("PlanarConfiguration", 0)) == 1:
        size = (int(ds.BitsAllocated) // 8)
        frames = int(ds.get("NumberOfFrames", 1) or 1)
        a = np.frombuffer(raw, dtype=np.uint8 if size == 1 else np.uint16)
        a = a[: frames * spp * ds.Rows * ds.Columns].reshape(frames, spp, ds.Rows * ds.Columns)
        raw = a.transpose(0, 2, 1).tobytes()
    expected = ds.Rows * ds.Columns * spp * (int(ds.BitsAllocated) // 8) * int(ds.get("NumberOfFrames", 1) or 1)
    return raw[:expected]


def corpus_inputs():
    return corpus_files(LOSSLESS)


def synthetic(tmp, name, bits_stored, spp, signed):
    """A native image with noise, ramps and extremes in Bits Stored bits."""
    rows, cols = 37, 53
    rng = np.random.default_rng(bits_stored * 10 + spp + signed)
    alloc = 8 if bits_stored <= 8 else 16
    lo, hi = (-(1 << (bits_stored - 1)), (1 << (bits_stored - 1)) - 1) if signed else (0, (1 << bits_stored) - 1)
    y, x = np.mgrid[0:rows, 0:cols]
    ramp = lo + ((x * 131 + y * 71) % (hi - lo + 1))
    img = np.where(rng.random((rows, cols)) < 0.3, rng.integers(lo, hi + 1, (rows, cols)), ramp)
    img[0, 0], img[-1, -1] = lo, hi
    if spp == 3:
        img = np.stack([img, np.roll(img, 5, axis=1), hi - (img - lo)], axis=-1)
    dtype = {(8, 0): np.uint8, (8, 1): np.int8, (16, 0): np.uint16, (16, 1): np.int16}[(alloc, signed)]
    ds = pydicom.Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.file_meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.7"
    ds.file_meta.MediaStorageSOPInstanceUID = generate_uid()
    ds.SOPClassUID = ds.file_meta.MediaStorageSOPClassUID
    ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID
    ds.Modality = "OT"
    ds.PatientName, ds.PatientID, ds.StudyInstanceUID, ds.SeriesInstanceUID = "Oracle^Jpeg", "JL1", generate_uid(), generate_uid()
    ds.Rows, ds.Columns, ds.SamplesPerPixel = rows, cols, spp
    ds.PhotometricInterpretation = "RGB" if spp == 3 else "MONOCHROME2"
    if spp == 3:
        ds.PlanarConfiguration = 0
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = alloc, bits_stored, bits_stored - 1, signed
    ds.PixelData = img.astype(dtype).tobytes()
    path = os.path.join(tmp, name + ".native.dcm")
    ds.save_as(path, write_like_original=False)
    return path


def dcmtk_inputs(tmp):
    """Streams written by dcmcjpeg (true lossless) at every selection value."""
    natives = [os.path.join(DATA, n) for n in NATIVE_SOURCES]
    for bits, spp, signed in [(8, 1, 0), (12, 1, 0), (12, 1, 1), (16, 1, 0), (16, 1, 1), (8, 3, 0), (16, 3, 0), (2, 1, 0), (10, 1, 0)]:
        natives.append(synthetic(tmp, f"gen{bits}_{spp}_{signed}", bits, spp, signed))
    out = []
    for src in natives:
        base = os.path.splitext(os.path.basename(src))[0]
        variants = [("sv1", ["+e1"])] + [(f"sv{sv}", ["+el", "+sv", str(sv)]) for sv in range(2, 8)] + [("sv6pt2", ["+el", "+sv", "6", "+pt", "2"])]
        for tag, opts in variants:
            dst = os.path.join(tmp, f"{base}.{tag}.dcm")
            r = run(["dcmcjpeg", *opts, src, dst])
            if r.returncode == 0:
                out.append(dst)
            else:
                print(f"note: dcmcjpeg {' '.join(opts)} {base}: {r.stderr.strip()[:200]}")
    return out


def check(tool, path, tmp):
    name = os.path.basename(path)
    ref = os.path.join(tmp, "ref.dcm")
    r = run(["dcmdjpeg", path, ref])
    if r.returncode != 0:
        print(f"skip {name}: dcmdjpeg cannot decode it: {r.stderr.strip()[:200]}")
        return None
    want = pixel_bytes(ref)
    ours = os.path.join(tmp, "ours.raw")
    r = run([tool, "decode", path, ours])
    if r.returncode != 0:
        return f"{name}: our decoder failed: {r.stderr.strip()}"
    with open(ours, "rb") as f:
        got = f.read()
    if got != want:
        diff = next((i for i in range(min(len(got), len(want))) if got[i] != want[i]), min(len(got), len(want)))
        return f"{name}: decoded bytes differ from dcmdjpeg ({len(got)} vs {len(want)} bytes, first difference at {diff})"
    enc = os.path.join(tmp, "enc.dcm")
    r = run([tool, "encode", ref, enc])
    if r.returncode != 0:
        return f"{name}: our encoder failed: {r.stderr.strip()}"
    back = os.path.join(tmp, "back.dcm")
    r = run(["dcmdjpeg", enc, back])
    if r.returncode != 0:
        return f"{name}: dcmdjpeg cannot decode our encoding: {r.stderr.strip()[:300]}"
    if pixel_bytes(back) != want:
        return f"{name}: dcmdjpeg decodes our encoding to different bytes"
    size_in = os.path.getsize(path)
    print(f"ok   {name}: {len(want)} bytes identical; re-encoded {os.path.getsize(enc)} bytes (source {size_in})")
    return ""


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    tool = sys.argv[1]
    failures, passed = [], 0
    with tempfile.TemporaryDirectory() as tmp:
        inputs = corpus_inputs()
        print(f"{len(inputs)} JPEG lossless files in pydicom's test_files: {[os.path.basename(p) for p in inputs]}")
        inputs += dcmtk_inputs(tmp)
        for path in inputs:
            result = check(tool, path, tmp)
            if result:
                failures.append(result)
                print("FAIL " + result)
            elif result == "":
                passed += 1
    print(f"{passed} passed, {len(failures)} failed")
    return 0 if passed > 0 and not failures else 1


if __name__ == "__main__":
    sys.exit(main())
