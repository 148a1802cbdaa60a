"""Talking to discusd the way its clients do: HTTP/1.1 with JSON bodies over its Unix socket.

Shared by the service's integration tests (daemon_api_test, store_support, net_qr_nodes_test, ...)
so that one reading of the socket protocol serves them all. Answers are parsed leniently: a body
that is not JSON comes back as None and the test judges the status and the content type.
"""
import http.client
import json
import socket


class UnixConnection(http.client.HTTPConnection):
    """http.client over an AF_UNIX stream socket (discusd's --socket)."""

    def __init__(self, path, timeout=30):
        super().__init__("localhost", timeout=timeout)
        self.path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(self.timeout)
        self.sock.connect(self.path)


def call(sock, method, path, body=None, headers=None, raw=None, timeout=30):
    """One request; returns (status, content type, parsed JSON or None). `raw` sends bytes as they are."""
    c = UnixConnection(sock, timeout=timeout)
    data = raw if raw is not None else (json.dumps(body) if body is not None else None)
    h = {"Content-Type": "application/json"} if data is not None else {}
    h.update(headers or {})
    try:
        c.request(method, path, body=data, headers=h)
        r = c.getresponse()
        text = r.read().decode("utf-8", "replace")
    finally:
        c.close()
    try:
        doc = json.loads(text) if text else None
    except ValueError:
        doc = None
    return r.status, r.getheader("Content-Type", ""), doc


def request(sock, method, path, body=None, timeout=30):
    """One request; returns (status, parsed JSON or None)."""
    status, _, doc = call(sock, method, path, body=body, timeout=timeout)
    return status, doc


def answers(path):
    """Whether something accepts connections on the socket at `path` yet."""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        s.connect(path)
        return True
    except OSError:
        return False
    finally:
        s.close()


def free_port():
    """A TCP port on 127.0.0.1 that was free a moment ago (the kernel's choice)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
