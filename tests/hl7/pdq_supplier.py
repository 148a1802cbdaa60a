#!/usr/bin/env python3
"""A small IHE PDQ Patient Demographics Supplier (ITI-21) for the tests: HL7 v2.5 over MLLP,
answering QBP^Q22 with RSP^K22 from a JSON fixture. Debian packages no PDQ supplier (nor an HL7
v2 library), so this one is written for the tests, from the HL7 v2.5 and IHE ITI TF-2a texts,
independently of the C++ consumer (it shares no code with it).

Fixture: {"patients": [{"ids": [["L-100", "HOSP"], ["X9", "OTHER"]], "family": "ROE",
"given": "RICHARD", "birth": "19650304", "sex": "M"}, ...], "domains": ["HOSP", "OTHER"]}.
Matching: @PID.5.1.1 (family, case-insensitive, trailing * as wild card), @PID.5.2, @PID.7,
@PID.8, @PID.3.1 with @PID.3.4.1. QPD-8 names the domain whose IDs are returned (unknown: AE).
Modes: normal; reject (MSA AE + ERR for every query); silent (reads, never answers); garbage
(answers bytes outside a frame); wrong-id (MSA-2 names another message).
Every query received is appended, one JSON line each, to --log.

  pdq_supplier.py --port P --fixture F.json [--mode normal] [--log queries.jsonl]
"""
import argparse
import json
import socket
import threading
import time

VT, FS, CR = b"\x0b", b"\x1c", b"\r"


def unescape(v):
    out, i = [], 0
    table = {"F": "|", "S": "^", "T": "&", "R": "~", "E": "\\"}
    while i < len(v):
        if v[i] == "\\":
            j = v.find("\\", i + 1)
            if j < 0:
                out.append(v[i:])
                break
            seq = v[i + 1:j]
            out.append(table.get(seq, "\\" + seq + "\\"))
            i = j + 1
        else:
            out.append(v[i])
            i += 1
    return "".join(out)


def escape(v):
    return (v.replace("\\", "\\E\\").replace("|", "\\F\\").replace("^", "\\S\\").replace("&", "\\T\\").replace("~", "\\R\\"))


def segments(text):
    return [s.split("|") for s in text.replace("\n", "\r").split("\r") if s]


def field(seg, n):
    # MSH-1 is the separator: MSH-n is split index n-1.
    k = n - 1 if seg[0] == "MSH" else n
    return seg[k] if k < len(seg) else ""


def matches(p, params):
    for path, value in params:
        if path == "@PID.5.1.1" or path == "@PID.5.1":
            fam = p["family"].upper()
            v = value.upper()
            if v.endswith("*"):
                if not fam.startswith(v[:-1]):
                    return False
            elif fam != v:
                return False
        elif path == "@PID.5.2" and p.get("given", "").upper() != value.upper():
            return False
        elif path == "@PID.7" and p.get("birth", "") != value:
            return False
        elif path == "@PID.8" and p.get("sex", "") != value:
            return False
        elif path == "@PID.3.1" and value not in [i[0] for i in p["ids"]]:
            return False
    auth = dict(params).get("@PID.3.4.1")
    if auth is not None:
        pid = dict(params).get("@PID.3.1")
        if not any(i[1] == auth and (pid is None or i[0] == pid) for i in p["ids"]):
            return False
    return True


def answer(request, fixture, mode):
    segs = segments(request)
    msh = segs[0]
    control = field(msh, 10)
    qpd = next((s for s in segs if s[0] == "QPD"), None)
    header = "MSH|^~\\&|PDQSUP|HOSPFAC|{}|{}|{}||RSP^K22^RSP_K21|S{}|P|2.5".format(
        field(msh, 3), field(msh, 4), time.strftime("%Y%m%d%H%M%S"), control)
    if mode == "wrong-id":
        control = "NOT-" + control
    if mode == "reject" or qpd is None:
        return "\r".join([header, f"MSA|AE|{control}|query refused by the test supplier",
                          "ERR||QPD^1^3|207^Application internal error^HL70357|E||||supplier is in reject mode",
                          f"QAK|{field(qpd, 2) if qpd else ''}|AE"]) + "\r", None
    tag = field(qpd, 2)
    params = []
    for rep in field(qpd, 3).split("~"):
        if not rep:
            continue
        parts = rep.split("^", 1)
        params.append((parts[0], unescape(parts[1]) if len(parts) > 1 else ""))
    domain = unescape(field(qpd, 8).split("^")[3]) if field(qpd, 8).count("^") >= 3 else ""
    if domain and domain not in fixture.get("domains", []):
        return "\r".join([header, f"MSA|AE|{control}", "ERR||QPD^1^8^1^4|204^Unknown Key Identifier^HL70357|E",
                          f"QAK|{tag}|AE", "|".join(qpd)]) + "\r", {"params": params, "domain": domain}
    found = [p for p in fixture["patients"] if matches(p, params)]
    out = [header, f"MSA|AA|{control}", f"QAK|{tag}|{'OK' if found else 'NF'}", "|".join(qpd)]
    for k, p in enumerate(found, 1):
        ids = [i for i in p["ids"] if not domain or i[1] == domain]
        cx = "~".join(f"{escape(i[0])}^^^{escape(i[1])}^MR" for i in ids)
        name = f"{escape(p['family'])}^{escape(p.get('given', ''))}^^^^^L"
        out.append(f"PID|{k}||{cx}||{name}||{p.get('birth', '')}|{p.get('sex', '')}")
    return "\r".join(out) + "\r", {"params": params, "domain": domain}


def serve(conn, fixture, mode, log, lock):
    buf = b""
    conn.settimeout(30)
    try:
        while True:
            chunk = conn.recv(65536)
            if not chunk:
                return
            buf += chunk
            while VT in buf and FS + CR in buf:
                start = buf.index(VT)
                end = buf.index(FS + CR, start)
                request = buf[start + 1:end].decode("utf-8", "replace")
                buf = buf[end + 2:]
                if mode == "silent":
                    time.sleep(60)
                    return
                if mode == "garbage":
                    conn.sendall(b"HTTP/1.1 400 Bad Request\r\n\r\n")
                    return
                text, asked = answer(request, fixture, mode)
                with lock:
                    with open(log, "a") as f:
                        f.write(json.dumps({"request": request, "asked": asked}) + "\n")
                conn.sendall(VT + text.encode("utf-8") + FS + CR)
    except (OSError, ValueError):
        return
    finally:
        conn.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--fixture", required=True)
    ap.add_argument("--mode", default="normal", choices=["normal", "reject", "silent", "garbage", "wrong-id"])
    ap.add_argument("--log", default="/dev/null")
    a = ap.parse_args()
    with open(a.fixture) as f:
        fixture = json.load(f)
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", a.port))
    s.listen(8)
    lock = threading.Lock()
    while True:
        conn, _ = s.accept()
        threading.Thread(target=serve, args=(conn, fixture, a.mode, a.log, lock), daemon=True).start()


if __name__ == "__main__":
    main()
