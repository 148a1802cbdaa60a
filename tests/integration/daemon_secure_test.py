#!/usr/bin/env python3
"""Encrypted media from the service (AuthorMedium.encryption; PS3.10 7.4, PS3.15 D.1) with a real
discusd, judged by OpenSSL:

  - {"encryption": {}}: the 201 answer carries `medium_password` once (GET /v1/jobs/{id} never);
    the stored spec says only password_from: service; the medium (an image, and a stdio: disc)
    holds Secure DICOM Files that `openssl cms -decrypt -pwri_password` opens with that password
    (the DICOMDIR and an instance: a DICOM File inside) and not with another, nor without one;
  - a client's own password: opens with it; a short one is refused without being echoed;
  - refusals: encryption on a plain profile (naming its secure variant), a secure profile without
    encryption, a password in a spec's password_from form;
  - no password anywhere: grep of every file under the state directory (queue, WAL, audit trail,
    settings), the daemon's log, and /dev/shm for this daemon's staging;
  - crash before the enveloping: discusd killed while the job waits for the drive, started again:
    the job fails saying the password is gone and to submit again (it never burns unencrypted).
Usage: daemon_secure_test.py DISCUSD DISCUS SOURCE_DIR
"""
import glob
import os
import shutil
import signal
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from daemon_service_support import (PYDICOM, Daemon, OpenApi, check, finish, many_instances, request, terminal,  # noqa: E402
                                    wait_job)

DISCUSD, DISCUS, SOURCE = [os.path.abspath(a) for a in sys.argv[1:4]]
API = OpenApi(SOURCE)
CLIENT_PASSWORD = "correct horse battery staple 7"


def author(inputs, target, profile="STD-GEN-SEC-CD", copies=1, encryption=None):
    a = {"profile": profile, "inputs": [inputs], "copies": copies, "target": target}
    if encryption is not None:
        a["encryption"] = encryption
    return {"kind": "author", "author": a}


def cms_open(path, password, out):
    args = ["openssl", "cms", "-decrypt", "-binary", "-inform", "DER", "-in", path, "-out", out]
    if password is not None:
        args += ["-pwri_password", password]
    r = subprocess.run(args, capture_output=True, timeout=60)
    return r.returncode == 0 and os.path.exists(out) and os.path.getsize(out) > 0


def extract(iso, into):
    os.makedirs(into, exist_ok=True)
    r = subprocess.run(["7zz", "x", "-y", f"-o{into}", iso], capture_output=True, text=True, timeout=120)
    return r.returncode == 0


def judge_medium(iso, password, tmp, what):
    into = os.path.join(tmp, "x-" + os.path.basename(iso))
    check(extract(iso, into), f"{what}: 7zz extracts the medium")
    dicomdir = os.path.join(into, "DICOMDIR")
    instances = [f for f in glob.glob(os.path.join(into, "DICOM", "**", "*"), recursive=True) if os.path.isfile(f)]
    check(os.path.exists(dicomdir) and instances, f"{what}: a DICOMDIR and {len(instances)} instance(s)")
    for f in [dicomdir] + instances[:1]:
        with open(f, "rb") as fh:
            head = fh.read(132)
        check(head[:1] == b"\x30" and head[128:132] != b"DICM", f"{what}: {os.path.relpath(f, into)} is a CMS envelope, not plain DICOM")
        out = os.path.join(tmp, "opened.der")
        opened = cms_open(f, password, out)
        inner = open(out, "rb").read() if opened else b""
        check(opened and b"DICM" in inner, f"{what}: openssl cms -decrypt -pwri_password opens {os.path.basename(f)} (a DICOM File inside)")
        for wrong in ("ABCD-EFGH-JKMN-PQRS", None):
            bad = os.path.join(tmp, "wrong.der")
            if os.path.exists(bad):
                os.remove(bad)
            check(not cms_open(f, wrong, bad), f"{what}: {os.path.basename(f)} does not open {'with another password' if wrong else 'without one'}")


def files_holding(paths, secret):
    needle = secret.encode()
    found = []
    for root in paths:
        files = [root] if os.path.isfile(root) else [os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs]
        for f in files:
            try:
                with open(f, "rb") as fh:
                    if needle in fh.read():
                        found.append(f)
            except OSError:
                pass
    return found


def no_secret_in(paths, secret, what):
    found = files_holding(paths, secret)
    check(secret and not found, f"{what}: the password is in no file ({found[:3]})")


def main():
    tmp = tempfile.mkdtemp(prefix="discus-secure-")
    try:
        ct = os.path.join(tmp, "in")
        os.makedirs(ct)
        shutil.copy(os.path.join(PYDICOM, "CT_small.dcm"), ct)
        out = os.path.join(tmp, "out")
        os.makedirs(out)
        state, sock = os.path.join(tmp, "state"), os.path.join(tmp, "run", "discusd.sock")
        drive = "stdio:" + os.path.join(tmp, "drive1.iso")
        d = Daemon(DISCUSD, state, sock, "--drive", drive)

        # 1. The service's password, to an image and to a stdio: disc.
        status, job = request(sock, "POST", "/v1/jobs", author(ct, {"kind": "image-dir", "where": out}, copies=2, encryption={}))
        check(status == 201, f"an encrypted job is queued ({status} {job if status != 201 else ''})")
        API.conforms(job, "Job", "the 201 answer")
        password = job.get("medium_password", "")
        check(len(password) == 19 and password.count("-") == 3, f"the answer shows the password once ({len(password)} characters)")
        check(job["spec"]["author"].get("encryption") == {"password_from": "service"}, "the spec keeps only password_from")
        doc = wait_job(sock, job["id"], terminal)
        check(doc["state"] == "done", f"the job is done ({doc['state']} {doc.get('error')})")
        check("medium_password" not in doc, "GET /v1/jobs/{id} does not show the password")
        judge_medium(os.path.join(out, f"{job['id']}-1.iso"), password, tmp, "image copy 1")
        judge_medium(os.path.join(out, f"{job['id']}-2.iso"), password, tmp, "image copy 2")

        status, disc = request(sock, "POST", "/v1/jobs", author(ct, {"kind": "drive", "where": drive}, encryption={}))
        disc_password = disc.get("medium_password", "")
        check(status == 201 and disc_password and disc_password != password, "a second job gets its own password")
        doc = wait_job(sock, disc["id"], terminal)
        check(doc["state"] == "done", f"the disc job is done ({doc['state']} {doc.get('error')})")
        burned = glob.glob(drive[len("stdio:"):] + ".ejected/*.iso")
        check(len(burned) == 1, "one disc burned")
        if burned:
            judge_medium(burned[0], disc_password, tmp, "stdio: disc")

        # 2. The client's own password.
        status, mine = request(sock, "POST", "/v1/jobs", author(ct, {"kind": "image-dir", "where": out}, encryption={"password": CLIENT_PASSWORD}))
        check(status == 201 and "medium_password" not in mine and mine["spec"]["author"].get("encryption") == {"password_from": "client"},
              "a client's password: queued, not answered back, password_from client")
        doc = wait_job(sock, mine["id"], terminal)
        check(doc["state"] == "done", f"... and done ({doc.get('error')})")
        judge_medium(os.path.join(out, f"{mine['id']}-1.iso"), CLIENT_PASSWORD, tmp, "client's password")

        # 3. Refusals.
        status, err = request(sock, "POST", "/v1/jobs", author(ct, {"kind": "image-dir", "where": out}, profile="STD-GEN-CD", encryption={}))
        check(status == 400 and "STD-GEN-SEC-CD" in err.get("detail", "") and err.get("pointer") == "/author/profile",
              f"encryption on a plain profile is refused naming its secure variant ({err.get('detail')})")
        status, err = request(sock, "POST", "/v1/jobs", author(ct, {"kind": "image-dir", "where": out}))
        check(status == 400 and err.get("pointer") == "/author/encryption", f"a secure profile without encryption is refused ({err.get('detail')})")
        status, err = request(sock, "POST", "/v1/jobs", author(ct, {"kind": "image-dir", "where": out}, encryption={"password": "short-pw"}))
        check(status == 400 and err.get("pointer") == "/author/encryption/password" and "short-pw" not in str(err),
              f"a short password is refused, not echoed ({err.get('detail')})")
        status, err = request(sock, "POST", "/v1/jobs", author(ct, {"kind": "image-dir", "where": out}, encryption={"pasword": "x" * 20}))
        check(status == 400 and err.get("pointer") == "/author/encryption/pasword", f"an unknown member is refused ({err.get('pointer')})")

        # 4. Crash before the enveloping: the job waits behind a long one on the drive, discusd is killed.
        big = many_instances(os.path.join(tmp, "big"), 150)
        status, blocker = request(sock, "POST", "/v1/jobs", author(big, {"kind": "drive", "where": drive}, profile="STD-GEN-CD", copies=3))
        status, lost = request(sock, "POST", "/v1/jobs", author(ct, {"kind": "drive", "where": drive}, encryption={}))
        lost_password = lost.get("medium_password", "")
        check(status == 201 and lost_password, "an encrypted job queued behind a long one")
        d.stop(signal.SIGKILL)
        d = Daemon(DISCUSD, state, sock, "--drive", drive)
        doc = wait_job(sock, lost["id"], terminal, timeout=180)
        check(doc["state"] == "failed" and "submit the job again" in doc.get("error", ""),
              f"after a restart before its enveloping the job fails saying so ({doc['state']}: {doc.get('error', '')[:120]})")
        check(all(c["state"] != "done" for c in doc["copies"]), "nothing was burned for it")
        wait_job(sock, blocker["id"], terminal, timeout=180)

        # 5. No password anywhere the service writes (the search itself checked on a planted copy).
        d.stop()
        planted = os.path.join(state, "planted")
        with open(planted, "w") as f:
            f.write("x" + password + "y")
        check(files_holding([state], password) == [planted], "the search finds a planted password")
        os.remove(planted)
        logs = [d.log_path]
        for pw in (password, disc_password, CLIENT_PASSWORD, lost_password):
            no_secret_in([state] + logs, pw, f"state directory and log ({pw[:4]}...)")
        no_secret_in(glob.glob("/dev/shm/discus-secure-*"), password, "/dev/shm")
    finally:
        code = finish()
        shutil.rmtree(tmp, ignore_errors=True)
    return code


if __name__ == "__main__":
    sys.exit(main())
