#!/usr/bin/python3
"""Rendering oracle: dcmtk's dcmj2pnm judges `discus render` (PS3.3 C.11 display pipeline).

Each case renders one frame with discus and with dcmj2pnm using the matching VOI option (the
file's first window +Wi 1, an explicit window +Ww C W, the first VOI LUT +Wl 1, min-max +Wm) and
PNG output (+on). Both PNGs are decoded here with the standard library (zlib + the PNG filters)
and compared pixel by pixel: every pixel must be within 1 of dcmtk's, and the share of exactly
equal pixels is printed. Cases: pydicom's CT, MR, a MONOCHROME1 CR, RGB (native, planar, YBR 422,
RLE, JPEG lossless), a multi-frame, 1-bit; and files made here with pydicom for a palette (8 and
16-bit entries), a Modality LUT Sequence, a VOI LUT Sequence, SIGMOID and an overlay.

Usage: /usr/bin/python3 render_oracle.py path/to/discus
"""
import os
import struct
import subprocess
import sys
import tempfile
import warnings
import zlib

import pydicom
from pydicom.dataset import Dataset
from pydicom.sequence import Sequence

DATA = "/usr/lib/python3/dist-packages/pydicom/data/test_files"


def read_png(path):
    """(width, height, channels, bytes) of an 8-bit gray or RGB non-interlaced PNG."""
    with open(path, "rb") as f:
        data = f.read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    pos, idat, w = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and ctype in (0, 2) and interlace == 0, (path, depth, ctype, interlace)
            ch = 1 if ctype == 0 else 3
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = w * ch
    out, prev = bytearray(), bytearray(stride)
    for y in range(h):
        ftype, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - ch] if i >= ch else 0
            b = prev[i]
            c = prev[i - ch] if i >= ch else 0
            if ftype == 1:
                line[i] = (line[i] + a) & 255
            elif ftype == 2:
                line[i] = (line[i] + b) & 255
            elif ftype == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif ftype == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        out += line
        prev = line
    return w, h, ch, bytes(out)


def make_files(tmp):
    """Synthetic inputs for what pydicom's test files do not have. Returns {name: path}."""
    files = {}
    mr = pydicom.dcmread(os.path.join(DATA, "MR_small.dcm"))
    px = mr.pixel_array

    # PALETTE COLOR, 8-bit indices, palettes with 8-bit (packed) and 16-bit entries.
    for bits in (8, 16):
        ds = pydicom.dcmread(os.path.join(DATA, "MR_small.dcm"))
        idx = ((px.astype("int64") * 255) // max(1, int(px.max()))).astype("uint8")
        ds.PixelData = idx.tobytes()
        ds.BitsAllocated = ds.BitsStored = 8
        ds.HighBit = 7
        ds.PixelRepresentation = 0
        ds.PhotometricInterpretation = "PALETTE COLOR"
        for k in ("WindowCenter", "WindowWidth"):
            if k in ds:
                del ds[k]
        ramp = [(i * 7919) % 256 for i in range(256)], [i for i in range(256)], [255 - i for i in range(256)]
        for n, values in enumerate(ramp):
            data = bytes(values) if bits == 8 else b"".join(struct.pack("<H", v * 257) for v in values)
            ds.add_new(0x00281101 + n, "US", [256, 0, bits])
            ds.add_new(0x00281201 + n, "OW", data)
        p = os.path.join(tmp, f"palette{bits}.dcm")
        ds.save_as(p, write_like_original=False)
        files[f"palette{bits}"] = p

    # VOI LUT Sequence (8-bit entries in 16-bit words) instead of a window.
    ds = pydicom.dcmread(os.path.join(DATA, "MR_small.dcm"))
    del ds.WindowCenter, ds.WindowWidth
    item = Dataset()
    item.add_new(0x00283002, "US", [2048, 0, 8])
    item.add_new(0x00283006, "US", [min(255, (i * i) // 8000) for i in range(2048)])
    ds.VOILUTSequence = Sequence([item])
    p = os.path.join(tmp, "voilut.dcm")
    ds.save_as(p, write_like_original=False)
    files["voilut"] = p

    # Modality LUT Sequence on CT, then min-max.
    ds = pydicom.dcmread(os.path.join(DATA, "CT_small.dcm"))
    del ds.RescaleSlope, ds.RescaleIntercept
    item = Dataset()
    item.add_new(0x00283002, "US", [4096, 0, 16])
    item.ModalityLUTType = "HU"
    item.add_new(0x00283006, "US", [(i * 3) % 5000 for i in range(4096)])
    ds.ModalityLUTSequence = Sequence([item])
    p = os.path.join(tmp, "mlut.dcm")
    ds.save_as(p, write_like_original=False)
    files["mlut"] = p

    # SIGMOID VOI LUT Function.
    ds = pydicom.dcmread(os.path.join(DATA, "MR_small.dcm"))
    ds.VOILUTFunction = "SIGMOID"
    p = os.path.join(tmp, "sigmoid.dcm")
    ds.save_as(p, write_like_original=False)
    files["sigmoid"] = p

    # An overlay plane: a frame and a diagonal, origin (3, 5).
    ds = pydicom.dcmread(os.path.join(DATA, "MR_small.dcm"))
    rows, cols = 40, 48
    bits = bytearray((rows * cols + 7) // 8)
    for r in range(rows):
        for c in range(cols):
            if r in (0, rows - 1) or c in (0, cols - 1) or r == c:
                n = r * cols + c
                bits[n // 8] |= 1 << (n % 8)
    ds.add_new(0x60000010, "US", rows)
    ds.add_new(0x60000011, "US", cols)
    ds.add_new(0x60000040, "CS", "G")
    ds.add_new(0x60000050, "SS", [3, 5])
    ds.add_new(0x60000100, "US", 1)
    ds.add_new(0x60000102, "US", 0)
    ds.add_new(0x60003000, "OW", bytes(bits))
    p = os.path.join(tmp, "overlay.dcm")
    ds.save_as(p, write_like_original=False)
    files["overlay"] = p
    return files


def cases(files):
    """(label, input, discus options, dcmj2pnm options)."""
    d = lambda n: os.path.join(DATA, n)
    cr = d("dicomdirtests/77654033/CR1/6154")
    return [
        ("CT min-max", d("CT_small.dcm"), [], ["+Wm"]),
        ("CT window 40,400", d("CT_small.dcm"), ["--window", "40,400"], ["+Ww", "40", "400"]),
        ("CT window -600,1500", d("CT_small.dcm"), ["--window", "-600,1500"], ["+Ww", "-600", "1500"]),
        ("MR first window", d("MR_small.dcm"), [], ["+Wi", "1"]),
        ("MR big endian", d("MR_small_bigendian.dcm"), [], ["+Wi", "1"]),
        ("MR RLE", d("MR_small_RLE.dcm"), [], ["+Wi", "1"]),
        ("CR MONOCHROME1", cr, [], ["+Wi", "1"]),
        ("CR MONOCHROME1 min-max", cr, ["--window", "2047.5,4096"], ["+Ww", "2047.5", "4096"]),
        ("RGB implicit", d("SC_rgb_jpeg_dcmd.dcm"), [], []),
        ("RGB big endian", d("ExplVR_BigEnd.dcm"), [], []),
        ("RGB odd size", d("SC_rgb_small_odd.dcm"), [], []),
        ("YBR_FULL_422 native", d("SC_ybr_full_422_uncompressed.dcm"), [], []),
        ("RGB RLE", d("SC_rgb_rle.dcm"), [], []),
        ("RGB RLE 16 bit", d("SC_rgb_rle_16bit.dcm"), [], []),
        ("RGB RLE frame 2", d("SC_rgb_rle_2frame.dcm"), ["--frame", "2"], ["+F", "2"]),
        ("RGB JPEG lossless", d("SC_rgb_jpeg_gdcm.dcm"), [], []),
        ("RT dose frame 5", d("rtdose.dcm"), ["--frame", "5"], ["+F", "5", "+Wm"]),
        ("1-bit", d("liver_1frame.dcm"), [], ["+Wm"]),
        ("8-bit deflated", d("image_dfl.dcm"), [], ["+Wm"]),
        ("palette 8-bit entries", files["palette8"], [], []),
        ("palette 16-bit entries", files["palette16"], [], []),
        ("VOI LUT Sequence", files["voilut"], [], ["+Wl", "1"]),
        ("Modality LUT Sequence", files["mlut"], [], ["+Wm"]),
        ("SIGMOID", files["sigmoid"], [], ["+Wi", "1"]),
        ("overlay burnt in", files["overlay"], ["--overlays"], ["+Wi", "1"]),
    ]


def cli_checks(discus, tmp, failures):
    """--size shrinks with the aspect kept; .jpg works or says which encoder is missing; bad
    arguments are usage errors (exit 2)."""
    ct, rgb = os.path.join(DATA, "CT_small.dcm"), os.path.join(DATA, "SC_rgb_jpeg_dcmd.dcm")
    out = os.path.join(tmp, "small.png")
    r = subprocess.run([discus, "render", "--size", "32", "--frame", "1", ct, out], capture_output=True, text=True)
    if r.returncode != 0 or read_png(out)[:3] != (32, 32, 1):
        failures.append(f"--size 32: exit {r.returncode} {r.stderr.strip()}")
    r = subprocess.run([discus, "render", "--size", "20", os.path.join(DATA, "ExplVR_BigEnd.dcm"), out], capture_output=True, text=True)
    if r.returncode != 0 or read_png(out)[:3] != (20, 15, 3):
        failures.append(f"--size 20 on 80x60: exit {r.returncode} {r.stderr.strip()} {read_png(out)[:3]}")
    jpg = os.path.join(tmp, "out.jpg")
    r = subprocess.run([discus, "render", rgb, jpg], capture_output=True, text=True)
    if r.returncode == 0:
        data = open(jpg, "rb").read()
        if data[:2] != b"\xff\xd8" or data[-2:] != b"\xff\xd9":
            failures.append("render .jpg: not a JPEG stream")
        # dcmtk reads the JPEG back (img2dcm wraps it, dcmj2pnm decodes it): the colours must be
        # those of our PNG up to baseline JPEG's loss.
        png = os.path.join(tmp, "rgb.png")
        subprocess.run([discus, "render", rgb, png], check=True)
        wrapped, back = os.path.join(tmp, "jpg.dcm"), os.path.join(tmp, "jpg.png")
        r = subprocess.run(["img2dcm", "-q", jpg, wrapped], capture_output=True, text=True)
        r = r if r.returncode else subprocess.run(["dcmj2pnm", "-q", "+on", "-il", wrapped, back], capture_output=True, text=True)
        if r.returncode:
            failures.append(f"render .jpg: dcmtk cannot read it back: {r.stderr.strip()}")
        else:
            a, b = read_png(png), read_png(back)
            mean = sum(abs(x - y) for x, y in zip(a[3], b[3])) / max(1, len(a[3]))
            print(f"JPEG output: {len(data)} bytes, read back by dcmtk, mean |diff| {mean:.3f}")
            if a[:3] != b[:3] or mean > 2:
                failures.append(f"render .jpg: read back {b[:3]} vs {a[:3]}, mean |diff| {mean:.3f}")
    elif "1.2.840.10008.1.2.4.50" not in r.stderr:
        failures.append(f"render .jpg without encoder: unclear message {r.stderr.strip()}")
    else:
        print("JPEG output: no baseline encoder in this build (refused clearly)")
    for args in (["--frame", "0", ct, out], ["--window", "40", ct, out], [ct, os.path.join(tmp, "x.gif")], [ct]):
        r = subprocess.run([discus, "render", *args], capture_output=True, text=True)
        if r.returncode != 2:
            failures.append(f"render {args}: exit {r.returncode}, usage error (2) expected")
    r = subprocess.run([discus, "render", "--frame", "3", ct, out], capture_output=True, text=True)
    if r.returncode != 1 or "frame 3" not in r.stderr:
        failures.append(f"render --frame 3 of a single frame: exit {r.returncode} {r.stderr.strip()}")


def main():
    discus = sys.argv[1]
    failures, equal, total = [], 0, 0
    with tempfile.TemporaryDirectory() as tmp:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            files = make_files(tmp)
        for n, (label, src, ours, theirs) in enumerate(cases(files)):
            a, b = os.path.join(tmp, f"{n}_discus.png"), os.path.join(tmp, f"{n}_dcmtk.png")
            r = subprocess.run([discus, "render", *ours, src, a], capture_output=True, text=True)
            if r.returncode != 0:
                failures.append(f"{label}: discus render failed: {r.stderr.strip()}")
                continue
            r = subprocess.run(["dcmj2pnm", "-q", "+on", "-il", *theirs, src, b], capture_output=True, text=True)
            if r.returncode != 0:
                print(f"skip {label}: dcmj2pnm cannot render it ({r.stderr.strip()[:120]})")
                continue
            wa, ha, ca, pa = read_png(a)
            wb, hb, cb, pb = read_png(b)
            if (wa, ha, ca) != (wb, hb, cb):
                failures.append(f"{label}: discus {wa}x{ha}x{ca}, dcmtk {wb}x{hb}x{cb}")
                continue
            diffs = [abs(x - y) for x, y in zip(pa, pb)]
            worst, same = max(diffs), diffs.count(0)
            equal, total = equal + same, total + len(diffs)
            print(f"{label}: {wa}x{ha}x{ca}, max |diff| {worst}, equal {100.0 * same / len(diffs):.2f}%")
            if worst > 1:
                at = diffs.index(worst)
                failures.append(f"{label}: max |diff| {worst} at sample {at} (discus {pa[at]}, dcmtk {pb[at]})")
        cli_checks(discus, tmp, failures)
    if total:
        print(f"overall: {equal}/{total} samples equal ({100.0 * equal / total:.2f}%)")
    for f in failures:
        print("FAIL", f)
    return 1 if failures or not total else 0


if __name__ == "__main__":
    sys.exit(main())
