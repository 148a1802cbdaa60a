#!/usr/bin/env python3
"""Two stations, one queue (issue 14, "Must show": two discusd on one PostgreSQL server).

Usage: postgres_server.py -- daemon_stations_test.py DISCUSD DISCUS [--jobs N]

Runs under tests/support/postgres_server.py (DISCUS_TEST_POSTGRES_URL). Two discusd, --station
st1 and st2, share that queue (--queue URL) with their own state directories and sockets and a
3-second lease (--lease-seconds 3). The test submits 200 jobs (half through each station's
socket), each one copy of a one-image CT study (64 x 64) to one shared --iso-dir: small on
purpose, so 200 jobs drain in well under a minute on 2 cores while every job still goes through
claim, staging, authoring, verification and done. Once st1 has done some jobs it is frozen
(SIGSTOP, so what it holds cannot change while the queue is read) and, when it holds a running
job, SIGKILLed; otherwise thawed and tried again. st2 then drains everything. Checks:

* `discus jobs --json` (from st2) lists every submitted job exactly once, each done, its one
  copy done and verified; the jobs table agrees; nothing is left running, queued or held;
* every job has exactly one `done` event, and exactly one done copy attempt;
* the image folder holds exactly the 200 images (JOB-1.iso), nothing else, each passing
  `discus verify --iso`;
* every job st1 held when it died was given back once ("lease of station st1 expired", no earlier
  than the jobs.lease_expires_ms read at the kill), then claimed and finished by st2 (events'
  station and time_ms); no other event carries st1's name after its death;
* both stations finished jobs (the work really was shared); st2's staging area is empty.
Every discusd is killed at the end, also on failure; the fixture stops PostgreSQL.
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from daemon_crash_test import Queue, make_study  # noqa: E402  (the same study maker and psql reader)

LEASE_S = 3
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what, flush=True)


class Station:
    def __init__(self, discusd, discus, work, name, url):
        self.discusd, self.discus, self.name, self.url = discusd, discus, name, url
        self.dir = os.path.join(work, name)
        os.makedirs(self.dir)
        self.state = os.path.join(self.dir, "state")
        self.socket = os.path.join(self.dir, "discusd.sock")
        self.log_path = os.path.join(self.dir, "discusd.log")
        self.log = open(self.log_path, "ab")
        self.proc = None

    def start(self):
        self.proc = subprocess.Popen([self.discusd, "--state-dir", self.state, "--socket", self.socket,
                                      "--station", self.name, "--queue", self.url,
                                      "--lease-seconds", str(LEASE_S)], stdout=self.log, stderr=self.log)

    def wait_ready(self, timeout=60):
        end = time.time() + timeout
        while time.time() < end:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name}: discusd exited with {self.proc.returncode}")
            if os.path.exists(self.socket) and self.client("jobs", "--json").returncode == 0:
                return
            time.sleep(0.05)
        raise RuntimeError(f"{self.name}: discusd did not become ready")

    def client(self, *args):
        return subprocess.run([self.discus, "--socket", self.socket, *args], capture_output=True, text=True)

    def signal(self, sig):
        self.proc.send_signal(sig)

    def cleanup(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.log.close()

    def dump_log(self):
        try:
            with open(self.log_path, errors="replace") as f:
                tail = f.read()[-3000:]
            print(f"--- {self.name} log (tail) ---\n{tail}")
        except OSError:
            pass


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    discusd, discus = sys.argv[1], sys.argv[2]
    n_jobs = int(sys.argv[sys.argv.index("--jobs") + 1]) if "--jobs" in sys.argv else 200
    url = os.environ.get("DISCUS_TEST_POSTGRES_URL")
    if not url:
        print("daemon_stations_test: needs DISCUS_TEST_POSTGRES_URL (run it under tests/support/postgres_server.py)")
        return 2
    work = tempfile.mkdtemp(prefix="discus-stations-")
    stations = []
    try:
        stations = [Station(discusd, discus, work, "st1", url), Station(discusd, discus, work, "st2", url)]
        rc = run(discus, work, n_jobs, url, *stations)
        if rc != 0:
            for s in stations:
                s.dump_log()
        return rc
    finally:
        for s in stations:  # never leave a daemon behind, whatever failed
            s.cleanup()
        shutil.rmtree(work, ignore_errors=True)


def run(discus, work, n_jobs, url, st1, st2):
    started = time.time()
    study = os.path.join(work, "in")
    make_study(study, "S1", 1, side=64)
    images = os.path.join(work, "images")
    os.makedirs(images)
    # One after the other: the first creates the schema, the second finds it.
    st1.start()
    st1.wait_ready()
    st2.start()
    st2.wait_ready()
    db = Queue(pg_url=url)

    submitted = []
    t_submit = time.time()
    for i in range(n_jobs):
        via = st1 if i % 2 == 0 else st2
        r = via.client("submit", "--profile", "STD-GEN-CD", "--copies", "1", "--iso-dir", images, study)
        if r.returncode != 0 or not r.stdout.strip().isdigit():
            raise RuntimeError(f"submit {i} via {via.name} failed: {r.returncode} {r.stdout} {r.stderr}")
        submitted.append(int(r.stdout.strip()))
    print(f"  submitted {n_jobs} jobs in {time.time() - t_submit:.1f} s", flush=True)

    # Kill st1 while it holds a running job: freeze it, read what it holds, kill or thaw.
    held = []
    kill_ms = 0
    end = time.time() + 60
    while time.time() < end:
        if db.one("SELECT COUNT(*) FROM events WHERE station = 'st1' AND to_state = 'done' AND n = 0") < 5:
            time.sleep(0.05)
            continue
        st1.signal(signal.SIGSTOP)
        held = db.rows("SELECT id, lease_expires_ms FROM jobs WHERE state = 'running' AND lease_owner = 'st1'")
        if held:
            st1.signal(signal.SIGKILL)
            st1.proc.wait()
            kill_ms = int(time.time() * 1000)
            break
        st1.signal(signal.SIGCONT)
        time.sleep(0.02 + 0.01 * (len(submitted) % 7))
    check(held, "st1 never held a running job to be killed with")
    if not held:
        return 1
    done_at_kill = db.one("SELECT COUNT(*) FROM jobs WHERE state = 'done'")
    print(f"  SIGKILLed st1 holding job(s) {[h[0] for h in held]} with {done_at_kill} of {n_jobs} done", flush=True)

    # st2 drains the rest, the killed station's jobs once their lease runs out.
    end = time.time() + 120
    while time.time() < end:
        if db.one("SELECT COUNT(*) FROM jobs WHERE state <> 'done'") == 0:
            break
        if st2.proc.poll() is not None:
            check(False, f"st2 exited with {st2.proc.returncode}")
            break
        time.sleep(0.2)
    drained_s = time.time() - started

    r = st2.client("jobs", "--json")
    check(r.returncode == 0, f"discus jobs --json: exit {r.returncode} {r.stderr}")
    listed = json.loads(r.stdout) if r.returncode == 0 else []
    ids = [j["id"] for j in listed]
    check(sorted(ids) == sorted(submitted), f"jobs lost or extra: {len(ids)} listed, {len(submitted)} submitted")
    check(len(set(ids)) == len(ids), f"{len(ids) - len(set(ids))} job(s) listed twice")
    for j in listed:
        check(j["state"] == "done", f"job {j['id']} is {j['state']}")
        check(len(j["copies"]) == 1, f"job {j['id']} lists {len(j['copies'])} copies")
        for c in j["copies"]:
            check(c["state"] == "done" and c["verified"], f"job {j['id']} copy {c['n']}: {c['state']} verified={c['verified']}")

    states = dict(db.rows("SELECT state, COUNT(*) FROM jobs GROUP BY state"))
    check(states == {"done": n_jobs}, f"jobs by state: {states}")
    done_events = dict(db.rows("SELECT job_id, COUNT(*) FROM events WHERE to_state = 'done' AND n = 0 GROUP BY job_id"))
    for job in submitted:
        check(done_events.get(job) == 1, f"job {job}: {done_events.get(job, 0)} done events")
    done_copies = dict(db.rows("SELECT job_id, COUNT(*) FROM copies WHERE state = 'done' GROUP BY job_id"))
    for job in submitted:
        check(done_copies.get(job) == 1, f"job {job}: {done_copies.get(job, 0)} done copies")
    by_station = dict(db.rows("SELECT station, COUNT(*) FROM events WHERE to_state = 'done' AND n = 0 GROUP BY station"))
    check(by_station.get("st1", 0) >= 5 and by_station.get("st2", 0) >= 5, f"done jobs by station: {by_station}")
    # After its death st1's name appears only on the give-back of its expired leases (written by
    # the station that found them expired, in the name of the lease's owner).
    late_st1 = db.rows("SELECT job_id, time_ms, from_state, to_state, n, detail FROM events "
                       "WHERE station = 'st1' AND time_ms > ?", (kill_ms,))
    expired = 'lease of station "st1" expired'
    check(all(e[5] == expired for e in late_st1), f"event(s) from st1 after it was killed: {late_st1}")
    check(all(e[0] in [h[0] for h in held] for e in late_st1), f"st1 gave back jobs it did not hold: {late_st1}")

    # The killed station's jobs: finished by st2, claimed only after st1's lease ran out.
    for job, lease_expires in held:
        ev = db.rows("SELECT seq, time_ms, from_state, to_state, station, n FROM events WHERE job_id = ? ORDER BY seq", (job,))
        after = [e for e in ev if e[1] >= kill_ms - 1000 and e[4] == "st2"]
        claims = [e for e in ev if e[4] == "st2" and e[3] == "running" and e[5] == 0]
        done = [e for e in ev if e[3] == "done" and e[5] == 0]
        check(bool(claims), f"held job {job}: never claimed by st2; events {ev}")
        gave_back = [e for e in late_st1 if e[0] == job and e[2] == "running" and e[3] == "queued" and e[4] == 0]
        check(len(gave_back) == 1 and gave_back[0][1] >= lease_expires,
              f"held job {job}: not given back once after its lease ran out at {lease_expires}: {gave_back}")
        check(len(done) == 1 and done[0][4] == "st2", f"held job {job}: done by {[d[4] for d in done]}, not st2 once")
        if claims:
            waited = claims[-1][1] - kill_ms
            check(claims[-1][1] >= lease_expires, f"held job {job}: st2 claimed it at {claims[-1][1]}, "
                  f"before st1's lease ran out at {lease_expires}")
            check(waited <= (LEASE_S + 60) * 1000, f"held job {job}: taken over only {waited} ms after the kill")
            print(f"  job {job}: st2 claimed it {waited} ms after the kill "
                  f"({claims[-1][1] - lease_expires} ms after the lease ran out), {len(after)} st2 events", flush=True)
    db.close()

    expected = {f"{job}-1.iso" for job in submitted}
    present = set(os.listdir(images))
    check(present == expected, f"image folder: {len(present - expected)} extra {sorted(present - expected)[:5]}, "
          f"{len(expected - present)} missing {sorted(expected - present)[:5]}")

    def verifies(name):
        return subprocess.run([discus, "verify", "--iso", os.path.join(images, name)],
                              capture_output=True, text=True).returncode == 0
    with ThreadPoolExecutor(2) as pool:
        bad = [n for n, ok in zip(sorted(present), pool.map(verifies, sorted(present))) if not ok]
    check(not bad, f"{len(bad)} image(s) fail discus verify --iso: {bad[:5]}")
    staging = os.path.join(st2.state, "staging")
    check(not os.path.isdir(staging) or not os.listdir(staging), f"st2 left staged PHI: {os.listdir(staging)}")
    print(f"  {n_jobs} jobs drained in {drained_s:.1f} s; done by station {by_station}; total {time.time() - started:.1f} s")
    if failures:
        print(f"daemon_stations_test: {len(failures)} failure(s)")
        return 1
    print("daemon_stations_test: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
