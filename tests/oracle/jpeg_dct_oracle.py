#!/usr/bin/python3
"""JPEG baseline/extended (DCT) oracle (issue 4): `discus transcode` judged by dcmtk and GDCM.

Decode: every file of Debian python3-pydicom's test_files in 1.2.840.10008.1.2.4.50 or .4.51,
plus 8 and 12-bit grey/colour streams dcmcjpeg writes from generated images (baseline +eb,
extended +ee at 12 bits, several subsamplings), goes through
`discus transcode --ts 1.2.840.10008.1.2.1`; its pixels are compared with `dcmdjpeg` (the
reference: same colour rule, PS3.5 8.2.1, YBR -> RGB) and with `gdcmconv --raw` (second opinion,
reported). Lossy decoders may round the IDCT differently: the maximum absolute difference must
be <= 1 for 8-bit and <= TWELVE_BIT_BOUND for 12-bit frames; the exact-equality rate is printed.
The Photometric Interpretation we write must equal dcmdjpeg's.

Encode: native 8-bit grey and RGB images (generated and from pydicom) go through
`discus transcode --ts 1.2.840.10008.1.2.4.50`; dcmdjpeg and gdcmconv must both decode the
result, to within 1 of each other, close to the original (PSNR bound), and the file must carry
Lossy Image Compression "01" (PS3.3 C.7.6.1.1.5; Ratio, Method and a new SOP Instance UID are
added by `discus author`, which decides on lossy steps) and, for colour, YBR_FULL_422.

Run with Debian's /usr/bin/python3. Usage: jpeg_dct_oracle.py DISCUS
"""
import os
import subprocess
import sys
import tempfile
import warnings

import numpy as np
import pydicom
from pydicom.dataset import FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

from codec_oracle_support import corpus_files

DATA = "/usr/lib/python3/dist-packages/pydicom/data/test_files"
DCT = {"1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51"}
# Our 12-bit IDCT (double precision) and IJG's 12-bit integer one differ by at most one unit per
# component; YCbCr -> RGB multiplies a chroma unit by up to 1.772, so colour output may differ by 3.
TWELVE_BIT_BOUND = 1
COLOUR_BOUND = 3
ENCODE_PSNR = 30.0


def run(cmd):
    return subprocess.run(cmd, capture_output=True, text=True)


def pixels(path):
    """Native pixel array of a file, colour-by-pixel, shape (frames, rows, cols, spp)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ds = pydicom.dcmread(path)
    spp = int(ds.get("SamplesPerPixel", 1))
    frames = int(ds.get("NumberOfFrames", 1) or 1)
    dtype = np.uint8 if int(ds.BitsAllocated) == 8 else np.uint16
    a = np.frombuffer(bytes(ds.PixelData), dtype=dtype)[: frames * spp * ds.Rows * ds.Columns]
    if spp > 1 and int(ds.get("PlanarConfiguration", 0)) == 1:
        a = a.reshape(frames, spp, ds.Rows, ds.Columns).transpose(0, 2, 3, 1)
    return ds, a.reshape(frames, ds.Rows, ds.Columns, spp).astype(np.int32)


def ybr_full_to_rgb(a, bits):
    """GDCM's --raw keeps YBR_FULL; T.871 equations (PS3.3 C.7.6.3.1.2) bring it to RGB."""
    c = float(1 << (bits - 1))
    y, cb, cr = a[..., 0].astype(float), a[..., 1] - c, a[..., 2] - c
    rgb = np.stack([y + 1.402 * cr, y - 0.344136 * cb - 0.714136 * cr, y + 1.772 * cb], axis=-1)
    return np.clip(np.floor(rgb + 0.5), 0, (1 << bits) - 1).astype(np.int32)


def gdcm_pixels(path, bits):
    """gdcmconv --raw output as RGB where it kept YBR_FULL; returns (note, array)."""
    gds, g = pixels(path)
    if str(gds.PhotometricInterpretation) == "YBR_FULL":
        return "YBR_FULL converted here", ybr_full_to_rgb(g, bits)
    return str(gds.PhotometricInterpretation), g


def psnr(a, b, peak):
    mse = float(np.mean((a - b) ** 2))
    return 99.0 if mse == 0 else 10 * np.log10(peak * peak / mse)


def corpus_inputs():
    return corpus_files(DCT)


def synthetic(tmp, name, bits, spp, frames=1, rows=45, cols=67):
    """A smooth image with edges and noise, `bits` stored bits, unsigned."""
    rng = np.random.default_rng(bits * 10 + spp + frames)
    hi = (1 << bits) - 1
    y, x = np.mgrid[0:rows, 0:cols]
    planes = []
    for f in range(frames):
        base = hi / 2 + hi / 3 * np.sin((x + 5 * f) / 7.0) * np.cos(y / 11.0) + np.where((x // 12 + y // 12) % 2 == 0, hi / 8, 0)
        img = np.clip(base + rng.normal(0, hi / 200, (rows, cols)), 0, hi)
        if spp == 3:
            img = np.stack([img, np.roll(img, 9, axis=1), hi - img], axis=-1)
        planes.append(img)
    arr = np.array(planes).round().astype(np.uint8 if bits <= 8 else np.uint16)
    ds = pydicom.Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    # Multi-frame SC SOP classes for several frames: GDCM refuses frames in a single-frame class.
    sop_class = "1.2.840.10008.5.1.4.1.1.7"
    if frames > 1:
        sop_class = "1.2.840.10008.5.1.4.1.1.7.4" if spp == 3 else ("1.2.840.10008.5.1.4.1.1.7.2" if bits <= 8 else "1.2.840.10008.5.1.4.1.1.7.3")
    ds.file_meta.MediaStorageSOPClassUID = sop_class
    ds.file_meta.MediaStorageSOPInstanceUID = generate_uid()
    ds.SOPClassUID = ds.file_meta.MediaStorageSOPClassUID
    ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID
    ds.Modality = "OT"
    ds.PatientName, ds.PatientID, ds.StudyInstanceUID, ds.SeriesInstanceUID = "Oracle^Dct", "JD1", generate_uid(), generate_uid()
    ds.Rows, ds.Columns, ds.SamplesPerPixel = rows, cols, spp
    ds.PhotometricInterpretation = "RGB" if spp == 3 else "MONOCHROME2"
    if spp == 3:
        ds.PlanarConfiguration = 0
    if frames > 1:
        ds.NumberOfFrames = frames
        ds.FrameIncrementPointer = 0x00181063
        ds.FrameTime = 40
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = (8 if bits <= 8 else 16), bits, bits - 1, 0
    ds.PixelData = arr.tobytes()
    path = os.path.join(tmp, name + ".native.dcm")
    ds.save_as(path, write_like_original=False)
    return path


def dcmtk_inputs(tmp):
    """Streams dcmcjpeg writes: baseline 8-bit grey/colour in several subsamplings, extended 12-bit."""
    jobs = [
        (synthetic(tmp, "g8", 8, 1), [("eb", ["+eb"]), ("ee8", ["+ee"])]),
        (synthetic(tmp, "c8", 8, 3, frames=2), [("eb422", ["+eb"]), ("eb444", ["+eb", "+s4"]), ("eb420", ["+eb", "+n1"]), ("rgb", ["+eb", "+cr"])]),
        (synthetic(tmp, "g12", 12, 1, frames=3, rows=70, cols=41), [("ee12", ["+ee"]), ("ee12q50", ["+ee", "+q", "50"])]),
        (synthetic(tmp, "g10", 10, 1), [("ee10", ["+ee"])]),
        (synthetic(tmp, "c12", 12, 3), [("ee12c", ["+ee", "+s4"]), ("ee12c422", ["+ee"])]),
    ]
    out = []
    for src, variants in jobs:
        base = os.path.basename(src).split(".")[0]
        for tag, opts in variants:
            dst = os.path.join(tmp, f"{base}.{tag}.dcm")
            r = run(["dcmcjpeg", *opts, src, dst])
            if r.returncode == 0:
                out.append(dst)
            else:
                print(f"note: dcmcjpeg {' '.join(opts)} {base}: {r.stderr.strip()[:200]}")
    return out


class Stats:
    def __init__(self):
        self.samples = 0
        self.equal = 0


def decode_check(discus, path, tmp, stats):
    name = os.path.basename(path)
    ref = os.path.join(tmp, "ref.dcm")
    r = run(["dcmdjpeg", path, ref])
    if r.returncode != 0:
        print(f"skip {name}: dcmdjpeg cannot decode it: {r.stderr.strip()[:200]}")
        return None
    ref_ds, want = pixels(ref)
    ours_path = os.path.join(tmp, "ours.dcm")
    r = run([discus, "transcode", "--ts", "1.2.840.10008.1.2.1", path, ours_path])
    if r.returncode != 0:
        return f"{name}: discus transcode failed: {r.stderr.strip()}"
    ds, got = pixels(ours_path)
    if got.shape != want.shape:
        return f"{name}: shape {got.shape} differs from dcmdjpeg's {want.shape}"
    if str(ds.PhotometricInterpretation) != str(ref_ds.PhotometricInterpretation):
        return f"{name}: Photometric Interpretation {ds.PhotometricInterpretation}, dcmdjpeg says {ref_ds.PhotometricInterpretation}"
    if str(ds.get("LossyImageCompression", "")) != "01":
        return f"{name}: decoded lossy file lacks Lossy Image Compression 01"
    bits = int(ds.BitsStored)
    bound = 1 if bits <= 8 else TWELVE_BIT_BOUND
    if bits > 8 and got.shape[-1] == 3 and str(ref_ds.PhotometricInterpretation) == "RGB" and str(ds.PhotometricInterpretation) == "RGB":
        bound = COLOUR_BOUND
    diff = np.abs(got - want)
    stats.samples += diff.size
    stats.equal += int(np.count_nonzero(diff == 0))
    if int(diff.max()) > bound:
        where = np.unravel_index(int(diff.argmax()), diff.shape)
        return f"{name}: max |ours - dcmdjpeg| = {int(diff.max())} > {bound} at {where}"
    second = ""
    g = os.path.join(tmp, "gdcm.dcm")
    r = run(["gdcmconv", "--raw", path, g])
    if r.returncode == 0:
        note, gpix = gdcm_pixels(g, bits)
        if gpix.shape == got.shape:
            gd = np.abs(gpix - got)
            second = f"; gdcmconv ({note}): max diff {int(gd.max())}, {100.0 * np.count_nonzero(gd == 0) / gd.size:.1f}% equal"
        else:
            second = f"; gdcmconv gives shape {gpix.shape}"
    else:
        second = "; gdcmconv cannot decode it"
    print(f"ok   {name} ({bits}-bit, {ds.PhotometricInterpretation}): max diff {int(diff.max())}, "
          f"{100.0 * np.count_nonzero(diff == 0) / diff.size:.2f}% equal to dcmdjpeg{second}")
    return ""


def encode_check(discus, src, tmp):
    name = os.path.basename(src)
    _, original = pixels(src)
    enc = os.path.join(tmp, "enc.dcm")
    r = run([discus, "transcode", "--ts", "1.2.840.10008.1.2.4.50", src, enc])
    if r.returncode != 0:
        return f"{name}: discus transcode to .4.50 failed: {r.stderr.strip()}"
    ds = pydicom.dcmread(enc, stop_before_pixels=True)
    spp = int(ds.get("SamplesPerPixel", 1))
    if str(ds.file_meta.TransferSyntaxUID) != "1.2.840.10008.1.2.4.50":
        return f"{name}: written in {ds.file_meta.TransferSyntaxUID}"
    if spp == 3 and ds.PhotometricInterpretation != "YBR_FULL_422":
        return f"{name}: colour written as {ds.PhotometricInterpretation}, not YBR_FULL_422"
    if ds.get("LossyImageCompression") != "01":
        return f"{name}: Lossy Image Compression 01 not recorded"
    ratio = os.path.getsize(src) / os.path.getsize(enc)
    decodes = {}
    for tool, cmd in (("dcmdjpeg", ["dcmdjpeg"]), ("gdcmconv", ["gdcmconv", "--raw"])):
        out = os.path.join(tmp, tool + ".dcm")
        r = run(cmd + [enc, out])
        if r.returncode != 0:
            return f"{name}: {tool} cannot decode our encoding: {r.stderr.strip()[:300]}"
        decodes[tool] = gdcm_pixels(out, 8)[1] if tool == "gdcmconv" else pixels(out)[1]
        if decodes[tool].shape != original.shape:
            return f"{name}: {tool} decodes our encoding to shape {decodes[tool].shape}"
        p = psnr(original, decodes[tool], 255.0)
        if p < ENCODE_PSNR:
            return f"{name}: {tool} decodes our encoding at PSNR {p:.1f} dB < {ENCODE_PSNR}"
    agree = int(np.abs(decodes["dcmdjpeg"] - decodes["gdcmconv"]).max())
    if agree > (1 if original.shape[-1] == 1 else COLOUR_BOUND):
        return f"{name}: dcmdjpeg and gdcmconv decode our encoding {agree} apart"
    print(f"ok   encode {name}: file size ratio {ratio:.2f}, PSNR {psnr(original, decodes['dcmdjpeg'], 255.0):.1f} dB (dcmdjpeg), "
          f"dcmdjpeg/gdcmconv within {agree}")
    return ""


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    discus = sys.argv[1]
    failures, passed, stats = [], 0, Stats()
    with tempfile.TemporaryDirectory() as tmp:
        inputs = corpus_inputs()
        print(f"{len(inputs)} JPEG baseline/extended files in pydicom's test_files")
        inputs += dcmtk_inputs(tmp)
        for path in inputs:
            result = decode_check(discus, path, tmp, stats)
            if result:
                failures.append(result)
                print("FAIL " + result)
            elif result == "":
                passed += 1
        natives = [synthetic(tmp, "e8", 8, 1), synthetic(tmp, "ec8", 8, 3, frames=2, rows=33, cols=50),
                   os.path.join(DATA, "SC_rgb_small_odd.dcm"), os.path.join(DATA, "SC_rgb.dcm"), os.path.join(DATA, "OBXXXX1A.dcm")]
        for src in natives:
            if not os.path.exists(src):
                continue
            result = encode_check(discus, src, tmp)
            if result:
                failures.append(result)
                print("FAIL " + result)
            else:
                passed += 1
    if stats.samples:
        print(f"exact-equality rate against dcmdjpeg: {100.0 * stats.equal / stats.samples:.3f}% of {stats.samples} samples")
    print(f"{passed} passed, {len(failures)} failed")
    return 0 if passed > 0 and not failures else 1


if __name__ == "__main__":
    sys.exit(main())
