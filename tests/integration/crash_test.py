#!/usr/bin/env python3
"""Crash-only secure media (issue 12, items 1 and 6): kill a secure `author` and a `decrypt`
mid-run, look for plaintext left behind, rerun, and require success and no leftovers.

Usage: crash_test.py DISCUS [secure|commands|commands-full|all] [NAME-PART]

* A secure author (STD-GEN-SEC-CD) over a few dozen pydicom test files, re-labelled with a
  random patient name, is SIGKILLed at 10 moments spread over its measured duration. After each
  kill, no new file in /dev/shm, /tmp or the output's parent may hold the patient name or be a
  plain Part 10 file ("DICM" at offset 128) - except inside the killed process's own private
  staging folder (/dev/shm/discus-secure-PID-*, mode 0700: SIGKILL cannot be caught, so it
  outlives the process until the next run's sweep). The rerun must exit 0 and leave nothing:
  not that folder, not a "*.partial", not a "*.discus-tmp-*".
* The same author ended by SIGTERM and by SIGHUP: it must end with that signal's status and
  leave no plaintext at all, not even in /dev/shm.
* `decrypt` of the secure file-set, SIGKILLed at a few moments and SIGTERMed once: every
  temporary it leaves is mode 0600, and the rerun exits 0 and leaves no temporary or partial.
* Every long command (issue 12 item 6: author plain and secure, update, span, transcode
  --out-dir, encrypt and decrypt of a file-set, iso, usb to an image and to a stick folder) is
  SIGKILLed at fractions of its measured duration and once after its first outputs appear (N
  files staged, its temporary or staging created). Then: no plaintext (the patient name, or
  "DICM" at offset 128) in /dev/shm, /tmp or the output's parent outside the output's own
  private staging (0700) or temporaries (0600) - and none at all outside the private staging for
  the secure ones; nothing finished-looking at the target unless it is complete (same files as a
  whole run; an update's DICOMDIR is the old or the new one; a transcoded file is whole; a stick
  holds no DICOMDIR until complete); and the same command run again exits 0, leaves a complete
  output and no temporary, staging or (update) unreferenced file.
The inputs live in the test's own temporary folder, which the search excludes.
"""
import os
import random
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time

import warnings

import pydicom
import pydicom.uid

warnings.simplefilter("ignore")

PYDICOM_FILES = "/usr/lib/python3/dist-packages/pydicom/data/test_files"
PASSWORD = "correct horse battery staple"
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what, flush=True)


def make_inputs(discus, folder, marker):
    """pydicom's test files, re-labelled with `marker`, kept when a plain author accepts them."""
    os.makedirs(folder)
    probe = os.path.join(os.path.dirname(folder), "probe")
    for name in sorted(os.listdir(PYDICOM_FILES)):
        if not name.endswith(".dcm"):
            continue
        try:
            ds = pydicom.dcmread(os.path.join(PYDICOM_FILES, name))
            if "SOPInstanceUID" not in ds or "PixelData" not in ds:
                continue
            # One patient (consistent demographics), a unique instance per file.
            ds.PatientName = marker
            ds.PatientID = "CRASH1"
            ds.PatientSex = "O"
            ds.PatientBirthDate = "19700101"
            ds.SOPInstanceUID = pydicom.uid.generate_uid()
            ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
            path = os.path.join(folder, name)
            ds.save_as(path, write_like_original=False)
            # Two more copies as other instances: a run long enough to be killed in its middle.
            for copy in (1, 2):
                ds.SOPInstanceUID = pydicom.uid.generate_uid()
                ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
                ds.save_as(os.path.join(folder, f"copy{copy}_{name}"), write_like_original=False)
        except Exception:
            continue
        shutil.rmtree(probe, ignore_errors=True)
        r = subprocess.run([discus, "author", "--profile", "STD-GEN-CD", "--out", probe, path],
                           capture_output=True, text=True)
        if r.returncode != 0:
            for n in (name, f"copy1_{name}", f"copy2_{name}"):
                os.unlink(os.path.join(folder, n))
    shutil.rmtree(probe, ignore_errors=True)
    # A file accepted alone may still be refused among the others: drop what the whole run refuses.
    for _ in range(3):
        r = subprocess.run([discus, "author", "--profile", "STD-GEN-CD", "--out", probe, folder], capture_output=True, text=True)
        shutil.rmtree(probe, ignore_errors=True)
        if r.returncode == 0:
            break
        for line in r.stderr.splitlines():
            for n in os.listdir(folder):
                if os.path.join(folder, n) + ":" in line:
                    os.unlink(os.path.join(folder, n))
    return len(os.listdir(folder))


def plaintext_files(roots, exclude, marker, since):
    """Files changed since `since` under `roots` that hold `marker` or are plain Part 10."""
    found = {}
    needle = marker.encode()
    for root in roots:
        for dirpath, dirnames, filenames in os.walk(root):
            if os.path.abspath(dirpath).startswith(exclude):
                dirnames[:] = []
                continue
            for f in filenames:
                p = os.path.join(dirpath, f)
                try:
                    st = os.lstat(p)
                    if not stat.S_ISREG(st.st_mode) or st.st_mtime < since or st.st_size > (256 << 20):
                        continue
                    with open(p, "rb") as fh:
                        data = fh.read()
                except OSError:
                    continue  # gone meanwhile, or not ours to read
                if needle in data or data[128:132] == b"DICM":
                    found[p] = needle in data
    return found


def ours(found, pid, tmp):
    """The files of `found` that are ours: any holding our patient name, and plain Part 10 files
    in our folder or named with our PID (other jobs share /tmp and /dev/shm)."""
    return {p: m for p, m in found.items() if m or p.startswith(tmp) or f"-{pid}-" in p}


def leftovers(parent, pid):
    left = [os.path.join(parent, n) for n in os.listdir(parent) if ".partial" in n or ".discus-tmp-" in n]
    left += [os.path.join("/dev/shm", n) for n in os.listdir("/dev/shm") if n.startswith(f"discus-secure-{pid}-")]
    return left


def main():
    discus = os.path.abspath(sys.argv[1])
    # secure: the secure author and decrypt; commands: every long command killed after its first
    # outputs; commands-full: also at four moments of its duration (slow); all: secure and
    # commands-full.
    part = sys.argv[2] if len(sys.argv) > 2 else "all"
    marker = "CRASHTEST^SECRET%08d" % random.randrange(10 ** 8)
    tmp = tempfile.mkdtemp(prefix="discus-crash-")
    try:
        inputs = os.path.join(tmp, "in")
        kept = make_inputs(discus, inputs, marker)
        print(f"{kept} input files accepted by author", flush=True)
        check(kept >= 60, f"at least 60 inputs from pydicom test files are accepted (got {kept})")
        pw = os.path.join(tmp, "in", "..", "pw.txt")
        with open(pw, "w") as f:
            f.write(PASSWORD + "\n")
        os.chmod(pw, 0o600)
        if part in ("commands", "commands-full", "all"):
            every_long_command(discus, tmp, inputs, pw, marker, full=part != "commands")
        if part in ("secure", "all"):
            secure_author_and_decrypt(discus, tmp, inputs, pw, marker, kept)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    if failures:
        print(f"{len(failures)} failure(s)")
        return 1
    print("crash_test: all checks passed")
    return 0


# ---- Every long command killed at several moments (issue 12 item 6)

EXPLICIT_LE = "1.2.840.10008.1.2.1"
FRACTIONS = (0.1, 0.35, 0.65, 0.9)  # kill moments, as fractions of the command's measured duration


def files_under(root):
    for dirpath, _, filenames in os.walk(root):
        for f in filenames:
            yield os.path.join(dirpath, f)


def listing(root):
    """Relative paths of the files under `root` (a file: its own name)."""
    if os.path.isfile(root):
        return {os.path.basename(root)}
    return {os.path.relpath(p, root) for p in files_under(root)}


def count_files(root):
    return sum(len(f) for _, _, f in os.walk(root))


def kill_at(cmd, when):
    """Starts `cmd` and SIGKILLs it `when` seconds later, or as soon as `when(pid)` is true
    (polled every 2 ms). Returns (pid, returncode, start time for mtime searches, seconds)."""
    start = time.time() - 1  # mtime granularity
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    t0 = time.monotonic()
    if callable(when):
        while p.poll() is None and time.monotonic() - t0 < 60 and not when(p.pid):
            time.sleep(0.002)
    else:
        time.sleep(when)
    if p.poll() is None:
        p.kill()
    p.wait(timeout=120)
    return p.pid, p.returncode, start, time.monotonic() - t0


def dicomdir_references(root):
    """The files a DICOMDIR under `root` references (relative paths), or None when it has none."""
    path = os.path.join(root, "DICOMDIR")
    if not os.path.exists(path):
        return None
    ds = pydicom.dcmread(path)
    refs = set()
    for rec in ds.DirectoryRecordSequence:
        if "ReferencedFileID" in rec:
            v = rec.ReferencedFileID
            refs.add(os.path.join(*([v] if isinstance(v, str) else list(v))))
    return refs


class Command:
    """One long command under test: how to run it, where its output appears, what complete is."""

    def __init__(self, name, cmd, target, kind, secret=False, prepare=None, trigger=None):
        self.name, self.cmd, self.target, self.kind, self.secret = name, cmd, target, kind, secret
        self.prepare = prepare or (lambda: None)
        self.trigger = trigger  # (label, when(pid)) for a kill after N outputs appear
        self.reference = None   # the listing of a complete output

    def clear(self):
        """Removes the target (and its reports) so the command can start afresh."""
        t = self.target
        if self.kind == "stick":
            for n in os.listdir(t):
                p = os.path.join(t, n)
                shutil.rmtree(p) if os.path.isdir(p) else os.unlink(p)
            return
        parent, base = os.path.split(t)
        for n in os.listdir(parent):
            if n == base or n.startswith(base + "."):
                p = os.path.join(parent, n)
                shutil.rmtree(p) if os.path.isdir(p) and not os.path.islink(p) else os.unlink(p)

    def finished(self):
        """(True, "") when the target holds a complete output, else (False, why)."""
        t = self.target
        got = listing(t)
        if self.kind == "update":
            refs = dicomdir_references(t)
            missing = sorted(r for r in refs or () if not os.path.exists(os.path.join(t, r)))
            if refs is None or missing:
                return False, f"DICOMDIR missing or references missing files {missing[:3]}"
            if refs not in (self.reference_before, self.reference):
                return False, f"DICOMDIR references {len(refs)} files, neither the old ({len(self.reference_before)}) nor the new ({len(self.reference)}) set"
            return True, ""
        if got != self.reference:
            return False, f"{len(got)} files, the complete output has {len(self.reference)}: e.g. {sorted(got ^ self.reference)[:3]}"
        if self.kind == "image":
            with open(t, "rb") as f:
                f.seek(510)
                if f.read(2) != b"\x55\xaa":
                    return False, "no boot sector signature"
        return True, ""


def every_long_command(discus, tmp, inputs, pw, marker, full):
    """author (plain and secure), update, span, transcode --out-dir, encrypt and decrypt of a
    file-set, iso and usb (image and folder), each SIGKILLed at FRACTIONS of its duration and once
    after its first outputs appear; then the leftovers are checked and the command rerun."""
    parent = os.path.join(tmp, "cmds")
    os.makedirs(parent)
    out = lambda n: os.path.join(parent, n)  # noqa: E731
    # Inputs the commands share: a plain file-set, its secure twin, an update's old state and new files.
    fs_plain, fs_secure = os.path.join(tmp, "fs"), os.path.join(tmp, "fs-sec")
    old_in, new_in, pristine = os.path.join(tmp, "old-in"), os.path.join(tmp, "new-in"), os.path.join(tmp, "old-fs")
    for d in (old_in, new_in):
        os.makedirs(d)
    for n in os.listdir(inputs):
        shutil.copy(os.path.join(inputs, n), os.path.join(new_in if n.startswith("copy1_") else old_in, n))
    for cmd in ([discus, "author", "--profile", "STD-GEN-CD", "--out", fs_plain, inputs],
                [discus, "author", "--profile", "STD-GEN-SEC-CD", "--password-file", pw, "--out", fs_secure, inputs],
                [discus, "author", "--profile", "STD-GEN-CD", "--out", pristine, old_in]):
        r = subprocess.run(cmd, capture_output=True, text=True)
        check(r.returncode == 0, f"setup {cmd[2:6]} exits 0 ({r.stderr.strip()[-300:]})")
    stick = out("stick")
    os.makedirs(stick)
    exclude = tuple(os.path.abspath(p) for p in (inputs, fs_plain, fs_secure, old_in, new_in, pristine))

    def partial_has(path, n):
        return lambda pid: os.path.isdir(path) and count_files(path) >= n

    def secure_staging_has(n):
        def when(pid):
            for d in os.listdir("/dev/shm"):
                if d.startswith(f"discus-secure-{pid}-") and count_files(os.path.join("/dev/shm", d)) >= n:
                    return True
            return False
        return when

    def restore_update_target():
        shutil.rmtree(out("upd"), ignore_errors=True)
        shutil.copytree(pristine, out("upd"), symlinks=True)

    commands = [
        Command("author", lambda t: [discus, "author", "--profile", "STD-GEN-CD", "--out", t, inputs], out("author"), "folder",
                trigger=("after 20 files are staged", partial_has(out("author") + ".partial", 20))),
        Command("author secure", lambda t: [discus, "author", "--profile", "STD-GEN-SEC-CD", "--password-file", pw, "--out", t, inputs],
                out("secure"), "folder", secret=True,
                trigger=("after 40 plain files are staged on /dev/shm", secure_staging_has(40))),
        Command("update", lambda t: [discus, "update", "--profile", "STD-GEN-CD", t, new_in], out("upd"), "update",
                prepare=restore_update_target,
                trigger=("after 10 new files are in DICOM/", lambda pid: count_files(out("upd")) >= count_files(pristine) + 10)),
        Command("span", lambda t: [discus, "span", "--profile", "STD-GEN-CD", "--capacity", "2M", "--out", t, inputs], out("span"),
                "folder", trigger=("after the first volume's 20 files", partial_has(out("span") + ".partial", 20))),
        Command("transcode --out-dir", lambda t: [discus, "transcode", "--ts", EXPLICIT_LE, "--out-dir", t, inputs], out("tr"),
                "files", trigger=("after 20 outputs", partial_has(out("tr"), 20))),
        Command("encrypt file-set", lambda t: [discus, "encrypt", "--password-file", pw, fs_plain, t], out("enc"), "folder",
                secret=True, trigger=("after 20 envelopes", partial_has(out("enc") + ".partial", 20))),
        Command("decrypt file-set", lambda t: [discus, "decrypt", "--quiet", "--password-file", pw, fs_secure, t], out("dec"),
                "folder", trigger=("after 20 opened files", partial_has(out("dec") + ".partial", 20))),
        Command("iso", lambda t: [discus, "iso", fs_plain, t], out("disc.iso"), "file",
                trigger=("once its temporary exists", lambda pid: any(".discus-tmp-" in n for n in os.listdir(parent)))),
        Command("usb image", lambda t: [discus, "usb", "--image-size", "64M", fs_plain, t], out("stick.img"), "image",
                trigger=("once its staging exists", lambda pid: os.path.isdir(out("stick.img.partial")))),
        Command("usb folder", lambda t: [discus, "usb", "--any-fs", fs_plain, t], stick, "stick",
                trigger=("after 20 files on the stick", partial_has(stick, 20))),
    ]
    roots = ["/dev/shm", "/tmp", parent]
    only = sys.argv[3] if len(sys.argv) > 3 else ""  # e.g. "update": the commands whose name holds it
    for c in [c for c in commands if only in c.name]:
        c.prepare()
        if c.kind == "update":
            c.reference_before = dicomdir_references(c.target)
        t0 = time.monotonic()
        r = subprocess.run(c.cmd(c.target), capture_output=True, text=True, errors="replace")
        duration = time.monotonic() - t0
        check(r.returncode == 0, f"{c.name} exits 0 ({r.stderr.strip()[-300:]})")
        c.reference = dicomdir_references(c.target) if c.kind == "update" else listing(c.target)
        print(f"{c.name}: {duration:.2f} s, {len(c.reference)} output files", flush=True)
        moments = [(f"after {duration * f:.2f}s", duration * f) for f in (FRACTIONS if full else ())] + [c.trigger]
        for label, when in moments:
            c.clear() if c.kind != "update" else None
            c.prepare()
            pid, rc, start, took = kill_at(c.cmd(c.target), when)
            what = f"{c.name} SIGKILLed {label} (pid {pid}, rc {rc}, {took:.2f}s)"
            kill_leftovers_checked(c, what, pid, start, roots, exclude, marker, tmp, parent)
            # Complete before the kill (it ended first, or died after its final rename): the rerun
            # then needs the target cleared, as any rerun of a finished job does.
            if c.kind in ("folder", "file", "image", "stick") and c.finished()[0]:
                c.clear()
            r = subprocess.run(c.cmd(c.target), capture_output=True, text=True, errors="replace")
            check(r.returncode == 0, f"{what}: the rerun exits 0 ({r.stderr.strip()[-300:]})")
            ok, why = c.finished()
            check(ok and (c.kind != "update" or dicomdir_references(c.target) == c.reference),
                  f"{what}: the rerun's output is complete ({why})")
            if c.kind == "update":
                stray = sorted(listing(c.target) - listing(pristine) - {os.path.normpath(p) for p in c.reference})
                check(not stray, f"{what}: the rerun leaves no unreferenced file from the killed run: {stray[:5]}")
            left = [p for p in files_under(parent) if ".discus-tmp-" in p]
            left += [os.path.join(parent, n) for n in os.listdir(parent) if n.endswith(".partial")]
            left += [os.path.join(stick, n) for n in os.listdir(stick) if n == "DISCUS.PAR"]
            left += [os.path.join("/dev/shm", n) for n in os.listdir("/dev/shm") if n.startswith(f"discus-secure-{pid}-")]
            check(not left, f"{what}: the rerun leaves no temporary or staging: {left[:5]}")
            print(f"{what}: checked", flush=True)
        c.clear() if c.kind != "update" else shutil.rmtree(c.target, ignore_errors=True)


def kill_leftovers_checked(c, what, pid, start, roots, exclude, marker, tmp, parent):
    """What a SIGKILLed command may leave: plaintext only inside its own output's private staging
    (or none at all for a secure command), and nothing at its target that looks finished."""
    found = ours(plaintext_files(roots, exclude, marker, start), pid, tmp)
    base = os.path.basename(c.target)
    mine = os.path.join(parent, base)
    private = f"/dev/shm/discus-secure-{pid}-"
    for p in sorted(found):
        if p.startswith(private):
            try:
                mode = os.stat(p[:p.index("/", len(private))]).st_mode & 0o777
            except FileNotFoundError:
                continue  # swept meanwhile by another secure run (tests run in parallel)
            check(mode == 0o700, f"{what}: its private staging is mode 0700 ({oct(mode)})")
            continue
        if c.secret and not p.startswith(c.target + "/"):
            check(False, f"{what}: plaintext outside its private staging: {p}")
            continue
        check(p.startswith(mine), f"{what}: plaintext outside its output: {p}")
        rest = p[len(parent) + 1:]
        if rest.split("/")[0].endswith(".partial"):
            stage = os.path.join(parent, rest.split("/")[0])
            mode = os.stat(stage).st_mode & 0o777 if os.path.exists(stage) else 0o700
            check(mode == 0o700, f"{what}: its staging {stage} is private (mode {oct(mode)})")
        elif ".discus-tmp-" in p and "/" not in rest:
            mode = os.stat(p).st_mode & 0o777 if os.path.exists(p) else 0o600
            check(mode == 0o600, f"{what}: temporary {p} is private (mode {oct(mode)})")
    if c.kind == "update":
        ok, why = c.finished()
        check(ok, f"{what}: the file-set is the old or the new one, never between: {why}")
    elif c.kind == "files":
        outs = [p for p in files_under(c.target) if ".discus-tmp-" not in p] if os.path.isdir(c.target) else []
        if outs:
            r = subprocess.run([sys.argv[1], "dump", "--quiet", *outs], capture_output=True, text=True, errors="replace")
            check(r.returncode == 0, f"{what}: every output file is whole ({r.stderr.strip()[-300:]})")
        check(not any(os.path.basename(p) == "DICOMDIR" for p in outs), f"{what}: no DICOMDIR")
    elif c.kind == "stick":
        names = set(os.listdir(c.target))
        if names - {"DISCUS.PAR"}:
            ok, why = c.finished()
            check(ok, f"{what}: the stick holds nothing but a complete file-set or its staging ({sorted(names)[:5]}: {why})")
    elif os.path.exists(c.target):
        ok, why = c.finished()
        check(ok, f"{what}: nothing finished-looking at {base} unless complete ({why})")


def secure_author_and_decrypt(discus, tmp, inputs, pw, marker, kept):
    if True:
        parent = os.path.join(tmp, "media")
        os.makedirs(parent)
        roots = ["/dev/shm", "/tmp", parent]
        exclude = os.path.abspath(inputs)

        def author_cmd(out):
            return [discus, "author", "--profile", "STD-GEN-SEC-CD", "--password-file", pw, "--out", out, inputs]

        # The run's duration, to spread the kills over it.
        ref = os.path.join(parent, "ref")
        t0 = time.monotonic()
        r = subprocess.run(author_cmd(ref), capture_output=True, text=True)
        duration = time.monotonic() - t0
        check(r.returncode == 0, f"secure author exits 0 ({r.stderr.strip()[-300:]})")
        print(f"secure author of {kept} files: {duration:.2f} s", flush=True)
        since = time.time()
        found = plaintext_files(roots, exclude, marker, since - duration - 5)
        mine = {p: m for p, m in found.items() if p.startswith(tmp)}
        check(not mine, f"a finished secure author leaves no plaintext: {sorted(mine)[:5]}")

        def kill_run(cmd, out, sig, delay):
            """Starts cmd, sends `sig` after `delay` seconds; returns (pid, returncode, start time)."""
            start = time.time() - 1  # mtime granularity
            p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            time.sleep(delay)
            if p.poll() is None:
                p.send_signal(sig)
            p.wait(timeout=120)
            return p.pid, p.returncode, start

        delays = [duration * (i + 0.5) / 10 for i in range(10)]
        trials = [(signal.SIGKILL, d) for d in delays] + [(signal.SIGTERM, duration * 0.4), (signal.SIGHUP, duration * 0.6)]
        for k, (sig, delay) in enumerate(trials):
            out = os.path.join(parent, f"out{k}")
            pid, rc, start = kill_run(author_cmd(out), out, sig, delay)
            what = f"author {sig.name} after {delay:.2f}s (pid {pid}, rc {rc})"
            found = ours(plaintext_files(roots, exclude, marker, start), pid, tmp)
            if sig == signal.SIGKILL:
                # Only inside the dead process's private staging, which is 0700 and RAM-backed.
                staging = [p for p in found if p.startswith(f"/dev/shm/discus-secure-{pid}-")]
                print(f"{what}: {len(staging)} plaintext file(s) in its private staging", flush=True)
                outside = sorted(set(found) - set(staging))
                check(not outside, f"{what}: no plaintext outside its private staging: {outside[:5]}")
                for d in {p.split("/")[3] for p in staging}:
                    try:
                        mode = os.stat(os.path.join("/dev/shm", d)).st_mode & 0o777
                    except FileNotFoundError:
                        continue  # swept meanwhile by another secure run (tests run in parallel)
                    check(mode == 0o700, f"{what}: private staging {d} is mode 0700 (got {oct(mode)})")
            else:
                check(rc in (-sig, 0), f"{what}: ends with the signal's status")
                check(not found, f"{what}: no plaintext anywhere: {sorted(found)[:5]}")
            if rc == 0:  # finished before the signal: the rerun needs an empty OUT
                shutil.rmtree(out, ignore_errors=True)
            r = subprocess.run(author_cmd(out), capture_output=True, text=True)
            check(r.returncode == 0, f"{what}: the rerun exits 0 ({r.stderr.strip()[-300:]})")
            left = leftovers(parent, pid)
            check(not left, f"{what}: the rerun leaves nothing behind: {left}")
            found = ours(plaintext_files(roots, exclude, marker, start), pid, tmp)
            check(not found, f"{what}: after the rerun no plaintext anywhere: {sorted(found)[:5]}")
            print(f"{what}: ok" if not failures else f"{what}: checked", flush=True)

        # The sweeps judge by PID: a live process's staging and temporaries stay, a dead one's go.
        dead = subprocess.Popen(["true"])
        dead.wait()
        live_dir = tempfile.mkdtemp(prefix=f"discus-secure-{os.getpid()}-", dir="/dev/shm")
        dead_dir = tempfile.mkdtemp(prefix=f"discus-secure-{dead.pid}-", dir="/dev/shm")
        out = os.path.join(parent, "sweep")
        # Temporaries beside a single decrypted file (decrypt writes it beside them).
        one = os.path.join(parent, "one.dcm")
        live_tmp = one + f".discus-tmp-{os.getpid()}-abcdef"
        dead_tmp = one + f".discus-tmp-{dead.pid}-abcdef"
        for f in (live_tmp, dead_tmp):
            open(f, "w").close()
        secure_one = next(os.path.join(dp, f) for dp, _, fs in os.walk(os.path.join(ref, "DICOM")) for f in sorted(fs))
        try:
            r = subprocess.run(author_cmd(out), capture_output=True, text=True)
            check(r.returncode == 0, f"sweep: author exits 0 ({r.stderr.strip()[-300:]})")
            check(os.path.isdir(live_dir), "sweep: a live process's private staging is left alone")
            check(not os.path.exists(dead_dir), "sweep: a dead process's private staging is removed")
            r = subprocess.run([discus, "decrypt", "--quiet", "--password-file", pw, secure_one, one], capture_output=True, text=True)
            check(r.returncode == 0, f"sweep: decrypt of one file exits 0 ({r.stderr.strip()[-300:]})")
            check(os.path.exists(live_tmp), "sweep: a live process's temporary is left alone")
            check(not os.path.exists(dead_tmp), "sweep: a dead process's temporary is removed")
        finally:
            shutil.rmtree(live_dir, ignore_errors=True)
            shutil.rmtree(dead_dir, ignore_errors=True)
            for f in (live_tmp, dead_tmp, one):
                if os.path.exists(f):
                    os.unlink(f)
        print("sweeps: checked", flush=True)

        # decrypt of the secure file-set, killed mid-run.
        dec_parent = os.path.join(tmp, "opened")
        os.makedirs(dec_parent)
        dec = os.path.join(dec_parent, "plain")

        def decrypt_cmd():
            return [discus, "decrypt", "--quiet", "--password-file", pw, ref, dec]

        t0 = time.monotonic()
        r = subprocess.run(decrypt_cmd(), capture_output=True, text=True)
        dec_duration = time.monotonic() - t0
        check(r.returncode == 0, f"decrypt exits 0 ({r.stderr.strip()[-300:]})")
        print(f"decrypt of the file-set: {dec_duration:.2f} s", flush=True)
        shutil.rmtree(dec)
        trials = [(signal.SIGKILL, dec_duration * f) for f in (0.2, 0.5, 0.8)] + [(signal.SIGTERM, dec_duration * 0.5)]
        for sig, delay in trials:
            pid, rc, start = kill_run(decrypt_cmd(), dec, sig, delay)
            what = f"decrypt {sig.name} after {delay:.2f}s (pid {pid}, rc {rc})"
            temps = []
            for dirpath, _, filenames in os.walk(dec_parent):
                temps += [os.path.join(dirpath, f) for f in filenames if ".discus-tmp-" in f]
            for t in temps:
                # Private: mode 0600, or (the instant between the final chmod and the rename) in
                # the partial output folder, which is 0700 while it is filled.
                mode = os.stat(t).st_mode & 0o777
                partial = dec + ".partial"
                hidden = t.startswith(partial + "/") and os.stat(partial).st_mode & 0o777 == 0o700
                check(mode == 0o600 or hidden, f"{what}: temporary {t} is private (mode {oct(mode)})")
                check(f".discus-tmp-{pid}-" in t, f"{what}: temporary {t} is named with its PID")
            if sig == signal.SIGKILL:
                left = [n for n in os.listdir(dec_parent) if n != "plain.partial" and n != "plain"]
                check(not left, f"{what}: only a partial output folder is left: {left}")
            else:
                check(rc in (-sig, 0), f"{what}: ends with the signal's status")
                left = os.listdir(dec_parent)
                check(left in ([], ["plain"]) and not temps, f"{what}: leaves no temporary or partial: {left} {temps}")
            if os.path.exists(dec):
                # decrypt does not stop at a cancel yet: a signal may come after its output was
                # renamed into place, which then is complete (a partial one is never at OUT).
                check(not os.path.exists(dec + ".partial"), f"{what}: complete output, no partial beside it")
                shutil.rmtree(dec, ignore_errors=True)
            r = subprocess.run(decrypt_cmd(), capture_output=True, text=True)
            check(r.returncode == 0, f"{what}: the rerun exits 0 ({r.stderr.strip()[-300:]})")
            left = [n for n in os.listdir(dec_parent) if n != "plain"]
            check(not left, f"{what}: the rerun leaves nothing beside its output: {left}")
            stale = []
            for dirpath, _, filenames in os.walk(dec_parent):
                stale += [f for f in filenames if ".discus-tmp-" in f]
            check(not stale, f"{what}: no temporary inside the output: {stale}")
            shutil.rmtree(dec, ignore_errors=True)
            print(f"{what}: checked", flush=True)


if __name__ == "__main__":
    sys.exit(main())
