#!/usr/bin/python3
"""Secure media oracle (issue 5): `discus encrypt` / `discus decrypt` judged by the OpenSSL command
line and by the file-set tools (dicom3tools, our own `discus dir --check` after a byte-for-byte
comparison with the plain file-set).

Throwaway RSA keys and certificates are made at run time in a temp dir (openssl req; the expired
one with python3-cryptography). Checked:
  * `openssl cms -decrypt` (recipient key; -pwri_password) opens our envelopes, and
    `openssl cms -digest_verify` / `-verify` (after wrapping the decrypted SignedData/DigestedData
    in its ContentInfo, RFC 5652 5.2/6.1 nesting) give back the DICOM File byte for byte;
  * `openssl cms -cmsout -print` shows the PS3.15 D.1.1 structure: envelopedData, encrypted content
    type signedData or digestedData, aes-256-cbc / aes-128-cbc, rsaEncryption or RSAES-OAEP,
    PBKDF2 + PWRI-KEK, sha256;
  * we open what `openssl cms -encrypt` writes: aes-256-cbc, aes-128-cbc, des3, -pwri_password,
    with and without -stream;
  * a STD-GEN-SEC-CD file-set: every DICOM File (DICOMDIR included) enveloped, README.TXT plain,
    `sha256sum -c SHA256.TXT` passes on the secure and on the decrypted set, the decrypted set is the
    plain set byte for byte and passes `discus dir --check` and dciodvfy;
  * wrong password, wrong key, expired certificate, truncated and tampered envelopes: non-zero
    exit, a message, and no output file (nor temporary file) left;
  * a file large enough to be digested on a second thread (signed and digested): openssl opens and
    verifies it byte for byte;
  * `decrypt --trust`: a CA, a leaf it signs and a self-signed stranger made with `openssl req` /
    `openssl x509`; our verdict (trusted / untrusted and refused with no output / "not verified
    against a trust store" without --trust) must agree with `openssl cms -verify -CAfile`;
  * durability, seen by strace: each output is fsync'ed before its rename (and its directory
    after), file-sets too; with --no-sync nothing is fsync'ed.
Usage: secure_oracle.py DISCUS_BINARY
"""
import datetime
import filecmp
import os
import subprocess
import sys
import tempfile

DATA = "/usr/lib/python3/dist-packages/pydicom/data/test_files"
INPUTS = [os.path.join(DATA, f) for f in ("CT_small.dcm", "MR_small.dcm", "rtplan.dcm")]
PASSWORD = "correct horse battery staple"
FAILURES = []
PWFILE = WRONGFILE = ""


def fail(msg):
    FAILURES.append(msg)
    print("FAIL:", msg)


def run(args, ok=True, **kw):
    r = subprocess.run(args, capture_output=True, **kw)
    if ok and r.returncode != 0:
        fail(f"{' '.join(args)} exit {r.returncode}: {r.stderr.decode(errors='replace')[-1500:]}")
    return r


def read(p):
    with open(p, "rb") as f:
        return f.read()


def make_keys(d):
    keys = {}
    for name, ku in (("alice", "keyEncipherment,digitalSignature"), ("bob", "keyEncipherment"), ("signer", "digitalSignature"),
                     ("small", "keyEncipherment")):
        bits = "1024" if name == "small" else "2048"
        k, c = os.path.join(d, name + ".key"), os.path.join(d, name + ".pem")
        run(["openssl", "req", "-x509", "-newkey", "rsa:" + bits, "-nodes", "-keyout", k, "-out", c, "-days", "30",
             "-subj", f"/O=Discus Oracle/CN={name}", "-addext", "keyUsage=critical," + ku])
        keys[name] = (k, c)
    # An expired certificate (notAfter yesterday), made with python3-cryptography.
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "expired")])
    now = datetime.datetime.utcnow()
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=30))
            .not_valid_after(now - datetime.timedelta(days=1)).sign(key, hashes.SHA256()))
    with open(os.path.join(d, "expired.pem"), "wb") as f:
        f.write(cert.public_bytes(serialization.Encoding.PEM))
    for name, text in (("password.txt", PASSWORD), ("wrong.txt", "not the right password")):
        with open(os.path.join(d, name), "w") as f:
            f.write(text + "\n")
    return keys


# ContentInfo around a bare SignedData / DigestedData (what an envelope of content type
# signedData / digestedData holds, RFC 5652), so `openssl cms` can read it.
OID = {"signed": bytes.fromhex("06092a864886f70d010702"), "digested": bytes.fromhex("06092a864886f70d010705")}


def wrap(kind, inner):
    return b"\x30\x80" + OID[kind] + b"\xa0\x80" + inner + b"\x00\x00\x00\x00"


def openssl_opens(d, sec, original, kind, decrypt_args, verify_args, label):
    dec = os.path.join(d, "dec.der")
    if run(["openssl", "cms", "-decrypt", "-binary", "-inform", "DER", "-in", sec, "-out", dec] + decrypt_args).returncode:
        return
    wrapped = os.path.join(d, "wrapped.der")
    with open(wrapped, "wb") as f:
        f.write(wrap(kind, read(dec)))
    out = os.path.join(d, "openssl-plain.dcm")
    op = "-verify" if kind == "signed" else "-digest_verify"
    if run(["openssl", "cms", op, "-binary", "-inform", "DER", "-in", wrapped, "-out", out] + verify_args).returncode:
        return
    if read(out) != read(original):
        fail(f"{label}: openssl did not recover the DICOM File byte for byte")


def cms_print(path):
    return run(["openssl", "cms", "-cmsout", "-print", "-inform", "DER", "-in", path]).stdout.decode(errors="replace")


def expect_in(text, needles, label):
    for n in needles:
        if n not in text:
            fail(f"{label}: `openssl cms -cmsout -print` lacks {n!r}")


def ours_to_openssl(discus, d, keys):
    src = INPUTS[0]
    alice_k, alice_c = keys["alice"]
    sk, sc = keys["signer"]
    cases = [
        ("digested, aes-256, PKCS#1 v1.5", [], "digested", ["-inkey", alice_k, "-recip", alice_c], [],
         ["pkcs7-envelopedData (1.2.840.113549.1.7.3)", "pkcs7-digestData (1.2.840.113549.1.7.5)",
          "aes-256-cbc (2.16.840.1.101.3.4.1.42)", "rsaEncryption (1.2.840.113549.1.1.1)"]),
        ("signed, aes-128", ["--sign-with", f"{sk},{sc}", "--cipher", "aes-128-cbc"], "signed",
         ["-inkey", alice_k, "-recip", alice_c], ["-CAfile", sc],
         ["pkcs7-envelopedData (1.2.840.113549.1.7.3)", "pkcs7-signedData (1.2.840.113549.1.7.2)",
          "aes-128-cbc (2.16.840.1.101.3.4.1.2)"]),
        ("OAEP", ["--oaep"], "digested", ["-inkey", alice_k, "-recip", alice_c], [], ["rsaesOaep (1.2.840.113549.1.1.7)"]),
    ]
    for label, extra, kind, dargs, vargs, needles in cases:
        sec = os.path.join(d, "ours.sec")
        if run([discus, "encrypt", "--recipient", alice_c, "--recipient", keys["bob"][1]] + extra + [src, sec]).returncode:
            continue
        expect_in(cms_print(sec), needles, label)
        openssl_opens(d, sec, src, kind, dargs, vargs, label)
        # and bob, the second recipient, opens it with our decrypt too
        back = os.path.join(d, "back.dcm")
        r = run([discus, "decrypt", "--key", keys["bob"][0], sec, back])
        if r.returncode == 0 and read(back) != read(src):
            fail(f"{label}: our decrypt is not byte for byte")
        if kind == "signed" and b"CN=signer" not in r.stdout:
            fail(f"{label}: decrypt did not report the signer: {r.stdout!r}")
        os.remove(back)
    # password recipient
    sec = os.path.join(d, "pw.sec")
    if run([discus, "encrypt", "--password-file", PWFILE, src, sec]).returncode == 0:
        expect_in(cms_print(sec), ["PBKDF2 (1.2.840.113549.1.5.12)", "id-alg-PWRI-KEK (1.2.840.113549.1.9.16.3.9)",
                                   "pkcs7-digestData (1.2.840.113549.1.7.5)"], "password")
        openssl_opens(d, sec, src, "digested", ["-pwri_password", PASSWORD], [], "password")


def openssl_to_ours(discus, d, keys):
    src = INPUTS[1]
    alice_k, alice_c = keys["alice"]
    for cipher in ("-aes256", "-aes128", "-des3"):
        for stream in ([], ["-stream"]):
            sec = os.path.join(d, "theirs.sec")
            run(["openssl", "cms", "-encrypt", "-binary", cipher, "-outform", "DER", "-in", src, "-out", sec] + stream + [alice_c])
            out = os.path.join(d, "theirs.dcm")
            for how in (["--key", alice_k], ["--key", alice_k, "--cert", alice_c]):
                if run([discus, "decrypt"] + how + [sec, out]).returncode == 0:
                    if read(out) != read(src):
                        fail(f"openssl {cipher} {stream}: not recovered byte for byte")
                    os.remove(out)
    sec = os.path.join(d, "theirs-pw.sec")
    run(["openssl", "cms", "-encrypt", "-binary", "-aes256", "-outform", "DER", "-in", src, "-out", sec, "-pwri_password", PASSWORD])
    out = os.path.join(d, "theirs-pw.dcm")
    if run([discus, "decrypt", "--password-file", PWFILE, sec, out]).returncode == 0 and read(out) != read(src):
        fail("openssl -pwri_password: not recovered byte for byte")


def leftovers(directory, stem):
    return [f for f in os.listdir(directory) if f.startswith(stem)]


def expect_failure(discus, args, out, label, needle):
    r = run([discus] + args, ok=False)
    err = r.stderr.decode(errors="replace")
    if r.returncode == 0:
        fail(f"{label}: exit 0")
    if needle.lower() not in err.lower():
        fail(f"{label}: message lacks {needle!r}: {err!r}")
    left = leftovers(os.path.dirname(out), os.path.basename(out))
    if left:
        fail(f"{label}: output left behind: {left}")


def failures(discus, d, keys):
    src = INPUTS[0]
    alice_k, alice_c = keys["alice"]
    good = os.path.join(d, "good.sec")
    run([discus, "encrypt", "--recipient", alice_c, "--password-file", PWFILE, src, good])
    out = os.path.join(d, "fail-out.dcm")
    expect_failure(discus, ["decrypt", "--password-file", WRONGFILE, good, out], out, "wrong password", "wrong password")
    expect_failure(discus, ["decrypt", "--key", keys["bob"][0], good, out], out, "wrong key", "wrong key")
    expect_failure(discus, ["decrypt", "--key", keys["bob"][0], "--cert", keys["bob"][1], good, out], out, "wrong key+cert", "wrong key")
    sec_out = os.path.join(d, "fail-out.sec")
    expect_failure(discus, ["encrypt", "--recipient", os.path.join(d, "expired.pem"), src, sec_out], sec_out, "expired cert", "expired")
    expect_failure(discus, ["encrypt", "--recipient", keys["small"][1], src, sec_out], sec_out, "1024-bit cert", "2048")
    expect_failure(discus, ["encrypt", "--recipient", keys["signer"][1], src, sec_out], sec_out, "signing-only cert", "keyEncipherment")
    short = os.path.join(d, "short.txt")
    with open(short, "w") as f:
        f.write("short\n")
    expect_failure(discus, ["encrypt", "--password-file", short, src, sec_out], sec_out, "short password", "at least")
    data = read(good)
    for label, damaged, needle in (
            ("truncated end", data[:-7], "truncated"),
            ("truncated middle", data[: len(data) // 2], "truncated"),
            ("tampered ciphertext", data[: len(data) // 2] + bytes([data[len(data) // 2] ^ 0x5A]) + data[len(data) // 2 + 1:], ""),
            ("tampered last block", data[:-40] + bytes([data[-40] ^ 1]) + data[-39:], "")):
        bad = os.path.join(d, "bad.sec")
        with open(bad, "wb") as f:
            f.write(damaged)
        expect_failure(discus, ["decrypt", "--key", alice_k, bad, out], out, label, needle)
    expect_failure(discus, ["decrypt", "--key", alice_k, src, out], out, "plain file", "not a Secure DICOM File")


def keystores(discus, d, keys):
    src = INPUTS[0]
    alice_k, alice_c = keys["alice"]
    sec = os.path.join(d, "ks.sec")
    run([discus, "encrypt", "--recipient", alice_c, src, sec])
    pem = os.path.join(d, "ks-pem")
    os.makedirs(pem)
    for s, t in ((alice_k, "key.pem"), (alice_c, "cert.pem")):
        with open(os.path.join(pem, t), "wb") as f:
            f.write(read(s))
    os.chmod(os.path.join(pem, "key.pem"), 0o644)
    out = os.path.join(d, "ks.dcm")
    expect_failure(discus, ["decrypt", "--keystore", pem, sec, out], out, "group-readable keystore", "chmod 600")
    os.chmod(os.path.join(pem, "key.pem"), 0o600)
    if run([discus, "decrypt", "--keystore", pem, sec, out]).returncode == 0 and read(out) != read(src):
        fail("PEM keystore: not byte for byte")
    p12 = os.path.join(d, "ks-p12")
    os.makedirs(p12)
    run(["openssl", "pkcs12", "-export", "-inkey", alice_k, "-in", alice_c, "-out", os.path.join(p12, "identity.p12"),
         "-passout", "pass:" + PASSWORD])
    with open(os.path.join(p12, "identity.pass"), "w") as f:
        f.write(PASSWORD + "\n")
    for f in ("identity.p12", "identity.pass"):
        os.chmod(os.path.join(p12, f), 0o600)
    out2 = os.path.join(d, "ks2.dcm")
    if run([discus, "decrypt", "--keystore", p12, sec, out2]).returncode == 0 and read(out2) != read(src):
        fail("PKCS#12 keystore: not byte for byte")


def file_set(discus, d, keys):
    plain, secure, back = (os.path.join(d, n) for n in ("plain", "secure", "back"))
    run([discus, "author", "--profile", "STD-GEN-CD", "--out", plain, "--fileset-id", "SECURE"] + INPUTS)
    alice_k, alice_c = keys["alice"]
    sk, sc = keys["signer"]
    if run([discus, "encrypt", "--recipient", alice_c, "--password-file", PWFILE,
            "--sign-with", f"{sk},{sc}", plain, secure]).returncode:
        return
    dicom = 0
    for root, _, files in os.walk(plain):
        for f in files:
            rel = os.path.relpath(os.path.join(root, f), plain)
            head = read(os.path.join(plain, rel))
            s = read(os.path.join(secure, rel))
            if len(head) > 132 and head[128:132] == b"DICM":
                dicom += 1
                if not (s[:2] in (b"\x30\x80", b"\x30\x82", b"\x30\x83", b"\x30\x84") and bytes.fromhex("06092a864886f70d010703") in s[:16]):
                    fail(f"file-set: {rel} is not a CMS Enveloped-data")
            elif rel != "SHA256.TXT" and s != head:
                fail(f"file-set: non-DICOM {rel} changed")
    if dicom < len(INPUTS) + 1:
        fail(f"file-set: only {dicom} DICOM files (DICOMDIR included?)")
    if b"pkcs7-signedData" not in cms_print(os.path.join(secure, "DICOMDIR")).encode():
        fail("file-set: the DICOMDIR is not enveloped Signed-data")
    run(["sha256sum", "--quiet", "-c", "SHA256.TXT"], cwd=secure)
    # a secure file-set is not readable as a plain one
    if run([discus, "dir", "--check", secure], ok=False).returncode == 0:
        fail("file-set: `discus dir --check` accepted the enveloped DICOMDIR as plain")
    r = run([discus, "decrypt", "--password-file", PWFILE, secure, back])
    if r.returncode:
        return
    if b"CN=signer" not in r.stdout:
        fail("file-set: decrypt did not name the signer")
    cmp = filecmp.dircmp(plain, back)
    def diff(c):
        out = c.left_only + c.right_only + [f for f in c.diff_files if f != "SHA256.TXT"] + c.funny_files
        for sub in c.subdirs.values():
            out += diff(sub)
        return out
    if diff(cmp):
        fail(f"file-set: decrypted set differs from the plain one: {diff(cmp)}")
    for f in sorted(os.listdir(plain)):
        if os.path.isfile(os.path.join(plain, f)) and not filecmp.cmp(os.path.join(plain, f), os.path.join(back, f), shallow=False):
            fail(f"file-set: decrypted {f} differs")
    run(["sha256sum", "--quiet", "-c", "SHA256.TXT"], cwd=back)
    run([discus, "dir", "--check", back])
    v = run(["dciodvfy", os.path.join(back, "DICOMDIR")], ok=False)
    for line in (v.stdout + v.stderr).decode(errors="replace").splitlines():
        if line.startswith("Error"):
            fail(f"dciodvfy: {line}")
    # a failure half-way leaves no output directory
    wrong = os.path.join(d, "back-wrong")
    expect_failure(discus, ["decrypt", "--key", keys["bob"][0], secure, wrong], wrong, "file-set wrong key", "wrong key")


def large_file(discus, d, keys):
    # > 8 MiB: the inner digest is computed on a second thread (src/media/secure/parallel_digest.h)
    big = os.path.join(d, "big.dcm")
    with open(big, "wb") as f:
        f.write(bytes(128) + b"DICM" + os.urandom(9 * 1048576 + 12345))
    alice_k, alice_c = keys["alice"]
    sk, sc = keys["signer"]
    for kind, extra in (("digested", []), ("signed", ["--sign-with", f"{sk},{sc}"])):
        sec = os.path.join(d, kind + ".sec")
        if run([discus, "encrypt", "--no-sync", "--recipient", alice_c] + extra + [big, sec]).returncode == 0:
            openssl_opens(d, sec, big, kind, ["-inkey", alice_k, "-recip", alice_c], ["-CAfile", sc] if kind == "signed" else [],
                          "large file " + kind)


def make_pki(d):
    """A CA, a leaf it signs (digitalSignature), a self-signed stranger: (key, cert) pairs."""
    ca = (os.path.join(d, "ca.key"), os.path.join(d, "ca.pem"))
    run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", ca[0], "-out", ca[1], "-days", "30",
         "-subj", "/O=Discus Oracle/CN=Test CA", "-addext", "basicConstraints=critical,CA:TRUE",
         "-addext", "keyUsage=critical,keyCertSign,cRLSign"])
    leaf = (os.path.join(d, "leaf.key"), os.path.join(d, "leaf.pem"))
    csr = os.path.join(d, "leaf.csr")
    run(["openssl", "req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", leaf[0], "-out", csr,
         "-subj", "/O=Discus Oracle/CN=leaf signer"])
    ext = os.path.join(d, "leaf.ext")
    with open(ext, "w") as f:
        f.write("basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n")
    run(["openssl", "x509", "-req", "-in", csr, "-CA", ca[1], "-CAkey", ca[0], "-CAcreateserial", "-days", "30",
         "-extfile", ext, "-out", leaf[1]])
    stranger = (os.path.join(d, "stranger.key"), os.path.join(d, "stranger.pem"))
    run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", stranger[0], "-out", stranger[1], "-days", "30",
         "-subj", "/O=Discus Oracle/CN=stranger", "-addext", "keyUsage=critical,digitalSignature"])
    return ca, leaf, stranger


def openssl_trusts(d, sec, keys, ca):
    """openssl's verdict: does the signer of `sec` chain to `ca` (openssl cms -verify -CAfile)?"""
    alice_k, alice_c = keys["alice"]
    dec = os.path.join(d, "trust-dec.der")
    run(["openssl", "cms", "-decrypt", "-binary", "-inform", "DER", "-in", sec, "-out", dec, "-inkey", alice_k, "-recip", alice_c])
    wrapped = os.path.join(d, "trust-wrapped.der")
    with open(wrapped, "wb") as f:
        f.write(wrap("signed", read(dec)))
    return run(["openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", wrapped, "-out", os.devnull,
                "-CAfile", ca, "-purpose", "any"], ok=False).returncode == 0


def trust(discus, d, keys):
    ca, leaf, stranger = make_pki(d)
    src = INPUTS[0]
    alice_k, alice_c = keys["alice"]
    out = os.path.join(d, "trust-out.dcm")
    for who, (k, c) in (("leaf", leaf), ("stranger", stranger)):
        sec = os.path.join(d, who + ".sec")
        if run([discus, "encrypt", "--recipient", alice_c, "--sign-with", f"{k},{c}", src, sec]).returncode:
            continue
        expected = openssl_trusts(d, sec, keys, ca[1])
        if expected != (who == "leaf"):
            fail(f"trust: openssl's verdict on the {who} is {expected}: the test certificates are not what they should be")
        r = run([discus, "decrypt", "--key", alice_k, "--trust", ca[1], sec, out], ok=False)
        text = (r.stdout + r.stderr).decode(errors="replace")
        if expected:
            if r.returncode != 0 or "signer trusted" not in text or "CN=leaf signer" not in text:
                fail(f"trust: the leaf signed by the CA was not reported trusted: exit {r.returncode} {text!r}")
            elif read(out) != read(src):
                fail("trust: trusted output differs")
            if os.path.exists(out):
                os.remove(out)
        else:
            if r.returncode == 0 or "untrusted" not in text:
                fail(f"trust: the stranger's signature was not refused as untrusted: exit {r.returncode} {text!r}")
            if leftovers(d, os.path.basename(out)):
                fail(f"trust: output left behind for the untrusted signer: {leftovers(d, os.path.basename(out))}")
        # without --trust: valid signature, signer not verified, exit 0
        r = run([discus, "decrypt", "--key", alice_k, sec, out])
        if r.returncode == 0:
            if b"signature valid, signer not verified against a trust store" not in r.stdout or b"signer trusted" in r.stdout:
                fail(f"trust: without --trust the {who} report is {r.stdout!r}")
            os.remove(out)
    # --trust with the stranger's own certificate as an anchor: trusted (a self-signed anchor)
    r = run([discus, "decrypt", "--key", alice_k, "--trust", ca[1], "--trust", stranger[1], os.path.join(d, "stranger.sec"), out])
    if r.returncode == 0:
        if b"signer trusted" not in r.stdout:
            fail(f"trust: a second --trust anchor was not used: {r.stdout!r}")
        os.remove(out)
    # content that is not signed cannot satisfy --trust
    dig = os.path.join(d, "digested.sec")
    run([discus, "encrypt", "--recipient", alice_c, src, dig])
    expect_failure(discus, ["decrypt", "--key", alice_k, "--trust", ca[1], dig, out], out, "trust: unsigned content", "not signed")
    # a file-set signed by the stranger: refused as a whole, no output directory
    plain = os.path.join(d, "plain")
    os.makedirs(plain)
    for i, f in enumerate(INPUTS):
        with open(os.path.join(plain, f"IM{i}"), "wb") as o:
            o.write(read(f))
    secure = os.path.join(d, "secure")
    if run([discus, "encrypt", "--recipient", alice_c, "--sign-with", f"{stranger[0]},{stranger[1]}", plain, secure]).returncode == 0:
        back = os.path.join(d, "back")
        expect_failure(discus, ["decrypt", "--key", alice_k, "--trust", ca[1], secure, back], back, "trust: file-set", "untrusted")
        if os.path.exists(back):
            fail("trust: file-set output directory left behind")


def traced(args, d):
    """The fsync / rename calls `args` makes, in order (strace -f)."""
    log = os.path.join(d, "strace.log")
    env = dict(os.environ)  # LeakSanitizer cannot run under ptrace (ASan builds): leaks are checked elsewhere
    env["ASAN_OPTIONS"] = ":".join(filter(None, [env.get("ASAN_OPTIONS", ""), "detect_leaks=0"]))
    r = run(["strace", "-f", "-qq", "-o", log, "-e", "trace=fsync,fdatasync,rename,renameat,renameat2,openat"] + args, env=env)
    calls, fds, pending = [], {}, {}
    with open(log) as f:
        for line in f:
            pid, body = line.split(None, 1)
            if "<unfinished ...>" in body:  # another thread ran in between; the call resumes later
                pending[pid] = body.split("<unfinished")[0]
                continue
            if "resumed>" in body:
                body = pending.pop(pid, "") + body.split("resumed>", 1)[1]
            if body.startswith("openat(") and "= " in body:
                fd = body.rsplit("= ", 1)[1].split()[0]
                if fd.isdigit():
                    fds[fd] = body.split('"')[1]
            elif body.startswith(("fsync(", "fdatasync(")):
                calls.append(("fsync", fds.get(body.split("(")[1].split(")")[0].strip(), "?")))
            elif body.startswith("rename"):
                calls.append(("rename", body.split('"')[1]))
    return r.returncode, calls


def durability(discus, d, keys):
    import shutil
    if not shutil.which("strace"):
        print("durability: strace not installed, skipped")
        return
    src = INPUTS[0]
    alice_k, alice_c = keys["alice"]
    sec, back = os.path.join(d, "dur.sec"), os.path.join(d, "dur.dcm")
    for label, args, out in (("encrypt", ["encrypt", "--recipient", alice_c, src, sec], sec),
                             ("decrypt", ["decrypt", "--key", alice_k, sec, back], back)):
        rc, calls = traced([discus] + args, d)
        if rc:
            continue
        renames = [i for i, c in enumerate(calls) if c[0] == "rename"]
        if len(renames) != 1:
            fail(f"durability {label}: expected one rename, saw {calls}")
            continue
        temp = calls[renames[0]][1]
        if not temp.startswith(out + ".discus-tmp-"):
            fail(f"durability {label}: renamed {temp!r}, not a temporary beside {out}")
        if ("fsync", temp) not in calls[:renames[0]]:
            fail(f"durability {label}: {temp} not fsync'ed before its rename: {calls}")
        if ("fsync", d) not in calls[renames[0]:]:
            fail(f"durability {label}: the directory {d} not fsync'ed after the rename: {calls}")
        rc, calls = traced([discus] + args[:1] + ["--no-sync"] + args[1:], d)
        if rc == 0 and any(c[0] == "fsync" for c in calls):
            fail(f"durability {label} --no-sync: fsync'ed anyway: {calls}")
        if rc == 0 and not any(c[0] == "rename" for c in calls):
            fail(f"durability {label} --no-sync: no rename into place: {calls}")
    # a file-set: every file's temporary fsync'ed before its rename, the directory after all
    plain, secure = os.path.join(d, "plain"), os.path.join(d, "secure")
    os.makedirs(os.path.join(plain, "SUB"))
    for i, f in enumerate(INPUTS):
        with open(os.path.join(plain, "SUB" if i else "", f"IM{i}"), "wb") as o:
            o.write(read(f))
    with open(os.path.join(plain, "README.TXT"), "w") as o:
        o.write("plain\n")
    rc, calls = traced([discus, "encrypt", "--recipient", alice_c, plain, secure], d)
    if rc == 0:
        # Built in "secure.partial" (issue 12: no finished-looking partial output), renamed onto
        # "secure" at the end: every file's rename, the folders synced, then the folder's rename
        # and the parent synced after it.
        renamed = [c[1] for c in calls if c[0] == "rename" and ".discus-tmp-" in c[1]]
        folder = [i for i, c in enumerate(calls) if c == ("rename", secure + ".partial")]
        if len(renamed) != len(INPUTS) + 1:
            fail(f"durability file-set: {len(renamed)} renames for {len(INPUTS) + 1} files")
        if len(folder) != 1:
            fail(f"durability file-set: expected one rename of {secure}.partial onto {secure}: {calls}")
        for temp in renamed:
            at = calls.index(("rename", temp))
            if ("fsync", temp) not in calls[:at]:
                fail(f"durability file-set: {temp} not fsync'ed before its rename")
        last = max(calls.index(("rename", t)) for t in renamed) if renamed else 0
        end = folder[0] if folder else len(calls)
        synced = {c[1] for c in calls[last:end] if c[0] == "fsync"}
        for want in (secure + ".partial", os.path.join(secure + ".partial", "SUB")):
            if want not in synced:
                fail(f"durability file-set: directory {want} not fsync'ed after the renames: {sorted(synced)}")
        if ("fsync", d) not in calls[end:]:
            fail(f"durability file-set: the directory {d} not fsync'ed after the folder's rename")


def main():
    discus = sys.argv[1]
    with tempfile.TemporaryDirectory() as d:
        keys = make_keys(d)
        global PWFILE, WRONGFILE
        PWFILE, WRONGFILE = os.path.join(d, "password.txt"), os.path.join(d, "wrong.txt")
        for step in (ours_to_openssl, openssl_to_ours, failures, keystores, file_set, large_file, trust, durability):
            sub = os.path.join(d, step.__name__)
            os.makedirs(sub)
            step(discus, sub, keys)
    if FAILURES:
        print(f"{len(FAILURES)} failures")
        return 1
    print("secure oracle: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
