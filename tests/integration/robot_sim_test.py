#!/usr/bin/env python3
"""Disc-publishing robots end to end (issue 18 "Must show"): discusd drives each vendor simulator.

Usage: robot_sim_test.py DISCUSD DISCUS [--slow] [--vendor primera|epson|rimage]...

Per vendor: `discus robot-sim --vendor V --spool S --out O` runs with short ticks and injected
failures, discusd runs with `--robot V:S`, and jobs of 1-3 copies are submitted with
`discus submit --robot V`. While they run, the test plays the operator: when /v1/robots says
needs-attention it checks the readable reason names the condition, then acts as a person would
(OUT/operator/refill, close-lid, fix-printer). Then it checks:

* every job is done, with exactly one done attempt per requested copy, and one rejected attempt
  recorded (with the robot's words) for each disc in OUT/reject;
* every good disc is an ISO in OUT that `discus verify --iso` passes at the DICOM level, with its
  label data (the patient's name and id as merge fields) beside it; for Primera and Rimage, which
  print the JPEG discusd rendered, that picture matches poppler's rendering of the label PDF at
  300 dpi (and does not match another patient's); TD Bridge merges the fields into its own design
  (.tdd), so it is given no picture;
* the number of good discs equals the copies requested (no disc made twice), and no robot job id
  was ever submitted twice (OUT/jobs.log);
* each injected failure was seen: out-of-blanks, lid and printer as needs-attention with their
  reason, reject and restart as recorded rejects;
* discusd SIGKILLed while a job is at the robot and restarted: the job finishes with the right
  number of discs and nothing is submitted twice.
Default: 4 jobs per vendor (Primera, Epson, Rimage); --slow: 20 jobs per vendor.
"""
import http.client
import json
import os
import random
import signal
import socket
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
    return cond


def make_study(folder, patient, count=2, side=64):
    os.makedirs(folder)
    study, series = pydicom.uid.generate_uid(), pydicom.uid.generate_uid()
    for i in range(1, count + 1):
        meta = FileMetaDataset()
        meta.MediaStorageSOPClassUID = pydicom.uid.CTImageStorage
        meta.MediaStorageSOPInstanceUID = pydicom.uid.generate_uid()
        meta.TransferSyntaxUID = pydicom.uid.ExplicitVRLittleEndian
        ds = Dataset()
        ds.file_meta = meta
        ds.SOPClassUID, ds.SOPInstanceUID = meta.MediaStorageSOPClassUID, meta.MediaStorageSOPInstanceUID
        ds.PatientName, ds.PatientID = "Robot^" + patient, patient
        ds.PatientBirthDate, ds.PatientSex = "19700101", "O"
        ds.StudyInstanceUID, ds.SeriesInstanceUID = study, series
        ds.StudyDate, ds.StudyTime, ds.StudyID, ds.AccessionNumber = "20261206", "120000", "1", "A" + patient
        ds.ReferringPhysicianName = ""
        ds.SeriesNumber, ds.Modality, ds.InstanceNumber = 1, "CT", i
        ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
        ds.Rows = ds.Columns = side
        ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 12, 11, 0
        ds.PixelData = bytes((p * 7 + i) & 0x0F for p in range(side * side * 2))
        path = os.path.join(folder, f"im{i}.dcm")
        if int(pydicom.__version__.split(".")[0]) >= 3:
            ds.save_as(path, enforce_file_format=True)
        else:
            ds.is_little_endian, ds.is_implicit_VR = True, False
            ds.save_as(path, write_like_original=False)


class UnixHTTP(http.client.HTTPConnection):
    def __init__(self, path):
        super().__init__("localhost", timeout=30)
        self.path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect(self.path)


class Station:
    def __init__(self, discusd, discus, work, vendor, spool):
        self.discusd, self.discus, self.work = discusd, discus, work
        self.vendor, self.spool = vendor, spool
        self.socket = os.path.join(work, "discusd.sock")
        self.log = open(os.path.join(work, "discusd.log"), "ab")
        self.proc = None

    def start(self):
        args = [self.discusd, "--state-dir", os.path.join(self.work, "state"), "--socket", self.socket,
                "--station", "robot-st", "--robot", f"{self.vendor}:{self.spool}"]
        self.proc = subprocess.Popen(args, stdout=self.log, stderr=self.log)
        end = time.time() + 30
        while time.time() < end:
            if self.proc.poll() is not None:
                raise RuntimeError(f"discusd exited with {self.proc.returncode}; see {self.log.name}")
            if os.path.exists(self.socket) and self.client("jobs", "--json").returncode == 0:
                return
            time.sleep(0.02)
        raise RuntimeError("discusd did not become ready")

    def client(self, *args):
        return subprocess.run([self.discus, "--socket", self.socket, *args], capture_output=True, text=True)

    def get(self, path):
        c = UnixHTTP(self.socket)
        c.request("GET", path)
        r = c.getresponse()
        body = r.read()
        c.close()
        return r.status, json.loads(body) if body else None

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                check(False, "discusd did not stop within 60 s of SIGTERM")


def start_sim(discus, vendor, spool, out, fails, blanks, disc_ms, log):
    args = [discus, "robot-sim", "--vendor", vendor, "--spool", spool, "--out", out, "--tick-ms", "100",
            "--disc-ms", str(disc_ms), "--restart-ms", "400"]
    for f in fails:
        args += ["--fail", f]
    if blanks is not None:
        args += ["--blanks", str(blanks)]
    return subprocess.Popen(args, stdout=log, stderr=log)


OPERATOR = {"out-of-media": "refill", "lid": "close-lid", "printer": "fix-printer"}


def play_operator(st, out, seen, vendor):
    """One look at the robot; a person acts on what needs one. Returns the robot object."""
    status, robots = st.get("/v1/robots")
    if not check(status == 200 and isinstance(robots, list) and len(robots) == 1, f"{vendor}: /v1/robots answered {status}"):
        return None
    r = robots[0]
    if r["state"] == "needs-attention":
        reason = r.get("reason", "")
        for condition, action in OPERATOR.items():
            if reason.startswith(condition + ":"):
                if condition not in seen:
                    print(f"  {vendor}: needs a person: {reason}", flush=True)
                seen.setdefault(condition, reason)
                time.sleep(0.3)  # a person takes a moment
                path = os.path.join(out, "operator", action)
                with open(path, "w") as f:
                    f.write("100\n" if action == "refill" else "")
                break
        else:
            check(False, f"{vendor}: needs-attention with a reason we cannot act on: {reason!r}")
    return r


def wait_jobs(st, ids, out, seen, vendor, timeout):
    end = time.time() + timeout
    while time.time() < end:
        play_operator(st, out, seen, vendor)
        r = st.client("jobs", "--json")
        jobs = json.loads(r.stdout) if r.returncode == 0 else []
        states = {j["id"]: j["state"] for j in jobs}
        if all(states.get(i) in ("done", "failed", "cancelled") for i in ids):
            return states
        time.sleep(0.1)
    return {}


def read_pnm(data):
    """A binary PPM (P6) or PGM (P5) as an H x W x 3 uint8 array (djpeg and pdftoppm write these)."""
    import numpy as np
    parts, pos = [], 0
    while len(parts) < 4:  # magic W H MAXVAL, whitespace separated
        while data[pos:pos + 1].isspace():
            pos += 1
        start = pos
        while not data[pos:pos + 1].isspace():
            pos += 1
        parts.append(data[start:pos])
    w, h, ch = int(parts[1]), int(parts[2]), 3 if parts[0] == b"P6" else 1
    a = np.frombuffer(data[pos + 1:pos + 1 + w * h * ch], dtype=np.uint8).reshape(h, w, ch)
    return np.repeat(a, 3, axis=2) if ch == 1 else a


def label_image_vs_pdf(jpg, pdf, dpi=300, block=8):
    """The JPEG a robot was given against poppler's rendering of the label PDF at its resolution.

    As label_test compares the PNG: pixels averaged over block x block (8 at 300 dpi: 0.68 mm), the
    largest channel difference per block; returns (mean difference /255, share of blocks off by > 64).
    Averaging forgives JPEG ringing and anti-aliasing; a different or moved word changes whole blocks.
    """
    import numpy as np
    a = read_pnm(subprocess.run(["djpeg", "-pnm", jpg], check=True, capture_output=True).stdout)
    b = read_pnm(subprocess.run(["pdftoppm", "-r", str(dpi), "-singlefile", pdf], check=True, capture_output=True).stdout)
    h, w = min(a.shape[0], b.shape[0]) // block * block, min(a.shape[1], b.shape[1]) // block * block
    if abs(a.shape[0] - b.shape[0]) > 2 or abs(a.shape[1] - b.shape[1]) > 2:
        return 255.0, 1.0

    def blocks(x):
        return x[:h, :w].astype(np.float64).reshape(h // block, block, w // block, block, 3).mean(axis=(1, 3))

    d = np.abs(blocks(a) - blocks(b)).max(axis=2)
    return float(d.mean()), float((d > 64).mean())


def verify_iso(discus, iso):
    r = subprocess.run([discus, "verify", "--iso", iso], capture_output=True, text=True)
    return r.returncode == 0, r.stdout + r.stderr


def run_vendor(discusd, discus, work, vendor, n_jobs, rng, kill_test, every_label=False):
    spool, out = os.path.join(work, "spool"), os.path.join(work, "out")
    os.makedirs(spool)
    os.makedirs(out)
    sim_log = open(os.path.join(work, "sim.log"), "ab")
    # Failures after N discs of the whole run.
    fails = ["reject:1", "out-of-blanks:2", "lid:3", "printer:5", "restart:7"]
    sim = start_sim(discus, vendor, spool, out, fails, None, 60, sim_log)
    st = Station(discusd, discus, work, vendor, spool)
    seen = {}
    copies = {}
    try:
        st.start()
        ids = []
        for j in range(n_jobs):
            study = os.path.join(work, "in", f"s{j}")
            make_study(study, f"P{vendor[:2].upper()}{j:03d}")
            n = rng.randint(1, 3)
            r = st.client("submit", "--profile", "STD-GEN-CD", "--copies", str(n), "--robot", vendor,
                          "--label", f"study {j}", study)
            if not check(r.returncode == 0, f"{vendor}: submit: {r.stderr}"):
                continue
            ids.append(int(r.stdout.strip()))
            copies[ids[-1]] = n
        if kill_test:
            # The last job is submitted while discusd runs; it is killed once that job's first
            # robot job file is in the spool, and restarted.
            study = os.path.join(work, "in", "kill")
            make_study(study, f"PK{vendor[:2].upper()}")
            r = st.client("submit", "--profile", "STD-GEN-CD", "--copies", "3", "--robot", vendor, study)
            kid = int(r.stdout.strip())
            ids.append(kid)
            copies[kid] = 3
            end = time.time() + 60
            while time.time() < end and not any(f.startswith(f"DISCUS-ROBOTST-J{kid}-") for f in os.listdir(spool)):
                play_operator(st, out, seen, vendor)
                time.sleep(0.02)
            check(time.time() < end, f"{vendor}: job {kid} never reached the robot")
            st.kill()
            print(f"  {vendor}: discusd killed with job {kid} at the robot; restarting", flush=True)
            st.start()
        states = wait_jobs(st, ids, out, seen, vendor, 240)
        check(bool(states), f"{vendor}: jobs did not finish in time")
        for i in ids:
            check(states.get(i) == "done", f"{vendor}: job {i} is {states.get(i)}")

        # Records: one done attempt per copy; every reject recorded with the robot's words.
        rejected = 0
        for i in ids:
            status, cps = st.get(f"/v1/jobs/{i}/copies")
            if not check(status == 200, f"{vendor}: copies of job {i}: {status}"):
                continue
            for n in range(1, copies[i] + 1):
                done = [c for c in cps if c["n"] == n and c["state"] == "done"]
                check(len(done) == 1, f"{vendor}: job {i} copy {n}: {len(done)} done attempts")
            for c in cps:
                if c["state"] == "rejected":
                    rejected += 1
                    check("robot" in c.get("reason", ""), f"{vendor}: job {i}: a reject without the robot's words: {c}")
        # Discs: good ones verified at the DICOM level, rejects in OUT/reject, none twice.
        isos = sorted(f for f in os.listdir(out) if f.endswith(".iso"))
        rejects = [f for f in os.listdir(os.path.join(out, "reject")) if f.endswith(".iso")]
        check(len(isos) == sum(copies.values()), f"{vendor}: {len(isos)} good discs for {sum(copies.values())} copies")
        check(len(rejects) == rejected, f"{vendor}: {len(rejects)} rejected discs, {rejected} rejects recorded")
        worst, compared = 0.0, 0
        for iso in isos:
            ok, text = verify_iso(discus, os.path.join(out, iso))
            check(ok, f"{vendor}: {iso} fails discus verify --iso: {text[-400:]}")
            label = os.path.join(out, iso[:-4] + ".label.txt")
            if check(os.path.exists(label), f"{vendor}: no label for {iso}"):
                with open(label, encoding="utf-8") as f:
                    text = f.read()
                check("patient_name=Robot" in text and "patient_id=P" in text, f"{vendor}: {iso}: label fields {text!r}")
                pid = [l.split("=", 1)[1] for l in text.splitlines() if l.startswith("patient_id=")]
                pdf = os.path.join(out, iso[:-4] + ".label.pdf")
                if check(os.path.exists(pdf), f"{vendor}: no PDF label for {iso}") and pid:  # every label's text
                    r = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True)
                    check(pid[0] in r.stdout, f"{vendor}: {iso}: pdftotext finds no {pid[0]} in {r.stdout!r}")
            if vendor in ("primera", "rimage"):  # PTBurn (PrintLabel) and Rimage print the JPEG discusd rendered
                jpg = os.path.join(out, iso[:-4] + ".label.jpg")
                if check(os.path.exists(jpg), f"{vendor}: no JPEG label for {iso}") and (every_label or iso == isos[0]):
                    # The picture the robot prints is the label the PDF shows (same fields, same
                    # template): compared with poppler's rendering of the PDF at 300 dpi (every
                    # disc's with --slow, the first's otherwise) ...
                    mean, far = label_image_vs_pdf(jpg, os.path.join(out, iso[:-4] + ".label.pdf"))
                    worst = max(worst, mean)
                    compared += 1
                    check(mean < 1.5 and far < 0.001, f"{vendor}: {iso}: the robot's JPEG is not the PDF's label "
                          f"(mean {mean:.2f}, {far * 100:.3f} % blocks off)")
                if iso == isos[0] and vendor in ("primera", "rimage") and os.path.exists(jpg):
                    # ... and the comparison can fail: another job's (another patient's) label differs.
                    other = next((x for x in isos if x.split("-C")[0] != iso.split("-C")[0]), None)
                    if other:
                        mean, far = label_image_vs_pdf(jpg, os.path.join(out, other[:-4] + ".label.pdf"))
                        print(f"  {vendor}: the first disc's JPEG against another patient's PDF (must differ): mean {mean:.2f}/255, {far * 100:.3f} % off", flush=True)
                        check(not (mean < 1.5 and far < 0.001), f"{vendor}: {iso}'s JPEG also matches {other}'s PDF "
                              f"(mean {mean:.2f}, {far * 100:.3f} %): the comparison cannot tell labels apart")
        if compared:
            print(f"  {vendor}: the robot's JPEG vs pdftoppm of the PDF at 300 dpi, {compared} label(s): 8x8 blocks, "
                  f"worst mean |diff| {worst:.2f}/255", flush=True)
        with open(os.path.join(out, "jobs.log")) as f:
            submitted = [l.strip() for l in f if l.strip()]
        check(len(submitted) == len(set(submitted)), f"{vendor}: a robot job submitted twice: {submitted}")
        for condition in ("out-of-media", "lid", "printer"):
            check(condition in seen, f"{vendor}: {condition} never showed as needs-attention (seen: {list(seen)})")
        check(rejected >= 2, f"{vendor}: injected reject and restart gave {rejected} recorded rejects")
        r = st.client("robots")
        check(r.returncode == 0 and vendor in r.stdout, f"{vendor}: discus robots: {r.stdout} {r.stderr}")
        print(f"  {vendor}: {len(ids)} jobs, {len(isos)} good discs verified, {rejected} rejects recorded, "
              f"needs-attention seen: {', '.join(sorted(seen))}", flush=True)
    finally:
        st.stop()
        sim.send_signal(signal.SIGTERM)
        sim.wait()


def run_tower(discusd, discus, work):
    """The local tower on a libburn stdio: pseudo-drive (no person needed for its blanks)."""
    drive = os.path.join(work, "tower.iso")
    st = Station(discusd, discus, work, "tower", "stdio:" + drive)
    try:
        st.start()
        study = os.path.join(work, "in", "tower")
        make_study(study, "PTOWER")
        r = st.client("submit", "--profile", "STD-GEN-CD", "--copies", "2", "--robot", "tower", study)
        if not check(r.returncode == 0, f"tower: submit: {r.stderr}"):
            return
        jid = int(r.stdout.strip())
        states = wait_jobs(st, [jid], work, {}, "tower", 120)
        check(states.get(jid) == "done", f"tower: job {jid} is {states.get(jid)}")
        discs = sorted(f for f in os.listdir(work) if f.startswith("tower.iso.") and f.endswith(".iso"))
        check(len(discs) == 2, f"tower: {len(discs)} discs burned for 2 copies: {discs}")
        for d in discs:
            ok, text = verify_iso(discus, os.path.join(work, d))
            check(ok, f"tower: {d} fails discus verify --iso: {text[-400:]}")
        print(f"  tower: {len(discs)} discs burned through libburn and verified", flush=True)
    finally:
        st.stop()


def main():
    discusd, discus = sys.argv[1], sys.argv[2]
    slow = "--slow" in sys.argv
    vendors = [sys.argv[i + 1] for i, a in enumerate(sys.argv) if a == "--vendor"] or ["primera", "epson", "rimage"]
    rng = random.Random(18)
    t0 = time.time()
    for vendor in vendors:
        with tempfile.TemporaryDirectory(prefix=f"discus-robot-{vendor}-") as work:
            print(f"{vendor}:", flush=True)
            try:
                run_vendor(discusd, discus, work, vendor, 20 if slow else 4, rng, True, slow)
            except Exception as e:  # noqa: BLE001 - report and go on with the next vendor
                check(False, f"{vendor}: {e}")
            if failures:
                for name in ("discusd.log", "sim.log"):
                    p = os.path.join(work, name)
                    if os.path.exists(p):
                        with open(p, errors="replace") as f:
                            print(f"--- {vendor} {name} (tail)\n" + "".join(f.readlines()[-40:]))
    if "--vendor" not in sys.argv:
        with tempfile.TemporaryDirectory(prefix="discus-robot-tower-") as work:
            print("tower:", flush=True)
            try:
                run_tower(discusd, discus, work)
            except Exception as e:  # noqa: BLE001
                check(False, f"tower: {e}")
            if failures:
                with open(os.path.join(work, "discusd.log"), errors="replace") as f:
                    print("--- tower discusd.log (tail)\n" + "".join(f.readlines()[-40:]))
    print(f"robot_sim_test: {time.time() - t0:.1f} s, {len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
