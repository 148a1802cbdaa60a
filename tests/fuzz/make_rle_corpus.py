#!/usr/bin/python3
"""Writes the seed corpus of rle_decoder_fuzzer (tests/fuzz/corpus/rle_decoder).

Each input is 8 bytes of geometry (rows-1, columns-1, samples: bit 0 set = 3, bits: 0 = 8, 1 = 16,
2 = 32, planar bit) followed by an RLE frame (PS3.5 Annex G). Valid frames and hostile ones.
"""
import os
import struct
import sys


def geometry(rows, cols, spp, bits, planar=0):
    return bytes([rows - 1, cols - 1, 1 if spp == 3 else 0, {8: 0, 16: 1, 32: 2}[bits], planar, 0, 0, 0])


def header(offsets):
    return struct.pack("<16I", len(offsets), *offsets, *([0] * (15 - len(offsets))))


def literal_rows(plane, cols):
    """One literal run per row (valid PackBits, columns <= 128)."""
    out = b""
    for r in range(0, len(plane), cols):
        row = plane[r:r + cols]
        out += bytes([len(row) - 1]) + row
    return out + (b"\0" if len(out) % 2 else b"")


def frame(planes, cols):
    segs = [literal_rows(p, cols) for p in planes]
    offsets, at = [], 64
    for s in segs:
        offsets.append(at)
        at += len(s)
    return header(offsets) + b"".join(segs)


def main(out_dir):
    os.makedirs(out_dir, exist_ok=True)
    seeds = {
        "mono8_4x4": geometry(4, 4, 1, 8) + frame([bytes(range(16))], 4),
        "mono16_2x3": geometry(2, 3, 1, 16) + frame([bytes([1, 2, 3, 4, 5, 6]), bytes([7, 8, 9, 10, 11, 12])], 3),
        "rgb8_2x2": geometry(2, 2, 3, 8) + frame([b"\1\2\3\4", b"\5\6\7\10", b"\11\12\13\14"], 2),
        "rgb8_planar_runs": geometry(2, 2, 3, 8, 1) + header([64, 68, 72]) + b"\xfd\x11\0\0\xfd\x22\0\0\xfd\x33\0\0",
        "mono32_1x2": geometry(1, 2, 1, 32) + frame([b"\1\2", b"\3\4", b"\5\6", b"\7\10"], 2),
        "noop_bytes": geometry(1, 2, 1, 8) + header([64]) + b"\x80\x80\x01\x09\x09\x00",
        "offset_past_end": geometry(2, 2, 1, 8) + header([4000]) + b"\x03\1\2\3\4",
        "offset_in_header": geometry(2, 2, 1, 8) + header([8]),
        "run_past_plane": geometry(2, 2, 1, 8) + header([64]) + b"\x81\x07",
        "literal_past_segment": geometry(2, 2, 1, 8) + header([64]) + b"\x7f\1\2",
        "segment_count_wrong": geometry(2, 2, 1, 16) + header([64]) + b"\x03\1\2\3\4",
        "offsets_backwards": geometry(1, 1, 3, 8) + header([70, 66, 68]) + b"\0\1\0\2\0\3\0\0",
        "truncated_header": geometry(1, 1, 1, 8) + b"\1\0\0\0\x40",
    }
    for name, data in seeds.items():
        with open(os.path.join(out_dir, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "corpus", "rle_decoder"))
