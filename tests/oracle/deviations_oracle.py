#!/usr/bin/python3
"""Deviations oracle (issue 11 item 4): compressed Pixel Data that bends the standard the way real
archives do, judged by decoders we did not write (dcmtk's dcmdjpls / dcmdjpeg / dcmdrle and GDCM's
`gdcmconv --raw`).

Each case starts from a correct stream written by dcmtk (dcmcjpls, dcmcjpeg, dcmcrle) or GDCM
(gdcmconv --j2k) from a generated native image, then introduces one deviation (pad bytes after
EOI, fill bytes before a marker, a frame split across fragments, a wrong Basic Offset Table, ...)
and writes the fragments itself (so odd-length items are possible). For every case:
  * every peer tool of that transfer syntax is run; what it does (decodes / refuses) must be what
    the table below says (so a changed peer is noticed);
  * `discus transcode --ts 1.2.840.10008.1.2.1` must decode to Pixel Data identical, byte for byte,
    to every peer that decodes it; where the table says Discus refuses, it must exit non-zero with
    a message containing the expected words (file, tag, fragment, byte offset);
  * nothing every peer refuses may be accepted by Discus.
The README section "Tolerated deviations in compressed pixel data" lists the same cases.
Run with Debian's /usr/bin/python3. Usage: deviations_oracle.py DISCUS [CASE-NAME-SUBSTRING]
"""
import os
import struct
import subprocess
import sys
import tempfile
import warnings

import numpy as np
import pydicom
from pydicom.dataset import FileMetaDataset
from pydicom.encaps import generate_pixel_data_frame
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

NATIVE = "1.2.840.10008.1.2.1"
ROWS, COLS = 31, 45  # odd sizes: streams of odd length occur naturally


def run(cmd):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


def read(path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return pydicom.dcmread(path)


# ---------------------------------------------------------------------------------------------
# Correct inputs

def native_file(tmp, name, bits, spp=1, frames=1):
    rng = np.random.default_rng(bits * 7 + spp + frames)
    alloc = 8 if bits <= 8 else 16
    hi = (1 << bits) - 1
    y, x = np.mgrid[0:ROWS, 0:COLS]
    planes = []
    for f in range(frames):
        img = (x * 97 + y * 53 + f * 11) % (hi + 1)
        img = np.where(rng.random((ROWS, COLS)) < 0.25, rng.integers(0, hi + 1, (ROWS, COLS)), img)
        if spp == 3:
            img = np.stack([img, np.roll(img, 3, axis=1), hi - img], axis=-1)
        planes.append(img)
    ds = pydicom.Dataset()
    ds.file_meta = FileMetaDataset()
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.file_meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.7"
    ds.file_meta.MediaStorageSOPInstanceUID = generate_uid()
    ds.SOPClassUID = ds.file_meta.MediaStorageSOPClassUID
    ds.SOPInstanceUID = ds.file_meta.MediaStorageSOPInstanceUID
    ds.Modality = "OT"
    ds.PatientName, ds.PatientID = "Deviation^Oracle", "DEV1"
    ds.StudyInstanceUID, ds.SeriesInstanceUID = generate_uid(), generate_uid()
    ds.Rows, ds.Columns, ds.SamplesPerPixel = ROWS, COLS, spp
    ds.PhotometricInterpretation = "RGB" if spp == 3 else "MONOCHROME2"
    if spp == 3:
        ds.PlanarConfiguration = 0
    if frames > 1:
        ds.NumberOfFrames = frames
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = alloc, bits, bits - 1, 0
    ds.PixelData = np.stack(planes).astype(np.uint8 if alloc == 8 else np.uint16).tobytes()
    path = os.path.join(tmp, f"native_{name}.dcm")
    ds.save_as(path, write_like_original=False)
    return path


# name: (native (bits, spp, frames), encoder command, transfer syntax family)
BASES = {
    "jls12": ((12, 1, 1), ["dcmcjpls", "+el"], "jpeg-ls"),
    "jls8x2": ((8, 1, 2), ["dcmcjpls", "+el"], "jpeg-ls"),
    "jls_lse": ((8, 1, 1), ["dcmcjpls", "+el", "+t1", "5", "+t2", "9", "+t3", "30", "+rs", "32"], "jpeg-ls"),
    "jpeg8": ((8, 1, 1), ["dcmcjpeg", "+eb"], "jpeg"),
    "jpeg8x2": ((8, 1, 2), ["dcmcjpeg", "+eb"], "jpeg"),
    "jpeg12": ((12, 1, 1), ["dcmcjpeg", "+ee"], "jpeg"),
    "sv1": ((16, 1, 1), ["dcmcjpeg", "+e1"], "jpeg"),
    "rle16": ((16, 1, 1), ["dcmcrle"], "rle"),
    "rle_rgb": ((8, 3, 1), ["dcmcrle"], "rle"),
    "j2k16": ((16, 1, 1), ["gdcmconv", "--j2k"], "jpeg2000"),
    "j2k8x2": ((8, 1, 2), ["gdcmconv", "--j2k"], "jpeg2000"),
    "rle8x2": ((8, 1, 2), ["dcmcrle"], "rle"),
    # dcmcjpeg writes the data set; the frame is then replaced by baseline_with_restarts()'s
    "rst0": ((8, 1, 1), ["dcmcjpeg", "+eb"], "jpeg"),
    "rst1": ((8, 1, 1), ["dcmcjpeg", "+eb"], "jpeg"),
    "rst5": ((8, 1, 1), ["dcmcjpeg", "+eb"], "jpeg"),
}

PEERS = {
    "jpeg-ls": ["dcmdjpls", "gdcm"],
    "jpeg": ["dcmdjpeg", "gdcm"],
    "rle": ["dcmdrle", "gdcm"],
    "jpeg2000": ["gdcm"],
}


def make_base(tmp, name):
    (bits, spp, frames), encoder, _ = BASES[name]
    src = native_file(tmp, name, bits, spp, frames)
    dst = os.path.join(tmp, f"base_{name}.dcm")
    r = run([*encoder, src, dst])
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(encoder)} failed: {r.stderr.strip()[:300]}")
    ds = read(dst)
    n = int(ds.get("NumberOfFrames", 1) or 1)
    frames = [bytes(f) for f in generate_pixel_data_frame(ds.PixelData, n)]
    if name.startswith("rst"):
        pixels = np.frombuffer(read(src).PixelData, np.uint8)[:ROWS * COLS].reshape(ROWS, COLS)
        frames = [baseline_with_restarts(pixels, int(name[3:]))]
    return ds, frames


# ---------------------------------------------------------------------------------------------
# Writing encapsulated Pixel Data byte by byte (pydicom would pad an odd item)

def item(data):
    return struct.pack("<HHI", 0xFFFE, 0xE000, len(data)) + data


def pixel_data_element(bot, fragments):
    body = item(bot) + b"".join(item(f) for f in fragments) + struct.pack("<HHI", 0xFFFE, 0xE0DD, 0)
    return struct.pack("<HH", 0x7FE0, 0x0010) + b"OB\0\0" + struct.pack("<I", 0xFFFFFFFF) + body


def offsets_of(fragment_groups):
    """Basic Offset Table for frames given as lists of fragments."""
    out, at = [], 0
    for group in fragment_groups:
        out.append(at)
        at += sum(8 + len(f) for f in group)
    return b"".join(struct.pack("<I", o) for o in out)


def write_case(ds, path, fragment_groups, bot="correct"):
    head = ds.copy()
    del head.PixelData
    head.save_as(path, write_like_original=False)
    fragments = [f for g in fragment_groups for f in g]
    if bot == "correct":
        table = offsets_of(fragment_groups)
    elif bot == "empty":
        table = b""
    else:
        table = bot
    with open(path, "ab") as f:
        f.write(pixel_data_element(table, fragments))


# ---------------------------------------------------------------------------------------------
# The deviations: each takes the correct frames (one bytes object each) and returns
# (fragment groups: one list of fragments per frame, basic offset table)

def strip_even_pad(frame):
    """The frame without the writer's even-length zero pad (dcmtk pads an odd stream with 0x00)."""
    if frame.endswith(b"\xff\xd9\x00"):
        return frame[:-1]
    return frame


def trailing(pad):
    return lambda frames: ([[strip_even_pad(f) + pad] for f in frames], "correct")


def eoi_at(frame):
    return strip_even_pad(frame).rindex(b"\xff\xd9")


def without_eoi(frames):
    return [[f[:eoi_at(f)]] for f in frames], "correct"


def fill_before_eoi(frames):
    out = []
    for f in frames:
        f = strip_even_pad(f)
        i = eoi_at(f)
        out.append([f[:i] + b"\xff\xff\xff" + f[i:]])
    return out, "correct"


def fill_before_sos(frames):
    out = []
    for f in frames:
        i = f.index(b"\xff\xda")
        out.append([f[:i] + b"\xff\xff" + f[i:]])
    return out, "correct"


def data_start(f):
    """Where the coded data of a stream begins: after the JPEG / JPEG-LS scan header, the JPEG 2000
    SOD marker, or the 64-byte RLE header."""
    if f.startswith(b"\xff\xd8"):
        i = f.index(b"\xff\xda")
        return i + 2 + struct.unpack(">H", f[i + 2:i + 4])[0]
    if f.startswith(b"\xff\x4f"):
        return f.index(b"\xff\x93") + 2
    return 64


def split(parts, bot="correct", odd=False, in_header=False):
    """Each frame cut into `parts` fragments: through the coded data (the usual case), or, with
    `in_header`, first inside the first marker segment / RLE header (4 bytes in). Even-length items
    as PS3.5 A.4 requires, unless `odd` (then every cut is at an odd offset)."""
    def mutate(frames):
        groups = []
        for f in frames:
            if not odd:
                f = strip_even_pad(f)
                f += b"\0" * (len(f) % 2)
            start = 4 if in_header else data_start(f) + 6
            rest = len(f) - start
            cuts = [start] + [start + rest * k // (parts - 1) for k in range(1, parts - 1)]
            cuts = sorted(set(c // 2 * 2 + (1 if odd else 0) for c in cuts))
            cuts = [c for c in cuts if 0 < c < len(f)]
            pieces, prev = [], 0
            for c in cuts + [len(f)]:
                pieces.append(f[prev:c])
                prev = c
            groups.append(pieces)
        return groups, bot
    return mutate


def empty_fragment(frames):
    """A zero-length item after each frame's stream (the frame's second fragment)."""
    return [[f, b""] for f in frames], "correct"


def wrong_bot(frames):
    groups = [[f] for f in frames]
    # offsets 0 and one that points into the middle of the first fragment
    return groups, b"".join(struct.pack("<I", 0 if i == 0 else 10 + 7 * i) for i in range(len(frames)))


def split_wrong_bot(frames):
    groups, _ = split(3)(frames)
    return groups, b"".join(struct.pack("<I", 0 if i == 0 else 12 + 7 * i) for i in range(len(frames)))


def odd_fragment(frames):
    """Each stream written as it is, an odd-length item (PS3.5 A.4 requires even)."""
    return [[strip_even_pad(f)] for f in frames], "correct"


def truncated_scan(frames):
    return [[f[: len(f) * 2 // 3]] for f in frames], "correct"


# RLE (PS3.5 Annex G)
def rle_segments(frame):
    n = struct.unpack_from("<I", frame, 0)[0]
    offs = list(struct.unpack_from("<15I", frame, 4))[:n]
    return n, offs


def rle_gap_between_segments(frames):
    """Four junk bytes after each segment; the header's offsets account for them."""
    out = []
    for f in frames:
        n, offs = rle_segments(f)
        ends = offs[1:] + [len(f)]
        body, new = b"", []
        for s in range(n):
            new.append(64 + len(body))
            body += f[offs[s]:ends[s]] + b"\x80\x80\x00\x00"  # no-ops (-128) and zeros
        header = struct.pack("<I", n) + struct.pack("<15I", *(new + [0] * (15 - n)))
        out.append([header + body])
    return out, "correct"


def rle_trailing_bytes(frames):
    return [[f + b"\x00\x00\x00\x00"] for f in frames], "correct"


def rle_too_many(extra):
    """The last segment's last run is a literal of `extra` + 1 bytes where the plane has 1 byte
    left: the segment decodes to `extra` bytes more than Rows x Columns."""
    def mutate(frames):
        out = []
        for f in frames:
            n, offs = rle_segments(f)
            plane = rle_decode_segment(f[offs[-1]:], ROWS * COLS)
            seg = rle_encode_plain(plane[:-1]) + bytes([extra, plane[-1]]) + b"\x55" * extra
            if len(seg) % 2:
                seg += b"\x80"
            out.append([f[:offs[-1]] + seg])
        return out, "correct"
    return mutate


def rle_decode_segment(seg, size):
    out, i = bytearray(), 0
    while len(out) < size and i < len(seg):
        n = seg[i] if seg[i] < 128 else seg[i] - 256
        if n >= 0:
            out += seg[i + 1:i + 2 + n]
            i += 2 + n
        elif n != -128:
            out += bytes([seg[i + 1]]) * (1 - n)
            i += 2
        else:
            i += 1
    return bytes(out[:size])


def rle_encode_plain(data):
    out = bytearray()
    for k in range(0, len(data), 128):
        chunk = data[k:k + 128]
        out += bytes([len(chunk) - 1]) + chunk
    return bytes(out)


def rle_segment_too_short(frames):
    """The last segment lacks its last literal byte: the plane is one byte short."""
    out = []
    for f in frames:
        n, offs = rle_segments(f)
        plane = rle_decode_segment(f[offs[-1]:], ROWS * COLS)
        seg = rle_encode_plain(plane[:-1])
        out.append([f[:offs[-1]] + seg + (b"\x80" if len(seg) % 2 else b"")])
    return out, "correct"


# JPEG 2000
def j2k_eoc_at(frame):
    return frame.rindex(b"\xff\xd9")


def j2k_trailing(pad):
    return lambda frames: ([[f[:j2k_eoc_at(f) + 2] + pad] for f in frames], "correct")


def j2k_without_eoc(frames):
    return [[f[:j2k_eoc_at(f)]] for f in frames], "correct"


def j2k_jp2_wrapper(frames):
    """The codestream inside a minimal JP2 file (signature, ftyp, jp2h with ihdr and colr, jp2c)."""
    out = []
    for f in frames:
        cs = f[:j2k_eoc_at(f) + 2]
        def box(kind, payload):
            return struct.pack(">I", 8 + len(payload)) + kind + payload
        sig = box(b"jP  ", b"\r\n\x87\n")
        ftyp = box(b"ftyp", b"jp2 " + struct.pack(">I", 0) + b"jp2 ")
        ihdr = box(b"ihdr", struct.pack(">IIHBBBB", ROWS, COLS, 1, 15, 7, 0, 0))
        colr = box(b"colr", bytes([1, 0, 0]) + struct.pack(">I", 17))
        jp2 = sig + ftyp + box(b"jp2h", ihdr + colr) + box(b"jp2c", cs)
        out.append([jp2 + (b"\0" if len(jp2) % 2 else b"")])
    return out, "correct"


# ---------------------------------------------------------------------------------------------
# JPEG baseline with restart markers. No tool here writes them (dcmcjpeg has no option for it), so
# a minimal T.81 baseline encoder writes the frame: one grey component, 8-bit, quantiser 2,
# Huffman tables built for the image (every symbol an equal-length code, T.81 K.2 allows any).

ZIGZAG = [0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21,
          28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61,
          54, 47, 55, 62, 63]


def category(v):
    return int(abs(v)).bit_length()


def amplitude_bits(v, size):
    return v if v >= 0 else v + (1 << size) - 1


def baseline_with_restarts(pixels, interval):
    rows, cols = pixels.shape
    pr, pc = -(-rows // 8) * 8, -(-cols // 8) * 8
    img = np.pad(pixels.astype(np.float64), ((0, pr - rows), (0, pc - cols)), mode="edge") - 128
    k = np.arange(8)
    c = np.sqrt(2 / 8) * np.cos((2 * k[None, :] + 1) * k[:, None] * np.pi / 16)
    c[0] /= np.sqrt(2)
    q = 2
    blocks = []
    for by in range(0, pr, 8):
        for bx in range(0, pc, 8):
            coef = np.rint(c @ img[by:by + 8, bx:bx + 8] @ c.T / q).astype(int).flatten()
            blocks.append([int(coef[z]) for z in ZIGZAG])
    # symbols per block: (dc size, dc value), [(ac symbol, value, size)...]
    coded, pred = [], 0
    for n, b in enumerate(blocks):
        if interval and n % interval == 0:
            pred = 0  # T.81 F.1.1.5.1: DC prediction restarts at 0 after each RSTn
        diff, pred = b[0] - pred, b[0]
        acs, run = [], 0
        for v in b[1:]:
            if v == 0:
                run += 1
                continue
            while run > 15:
                acs.append((0xF0, 0, 0))
                run -= 16
            acs.append(((run << 4) | category(v), v, category(v)))
            run = 0
        if run:
            acs.append((0x00, 0, 0))
        coded.append(((category(diff), diff), acs))

    def table(symbols):
        symbols = sorted(set(symbols))
        length = max(2, len(symbols).bit_length())  # room for every code and not the all-ones one
        bits = [0] * 16
        bits[length - 1] = len(symbols)
        return {sym: (i, length) for i, sym in enumerate(symbols)}, bytes(bits) + bytes(symbols)

    dc_codes, dc_spec = table(d[0][0] for d in coded)
    ac_codes, ac_spec = table(a[0] for d in coded for a in d[1])
    out, acc, nbits = bytearray(), 0, 0

    def put(value, length):
        nonlocal acc, nbits
        for i in range(length - 1, -1, -1):
            acc = (acc << 1) | ((value >> i) & 1)
            nbits += 1
            if nbits == 8:
                out.append(acc)
                if acc == 0xFF:
                    out.append(0)  # B.1.1.5 byte stuffing
                acc, nbits = 0, 0

    def flush():
        nonlocal acc, nbits
        if nbits:
            put((1 << (8 - nbits)) - 1, 8 - nbits)  # pad with 1-bits (F.1.2.3)

    for n, ((size, diff), acs) in enumerate(coded):
        if interval and n and n % interval == 0:
            flush()
            out += bytes([0xFF, 0xD0 + (n // interval - 1) % 8])
        put(*dc_codes[size])
        if size:
            put(amplitude_bits(diff, size), size)
        for sym, v, sz in acs:
            put(*ac_codes[sym])
            if sz:
                put(amplitude_bits(v, sz), sz)
    flush()

    def segment(marker, payload):
        return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload

    stream = b"\xff\xd8" + segment(0xDB, bytes([0]) + bytes([q] * 64))
    stream += segment(0xC0, struct.pack(">BHHB", 8, rows, cols, 1) + bytes([1, 0x11, 0]))
    stream += segment(0xC4, bytes([0x00]) + dc_spec + bytes([0x10]) + ac_spec)
    if interval:
        stream += segment(0xDD, struct.pack(">H", interval))
    stream += segment(0xDA, bytes([1, 1, 0x00, 0, 63, 0])) + bytes(out) + b"\xff\xd9"
    return stream + (b"\0" if len(stream) % 2 else b"")


def as_is(frames):
    return [[f] for f in frames], "correct"


# ---------------------------------------------------------------------------------------------
# The table: (case name, base, mutation, {peer: expected outcome}, Discus outcome, then for a
# refusal the words its message must contain, for a decode that no peer manages the reason).
# Outcomes: "decodes" / "refuses". Keep in step with README "Tolerated deviations".
D, R = "decodes", "refuses"
WALK = ("with an empty Basic Offset Table each frame's first fragment is found by how a stream begins "
        "(JPEG 2000 SOC or JP2 signature), as dcmdjpls and dcmdjpeg find frames by SOI")
EMPTY = "the Basic Offset Table names each frame's fragments; an empty item adds no byte to the frame"
A4 = "PS3.5 A.4 lets a frame's fragments split anywhere; the peers read the stream header from the first fragment alone"
CASES = [
    # JPEG-LS
    ("jls-pad-00-after-eoi", "jls12", trailing(b"\0"), {"dcmdjpls": D, "gdcm": D}, D, None),
    ("jls-pad-ff-after-eoi", "jls12", trailing(b"\xff"), {"dcmdjpls": D, "gdcm": D}, D, None),
    ("jls-pad-4-bytes-after-eoi", "jls12", trailing(b"\0\0\0\0"), {"dcmdjpls": D, "gdcm": D}, D, None),
    ("jls-junk-after-eoi", "jls12", trailing(b"\0\x11\x22\x33"), {"dcmdjpls": D, "gdcm": D}, D, None),
    ("jls-odd-fragment", "jls12", odd_fragment, {"dcmdjpls": D, "gdcm": D}, D, None),
    ("jls-fill-before-eoi", "jls12", fill_before_eoi, {"dcmdjpls": D, "gdcm": D}, D, None),
    ("jls-fill-before-sos", "jls12", fill_before_sos, {"dcmdjpls": R, "gdcm": D}, D, None),
    ("jls-split-3-fragments", "jls12", split(3), {"dcmdjpls": D, "gdcm": D}, D, None),
    ("jls-split-odd-items", "jls12", split(3, odd=True), {"dcmdjpls": R, "gdcm": D}, D, None),
    ("jls-split-in-header", "jls12", split(3, in_header=True), {"dcmdjpls": D, "gdcm": D}, D, None),
    ("jls-split-empty-bot", "jls8x2", split(3, "empty"), {"dcmdjpls": D, "gdcm": R}, D, None),
    ("jls-empty-fragment", "jls8x2", empty_fragment, {"dcmdjpls": D, "gdcm": R}, D, None),
    ("jls-wrong-bot", "jls8x2", wrong_bot, {"dcmdjpls": D, "gdcm": D}, D, None),
    ("jls-split-wrong-bot", "jls8x2", split_wrong_bot, {"dcmdjpls": D, "gdcm": R}, D, None),
    ("jls-missing-eoi", "jls12", without_eoi, {"dcmdjpls": D, "gdcm": R}, D, None),
    ("jls-lse-preset", "jls_lse", trailing(b"\0"), {"dcmdjpls": D, "gdcm": D}, D, None),
    ("jls-truncated-scan", "jls12", truncated_scan, {"dcmdjpls": R, "gdcm": R}, R, ["frame 1", "EOI"]),
    # JPEG (baseline 8-bit, extended 12-bit, lossless SV1)
    ("jpeg-pad-00-after-eoi", "jpeg8", trailing(b"\0"), {"dcmdjpeg": D, "gdcm": D}, D, None),
    ("jpeg-pad-ff-after-eoi", "jpeg8", trailing(b"\xff"), {"dcmdjpeg": D, "gdcm": D}, D, None),
    ("jpeg-junk-after-eoi", "jpeg8", trailing(b"\0\x11\x22\x33"), {"dcmdjpeg": D, "gdcm": D}, D, None),
    ("jpeg-fill-before-eoi", "jpeg8", fill_before_eoi, {"dcmdjpeg": D, "gdcm": D}, D, None),
    ("jpeg-fill-before-sos", "jpeg8", fill_before_sos, {"dcmdjpeg": D, "gdcm": D}, D, None),
    ("jpeg-split-3-fragments", "jpeg8", split(3), {"dcmdjpeg": D, "gdcm": D}, D, None),
    ("jpeg-split-in-header", "jpeg8", split(3, in_header=True), {"dcmdjpeg": R, "gdcm": R}, D, A4),
    ("jpeg-split-empty-bot", "jpeg8x2", split(3, "empty"), {"dcmdjpeg": D, "gdcm": D}, D, None),
    ("jpeg-empty-fragment", "jpeg8", empty_fragment, {"dcmdjpeg": D, "gdcm": R}, D, None),
    ("jpeg-empty-fragment-2-frames", "jpeg8x2", empty_fragment, {"dcmdjpeg": R, "gdcm": R}, D, EMPTY),
    ("rle-empty-fragment", "rle16", empty_fragment, {"dcmdrle": D, "gdcm": D}, D, None),
    ("jpeg-split-wrong-bot", "jpeg8x2", split_wrong_bot, {"dcmdjpeg": D, "gdcm": D}, D, None),
    ("jpeg-test-encoder-no-restarts", "rst0", as_is, {"dcmdjpeg": D, "gdcm": D}, D, None),
    ("jpeg-restart-every-mcu", "rst1", as_is, {"dcmdjpeg": D, "gdcm": D}, D, None),
    ("jpeg-restart-every-5-mcus-pad-ff", "rst5", trailing(b"\xff"), {"dcmdjpeg": D, "gdcm": D}, D, None),
    ("jpeg-restart-split-3-fragments", "rst5", split(3), {"dcmdjpeg": D, "gdcm": D}, D, None),
    ("jpeg-missing-eoi", "jpeg8", without_eoi, {"dcmdjpeg": R, "gdcm": R}, R, ["frame 1", "EOI"]),
    ("jpeg-truncated-scan", "jpeg8", truncated_scan, {"dcmdjpeg": R, "gdcm": R}, R, ["frame 1"]),
    ("jpeg12-pad-ff-after-eoi", "jpeg12", trailing(b"\xff"), {"dcmdjpeg": D, "gdcm": D}, D, None),
    ("jpeg12-junk-after-eoi", "jpeg12", trailing(b"\0\x11\x22\x33"), {"dcmdjpeg": D, "gdcm": D}, D, None),
    ("jpeg12-fill-before-eoi", "jpeg12", fill_before_eoi, {"dcmdjpeg": D, "gdcm": D}, D, None),
    ("jpeg12-split-3-fragments", "jpeg12", split(3), {"dcmdjpeg": D, "gdcm": D}, D, None),
    ("jpeg12-missing-eoi", "jpeg12", without_eoi, {"dcmdjpeg": R, "gdcm": R}, R, ["frame 1", "EOI"]),
    ("sv1-pad-00-after-eoi", "sv1", trailing(b"\0"), {"dcmdjpeg": D, "gdcm": D}, D, None),
    ("sv1-pad-ff-after-eoi", "sv1", trailing(b"\xff"), {"dcmdjpeg": D, "gdcm": D}, D, None),
    ("sv1-junk-after-eoi", "sv1", trailing(b"\0\x11\x22\x33"), {"dcmdjpeg": D, "gdcm": D}, D, None),
    ("sv1-fill-before-eoi", "sv1", fill_before_eoi, {"dcmdjpeg": D, "gdcm": D}, D, None),
    ("sv1-split-3-fragments", "sv1", split(3), {"dcmdjpeg": D, "gdcm": D}, D, None),
    ("sv1-split-in-header", "sv1", split(3, in_header=True), {"dcmdjpeg": R, "gdcm": R}, D, A4),
    ("sv1-missing-eoi", "sv1", without_eoi, {"dcmdjpeg": R, "gdcm": R}, R, ["frame 1", "EOI"]),
    # RLE
    ("rle-split-3-fragments", "rle16", split(3), {"dcmdrle": D, "gdcm": D}, D, None),
    ("rle-split-in-header", "rle16", split(3, in_header=True), {"dcmdrle": R, "gdcm": D}, D, None),
    ("rle-split-empty-bot", "rle8x2", split(3, "empty"), {"dcmdrle": D, "gdcm": R}, D, None),
    ("rle-gap-between-segments", "rle16", rle_gap_between_segments, {"dcmdrle": D, "gdcm": D}, D, None),
    ("rle-trailing-bytes", "rle_rgb", rle_trailing_bytes, {"dcmdrle": D, "gdcm": D}, D, None),
    ("rle-one-byte-too-many", "rle16", rle_too_many(1), {"dcmdrle": D, "gdcm": R}, D, None),
    ("rle-100-bytes-too-many", "rle16", rle_too_many(100), {"dcmdrle": D, "gdcm": R}, D, None),
    ("rle-segment-too-short", "rle16", rle_segment_too_short, {"dcmdrle": D, "gdcm": R}, R, ["frame 1", "segment 2"]),
    # JPEG 2000
    ("j2k-pad-00-after-eoc", "j2k16", j2k_trailing(b"\0\0"), {"gdcm": D}, D, None),
    ("j2k-pad-ff-after-eoc", "j2k16", j2k_trailing(b"\xff"), {"gdcm": D}, D, None),
    ("j2k-split-3-fragments", "j2k16", split(3), {"gdcm": D}, D, None),
    ("j2k-split-in-header", "j2k16", split(3, in_header=True), {"gdcm": D}, D, None),
    ("j2k-jp2-wrapper", "j2k16", j2k_jp2_wrapper, {"gdcm": D}, D, None),
    ("j2k-split-empty-bot", "j2k8x2", split(3, "empty"), {"gdcm": R}, D, WALK),
    ("j2k-jp2-split-empty-bot", "j2k8x2", lambda fr: split(3, "empty")([j2k_jp2_wrapper([f])[0][0][0] for f in fr]), {"gdcm": R}, D, WALK),
    ("j2k-missing-eoc", "j2k16", j2k_without_eoc, {"gdcm": R}, R, ["frame 1"]),
    ("j2k-truncated", "j2k16", truncated_scan, {"gdcm": R}, R, ["frame 1"]),
]

# Lossy bases whose decoders may round differently: the largest difference allowed between a
# peer's samples and ours (jpeg_dct_oracle.py measures the same bound on untouched streams).
# Discus's decode of a deviating stream must still equal its decode of the untouched one exactly.
PEER_TOLERANCE = {"jpeg12": 1}


def peer(tool, path, out):
    """(decoded native Pixel Data bytes or None, message)."""
    cmd = {"dcmdjpls": ["dcmdjpls", path, out], "dcmdjpeg": ["dcmdjpeg", path, out],
           "dcmdrle": ["dcmdrle", path, out], "gdcm": ["gdcmconv", "--raw", path, out]}[tool]
    if os.path.exists(out):
        os.remove(out)
    r = run(cmd)
    if r.returncode != 0 or not os.path.exists(out):
        return None, (r.stderr or r.stdout).strip()[:200]
    try:
        ds = read(out)
        return pixel_bytes(ds), ""
    except Exception as e:  # noqa: BLE001 - a peer wrote something unreadable
        return None, f"unreadable output: {e}"


def pixel_bytes(ds):
    raw = bytes(ds.PixelData)
    spp = int(ds.get("SamplesPerPixel", 1))
    frames = int(ds.get("NumberOfFrames", 1) or 1)
    size = int(ds.BitsAllocated) // 8
    return raw[:ds.Rows * ds.Columns * spp * size * frames]


def differences(mine, theirs, ds):
    """(largest absolute sample difference, first differing byte) or None when identical."""
    if mine == theirs:
        return None
    if len(mine) != len(theirs):
        return (None, min(len(mine), len(theirs)))
    dtype = np.uint8 if int(ds.BitsAllocated) == 8 else np.uint16
    a = np.frombuffer(mine, dtype).astype(np.int64)
    b = np.frombuffer(theirs, dtype).astype(np.int64)
    first = next(i for i in range(len(mine)) if mine[i] != theirs[i])
    return (int(np.abs(a - b).max()), first)


def ours(discus, path, out):
    r = run([discus, "transcode", "--ts", NATIVE, path, out])
    message = (r.stderr + r.stdout).strip().replace("\n", " | ")
    return (pixel_bytes(read(out)) if r.returncode == 0 else None), message


def judge(discus, tmp, case, bases):
    name, base, mutate, expected_peers, expected_ours, words = case
    reason = words if isinstance(words, str) else None
    if base not in bases:
        ds, frames = make_base(tmp, base)
        untouched = os.path.join(tmp, f"untouched_{base}.dcm")
        write_case(ds, untouched, [[f] for f in frames])
        reference, why = ours(discus, untouched, untouched + ".discus.dcm")
        if reference is None:
            raise RuntimeError(f"discus cannot decode the untouched {base}: {why}")
        bases[base] = (ds, frames, reference)
    ds, frames, reference = bases[base]
    groups, bot = mutate(frames)
    path = os.path.join(tmp, f"{name}.dcm")
    write_case(ds, path, groups, bot)
    problems, decodes = [], {}
    for tool in PEERS[BASES[base][2]]:
        got, why = peer(tool, path, os.path.join(tmp, f"{name}.{tool}.dcm"))
        outcome = D if got is not None else R
        if got is not None:
            decodes[tool] = got
        if expected_peers.get(tool) != outcome:
            problems.append(f"{tool} {outcome} (table says {expected_peers.get(tool)}){': ' + why if why else ''}")
    mine, message = ours(discus, path, os.path.join(tmp, f"{name}.discus.dcm"))
    outcome = D if mine is not None else R
    if outcome != expected_ours:
        problems.append(f"discus {outcome} (table says {expected_ours}): {message[:300]}")
    detail = f"refused: {message[:240]}"
    if mine is not None:
        if not decodes and not reason:
            problems.append("discus decodes what every peer refuses, and the table gives no reason")
        if mine != reference:
            problems.append("discus decodes it to other pixels than the untouched stream")
        notes = []
        for tool, theirs in decodes.items():
            d = differences(mine, theirs, ds)
            if d is None:
                continue
            if d[0] is not None and d[0] <= PEER_TOLERANCE.get(base, 0):
                notes.append(f"{tool} within {d[0]} (lossy IDCT rounding)")
            else:
                problems.append(f"pixels differ from {tool} (largest difference {d[0]}, first at byte {d[1]})")
        detail = f"pixels equal to the peers' ({len(mine)} bytes{'; ' + ', '.join(notes) if notes else ''})"
        if reason:
            detail += f"; no peer decodes it: {reason}"
    elif words:
        for w in words + [os.path.basename(path), "(7FE0,0010)"]:
            if w not in message:
                problems.append(f"refusal does not name {w!r}: {message[:300]}")
    peers_text = ", ".join(f"{t} {D if t in decodes else R}" for t in PEERS[BASES[base][2]])
    if problems:
        print(f"FAIL {name}: " + "; ".join(problems))
        return False
    print(f"ok   {name}: {peers_text}; discus {outcome}, {detail}")
    return True


def main():
    if len(sys.argv) not in (2, 3):
        print(__doc__)
        return 2
    discus = sys.argv[1]
    only = sys.argv[2] if len(sys.argv) == 3 else ""
    cases = [c for c in CASES if only in c[0]]
    with tempfile.TemporaryDirectory() as tmp:
        bases = {}
        failed = [c[0] for c in cases if not judge(discus, tmp, c, bases)]
    print(f"{len(cases) - len(failed)} passed, {len(failed)} failed{': ' + ', '.join(failed) if failed else ''}")
    return 1 if failed or not cases else 0


if __name__ == "__main__":
    sys.exit(main())
