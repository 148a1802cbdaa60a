#!/usr/bin/env python3
"""Issue 16: discusd's /v1/nodes, /v1/nodes/{node}/echo and /v1/nodes/{node}/query, with nodes
from its --config ([pacs.NAME]): a dcmtk wlmscpfs worklist (files made with dump2dcm, as in
net_mwl_test.py), a node nobody listens on, and one whose AE title the peer refuses. Every answer
is judged by the OpenAPI document's schemas (jsonschema).

  net_qr_nodes_test.py path/to/discusd path/to/source
"""
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import warnings

import jsonschema
import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import net_support as ns  # noqa: E402
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import service_client  # noqa: E402
import net_mwl_test as mwl  # noqa: E402

DISCUSD, SOURCE = [os.path.abspath(a) for a in sys.argv[1:3]]


def request(sock, method, path, body=None):
    return service_client.request(sock, method, path, body, timeout=60)


def main():
    failures = []
    with open(os.path.join(SOURCE, "src/daemon/api/openapi.yaml"), encoding="utf-8") as f:
        openapi = yaml.safe_load(f)
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    resolver = jsonschema.RefResolver(base_uri="", referrer=openapi)

    def conforms(doc, name, what):
        v = jsonschema.Draft202012Validator({"$ref": f"#/components/schemas/{name}"}, resolver=resolver)
        errs = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in v.iter_errors(doc)]
        ns.check(not errs, f"{what} conforms to {name} {errs[:3]}", failures)

    with tempfile.TemporaryDirectory(prefix="discus-net-nodes-") as tmp:
        db = os.path.join(tmp, "wlistdb", "WLAE")
        os.makedirs(db)
        open(os.path.join(db, "lockfile"), "w").close()
        for i, it in enumerate(mwl.ITEMS):
            txt = os.path.join(tmp, f"item{i}.dump")
            with open(txt, "w", encoding="latin-1") as f:
                f.write(mwl.dump_text(it))
            subprocess.run(["dump2dcm", "-q", txt, os.path.join(db, f"item{i}.wl")], check=True)
        port, dead = ns.free_port(), ns.free_port()
        log = open(os.path.join(tmp, "wlmscpfs.log"), "w+", errors="replace")
        scp = subprocess.Popen(["wlmscpfs", "-csk", "-dfp", os.path.join(tmp, "wlistdb"), str(port)], stdout=log, stderr=log)
        config = os.path.join(tmp, "discus.toml")
        with open(config, "w") as f:
            f.write(f"""[pacs.mwl]
ae_title = "WLAE"
host = "127.0.0.1"
port = {port}
calling_ae_title = "DISCUSD"
roles = ["query"]

[pacs.down]
ae_title = "NOBODY"
host = "127.0.0.1"
port = {dead}

[pacs.wrongae]
ae_title = "NOSUCHAE"
host = "127.0.0.1"
port = {port}
""")
        state, sock = os.path.join(tmp, "state"), os.path.join(tmp, "discusd.sock")
        dlog = open(os.path.join(tmp, "discusd.log"), "wb")
        daemon = subprocess.Popen([DISCUSD, "--state-dir", state, "--socket", sock, "--station", "qr-1", "--config", config],
                                  stdout=dlog, stderr=dlog)
        try:
            deadline = time.time() + 30
            while not os.path.exists(sock) and time.time() < deadline and daemon.poll() is None:
                time.sleep(0.05)
            ns.check(os.path.exists(sock) and ns.wait_port(port, 20), "discusd and wlmscpfs started", failures)
            time.sleep(0.2)
            status, doc = request(sock, "GET", "/v1/nodes")
            nodes = {n["name"]: n for n in doc or []}
            ns.check(status == 200 and sorted(nodes) == ["down", "mwl", "wrongae"] and nodes["mwl"]["roles"] == ["query"]
                     and nodes["mwl"]["port"] == port and nodes["mwl"]["ae_title"] == "WLAE" and nodes["mwl"]["tls"] is False
                     and "roles" not in nodes["down"], f"GET /v1/nodes: {status} {doc}", failures)
            for n in doc or []:
                conforms(n, "Node", f"node {n.get('name')}")
            status, doc = request(sock, "POST", "/v1/nodes/mwl/echo")
            ns.check(status == 200 and doc["ok"] is True, f"echo mwl: {status} {doc}", failures)
            conforms(doc, "EchoResult", "echo mwl")
            status, doc = request(sock, "POST", "/v1/nodes/down/echo")
            ns.check(status == 200 and doc["ok"] is False and doc.get("message"), f"echo a node nobody listens on: {doc}", failures)
            conforms(doc, "EchoResult", "echo down")
            status, doc = request(sock, "POST", "/v1/nodes/wrongae/echo")
            ns.check(status == 200 and doc["ok"] is False and "rejected" in doc.get("message", ""), f"echo a refusing node: {doc}", failures)
            status, doc = request(sock, "POST", "/v1/nodes/nope/echo")
            ns.check(status == 404, f"echo an unknown node: 404 ({status})", failures)

            q = {"level": "WORKLIST", "keys": {"PatientName": "DOE^*", "PatientID": "", "ScheduledProcedureStepSequence.Modality": "",
                                               "ScheduledProcedureStepSequence.ScheduledProcedureStepStartDate": "20261201-20261231"}}
            status, doc = request(sock, "POST", "/v1/nodes/mwl/query", q)
            ok = status == 200 and doc["complete"] is True and sorted(m["PatientID"] for m in doc["matches"]) == ["P001", "P002"]
            ns.check(ok and {m["PatientID"]: m["ScheduledProcedureStepSequence.Modality"] for m in doc["matches"]} == {"P001": "CT", "P002": "MR"},
                     f"worklist query through the service: {status} {json.dumps(doc)[:300]}", failures)
            if status == 200:
                conforms(doc, "QueryResult", "query mwl")
            status, doc = request(sock, "POST", "/v1/nodes/mwl/query", {"level": "WORKLIST", "keys": {"PatientID": "P005", "PatientName": ""}})
            ns.check(status == 200 and doc["matches"] and doc["matches"][0]["PatientName"] == "MÜLLER^JÖRG",
                     f"ISO_IR 100 name as UTF-8 through the service: {doc}", failures)
            status, doc = request(sock, "POST", "/v1/nodes/mwl/query", {"level": "WORKLIST", "keys": {"PatientID": ""}, "limit": 1})
            ns.check(status == 200 and doc["complete"] is False and len(doc["matches"]) >= 1, f"limit 1: C-CANCEL, complete false ({doc})", failures)
            for what, body in [("bad level", {"level": "TOP"}), ("bad key", {"level": "STUDY", "keys": {"NoSuchKeyword": "1"}}),
                               ("bad limit", {"level": "STUDY", "limit": 0}), ("unknown member", {"level": "STUDY", "x": 1})]:
                status, doc = request(sock, "POST", "/v1/nodes/mwl/query", body)
                ns.check(status == 400 and doc and doc.get("status") == 400, f"{what}: 400 ({status} {doc and doc.get('message')})", failures)
            status, doc = request(sock, "POST", "/v1/nodes/down/query", {"level": "STUDY", "keys": {"PatientID": ""}})
            ns.check(status == 502 and doc and doc.get("message"), f"query a node nobody listens on: 502 ({status} {doc and doc.get('message')})", failures)
            if doc:
                conforms(doc, "Error", "502 problem")
            status, doc = request(sock, "POST", "/v1/nodes/nope/query", {"level": "STUDY"})
            ns.check(status == 404, f"query an unknown node: 404 ({status})", failures)
        finally:
            daemon.send_signal(signal.SIGTERM)
            try:
                daemon.wait(20)
            except subprocess.TimeoutExpired:
                daemon.kill()
                daemon.wait()
            scp.terminate()
            try:
                scp.wait(10)
            except subprocess.TimeoutExpired:
                scp.kill()
                scp.wait()
            if failures:
                dlog.close()
                print(open(os.path.join(tmp, "discusd.log"), errors="replace").read()[-2000:])
    ns.finish(failures)


if __name__ == "__main__":
    main()
