#!/usr/bin/env python3
"""The robot's fast path for an input already authored (issue 18 "Speed"), through discusd.

Usage: robot_fast_test.py DISCUSD DISCUS

A study is authored once with `discus author --iso` (a file-set folder and its ISO image). discusd
runs with a Primera robot whose simulator is not started yet, so every job file stays in the spool
as written (PTBurn would rename it and, with DeleteFiles, remove the data). Then:

* the ISO image submitted (`discus submit --robot primera IMAGE`): its .JRQ appears in the spool
  within a few seconds of the submit (the time is printed), SPOOL/<id>/DISC.ISO is the input's own
  inode (a hard link, no copy), ImageFile names it, nothing was staged (no file-set, no image in
  the job's staging folder), and the copy's events say "fast path" and what was trusted;
* the file-set folder submitted with 2 copies: Data names SPOOL/<id>/DISC, whose DICOMDIR is the
  input's own inode;
* a damaged file-set (a referenced DICOM file removed) is refused for the fast path, with the
  reason in the events, and staged as before;
then the simulator starts: every job ends done, says its input was verified in full, and every
disc passes `discus verify --iso`. A file-set whose file contents changed with their sizes kept
takes the fast path (the cheap check cannot see it) and is then failed by the full verification
that runs while the robot works, its robot job cancelled (.PTM ABORT).
The same for Epson TD Bridge with the folder (DATA names the linked folder) and Epson refusing the
image (TD Bridge burns folders) with the reason in the events.
"""
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import robot_sim_test as rs  # noqa: E402  (make_study, Station, start_sim, verify_iso, check)

check = rs.check


def wait_for(path, timeout):
    end = time.time() + timeout
    while time.time() < end:
        if os.path.exists(path):
            return True
        time.sleep(0.002)
    return False


def events(st, job):
    status, body = st.get(f"/v1/jobs/{job}/events")
    if not check(status == 200, f"events of job {job}: {status}"):
        return []
    return [e.get("detail", "") for e in (body if isinstance(body, list) else body.get("events", []))]


def submit(st, copies, vendor, path):
    t0 = time.time()
    r = st.client("submit", "--profile", "STD-GEN-CD", "--copies", str(copies), "--robot", vendor, path)
    if not check(r.returncode == 0, f"submit {path}: {r.stderr}"):
        return None, t0
    return int(r.stdout.strip()), t0


def job_file(spool, job, ext):
    return os.path.join(spool, f"DISCUS-ROBOTST-J{job}-C1-A1.{ext}")


def staged_nothing(work, job):
    """No image, no file-set: only the label and a copy of the DICOMDIR (for the audit trail)."""
    staging = os.path.join(work, "state", "staging", f"job-{job}")
    made = [n for n in ("image.iso", "STAGED") if os.path.exists(os.path.join(staging, n))]
    fileset = os.path.join(staging, "fileset")
    if os.path.isdir(fileset):
        made += [f"fileset/{n}" for n in os.listdir(fileset) if n != "DICOMDIR"]
    return not made, made


def run_vendor(discusd, discus, work, vendor, fs, iso, bad, evil):
    spool, out = os.path.join(work, "spool"), os.path.join(work, "out")
    os.makedirs(spool)
    os.makedirs(out)
    ext = "JRQ" if vendor == "primera" else "JDF"
    st = rs.Station(discusd, discus, work, vendor, spool)
    sim_log = open(os.path.join(work, "sim.log"), "ab")
    made = 0  # discs the done jobs asked for
    # (input, copies, what it is): the robot lane takes one job at a time, so each job is
    # submitted with the simulator stopped (its files stay as written), checked, then made.
    cases = [(fs, 2, "folder"), (bad if vendor == "primera" else iso, 1, "refused")]
    if vendor == "primera":
        cases.insert(0, (iso, 1, "image"))
    try:
        st.start()
        for path, copies, what in cases:
            j, t0 = submit(st, copies, vendor, path)
            if j is None:
                continue
            if what == "refused":
                want = "is not on the medium" if vendor == "primera" else "takes folders, not images"
                end, ev = time.time() + 60, []
                while time.time() < end and not any("not the fast path" in e for e in ev):
                    time.sleep(0.05)
                    ev = events(st, j)
                check(any("staging (not the fast path: " in e and want in e for e in ev),
                      f"{vendor}: job {j} ({path}) does not say why it is not fast ({want}): {ev}")
            elif check(wait_for(job_file(spool, j, ext), 30), f"{vendor}: no job file for the {what}"):
                dt = time.time() - t0
                print(f"  {vendor}: {what}: submit -> {ext} in the spool {dt * 1000:.0f} ms", flush=True)
                check(dt < 5, f"{vendor}: the {what} took {dt:.2f} s to reach the spool")
                folder = os.path.join(spool, f"DISCUS-ROBOTST-J{j}-C1-A1")
                with open(job_file(spool, j, ext), encoding="utf-8") as f:
                    text = f.read()
                if what == "image":
                    data = os.path.join(folder, "DISC.ISO")
                    check(os.path.exists(data) and os.stat(data).st_ino == os.stat(iso).st_ino,
                          f"{vendor}: {data} is not the input image's inode (copied, not linked)")
                    check("ImageFile = " + data in text, f"{vendor}: ImageFile does not name the linked image: {text!r}")
                else:
                    data = os.path.join(folder, "DISC")
                    check(os.path.exists(os.path.join(data, "DICOMDIR")) and
                          os.stat(os.path.join(data, "DICOMDIR")).st_ino == os.stat(os.path.join(fs, "DICOMDIR")).st_ino,
                          f"{vendor}: {data}/DICOMDIR is not the input's inode")
                    key = "Data = " if vendor == "primera" else "DATA="
                    check(key + data in text, f"{vendor}: the job file does not name the linked folder: {text!r}")
                ok, staged = staged_nothing(work, j)
                check(ok, f"{vendor}: job {j} staged {staged} although its input was authored")
                kind = "ISO image" if what == "image" else "file-set folder"
                ev = events(st, j)
                check(any(e.startswith(f"fast path: the input is an authored {kind}") and "trusted" in e for e in ev),
                      f"{vendor}: job {j}'s events do not say the fast path was taken: {ev}")
            # The robot's software runs until the job ends.
            sim = rs.start_sim(discus, vendor, spool, out, [], None, 40, sim_log)
            try:
                states = rs.wait_jobs(st, [j], out, {}, vendor, 120)
            finally:
                sim.send_signal(signal.SIGTERM)
                sim.wait()
            if what == "refused" and vendor == "epson":
                # TD Bridge burns folders and the image is no input to author from: whatever the
                # end, it is recorded, never a disc half made.
                check(states.get(j) in ("done", "failed"), f"{vendor}: job {j} is {states.get(j)}")
                made += copies if states.get(j) == "done" else 0
            else:
                check(states.get(j) == "done", f"{vendor}: job {j} ({what}) is {states.get(j)}")
                made += copies
                if what != "refused":
                    check(any("the authored input verified in full" in e for e in events(st, j)),
                          f"{vendor}: job {j} is done without saying its input was verified in full: {events(st, j)}")
                if what != "refused":  # the release record names the file-set and study (from the DICOMDIR's copy)
                    status, rec = st.get(f"/v1/jobs/{j}/release")
                    check(status == 200 and rec.get("file_set_uid") and len(rec.get("studies", [])) == 1,
                          f"{vendor}: job {j}'s release record names no file-set or study: {status} {rec}")
        if vendor == "primera":
            # Same sizes, other bytes: the cheap check lets it through, the full one (while the
            # robot works; its software is stopped here) fails the job and cancels its robot job.
            j, _ = submit(st, 1, vendor, evil)
            if j is not None:
                end, state = time.time() + 120, None
                while time.time() < end and state not in ("done", "failed"):
                    time.sleep(0.1)
                    state = st.get(f"/v1/jobs/{j}")[1].get("state")
                ev = events(st, j)
                check(any(e.startswith("fast path: ") for e in ev), f"{vendor}: the altered file-set did not take the fast path: {ev}")
                check(state == "failed" and any("failed its full verification" in e for e in ev),
                      f"{vendor}: job {j} with altered contents is {state}: {ev}")
                check(os.path.exists(os.path.join(spool, f"DISCUS-ROBOTST-J{j}-C1-A1.PTM")),
                      f"{vendor}: job {j}'s robot job was not cancelled (no .PTM ABORT)")
                print(f"  {vendor}: altered contents with the sizes kept: fast path, then failed by the full check", flush=True)
        isos = sorted(f for f in os.listdir(out) if f.endswith(".iso"))
        check(len(isos) == made, f"{vendor}: {len(isos)} discs for {made} copies")
        for name in isos:
            ok, text = rs.verify_iso(discus, os.path.join(out, name))
            check(ok, f"{vendor}: {name} fails discus verify --iso: {text[-300:]}")
        check(os.path.exists(iso) and os.path.isdir(fs), f"{vendor}: the job's inputs were touched")
        print(f"  {vendor}: {len(isos)} discs verified", flush=True)
    finally:
        st.stop()


def main():
    discusd, discus = sys.argv[1], sys.argv[2]
    t0 = time.time()
    with tempfile.TemporaryDirectory(prefix="discus-robot-fast-") as top:
        study = os.path.join(top, "study")
        rs.make_study(study, "PFAST", count=6, side=128)
        fs, iso = os.path.join(top, "fs"), os.path.join(top, "fs.iso")
        r = subprocess.run([discus, "author", "--profile", "STD-GEN-CD", "--out", fs, "--iso", iso, study],
                           capture_output=True, text=True)
        if not check(r.returncode == 0, f"discus author: {r.stdout}{r.stderr}"):
            return 1
        bad = os.path.join(top, "fs-bad")
        shutil.copytree(fs, bad)
        victim = sorted(os.path.join(d, f) for d, _, fl in os.walk(os.path.join(bad, "DICOM")) for f in fl)[0]
        os.remove(victim)
        evil = os.path.join(top, "fs-evil")  # one file's bytes changed, its size kept
        shutil.copytree(fs, evil)
        victim = sorted(os.path.join(d, f) for d, _, fl in os.walk(os.path.join(evil, "DICOM")) for f in fl)[-1]
        with open(victim, "r+b") as f:
            f.seek(-64, os.SEEK_END)
            f.write(bytes(64))
        for vendor in ("primera", "epson"):
            work = os.path.join(top, vendor)
            os.makedirs(work)
            print(f"{vendor}:", flush=True)
            try:
                run_vendor(discusd, discus, work, vendor, fs, iso, bad, evil)
            except Exception as e:  # noqa: BLE001
                check(False, f"{vendor}: {e}")
            if rs.failures:
                for name in ("discusd.log", "sim.log"):
                    p = os.path.join(work, name)
                    if os.path.exists(p):
                        with open(p, errors="replace") as f:
                            print(f"--- {vendor} {name} (tail)\n" + "".join(f.readlines()[-30:]))
    print(f"robot_fast_test: {time.time() - t0:.1f} s, {len(rs.failures)} failure(s)")
    return 1 if rs.failures else 0


if __name__ == "__main__":
    sys.exit(main())
