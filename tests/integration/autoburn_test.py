#!/usr/bin/env python3
"""Auto-burn rules (issue 16 item 3) in a real discusd: [[autoburn]] rules in its --config, studies
sent by dcmtk's storescu to its DICOM listener, jobs in its queue.

  - a study from CT1 whose Study Description contains "PATIENT CD", sent in two associations
    within the quiet time, makes exactly one job (per quiet study, not per instance or
    association), an ordinary job whose input is the study's folder, done with a verified image;
  - re-sent unchanged: no second job (also after a restart: the memory is durable);
  - a study from another AE, or without the text: no job;
  - the study changed (an instance added): once quiet, one new job (the documented policy: a rule
    fires once per study content), and GET /v1/store/studies/{uid} names both jobs;
  - a rule with a bad target kind is refused at start with its name.
Usage: autoburn_test.py DISCUSD SOURCE_DIR
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from store_support import Daemon, check, failures, jobs_of, make_study, storescu, study, wait_for  # noqa: E402

DISCUSD, SOURCE = [os.path.abspath(a) for a in sys.argv[1:3]]


def quiet_again(d, uid, after_ms):
    """Waits until the study is complete with completed_ms > after_ms; returns it."""
    return wait_for(lambda: (lambda s: s if s and s["state"] == "complete" and s.get("completed_ms", 0) > after_ms else None)(study(d, uid)), 20)


def main():
    tmp = tempfile.mkdtemp(prefix="discus-autoburn-")
    out = os.path.join(tmp, "images")
    os.makedirs(out)
    cfg = os.path.join(tmp, "discus.toml")
    with open(cfg, "w") as f:
        f.write(f"""[store]
quiet_seconds = 2

[[autoburn]]
name = "patient-cd"
calling_ae_title = "CT1"
study_description_contains = "PATIENT CD"
profile = "STD-GEN-CD"
copies = 1
target = {{ kind = "image-dir", where = "{out}" }}

[[autoburn]]
name = "mr-only"
calling_ae_title = "MR9"
modality = "MR"
target = {{ kind = "image-dir", where = "{out}" }}
""")
    d = None
    try:
        d = Daemon(DISCUSD, tmp, "ab", config=cfg)
        check("2 auto-burn rule(s)" in d.text(), "discusd reads the two [[autoburn]] rules")
        uid, paths = make_study(os.path.join(tmp, "a"), 5, "Thorax - patient cd for GP")
        r1 = storescu(d.port, "CT1", paths[:3])
        r2 = storescu(d.port, "CT1", paths[3:])
        check(r1.returncode == 0 and r2.returncode == 0, "CT1 sends 5 instances in two associations")
        s = quiet_again(d, uid, 0)
        check(s and s["instances"] == 5, "the study is complete once quiet")
        fired = wait_for(lambda: jobs_of(d), 10)
        check(len(fired) == 1, f"exactly one job for the quiet study ({len(fired)})")
        time.sleep(1)
        check(len(jobs_of(d)) == 1, "still one job a moment later (not one per instance or association)")
        jid = fired[0]["id"] if fired else 0
        status, job = d.get(f"/v1/jobs/{jid}")
        folder = s["folder"] if s else "?"
        check(job and job["spec"]["kind"] == "author" and job["spec"]["author"]["inputs"] == [folder]
              and job["spec"]["author"]["profile"] == "STD-GEN-CD" and job["spec"]["author"]["copies"] == 1,
              f"the job is an ordinary author job of the study's folder ({job and job['spec'].get('author')})")
        wait_for(lambda: (d.get(f"/v1/jobs/{jid}")[1] or {}).get("state") in ("done", "failed"), 90, 0.2)
        status, job = d.get(f"/v1/jobs/{jid}")
        check(job and job["state"] == "done" and job["copies"][0]["verified"], f"the job is done, its copy verified ({job and job['state']} {job and job.get('error')})")

        # Re-sent unchanged: quiet again, nothing fired.
        before = study(d, uid)["completed_ms"]
        storescu(d.port, "CT1", paths)
        s = quiet_again(d, uid, before)
        time.sleep(0.5)
        check(s and len(jobs_of(d)) == 1, f"re-sent unchanged: no second job ({len(jobs_of(d))})")

        # Other senders, other descriptions: nothing.
        uid_b, paths_b = make_study(os.path.join(tmp, "b"), 2, "PATIENT CD", patient_id="B")
        uid_c, paths_c = make_study(os.path.join(tmp, "c"), 2, "Routine chest", patient_id="C")
        storescu(d.port, "CT2", paths_b)
        storescu(d.port, "CT1", paths_c)
        check(quiet_again(d, uid_b, 0) and quiet_again(d, uid_c, 0), "both other studies complete")
        time.sleep(0.5)
        check(len(jobs_of(d)) == 1, "a PATIENT CD study from CT2 and a routine one from CT1 fire nothing")

        # The study changed: one more instance. One new job, the whole study as it now is.
        _, extra = make_study(os.path.join(tmp, "a2"), 1, "Thorax - patient cd for GP", study_uid=uid)
        before = study(d, uid)["completed_ms"]
        storescu(d.port, "CT1", extra)
        s = quiet_again(d, uid, before)
        two = wait_for(lambda: len(jobs_of(d)) == 2, 10)
        check(two and s and s["instances"] == 6, f"the changed study (6 instances) fires once more ({len(jobs_of(d))} jobs)")
        s = study(d, uid)
        check(s and len(s["jobs"]) == 2, f"GET /v1/store/studies/{{uid}} names both jobs ({s and s['jobs']})")

        # Durable: after a restart, the unchanged study re-sent fires nothing.
        for j in jobs_of(d):
            wait_for(lambda: (d.get(f"/v1/jobs/{j['id']}")[1] or {}).get("state") in ("done", "failed"), 90, 0.2)
        port = d.port
        d.stop()
        d = Daemon(DISCUSD, tmp, "ab", config=cfg, port=port)
        before = study(d, uid)["completed_ms"]
        storescu(d.port, "CT1", paths + extra)
        s = quiet_again(d, uid, before)
        time.sleep(0.5)
        check(s and len(jobs_of(d)) == 2, f"after a restart, the unchanged study re-sent fires nothing ({len(jobs_of(d))} jobs)")
        d.stop()
        d = None

        # A rule that cannot work is refused at start, naming it.
        bad = os.path.join(tmp, "bad.toml")
        with open(bad, "w") as f:
            f.write('[[autoburn]]\nname = "broken"\ntarget = { kind = "floppy", where = "/x" }\n')
        r = subprocess.run([DISCUSD, "--state-dir", os.path.join(tmp, "bad-state"), "--socket", os.path.join(tmp, "bad.sock"),
                            "--config", bad, "--dicom-port", "0"], capture_output=True, text=True, timeout=30)
        check(r.returncode != 0 and "broken" in r.stderr and "floppy" in r.stderr, f"a bad rule is refused at start ({r.stderr.strip()[-120:]})")
    finally:
        if d:
            d.stop()
        if failures:
            for n in sorted(os.listdir(tmp)):
                if n.endswith(".log"):
                    print(f"---- {n}\n" + open(os.path.join(tmp, n), errors="replace").read()[-4000:])
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"{len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
