"""Shared by the daemon_import_* tests (issue 17 item 6): a real discusd in a temporary state
directory with a configuration naming the PACS and the worklist as [pacs.NAME] nodes, raw HTTP on
its socket, Orthanc / storescp / wlmscpfs started on 127.0.0.1, discs made by `discus author`.
"""
import json
import os
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "support"))
import net_support as ns  # noqa: E402,F401  (the tests use ds.ns)
import import_media as im  # noqa: E402
from import_orthanc_test import start_wlmscpfs, stop  # noqa: E402,F401  (the worklist, one way)
import service_client  # noqa: E402
from orthanc_server import OrthancServer  # noqa: E402

BUCKETS = ["imported", "already-imported", "conflict", "held", "not-dicom", "unreadable", "excluded"]


def request(sock, method, path, body=None):
    return service_client.request(sock, method, path, body, timeout=60)


def answers(sock):
    try:
        return request(sock, "GET", "/v1/health")[0] == 200
    except OSError:
        return False


def write_config(path, nodes):
    """nodes: [(name, aet, port, roles)] as [pacs.NAME] tables."""
    with open(path, "w") as f:
        for name, aet, port, roles in nodes:
            f.write(f'[pacs.{name}]\nae_title = "{aet}"\nhost = "127.0.0.1"\nport = {port}\n'
                    f'roles = [{", ".join(json.dumps(r) for r in roles)}]\n\n')


class Daemon:
    def __init__(self, discusd, tmp, config, name="discusd"):
        self.discusd, self.state = discusd, os.path.join(tmp, "state")
        self.sock = os.path.join(tmp, f"{name}.sock")
        self.config, self.log_path, self.proc = config, os.path.join(tmp, f"{name}.log"), None
        self.extra = []

    def start(self):
        log = open(self.log_path, "a")
        self.proc = subprocess.Popen([self.discusd, "--state-dir", self.state, "--socket", self.sock, "--station", "imp-1",
                                      "--lease-seconds", "2", "--config", self.config, "--aet", "DISCUSIMP", *self.extra],
                                     stdout=log, stderr=log)
        deadline = time.time() + 20
        while not answers(self.sock):
            if self.proc.poll() is not None or time.time() > deadline:
                raise RuntimeError(f"discusd did not come up: {self.text()[-2000:]}")
            time.sleep(0.05)
        return self

    def text(self):
        with open(self.log_path, encoding="utf-8", errors="replace") as f:
            return f.read()

    def kill(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def get(self, path):
        return request(self.sock, "GET", path)

    def post(self, path, body):
        return request(self.sock, "POST", path, body)

    def submit_import(self, source, destination):
        st, job = self.post("/v1/jobs", {"kind": "import", "import": {"source": source, "destination": destination}})
        if st != 201:
            raise RuntimeError(f"submit: {st} {job}")
        return job["id"]

    def wait_job(self, job, states=("done", "held", "failed", "cancelled"), timeout=180):
        deadline = time.time() + timeout
        while time.time() < deadline:
            st, j = self.get(f"/v1/jobs/{job}")
            if st == 200 and j["state"] in states:
                return j
            time.sleep(0.2)
        return self.get(f"/v1/jobs/{job}")[1]


def start_orthanc(tmp):
    """Debian's Orthanc (tests/support/orthanc_server.py); returns (process, HTTP port, DICOM port)."""
    pacs = OrthancServer(tmp, name="DiscusdImport").start()
    return pacs.proc, pacs.http, pacs.dicom


def orthanc_get(http_port, path):
    import urllib.request
    with urllib.request.urlopen(f"http://127.0.0.1:{http_port}{path}", timeout=30) as r:
        return json.loads(r.read())


def orthanc_instances_of(http_port, patient_id):
    """Every instance Orthanc holds of the patient, as its tags (simplified)."""
    out = []
    for pid in orthanc_get(http_port, "/patients"):
        p = orthanc_get(http_port, f"/patients/{pid}")
        if p["MainDicomTags"].get("PatientID") != patient_id:
            continue
        for inst in orthanc_get(http_port, f"/patients/{pid}/instances"):
            out.append(orthanc_get(http_port, f"/instances/{inst['ID']}/simplified-tags"))
    return out


def make_disc(discus, tmp, name, patient, n):
    """A disc made by Discus (STD-GEN-CD, as an ISO image) with n instances of the patient."""
    src = os.path.join(tmp, f"src-{name}")
    im.make_instances(src, patient, n)
    out = os.path.join(tmp, f"cd-{name}")
    r = subprocess.run([discus, "author", "--profile", "STD-GEN-CD", "--out", out, "--iso", out + ".iso", src],
                       capture_output=True, text=True, timeout=120)
    if r.returncode != 0:
        raise RuntimeError(f"discus author: {r.stderr[-500:]}")
    return out + ".iso"


def sums_ok(inv):
    return inv is not None and sum(inv["outcomes"].get(b, 0) for b in BUCKETS) == inv["files_seen"] > 0
