#!/usr/bin/env python3
"""`discus-kiosk --screenshots DIR` (issue 20 "Must show"): every screen x language (en, de, fr, ar)
x size (1024x600, 1920x1080, 600x1024 portrait) as a PNG, checked through the item tree by the
kiosk itself (DIR/geometry.json): no text wider or taller than its box, none elided, none leaving
its parent or overlapping another or showing "undefined", every button at least 9 mm and on screen, every control with an
accessible name (QAccessible, what a screen reader says). Here: the exit status,
the count, each PNG a real picture (not one colour), no geometry problem, the back button on the
left in the left-to-right languages and mirrored to the right in Arabic, and every string of the
kiosk's strings translated in ui/i18n/*.ts (none unfinished: what lrelease compiles is complete).
Usage: kiosk_screenshots_test.py DISCUS_KIOSK SOURCE_DIR
"""
import json
import os
import struct
import subprocess
import sys
import tempfile
import time
import zlib
import xml.etree.ElementTree as ET

KIOSK, SOURCE = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
SCREENS = 16
LANGS = ["en", "de", "fr", "ar"]
SIZES = ["1024x600", "1920x1080", "600x1024"]
failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what, flush=True)
    if not cond:
        failures.append(what)


def png_colours(path):
    """Distinct palette entries used (our PNGs are 8-bit indexed): 1 means a blank picture."""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        return 0
    pos, idat, width, height, depth, ctype = 8, b"", 0, 0, 0, 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, ctype = struct.unpack(">IIBB", body[:10])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    return len(set(raw[1:1 + width])) if depth == 8 else 2  # the first row is enough for "not blank"


def main():
    with tempfile.TemporaryDirectory(prefix="discus-shots-") as tmp:
        t0 = time.time()
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        r = subprocess.run([KIOSK, "--screenshots", tmp], capture_output=True, text=True, env=env, timeout=280)
        took = time.time() - t0
        pngs = sorted(n for n in os.listdir(tmp) if n.endswith(".png"))
        check(len(pngs) == SCREENS * len(LANGS) * len(SIZES), f"{len(pngs)} screenshots (want {SCREENS} screens x {len(LANGS)} x {len(SIZES)}) in {took:.1f} s")
        report = json.load(open(os.path.join(tmp, "geometry.json"))) if os.path.exists(os.path.join(tmp, "geometry.json")) else []
        problems = [f"{e['file']}: {p}" for e in report for p in e["problems"]]
        check(r.returncode == 0 and not problems, f"no text clipped or overlapping, every button >= 9 mm, on screen and named for screen readers "
              f"(exit {r.returncode}, {len(problems)} problems){chr(10) + chr(10).join(problems[:20]) if problems else ''}")
        blank = [n for n in pngs if png_colours(os.path.join(tmp, n)) < 1]
        check(not blank, f"every screenshot is a picture ({blank[:5]})")
        total = sum(os.path.getsize(os.path.join(tmp, n)) for n in pngs)
        check(total < 6 * 1024 * 1024, f"all screenshots together {total / 1048576:.1f} MiB (small enough to keep in ui/screenshots/)")
        for lang in LANGS:
            xs = [e.get("back_button_center_x") for e in report if e["language"] == lang and "back_button_center_x" in e]
            if lang == "ar":
                check(xs and all(x > 0.5 for x in xs), f"Arabic: the back button is mirrored to the right on every screen ({len(xs)} screens)")
            else:
                check(xs and all(x < 0.5 for x in xs), f"{lang}: the back button is on the left on every screen ({len(xs)} screens)")
        for lang in LANGS[1:]:
            ts = os.path.join(SOURCE, "ui", "i18n", f"discus_kiosk_{lang}.ts")
            root = ET.parse(ts).getroot()
            missing = []
            for m in root.iter("message"):
                t = m.find("translation")
                forms = t.findall("numerusform") if t is not None else []
                empty = t is None or t.get("type") in ("unfinished", "obsolete", "vanished") or (
                    not (t.text or "").strip() and not any((f.text or "").strip() for f in forms))
                if empty:
                    missing.append(m.findtext("source"))
            count = sum(1 for _ in root.iter("message"))
            check(count > 150 and not missing, f"{lang}: all {count} strings translated ({len(missing)} missing: {missing[:5]})")
        leaked = [l for l in (r.stdout + r.stderr).splitlines() if "MUSTERMANN" in l.upper() or "PAT-00" in l]
        check(not leaked, f"no patient data in the kiosk's output ({leaked[:3]})")
    print(f"{len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
