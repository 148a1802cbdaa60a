#!/usr/bin/env python3
"""Crash safety of discusd (issue 14, the first "Must show" bullet), end to end.

Usage: daemon_crash_test.py DISCUSD DISCUS [--slow] [--postgres]

discusd runs on a SQLite queue with two stdio: pseudo-drives standing in for burners (every
burn is captured as its own image file: the station "ejects" stdio:PATH to
PATH.ejected/<job>-<n>-<attempt>.iso, src/jobs/scheduler.h) and an image folder. The test
submits at least 20 jobs of two or three copies each through `discus submit`, then SIGKILLs
discusd at 25 or more moments (30 by default, 120 with --slow): right after each kind of
transition, which it sees by watching the queue's events table (claimed, staging, burning,
verifying, done, rejected, suspect, given back), mid-burn (a disc in a drive has bytes and its
copy is not yet verifying: libburn is writing) and at random moments, restarting it each time.
When the queue runs low while the kills go on, it submits five more jobs (so every kill finds
work). Then it lets discusd drain the queue and checks:

* `discus jobs --json` lists every submitted job exactly once, each done, every copy verified;
* the queue database passes PRAGMA integrity_check;
* every requested copy is done exactly once; every other attempt is rejected, each reject is an
  event, and its remake (attempt + 1) exists;
* every disc (ejected image) belongs to a recorded attempt that is done or rejected, none twice,
  nothing unrecorded, the drives are empty; every done disc and every image-dir copy passes
  `discus verify --iso`; the image folder holds only the copies;
* no staged file-set (PHI) is left in the state directory.
The default run takes under a minute on the 2-core machine; --slow is the long variant.
--postgres: the queue is the PostgreSQL server of tests/support/postgres_server.py
(DISCUS_TEST_POSTGRES_URL; discusd --queue URL), watched through a psql process; the
integrity check is then the server answering.
"""
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

import warnings

import pydicom
import pydicom.uid
from pydicom.dataset import Dataset, FileMetaDataset

warnings.simplefilter("ignore")

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what, flush=True)


def make_study(folder, patient, count, side=256):
    """`count` CT images of side x side pixels, one study, one series."""
    os.makedirs(folder)
    study = pydicom.uid.generate_uid()
    series = pydicom.uid.generate_uid()
    for i in range(1, count + 1):
        meta = FileMetaDataset()
        meta.MediaStorageSOPClassUID = pydicom.uid.CTImageStorage
        meta.MediaStorageSOPInstanceUID = pydicom.uid.generate_uid()
        meta.TransferSyntaxUID = pydicom.uid.ExplicitVRLittleEndian
        ds = Dataset()
        ds.file_meta = meta
        ds.SOPClassUID = meta.MediaStorageSOPClassUID
        ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
        ds.PatientName = "Crash^" + patient
        ds.PatientID = patient
        ds.PatientBirthDate = "19700101"
        ds.PatientSex = "O"
        ds.StudyInstanceUID = study
        ds.StudyDate = "20261206"
        ds.StudyTime = "120000"
        ds.StudyID = "1"
        ds.AccessionNumber = "A" + patient
        ds.ReferringPhysicianName = ""
        ds.SeriesInstanceUID = series
        ds.SeriesNumber = 1
        ds.Modality = "CT"
        ds.InstanceNumber = i
        ds.SamplesPerPixel = 1
        ds.PhotometricInterpretation = "MONOCHROME2"
        ds.Rows = side
        ds.Columns = side
        ds.BitsAllocated = 16
        ds.BitsStored = 12
        ds.HighBit = 11
        ds.PixelRepresentation = 0
        ds.PixelData = bytes(((p * 7 + i) & 0x0F) for p in range(256)) * (side * side * 2 // 256)
        path = os.path.join(folder, f"im{i}.dcm")
        if int(pydicom.__version__.split(".")[0]) >= 3:
            ds.save_as(path, enforce_file_format=True)
        else:
            ds.is_little_endian, ds.is_implicit_VR = True, False
            ds.save_as(path, write_like_original=False)


class Daemon:
    def __init__(self, discusd, discus, work, drives, queue=None):
        self.discusd, self.discus, self.work, self.drives, self.queue = discusd, discus, work, drives, queue
        self.state = os.path.join(work, "state")
        self.socket = os.path.join(work, "discusd.sock")
        self.proc = None
        self.log = open(os.path.join(work, "discusd.log"), "ab")

    def start(self):
        args = [self.discusd, "--state-dir", self.state, "--socket", self.socket, "--station", "crash-st"]
        for d in self.drives:
            args += ["--drive", d]
        if self.queue:
            args += ["--queue", self.queue]
        self.proc = subprocess.Popen(args, stdout=self.log, stderr=self.log)

    def wait_ready(self, timeout=30):
        """Ready when the client gets an answer (the socket appears only then)."""
        end = time.time() + timeout
        while time.time() < end:
            if self.proc.poll() is not None:
                raise RuntimeError(f"discusd exited with {self.proc.returncode}; see {self.log.name}")
            if os.path.exists(self.socket):
                r = self.client("jobs", "--json")
                if r.returncode == 0:
                    return
            time.sleep(0.02)
        raise RuntimeError("discusd did not become ready")

    def client(self, *args):
        return subprocess.run([self.discus, "--socket", self.socket, *args], capture_output=True, text=True)

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            check(False, "discusd did not stop within 60 s of SIGTERM")


class Queue:
    """Reads the queue's tables: SQLite directly, PostgreSQL through one long-lived psql."""

    def __init__(self, sqlite_path=None, pg_url=None):
        self.pg = None
        if pg_url:
            psql = shutil.which("psql") or sorted(__import__("glob").glob("/usr/lib/postgresql/*/bin/psql"))[-1]
            self.pg = subprocess.Popen([psql, "-X", "-A", "-t", "-q", "-F", "|", pg_url], stdin=subprocess.PIPE,
                                       stdout=subprocess.PIPE, text=True, bufsize=1)
        else:
            self.db = sqlite3.connect(sqlite_path, timeout=10)

    def rows(self, sql, params=()):
        if not self.pg:
            return self.db.execute(sql, params).fetchall()
        for p in params:
            sql = sql.replace("?", str(int(p)), 1)
        self.pg.stdin.write(sql + ";\n\\echo __END__\n")
        self.pg.stdin.flush()
        out = []
        for line in self.pg.stdout:
            line = line.rstrip("\n")
            if line == "__END__":
                break
            if line:
                out.append(tuple(int(v) if v.lstrip("-").isdigit() else v for v in line.split("|")))
        return out

    def one(self, sql, params=()):
        r = self.rows(sql, params)
        return r[0][0] if r else None

    def close(self):
        if self.pg:
            self.pg.stdin.close()
            self.pg.wait()
        else:
            self.db.close()


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    discusd, discus = sys.argv[1], sys.argv[2]
    slow = "--slow" in sys.argv[3:]
    pg_url = os.environ.get("DISCUS_TEST_POSTGRES_URL") if "--postgres" in sys.argv[3:] else None
    if "--postgres" in sys.argv[3:] and not pg_url:
        print("daemon_crash_test: --postgres needs DISCUS_TEST_POSTGRES_URL (run it under tests/support/postgres_server.py)")
        return 2
    kills = 120 if slow else 30
    n_jobs = 40 if slow else 20
    rng = random.Random(14)
    work = tempfile.mkdtemp(prefix="discus-daemon-crash-")
    try:
        return run(discusd, discus, work, kills, n_jobs, rng, pg_url)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(discusd, discus, work, kills, n_jobs, rng, pg_url):
    started = time.time()
    studies = []
    for i in range(4):
        folder = os.path.join(work, "in", str(i))
        make_study(folder, f"P{i}", 30 + 15 * i)
        studies.append(folder)
    drive_files = [os.path.join(work, "d1.iso"), os.path.join(work, "d2.iso")]
    drives = ["stdio:" + f for f in drive_files]
    images = os.path.join(work, "images")
    os.makedirs(images)  # discusd refuses an image folder it cannot write now
    d = Daemon(discusd, discus, work, drives, pg_url)
    try:
        return exercise(d, discus, work, kills, n_jobs, rng, pg_url, studies, drives, drive_files, images, started)
    finally:
        if d.proc and d.proc.poll() is None:  # never leave a daemon behind, whatever failed
            d.proc.kill()
            d.proc.wait()


def exercise(d, discus, work, kills, n_jobs, rng, pg_url, studies, drives, drive_files, images, started):
    d.start()
    d.wait_ready()
    db_path = os.path.join(d.state, "queue.db")

    submitted = []  # (id, copies, target)

    def submit(count):
        for _ in range(count):
            i = len(submitted)
            copies = 2 + i % 2
            args = ["submit", "--profile", "STD-GEN-CD", "--copies", str(copies)]
            if i % 3 == 2:
                args += ["--iso-dir", images]
                target = "image"
            else:
                args += ["--burn", drives[i % 2]]
                target = drives[i % 2]
            r = d.client(*args, studies[i % 4])
            if r.returncode != 0 or not r.stdout.strip().isdigit():
                raise RuntimeError(f"submit failed: {r.returncode} {r.stdout} {r.stderr}")
            submitted.append((int(r.stdout.strip()), copies, target))

    submit(n_jobs)
    db = Queue(db_path, pg_url)
    seq = db.one("SELECT COALESCE(MAX(seq), 0) FROM events")

    # (label, to-state, copy event?, mid-burn?); None: a random moment.
    moments = [("job claimed", "running", False, False), ("mid-burn", "burning", True, True),
               ("rejected", "rejected", True, False), ("copy staging", "running", True, False),
               ("burning recorded", "burning", True, False), ("suspect", "suspect", True, False),
               ("verifying", "verifying", True, False), ("done", "done", True, False),
               ("random", None, False, False), ("mid-burn", "burning", True, True),
               ("given back", "queued", False, False)]
    hit_count = {}
    for k in range(kills):
        label, state, copy_event, mid_burn = moments[k % len(moments)]
        if k > 0:
            d.start()
        queued = db.one("SELECT COUNT(*) FROM jobs WHERE state = 'queued'")
        if queued < 3:
            d.wait_ready()
            submit(5)
        t0 = time.time()
        random_s = rng.uniform(0.05, 0.9)
        hit = armed = False
        while True:
            elapsed = time.time() - t0
            if (state is None and elapsed >= random_s) or (state is not None and elapsed >= 3.0):
                break
            for s_, to, n, station in db.rows(
                    "SELECT seq, to_state, n, station FROM events WHERE seq > ? ORDER BY seq", (seq,)):
                seq = s_
                match = state is not None and to == state and (n != 0) == copy_event and station != ""
                if mid_burn:
                    if match:
                        armed = True
                    if to in ("verifying", "rejected"):
                        armed = False
                elif match:
                    hit = True
            if armed and any(os.path.exists(f) and os.path.getsize(f) > 0 for f in drive_files):
                hit = True
            if hit:
                break
            time.sleep(0.001)
        d.kill()
        key = label if (hit or state is None) else "missed " + label
        hit_count[key] = hit_count.get(key, 0) + 1
    for key in sorted(hit_count):
        print(f"  killed at {key}: {hit_count[key]}")
    hit_moments = sum(v for k_, v in hit_count.items() if not k_.startswith("missed"))
    check(hit_moments >= 25, f"only {hit_moments} kills hit their moment (need 25)")
    for must in ("mid-burn", "suspect", "burning recorded", "verifying", "done", "job claimed"):
        check(hit_count.get(must, 0) > 0, f"no kill at {must}")

    # Drain.
    d.start()
    d.wait_ready()
    end = time.time() + 300
    while time.time() < end:
        left = db.one("SELECT COUNT(*) FROM jobs WHERE state NOT IN ('done', 'failed', 'cancelled', 'held')")
        if left == 0:
            break
        time.sleep(0.2)
    r = d.client("jobs", "--json")
    d.stop()
    db.close()
    check(r.returncode == 0, f"discus jobs --json: exit {r.returncode} {r.stderr}")
    listed = json.loads(r.stdout) if r.returncode == 0 else []
    ids = [j["id"] for j in listed]
    check(sorted(ids) == sorted(s[0] for s in submitted), f"jobs lost or duplicated: {len(ids)} listed, {len(submitted)} submitted")
    check(len(set(ids)) == len(ids), "a job listed twice")
    for j in listed:
        check(j["state"] == "done", f"job {j['id']} is {j['state']}")
        for c in j["copies"]:
            check(c["state"] == "done" and c["verified"], f"job {j['id']} copy {c['n']}: {c['state']} verified={c['verified']}")

    db = Queue(db_path, pg_url)
    integrity = db.one("SELECT 'ok'") if pg_url else db.one("PRAGMA integrity_check")
    check(integrity == "ok", f"integrity check: {integrity}")
    attempts = {(j, n, a): s for j, n, a, s in db.rows("SELECT job_id, n, attempt, state FROM copies")}
    rejected_events = db.one("SELECT COUNT(*) FROM events WHERE to_state = 'rejected'")
    suspects = db.one("SELECT COUNT(*) FROM events WHERE to_state = 'suspect'")
    db.close()
    rejects = 0
    for job, copies, target in submitted:
        for n in range(1, copies + 1):
            states = {a: s for (j, n_, a), s in attempts.items() if j == job and n_ == n}
            check(list(states.values()).count("done") == 1, f"job {job} copy {n}: attempts {states}")
            for a, s in states.items():
                if s != "done":
                    check(s == "rejected", f"job {job} copy {n} attempt {a} is {s}")
                    check(a + 1 in states, f"job {job} copy {n}: reject of attempt {a} without its remake")
                    rejects += 1
    check(rejects == rejected_events, f"{rejects} rejected attempts but {rejected_events} reject events")
    check(rejects > 0, "no kill spoiled a disc: the reject-and-remake path did not run")
    check(suspects > 0, "no kill left a suspect copy")

    def verifies(path):
        r = subprocess.run([discus, "verify", "--iso", path], capture_output=True, text=True)
        return r.returncode == 0

    burned = set()
    name = re.compile(r"(\d+)-(\d+)-(\d+)\.iso$")
    for f in drive_files:
        check(not (os.path.exists(f) and os.path.getsize(f) > 0), f"{f} still holds a disc")
        ej = f + ".ejected"
        for entry in sorted(os.listdir(ej)) if os.path.isdir(ej) else []:
            m = name.match(entry)
            if not m:
                check(False, f"an unrecorded disc: {entry}")
                continue
            key = tuple(int(x) for x in m.groups())
            check(key not in burned, f"burned twice: {entry}")
            burned.add(key)
            st = attempts.get(key)
            check(st in ("done", "rejected"), f"disc {entry} belongs to no settled attempt ({st})")
            if st == "done":
                check(verifies(os.path.join(ej, entry)), f"done disc {entry} does not verify")
    copies_in_folder = set()
    for job, copies, target in submitted:
        for n in range(1, copies + 1):
            done = [a for (j, n_, a), s in attempts.items() if j == job and n_ == n and s == "done"]
            if target == "image":
                path = os.path.join(images, f"{job}-{n}.iso")
                copies_in_folder.add(f"{job}-{n}.iso")
                check(os.path.exists(path) and verifies(path), f"image copy {path} missing or bad")
            else:
                check(all((job, n, a) in burned for a in done), f"job {job} copy {n}: its done disc is missing")
    extra = set(os.listdir(images)) - copies_in_folder if os.path.isdir(images) else set()
    check(not extra, f"left in the image folder: {sorted(extra)}")
    staging = os.path.join(d.state, "staging")
    check(not os.path.isdir(staging) or not os.listdir(staging), f"staged PHI left: {os.listdir(staging)}")
    print(f"  {len(submitted)} jobs, {sum(c for _, c, _ in submitted)} copies, {rejects} rejected and remade, "
          f"{suspects} suspect read-backs, {time.time() - started:.1f} s")
    if failures:
        print(f"daemon_crash_test: {len(failures)} failure(s); discusd log: see above")
        return 1
    print("daemon_crash_test: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
