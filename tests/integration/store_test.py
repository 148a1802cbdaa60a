#!/usr/bin/env python3
"""The study store in discusd (issue 15): a real discusd --aet DISCUS --dicom-port N, dcmtk's
storescu as the modality, pydicom's test files as the instances.

  - C-ECHO (echoscu) and C-STORE (storescu) to the daemon; a wrong called AE title is refused;
  - the study appears in GET /v1/store/studies (and ?patient_id=, ?patient_name= wildcards) and
    GET /v1/store/studies/{uid} with its series, every answer valid against openapi.yaml;
    "receiving", then "complete" once quiet ([store] quiet_seconds);
  - every received file is the sent data set, element by element (pydicom);
  - each association that stored instances is audited: a DICOM Instances Transferred message
    (PS3.15 A.5.3.7, EventID 110104) naming the calling AE title and the study;
  - a job can be submitted for a stored study (its folder as the input) and is done;
  - purge: DELETE /v1/store/studies/{uid} (204, files gone, audited 110103, then 404), POST
    /v1/store/purge dry run and real;
  - TLS: --dicom-tls-key/--dicom-tls-cert/--dicom-tls-ca (as store-scp's --tls-*): storescu +tls
    with a certificate of the CA stores; one with an untrusted certificate is refused;
  - crash-only: discusd SIGKILLed while storescu sends 150 instances; after a restart every
    instance storescu was told was stored is in the store, files and index agree.
Usage: store_test.py DISCUS DISCUSD SOURCE_DIR
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from store_support import (Daemon, Schemas, check, failures, make_study, request, storescu, study, wait_for)  # noqa: E402

DISCUS, DISCUSD, SOURCE = [os.path.abspath(a) for a in sys.argv[1:4]]


def same_dataset(a, b):
    """Element by element, but for Data Set Trailing Padding (FFFC,FFFC), which storescu does not
    send (PS3.10 7.2: it carries no meaning)."""
    import pydicom
    x, y = pydicom.dcmread(a), pydicom.dcmread(b)
    tags = [e.tag for e in x if e.tag != 0xFFFCFFFC]
    return tags == [e.tag for e in y] and all(x[t].value == y[t].value for t in tags)


def receive_and_browse(tmp, schemas):
    cfg = os.path.join(tmp, "store.toml")
    with open(cfg, "w") as f:
        f.write("[store]\nquiet_seconds = 2\nretention_days = 3\n")
    d = Daemon(DISCUSD, tmp, "one", config=cfg)
    try:
        r = subprocess.run(["echoscu", "-aet", "CT1", "-aec", "DISCUS", "127.0.0.1", str(d.port)], capture_output=True, text=True)
        check(r.returncode == 0, f"echoscu to discusd's listener ({r.stderr.strip()[:100]})")
        r = subprocess.run(["echoscu", "-aet", "CT1", "-aec", "SOMEONE", "127.0.0.1", str(d.port)], capture_output=True, text=True)
        check(r.returncode != 0, "a wrong called AE title is refused")

        uid, paths = make_study(os.path.join(tmp, "s1"), 4, "Head CT", patient_id="PAT-A")
        r = storescu(d.port, "CT1", paths)
        check(r.returncode == 0, f"storescu sends 4 instances ({r.stdout[-200:]}{r.stderr[-200:]})")
        s = study(d, uid)
        check(s and s["instances"] == 4 and s["calling_ae_titles"] == ["CT1"] and s["patient_id"] == "PAT-A",
              f"the study is in the store at once, 4 instances from CT1 ({s and {k: s[k] for k in ('instances', 'state')}})")
        check(s and s["state"] == "receiving", "it is 'receiving' until quiet")
        schemas.conforms(s, "#/components/schemas/StoredStudy", "GET /v1/store/studies/{uid}")
        check(s and len(s["series"]) == 1 and s["series"][0]["instances"] == 4 and s["series"][0]["modality"] == "CT",
              "its series with modality and count")
        status, listed = d.get("/v1/store/studies")
        check(status == 200 and [x["study_instance_uid"] for x in listed] == [uid], "GET /v1/store/studies lists it")
        for x in listed or []:
            schemas.conforms(x, "#/components/schemas/StoredStudy", "GET /v1/store/studies item")
        status, listed = d.get("/v1/store/studies?patient_id=NOBODY")
        check(status == 200 and listed == [], "?patient_id= filters")
        name = s["patients_name"] if s else ""
        status, listed = d.get("/v1/store/studies?patient_name=" + name[:4].lower() + "*")
        check(status == 200 and len(listed or []) == 1, f"?patient_name= wildcard, case-insensitive ({name[:4].lower()}*)")
        status, _ = d.get("/v1/store/studies/1.2.3.999")
        check(status == 404, "an unknown study is 404")
        done = wait_for(lambda: (study(d, uid) or {}).get("state") == "complete", 15)
        check(done, "the study is 'complete' after [store] quiet_seconds")

        # The files are what was sent, element by element.
        folder = s["folder"] if s else ""
        stored = sorted(os.listdir(folder)) if os.path.isdir(folder) else []
        import pydicom
        by_uid = {str(pydicom.dcmread(p, stop_before_pixels=True).SOPInstanceUID): p for p in paths}
        check(len(stored) == 4 and all(same_dataset(by_uid[n[:-4]], os.path.join(folder, n)) for n in stored),
              "every stored instance equals the sent one, element by element")

        # Audit: one DICOM Instances Transferred (A.5.3.7) message for the association.
        lines = [l for l in d.audit_lines() if "110104" in l and uid in l]
        check(len(lines) == 1 and "CT1" in lines[0], f"one DICOM Instances Transferred message names CT1 and the study ({len(lines)})")

        # A job for a stored study: its folder is the input.
        out = os.path.join(tmp, "images")
        os.makedirs(out)
        status, job = request(d.sock, "POST", "/v1/jobs", {"kind": "author", "author": {
            "profile": "STD-GEN-CD", "inputs": [folder], "copies": 1, "target": {"kind": "image-dir", "where": out}}})
        check(status == 201, f"a job for the stored study is queued ({status} {job if status != 201 else ''})")
        jid = job["id"] if status == 201 else 0
        wait_for(lambda: (d.get(f"/v1/jobs/{jid}")[1] or {}).get("state") in ("done", "failed"), 60, 0.2)
        status, j = d.get(f"/v1/jobs/{jid}")
        check(j and j["state"] == "done" and os.listdir(out), f"the job is done and its image is there ({j and j.get('state')}, {j and j.get('error')})")
        check(study(d, uid) is not None, "the study stays in the store after its job (inputs are never purged)")

        # Purge: refused to nobody here (no live job); 204, files gone, audited, 404 after.
        uid2, paths2 = make_study(os.path.join(tmp, "s2"), 2, "Old study", patient_id="PAT-B")
        storescu(d.port, "MR1", paths2)
        status, res = request(d.sock, "POST", "/v1/store/purge", {"older_than_days": 0, "dry_run": True})
        check(status == 200 and sorted(res["studies"]) == sorted([uid, uid2]) and res["dry_run"] and res["bytes"] > 0,
              f"POST /v1/store/purge dry run lists both studies ({res})")
        schemas.conforms(res, "#/components/schemas/PurgeResult", "POST /v1/store/purge")
        check(study(d, uid2) is not None, "a dry run removes nothing")
        status, _ = request(d.sock, "DELETE", f"/v1/store/studies/{uid}")
        check(status == 204 and not os.path.exists(folder), f"DELETE /v1/store/studies/{{uid}}: 204 and the files are gone ({status})")
        check(study(d, uid) is None, "the purged study is 404 after")
        check(any("110103" in l and uid in l for l in d.audit_lines()), "the purge is audited (DICOM Instances Accessed, 110103)")
        status, res = request(d.sock, "POST", "/v1/store/purge", {"older_than_days": 3})
        check(status == 200 and res["studies"] == [], "the retention purge spares a study younger than its days")
        status, res = request(d.sock, "POST", "/v1/store/purge", {"older_than_days": 0})
        check(status == 200 and res["studies"] == [uid2] and study(d, uid2) is None, "POST /v1/store/purge removes what is older")
        status, res = request(d.sock, "POST", "/v1/store/purge", {"older_than_days": -1})
        check(status == 400, "a negative older_than_days is refused (400)")
    finally:
        rc = d.stop()
    check(rc == 0, "discusd stops cleanly on SIGTERM with its listener")


def killed_mid_receive(tmp):
    """SIGKILL while instances arrive: every acknowledged instance survives, files and index agree."""
    d = Daemon(DISCUSD, tmp, "two")
    uid, paths = make_study(os.path.join(tmp, "big"), 150, "Many")
    sender = storescu(d.port, "CT1", paths, verbose=True, wait=False)
    acked = 0
    out = []
    deadline = time.time() + 60
    while time.time() < deadline:
        line = sender.stdout.readline()
        if not line:
            break
        out.append(line)
        if "Received Store Response (Success)" in line:
            acked += 1
            if acked == 40:
                d.stop(kill=True)
                break
    sender.wait(60)
    rest = sender.stdout.read()
    acked += rest.count("Received Store Response (Success)")  # answered before the kill took effect
    check(40 <= acked < 150, f"discusd was SIGKILLed mid-receive ({acked} of 150 acknowledged)")
    d2 = Daemon(DISCUSD, tmp, "two", port=d.port)
    try:
        s = study(d2, uid)
        folder = os.path.join(d2.state, "store", uid)
        files = [n for n in os.listdir(folder) if n.endswith(".dcm")] if os.path.isdir(folder) else []
        check(s and s["instances"] >= acked, f"after a restart, every acknowledged instance is in the store ({s and s['instances']} >= {acked})")
        check(s and s["instances"] == len(files), f"the index and the files agree ({s and s['instances']} rows, {len(files)} files)")
        check(not [n for n in os.listdir(os.path.join(d2.state, "store")) if n.startswith(".discus-incoming")],
              "no half-received temporary is left")
        import pydicom
        sent = {str(pydicom.dcmread(p, stop_before_pixels=True).SOPInstanceUID) for p in paths[:acked]}
        check(sent <= {n[:-4] for n in files}, "the acknowledged instances are exactly the first ones sent, all there")
        r = storescu(d2.port, "CT1", paths)
        s = study(d2, uid)
        check(r.returncode == 0 and s and s["instances"] == 150, "re-sent after the restart, the study is whole (150)")
    finally:
        d2.stop()


def over_tls(tmp):
    from net_tls_test import make_certs
    certs = os.path.join(tmp, "certs")
    os.makedirs(certs)
    p = make_certs(certs)
    d = Daemon(DISCUSD, tmp, "tls", extra=("--dicom-tls-key", p("server.key"), "--dicom-tls-cert", p("server.pem"),
                                            "--dicom-tls-ca", p("ca.pem")))
    try:
        check("with TLS" in d.text(), "the listener says it speaks TLS")
        uid, paths = make_study(os.path.join(tmp, "tls-study"), 1, "Over TLS")
        base = ["storescu", "+tls"]
        r = subprocess.run(base + [p("client.key"), p("client.pem"), "+cf", p("ca.pem"), "-aet", "CT1", "-aec", "DISCUS",
                                   "127.0.0.1", str(d.port), paths[0]], capture_output=True, text=True, timeout=60)
        check(r.returncode == 0 and study(d, uid), f"storescu +tls with a certificate of our CA stores ({r.stderr.strip()[-160:]})")
        uid2, paths2 = make_study(os.path.join(tmp, "tls-evil"), 1, "Untrusted")
        r = subprocess.run(base + [p("evil.key"), p("evil.pem"), "+cf", p("ca.pem"), "-aet", "CT1", "-aec", "DISCUS",
                                   "127.0.0.1", str(d.port), paths2[0]], capture_output=True, text=True, timeout=60)
        check(r.returncode != 0 and not study(d, uid2), "an untrusted client certificate is refused")
        r = storescu(d.port, "CT1", paths2)
        check(r.returncode != 0 and not study(d, uid2), "plain TCP to the TLS listener stores nothing")
    finally:
        d.stop()


def main():
    schemas = Schemas(SOURCE)
    tmp = tempfile.mkdtemp(prefix="discus-store-")
    try:
        receive_and_browse(tmp, schemas)
        over_tls(tmp)
        killed_mid_receive(tmp)
    finally:
        if failures:
            for n in sorted(os.listdir(tmp)):
                if n.endswith(".log"):
                    print(f"---- {n}\n" + open(os.path.join(tmp, n), errors="replace").read()[-3000:])
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"{len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
