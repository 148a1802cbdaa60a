#!/usr/bin/env python3
"""The local tower's state across a kill of discusd (issue 18: robot state kept across restarts).

Usage: robot_tower_test.py DISCUSD DISCUS

discusd drives a tower of one libburn stdio: pseudo-drive. A job of 2 copies is submitted; the
moment the tower's state file (STATE/robots/tower/<robot job>.tower) says a disc is in the drive
("drive=" line) and the burn has begun, discusd is SIGKILLed: that disc is being burned, verified or ejected. discusd is
started again and the job runs to its end. Then:

* the job is done with exactly one done attempt per copy;
* the disc that was in the drive was not silently remade: the tower read it back first, and its
  copy's records say so in words, either counted ("finished before the restart: read back and
  verified") or rejected ("interrupted by a restart of the service", and made again);
* every disc the drive produced is accounted for: those that pass `discus verify --iso` are the
  copies asked, the others are the rejects recorded (a reject before the burn began, which left
  no disc, says so);
* the tower's state files are gone once the job is done.
"""
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import robot_sim_test as rs  # noqa: E402

check = rs.check


def scenario(discusd, discus, count, side):
    with tempfile.TemporaryDirectory(prefix="discus-robot-tower-") as work:
        drive = os.path.join(work, "tower.iso")
        st = rs.Station(discusd, discus, work, "tower", "stdio:" + drive)
        state = os.path.join(work, "state", "robots", "tower")
        try:
            st.start()
            study = os.path.join(work, "in", "study")
            rs.make_study(study, "PTOWERK", count=count, side=side)
            r = st.client("submit", "--profile", "STD-GEN-CD", "--copies", "2", "--robot", "tower", study)
            if not check(r.returncode == 0, f"submit: {r.stderr}"):
                return
            job = int(r.stdout.strip())
            # Kill while a disc is in the drive (as the tower's own state file says).
            end, seen = time.time() + 120, None
            while time.time() < end and seen is None:
                if os.path.isdir(state):
                    for name in os.listdir(state):
                        if name.endswith(".tower"):
                            with open(os.path.join(state, name), encoding="utf-8", errors="replace") as f:
                                # ... and the burn has begun (the pseudo-drive's file exists)
                                if "drive=" in f.read() and os.path.exists(drive):
                                    seen = name
                time.sleep(0.001)
            if not check(seen is not None, "the tower never recorded a disc in its drive"):
                return
            st.kill()
            with open(os.path.join(state, seen), encoding="utf-8") as f:
                text = f.read()
            check("drive=" in text, f"the state file lost its drive line at the kill: {text!r}")
            print(f"  discusd killed with a disc in the drive ({seen}); restarting", flush=True)
            st.start()
            states = rs.wait_jobs(st, [job], work, {}, "tower", 180)
            check(states.get(job) == "done", f"job {job} is {states.get(job)}")
            status, copies = st.get(f"/v1/jobs/{job}/copies")
            check(status == 200, f"copies: {status}")
            copies = copies or []
            for n in (1, 2):
                done = [c for c in copies if c["n"] == n and c["state"] == "done"]
                check(len(done) == 1, f"copy {n}: {len(done)} done attempts: {copies}")
            reasons = [c.get("reason", "") for c in copies]
            adopted = [x for x in reasons if "finished before the restart" in x]
            interrupted = [x for x in reasons if "interrupted by a restart of the service" in x]
            check(len(adopted) + len(interrupted) == 1,
                  f"the disc in the drive at the kill is not recorded as adopted or interrupted: {reasons}")
            rejected = [c for c in copies if c["state"] == "rejected"]
            discs = sorted(f for f in os.listdir(work) if f.startswith("tower.iso.") and f.endswith(".iso"))
            good = [d for d in discs if rs.verify_iso(discus, os.path.join(work, d))[0]]
            check(len(good) == 2, f"{len(good)} verified discs for 2 copies: {discs}")
            # A reject before the burn began left no disc behind (it says so).
            physical = [c for c in rejected if "before the burn began" not in c.get("reason", "")]
            check(len(discs) - len(good) == len(physical),
                  f"{len(discs) - len(good)} bad discs, {len(rejected)} rejects recorded: {discs} {reasons}")
            left = [n for n in os.listdir(state) if n.endswith(".tower")] if os.path.isdir(state) else []
            check(not left, f"tower state files left after the job: {left}")
            print(f"  tower: {'adopted' if adopted else 'interrupted and remade'}; {len(good)} discs verified, "
                  f"{len(rejected)} reject(s) recorded", flush=True)
        finally:
            st.stop()
            if rs.failures:
                with open(os.path.join(work, "discusd.log"), errors="replace") as f:
                    print("--- discusd.log (tail)\n" + "".join(f.readlines()[-40:]))


def main():
    discusd, discus = sys.argv[1], sys.argv[2]
    t0 = time.time()
    # A small disc is usually finished when the kill lands (read back, adopted); a larger one
    # usually half written (rejected as interrupted, made again). Either outcome is checked.
    for count, side in ((8, 256), (40, 512)):
        print(f"tower, {count} images of {side}x{side}:", flush=True)
        scenario(discusd, discus, count, side)
    print(f"robot_tower_test: {time.time() - t0:.1f} s, {len(rs.failures)} failure(s)")
    return 1 if rs.failures else 0


if __name__ == "__main__":
    sys.exit(main())
