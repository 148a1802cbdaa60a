#!/usr/bin/python3
"""HTJ2K (High-Throughput JPEG 2000, PS3.5 8.2.14, ISO/IEC 15444-15) streams made by a tool no one
here wrote, decoded by Discus.

OpenJPEG 2.5 (our adapter) decodes HTJ2K but cannot encode it, so the streams come from
OpenJPH's `ojph_compress` (Debian package openjph-tools), reversible 5-3, one codestream per
frame. Each stream is first decoded by `ojph_expand` to prove it holds the source samples; it is
then encapsulated as HTJ2K Lossless (1.2.840.10008.1.2.4.201) and `discus transcode` must give
back the source's native pixels byte for byte: 8, 12 and 16 bits unsigned, grey and RGB (colour
transform on, Photometric YBR_RCT as PS3.5 8.2.4 asks), two frames.

Usage: htj2k_oracle.py DISCUS_BINARY
"""
import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np
import pydicom
from pydicom.encaps import encapsulate

from codec_oracle_support import NATIVE, pixel_bytes, synthetic_natives

HTJ2K_LOSSLESS = "1.2.840.10008.1.2.4.201"
J2K_LOSSLESS = "1.2.840.10008.1.2.4.90"


def rename_transfer_syntax(path, old, new):
    """Rewrites (0002,0010) in the file meta (explicit VR little endian, PS3.10 7.1), fixing its
    length and the group length: the encapsulated Pixel Data is the same for both syntaxes."""
    with open(path, "rb") as f:
        data = bytearray(f.read())
    pad = lambda uid: uid.encode() + (b"\0" if len(uid) % 2 else b"")
    old_v, new_v = pad(old), pad(new)
    at = data.find(b"\x02\x00\x10\x00UI" + len(old_v).to_bytes(2, "little") + old_v, 132)
    assert 132 < at < 132 + 12 + int.from_bytes(data[140:144], "little"), "transfer syntax not found in the meta"
    data[at:at + 8 + len(old_v)] = b"\x02\x00\x10\x00UI" + len(new_v).to_bytes(2, "little") + new_v
    data[140:144] = (int.from_bytes(data[140:144], "little") + len(new_v) - len(old_v)).to_bytes(4, "little")
    with open(path, "wb") as f:
        f.write(data)


def planes_of(frame, rows, cols, spp, dtype):
    """Colour-by-pixel samples of one frame as the component planes OpenJPH's raw input wants."""
    a = np.frombuffer(frame, dtype=dtype).reshape(rows * cols, spp)
    return [a[:, c].astype(np.int16 if dtype in (np.int8, np.int16) else np.uint16 if dtype == np.uint16 else dtype)
            for c in range(spp)]


def encode_frame(tmp, name, frame, ds):
    rows, cols, spp = ds.Rows, ds.Columns, int(ds.SamplesPerPixel)
    bits, signed = int(ds.BitsStored), int(ds.PixelRepresentation) == 1
    dtype = {(8, False): np.uint8, (8, True): np.int8, (16, False): np.uint16, (16, True): np.int16}[(int(ds.BitsAllocated), signed)]
    planes = planes_of(frame, rows, cols, spp, dtype)
    j2c = os.path.join(tmp, name + ".j2c")
    if spp == 1:
        # Grey: raw samples, one byte each to 8 bits, else two bytes little endian.
        src, back = os.path.join(tmp, name + ".yuv"), os.path.join(tmp, name + "-back.yuv")
        with open(src, "wb") as f:
            f.write(planes[0].astype(np.int8 if signed else np.uint8).tobytes() if bits <= 8
                    else planes[0].astype("<i2" if signed else "<u2").tobytes())
        extra = ["-dims", f"{{{cols},{rows}}}", "-num_comps", "1", "-signed", "true" if signed else "false",
                 "-bit_depth", str(bits), "-downsamp", "{1,1}"]  # (its "-colour_trans false" is read as true)
    else:
        # RGB: a PPM (the raw reader has no colour transform), which the tool compresses with the
        # reversible colour transform as a DICOM YBR_RCT image carries.
        if signed:
            raise RuntimeError("PPM holds no signed samples")
        src, back = os.path.join(tmp, name + ".ppm"), os.path.join(tmp, name + "-back.ppm")
        rgb = np.stack(planes, axis=-1)
        with open(src, "wb") as f:
            f.write(f"P6\n{cols} {rows}\n{(1 << bits) - 1}\n".encode())
            f.write(rgb.astype(np.uint8).tobytes() if bits <= 8 else rgb.astype(">u2").tobytes())
        extra = ["-colour_trans", "true"]
    r = subprocess.run(["ojph_compress", "-i", src, "-o", j2c, "-reversible", "true", *extra], capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"ojph_compress failed: {r.stderr or r.stdout}")
    # The tool's own decoder must give the samples back, or the stream is not what we think.
    r = subprocess.run(["ojph_expand", "-i", j2c, "-o", back], capture_output=True, text=True)
    if r.returncode != 0:
        raise RuntimeError(f"ojph_expand failed: {r.stderr or r.stdout}")
    with open(src, "rb") as a, open(back, "rb") as b:
        if a.read() != b.read():
            raise RuntimeError("ojph_expand does not give back the samples ojph_compress was given")
    with open(j2c, "rb") as f:
        return f.read()


def main():
    discus = sys.argv[1]
    if not shutil.which("ojph_compress"):
        print("htj2k_oracle: ojph_compress missing (Debian package openjph-tools)", file=sys.stderr)
        return 1
    failures, checked = [], 0
    with tempfile.TemporaryDirectory() as tmp:
        for src in synthetic_natives(tmp, "htj2k"):
            name = os.path.splitext(os.path.basename(src))[0]
            native, ds = pixel_bytes(src)
            if int(ds.PixelRepresentation) == 1:
                # OpenJPH 0.9 (Debian 12) codes negative samples in its own way, which other
                # decoders (Kakadu) do not read back either (OpenJPH issue #102, fixed later);
                # its signed streams are no reference. Signed JPEG 2000 is judged by GDCM in
                # jpeg2000_oracle.py.
                continue
            frames = int(ds.get("NumberOfFrames", 1) or 1)
            size = len(native) // frames
            try:
                streams = [encode_frame(tmp, f"{name}-{k}", native[k * size:(k + 1) * size], ds) for k in range(frames)]
            except RuntimeError as e:
                failures.append(f"{name}: {e}")
                continue
            ht = pydicom.dcmread(src)
            ht.file_meta.TransferSyntaxUID = J2K_LOSSLESS  # pydicom 2.3 does not know HTJ2K; renamed below
            ht.PixelData = encapsulate(streams)
            ht["PixelData"].is_undefined_length = True
            ht["PixelData"].VR = "OB"
            if int(ht.SamplesPerPixel) == 3:
                ht.PhotometricInterpretation = "YBR_RCT"
            ht.is_implicit_VR, ht.is_little_endian = False, True
            wrapped = os.path.join(tmp, name + "-ht.dcm")
            ht.save_as(wrapped, write_like_original=False)
            rename_transfer_syntax(wrapped, J2K_LOSSLESS, HTJ2K_LOSSLESS)
            out = os.path.join(tmp, name + "-out.dcm")
            r = subprocess.run([discus, "transcode", "--ts", NATIVE, wrapped, out], capture_output=True, text=True)
            checked += 1
            if r.returncode != 0:
                failures.append(f"{name}: discus transcode failed: {r.stderr.strip()}")
                continue
            ours, out_ds = pixel_bytes(out)
            if ours != native:
                diff = next((i for i in range(min(len(ours), len(native))) if ours[i] != native[i]), None)
                failures.append(f"{name}: decoded pixels differ from the source (first at byte {diff}; "
                                f"{len(ours)} vs {len(native)} bytes)")
            elif int(ds.SamplesPerPixel) == 3 and out_ds.PhotometricInterpretation != "RGB":
                failures.append(f"{name}: Photometric {out_ds.PhotometricInterpretation} after decoding YBR_RCT, expected RGB")
            else:
                print(f"ok  {name}: {frames} frame(s), {len(b''.join(streams))} bytes of HTJ2K -> source pixels")
    for f in failures:
        print("FAIL", f)
    print(f"htj2k_oracle: {checked - len(failures)} of {checked} streams decoded to the source pixels")
    return 1 if failures or checked == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
