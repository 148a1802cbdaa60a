#!/usr/bin/python3
"""Writes the hand-made hostile inputs of the Part 10 reader fuzz corpus.

    /usr/bin/python3 tests/fuzz/make_hostile_corpus.py [OUT_DIR]

OUT_DIR defaults to tests/fuzz/corpus/part10_reader next to this script. Standard library only
(no pydicom): every byte is built here, so the output is the same on every run.

File names say what the reader must do with them; tests/unit/dicom/part10/fuzz_corpus_test.cc
checks it:
    hostile.<error-code>.<what>.dcm  the default-options read fails with that code
                                     (base::to_string(ErrorCode): bad-length, too-deep, ...)
    tolerated.<what>.dcm             the read succeeds (odd, or rare, but readable input)
Every file stays under 64 KiB (the fuzzer runs with -max_len=65536); the ones that stand for
something huge (4 GB values, 10,000 levels of nesting, a deflate bomb) declare or compress it.
"""

import hashlib
import os
import struct
import sys
import zlib

EXPLICIT_LE = "1.2.840.10008.1.2.1"
IMPLICIT_LE = "1.2.840.10008.1.2"
DEFLATED_LE = "1.2.840.10008.1.2.1.99"
SOP_CLASS = "1.2.840.10008.5.1.4.1.1.7"  # Secondary Capture Image Storage
SOP_INSTANCE = "2.25.1234567890123456789"

LONG_VRS = {"OB", "OD", "OF", "OL", "OV", "OW", "SQ", "UC", "UN", "UR", "UT", "SV", "UV"}
UNDEFINED = 0xFFFFFFFF


def pad(value: bytes, vr: str) -> bytes:
    if len(value) % 2 == 0:
        return value
    return value + (b"\0" if vr in ("UI", "OB", "UN") else b" ")


def explicit(group: int, element: int, vr: str, value: bytes = b"", length: int = None) -> bytes:
    """An explicit VR little endian element; `length` overrides the length field (lies)."""
    if length is None:
        value = pad(value, vr)
        length = len(value)
    if vr in LONG_VRS:
        return struct.pack("<HH2sHI", group, element, vr.encode(), 0, length) + value
    return struct.pack("<HH2sH", group, element, vr.encode(), length & 0xFFFF) + value


def implicit(group: int, element: int, value: bytes = b"", length: int = None) -> bytes:
    if length is None:
        length = len(value)
    return struct.pack("<HHI", group, element, length) + value


def item(length: int = UNDEFINED) -> bytes:
    return struct.pack("<HHI", 0xFFFE, 0xE000, length)


ITEM_END = struct.pack("<HHI", 0xFFFE, 0xE00D, 0)
SEQ_END = struct.pack("<HHI", 0xFFFE, 0xE0DD, 0)


def meta(transfer_syntax: str) -> bytes:
    """Preamble, DICM and a correct File Meta Information group."""
    body = (explicit(0x0002, 0x0001, "OB", b"\x00\x01")
            + explicit(0x0002, 0x0002, "UI", SOP_CLASS.encode())
            + explicit(0x0002, 0x0003, "UI", SOP_INSTANCE.encode())
            + explicit(0x0002, 0x0010, "UI", transfer_syntax.encode()))
    return b"\0" * 128 + b"DICM" + explicit(0x0002, 0x0000, "UL", struct.pack("<I", len(body))) + body


def identity_explicit() -> bytes:
    """A few ordinary leading elements, so the data set starts like a real one."""
    return (explicit(0x0008, 0x0016, "UI", SOP_CLASS.encode())
            + explicit(0x0008, 0x0018, "UI", SOP_INSTANCE.encode())
            + explicit(0x0010, 0x0010, "PN", b"Hostile^Input"))


def identity_implicit() -> bytes:
    return (implicit(0x0008, 0x0016, pad(SOP_CLASS.encode(), "UI"))
            + implicit(0x0008, 0x0018, pad(SOP_INSTANCE.encode(), "UI"))
            + implicit(0x0010, 0x0010, pad(b"Hostile^Input", "PN")))


def raw_deflate(data: bytes) -> bytes:
    """PS3.5 A.5: raw deflate (RFC 1951), no zlib header or trailer."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


def pseudo_random(n: int, seed: bytes) -> bytes:
    out = b""
    counter = 0
    while len(out) < n:
        out += hashlib.sha256(seed + counter.to_bytes(4, "little")).digest()
        counter += 1
    return out[:n]


def nested_explicit(levels: int, closed: bool) -> bytes:
    """`levels` undefined-length Content Sequences, each in an undefined-length item."""
    opening = explicit(0x0040, 0xA730, "SQ", length=UNDEFINED) + item()
    closing = ITEM_END + SEQ_END
    return opening * levels + (closing * levels if closed else b"")


def build() -> dict:
    files = {}

    # --- The header ---
    # 100 bytes: no room for the DICM prefix, and zeros are no data set either.
    files["hostile.not-dicom.truncated_preamble.dcm"] = b"\0" * 100
    # Garbage right after DICM: no group 0002 where the meta must start.
    files["hostile.bad-structure.garbage_after_dicm.dcm"] = (
        b"\0" * 128 + b"DICM" + b"\x5a" + pseudo_random(400, b"garbage after DICM"))
    # The meta is cut inside an element header.
    m = meta(EXPLICIT_LE)
    files["hostile.truncated.meta_cut_in_header.dcm"] = m[:132 + 12 + 12 + 5]
    # A meta element whose length runs past the end of the file.
    files["hostile.bad-length.meta_length_past_end.dcm"] = (
        b"\0" * 128 + b"DICM" + explicit(0x0002, 0x0001, "OB", length=0x7FFFFFF0) + b"\0\1")
    files["hostile.unsupported.unknown_transfer_syntax.dcm"] = meta("1.2.3.4.5.6.7.8.9") + identity_explicit()

    # --- Lengths ---
    # The data set is cut 5 bytes into an element header.
    files["hostile.truncated.dataset_cut_in_header.dcm"] = (
        m + identity_explicit() + explicit(0x0020, 0x000D, "UI", b"1.2.3.4")[:5])
    # A short-header element declaring more bytes than the file has.
    files["hostile.bad-length.length_past_end.dcm"] = (
        m + identity_explicit() + explicit(0x0010, 0x0020, "LO", length=0x7FFE) + b"ID12")
    # A 200-byte file declaring a 4 GB (0xFFFFFFFE bytes) OB value: preamble, a meta of just the
    # Transfer Syntax UID, the element header, and zeros up to 200 bytes.
    four_gb = (b"\0" * 128 + b"DICM" + explicit(0x0002, 0x0010, "UI", EXPLICIT_LE.encode())
               + explicit(0x0009, 0x1001, "OB", length=0xFFFFFFFE))
    files["hostile.bad-length.4gb_element.dcm"] = four_gb + b"\0" * (200 - len(four_gb))
    # Undefined length (FFFFFFFFH) on a US element, which implicit VR can express.
    files["hostile.bad-length.us_undefined_length.dcm"] = (
        meta(IMPLICIT_LE) + identity_implicit()
        + implicit(0x0028, 0x0010, length=UNDEFINED) + b"\x00\x02" * 4)
    # A defined-length sequence whose item is longer than the sequence.
    files["hostile.bad-length.item_longer_than_sequence.dcm"] = (
        m + identity_explicit()
        + explicit(0x0008, 0x1115, "SQ", length=16) + item(24)
        + explicit(0x0008, 0x1150, "UI", b"1.2.840.10008.5.1.4.1.1.7\0")[:16])
    # Odd lengths everywhere: tolerated with warnings (PS3.5 7.1.1 is broken by real devices).
    files["tolerated.odd_lengths.dcm"] = (
        m + explicit(0x0008, 0x0016, "UI", SOP_CLASS.encode() + b"\0", length=len(SOP_CLASS) + 1)
        + explicit(0x0008, 0x0018, "UI", SOP_INSTANCE.encode(), length=len(SOP_INSTANCE))
        + explicit(0x0010, 0x0010, "PN", b"Odd", length=3)
        + explicit(0x0028, 0x0010, "US", b"\x00\x02\x00", length=3)
        + explicit(0x0029, 0x0010, "LO", b"ODD CREATOR", length=11)
        + explicit(0x0029, 0x1001, "OB", b"\x01\x02\x03\x04\x05", length=5))

    # --- Structure and nesting ---
    # 10,000 nested undefined-length sequences in undefined-length items, properly closed.
    # Plain, that is 360 KB; deflated (which the reader must also bound) it is a few hundred bytes.
    files["hostile.too-deep.nested_10000_sequences_deflated.dcm"] = (
        meta(DEFLATED_LE) + raw_deflate(identity_explicit() + nested_explicit(10000, closed=True)))
    # The same without deflate: 3,000 levels (60 KB), never closed.
    files["hostile.too-deep.nested_3000_sequences.dcm"] = m + identity_explicit() + nested_explicit(3000, closed=False)
    # A delimiter where an element should be.
    files["hostile.bad-structure.stray_item_in_dataset.dcm"] = m + identity_explicit() + item(0)
    # An unknown VR.
    files["hostile.bad-vr.unknown_vr.dcm"] = (
        m + identity_explicit() + struct.pack("<HH2sH", 0x0010, 0x0020, b"ZZ", 4) + b"ID12")
    # Encapsulated pixel data never closed by a Sequence Delimitation Item.
    files["hostile.truncated.encapsulated_unclosed.dcm"] = (
        meta("1.2.840.10008.1.2.5") + identity_explicit()
        + explicit(0x7FE0, 0x0010, "OB", length=UNDEFINED) + item(0) + item(8) + b"\x01" * 8)
    # PS3.5 6.2.2: a UN of undefined length holds a sequence in implicit VR little endian.
    un_items = (item() + implicit(0x0008, 0x0100, b"T-12345 ") + implicit(0x0008, 0x0102, b"SRT ") + ITEM_END
                + item(16) + implicit(0x0008, 0x0100, b"T-67890 "))
    files["tolerated.un_undefined_length_implicit_sequence.dcm"] = (
        m + identity_explicit()
        + explicit(0x0029, 0x0010, "LO", b"HOSTILE CREATOR ")
        + explicit(0x0029, 0x1010, "UN", length=UNDEFINED) + un_items + SEQ_END
        + explicit(0x0029, 0x1020, "UN", length=UNDEFINED) + item() + ITEM_END + SEQ_END)
    # The same, never closed.
    files["hostile.truncated.un_undefined_length_unclosed.dcm"] = (
        m + identity_explicit() + explicit(0x0029, 0x0010, "LO", b"HOSTILE CREATOR ")
        + explicit(0x0029, 0x1010, "UN", length=UNDEFINED) + item() + implicit(0x0008, 0x0100, b"T-12345 "))
    # A UN of undefined length whose items were written in explicit VR (a vendor bug): read as
    # implicit, "SH" + length becomes a 32-bit length far past the end.
    files["hostile.bad-length.un_undefined_length_explicit_items.dcm"] = (
        m + identity_explicit() + explicit(0x0029, 0x0010, "LO", b"HOSTILE CREATOR ")
        + explicit(0x0029, 0x1010, "UN", length=UNDEFINED) + item()
        + explicit(0x0008, 0x0100, "SH", b"T-12345 ") + ITEM_END + SEQ_END)

    # --- Deflate ---
    # A valid element header declaring 0xFFFFFFF0 bytes, followed by 24 MiB of zeros: the file
    # is about 24 KB, the stream inflates past the 16 MiB floor of ReadOptions::inflate_floor.
    bomb = identity_explicit() + explicit(0x0009, 0x1001, "OB", length=0xFFFFFFF0)
    files["hostile.limit-exceeded.deflate_bomb.dcm"] = meta(DEFLATED_LE) + raw_deflate(bomb + b"\0" * (24 << 20))
    # A deflated data set that is just a huge run of zeros: (0000,0000) with VR bytes 00 00.
    files["hostile.bad-vr.deflate_zero_run.dcm"] = meta(DEFLATED_LE) + raw_deflate(b"\0" * (8 << 20))
    # Not a deflate stream at all.
    files["hostile.deflate.deflate_corrupt.dcm"] = meta(DEFLATED_LE) + b"\xff" * 64
    # A good deflate stream cut in half.
    full = raw_deflate(identity_explicit() + explicit(0x0010, 0x0020, "LO", pseudo_random(3000, b"id").hex().encode()))
    files["hostile.truncated.deflate_cut.dcm"] = meta(DEFLATED_LE) + full[: len(full) // 2]
    return files


def main() -> int:
    here = os.path.dirname(os.path.abspath(__file__))
    out_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "corpus", "part10_reader")
    os.makedirs(out_dir, exist_ok=True)
    for name, data in sorted(build().items()):
        assert len(data) < 64 * 1024, f"{name} is {len(data)} bytes"
        with open(os.path.join(out_dir, name), "wb") as f:
            f.write(data)
        print(f"{len(data):7d}  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
