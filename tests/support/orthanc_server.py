"""Debian's Orthanc as the test PACS: started on 127.0.0.1 in a temporary folder, asked through
its REST API, stopped whatever happened.

    with OrthancServer(tmp, name="DiscusQR", extra={"DicomModalities": {...}}) as pacs:
        pacs.dicom, pacs.http, pacs.json("/instances"), pacs.get("/instances/ID/file")

Orthanc checks the called AE title (ORTHANC) and keeps nothing outside `tmp`. A start that fails
raises RuntimeError with the end of Orthanc's log, so the test says why instead of timing out.
"""
import json
import os
import socket
import subprocess
import time
import urllib.request

ORTHANC = "/usr/sbin/Orthanc"


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_port(port, timeout):
    end = time.time() + timeout
    while time.time() < end:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            time.sleep(0.1)
    return False


class OrthancServer:
    def __init__(self, tmp, name="DiscusTest", extra=None, aet="ORTHANC"):
        self.tmp, self.aet = tmp, aet
        self.http, self.dicom = _free_port(), _free_port()
        self.config = {
            "Name": name, "StorageDirectory": os.path.join(tmp, "orthanc-storage"),
            "IndexDirectory": os.path.join(tmp, "orthanc-index"),
            "HttpPort": self.http, "DicomPort": self.dicom, "DicomAet": aet, "RemoteAccessAllowed": False,
            "AuthenticationEnabled": False, "DicomCheckCalledAet": True, "UnknownSopClassAccepted": True,
            "StorageCompression": False, "Plugins": [], "HttpServerEnabled": True, "DicomServerEnabled": True,
            "ConcurrentJobs": 1, "SaveJobs": False,
        }
        self.config.update(extra or {})
        self.proc = None
        self.log_path = os.path.join(tmp, "orthanc.log")

    @property
    def address(self):
        """AET@127.0.0.1:PORT, as discus's --pacs/--to take it."""
        return f"{self.aet}@127.0.0.1:{self.dicom}"

    def start(self, timeout=60):
        cfg = os.path.join(self.tmp, "orthanc.json")
        with open(cfg, "w") as f:
            json.dump(self.config, f)
        with open(self.log_path, "w") as log:
            self.proc = subprocess.Popen([ORTHANC, cfg], stdout=log, stderr=log, cwd=self.tmp)
        if not (_wait_port(self.http, timeout) and _wait_port(self.dicom, 30)):
            self.stop()
            raise RuntimeError(f"Orthanc did not start; its log ends:\n{self.log_tail()}")
        return self

    def stop(self):
        if self.proc is None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def log_tail(self, chars=2000):
        with open(self.log_path, errors="replace") as f:
            return f.read()[-chars:]

    def get(self, path, timeout=30):
        """The body of GET http://127.0.0.1:HTTP/path, as bytes."""
        with urllib.request.urlopen(f"http://127.0.0.1:{self.http}{path}", timeout=timeout) as r:
            return r.read()

    def json(self, path, timeout=30):
        return json.loads(self.get(path, timeout))

    def post(self, path, body, timeout=60):
        """POST a JSON (or bytes) body; the answer parsed as JSON."""
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        req = urllib.request.Request(f"http://127.0.0.1:{self.http}{path}", data=data, method="POST")
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return json.loads(r.read() or b"null")
