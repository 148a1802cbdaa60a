#!/usr/bin/env python3
"""Issue 15 "Must show", TLS part (PS3.15 B.9 BCP 195 profile): certificates made here with
openssl (a CA, server and client certificates it signed, and an untrusted self-signed pair);
dcmtk's storescu +tls to `discus store-scp` and `discus send` to dcmtk's storescp +tls, both with
verification both ways; a peer with an untrusted certificate is refused in both directions.

  net_tls_test.py path/to/discus
"""
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import net_support as ns  # noqa: E402

FILE = ns.PYDICOM_FILES + "CT_small.dcm"


def sh(*args, **kw):
    return subprocess.run(args, capture_output=True, text=True, timeout=60, **kw)


def make_certs(d):
    def p(n):
        return os.path.join(d, n)
    sh("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", p("ca.key"), "-out", p("ca.pem"), "-days", "2",
       "-subj", "/CN=Discus Test CA")
    for name in ("server", "client"):
        sh("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", p(name + ".key"), "-out", p(name + ".csr"),
           "-subj", f"/CN=discus-{name}")
        with open(p(name + ".ext"), "w") as f:
            f.write("subjectAltName=IP:127.0.0.1,DNS:localhost\n")
        sh("openssl", "x509", "-req", "-in", p(name + ".csr"), "-CA", p("ca.pem"), "-CAkey", p("ca.key"), "-CAcreateserial",
           "-out", p(name + ".pem"), "-days", "2", "-extfile", p(name + ".ext"))
    sh("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", p("evil.key"), "-out", p("evil.pem"), "-days", "2",
       "-subj", "/CN=Untrusted")
    return p


def main():
    discus = sys.argv[1]
    failures = []
    with tempfile.TemporaryDirectory(prefix="discus-net-tls-") as tmp:
        p = make_certs(tmp)
        ns.check(os.path.exists(p("client.pem")) and os.path.exists(p("evil.pem")), "certificates made with openssl", failures)
        out = os.path.join(tmp, "in")
        os.makedirs(out)
        scp = ns.Scp(discus, out, extra=["--tls-key", p("server.key"), "--tls-cert", p("server.pem"), "--tls-ca", p("ca.pem"),
                                         "--acse-timeout", "5"])
        try:
            port = str(scp.port)
            r = sh("storescu", "+tls", p("client.key"), p("client.pem"), "+cf", p("ca.pem"), "-aec", "DISCUS", "127.0.0.1", port, FILE)
            ns.check(r.returncode == 0, f"storescu +tls (client certificate from our CA) to discus store-scp: rc {r.returncode} {r.stderr.strip()[-300:]}", failures)
            got = ns.received_by_uid(out)
            ns.check(len(got) == 1 and not ns.differences(FILE, list(got.values())[0]), "instance received over TLS, equal", failures)
            r = sh("storescu", "+tls", p("evil.key"), p("evil.pem"), "+cf", p("ca.pem"), "-aec", "DISCUS", "127.0.0.1", port, FILE)
            ns.check(r.returncode != 0, f"storescu with an untrusted certificate refused (rc {r.returncode})", failures)
            r = sh("storescu", "+tla", "-aec", "DISCUS", "127.0.0.1", port, FILE)
            ns.check(r.returncode != 0, f"storescu with no certificate refused (rc {r.returncode})", failures)
            r = sh(discus, "echo", "--tls-key", p("client.key"), "--tls-cert", p("client.pem"), "--tls-ca", p("ca.pem"), f"DISCUS@127.0.0.1:{port}")
            ns.check(r.returncode == 0, f"discus echo over TLS to discus store-scp: {r.stdout.strip()} {r.stderr.strip()}", failures)
            r = sh(discus, "echo", "--tls-key", p("evil.key"), "--tls-cert", p("evil.pem"), "--tls-ca", p("ca.pem"), f"DISCUS@127.0.0.1:{port}")
            ns.check(r.returncode == 1, f"discus echo with an untrusted certificate refused: rc {r.returncode} {r.stderr.strip()[:200]}", failures)
            r = sh(discus, "echo", f"DISCUS@127.0.0.1:{port}")
            ns.check(r.returncode != 0, "discus echo without TLS to a TLS SCP fails", failures)
        finally:
            log = scp.stop()
        print(log.strip()[-800:])
        ns.check("TLS refused" in log, "the SCP logged the refused TLS peers", failures)

        # Our SCU to storescp +tls (verifying our client certificate), and to one with an untrusted server certificate.
        for name, key, cert, expect in (("trusted", "server.key", "server.pem", 0), ("untrusted", "evil.key", "evil.pem", 1)):
            dest = os.path.join(tmp, "storescp-" + name)
            os.makedirs(dest)
            port = ns.free_port()
            storescp = subprocess.Popen(["storescp", "+tls", p(key), p(cert), "+cf", p("ca.pem"), "-aet", "STORESCP", "-od", dest, str(port)],
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            try:
                ns.wait_port(port)
                r = sh(discus, "send", "--tls-key", p("client.key"), "--tls-cert", p("client.pem"), "--tls-ca", p("ca.pem"),
                       "--to", f"STORESCP@127.0.0.1:{port}", FILE)
                ns.check(r.returncode == expect, f"discus send over TLS to storescp with a {name} certificate: rc {r.returncode} (want {expect}) {r.stderr.strip()[-300:]}", failures)
            finally:
                storescp.terminate()
                storescp.wait(10)
            if expect == 0:
                got = ns.received_by_uid(dest)
                ns.check(len(got) == 1 and not ns.differences(FILE, list(got.values())[0]), "storescp +tls received it, equal", failures)
    ns.finish(failures)


if __name__ == "__main__":
    main()
