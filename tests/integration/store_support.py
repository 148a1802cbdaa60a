"""Shared helpers of store_test.py and autoburn_test.py (issues 15, 16.3): a real discusd with its
DICOM listener in a temporary state directory, requests on its socket, studies made from pydicom's
test files with pydicom (new UIDs, chosen descriptions), dcmtk's storescu as the sender."""
import os
import signal
import socket
import subprocess
import sys
import time
import warnings

import jsonschema
import yaml

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import service_client  # noqa: E402

PYDICOM = "/usr/lib/python3/dist-packages/pydicom/data/test_files"
failures = []


def check(cond, what):
    cond = bool(cond)
    print(("ok   " if cond else "FAIL ") + what, flush=True)
    if not cond:
        failures.append(what)
    return cond


free_port = service_client.free_port
request = service_client.request
UnixConnection = service_client.UnixConnection


class Schemas:
    """The OpenAPI document judges the answers."""

    def __init__(self, source):
        with open(os.path.join(source, "src/daemon/api/openapi.yaml"), encoding="utf-8") as f:
            self.doc = yaml.safe_load(f)
        warnings.filterwarnings("ignore", category=DeprecationWarning)
        self.resolver = jsonschema.RefResolver(base_uri="", referrer=self.doc)

    def conforms(self, doc, ref, what):
        v = jsonschema.Draft202012Validator({"$ref": ref}, resolver=self.resolver)
        errs = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in v.iter_errors(doc)]
        return check(not errs, f"{what} conforms to {ref.split('/')[-1]}" + (f": {errs[:3]}" if errs else ""))


class Daemon:
    """discusd with --aet --dicom-port in `tmp`; stopped with SIGTERM (or killed)."""

    def __init__(self, discusd, tmp, name, config=None, port=None, extra=()):
        self.state = os.path.join(tmp, name + "-state")
        self.sock = os.path.join(tmp, name + ".sock")
        self.port = port or free_port()
        self.log_path = os.path.join(tmp, name + ".log")
        args = [discusd, "--state-dir", self.state, "--socket", self.sock, "--station", name, "--aet", "DISCUS",
                "--dicom-port", str(self.port), *extra]
        if config:
            args += ["--config", config]
        self.log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(args, stdout=self.log, stderr=self.log)
        deadline = time.time() + 20
        while not self.answers():
            if self.proc.poll() is not None or time.time() > deadline:
                raise RuntimeError("discusd did not come up: " + self.text())
            time.sleep(0.05)

    def answers(self):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            s.connect(self.sock)
            return True
        except OSError:
            return False
        finally:
            s.close()

    def text(self):
        self.log.flush()
        with open(self.log_path, encoding="utf-8", errors="replace") as f:
            return f.read()

    def get(self, path):
        return request(self.sock, "GET", path)

    def stop(self, kill=False):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL if kill else signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()
        return self.proc.returncode

    def audit_lines(self):
        p = os.path.join(self.state, "audit", "messages.log")
        return open(p, encoding="utf-8", errors="replace").read().splitlines() if os.path.isfile(p) else []


def make_study(folder, n, description, study_uid=None, patient_id="STORE1", template="CT_small.dcm"):
    """n instances of one study (one series) made from a pydicom test file: new UIDs."""
    import pydicom
    from pydicom.uid import generate_uid
    os.makedirs(folder, exist_ok=True)
    study_uid = study_uid or generate_uid()
    series_uid = generate_uid()
    paths = []
    for i in range(n):
        ds = pydicom.dcmread(os.path.join(PYDICOM, template))
        ds.StudyInstanceUID = study_uid
        ds.SeriesInstanceUID = series_uid
        ds.SOPInstanceUID = generate_uid()
        ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
        ds.StudyDescription = description
        ds.PatientID = patient_id
        ds.InstanceNumber = i + 1
        p = os.path.join(folder, f"im{i:04d}.dcm")
        ds.save_as(p, write_like_original=False)
        paths.append(p)
    return study_uid, paths


def storescu(port, calling, paths, called="DISCUS", verbose=False, wait=True):
    cmd = ["storescu", "-aet", calling, "-aec", called, "-nh"]
    if verbose:
        cmd.append("-v")
    cmd += ["127.0.0.1", str(port), *paths]
    if not wait:
        return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


def wait_for(fn, timeout, step=0.1):
    end = time.time() + timeout
    while time.time() < end:
        v = fn()
        if v:
            return v
        time.sleep(step)
    return fn()


def study(d, uid):
    status, doc = d.get(f"/v1/store/studies/{uid}")
    return doc if status == 200 else None


def jobs_of(d):
    status, doc = d.get("/v1/jobs")
    return [j for j in (doc or []) if j.get("submitted_by") == "discusd auto-burn"]
