#!/usr/bin/env python3
""""Stop after this copy" (POST /v1/jobs/{id}/cancel {"when": "after-current-copy"}) with a real
discusd on a stdio: drive, the case the kiosk's Stop button needs:

  - asked while a copy is physical (burning or verifying, where a plain cancel is refused by
    PS3.4 S.3.2.3), it is accepted at once: the job stays running with spec.stop_after_copy, its
    queued copies cancelled; the copy in hand finishes and is verified; no other burn starts (the
    drive's ejected discs are exactly the copies done); the job ends cancelled with its verified
    copies done, and its history says who asked;
  - `discus cancel --after-copy` does the same from the command line;
  - durable: asked, then discusd killed (SIGKILL) mid-copy and started again: the interrupted copy
    is read back, nothing more is burned, the job ends cancelled;
  - a retry clears the request: every copy is made;
  - a queued job (nothing physical) is cancelled at once.
Usage: daemon_stop_after_copy_test.py DISCUSD DISCUS SOURCE_DIR
"""
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from daemon_service_support import (Daemon, OpenApi, check, finish, many_instances, request, terminal,  # noqa: E402
                                    wait_job)

DISCUSD, DISCUS, SOURCE = [os.path.abspath(a) for a in sys.argv[1:4]]
API = OpenApi(SOURCE)
PHYSICAL = ("burning", "verifying", "suspect")


def submit(sock, inputs, drive, copies):
    status, job = request(sock, "POST", "/v1/jobs", {"kind": "author", "author": {
        "profile": "STD-GEN-CD", "inputs": [inputs], "copies": copies, "target": {"kind": "drive", "where": drive}}})
    check(status == 201, f"submit {copies} copies ({status})")
    return job["id"]


def states(doc):
    return [c["state"] for c in doc.get("copies", [])]


def ejected(drive):
    folder = drive[len("stdio:"):] + ".ejected"
    return sorted(os.listdir(folder)) if os.path.isdir(folder) else []


def stop_mid_copy(sock, job, how):
    """Waits for a copy past the first to be physical, then asks to stop; returns (answer, states then)."""
    doc = wait_job(sock, job, lambda d: any(s in PHYSICAL for s in states(d)) and "done" in states(d), timeout=120)
    before = states(doc)
    if how == "api":
        status, answer = request(sock, "POST", f"/v1/jobs/{job}/cancel", {"when": "after-current-copy", "reason": "patient left"})
        check(status == 200, f"stop after the current copy is accepted while a copy is {[s for s in before if s in PHYSICAL]} ({status} {answer})")
    else:
        r = subprocess.run([DISCUS, "--socket", sock, "cancel", "--after-copy", str(job)], capture_output=True, text=True, timeout=60)
        check(r.returncode == 0 and "stops after the copy in hand" in r.stdout, f"discus cancel --after-copy ({r.stdout.strip()} {r.stderr.strip()})")
        _, answer = request(sock, "GET", f"/v1/jobs/{job}")
    return answer, before


def main():
    tmp = tempfile.mkdtemp(prefix="discus-stop-")
    try:
        inputs = many_instances(os.path.join(tmp, "in"), 150)
        state, sock = os.path.join(tmp, "state"), os.path.join(tmp, "run", "discusd.sock")
        drive = "stdio:" + os.path.join(tmp, "drive1.iso")
        d = Daemon(DISCUSD, state, sock, "--drive", drive)

        # 1. Through the API, while a copy is physical.
        job = submit(sock, inputs, drive, 12)
        answer, before = stop_mid_copy(sock, job, "api")
        API.conforms(answer, "Job", "the job after the request")
        in_hand = [s for s in states(answer) if s not in ("done", "cancelled")]
        check(answer.get("state") == "running" and answer["spec"].get("stop_after_copy", "").startswith("asked by root: patient left"),
              f"the job runs on, spec.stop_after_copy says who asked ({answer.get('state')}, {answer['spec'].get('stop_after_copy')})")
        check(len(in_hand) <= 1 and "queued" not in states(answer), f"its queued copies are cancelled at once ({states(answer)})")
        doc = wait_job(sock, job, terminal)
        done = states(doc).count("done")
        expect = states(answer).count("done") + len(in_hand)
        check(doc["state"] == "cancelled", f"the job ends cancelled ({doc['state']}, {doc.get('error')})")
        check(done == expect and done < 12, f"the copy in hand was finished and counted: {done} done (done or in hand at the request: {expect})")
        check(all(c["verified"] for c in doc["copies"] if c["state"] == "done"), "every done copy was verified")
        check(len(ejected(drive)) == done, f"no further burn started: {len(ejected(drive))} disc(s) out of the drive, {done} done")
        check(all(c["attempt"] == 1 for c in doc["attempts"]), "no copy remade")
        _, events = request(sock, "GET", f"/v1/jobs/{job}/events")
        details = [e["detail"] for e in events or [] if e["n"] == 0]
        check(any("stop after the current copy: asked by root" in t for t in details)
              and any(t.startswith(f"stopped after the current copy: {done} of 12") for t in details),
              f"the history says who asked and how many were made ({details[-2:]})")

        # 2. A retry clears the request: every copy is made (the cancelled ones remade).
        status, _ = request(sock, "POST", f"/v1/jobs/{job}/retry")
        doc = wait_job(sock, job, terminal, timeout=180)
        check(status == 200 and doc["state"] == "done" and states(doc).count("done") == 12 and not doc["spec"].get("stop_after_copy"),
              f"a retry makes every copy ({doc['state']}, {states(doc).count('done')} done)")

        # 3. From the command line, then SIGKILL mid-copy and a restart: still stops after that copy.
        first_out = len(ejected(drive))
        job = submit(sock, inputs, drive, 12)
        answer, before = stop_mid_copy(sock, job, "cli")
        d.stop(signal.SIGKILL)
        check(answer.get("state") == "running" and answer["spec"].get("stop_after_copy"), "asked, then discusd killed")
        d = Daemon(DISCUSD, state, sock, "--drive", drive)
        doc = wait_job(sock, job, terminal, timeout=120)
        done = states(doc).count("done")
        burns = len(ejected(drive)) - first_out
        check(doc["state"] == "cancelled", f"after the restart the job ends cancelled ({doc['state']}, {doc.get('error')})")
        check(burns <= before.count("done") + 1 and done >= before.count("done"),
              f"nothing more was burned after the restart: {burns} disc(s) for {done} done (done before: {before.count('done')})")

        # 4. Nothing physical and not running: cancelled at once.
        status, blocker = request(sock, "POST", "/v1/jobs", {"kind": "author", "author": {
            "profile": "STD-GEN-CD", "inputs": [inputs], "copies": 3, "target": {"kind": "drive", "where": drive}}})
        waiting = submit(sock, inputs, drive, 2)
        status, answer = request(sock, "POST", f"/v1/jobs/{waiting}/cancel", {"when": "after-current-copy"})
        check(status == 200 and (answer["state"] == "cancelled" or answer["spec"].get("stop_after_copy")),
              f"a job waiting for the drive: stop accepted ({answer.get('state')})")
        wait_job(sock, blocker["id"], terminal, timeout=120)
        doc = wait_job(sock, waiting, terminal, timeout=60)
        check(doc["state"] == "cancelled" and "done" not in states(doc), f"... and it ends cancelled, nothing made ({doc['state']} {states(doc)})")
        status, err = request(sock, "POST", f"/v1/jobs/{job}/cancel", {"when": "later"})
        check(status == 400 and err.get("pointer") == "/when", f"a bad 'when' is refused naming it ({status})")
        status, err = request(sock, "POST", f"/v1/jobs/{job}/cancel", {"when": "after-current-copy"})
        check(status == 409, f"a finished job has nothing to stop ({status})")
    finally:
        code = finish()
        shutil.rmtree(tmp, ignore_errors=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
