#!/usr/bin/python3
"""An independent byte-level checker of UDF images (issue 21), written from ECMA-167 3rd edition
and OSTA UDF 1.50/2.50/2.60, sharing no code with src/output/udf. udfinfo and 7-Zip are lenient;
this checks what they do not:

- the Volume Recognition Sequence (BEA01, NSR02 for UDF 1.50 / NSR03 for 2.x, TEA01; ECMA-167 2/9);
- every descriptor tag: identifier, version (2 under NSR02, 3 under NSR03), checksum, CRC-ITU-T
  over its CRC length, and the Tag Location (the sector, or partition block, holding it; 3/7.2);
- AVDPs at 256, N-256 and N (N the last sector) naming the same Main and Reserve VDS, which hold the same
  descriptors (PVD, IUVD "*UDF LV Info", PD, LVD, USD, TD); PVD interchange level 2 (PS3.12);
- the LVD's domain "*OSTA UDF Compliant" with the expected revision, its partition maps (a
  Metadata Partition map for 2.50/2.60, UDF 2.2.10) and the Logical Volume Integrity Descriptor:
  closed, counts of files and folders (root included) and the next Unique ID above every one used;
- the Metadata File (type 250) and its Mirror (251): the same length and identical bytes;
- the FSD, every (E)FE (file type, permissions PS3.12 asks for, link counts, information length
  vs extents, extents inside the partition and shorter than 2^30), every FID (unique ID in its
  ICB implementation use, names in OSTA CS0), folders walked with loop detection.
Usage: udf_check.py IMAGE REVISION [SOURCE_DIR]   (REVISION 1.50, 2.50 or 2.60)
With SOURCE_DIR, every file's bytes are compared with the source and nothing is missing or extra.
Prints one line per problem; exit status 1 when any.
"""
import os
import struct
import sys

B = 2048
PROBLEMS = []


def problem(msg):
    PROBLEMS.append(msg)
    if len(PROBLEMS) <= 50:
        print("UDF:", msg)


def crc_itu(data):
    crc = 0
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else (crc << 1)
            crc &= 0xFFFF
    return crc


class Image:
    def __init__(self, path):
        self.f = open(path, "rb")
        self.size = os.path.getsize(path)
        self.n = self.size // B

    def sector(self, lba, count=1):
        self.f.seek(lba * B)
        return self.f.read(count * B)


def check_tag(d, want_id, location, version, what):
    """ECMA-167 3/7.2: returns True when the tag is right; reports each fault."""
    if len(d) < 16:
        problem(f"{what}: no room for a tag")
        return False
    tid, ver, csum, _, serial, crc, crc_len, loc = struct.unpack_from("<HHBBHHHI", d, 0)
    ok = True
    if want_id is not None and tid != want_id:
        problem(f"{what}: tag identifier {tid}, expected {want_id}")
        return False
    if sum(d[0:4]) + sum(d[5:16]) & 0xFF != csum:
        problem(f"{what}: tag checksum wrong")
        ok = False
    if 16 + crc_len > len(d):
        problem(f"{what}: CRC length {crc_len} past the descriptor")
        ok = False
    elif crc_itu(d[16:16 + crc_len]) != crc:
        problem(f"{what}: CRC wrong")
        ok = False
    if loc != location:
        problem(f"{what}: Tag Location {loc}, recorded at {location}")
        ok = False
    if ver != version:
        problem(f"{what}: descriptor version {ver}, expected {version}")
        ok = False
    return ok


def cs0(data):
    if not data:
        return ""
    if data[0] == 8:
        return data[1:].decode("latin-1")
    if data[0] == 16:
        return data[1:].decode("utf-16-be")
    problem(f"CS0 compression ID {data[0]}")
    return "?"


def dstring(field):
    n = field[-1]
    return cs0(field[:n]) if n else ""


def regid(field):
    return field[1:24].rstrip(b"\0").decode("latin-1"), struct.unpack_from("<H", field, 24)[0]


class Volume:
    def __init__(self, img, revision):
        self.img = img
        self.rev = revision
        self.version = 2 if revision == 0x0150 else 3
        self.maps = []  # ("phys", start, length) or ("meta", extents)
        self.files = {}
        self.dirs = 0
        self.unique_ids = set()

    # ---- volume structures
    def vrs(self):
        ids = [self.img.sector(16 + i)[1:6] for i in range(3)]
        want = [b"BEA01", b"NSR02" if self.rev == 0x0150 else b"NSR03", b"TEA01"]
        if ids != want:
            problem(f"Volume Recognition Sequence {ids}, expected {want}")
        for i in range(3):
            s = self.img.sector(16 + i)
            if s[0] != 0 or s[6] != 1:
                problem(f"VRS descriptor {i}: structure type {s[0]} version {s[6]}")

    def anchors(self):
        n = self.img.n
        extents = set()
        # ECMA-167 3/8.4.2.1: 256, N-256 and N, N the last sector (n - 1)
        for at in (256, n - 1 - 256, n - 1):
            d = self.img.sector(at)[:512]
            if check_tag(d, 2, at, self.version, f"AVDP at {at}"):
                extents.add(d[16:32])
        if len(extents) != 1:
            problem("the AVDPs disagree or none is valid")
            return None
        e = extents.pop()
        return struct.unpack("<IIII", e)

    def vds(self, length, loc):
        out = {}
        for i in range(length // B):
            d = self.img.sector(loc + i)
            tid = struct.unpack_from("<H", d)[0]
            if tid == 0:
                problem(f"VDS at {loc}: ends without a Terminating Descriptor")
                break
            check_tag(d[:512], None, loc + i, self.version, f"VDS descriptor {tid} at {loc + i}")
            out.setdefault(tid, d)
            if tid == 8:
                break
        for tid, name in ((1, "PVD"), (4, "IUVD"), (5, "PD"), (6, "LVD"), (7, "USD"), (8, "TD")):
            if tid not in out:
                problem(f"VDS at {loc}: no {name}")
        return out

    def volume(self):
        self.vrs()
        a = self.anchors()
        if not a:
            return False
        main = self.vds(a[0], a[1])
        reserve = self.vds(a[2], a[3])
        for tid in main:
            if tid in reserve and main[tid][16:512] != reserve[tid][16:512]:
                problem(f"Main and Reserve VDS differ in descriptor {tid}")
        if any(t not in main for t in (1, 4, 5, 6)):
            return False
        pvd, iuvd, pd, lvd = main[1], main[4], main[5], main[6]
        il, mil = struct.unpack_from("<HH", pvd, 60)
        if (il, mil) != (2, 2):
            problem(f"PVD interchange levels {il}/{mil}, PS3.12 asks for 2")
        self.volume_id = dstring(pvd[24:56])
        if regid(iuvd[20:52])[0] != "*UDF LV Info":
            problem(f"IUVD implementation identifier {regid(iuvd[20:52])}")
        contents = pd[25:31]
        if contents != (b"+NSR02" if self.rev == 0x0150 else b"+NSR03"):
            problem(f"PD partition contents {contents}")
        self.pstart, self.plen = struct.unpack_from("<II", pd, 188)
        if self.pstart + self.plen > self.img.n:
            problem("the partition runs past the image")
        bs = struct.unpack_from("<I", lvd, 212)[0]
        if bs != B:
            problem(f"logical block size {bs}")
        dom, drev = regid(lvd[216:248])
        if dom != "*OSTA UDF Compliant" or drev != self.rev:
            problem(f"LVD domain {dom} {drev:#x}, expected *OSTA UDF Compliant {self.rev:#x}")
        self.fsd = struct.unpack_from("<IIH", lvd, 248)
        mtl, nmaps = struct.unpack_from("<II", lvd, 264)
        at = 440
        meta = None
        for _ in range(nmaps):
            t, ln = lvd[at], lvd[at + 1]
            if t == 1:
                self.maps.append(("phys",))
            elif t == 2:
                ident = regid(lvd[at + 4:at + 36])
                if ident[0] != "*UDF Metadata Partition" or ident[1] != self.rev:
                    problem(f"partition map {ident}")
                meta = struct.unpack_from("<IIIIHB", lvd, at + 40)
                self.maps.append(("meta",))
            at += ln
        if (meta is None) != (self.rev == 0x0150):
            problem(f"Metadata Partition map {'missing' if meta is None else 'present'} for UDF {self.rev:#x}")
        if meta:
            main_fe, mirror_fe, bitmap, au, align, flags = meta
            m1 = self.metadata_file(main_fe, 250)
            m2 = self.metadata_file(mirror_fe, 251)
            if m1 is None or m2 is None:
                return False
            self.meta_extents = m1[0]
            if m1[1] != m2[1]:
                problem("the Metadata File and its Mirror differ")
            if any(e[1] % align or e[0] % (au * B) for e in m1[0] + m2[0]):
                problem("Metadata File extents not aligned to the allocation/alignment units")
        self.integrity = struct.unpack_from("<II", lvd, 432)
        return True

    def metadata_file(self, lbn, ftype):
        d = self.img.sector(self.pstart + lbn)
        what = f"Metadata File FE (type {ftype})"
        if not check_tag(d, 266 if self.version == 3 else 261, lbn, self.version, what):
            return None
        entry = self.parse_fe(d, 0, what)
        if entry["type"] != ftype:
            problem(f"{what}: file type {entry['type']}")
        data = b"".join(self.img.sector(self.pstart + loc, ln // B) for ln, loc, _ in entry["extents"])
        if len(data) != entry["size"]:
            problem(f"{what}: extents of {len(data)} bytes, length {entry['size']}")
        return [(ln, loc) for ln, loc, _ in entry["extents"]], data

    # ---- partitions
    def read(self, ref, lbn, count=1):
        if ref >= len(self.maps):
            problem(f"partition reference {ref}")
            return b"\0" * B * count
        if self.maps[ref][0] == "phys":
            if lbn + count > self.plen:
                problem(f"blocks {lbn}+{count} past the partition")
            return self.img.sector(self.pstart + lbn, count)
        out = b""
        while count:
            off = lbn
            for ln, loc in self.meta_extents:
                blocks = ln // B
                if off < blocks:
                    n = min(count, blocks - off)
                    out += self.img.sector(self.pstart + loc + off, n)
                    lbn += n
                    count -= n
                    break
                off -= blocks
            else:
                problem(f"block {lbn} past the Metadata Partition")
                return out + b"\0" * B * count
        return out

    def parse_fe(self, d, ref, what):
        tid = struct.unpack_from("<H", d)[0]
        efe = tid == 266
        if self.version == 2 and efe:
            problem(f"{what}: an Extended File Entry under UDF 1.50 (NSR02 has none)")
        head = 216 if efe else 176
        strategy, = struct.unpack_from("<H", d, 20)
        ftype = d[27]
        flags, = struct.unpack_from("<H", d, 34)
        uid, gid, perm, links = struct.unpack_from("<IIIH", d, 36)
        size, = struct.unpack_from("<Q", d, 56)
        recorded, = struct.unpack_from("<Q", d, 72 if efe else 64)
        unique, = struct.unpack_from("<Q", d, 200 if efe else 160)
        lea, lad = struct.unpack_from("<II", d, 208 if efe else 168)
        if strategy != 4:
            problem(f"{what}: strategy {strategy}")
        ads = d[head + lea:head + lea + lad]
        adtype = flags & 7
        extents = []
        if adtype == 0:
            for i in range(0, len(ads), 8):
                ln, pos = struct.unpack_from("<II", ads, i)
                extents.append((ln & 0x3FFFFFFF, pos, ref))
        elif adtype == 1:
            for i in range(0, len(ads), 16):
                ln, pos, pref = struct.unpack_from("<IIH", ads, i)
                extents.append((ln & 0x3FFFFFFF, pos, pref))
        else:
            problem(f"{what}: allocation descriptor type {adtype}")
        total = sum(e[0] for e in extents)
        if total != size:
            problem(f"{what}: extents hold {total} bytes, information length {size}")
        if any(e[0] > (1 << 30) - B for e in extents):
            problem(f"{what}: an extent of 2^30 bytes or more")
        if recorded != sum((e[0] + B - 1) // B for e in extents):
            problem(f"{what}: Logical Blocks Recorded {recorded}")
        return {"type": ftype, "perm": perm, "links": links, "size": size, "unique": unique, "extents": extents}

    # ---- the tree
    def tree(self):
        fl, fpos, fref = self.fsd
        d = self.read(fref, fpos)
        if not check_tag(d[:512], 256, fpos, self.version, "FSD"):
            return
        lvl, mlvl = struct.unpack_from("<HH", d, 28)
        if (lvl, mlvl) != (3, 3):
            problem(f"FSD interchange levels {lvl}/{mlvl}, UDF asks for 3")
        dom = regid(d[416:448])
        if dom != ("*OSTA UDF Compliant", self.rev):
            problem(f"FSD domain {dom}")
        rl, rpos, rref = struct.unpack_from("<IIH", d, 400)
        seen = {(rref, rpos)}
        todo = [(rref, rpos, "", (rref, rpos))]
        while todo:
            ref, lbn, path, parent = todo.pop(0)
            d = self.read(ref, lbn)
            if not check_tag(d, 266 if self.version == 3 else 261, lbn, self.version, f"FE of folder '{path}'"):
                continue
            e = self.parse_fe(d, ref, f"folder '{path}'")
            self.dirs += 1
            self.unique_ids.add(e["unique"])
            if e["type"] != 4:
                problem(f"folder '{path}': file type {e['type']}")
            want = sum(0x15 << s for s in (0, 5, 10))
            if e["perm"] != want:
                problem(f"folder '{path}': permissions {e['perm']:#x}, expected read/enter/delete for all ({want:#x})")
            data = b"".join(self.read(pref, pos, (ln + B - 1) // B)[:ln] for ln, pos, pref in e["extents"])
            first = e["extents"][0] if e["extents"] else (0, 0, 0)
            at = 0
            subdirs = 0
            parent_seen = False
            while at < len(data):
                lfi, = struct.unpack_from("<B", data, at + 19)
                liu, = struct.unpack_from("<H", data, at + 36)
                size = (38 + liu + lfi + 3) // 4 * 4
                fid = data[at:at + size]
                check_tag(fid, 257, first[1] + at // B, self.version, f"FID in '{path}' at byte {at}")
                chars = fid[18]
                il, ipos, iref = struct.unpack_from("<IIH", fid, 20)
                iuid, = struct.unpack_from("<I", fid, 32)
                name = cs0(fid[38 + liu:38 + liu + lfi])
                at += size
                if chars & 8:
                    parent_seen = True
                    if (iref, ipos) != parent:
                        problem(f"'{path}': parent FID points to {iref}:{ipos}, not its parent")
                    continue
                full = f"{path}/{name}" if path else name
                if chars & 2:
                    subdirs += 1
                    if (iref, ipos) in seen:
                        problem(f"'{full}': a loop")
                        continue
                    seen.add((iref, ipos))
                    todo.append((iref, ipos, full, (ref, lbn)))
                    fe_uid = struct.unpack_from("<Q", self.read(iref, ipos), 200 if self.version == 3 else 160)[0]
                else:
                    fd = self.read(iref, ipos)
                    if not check_tag(fd, 266 if self.version == 3 else 261, ipos, self.version, f"FE of '{full}'"):
                        continue
                    fe = self.parse_fe(fd, iref, f"'{full}'")
                    fe_uid = fe["unique"]
                    self.unique_ids.add(fe_uid)
                    if fe["type"] != 5:
                        problem(f"'{full}': file type {fe['type']}")
                    want = sum(0x16 << s for s in (0, 5, 10))
                    if fe["perm"] != want:
                        problem(f"'{full}': permissions {fe['perm']:#x}, expected read/write/delete for all ({want:#x})")
                    if fe["links"] != 1:
                        problem(f"'{full}': link count {fe['links']}")
                    self.files[full] = fe
                if iuid != fe_uid & 0xFFFFFFFF:
                    problem(f"'{full}': FID unique ID {iuid}, the FE's {fe_uid}")
            if not parent_seen:
                problem(f"folder '{path}': no parent FID")
            if e["links"] != 1 + subdirs:
                problem(f"folder '{path}': link count {e['links']}, expected {1 + subdirs}")

    def integrity_check(self):
        ln, loc = self.integrity
        d = self.img.sector(loc)
        if not check_tag(d, 9, loc, self.version, "LVID"):
            return
        itype, = struct.unpack_from("<I", d, 28)
        if itype != 1:
            problem(f"LVID integrity type {itype}, not Close")
        next_uid, = struct.unpack_from("<Q", d, 40)
        np_, liu = struct.unpack_from("<II", d, 72)
        if np_ != len(self.maps):
            problem(f"LVID names {np_} partitions, the LVD {len(self.maps)}")
        iu = 80 + 8 * np_
        sizes = struct.unpack_from(f"<{np_}I", d, 80 + 4 * np_)
        if sizes[0] != self.plen:
            problem(f"LVID size table {sizes[0]}, partition {self.plen}")
        nfiles, ndirs, minr, minw, maxw = struct.unpack_from("<IIHHH", d, iu + 32)
        if nfiles != len(self.files):
            problem(f"LVID counts {nfiles} files, the tree has {len(self.files)}")
        if ndirs != self.dirs:
            problem(f"LVID counts {ndirs} folders, the tree has {self.dirs} (root included)")
        if self.unique_ids and next_uid <= max(self.unique_ids):
            problem(f"LVID next Unique ID {next_uid} not above {max(self.unique_ids)}")
        if minw != self.rev or maxw != self.rev or minr > self.rev:
            problem(f"LVID revisions read {minr:#x} write {minw:#x}-{maxw:#x}")
        # TD after the LVID ends the integrity sequence
        if ln >= 2 * B:
            check_tag(self.img.sector(loc + 1)[:512], 8, loc + 1, self.version, "TD after the LVID")

    def compare(self, source):
        want = {}
        for dirpath, _, names in os.walk(source):
            for n in names:
                p = os.path.join(dirpath, n)
                want[os.path.relpath(p, source).replace(os.sep, "/")] = p
        for rel in sorted(set(want) - set(self.files)):
            problem(f"'{rel}' is missing from the image")
        for rel in sorted(set(self.files) - set(want)):
            problem(f"'{rel}' is on the image but not in the source")
        for rel in sorted(set(want) & set(self.files)):
            fe = self.files[rel]
            with open(want[rel], "rb") as f:
                for ln, pos, ref in fe["extents"]:
                    left, block = ln, pos
                    while left:
                        n = min(left, 64 * B)
                        got = self.read(ref, block, (n + B - 1) // B)[:n]
                        if got != f.read(n):
                            problem(f"'{rel}': bytes differ from the source")
                            break
                        left -= n
                        block += (n + B - 1) // B
                    if left:
                        break


def main():
    img, rev = sys.argv[1], int(sys.argv[2].replace(".", ""), 16)
    v = Volume(Image(img), rev)
    if v.volume():
        v.tree()
        v.integrity_check()
        if len(sys.argv) > 3:
            v.compare(sys.argv[3])
    print(f"udf_check: {img}: UDF {sys.argv[2]}, {len(v.files)} files, {v.dirs} folders:",
          f"{len(PROBLEMS)} problem(s)" if PROBLEMS else "ok")
    return 1 if PROBLEMS else 0


if __name__ == "__main__":
    sys.exit(main())
