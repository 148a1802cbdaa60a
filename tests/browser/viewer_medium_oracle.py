#!/usr/bin/env python3
"""The disc viewer on a medium, judged by tools no one here wrote (issue 19 "Must show").

A CD authored from pydicom's CT (and MR, CR) files with the viewer (the default):
  - dciodvfy: 0 errors on the DICOMDIR; dcentvfy: 0 errors on the file-set;
  - pydicom's FileSet reads every instance, and the DICOMDIR references no viewer file;
  - the DICOM files are byte for byte those of the same CD made with --no-viewer;
  - VIEWER/DATA/INDEX.JS names every File ID the DICOMDIR names;
  - `discus verify --iso` passes; in the ISO (isoinfo) every name is ISO 9660 level 1 (8.3,
    upper case, no Joliet or Rock Ridge), VIEWER/INDEX.HTM and AUTORUN.INF included;
  - README.TXT says how to open VIEWER\\INDEX.HTM; AUTORUN.INF has shellexecute=VIEWER\\INDEX.HTM.
With --web-content (IHE PDI Web Content option, the CD above carries it): INDEX.HTM in the root
and IHE_PDI/ hold well-formed XHTML with no active content (no script, objects, frames, event
attributes or outside links), every link and picture resolves on the medium, the JPEG renderings
decode in dcmtk (img2dcm + dcmj2pnm) at the size the pages give, every study has a page, README.TXT
names INDEX.HTM; refused on a secure profile; without the viewer INDEX.HTM does not link to it.
`discus update` refreshes the viewer's index and the web content. --no-viewer: no VIEWER/, no AUTORUN.INF, no viewer
section. A USB profile: the viewer, no AUTORUN.INF.
    viewer_medium_oracle.py DISCUS
"""
import filecmp
import glob
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

DISCUS = sys.argv[1]
PYDICOM = "/usr/lib/python3/dist-packages/pydicom/data/test_files"
INPUTS = [f"{PYDICOM}/CT_small.dcm", f"{PYDICOM}/MR_small.dcm", f"{PYDICOM}/dicomdirtests/77654033"]
failures = 0
passes = 0


def check(ok, what):
    global failures, passes
    if ok:
        passes += 1
        print(f"ok: {what}")
    else:
        failures += 1
        print(f"FAILED: {what}")


def run(*args):
    return subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def author(tmp, name, *extra, profile="STD-GEN-CD"):
    out = os.path.join(tmp, name)
    r = run(DISCUS, "--quiet", "author", "--profile", profile, "--institution", "Viewer oracle", "--out", out, *extra, *INPUTS)
    check(r.returncode == 0, f"author {name} ({profile} {' '.join(extra)}): exit {r.returncode}"
                             + ("" if r.returncode == 0 else " " + r.stderr.decode()[-300:]))
    return out


XHTML = "{http://www.w3.org/1999/xhtml}"
ACTIVE = {"script", "object", "embed", "iframe", "frame", "frameset", "applet", "form", "input", "button", "link", "meta"}


def web_content(tmp, cd, studies):
    pages = [os.path.join(cd, "INDEX.HTM")] + sorted(glob.glob(os.path.join(cd, "IHE_PDI", "*.HTM")))
    check(os.path.isfile(pages[0]) and len(pages) > 1, f"web content: INDEX.HTM and {len(pages) - 1} pages in IHE_PDI/")
    others = [p for p in glob.glob(os.path.join(cd, "IHE_PDI", "**"), recursive=True)
              if os.path.isfile(p) and not re.search(r"\.(HTM|JPG)$", p)]
    check(not others, f"IHE_PDI/ holds only pages and JPEG pictures ({others[:3]})")
    bad, links, pictures = [], 0, {}
    for page in pages:
        try:
            root = ET.parse(page).getroot()  # well-formed XML (XHTML 1.0)
        except ET.ParseError as e:
            bad.append(f"{page}: {e}")
            continue
        for el in root.iter():
            tag = el.tag.replace(XHTML, "")
            if tag in ACTIVE and not (tag == "meta" and el.get("http-equiv") == "Content-Type"):
                bad.append(f"{page}: <{tag}>")
            for k, v in el.attrib.items():
                if k.lower().startswith("on") or "javascript:" in v.lower():
                    bad.append(f"{page}: {k}={v}")
            ref = el.get("href") or el.get("src")
            if ref is None:
                continue
            links += 1
            if ":" in ref or ref.startswith("/"):
                bad.append(f"{page}: outside link {ref}")
            target = os.path.normpath(os.path.join(os.path.dirname(page), ref))
            if not os.path.isfile(target):
                bad.append(f"{page}: {ref} does not resolve")
            if tag == "img" and os.path.basename(page).startswith("SE"):  # series pages show them at full size
                pictures[target] = (int(el.get("width")), int(el.get("height")))
    check(not bad and links > 10, f"web pages: well-formed XHTML, no active content, {links} relative links all resolve ({bad[:4]})")
    jpegs = sorted(glob.glob(os.path.join(cd, "IHE_PDI", "*", "*.JPG")))
    check(jpegs and set(jpegs) <= set(pictures), f"{len(jpegs)} JPEG renderings, each shown by a page")
    decoded = 0
    for j in jpegs[:4]:
        d, pnm = os.path.join(tmp, "j.dcm"), os.path.join(tmp, "j.pgm")
        r1 = run("img2dcm", j, d)
        r2 = run("dcmj2pnm", d, pnm) if r1.returncode == 0 else r1
        if r2.returncode == 0:
            head = open(pnm, "rb").read(64).split()
            w, h = int(head[1]), int(head[2])
            if pictures.get(j) == (w, h):
                decoded += 1
    check(decoded == min(4, len(jpegs)), f"dcmtk (img2dcm + dcmj2pnm) decodes the JPEG renderings at the size the pages give ({decoded})")
    index = open(pages[0], encoding="utf-8").read()
    titles = [ET.parse(p).getroot().find(f"{XHTML}head/{XHTML}title").text for p in glob.glob(os.path.join(cd, "IHE_PDI", "ST*.HTM"))]
    check(len(titles) == len(studies) and "VIEWER/INDEX.HTM" in index, f"a page per study ({len(titles)} of {len(studies)}); INDEX.HTM links to the viewer")
    readme = open(os.path.join(cd, "README.TXT"), encoding="ascii").read()
    check("INDEX.HTM in its top folder" in readme and "DICOM PLUS WEB" in readme, "README.TXT says how to open INDEX.HTM (DICOM PLUS WEB)")
    pw = os.path.join(tmp, "pw.txt")
    open(pw, "w").write("correct horse battery staple\n")
    os.chmod(pw, 0o600)
    r = run(DISCUS, "--quiet", "author", "--profile", "STD-GEN-SEC-CD", "--password-file", pw, "--web-content", "--out",
            os.path.join(tmp, "SECWEB"), *INPUTS)
    check(r.returncode != 0 and b"in clear" in r.stderr and not os.path.exists(os.path.join(tmp, "SECWEB")),
          f"--web-content on a secure profile is refused: exit {r.returncode} {r.stderr.decode()[-160:]}")
    nv = author(tmp, "NOVIEWERWEB", "--no-viewer", "--web-content")
    text = open(os.path.join(nv, "INDEX.HTM"), encoding="utf-8").read()
    check("VIEWER" not in text and not os.path.exists(os.path.join(nv, "VIEWER")), "--no-viewer --web-content: INDEX.HTM without a viewer link")


def main():
    import pydicom
    from pydicom.fileset import FileSet

    tmp = tempfile.mkdtemp(prefix="viewer-oracle-")
    try:
        iso = os.path.join(tmp, "cd.iso")
        cd = author(tmp, "CD", "--iso", iso, "--web-content")
        plain = author(tmp, "PLAIN", "--no-viewer")
        usb = author(tmp, "USB", profile="STD-GEN-USB-JPEG")

        for f in ("VIEWER/INDEX.HTM", "VIEWER/APP.JS", "VIEWER/APP.CSS", "VIEWER/DATA/INDEX.JS", "AUTORUN.INF"):
            check(os.path.isfile(os.path.join(cd, f)), f"the CD holds {f}")
        size = sum(os.path.getsize(p) for p in glob.glob(os.path.join(cd, "VIEWER", "*")) if os.path.isfile(p))
        check(size < 4 * 1024 * 1024, f"the viewer's code is {size // 1024} KiB (< 4 MB)")

        dicomdir = os.path.join(cd, "DICOMDIR")
        r = run("dciodvfy", dicomdir)
        errors = [l for l in (r.stdout + r.stderr).decode(errors="replace").splitlines() if l.startswith("Error")]
        check(not errors, f"dciodvfy: 0 errors on the DICOMDIR ({errors[:3]})")
        written = sorted(p for p in glob.glob(os.path.join(cd, "DICOM", "**"), recursive=True) if os.path.isfile(p))
        r = run("dcentvfy", *written)
        errors = [l for l in (r.stdout + r.stderr).decode(errors="replace").splitlines() if l.startswith("Error")]
        check(not errors, f"dcentvfy: 0 errors on the file-set's {len(written)} files ({errors[:3]})")

        fs = FileSet(pydicom.dcmread(dicomdir))
        paths = []
        for inst in fs:
            inst.load()
            paths.append(os.path.relpath(inst.path, cd).replace(os.sep, "/"))
        check(len(paths) == len(written), f"pydicom's FileSet reads every instance ({len(paths)} of {len(written)})")
        check(not any(p.upper().startswith(("VIEWER", "IHE_PDI")) for p in paths), "the DICOMDIR references no viewer or web file (PS3.10 8.6)")
        web_content(tmp, cd, {inst.StudyInstanceUID for inst in fs})

        same = all(filecmp.cmp(p, os.path.join(plain, os.path.relpath(p, cd)), shallow=False) for p in written)
        check(same, "the DICOM files are byte for byte those of the --no-viewer medium")

        text = open(os.path.join(cd, "VIEWER", "DATA", "INDEX.JS"), encoding="ascii").read()
        m = re.match(r"window\.DISCUS_MEDIUM=(.*);\n$", text, re.S)
        check(m is not None, "INDEX.JS is one classic-script assignment (window.DISCUS_MEDIUM=...)")
        index = json.loads(m.group(1)) if m else {"patients": []}
        ids = {i["fileId"] for p in index["patients"] for s in p["studies"] for se in s["series"] for i in se["instances"]}
        check(ids == set(paths), f"INDEX.JS names every File ID of the DICOMDIR ({len(ids)} of {len(paths)})")
        studies = {s["uid"] for p in index["patients"] for s in p["studies"]}
        check(studies == {inst.StudyInstanceUID for inst in fs}, f"INDEX.JS lists every study ({len(studies)})")

        readme = open(os.path.join(cd, "README.TXT"), encoding="ascii").read()
        check("VIEWER\\INDEX.HTM" in readme and "Viewer on this medium" in readme, "README.TXT says how to open VIEWER\\INDEX.HTM")
        autorun = open(os.path.join(cd, "AUTORUN.INF"), encoding="ascii").read()
        check("shellexecute=VIEWER\\INDEX.HTM" in autorun, "AUTORUN.INF: shellexecute=VIEWER\\INDEX.HTM")

        r = run(DISCUS, "verify", "--iso", iso)
        check(r.returncode == 0 and b"VERIFIED" in r.stdout, f"discus verify --iso: exit {r.returncode} {r.stdout.decode()[-200:]}")
        r = run("isoinfo", "-d", "-i", iso)
        info = r.stdout.decode(errors="replace")
        check("NO Joliet present" in info and "NO Rock Ridge present" in info, "the ISO has no Joliet or Rock Ridge names")
        r = run("isoinfo", "-f", "-i", iso)
        names = [l.strip() for l in r.stdout.decode(errors="replace").splitlines() if l.strip()]
        bad = []
        for n in names:
            parts = n.strip("/").split("/")
            for k, comp in enumerate(parts):
                last = k == len(parts) - 1
                base = comp.split(";")[0]
                ok = re.fullmatch(r"[A-Z0-9_]{1,8}(\.[A-Z0-9_]{0,3})?", base) if last else re.fullmatch(r"[A-Z0-9_]{1,8}", base)
                if not ok:
                    bad.append(n)
            if len(parts) > 8:
                bad.append(n)
        check(not bad and len(names) > 10, f"every name in the ISO is level 1 ({len(names)} entries; bad: {bad[:5]})")
        upper = {n.split(";")[0] for n in names}
        check({"/VIEWER/INDEX.HTM", "/VIEWER/APP.JS", "/AUTORUN.INF", "/VIEWER/DATA/INDEX.JS", "/INDEX.HTM", "/IHE_PDI/ST0001.HTM"} <= upper,
              "the ISO holds /VIEWER/INDEX.HTM, APP.JS, DATA/INDEX.JS, /AUTORUN.INF, /INDEX.HTM and /IHE_PDI/")

        # discus update on a medium with the viewer: the index follows the new DICOMDIR.
        upd = author(tmp, "UPD", "--web-content")
        r = run(DISCUS, "--quiet", "update", "--profile", "STD-GEN-CD", upd, f"{PYDICOM}/JPEG2000.dcm")
        check(r.returncode == 0, f"update adds a study to the medium with the viewer: exit {r.returncode} {r.stderr.decode()[-300:]}")
        text = open(os.path.join(upd, "VIEWER", "DATA", "INDEX.JS"), encoding="ascii").read()
        index = json.loads(re.match(r"window\.DISCUS_MEDIUM=(.*);\n$", text, re.S).group(1))
        updated = {inst.StudyInstanceUID for inst in FileSet(pydicom.dcmread(os.path.join(upd, "DICOMDIR")))}
        listed = {s["uid"] for p in index["patients"] for s in p["studies"]}
        check(listed == updated and len(updated) == 5, f"after update INDEX.JS lists the new study too ({len(listed)} of {len(updated)})")
        check("Viewer on this medium" in open(os.path.join(upd, "README.TXT"), encoding="ascii").read(), "after update README.TXT still says how to open the viewer")
        pages = glob.glob(os.path.join(upd, "IHE_PDI", "ST*.HTM"))
        home = open(os.path.join(upd, "INDEX.HTM"), encoding="utf-8").read()
        check(len(pages) == 5 and home.count('href="IHE_PDI/ST') == 5 and "Web pages on this medium" in open(os.path.join(upd, "README.TXT"), encoding="ascii").read(),
              f"after update the web content lists the new study too ({len(pages)} study pages)")
        r = run(DISCUS, "verify", "--dir", upd)
        check(r.returncode == 0, f"after update verify --dir passes (SHA256.TXT has the new index): {r.stdout.decode()[-200:]}")

        check(not os.path.exists(os.path.join(plain, "VIEWER")) and not os.path.exists(os.path.join(plain, "AUTORUN.INF")),
              "--no-viewer: no VIEWER/ and no AUTORUN.INF")
        check("Viewer on this medium" not in open(os.path.join(plain, "README.TXT"), encoding="ascii").read(),
              "--no-viewer: README.TXT has no viewer section")
        check(os.path.isfile(os.path.join(usb, "VIEWER", "INDEX.HTM")) and not os.path.exists(os.path.join(usb, "AUTORUN.INF")),
              "a USB profile: the viewer, but no AUTORUN.INF (Windows ignores it on sticks)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"{passes} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
