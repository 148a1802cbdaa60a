#!/usr/bin/env python3
"""An import job of discusd SIGKILLed mid-send and the daemon restarted sends no instance twice
(issue 17 item 6), proven at dcmtk's storescp, which logs every C-STORE (-v) and keeps every
received file under a unique name (+uf): an instance received twice would be two files with one
SOP Instance UID and one C-STORE request too many in its log.

No worklist is configured, so the outside patient is first held for a person; the decision over
the API releases the job, and discusd is killed while that run sends. After the restart the
station recovers the job and runs the import again: what was sent is already-imported (the
station's ledger), the one instance in flight at the kill is held in doubt (kind instance) and
never re-sent on its own; the person answers it (reject when storescp has it, else resend) and
the job completes with every instance received exactly once.
Usage: daemon_import_kill_test.py DISCUS DISCUSD SOURCE_DIR
"""
import collections
import glob
import os
import re
import subprocess
import sys
import tempfile
import time
import warnings

import daemon_import_support as ds

DISCUS, DISCUSD, SOURCE = [os.path.abspath(a) for a in sys.argv[1:4]]
N = 120
failures = []


def check(cond, what):
    return ds.ns.check(bool(cond), what, failures)


def received(folder):
    import pydicom
    warnings.simplefilter("ignore")
    uids = collections.Counter()
    for p in glob.glob(os.path.join(folder, "*")):
        try:
            uids[str(pydicom.dcmread(p, stop_before_pixels=True).SOPInstanceUID)] += 1
        except Exception:
            pass
    return uids


def main():
    with tempfile.TemporaryDirectory(prefix="discusd-import-kill-") as tmp:
        medium = os.path.join(tmp, "medium")
        ds.im.make_instances(os.path.join(medium, "DICOM"), ds.im.Patient("EXT-K", "KILL^KARL", "19590909", "M"), N, rows=128)
        out = os.path.join(tmp, "storescp")
        os.makedirs(out)
        port = ds.ns.free_port()
        log_path = os.path.join(tmp, "storescp.log")
        log = open(log_path, "w+")
        scp = subprocess.Popen(["storescp", "-v", "+uf", "-od", out, "-aet", "STORESCP", str(port)], stdout=log, stderr=log)
        config = os.path.join(tmp, "discus.toml")
        ds.write_config(config, [("SCP", "STORESCP", port, ["import-destination"])])
        daemon = ds.Daemon(DISCUSD, tmp, config)
        try:
            check(ds.ns.wait_port(port, 20), "storescp started")
            daemon.start()
            job = daemon.submit_import(medium, "SCP")
            j = daemon.wait_job(job)
            check(j["state"] == "held", f"no worklist: job {job} is held for a person ({j['state']})")
            st, holds = daemon.get("/v1/holds")
            hold = next((h for h in holds if h["job"] == job), None) if st == 200 else None
            check(hold and hold["kind"] == "identity", f"its identity hold ({hold and hold['id']})")
            if not hold:
                ds.ns.finish(failures)
            st, _ = daemon.post(f"/v1/holds/{hold['id']}/decision", {"action": "patient", "patient_id": "L0K", "issuer": "HOSP"})
            check(st == 200, f"decided over the API ({st})")
            killed = False
            end = time.time() + 60
            while time.time() < end:
                if len(os.listdir(out)) >= N // 3:
                    daemon.kill()
                    killed = True
                    break
                time.sleep(0.01)
            first = sum(received(out).values())
            check(killed and 0 < first < N, f"discusd was SIGKILLed mid-import: storescp has {first} of {N}")

            daemon.start()  # the station recovers its job and runs the import again
            j = daemon.wait_job(job)
            st, inv = daemon.get(f"/v1/imports/{job}/inventory")
            o = inv["outcomes"] if st == 200 else {}
            check(ds.sums_ok(inv), f"after the restart: the accounting sums equal the files ({inv and inv.get('files_seen')}: {o})")
            counts = received(out)
            twice = [u for u, c in counts.items() if c > 1]
            check(not twice, f"after the restart, before any decision: no instance received twice ({len(twice)}: {twice[:3]})")
            doubt = [f for f in (inv.get("report", {}).get("files", []) if inv else []) if f["outcome"] == "held"]
            check(o.get("already-imported", 0) + o.get("imported", 0) + o.get("held", 0) == N and len(doubt) <= 1,
                  f"resume: {o} (at most one instance in doubt)")
            if doubt:
                check(j["state"] == "held", f"the job waits for a person on the instance in doubt ({j['state']}: {j.get('hold_reason', '')[:120]})")
                st, holds = daemon.get("/v1/holds")
                h = next((x for x in holds if x["job"] == job and x["kind"] == "instance"), None)
                check(h is not None and h["options"] == ["resend", "reject"], f"an instance hold for it ({h})")
                if h:
                    have = h["sop_instance_uid"] in counts  # a person looks at the PACS
                    st, _ = daemon.post(f"/v1/holds/{h['id']}/decision", {"action": "reject" if have else "resend"})
                    check(st == 200, f"the instance in doubt decided ({'reject: storescp has it' if have else 'resend'}): {st}")
                    j = daemon.wait_job(job, states=("done", "failed", "cancelled"))
            check(j["state"] == "done", f"job {job} completes ({j['state']} {j.get('error', '')})")
            counts = received(out)
            twice = [u for u, c in counts.items() if c > 1]
            check(not twice, f"no instance received twice at storescp ({len(twice)}: {twice[:3]})")
            check(len(counts) == N, f"every instance received: {len(counts)} of {N}")
            log.flush()
            stores = len(re.findall(r"Received Store Request", open(log_path).read()))
            check(stores == N, f"storescp logged {stores} C-STORE requests for {N} instances")
        finally:
            daemon.stop()
            scp.terminate()
            scp.wait(30)
            log.close()
    ds.ns.finish(failures)


if __name__ == "__main__":
    main()
