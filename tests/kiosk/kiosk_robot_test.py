#!/usr/bin/env python3
"""A disc robot out of blank discs, shown by the kiosk (issue 20 "Must show"), against the real robot
simulator: `discus robot-sim --vendor primera --blanks 1` on a spool folder, a real discusd with
`--robot primera:SPOOL`, and tst_robot.qml driving the kiosk: a 2-copy burn sent to the robot
runs out of blanks after the first disc; the kiosk shows the robot needing a person with the reason
and what to do (on the progress screen and under Drives and robots, in German too); when the suite
prints "kiosk-shows-robot-needs-person" this script acts as the person (OUT/operator/refill, the
simulator's way of loading blanks); the kiosk then shows the robot ready again and the job
finishing with both discs verified. Afterwards: two good discs in OUT, the job done.
Usage: kiosk_robot_test.py QUICKTEST DISCUSD DISCUS TESTS_DIR
"""
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

QUICKTEST, DISCUSD, DISCUS, TESTS = [os.path.abspath(a) for a in sys.argv[1:5]]
sys.path.insert(0, os.path.join(TESTS, "..", "support"))
from service_client import answers, request  # noqa: E402

PYDICOM = "/usr/lib/python3/dist-packages/pydicom/data/test_files"
failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what, flush=True)
    if not cond:
        failures.append(what)
    return bool(cond)


def stop(proc):
    if proc and proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def main():
    with tempfile.TemporaryDirectory(prefix="discus-kiosk-robot-") as tmp:
        spool, out, folder = (os.path.join(tmp, d) for d in ("spool", "out", "in/study"))
        for d in (spool, out, folder):
            os.makedirs(d)
        shutil.copy(os.path.join(PYDICOM, "CT_small.dcm"), os.path.join(folder, "CT1.dcm"))
        log = open(os.path.join(tmp, "sim.log"), "wb")
        sim = subprocess.Popen([DISCUS, "robot-sim", "--vendor", "primera", "--spool", spool, "--out", out, "--blanks", "1",
                                "--tick-ms", "200", "--disc-ms", "300"], stdout=log, stderr=log)
        state, sock = os.path.join(tmp, "state"), os.path.join(tmp, "discusd.sock")
        dlog = open(os.path.join(tmp, "discusd.log"), "wb")
        daemon = subprocess.Popen([DISCUSD, "--state-dir", state, "--socket", sock, "--station", "kiosk-robot",
                                   "--robot", "primera:" + spool], stdout=dlog, stderr=dlog)
        kiosk = None
        try:
            deadline = time.time() + 20
            while not answers(sock) and daemon.poll() is None and time.time() < deadline:
                time.sleep(0.05)
            if not check(answers(sock), "discusd started with --robot primera:SPOOL"):
                print(open(dlog.name, errors="replace").read()[-2000:])
                return 1
            env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_QUICK_BACKEND="software", DISCUS_SOCKET=sock,
                       DISCUS_KIOSK_STATE=os.path.join(tmp, "kiosk-state"), DISCUS_TEST_FOLDER=folder)
            env.pop("QT_IM_MODULE", None)
            t0 = time.time()
            kiosk = subprocess.Popen([QUICKTEST, "-input", os.path.join(TESTS, "tst_robot.qml")], env=env, cwd=tmp,
                                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            lines, refilled = [], []
            timer = threading.Timer(240, kiosk.kill)  # a hung suite ends; its output says where
            timer.start()
            for line in kiosk.stdout:
                lines.append(line)
                if "kiosk-shows-robot-needs-person" in line and not refilled:
                    status, robots = request(sock, "GET", "/v1/robots")
                    check(status == 200 and robots and robots[0]["state"] == "needs-attention"
                          and robots[0].get("reason", "").startswith("out-of-media"),
                          f"the service agrees: the robot is out of blanks ({robots and robots[0].get('reason')})")
                    with open(os.path.join(out, "operator", "refill"), "w") as f:  # a person loads 50 blanks
                        f.write("50\n")
                    refilled.append(time.time())
            kiosk.wait()
            timer.cancel()
            text = "".join(lines)
            summary = re.findall(r"^Totals: .*$", text, re.M)
            check(kiosk.returncode == 0, f"tst_robot: {summary[-1] if summary else 'no totals'} ({time.time() - t0:.1f} s)")
            if kiosk.returncode != 0:
                print(text[-5000:])
            check(bool(refilled), "the kiosk showed the robot needing a person before anyone loaded blanks")
            status, jobs = request(sock, "GET", "/v1/jobs")
            robot_jobs = [j for j in jobs or [] if j.get("kind") == "author"]
            done = robot_jobs and robot_jobs[-1]["state"] == "done" and all(c["state"] == "done" for c in robot_jobs[-1]["copies"])
            isos = sorted(f for f in os.listdir(out) if f.endswith(".iso"))
            check(done and len(isos) == 2, f"the job finished after the refill: {robot_jobs and robot_jobs[-1]['state']}, discs {isos}")
        finally:
            if kiosk and kiosk.poll() is None:
                kiosk.kill()
            stop(daemon)
            stop(sim)
            if failures:
                print(open(os.path.join(tmp, "sim.log"), errors="replace").read()[-1500:])
    print(f"{len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
