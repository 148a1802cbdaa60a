#!/usr/bin/env python3
"""discusd's settings through its API (GET/PATCH /v1/config, GET /v1/config/kiosk), end to end with
a real discusd, its configuration file, a command-line flag and the `discus config` client:

  - every setting shown with its origin: built-in, the file, written, the command line (which wins);
  - a merge patch (RFC 7396) written to STATE/settings.json: kiosk settings and a new PACS node
    apply at once (/v1/config/kiosk, /v1/nodes), restart-only ones are listed as pending;
  - null removes a written value (the file's applies again), "pacs.NAME": null a written node;
  - refusals name the key (pointer /values/KEY), and write nothing;
  - each change audited as a Security Alert (Software Configuration, DCM 110131) naming the keys;
  - the written settings survive a restart (origin written, nothing pending); a written file whose
    value no longer passes stops discusd naming the key;
  - roles: an operator reads /v1/config/kiosk but not /v1/config, and cannot PATCH it.
Usage: daemon_config_test.py DISCUSD DISCUS SOURCE_DIR
"""
import base64
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from daemon_service_support import Daemon, OpenApi, UnixConnection, check, finish, request  # noqa: E402

DISCUSD, DISCUS, SOURCE = [os.path.abspath(a) for a in sys.argv[1:4]]
API = OpenApi(SOURCE)

CONFIG = """
[site]
institution = "St. Mary's"
[media]
default_profile = "STD-GEN-DVD-JPEG"
[pacs.PACS1]
ae_title = "PACS1"
host = "127.0.0.1"
port = 104
roles = ["query", "retrieve"]
"""


def discus(sock, *args, user=None):
    cmd = [DISCUS, "--socket", sock, *args]
    if user:
        cmd = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"] + cmd
    return subprocess.run(cmd, capture_output=True, text=True, timeout=60)


def value(doc, key):
    return (doc or {}).get("values", {}).get(key, {})


def main():
    tmp = tempfile.mkdtemp(prefix="discus-config-")
    os.chmod(tmp, 0o755)
    try:
        cfg = os.path.join(tmp, "discus.toml")
        with open(cfg, "w") as f:
            f.write(CONFIG)
        state, sock = os.path.join(tmp, "state"), os.path.join(tmp, "run", "discusd.sock")
        flags = ["--config", cfg, "--aet", "FLAGAE", "--allow-user", "nobody=operator"]
        d = Daemon(DISCUSD, state, sock, *flags)
        os.chmod(os.path.dirname(sock), 0o755)

        status, doc = request(sock, "GET", "/v1/config")
        check(status == 200, f"GET /v1/config answers ({status})")
        API.conforms(doc, "Config", "GET /v1/config")
        check(doc["file"] == cfg and doc["written"] == os.path.join(state, "settings.json"), "it names the file and the written file")
        check(value(doc, "site.institution") == {"value": "St. Mary's", "origin": "file", "applies": "restart"}, "a file setting: origin file")
        check(value(doc, "kiosk.idle_timeout_seconds") == {"value": 120, "origin": "default", "applies": "now"}, "a built-in setting: origin default")
        check(value(doc, "dicom.ae_title").get("origin") == "command-line" and value(doc, "dicom.ae_title").get("value") == "FLAGAE",
              "a flag: origin command-line")
        check(value(doc, "pacs.PACS1.port").get("value") == 104, "a [pacs.NAME] node's keys are shown")

        # A merge patch: kiosk settings, a new worklist node, a restart-only setting, a flag's key.
        patch = {"values": {"kiosk.language": "fr", "kiosk.idle_timeout_seconds": 90, "kiosk.profiles_allowed": ["STD-GEN-CD", "STD-GEN-SEC-CD"],
                            "media.default_profile": "STD-GEN-CD", "dicom.ae_title": "WRITTENAE",
                            "pacs.WL": {"ae_title": "WLM", "host": "127.0.0.1", "port": 11112, "roles": ["worklist"]}}}
        status, doc = request(sock, "PATCH", "/v1/config", patch, content_type="application/merge-patch+json")
        check(status == 200, f"PATCH answers 200 ({status} {doc})")
        API.conforms(doc, "Config", "PATCH /v1/config")
        check(value(doc, "kiosk.language") == {"value": "fr", "origin": "written", "applies": "now"}, "written: origin written")
        check(value(doc, "dicom.ae_title").get("value") == "FLAGAE", "the command line still wins over a written value")
        check(doc.get("restart_pending") == ["media.default_profile"], f"restart-only changes listed as pending ({doc.get('restart_pending')})")
        with open(os.path.join(state, "settings.json")) as f:
            written = json.load(f)["values"]
        check(written.get("pacs.WL.port") == 11112 and written.get("kiosk.language") == "fr", "STATE/settings.json holds the written values")
        status, kiosk = request(sock, "GET", "/v1/config/kiosk")
        API.conforms(kiosk, "KioskConfig", "GET /v1/config/kiosk")
        check(kiosk.get("language") == "fr" and kiosk.get("idle_timeout_seconds") == 90 and kiosk.get("institution") == "St. Mary's"
              and kiosk.get("profiles_allowed") == ["STD-GEN-CD", "STD-GEN-SEC-CD"], f"the kiosk sees its settings at once ({kiosk})")
        status, nodes = request(sock, "GET", "/v1/nodes")
        names = {n["name"]: n for n in nodes or []}
        check(set(names) == {"PACS1", "WL"} and names["WL"].get("roles") == ["worklist"], f"/v1/nodes has the new node at once ({nodes})")

        # Refusals name the key and write nothing.
        before = open(os.path.join(state, "settings.json")).read()
        for body, key in [({"values": {"kiosk.langage": "de"}}, "kiosk.langage"),
                          ({"values": {"kiosk.default_copies": 0}}, "kiosk.default_copies"),
                          ({"values": {"kiosk.language": "de", "kiosk.default_target": "floppy"}}, "kiosk.default_target"),
                          ({"values": {"media.default_profile": "STD-NO-SUCH"}}, "media.default_profile"),
                          ({"values": {"pacs.HALF.host": "10.1.1.1"}}, "pacs.HALF"),
                          ({"values": {"pacs.PACS1.tls_key_file": "/etc/k.pem"}}, "pacs.PACS1.tls_key_file")]:
            status, err = request(sock, "PATCH", "/v1/config", body)
            check(status == 400 and (err or {}).get("pointer") == f"/values/{key}", f"refused naming {key} ({status} {(err or {}).get('detail')})")
            if err:
                API.conforms(err, "Error", f"the refusal of {key}")
        check(open(os.path.join(state, "settings.json")).read() == before, "a refused patch writes nothing")

        # null: the written value goes, the file's applies again; a written node goes whole.
        status, doc = request(sock, "PATCH", "/v1/config", {"values": {"media.default_profile": None, "pacs.WL": None}})
        check(status == 200 and value(doc, "media.default_profile").get("origin") == "file" and doc.get("restart_pending") == [],
              "null removes a written value: the file's applies again")
        status, nodes = request(sock, "GET", "/v1/nodes")
        check([n["name"] for n in nodes or []] == ["PACS1"], "\"pacs.WL\": null removes the written node")

        # The client.
        r = discus(sock, "config", "set", "kiosk.default_copies=2", "kiosk.label_template=", "--unset", "kiosk.idle_timeout_seconds")
        check(r.returncode == 0 and "kiosk.default_copies = 2  (written)" in r.stdout, f"discus config set ({r.stdout.strip()} {r.stderr.strip()})")
        r = discus(sock, "config", "get", "kiosk.")
        check(r.returncode == 0 and "kiosk.idle_timeout_seconds = 120  (default)" in r.stdout and "kiosk.language = fr  (written)" in r.stdout,
              f"discus config get kiosk. ({r.stdout.strip()[:300]})")
        r = discus(sock, "config", "set", "kiosk.default_copies=500")
        check(r.returncode == 1 and "kiosk.default_copies" in r.stderr, f"discus config set refuses a bad value naming the key ({r.stderr.strip()})")

        # Roles: an operator reads the kiosk's settings only.
        r = discus(sock, "config", "kiosk", user="nobody")
        check(r.returncode == 0 and json.loads(r.stdout or "{}").get("default_copies") == 2, f"an operator reads /v1/config/kiosk ({r.stderr.strip()})")
        r = discus(sock, "config", "get", user="nobody")
        check(r.returncode == 1 and "getConfig needs the role" in r.stderr, f"an operator may not read /v1/config ({r.stderr.strip()})")
        r = discus(sock, "config", "set", "kiosk.language=de", user="nobody")
        check(r.returncode == 1 and "setConfig needs the role administrator" in r.stderr, "an operator may not PATCH /v1/config")

        # Audited: a Security Alert of type Software Configuration naming the keys.
        status, audit = request(sock, "GET", "/v1/audit?event=security-alert")
        check(status == 200 and isinstance(audit, list), f"GET /v1/audit?event=security-alert ({status})")
        alerts = []
        for rec in audit or []:
            conn = UnixConnection(sock)
            conn.request("GET", f"/v1/audit/{rec['id']}")
            xml = conn.getresponse().read().decode()
            conn.close()
            if "110131" in xml:
                alerts.append(xml)
        check(len(alerts) == 3, f"each change audited as Security Alert / Software Configuration ({len(alerts)} messages for 3 changes)")
        details = [base64.b64decode(m).decode() for x in alerts for m in re.findall(r'type="Alert Description" value="([^"]+)"', x)]
        check(any("kiosk.language" in t and "pacs.WL.port" in t for t in details), f"the message names the keys ({details[:2]})")

        # A restart keeps the written settings; nothing is pending then.
        check(d.stop() == 0, "discusd stops")
        d = Daemon(DISCUSD, state, sock, *flags)
        status, doc = request(sock, "GET", "/v1/config")
        check(value(doc, "kiosk.language").get("origin") == "written" and value(doc, "kiosk.default_copies").get("value") == 2
              and doc.get("restart_pending") == [], "after a restart: the written settings, nothing pending")
        d.stop()

        # A written value that no longer passes stops discusd, naming the key.
        with open(os.path.join(state, "settings.json"), "w") as f:
            json.dump({"values": {"kiosk.default_copies": 500}}, f)
        p = subprocess.run([DISCUSD, "--state-dir", state, "--socket", sock], capture_output=True, text=True, timeout=30)
        check(p.returncode != 0 and "kiosk.default_copies" in p.stderr and "settings.json" in p.stderr,
              f"a bad written file stops discusd naming the key ({p.stderr.strip()[-200:]})")
    finally:
        code = finish()
        shutil.rmtree(tmp, ignore_errors=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
