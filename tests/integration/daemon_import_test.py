#!/usr/bin/env python3
"""Import jobs through discusd's API (issue 17 item 6), against real components: Debian's Orthanc
as the PACS ([pacs.ORTHANC], role import-destination) and dcmtk's wlmscpfs as the worklist
([pacs.WL], role worklist), discs made by `discus author`.

  - a disc whose patient agrees with the worklist: POST /v1/jobs (kind import) -> done; the
    inventory's accounting sums equal the files on the medium; Orthanc shows every instance under
    the local patient, with the accession of the order;
  - a disc whose patient disagrees (sex): the job is held with hold_reason, GET /v1/holds shows the
    foreign identity beside the worklist's candidate, nothing reached Orthanc; POST
    /v1/holds/{hold}/decision with the local patient -> the job is queued again and completes;
    Orthanc shows the local patient; the decision is in the audit trail (Patient Record), the
    import too (Data Import); a second decision on the same hold is refused (409);
  - the same disc again as a new job: everything already-imported (the station's ledger);
  - every answer validates against openapi.yaml (Inventory, Hold, Job).
Usage: daemon_import_test.py DISCUS DISCUSD SOURCE_DIR
"""
import json
import os
import subprocess
import sys
import tempfile
import warnings

import jsonschema
import yaml

import daemon_import_support as ds

DISCUS, DISCUSD, SOURCE = [os.path.abspath(a) for a in sys.argv[1:4]]
failures = []


def check(cond, what):
    return ds.ns.check(bool(cond), what, failures)


with open(os.path.join(SOURCE, "src/daemon/api/openapi.yaml"), encoding="utf-8") as f:
    OPENAPI = yaml.safe_load(f)
warnings.filterwarnings("ignore", category=DeprecationWarning)
RESOLVER = jsonschema.RefResolver(base_uri="", referrer=OPENAPI)


def conforms(doc, ref, what):
    try:
        jsonschema.Draft202012Validator({"$ref": ref}, resolver=RESOLVER).validate(doc)
        return check(True, f"{what} conforms to {ref}")
    except jsonschema.ValidationError as e:
        return check(False, f"{what} conforms to {ref}: {e.message} at {list(e.absolute_path)}")


def main():
    with tempfile.TemporaryDirectory(prefix="discusd-import-") as tmp:
        orthanc = wl = daemon = None
        try:
            orthanc, http_port, dicom_port = ds.start_orthanc(tmp)
            wl, wl_port = ds.start_wlmscpfs(tmp, [("L0002", "Roe^Richard", "19650505", "M", "ACC-L2"),
                                                  ("L0003", "Poe^Anna", "19800808", "F", "ACC-L3")])
            config = os.path.join(tmp, "discus.toml")
            ds.write_config(config, [("ORTHANC", "ORTHANC", dicom_port, ["store-to", "import-destination"]),
                                     ("WL", "WL", wl_port, ["worklist"])])
            daemon = ds.Daemon(DISCUSD, tmp, config).start()

            # 1. The worklist agrees: imported, no person needed.
            richard = ds.im.Patient("EXT-2", "ROE^RICHARD", "19650505", "M")
            disc1 = ds.make_disc(DISCUS, tmp, "richard", richard, 4)
            job1 = daemon.submit_import(disc1, "ORTHANC")
            j = daemon.wait_job(job1)
            check(j["state"] == "done", f"job {job1} (agreeing patient) is done: {j['state']} {j.get('error', '')} {j.get('hold_reason', '')}")
            conforms(j, "#/components/schemas/Job", "GET /v1/jobs/{id} of an import job")
            st, inv = daemon.get(f"/v1/imports/{job1}/inventory")
            check(st == 200, f"GET /v1/imports/{job1}/inventory: {st}")
            if st == 200:
                conforms(inv, "#/components/schemas/Inventory", "the inventory")
                check(ds.sums_ok(inv), f"accounting: the outcomes sum to the files on the medium ({inv['files_seen']}: {inv['outcomes']})")
                check(inv["outcomes"]["imported"] == 4 and inv["complete"], f"4 instances imported ({inv['outcomes']})")
                p = inv["patients"][0] if inv["patients"] else {}
                check(p.get("local", {}) and p["local"]["patient_id"] == "L0002" and p["foreign"]["patient_id"] == "EXT-2",
                      f"the inventory names the foreign and the local patient ({p.get('foreign')}, {p.get('local')})")
            got = ds.orthanc_instances_of(http_port, "L0002")
            check(len(got) == 4 and all(t.get("AccessionNumber") == "ACC-L2" for t in got),
                  f"Orthanc shows 4 instances of L0002 with the order's accession ({len(got)})")
            check(not ds.orthanc_instances_of(http_port, "EXT-2"), "nothing under the foreign Patient ID")

            # 2. The worklist disagrees (sex): held for a person, decided over the API.
            anna = ds.im.Patient("EXT-3", "POE^ANNA", "19800808", "M")
            disc2 = ds.make_disc(DISCUS, tmp, "anna", anna, 3)
            job2 = daemon.submit_import(disc2, "ORTHANC")
            j = daemon.wait_job(job2)
            check(j["state"] == "held" and "H-" in j.get("hold_reason", ""), f"job {job2} (sex disagrees) is held: {j['state']} {j.get('hold_reason', '')}")
            check(not ds.orthanc_instances_of(http_port, "L0003") and not ds.orthanc_instances_of(http_port, "EXT-3"),
                  "nothing of the held patient reached Orthanc")
            st, inv = daemon.get(f"/v1/imports/{job2}/inventory")
            if check(st == 200, "the held job's inventory"):
                conforms(inv, "#/components/schemas/Inventory", "the held job's inventory")
                check(ds.sums_ok(inv) and inv["outcomes"]["held"] == 3, f"held job: 3 held, sums equal the files ({inv['outcomes']})")
            st, holds = daemon.get("/v1/holds")
            check(st == 200 and isinstance(holds, list), f"GET /v1/holds: {st}")
            conforms(holds, "#/paths/~1v1~1holds/get/responses/200/content/application~1json/schema", "GET /v1/holds")
            mine = [h for h in holds if h["job"] == job2] if isinstance(holds, list) else []
            check(len(mine) == 1 and mine[0]["kind"] == "identity", f"one identity hold for job {job2} ({mine})")
            if not mine:
                ds.ns.finish(failures)
            h = mine[0]
            check(h["foreign"]["sex"] == "M" and h["foreign"]["name"] == "POE^ANNA" and
                  any(c["patient_id"] == "L0003" and c["sex"] == "F" for c in h.get("candidates", [])),
                  f"side by side: the foreign POE^ANNA (M) and the worklist's L0003 (F) ({h.get('foreign')}, {h.get('candidates')})")
            st, bad = daemon.post(f"/v1/holds/{h['id']}/decision", {"action": "resend"})
            check(st == 400, f"an identity hold refuses resend (400): {st} {bad}")
            st, bad = daemon.post(f"/v1/holds/{h['id']}/decision", {"action": "patient"})
            check(st == 400, f"patient without patient_id is refused (400): {st}")
            st, decided = daemon.post(f"/v1/holds/{h['id']}/decision",
                                      {"action": "patient", "patient_id": "L0003", "issuer": "HOSP", "note": "checked with the patient"})
            check(st == 200 and decided["decision"]["action"] == "patient" and decided.get("decided_by"),
                  f"POST /v1/holds/{h['id']}/decision: {st} {decided}")
            if st == 200:
                conforms(decided, "#/components/schemas/Hold", "the decided hold")
            j = daemon.wait_job(job2, states=("done", "failed", "cancelled"))
            check(j["state"] == "done", f"job {job2} continues and completes after the decision: {j['state']} {j.get('error', '')}")
            got = ds.orthanc_instances_of(http_port, "L0003")
            check(len(got) == 3 and all(t.get("PatientSex") == "F" and t.get("PatientName") == "Poe^Anna" for t in got),
                  f"Orthanc shows the 3 instances under the local patient L0003 (Poe^Anna, F) ({[(t.get('PatientName'), t.get('PatientSex')) for t in got]})")
            st, inv = daemon.get(f"/v1/imports/{job2}/inventory")
            check(st == 200 and ds.sums_ok(inv) and inv["outcomes"]["imported"] == 3 and inv["outcomes"]["held"] == 0,
                  f"after the decision: 3 imported, none held ({inv and inv.get('outcomes')})")
            st, again = daemon.post(f"/v1/holds/{h['id']}/decision", {"action": "reject"})
            check(st == 409, f"a hold decided already refuses a second decision (409): {st}")
            st, open_holds = daemon.get("/v1/holds?open=true")
            check(st == 200 and not [x for x in open_holds if x["job"] == job2], "no open hold of the job is left")
            st, all_holds = daemon.get("/v1/holds?open=false")
            check(st == 200 and any(x["id"] == h["id"] and x.get("decision") for x in all_holds), "?open=false lists the decided hold")

            # 3. The same disc as a new job (queued by the CLI client): the station's ledger knows every instance.
            env = dict(os.environ, DISCUS_SOCKET=daemon.sock)
            r = subprocess.run([DISCUS, "import-job", disc1, "--destination", "ORTHANC"], capture_output=True, text=True, env=env, timeout=60)
            check(r.returncode == 0 and r.stdout.strip().isdigit(), f"discus import-job queues it ({r.returncode} {r.stdout.strip()} {r.stderr.strip()})")
            job3 = int(r.stdout.strip()) if r.stdout.strip().isdigit() else daemon.submit_import(disc1, "ORTHANC")
            j = daemon.wait_job(job3)
            st, inv = daemon.get(f"/v1/imports/{job3}/inventory")
            check(j["state"] == "done" and inv["outcomes"]["already-imported"] == 4 and inv["outcomes"]["imported"] == 0,
                  f"the same disc again: 4 already-imported, nothing sent ({inv['outcomes']})")

            r = subprocess.run([DISCUS, "holds", "--all", "--json"], capture_output=True, text=True, env=env, timeout=60)
            listed = json.loads(r.stdout) if r.returncode == 0 else []
            check(any(x["id"] == h["id"] for x in listed), f"discus holds --all --json lists the decided hold ({r.returncode})")

            # 4. Into the station's store: the same disc, another destination; /v1/store shows the local patient.
            job4 = daemon.submit_import(disc1, "store")
            j = daemon.wait_job(job4)
            st, inv = daemon.get(f"/v1/imports/{job4}/inventory")
            check(j["state"] == "done" and inv["outcomes"]["imported"] == 4 and inv["destination"].startswith("store:"),
                  f"into the store: 4 imported ({j['state']}, {inv.get('destination')}, {inv['outcomes']})")
            st, studies = daemon.get("/v1/store/studies")
            check(st == 200 and any(s.get("patient_id") == "L0002" and s.get("instances") == 4 for s in studies),
                  f"/v1/store/studies shows the study under L0002 ({st}, {[(s.get('patient_id'), s.get('instances')) for s in studies] if st == 200 else studies})")

            # 5. A held job cancelled: its hold is no longer offered, and a decision is refused (409).
            poe = ds.im.Patient("EXT-4", "POE^ANNA", "19800808", "O")
            disc3 = ds.make_disc(DISCUS, tmp, "anna2", poe, 2)
            job5 = daemon.submit_import(disc3, "ORTHANC")
            j = daemon.wait_job(job5)
            st, holds = daemon.get("/v1/holds")
            h5 = [x for x in holds if x["job"] == job5]
            check(j["state"] == "held" and len(h5) == 1, f"another mismatch held ({j['state']}, {len(h5)} hold)")
            r = subprocess.run([DISCUS, "holds"], capture_output=True, text=True, env=env, timeout=60)
            check(r.returncode == 0 and "POE^ANNA" in r.stdout and "L0003" in r.stdout and "discus decide" in r.stdout,
                  f"discus holds shows the medium's patient beside ours ({r.stdout.strip()[:300]})")
            st, _ = daemon.post(f"/v1/jobs/{job5}/cancel", {})
            st2, holds = daemon.get("/v1/holds")
            check(st == 200 and not [x for x in holds if x["job"] == job5], f"the cancelled job's hold is not offered ({st})")
            if h5:
                r = subprocess.run([DISCUS, "decide", h5[0]["id"], "--patient-id", "L0003"], capture_output=True, text=True, env=env, timeout=60)
                check(r.returncode != 0 and "cancelled" in r.stderr, f"discus decide on a cancelled job's hold is refused ({r.stderr.strip()})")

            # 6. Bad input and the audit trail.
            st, p = daemon.post("/v1/jobs", {"kind": "import", "import": {"source": disc1, "destination": "NOSUCH"}})
            check(st == 400, f"an unknown destination is refused at submission (400): {st}")
            st, p = daemon.post("/v1/jobs", {"kind": "import", "import": {"source": "/nonexistent/disc.iso"}})
            check(st == 400, f"a missing medium is refused at submission (400): {st}")
            st, p = daemon.get("/v1/imports/999999/inventory")
            check(st == 404, f"no such job: 404 ({st})")
            st, audit = daemon.get("/v1/audit?limit=1000")
            events = [r.get("event") for r in audit] if st == 200 and isinstance(audit, list) else []
            check("import" in events and "patient-record" in events,
                  f"the audit trail has the Data Import and the Patient Record (decision) messages ({sorted(set(events))})")
        finally:
            if daemon:
                daemon.stop()
            ds.stop(wl)
            ds.stop(orthanc)
    ds.ns.finish(failures)


if __name__ == "__main__":
    main()
