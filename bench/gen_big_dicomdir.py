#!/usr/bin/python3
"""Generate a file-set with a very large DICOMDIR, for the DICOMDIR memory benchmark (issue 12).

    /usr/bin/python3 bench/gen_big_dicomdir.py --out bench/data/bigdir            # 300,110 records
    /usr/bin/python3 bench/gen_big_dicomdir.py --out /tmp/x --patients 2 --studies 2 --series 2 --images 5

Writes, under --out:
  DICOM/Pnnnnnnn/Snnnnnnn/Ennnnnnn/Innnnnnn  one small Secondary Capture instance per IMAGE record
                                             (8x8 8-bit MONOCHROME2, ~800 bytes, Explicit VR LE)
  DICOMDIR                                   PATIENT > STUDY > SERIES > IMAGE records with the keys
                                             `discus author` writes for STD-GEN-CD, exact offsets
  SHA256.TXT                                 sha256sum manifest of every file, as `discus author` writes
and beside it OUT.json: what was generated (written last: the set is complete).

The default shape is 10 patients x 10 studies x 10 series x 299 images = 299,000 IMAGE records,
300,110 records in all, a DICOMDIR of about 85 MB. Every referenced file exists, so `dir --check`
and `verify --dir` do their whole normal work (open, parse, compare every instance) instead of
reporting 300,000 missing files.

Deterministic: UIDs are 2.25 UIDs derived from --seed and the record's position (PS3.5 B.2, no
organisation root claimed), so the same arguments give byte-identical output. Plain byte encoding,
no pydicom: 300,000 files are written in well under a minute.
"""

import argparse
import hashlib
import json
import os
import struct
import sys
import time

MEDIA_STORAGE_DIRECTORY = "1.2.840.10008.1.3.10"
SECONDARY_CAPTURE = "1.2.840.10008.5.1.4.1.1.7"
EXPLICIT_LE = "1.2.840.10008.1.2.1"
IMPLEMENTATION_CLASS_UID = "2.25.177441364370429393815452380722651003742"
LONG_VRS = {b"OB", b"OD", b"OF", b"OL", b"OV", b"OW", b"SQ", b"SV", b"UC", b"UN", b"UR", b"UT", b"UV"}


def element(group, elem, vr, value):
    """One Explicit VR Little Endian element (PS3.5 7.1.2); value padded to even length."""
    if isinstance(value, str):
        value = value.encode("ascii")
    if len(value) % 2:
        value += b"\0" if vr in (b"UI", b"OB") else b" "
    if vr in LONG_VRS:
        return struct.pack("<HH2sHI", group, elem, vr, 0, len(value)) + value
    return struct.pack("<HH2sH", group, elem, vr, len(value)) + value


def ul(group, elem, v):
    return element(group, elem, b"UL", struct.pack("<I", v))


def us(group, elem, v):
    return element(group, elem, b"US", struct.pack("<H", v))


def meta(sop_class, sop_instance):
    body = (element(0x0002, 0x0001, b"OB", b"\0\1") + element(0x0002, 0x0002, b"UI", sop_class) +
            element(0x0002, 0x0003, b"UI", sop_instance) + element(0x0002, 0x0010, b"UI", EXPLICIT_LE) +
            element(0x0002, 0x0012, b"UI", IMPLEMENTATION_CLASS_UID) +
            element(0x0002, 0x0013, b"SH", "BENCH_BIGDIR"))
    return b"\0" * 128 + b"DICM" + ul(0x0002, 0x0000, len(body)) + body


class Uids:
    def __init__(self, seed):
        self.seed = seed

    def __call__(self, *what):
        h = hashlib.sha256(("/".join([self.seed] + [str(w) for w in what])).encode()).digest()
        return "2.25." + str(int.from_bytes(h[:15], "big"))


def instance(uid, p, st, se, im):
    """A minimal Secondary Capture instance (PS3.3 A.8.1) with 8x8 8-bit pixels."""
    ds = b"".join([
        element(0x0008, 0x0005, b"CS", "ISO_IR 100"),
        element(0x0008, 0x0016, b"UI", SECONDARY_CAPTURE),
        element(0x0008, 0x0018, b"UI", uid("image", p, st, se, im)),
        element(0x0008, 0x0020, b"DA", "20240311"),
        element(0x0008, 0x0030, b"TM", "093000"),
        element(0x0008, 0x0050, b"SH", f"A{p:03d}{st:03d}"),
        element(0x0008, 0x0060, b"CS", "OT"),
        element(0x0008, 0x0064, b"CS", "WSD"),
        element(0x0008, 0x0090, b"PN", b""),
        element(0x0010, 0x0010, b"PN", f"BENCH^PATIENT{p:03d}"),
        element(0x0010, 0x0020, b"LO", f"BENCH{p:05d}"),
        element(0x0010, 0x0030, b"DA", "19600101"),
        element(0x0010, 0x0040, b"CS", "O"),
        element(0x0020, 0x000D, b"UI", uid("study", p, st)),
        element(0x0020, 0x000E, b"UI", uid("series", p, st, se)),
        element(0x0020, 0x0010, b"SH", f"{st + 1}"),
        element(0x0020, 0x0011, b"IS", f"{se + 1}"),
        element(0x0020, 0x0013, b"IS", f"{im + 1}"),
        element(0x0020, 0x0020, b"CS", b""),
        us(0x0028, 0x0002, 1),
        element(0x0028, 0x0004, b"CS", "MONOCHROME2"),
        us(0x0028, 0x0010, 8),
        us(0x0028, 0x0011, 8),
        us(0x0028, 0x0100, 8),
        us(0x0028, 0x0101, 8),
        us(0x0028, 0x0102, 7),
        us(0x0028, 0x0103, 0),
        element(0x7FE0, 0x0010, b"OB", bytes((im + i) & 0xFF for i in range(64))),
    ])
    return meta(SECONDARY_CAPTURE, uid("image", p, st, se, im)) + ds


def record_keys(kind, uid, p, st, se, im):
    """The keys `discus author` writes for STD-GEN-CD (PS3.3 F.5), in tag order, after (0004,1430)."""
    cs = element(0x0008, 0x0005, b"CS", "ISO_IR 100")
    if kind == "PATIENT":
        return cs + b"".join([element(0x0010, 0x0010, b"PN", f"BENCH^PATIENT{p:03d}"),
                              element(0x0010, 0x0020, b"LO", f"BENCH{p:05d}"),
                              element(0x0010, 0x0030, b"DA", "19600101"), element(0x0010, 0x0040, b"CS", "O")])
    if kind == "STUDY":
        return cs + b"".join([element(0x0008, 0x0020, b"DA", "20240311"), element(0x0008, 0x0030, b"TM", "093000"),
                              element(0x0008, 0x0050, b"SH", f"A{p:03d}{st:03d}"),
                              element(0x0008, 0x1030, b"LO", f"BENCH STUDY {st + 1}"),
                              element(0x0020, 0x000D, b"UI", uid("study", p, st)),
                              element(0x0020, 0x0010, b"SH", f"{st + 1}")])
    if kind == "SERIES":
        return cs + b"".join([element(0x0008, 0x0060, b"CS", "OT"),
                              element(0x0020, 0x000E, b"UI", uid("series", p, st, se)),
                              element(0x0020, 0x0011, b"IS", f"{se + 1}")])
    return b"".join([element(0x0004, 0x1500, b"CS", file_id(p, st, se, im).replace("/", "\\")),
                     element(0x0004, 0x1510, b"UI", SECONDARY_CAPTURE),
                     element(0x0004, 0x1511, b"UI", uid("image", p, st, se, im)),
                     element(0x0004, 0x1512, b"UI", EXPLICIT_LE), cs,
                     element(0x0020, 0x0013, b"IS", f"{im + 1}")])


def file_id(p, st, se, im):
    return f"DICOM/P{p + 1:07d}/S{st + 1:07d}/E{se + 1:07d}/I{im + 1:07d}"


def fixed_part(kind, keys, next_off, lower_off):
    """An item: (FFFE,E000) with defined length, then (0004,1400) ... (0004,1430), then the keys."""
    body = (ul(0x0004, 0x1400, next_off) + us(0x0004, 0x1410, 0xFFFF) + ul(0x0004, 0x1420, lower_off) +
            element(0x0004, 0x1430, b"CS", kind) + keys)
    return struct.pack("<HHI", 0xFFFE, 0xE000, len(body)) + body


def build_tree(o):
    """Records in sequence order: (kind, (p, st, se, im), parent index, [child indices])."""
    recs = []

    def add(kind, key, parent):
        recs.append([kind, key, parent, []])
        if parent is not None:
            recs[parent][3].append(len(recs) - 1)
        return len(recs) - 1

    roots = []
    for p in range(o.patients):
        pi = add("PATIENT", (p, 0, 0, 0), None)
        roots.append(pi)
        for st in range(o.studies):
            sti = add("STUDY", (p, st, 0, 0), pi)
            for se in range(o.series):
                sei = add("SERIES", (p, st, se, 0), sti)
                for im in range(o.images):
                    add("IMAGE", (p, st, se, im), sei)
    return recs, roots


def write_dicomdir(path, o, uid):
    recs, roots = build_tree(o)
    keys = [record_keys(r[0], uid, *r[1]) for r in recs]
    # Offsets do not change item sizes (UL values), so sizes first, then positions.
    sizes = [len(fixed_part(r[0], k, 0, 0)) for r, k in zip(recs, keys)]
    file_meta = meta(MEDIA_STORAGE_DIRECTORY, uid("fileset"))

    def top(first, last, seq_len):
        return (element(0x0004, 0x1130, b"CS", "BIGSET") + ul(0x0004, 0x1200, first) + ul(0x0004, 0x1202, last) +
                us(0x0004, 0x1212, 0) + struct.pack("<HH2sHI", 0x0004, 0x1220, b"SQ", 0, seq_len))

    start = len(file_meta) + len(top(0, 0, 0))
    pos = []
    for s in sizes:
        pos.append(start)
        start += s
    next_of = [0] * len(recs)
    for siblings in [roots] + [r[3] for r in recs]:
        for a, b in zip(siblings, siblings[1:]):
            next_of[a] = pos[b]
    with open(path + ".tmp", "wb") as f:
        f.write(file_meta + top(pos[roots[0]], pos[roots[-1]], sum(sizes)))
        chunk = []
        for i, r in enumerate(recs):
            chunk.append(fixed_part(r[0], keys[i], next_of[i], pos[r[3][0]] if r[3] else 0))
            if len(chunk) >= 4096:
                f.write(b"".join(chunk))
                chunk = []
        f.write(b"".join(chunk))
    os.replace(path + ".tmp", path)
    return len(recs)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--patients", type=int, default=10)
    ap.add_argument("--studies", type=int, default=10, help="per patient")
    ap.add_argument("--series", type=int, default=10, help="per study")
    ap.add_argument("--images", type=int, default=299, help="per series")
    ap.add_argument("--seed", default="discus-bigdir-1")
    o = ap.parse_args()
    if min(o.patients, o.studies, o.series, o.images) < 1:
        sys.exit("gen_big_dicomdir.py: every count must be at least 1")
    if o.images > 9999999 or o.series > 9999999:
        sys.exit("gen_big_dicomdir.py: counts above 9,999,999 do not fit File ID components")
    t0 = time.time()
    uid = Uids(o.seed)
    os.makedirs(o.out, exist_ok=True)
    done = o.out.rstrip("/") + ".json"
    try:
        os.remove(done)
    except FileNotFoundError:
        pass
    manifest = []
    for p in range(o.patients):
        for st in range(o.studies):
            for se in range(o.series):
                folder = os.path.join(o.out, os.path.dirname(file_id(p, st, se, 0)))
                os.makedirs(folder, exist_ok=True)
                for im in range(o.images):
                    data = instance(uid, p, st, se, im)
                    fid = file_id(p, st, se, im)
                    with open(os.path.join(o.out, fid), "wb") as f:
                        f.write(data)
                    manifest.append((hashlib.sha256(data).hexdigest(), fid))
    dicomdir = os.path.join(o.out, "DICOMDIR")
    records = write_dicomdir(dicomdir, o, uid)
    h = hashlib.sha256()
    with open(dicomdir, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    manifest.append((h.hexdigest(), "DICOMDIR"))
    manifest.sort(key=lambda e: e[1])
    with open(os.path.join(o.out, "SHA256.TXT"), "w") as f:
        f.writelines(f"{digest}  {name}\n" for digest, name in manifest)
    images = o.patients * o.studies * o.series * o.images
    summary = {"records": records, "image_records": images, "instances": images,
               "dicomdir_bytes": os.path.getsize(dicomdir), "seed": o.seed,
               "shape": [o.patients, o.studies, o.series, o.images]}
    with open(done, "w") as f:
        json.dump(summary, f, indent=2)
    print(f"# {records} records ({images} IMAGE), DICOMDIR {summary['dicomdir_bytes']} bytes, "
          f"{time.time() - t0:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
