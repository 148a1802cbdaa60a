"""What the daemon_config_*, daemon_stop_after_copy_* and daemon_secure_* tests share: a real
discusd in a temporary state directory (stdio: drives), raw HTTP on its socket, the OpenAPI
document judging each answer, and a check() that counts failures.
"""
import http.client
import json
import os
import signal
import socket
import subprocess
import time
import warnings

import jsonschema
import yaml

failures = []
DAEMONS = []
PYDICOM = "/usr/lib/python3/dist-packages/pydicom/data/test_files"


def check(cond, what):
    cond = bool(cond)
    print(("ok   " if cond else "FAIL ") + what, flush=True)
    if not cond:
        failures.append(what)
    return cond


def finish():
    for d in DAEMONS:
        d.stop()
    if failures:
        print(f"{len(failures)} failure(s)")
        return 1
    print("all passed")
    return 0


class UnixConnection(http.client.HTTPConnection):
    def __init__(self, path, timeout=30):
        super().__init__("localhost", timeout=timeout)
        self.path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(self.timeout)
        self.sock.connect(self.path)


def request(sock, method, path, body=None, content_type="application/json"):
    c = UnixConnection(sock)
    data = json.dumps(body) if body is not None else None
    c.request(method, path, body=data, headers={"Content-Type": content_type} if data is not None else {})
    r = c.getresponse()
    text = r.read().decode("utf-8", "replace")
    c.close()
    try:
        doc = json.loads(text) if text else None
    except ValueError:
        doc = None
    return r.status, doc


class OpenApi:
    def __init__(self, source):
        with open(os.path.join(source, "src/daemon/api/openapi.yaml"), encoding="utf-8") as f:
            self.doc = yaml.safe_load(f)
        warnings.filterwarnings("ignore", category=DeprecationWarning)
        self.resolver = jsonschema.RefResolver(base_uri="", referrer=self.doc)

    def conforms(self, doc, schema, what):
        v = jsonschema.Draft202012Validator({"$ref": f"#/components/schemas/{schema}"}, resolver=self.resolver)
        errs = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in v.iter_errors(doc)]
        return check(not errs, f"{what} conforms to {schema}" + (f": {errs[:3]}" if errs else ""))


def answers(path):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        s.connect(path)
        return True
    except OSError:
        return False
    finally:
        s.close()


class Daemon:
    def __init__(self, discusd, state, sock, *extra, log=None):
        self.state, self.sock = state, sock
        self.log_path = log or os.path.join(os.path.dirname(state), "discusd.log")
        self.log = open(self.log_path, "ab")
        os.makedirs(os.path.dirname(sock), exist_ok=True)
        self.proc = subprocess.Popen([discusd, "--state-dir", state, "--socket", sock, "--station", "svc-1", *extra],
                                     stdout=self.log, stderr=self.log)
        DAEMONS.append(self)
        deadline = time.time() + 20
        while not answers(sock):
            if self.proc.poll() is not None or time.time() > deadline:
                raise RuntimeError(f"discusd did not come up: {self.text()[-2000:]}")
            time.sleep(0.02)

    def text(self):
        if not self.log.closed:
            self.log.flush()
        with open(self.log_path, encoding="utf-8", errors="replace") as f:
            return f.read()

    def stop(self, sig=signal.SIGTERM):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if not self.log.closed:
            self.log.close()
        return self.proc.returncode


def wait_job(sock, job, until, timeout=60):
    """Polls GET /v1/jobs/{job} until until(doc) or the timeout; returns the last answer."""
    deadline = time.time() + timeout
    doc = None
    while time.time() < deadline:
        status, doc = request(sock, "GET", f"/v1/jobs/{job}")
        if status == 200 and until(doc):
            return doc
        time.sleep(0.02)
    return doc


def terminal(doc):
    return doc.get("state") in ("done", "failed", "cancelled")


def many_instances(folder, count):
    """`count` distinct CT instances (CT_small with new UIDs): a copy that takes a while to burn."""
    import pydicom
    from pydicom.uid import generate_uid
    os.makedirs(folder, exist_ok=True)
    ds = pydicom.dcmread(os.path.join(PYDICOM, "CT_small.dcm"))
    ds.StudyInstanceUID = generate_uid()
    ds.SeriesInstanceUID = generate_uid()
    for i in range(count):
        ds.SOPInstanceUID = generate_uid()
        ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
        ds.InstanceNumber = i + 1
        ds.save_as(os.path.join(folder, f"IM{i:04}.dcm"))
    return folder
