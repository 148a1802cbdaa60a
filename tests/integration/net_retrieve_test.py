#!/usr/bin/env python3
"""Issue 20's "find the study on the PACS, then burn it", server side: POST /v1/nodes/{node}/retrieve
moves a study (or one series) from Debian's Orthanc into discusd's own store by C-MOVE with the
station as Move Destination; then an author job burns it from the store.

  - Orthanc holds two studies (sent by dcmtk's storescu); its DicomModalities knows the station;
  - a STUDY-level query through /v1/nodes/orthanc/query finds the study, then retrieve: 200 with
    5 completed, 0 failed; /v1/store/studies/{uid} holds the 5 instances from calling AE ORTHANC,
    each equal element by element to Orthanc's copy; one series of the other study alone (2 of 4);
  - refusals: a node without the "retrieve" role 409, an unknown node 404, a bad UID 400 naming
    the member, a station the node does not know as Move Destination (A801H) 502 saying what to
    configure, a daemon without a DICOM listener 409; answers judged by the OpenAPI schemas;
  - the retrieved study burned to a verified ISO image by an author job from the store's folder.

  net_retrieve_test.py path/to/discusd path/to/source
"""
import os
import subprocess
import sys
import tempfile

import pydicom

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "support"))
import store_support as st  # noqa: E402
from orthanc_server import OrthancServer  # noqa: E402
from service_client import answers, free_port  # noqa: E402

DISCUSD, SOURCE = sys.argv[1], sys.argv[2]


def config_text(pacs):
    return f"""[pacs.orthanc]
ae_title = "ORTHANC"
host = "127.0.0.1"
port = {pacs.dicom}
calling_ae_title = "DISCUS"
roles = ["query", "retrieve"]

[pacs.queryonly]
ae_title = "ORTHANC"
host = "127.0.0.1"
port = {pacs.dicom}
roles = ["query"]
"""


def main():
    schemas = st.Schemas(SOURCE)
    with tempfile.TemporaryDirectory(prefix="discus-retrieve-") as tmp:
        station_port = free_port()
        # Orthanc knows the station as DISCUS (the Move Destination) but not STRANGER.
        pacs = OrthancServer(tmp, name="DiscusRetrieve", extra={
            "DicomAlwaysAllowEcho": True, "DicomAlwaysAllowStore": True, "DicomAlwaysAllowFind": True,
            "DicomAlwaysAllowMove": True, "DicomModalities": {"discus": ["DISCUS", "127.0.0.1", station_port]}})
        daemon = bare = None
        try:
            pacs.start()
            uid1, files1 = st.make_study(os.path.join(tmp, "s1"), 5, "RETRIEVE ONE", patient_id="RET-1")
            uid2, files2a = st.make_study(os.path.join(tmp, "s2a"), 2, "RETRIEVE TWO", patient_id="RET-2")
            _, files2b = st.make_study(os.path.join(tmp, "s2b"), 2, "RETRIEVE TWO", study_uid=uid2, patient_id="RET-2")
            r = st.storescu(pacs.dicom, "MODALITY", files1 + files2a + files2b, called="ORTHANC")
            st.check(r.returncode == 0 and len(pacs.json("/instances")) == 9, f"Orthanc holds the 9 instances ({r.stderr[-200:]})")
            series2a = pydicom.dcmread(files2a[0], stop_before_pixels=True).SeriesInstanceUID

            config = os.path.join(tmp, "discus.toml")
            with open(config, "w") as f:
                f.write(config_text(pacs))
            daemon = st.Daemon(DISCUSD, tmp, "station", config=config, port=station_port)

            status, doc = st.request(daemon.sock, "POST", "/v1/nodes/orthanc/query",
                                     {"level": "STUDY", "keys": {"PatientID": "RET-1", "StudyInstanceUID": "", "StudyDescription": ""}})
            st.check(status == 200 and [m["StudyInstanceUID"] for m in doc["matches"]] == [uid1],
                     f"the study is found by Patient ID through the service ({status})")

            status, doc = st.request(daemon.sock, "POST", "/v1/nodes/orthanc/retrieve", {"study_instance_uid": uid1}, timeout=120)
            st.check(status == 200 and doc["ok"] and doc["completed"] == 5 and doc["failed"] == 0 and doc["status"] == "0000",
                     f"retrieve the study: {status} {doc}")
            if status == 200:
                schemas.conforms(doc, "#/components/schemas/RetrieveResult", "the retrieve's answer")
                st.check(doc["store_study"] == f"/v1/store/studies/{uid1}", "the answer names the study in the store")
            s = st.study(daemon, uid1)
            st.check(s and s["instances"] == 5 and s["calling_ae_titles"] == ["ORTHANC"] and s["patient_id"] == "RET-1",
                     f"the store holds the 5 instances from ORTHANC ({s and {k: s[k] for k in ('instances', 'calling_ae_titles')}})")

            status, doc = st.request(daemon.sock, "POST", "/v1/nodes/orthanc/retrieve",
                                     {"study_instance_uid": uid2, "series_instance_uid": series2a}, timeout=120)
            s = st.study(daemon, uid2)
            st.check(status == 200 and doc["completed"] == 2 and s and s["instances"] == 2,
                     f"one series of the other study: 2 of its 4 instances ({status} {doc} {s and s['instances']})")

            # Refusals, each a problem document naming what is wrong.
            for node, body, want, words, what in [
                    ("queryonly", {"study_instance_uid": uid1}, 409, "not configured for retrieve", "a node without the retrieve role"),
                    ("nowhere", {"study_instance_uid": uid1}, 404, "no node", "an unknown node"),
                    ("orthanc", {"study_instance_uid": "1.2.x"}, 400, "study_instance_uid", "a bad UID"),
                    ("orthanc", {"study_instance_uid": uid1, "level": "STUDY"}, 400, "unknown member", "an unknown member")]:
                status, doc = st.request(daemon.sock, "POST", f"/v1/nodes/{node}/retrieve", body, timeout=60)
                st.check(status == want and doc and words in doc.get("message", ""), f"{what}: {want} ({status} {doc and doc.get('message')})")
                if doc:
                    schemas.conforms(doc, "#/components/schemas/Error", f"{what}: the problem document")

            # The retrieved study burned from the store.
            status, doc = st.request(daemon.sock, "GET", f"/v1/store/studies/{uid1}")
            path = (doc or {}).get("folder")
            st.check(path and os.path.isdir(path), f"the store names the study's folder ({path})")
            out = os.path.join(tmp, "images")
            os.makedirs(out)
            status, job = st.request(daemon.sock, "POST", "/v1/jobs", {"kind": "author", "author": {
                "profile": "STD-GEN-CD", "inputs": [path or "/nonexistent"], "copies": 1, "target": {"kind": "image-dir", "where": out}}})
            jid = job["id"] if status == 201 else 0
            st.wait_for(lambda: (daemon.get(f"/v1/jobs/{jid}")[1] or {}).get("state") in ("done", "failed"), 90, 0.2)
            status, j = daemon.get(f"/v1/jobs/{jid}")
            st.check(j and j["state"] == "done" and os.listdir(out),
                     f"the retrieved study burned from the store to a verified image ({j and j.get('state')} {j and j.get('error')})")
            daemon.stop()
            # A station Orthanc does not know as a Move Destination (another AE title): A801H.
            daemon = st.Daemon(DISCUSD, tmp, "stranger", config=config, extra=("--aet", "STRANGER"))
            status, doc = st.request(daemon.sock, "POST", "/v1/nodes/orthanc/retrieve", {"study_instance_uid": uid1}, timeout=60)
            st.check(status == 502 and "STRANGER" in (doc or {}).get("message", "") and "Move Destination" in doc["message"],
                     f"a node that does not know the station: 502 saying what to configure ({status} {doc and doc.get('message')})")
            if doc:
                schemas.conforms(doc, "#/components/schemas/Error", "the A801H problem document")
            daemon.stop()
            daemon = None

            # No DICOM listener: nowhere to retrieve into.
            sock = os.path.join(tmp, "bare.sock")
            bare = subprocess.Popen([DISCUSD, "--state-dir", os.path.join(tmp, "bare-state"), "--socket", sock,
                                     "--station", "bare", "--config", config], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            st.wait_for(lambda: answers(sock), 20, 0.05)
            status, doc = st.request(sock, "POST", "/v1/nodes/orthanc/retrieve", {"study_instance_uid": uid1})
            st.check(status == 409 and "no DICOM listener" in (doc or {}).get("message", ""),
                     f"a station without a DICOM listener: 409 ({status} {doc and doc.get('message')})")
        finally:
            if daemon:
                daemon.stop()
            if bare:
                bare.terminate()
                bare.wait(20)
            pacs.stop()
            if st.failures:
                print(pacs.log_tail(1500))
    print(f"{len(st.failures)} failure(s)" if st.failures else "all checks passed")
    sys.exit(1 if st.failures else 0)


if __name__ == "__main__":
    main()
