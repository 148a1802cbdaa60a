#!/usr/bin/env python3
"""Crash-only secure media (issue 12, items 1 and 6): kill a secure `author` and a `decrypt`
mid-run, look for plaintext left behind, rerun, and require success and no leftovers.

Usage: crash_test.py DISCUS

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
    kept = 0
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
                    mode = os.stat(os.path.join("/dev/shm", d)).st_mode & 0o777
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
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    if failures:
        print(f"{len(failures)} failure(s)")
        return 1
    print("crash_test: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
