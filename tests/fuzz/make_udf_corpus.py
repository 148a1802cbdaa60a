#!/usr/bin/python3
"""Writes the seeds of tests/fuzz/corpus/udf_reader (issue 21): small UDF images written by
`discus iso --medium bd|bd-re|dvd-ram`, stored sparse (see udf_reader_body.h: u32 sector count,
then u32 first sector, u16 length in 64-byte units, bytes), and damaged copies whose tags are
re-sealed (checksum and CRC recomputed) so the damage reaches the reader's deeper checks:
  good.*      opens; every file reads back
  hostile.*   a folder loop, an extent past its partition, a Metadata File pointing outside,
              an unterminated directory walk: the reader must refuse (or fail reading), never crash
Usage: make_udf_corpus.py DISCUS OUT_DIR
"""
import os
import struct
import subprocess
import sys
import tempfile

B = 2048


def crc_itu(data):
    crc = 0
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else (crc << 1)
            crc &= 0xFFFF
    return crc


def reseal(img, at):
    """Recomputes the CRC and checksum of the descriptor tag at byte offset `at`."""
    crc_len = struct.unpack_from("<H", img, at + 10)[0]
    struct.pack_into("<H", img, at + 8, crc_itu(img[at + 16:at + 16 + crc_len]))
    img[at + 4] = (sum(img[at:at + 4]) + sum(img[at + 5:at + 16])) & 0xFF


def sparse(img):
    n = len(img) // B
    out = bytearray(struct.pack("<I", n))
    s = 0
    while s < n:
        if not any(img[s * B:(s + 1) * B]):
            s += 1
            continue
        e = s
        while e < n and any(img[e * B:(e + 1) * B]) and e - s < 1000:
            e += 1
        out += struct.pack("<IH", s, (e - s) * B // 64) + img[s * B:e * B]
        s = e
    return bytes(out)


def tags(img, tag_id):
    """Byte offsets of sector-aligned descriptors and FIDs with identifier `tag_id`."""
    found = []
    for at in range(0, len(img) - 16, 4):
        if struct.unpack_from("<H", img, at)[0] == tag_id and struct.unpack_from("<H", img, at + 2)[0] in (2, 3):
            if (sum(img[at:at + 4]) + sum(img[at + 5:at + 16])) & 0xFF == img[at + 4]:
                found.append(at)
    return found


def main():
    discus, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        src = os.path.join(work, "set")
        os.makedirs(os.path.join(src, "A", "B"))
        for rel, data in (("DICOMDIR", b"D" * 300), ("README.TXT", b"hi\n"), ("A/B/I1", b"x" * 5000), ("A/F", b"")):
            with open(os.path.join(src, rel), "wb") as f:
                f.write(data)
        images = {}
        for medium in ("bd", "bd-re", "dvd-ram"):
            path = os.path.join(work, medium + ".img")
            subprocess.run([discus, "iso", "--medium", medium, "--volume-id", "SEED", "--no-verify", "--no-sync", src, path],
                           check=True, capture_output=True)
            with open(path, "rb") as f:
                images[medium] = bytearray(f.read())
            with open(os.path.join(out, f"good.{medium}"), "wb") as f:
                f.write(sparse(images[medium]))
        for medium in ("bd", "dvd-ram"):
            img = images[medium]
            fids = tags(img, 257)
            # A loop: folder B's FID (in A) points at the root's ICB.
            loop = bytearray(img)
            root_icb = None
            for at in fids:
                if loop[at + 18] & 0x08 and root_icb is None:  # the root's parent FID names the root
                    root_icb = loop[at + 20:at + 36]
            for at in fids:
                lfi = loop[at + 19]
                if loop[at + 38:at + 38 + lfi] == b"\x08B":
                    loop[at + 20:at + 36] = root_icb
                    reseal(loop, at)
            with open(os.path.join(out, f"hostile.loop.{medium}"), "wb") as f:
                f.write(sparse(loop))
            # An extent past the partition: the first file entry with a long_ad gets a far position.
            far = bytearray(img)
            fe_id = 266 if medium != "dvd-ram" else 261
            for at in tags(far, fe_id):
                if far[at + 27] == 5:
                    head = 216 if fe_id == 266 else 176
                    lad = struct.unpack_from("<I", far, at + head - 4)[0]
                    if lad:
                        struct.pack_into("<I", far, at + head + 4, 0x7FFFFFF0)
                        reseal(far, at)
                        break
            with open(os.path.join(out, f"hostile.extent.{medium}"), "wb") as f:
                f.write(sparse(far))
        # The Metadata File's short_ad pointing outside the partition, in both copies' FEs.
        meta = bytearray(images["bd"])
        for at in tags(meta, 266):
            if meta[at + 27] in (250, 251):
                struct.pack_into("<I", meta, at + 216 + 4, 0x00FFFFF0)
                reseal(meta, at)
        with open(os.path.join(out, "hostile.metadata.bd"), "wb") as f:
            f.write(sparse(meta))
        # Truncated: only the first 300 sectors.
        with open(os.path.join(out, "hostile.truncated.bd"), "wb") as f:
            f.write(sparse(images["bd"][:300 * B]))


if __name__ == "__main__":
    main()
