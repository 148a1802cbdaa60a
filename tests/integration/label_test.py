#!/usr/bin/env python3
"""`discus label` end to end (issue 18 item 4), judged by tools no one here wrote.

  - the PDF's text, extracted by poppler's pdftotext, holds every merge field (name, ID, birth
    date, study dates and descriptions, modality, institution, disc N of M, the notice);
  - Japanese (ISO 2022 IR 87, written by pydicom, and pydicom's own chrH31.dcm), Greek (ISO_IR 126)
    and Arabic (ISO_IR 127) names come out of pdftotext as the same characters, drawn with a font
    pdffonts names as one that has them (Noto Sans CJK for Kanji), not a fallback box;
  - the PNG and the BMP a robot would get equal poppler's pdftoppm rendering of the PDF at the
    same DPI within a small tolerance (anti-aliasing only), and each other exactly;
  - a name crafted to inject SVG is printed as text, at the name's size;
  - a template with a typo, or of another version, fails with a message naming the problem.
  python3 label_test.py path/to/discus
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
import zlib

import numpy as np
from pydicom.dataset import FileDataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

DISCUS = sys.argv[1]
DEFAULT_TEMPLATE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../profiles/labels/cd.svg")
CHARSETS = "/usr/lib/python3/dist-packages/pydicom/data/charset_files"
FAILURES = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        FAILURES.append(what)


def make_file(path, charset, name, pid, study_uid, date, desc, modality, institution, birth="19700131"):
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = "1.2.840.10008.5.1.4.1.1.7"
    meta.MediaStorageSOPInstanceUID = generate_uid()
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds = FileDataset(path, {}, file_meta=meta, preamble=b"\0" * 128)
    ds.SpecificCharacterSet = charset
    ds.SOPClassUID = meta.MediaStorageSOPClassUID
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.PatientName = name
    ds.PatientID = pid
    ds.PatientBirthDate = birth
    ds.PatientSex = "F"
    ds.StudyInstanceUID = study_uid
    ds.SeriesInstanceUID = generate_uid()
    ds.StudyDate = date
    ds.StudyTime = "101500"
    ds.StudyDescription = desc
    ds.Modality = modality
    ds.InstitutionName = institution
    ds.AccessionNumber = "ACC1"
    os.makedirs(os.path.dirname(path), exist_ok=True)
    ds.save_as(path, write_like_original=False)


def run(*args, expect=0):
    p = subprocess.run([DISCUS, *args], capture_output=True, text=True)
    if p.returncode != expect:
        print(p.stdout, p.stderr)
    return p


def pdftotext(pdf):
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, "-"], check=True, capture_output=True).stdout.decode()
    return unicodedata.normalize("NFKC", out)


def pdffonts(pdf):
    return subprocess.run(["pdffonts", pdf], check=True, capture_output=True, text=True).stdout


def read_ppm(path):
    data = open(path, "rb").read()
    parts, pos = [], 0
    while len(parts) < 4:  # P6 W H MAXVAL, whitespace separated
        while data[pos:pos + 1].isspace():
            pos += 1
        start = pos
        while not data[pos:pos + 1].isspace():
            pos += 1
        parts.append(data[start:pos])
    w, h = int(parts[1]), int(parts[2])
    return np.frombuffer(data[pos + 1:pos + 1 + w * h * 3], dtype=np.uint8).reshape(h, w, 3)


def read_bmp(path):
    data = open(path, "rb").read()
    assert data[:2] == b"BM"
    off = int.from_bytes(data[10:14], "little")
    w = int.from_bytes(data[18:22], "little", signed=True)
    h = int.from_bytes(data[22:26], "little", signed=True)
    bpp = int.from_bytes(data[28:30], "little")
    assert bpp == 24 and h > 0
    row = (w * 3 + 3) & ~3
    px = np.frombuffer(data[off:off + row * h], dtype=np.uint8).reshape(h, row)[:, :w * 3].reshape(h, w, 3)
    return px[::-1, :, ::-1], int.from_bytes(data[38:42], "little")  # top-down RGB, pixels per metre


def read_png(path):
    """A small PNG decoder (8-bit RGB, non-interlaced): what our encoder writes, read without it."""
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, phys = 8, b"", None
    while pos < len(data):
        n = int.from_bytes(data[pos:pos + 4], "big")
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + n]
        assert zlib.crc32(kind + body) == int.from_bytes(data[pos + 8 + n:pos + 12 + n], "big"), kind
        if kind == b"IHDR":
            w, h, depth, ctype, interlace = (int.from_bytes(body[0:4], "big"), int.from_bytes(body[4:8], "big"),
                                             body[8], body[9], body[12])
            assert depth == 8 and ctype == 2 and interlace == 0, (depth, ctype, interlace)
        elif kind == b"IDAT":
            idat += body
        elif kind == b"pHYs":
            phys = int.from_bytes(body[0:4], "big")
        pos += 12 + n
    raw = np.frombuffer(zlib.decompress(idat), dtype=np.uint8).reshape(h, 1 + w * 3)
    out = np.zeros((h, w * 3), dtype=np.int32)
    prev = np.zeros(w * 3, dtype=np.int32)
    for y in range(h):
        f, line = raw[y, 0], raw[y, 1:].astype(np.int32)
        if f == 0:
            cur = line
        elif f == 2:
            cur = (line + prev) & 255
        elif f == 1:  # Sub: a running sum per channel
            cur = (np.cumsum(line.reshape(w, 3), axis=0) & 255).reshape(-1)
        else:
            cur = np.zeros(w * 3, dtype=np.int32)
            lst, pv = line.tolist(), prev.tolist()
            c = [0] * (w * 3)
            for i in range(w * 3):
                a = c[i - 3] if i >= 3 else 0
                b = pv[i]
                if f == 3:
                    c[i] = (lst[i] + ((a + b) >> 1)) & 255
                else:
                    cc = pv[i - 3] if i >= 3 else 0
                    p = a + b - cc
                    pa, pb, pc = abs(p - a), abs(p - b), abs(p - cc)
                    pred = a if pa <= pb and pa <= pc else (b if pb <= pc else cc)
                    c[i] = (lst[i] + pred) & 255
            cur = np.array(c, dtype=np.int32)
        out[y] = cur
        prev = cur
    return out.reshape(h, w, 3).astype(np.uint8), phys


def compare(a, b, block=4):
    """(mean |difference| of the blocks, share of blocks off by more than 64) over the common area.

    Averaging block x block pixels (4 at 150 dpi: 0.68 mm) before comparing forgives what differs
    between two correct renderers, anti-aliasing and sub-pixel glyph placement at edges, and keeps
    what matters: a missing, moved or different word changes whole blocks.
    """
    h, w = min(a.shape[0], b.shape[0]) // block * block, min(a.shape[1], b.shape[1]) // block * block

    def blocks(x):
        return x[:h, :w].astype(np.float64).reshape(h // block, block, w // block, block, 3).mean(axis=(1, 3))

    d = np.abs(blocks(a) - blocks(b)).max(axis=2)
    return float(d.mean()), float((d > 64).mean())


def matches(a, b):
    mean, far = compare(a, b)
    return mean < 1.5 and far < 0.0005, mean, far


def main():
    t0 = time.monotonic()
    tmp = tempfile.mkdtemp(prefix="discus-label-")
    try:
        # A patient with two studies (dates, descriptions, modalities, institution), Latin names.
        study = os.path.join(tmp, "latin")
        u1, u2 = generate_uid(), generate_uid()
        make_file(f"{study}/a/1.dcm", "ISO_IR 100", "Müller^Anna^Maria", "PID-4711", u1, "20240105", "CT Thorax", "CT",
                  "Klinikum Süd")
        make_file(f"{study}/a/2.dcm", "ISO_IR 100", "Müller^Anna^Maria", "PID-4711", u1, "20240105", "CT Thorax", "CT",
                  "Klinikum Süd")
        make_file(f"{study}/b/1.dcm", "ISO_IR 100", "Müller^Anna^Maria", "PID-4711", u2, "20240312", "MR Schädel", "MR",
                  "Klinikum Süd")
        open(f"{study}/README.TXT", "w").write("not DICOM\n")
        pdf = os.path.join(tmp, "latin.pdf")
        p = run("label", "--study", study, "--disc", "2", "--of", "3", pdf)
        check(p.returncode == 0, f"discus label (default template) exits 0: {p.stderr.strip()}")
        text = pdftotext(pdf)
        for want in ["Müller, Anna Maria", "PID-4711", "1970-01-31", "2024-01-05, 2024-03-12", "CT Thorax; MR Schädel",
                     "CT, MR", "Klinikum Süd", "2 of 3", "Contains confidential medical data"]:
            check(want in text, f"pdftotext finds {want!r}")

        dvd = os.path.join(tmp, "dvd.pdf")
        p = run("label", "--study", study, "--medium", "dvd", dvd)
        check(p.returncode == 0 and "\nDVD\n" in pdftotext(dvd) and "\nCD\n" in text, "--medium dvd takes the DVD template")
        images = subprocess.run(["pdfimages", "-list", pdf], check=True, capture_output=True, text=True).stdout
        check(len(images.strip().splitlines()) == 2, "the PDF is vector: pdfimages lists no image")

        # The default template's fields through --json, and a verification URL in the QR text.
        p = run("label", "--study", study, "--json", "--verify-url", "https://pacs.example/v?uid={{study_uid}}",
                os.path.join(tmp, "j.pdf"))
        check(p.returncode == 0 and f'"qr_text": "https://pacs.example/v?uid={u1}"' in p.stdout,
              "--json prints the merge fields; the QR holds the verification URL with the study UID")

        # Japanese written by pydicom in ISO 2022 IR 87 (JIS X 0208 by escape sequences).
        jp = os.path.join(tmp, "jp")
        make_file(f"{jp}/1.dcm", ["", "ISO 2022 IR 87"], "Sato^Hanako=佐藤^花子=さとう^はなこ", "JP-1", generate_uid(),
                  "20230401", "胸部単純撮影", "CR", "東京中央病院")
        raw = open(f"{jp}/1.dcm", "rb").read()
        check(b"\x1b$B" in raw and "佐藤".encode("utf-8") not in raw, "the Japanese test file is ISO 2022 IR 87 encoded")
        for name, folder, want in [("pydicom-written", jp, ["佐藤 花子", "Sato, Hanako", "胸部単純撮影", "東京中央病院"]),
                                   ("pydicom's chrH31.dcm", os.path.join(CHARSETS, "chrH31.dcm"), ["山田 太郎", "Yamada, Tarou"])]:
            out = os.path.join(tmp, "jp.pdf")
            p = run("label", "--study", folder, out)
            check(p.returncode == 0, f"Japanese label ({name}) exits 0 {p.stderr.strip()}")
            text = pdftotext(out)
            for w in want:
                check(w in text, f"Japanese ({name}): pdftotext finds {w!r}")
            fonts = pdffonts(out)
            check("NotoSansCJK" in fonts.replace(" ", "") or "IPA" in fonts, f"Japanese ({name}): a CJK font is embedded:\n{fonts}")
            check("Type 3" not in fonts, f"Japanese ({name}): no Type 3 (drawn) glyphs")
        check("Born" not in text, "chrH31.dcm has no birth date: no lone 'Born' (discus:if)")

        # Greek (ISO_IR 126) and Arabic (ISO_IR 127): pydicom's own files.
        for name, file, want in [("Greek", "chrGreek.dcm", "Διονυσιος"), ("Arabic", "chrArab.dcm", "قباني")]:
            out = os.path.join(tmp, f"{name}.pdf")
            p = run("label", "--study", os.path.join(CHARSETS, file), out)
            check(p.returncode == 0, f"{name} label exits 0 {p.stderr.strip()}")
            text = pdftotext(out)
            # pdftotext may give right-to-left text in either order; the letters must be there.
            found = want in text or want[::-1] in text
            check(found, f"{name}: pdftotext finds {want!r} (got {text.split(chr(10))[1:3]!r})")
            fonts = pdffonts(out)
            check("Type 3" not in fonts and fonts.count("\n") > 2, f"{name}: real fonts embedded:\n{fonts}")

        # An injection attempt: markup in the name and description is printed as text. (A PN value
        # cannot hold '=' inside a group, PS3.5 6.2.1.2, so the attribute injection is in the description.)
        evil = os.path.join(tmp, "evil")
        name = "</text></svg><text>PWNED</text>"
        desc = '</text><text y="60" font-size="40">BIG</text><script>alert(1)</script>]]>&amp;'
        make_file(f"{evil}/1.dcm", "ISO_IR 192", name + "^Eve", "X&Y<1>", generate_uid(), "20240101", desc, "OT", "St. <Mary's>")
        out = os.path.join(tmp, "evil.pdf")
        p = run("label", "--study", evil, out)
        check(p.returncode == 0, f"a hostile name still makes a label {p.stderr.strip()}")
        text = pdftotext(out)
        check("</text></svg><text>PWNED</t..." in text, "the default template prints the name's markup as text (cut at 28, NFKC: ...)")
        check("X&Y<1>" in text and "St. <Mary's>" in text, "ID and institution with markup characters are printed as text")
        # The whole values, on a label wide enough for them (the default one cuts long values).
        wide = os.path.join(tmp, "wide.svg")
        open(wide, "w").write('<svg xmlns="http://www.w3.org/2000/svg" xmlns:discus="urn:x-discus:label" '
                              'discus:label-version="1" width="280mm" height="40mm" viewBox="0 0 280 40" '
                              'font-family="DejaVu Sans" font-size="5"><text x="5" y="15">{{patient_name}}</text>'
                              '<text x="5" y="30">{{study_description}}</text></svg>')
        p = run("label", "--template", wide, "--study", evil, out)
        check(p.returncode == 0, f"the wide template renders {p.stderr.strip()}")
        text = pdftotext(out)
        check(name + ", Eve" in text and desc in text, f"the injected markup is printed as text: {text!r}")
        bbox = subprocess.run(["pdftotext", "-bbox", out, "-"], check=True, capture_output=True, text=True).stdout
        heights = [float(l.split('yMax="')[1].split('"')[0]) - float(l.split('yMin="')[1].split('"')[0])
                   for l in bbox.splitlines() if "BIG" in l]
        check(heights and max(heights) < 25, f"'BIG' is set at 5 mm like its line, not 40 mm (heights {heights} pt)")

        # The picture a robot gets equals poppler's rendering of the PDF at the same DPI.
        dpi = 150
        png, bmp, jpg = (os.path.join(tmp, f"robot.{e}") for e in ("png", "bmp", "jpg"))
        for f in (png, bmp, jpg):
            p = run("label", "--study", study, "--disc", "2", "--of", "3", "--dpi", str(dpi), f)
            check(p.returncode == 0, f"raster label {os.path.basename(f)} exits 0 {p.stderr.strip()}")
        subprocess.run(["pdftoppm", "-r", str(dpi), "-singlefile", pdf, os.path.join(tmp, "poppler")], check=True)
        ref = read_ppm(os.path.join(tmp, "poppler.ppm"))
        ours_png, phys = read_png(png)
        ours_bmp, ppm_bmp = read_bmp(bmp)
        side = round(120 / 25.4 * dpi)
        check(abs(ours_png.shape[0] - side) <= 1 and abs(ours_png.shape[1] - side) <= 1,
              f"120 mm at {dpi} dpi is {side} px (PNG {ours_png.shape[1]}x{ours_png.shape[0]}, poppler {ref.shape[1]}x{ref.shape[0]})")
        check(phys == round(dpi / 0.0254) and ppm_bmp == round(dpi / 0.0254), f"PNG pHYs and BMP say {dpi} dpi")
        check(np.array_equal(ours_png, ours_bmp), "the PNG and the BMP hold the same pixels")
        d = np.abs(ours_png.astype(np.int16) - ref[:ours_png.shape[0], :ours_png.shape[1]].astype(np.int16)).max(axis=2)
        ok, mean, far = matches(ours_png, ref)
        print(f"     PNG vs pdftoppm at {dpi} dpi: pixels: mean |diff| {d.mean():.3f}/255, {(d > 96).mean() * 100:.3f} % off "
              f"by > 96; 4x4 blocks: mean {mean:.3f}/255, {far * 100:.4f} % off by > 64")
        check(ok, "the robot's PNG matches the PDF's rendering (blocks: mean < 1.5/255, < 0.05 % off by > 64)")
        # The comparison can fail: the same label for disc 1 of 3 is not the PDF of disc 2 of 3.
        other = os.path.join(tmp, "other.png")
        run("label", "--study", study, "--disc", "1", "--of", "3", "--dpi", str(dpi), other)
        ok, mean, far = matches(read_png(other)[0], ref)
        check(not ok, f"a label differing only in the disc number does not match (blocks: mean {mean:.3f}, {far * 100:.4f} % off)")
        inked = float((ref.max(axis=2) < 128).mean())
        check(inked > 0.01, f"the label is not blank ({inked * 100:.2f} % dark pixels)")
        j = open(jpg, "rb").read()
        check(j[:2] == b"\xff\xd8" and j[6:11] == b"JFIF\0" and j[13] == 1 and int.from_bytes(j[14:16], "big") == dpi,
              f"the JPEG has a JFIF header saying {dpi} dpi")

        # A template with a typo, one of version 2, and a study with no DICOM: clear failures.
        bad = os.path.join(tmp, "bad.svg")
        tmpl = open(DEFAULT_TEMPLATE).read()
        open(bad, "w").write(tmpl.replace("{{patient_id:24}}", "{{patient_idd}}"))
        p = run("label", "--template", bad, "--study", study, os.path.join(tmp, "x.pdf"), expect=1)
        check(p.returncode == 1 and "patient_idd" in p.stderr, f"an unknown field is named: {p.stderr.strip()}")
        open(bad, "w").write(tmpl.replace('discus:label-version="1"', 'discus:label-version="2"'))
        p = run("label", "--template", bad, "--study", study, os.path.join(tmp, "x.pdf"), expect=1)
        check(p.returncode == 1 and "version 2" in p.stderr, f"a version 2 template is refused: {p.stderr.strip()}")
        os.makedirs(os.path.join(tmp, "empty"))
        p = run("label", "--study", os.path.join(tmp, "empty"), os.path.join(tmp, "x.pdf"), expect=1)
        check(p.returncode == 1 and not os.path.exists(os.path.join(tmp, "x.pdf")), "no DICOM: exit 1 and no file")
        p = run("label", "--study", study, "--disc", "3", "--of", "2", os.path.join(tmp, "x.pdf"), expect=2)
        check(p.returncode == 2, "--disc 3 --of 2 is a usage error")
        p = run("label", "--study", study, os.path.join(tmp, "x.gif"), expect=2)
        check(p.returncode == 2, "an unknown output format is a usage error")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"label_test: {time.monotonic() - t0:.1f} s, {len(FAILURES)} failure(s)")
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
