#!/usr/bin/env python3
"""A minimal Modality Performed Procedure Step SCP (PS3.4 F.7) for the import tests, written here
from PS3.8 (Upper Layer PDUs) and PS3.7 (N-CREATE/N-SET): Debian packages no MPPS SCP (dcmtk has
none, Orthanc does not serve MPPS, pynetdicom is not packaged). It shares no code with Discus.

It accepts the MPPS SOP class in Implicit VR Little Endian only, answers N-CREATE (0000H; 0111H
for an instance created twice) and N-SET (0000H; 0112H for an unknown instance; 0110H once the
step is COMPLETED or DISCONTINUED, PS3.4 F.7.2.2.2), and writes every data set it receives,
wrapped as a Part 10 file by pydicom, to OUT/NNN-n-create.dcm / NNN-n-set.dcm for dcmdump.

  import_commit_mpps_scp.py --port P --out DIR [--aet MPPS]
"""
import argparse
import io
import os
import socket
import struct
import threading

MPPS = "1.2.840.10008.3.1.2.3.3"
IMPLICIT = "1.2.840.10008.1.2"
lock = threading.Lock()
state = {"n": 0, "status": {}}


def recv_exact(conn, n):
    out = b""
    while len(out) < n:
        chunk = conn.recv(n - len(out))
        if not chunk:
            raise EOFError
        out += chunk
    return out


def items(body):
    pos = 0
    while pos + 4 <= len(body):
        t, length = body[pos], struct.unpack(">H", body[pos + 2:pos + 4])[0]
        yield t, body[pos + 4:pos + 4 + length]
        pos += 4 + length


def item(t, payload):
    return struct.pack(">BBH", t, 0, len(payload)) + payload


def pdu(t, payload):
    return struct.pack(">BBI", t, 0, len(payload)) + payload


def associate_ac(rq):
    ac_items = [item(0x10, b"1.2.840.10008.3.1.1.1")]
    for t, body in items(rq[68:]):
        if t != 0x20:
            continue
        pcid = body[0]
        abstract, syntaxes = None, []
        for st, sb in items(body[4:]):
            if st == 0x30:
                abstract = sb.rstrip(b"\0").decode()
            elif st == 0x40:
                syntaxes.append(sb.rstrip(b"\0").decode())
        ok = abstract == MPPS and IMPLICIT in syntaxes
        result = 0 if ok else (3 if abstract != MPPS else 4)
        ac_items.append(item(0x21, bytes([pcid, 0, result, 0]) + item(0x40, IMPLICIT.encode())))
    user = item(0x51, struct.pack(">I", 16384)) + item(0x52, b"1.2.826.0.1.3680043.10.543.99")
    ac_items.append(item(0x50, user))
    head = struct.pack(">HH", 1, 0) + rq[4:36] + b"\0" * 32
    return pdu(2, head + b"".join(ac_items))


def parse_command(b):
    out, pos = {}, 0
    while pos + 8 <= len(b):
        g, e, n = struct.unpack("<HHI", b[pos:pos + 8])
        out[(g, e)] = b[pos + 8:pos + 8 + n]
        pos += 8 + n
    return out


def el(g, e, value):
    if len(value) % 2:
        value += b"\0"
    return struct.pack("<HHI", g, e, len(value)) + value


def response(field, msgid, status, uid):
    body = (el(0, 0x0002, MPPS.encode()) + el(0, 0x0100, struct.pack("<H", field)) + el(0, 0x0120, struct.pack("<H", msgid))
            + el(0, 0x0800, struct.pack("<H", 0x0101)) + el(0, 0x0900, struct.pack("<H", status)) + el(0, 0x1000, uid.encode()))
    return el(0, 0x0000, struct.pack("<I", len(body))) + body


def save(out, kind, uid, data):
    import pydicom
    from pydicom.dataset import FileMetaDataset
    from pydicom.filereader import read_dataset
    ds = read_dataset(io.BytesIO(data), is_implicit_VR=True, is_little_endian=True)
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = MPPS
    meta.MediaStorageSOPInstanceUID = uid
    meta.TransferSyntaxUID = IMPLICIT
    ds.file_meta = meta
    ds.is_implicit_VR, ds.is_little_endian = True, True
    with lock:
        state["n"] += 1
        path = os.path.join(out, f"{state['n']:03d}-{kind}.dcm")
    ds.save_as(path, write_like_original=False)
    return ds


def handle(cmd, data, out):
    field = struct.unpack("<H", cmd[(0, 0x0100)])[0]
    msgid = struct.unpack("<H", cmd[(0, 0x0110)])[0]
    if field == 0x0140:  # N-CREATE-RQ
        uid = cmd.get((0, 0x1000), b"").rstrip(b"\0 ").decode()
        ds = save(out, "n-create", uid, data)
        with lock:
            if uid in state["status"]:
                return response(0x8140, msgid, 0x0111, uid)
            state["status"][uid] = str(ds.get("PerformedProcedureStepStatus", ""))
        return response(0x8140, msgid, 0x0000, uid)
    if field == 0x0120:  # N-SET-RQ
        uid = cmd.get((0, 0x1001), b"").rstrip(b"\0 ").decode()
        ds = save(out, "n-set", uid, data)
        with lock:
            now = state["status"].get(uid)
            if now is None:
                return response(0x8120, msgid, 0x0112, uid)
            if now in ("COMPLETED", "DISCONTINUED"):
                return response(0x8120, msgid, 0x0110, uid)
            state["status"][uid] = str(ds.get("PerformedProcedureStepStatus", now))
        return response(0x8120, msgid, 0x0000, uid)
    return response(field | 0x8000, msgid, 0x0211, "")  # unrecognized operation


def serve(conn, out):
    try:
        pcid, cmd, data, phase = 1, b"", b"", "cmd"
        while True:
            t, length = struct.unpack(">BxI", recv_exact(conn, 6))
            body = recv_exact(conn, length)
            if t == 1:
                conn.sendall(associate_ac(body))
            elif t == 4:
                pos = 0
                while pos < len(body):
                    n = struct.unpack(">I", body[pos:pos + 4])[0]
                    pcid, ctl = body[pos + 4], body[pos + 5]
                    frag = body[pos + 6:pos + 4 + n]
                    pos += 4 + n
                    if ctl & 1:
                        cmd += frag
                    else:
                        data += frag
                    if ctl & 2:
                        if ctl & 1:
                            parsed = parse_command(cmd)
                            if struct.unpack("<H", parsed[(0, 0x0800)])[0] != 0x0101:
                                phase = "data"
                                continue
                        parsed = parse_command(cmd)
                        rsp = handle(parsed, data, out)
                        pdv = struct.pack(">IBB", len(rsp) + 2, pcid, 3) + rsp
                        conn.sendall(pdu(4, pdv))
                        cmd, data, phase = b"", b"", "cmd"
            elif t == 5:
                conn.sendall(pdu(6, b"\0" * 4))
                return
            else:
                return
    except (EOFError, OSError, KeyError, struct.error):
        return
    finally:
        conn.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", a.port))
    s.listen(8)
    while True:
        conn, _ = s.accept()
        threading.Thread(target=serve, args=(conn, a.out), daemon=True).start()


if __name__ == "__main__":
    main()
