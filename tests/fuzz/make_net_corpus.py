#!/usr/bin/env python3
"""Writes the seed corpora of the src/net fuzz harnesses (issue 15):

  tests/fuzz/corpus/net_pdu/          one PDU per file: good.* decode; hostile.<error-code>.* fail
                                      with that base::ErrorCode (net_pdu_fuzzer, PduDecoderOutcome)
  tests/fuzz/corpus/net_association/  a peer's whole byte stream to our acceptor:
                                      association.established.* / association.refused.* / other

  found.<sha1 prefix>                 inputs libFuzzer found new coverage with (kept when rewriting)

  /usr/bin/python3 tests/fuzz/make_net_corpus.py   (rewrites the seeds of both folders)
"""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))


def item(t, body):
    return struct.pack(">BBH", t, 0, len(body)) + body


def pdu(t, body):
    return struct.pack(">BBI", t, 0, len(body)) + body


def ae(s):
    return s.encode().ljust(16, b" ")


def assoc_rq(called=b"ANY", contexts=None, user=None, version=1):
    if contexts is None:
        contexts = [(1, b"1.2.840.10008.1.1", [b"1.2.840.10008.1.2"])]
    body = struct.pack(">HH", version, 0) + ae(called.decode()) + ae("PEER") + bytes(32)
    body += item(0x10, b"1.2.840.10008.3.1.1.1")
    for pid, abstract, tss in contexts:
        sub = item(0x30, abstract) + b"".join(item(0x40, t) for t in tss)
        body += item(0x20, bytes([pid, 0, 0, 0]) + sub)
    if user is None:
        user = item(0x51, struct.pack(">I", 16384)) + item(0x52, b"1.2.3.4") + item(0x55, b"PEER_1")
    body += item(0x50, user)
    return pdu(0x01, body)


def command(fields):
    """Implicit VR LE command set from [(element, bytes)], group length first."""
    body = b"".join(struct.pack("<HHI", 0, e, len(v)) + v for e, v in fields)
    return struct.pack("<HHI", 0, 0, 4) + struct.pack("<I", len(body)) + body


def us(v):
    return struct.pack("<H", v)


ECHO_RQ = command([(0x0002, b"1.2.840.10008.1.1\x00"), (0x0100, us(0x30)), (0x0110, us(1)), (0x0800, us(0x0101))])
STORE_RQ = command([(0x0002, b"1.2.840.10008.5.1.4.1.1.7\x00"), (0x0100, us(1)), (0x0110, us(2)), (0x0700, us(0)),
                    (0x0800, us(0)), (0x1000, b"1.2.3.4\x00")])


def pdata(pc, control, data):
    return pdu(0x04, struct.pack(">IBB", len(data) + 2, pc, control) + data)


RELEASE_RQ = pdu(0x05, bytes(4))
ABORT = pdu(0x07, bytes([0, 0, 0, 0]))


def write(folder, name, data):
    path = os.path.join(HERE, "corpus", folder)
    os.makedirs(path, exist_ok=True)
    with open(os.path.join(path, name), "wb") as f:
        f.write(data)


def main():
    for folder in ("net_pdu", "net_association"):
        path = os.path.join(HERE, "corpus", folder)
        if os.path.isdir(path):
            for n in os.listdir(path):
                if not n.startswith("found."):  # libFuzzer finds (found.<sha1>) stay
                    os.remove(os.path.join(path, n))
    full_user = (item(0x51, struct.pack(">I", 0)) + item(0x52, b"1.2.3.4\x00") + item(0x53, struct.pack(">HH", 3, 3)) +
                 item(0x54, struct.pack(">H", 25) + b"1.2.840.10008.5.1.4.1.1.2" + b"\x01\x01") +
                 item(0x55, b"X") + item(0x56, struct.pack(">H", 27) + b"1.2.840.10008.5.1.4.1.2.2.1" + b"\x01\x01") +
                 item(0x57, struct.pack(">H", 3) + b"1.2" + struct.pack(">H", 3) + b"1.3" + struct.pack(">H", 5) +
                      struct.pack(">H", 3) + b"1.4") +
                 item(0x58, b"\x02\x01" + struct.pack(">H", 3) + b"usr" + struct.pack(">H", 2) + b"pw"))
    good = {
        "good.associate_rq.pdu": assoc_rq(),
        "good.associate_rq_all_subitems.pdu": assoc_rq(user=full_user),
        "good.p_data_echo.pdu": pdata(1, 3, ECHO_RQ),
        "good.p_data_two_pdvs.pdu": pdu(0x04, struct.pack(">IBB", 3, 1, 0) + b"a" + struct.pack(">IBB", 3, 1, 2) + b"b"),
        "good.release_rq.pdu": RELEASE_RQ,
        "good.abort.pdu": pdu(0x07, bytes([0, 0, 2, 6])),
        "good.associate_rj.pdu": pdu(0x03, bytes([0, 1, 1, 7])),
    }
    hostile = {
        "hostile.limit-exceeded.p_data_4gb.pdu": b"\x04\x00\xff\xff\xff\xff" + bytes(16),
        "hostile.limit-exceeded.associate_rq_256mb.pdu": b"\x01\x00\x10\x00\x00\x00" + bytes(16),
        "hostile.bad-structure.unknown_type.pdu": pdu(0x09, bytes(4)),
        "hostile.bad-length.release_rq_length_5.pdu": pdu(0x05, bytes(5)),
        "hostile.truncated.associate_rq_cut.pdu": assoc_rq()[:-7],
        "hostile.bad-length.pdv_past_pdu.pdu": pdu(0x04, struct.pack(">IBB", 0x7FFFFFFF, 1, 3) + b"xx"),
        "hostile.bad-length.pdv_length_one.pdu": pdu(0x04, struct.pack(">I", 1) + b"\x01\x03"),
        "hostile.bad-structure.pdv_reserved_bits.pdu": pdata(1, 0x83, b"x"),
        "hostile.bad-length.item_past_pdu.pdu": assoc_rq()[:74] + b"\x10\x00\xff\xff" + assoc_rq()[78:],
        "hostile.bad-structure.no_presentation_context.pdu": assoc_rq(contexts=[]),
        "hostile.unsupported.protocol_version_2.pdu": assoc_rq(version=2),
        "hostile.bad-length.max_length_3_bytes.pdu": assoc_rq(user=item(0x51, b"\x00\x40\x00") + item(0x52, b"1.2")),
        "hostile.bad-structure.subitem_in_pc_unknown.pdu": assoc_rq(contexts=[(1, b"1.2", [b"1.2"])])[:-1] + b"",
    }
    # The last one is built by hand: an A-ASSOCIATE-RQ whose presentation context carries a 50H sub-item.
    body = struct.pack(">HH", 1, 0) + ae("ANY") + ae("PEER") + bytes(32) + item(0x10, b"1.2.840.10008.3.1.1.1")
    body += item(0x20, bytes([1, 0, 0, 0]) + item(0x30, b"1.2") + item(0x50, b""))
    body += item(0x50, item(0x51, struct.pack(">I", 0)) + item(0x52, b"1.2"))
    hostile["hostile.bad-structure.subitem_in_pc_unknown.pdu"] = pdu(0x01, body)
    for name, data in {**good, **hostile}.items():
        write("net_pdu", name, data)

    store_ctx = [(1, b"1.2.840.10008.1.1", [b"1.2.840.10008.1.2"]),
                 (3, b"1.2.840.10008.5.1.4.1.1.7", [b"1.2.840.10008.1.2.1"])]
    streams = {
        "association.established.echo_release.bin": assoc_rq() + pdata(1, 3, ECHO_RQ) + RELEASE_RQ,
        "association.established.store_fragmented.bin": assoc_rq(contexts=store_ctx) + pdata(3, 1, STORE_RQ[:10]) +
        pdata(3, 3, STORE_RQ[10:]) + pdata(3, 0, b"\x08\x00\x18\x00") + pdata(3, 2, b"\x08\x00\x00\x00") + RELEASE_RQ,
        "association.established.abort_mid_data.bin": assoc_rq(contexts=store_ctx) + pdata(3, 3, STORE_RQ) + pdata(3, 0, b"xx") + ABORT,
        "association.established.stops_mid_pdu.bin": assoc_rq() + pdata(1, 3, ECHO_RQ)[:9],
        "association.established.second_rq.bin": assoc_rq() + assoc_rq(),
        "association.established.data_on_unknown_context.bin": assoc_rq() + pdata(7, 3, ECHO_RQ),
        "association.established.data_before_command.bin": assoc_rq() + pdata(1, 2, b"abcd"),
        "association.established.oversize_p_data.bin": assoc_rq() + b"\x04\x00\x00\x10\x00\x00" + bytes(64),
        "association.refused.p_data_first.bin": pdata(1, 3, ECHO_RQ),
        "association.refused.garbage.bin": b"GET / HTTP/1.1\r\nHost: x\r\n\r\n",
        "association.refused.empty.bin": b"",
        "association.refused.release_first.bin": RELEASE_RQ,
    }
    for name, data in streams.items():
        write("net_association", name, data)


if __name__ == "__main__":
    main()
