#!/usr/bin/python3
"""Files are what they claim (issue 12, item 4): every command refuses a FIFO at once instead of
waiting for a writer; author lists FIFOs, sockets, devices and symbolic links in its report;
an output is never its input or inside it (compared by device and inode); sizes are parsed
without wrap-around and zero or absurd ones are usage errors.

Usage: files_test.py DISCUS_BINARY   (run by ctest; device nodes need root and are skipped otherwise)
"""
import hashlib
import json
import os
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
import unittest

import pydicom

DISCUS = None
CT = os.path.join(os.path.dirname(pydicom.__file__), "data", "test_files", "CT_small.dcm")
EXPLICIT = "1.2.840.10008.1.2.1"


def run(*args, timeout=20):
    return subprocess.run([DISCUS, *args], capture_output=True, timeout=timeout)


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def tree_hash(root):
    h = hashlib.sha256()
    for d, dirs, files in sorted(os.walk(root)):
        dirs.sort()
        for name in sorted(files):
            p = os.path.join(d, name)
            h.update(os.path.relpath(p, root).encode() + b"\0" + sha256(p).encode())
    return h.hexdigest()


class FilesTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="discus-files-test-")
        self.fifo = os.path.join(self.tmp, "pipe.dcm")
        os.mkfifo(self.fifo)

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def path(self, name):
        return os.path.join(self.tmp, name)

    def test_fifo_is_refused_by_every_reading_command(self):
        cases = [("dump", self.fifo), ("validate", self.fifo), ("render", self.fifo, self.path("r.png")),
                 ("transcode", "--ts", EXPLICIT, self.fifo, self.path("t.dcm")), ("dir", self.fifo)]
        for args in cases:
            with self.subTest(command=args[0]):
                r = run(*args, timeout=10)  # before the fix: waits for a writer forever
                self.assertNotEqual(r.returncode, 0)
                text = (r.stdout + r.stderr).decode(errors="replace")
                self.assertIn("pipe.dcm", text)
                self.assertIn("FIFO", text)

    def test_fifo_socket_device_and_symlink_in_an_author_folder_are_reported(self):
        src = self.path("in")
        os.makedirs(src)
        shutil.copy(CT, os.path.join(src, "ct.dcm"))
        os.mkfifo(os.path.join(src, "fifo"))
        os.symlink(CT, os.path.join(src, "link.dcm"))
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(os.path.join(src, "sock"))
        expected = {"fifo": "FIFO", "link.dcm": "symbolic link", "sock": "socket"}
        if os.geteuid() == 0:
            os.mknod(os.path.join(src, "null"), 0o600 | stat.S_IFCHR, os.makedev(1, 3))
            expected["null"] = "character device"
        try:
            out = self.path("out")
            r = run("author", "--profile", "STD-GEN-CD", "--out", out, src, timeout=60)
        finally:
            sock.close()
        self.assertEqual(r.returncode, 0, r.stderr.decode(errors="replace"))
        with open(out + ".report.json") as f:
            report = json.load(f)
        by_name = {os.path.basename(e["source"]): e for e in report["files"]}
        self.assertEqual(len(report["files"]), 1 + len(expected), report["files"])
        for name, kind in expected.items():
            with self.subTest(entry=name):
                self.assertIn(name, by_name)
                self.assertIn(by_name[name]["outcome"], ("not-dicom", "unreadable"))
                self.assertIn(kind, by_name[name].get("reason", ""))
        self.assertNotIn(by_name["ct.dcm"]["outcome"], ("not-dicom", "unreadable"))

    def test_output_same_as_input_or_inside_it_is_refused(self):
        pw = self.path("pw")
        with open(pw, "w") as f:
            f.write("correct horse battery staple\n")
        plain = self.path("ct.dcm")
        shutil.copy(CT, plain)
        before = sha256(plain)
        for args in (("encrypt", "--password-file", pw, plain, plain),
                     ("encrypt", "--password-file", pw, plain, os.path.join(self.tmp, ".", "ct.dcm")),
                     ("decrypt", "--password-file", pw, plain, plain)):
            with self.subTest(args=args[0]):
                r = run(*args)
                self.assertNotEqual(r.returncode, 0)
                self.assertIn("input", r.stderr.decode(errors="replace"))
                self.assertEqual(sha256(plain), before)
        # A hard link is the same file under another name.
        os.link(plain, self.path("hard.dcm"))
        self.assertNotEqual(run("encrypt", "--password-file", pw, plain, self.path("hard.dcm")).returncode, 0)
        self.assertEqual(sha256(plain), before)
        # An enveloped file decrypted onto itself.
        env = self.path("ct.p7m")
        self.assertEqual(run("encrypt", "--password-file", pw, plain, env).returncode, 0)
        env_hash = sha256(env)
        self.assertNotEqual(run("decrypt", "--password-file", pw, env, env).returncode, 0)
        self.assertEqual(sha256(env), env_hash)
        # An image written into the file-set it is made of.
        fs_dir = self.path("fs")
        self.assertEqual(run("author", "--profile", "STD-GEN-CD", "--out", fs_dir, CT, timeout=60).returncode, 0)
        fs_hash = tree_hash(fs_dir)
        r = run("iso", fs_dir, os.path.join(fs_dir, "x.iso"), timeout=60)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("inside", r.stderr.decode(errors="replace"))
        self.assertFalse(os.path.exists(os.path.join(fs_dir, "x.iso")))
        self.assertEqual(tree_hash(fs_dir), fs_hash)
        # transcode: an output folder inside an input folder.
        r = run("transcode", "--ts", EXPLICIT, "--out-dir", os.path.join(fs_dir, "t"), fs_dir, timeout=60)
        self.assertNotEqual(r.returncode, 0)
        self.assertEqual(tree_hash(fs_dir), fs_hash)

    def test_sizes_wrap_around_zero_and_absurd_are_usage_errors(self):
        fs_dir = self.path("fs")
        self.assertEqual(run("author", "--profile", "STD-GEN-CD", "--out", fs_dir, CT, timeout=60).returncode, 0)
        img = self.path("u.img")
        for size in ("17592186044480M", "99999999999999999999999", "0", "0M", "17T", "16TB0", "-1", "M"):
            with self.subTest(size=size):
                r = run("usb", "--image-size", size, fs_dir, img)
                self.assertEqual(r.returncode, 2, r.stderr)
                self.assertIn("--image-size", r.stderr.decode())
                self.assertFalse(os.path.exists(img))
        for cap in ("0", "0K", "17592186044480M", "20T"):
            with self.subTest(capacity=cap):
                r = run("span", "--profile", "STD-GEN-CD", "--capacity", cap, "--out", self.path("span"), CT)
                self.assertEqual(r.returncode, 2, r.stderr)
                self.assertIn("--capacity", r.stderr.decode())
                self.assertFalse(os.path.exists(self.path("span")))


class FreeSpaceTest(unittest.TestCase):
    """Free space (issue 12, item 4): a job the target cannot hold is refused before it starts,
    naming what it needs, what is available and where; a disk that fills during the job stops it
    with an error naming the file, and nothing finished-looking (nor any temporary) is left.
    The target is a small tmpfs mounted here (root only; skipped when the mount fails)."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="discus-space-test-")
        cls.src = os.path.join(cls.tmp, "in")
        os.makedirs(cls.src)
        import pydicom.uid
        ds = pydicom.dcmread(CT)
        for k in range(40):  # ~1.6 MB of inputs, unique instances
            ds.SOPInstanceUID = pydicom.uid.generate_uid()
            ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
            ds.save_as(os.path.join(cls.src, f"ct{k:02d}.dcm"))
        cls.pw = os.path.join(cls.tmp, "pw")
        with open(cls.pw, "w") as f:
            f.write("correct horse battery staple\n")
        cls.fs = os.path.join(cls.tmp, "fs")
        r = run("author", "--profile", "STD-GEN-CD", "--out", cls.fs, cls.src, timeout=120)
        assert r.returncode == 0, r.stderr
        cls.enc = os.path.join(cls.tmp, "enc")
        r = run("encrypt", "--password-file", cls.pw, cls.fs, cls.enc, timeout=120)
        assert r.returncode == 0, r.stderr
        cls.mnt = os.path.join(cls.tmp, "small")
        os.makedirs(cls.mnt)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def mount(self, size):
        if os.geteuid() != 0:
            self.skipTest("mounting a tmpfs needs root")
        r = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", self.mnt], capture_output=True)
        if r.returncode != 0:
            self.skipTest(f"cannot mount a tmpfs: {r.stderr.decode(errors='replace').strip()}")
        self.addCleanup(subprocess.run, ["umount", "-l", self.mnt], capture_output=True)

    def jobs(self):
        m = lambda n: os.path.join(self.mnt, n)  # noqa: E731
        return [
            ("author", ["author", "--profile", "STD-GEN-CD", "--out", m("out"), self.src], m("out")),
            ("span", ["span", "--profile", "STD-GEN-CD", "--out", m("span"), self.src], m("span")),
            ("transcode", ["transcode", "--ts", EXPLICIT, "--out-dir", m("tr"), self.src], m("tr")),
            ("iso", ["iso", self.fs, m("x.iso")], m("x.iso")),
            ("usb", ["usb", "--image-size", "64M", self.fs, m("x.img")], m("x.img")),
            ("encrypt", ["encrypt", "--password-file", self.pw, self.fs, m("enc")], m("enc")),
            ("decrypt", ["decrypt", "--password-file", self.pw, self.enc, m("dec")], m("dec")),
        ]

    def leftovers(self):
        found = []
        for d, _, files in os.walk(self.mnt):
            found += [os.path.join(d, f) for f in files if ".discus-tmp-" in f]
            found += [d] if d.endswith(".partial") or d.endswith("DISCUS.PAR") else []
        return found

    def test_free_space_checked_before_a_job(self):
        self.mount("1M")
        for name, args, target in self.jobs():
            with self.subTest(job=name):
                r = run(*args, timeout=120)
                err = r.stderr.decode(errors="replace")
                self.assertEqual(r.returncode, 1, err)
                self.assertIn("not enough free space", err)
                self.assertIn(self.mnt, err)
                self.assertRegex(err, r"needs about [0-9.]+ MB, [0-9.]+ MB available")
                self.assertFalse(os.path.exists(target), f"{name}: nothing at the target")
                self.assertEqual(self.leftovers(), [])

    def test_disk_full_during_a_job_stops_cleanly(self):
        # The check is what would refuse these; without it the disk fills during the job.
        self.mount("1M")
        env = dict(os.environ, DISCUS_FREE_SPACE_CHECK="0")
        for name, args, target in self.jobs():
            with self.subTest(job=name):
                r = subprocess.run([DISCUS, *args], capture_output=True, timeout=120, env=env)
                err = r.stderr.decode(errors="replace")
                self.assertEqual(r.returncode, 1, err)
                self.assertRegex(err, "the disk is full|No space left on device")
                self.assertIn(self.mnt, err)  # names the file it was writing
                if name == "transcode":  # per file: the outputs made before the disk filled are whole
                    for d, _, files in os.walk(target):
                        for f in files:
                            self.assertEqual(run("dump", "--quiet", os.path.join(d, f)).returncode, 0, f)
                else:
                    self.assertFalse(os.path.exists(target), f"{name}: nothing at the target: {os.listdir(self.mnt)}")
                self.assertEqual(self.leftovers(), [])
                shutil.rmtree(target, ignore_errors=True)


if __name__ == "__main__":
    DISCUS = sys.argv.pop(1)
    unittest.main(verbosity=2)
