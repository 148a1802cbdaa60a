"""Shared by the media oracles (iso_oracle, udf_oracle): failures collected rather than raised, so
one run reports every fault; subprocess, hashing and tree-listing helpers; pydicom's test files."""
import hashlib
import os
import subprocess

from pydicom_corpus import DATA

FAILURES = []


def fail(msg):
    FAILURES.append(msg)
    print("FAIL:", msg)


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def sha(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def tree(root):
    """{relative path with '/': absolute path} of every file below root."""
    out = {}
    for dirpath, _, names in os.walk(root):
        for n in names:
            p = os.path.join(dirpath, n)
            out[os.path.relpath(p, root).replace(os.sep, "/")] = p
    return out


def test_files(names):
    """The named files of pydicom's test_files that this pydicom ships."""
    paths = (os.path.join(DATA, "test_files", n) for n in names)
    return [p for p in paths if os.path.exists(p)]


def check_pydicom(extracted, instances):
    """pydicom's FileSet reads the DICOMDIR extracted from an image and finds every instance."""
    import pydicom
    from pydicom.fileset import FileSet
    fs = FileSet(pydicom.dcmread(os.path.join(extracted, "DICOMDIR")))
    if len(fs) != instances:
        fail(f"pydicom FileSet on the extracted DICOMDIR lists {len(fs)} instances, expected {instances}")
    for inst in fs:
        if pydicom.dcmread(inst.path).SOPInstanceUID != inst.SOPInstanceUID:
            fail(f"{inst.path}: SOP Instance UID differs from its record")


def flip_in_image(img, fileset, rel, out_img):
    """Copies the image to out_img with one byte flipped inside the content of file `rel`."""
    with open(os.path.join(fileset, rel), "rb") as f:
        content = f.read()
    with open(img, "rb") as f:
        data = bytearray(f.read())
    at = data.find(content[:4096])
    if at < 0:
        fail(f"cannot find {rel} in {img}")
        return False
    data[at + len(content) - 3] ^= 0x5A
    with open(out_img, "wb") as f:
        f.write(data)
    return True
