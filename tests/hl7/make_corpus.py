#!/usr/bin/env python3
"""Writes tests/hl7/corpus: HL7 v2 answers and MLLP streams, well-formed and hostile, replayed by
hl7_test.cc's Hl7FuzzCorpus suite (under ASan in CI) through the MLLP deframer, the HL7 parser
and the PDQ answer reader. Deterministic: run again after changing it, commit the result.

  python3 tests/hl7/make_corpus.py [DIR]
"""
import os
import random
import sys

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")
VT, FS, CR = b"\x0b", b"\x1c", b"\r"

GOOD = (b"MSH|^~\\&|PDQSUP|FAC|DISCUS||20261207||RSP^K22^RSP_K21|S1|P|2.5\r"
        b"MSA|AA|C\rQAK|C|OK\rQPD|IHE PDQ Query|C|@PID.5.1.1^ROE\r"
        b"PID|1||L-100^^^HOSP&1.2.3&ISO^MR||ROE^RICHARD^^^^^L~RICH^R||19650304|M\r")


def frame(m):
    return VT + m + FS + CR


def cases():
    yield "good_rsp_k22", GOOD
    yield "good_framed", frame(GOOD)
    yield "two_frames_crlf", frame(GOOD) + b"\n" + frame(GOOD)
    yield "empty", b""
    yield "only_msh_prefix", b"MSH"
    yield "msh_short_encoding", b"MSH|^~\r"
    yield "msh_same_delimiters", b"MSH|^^^^|A\r"
    yield "msh_letter_separator", b"MSHA^~\\&A\r"
    yield "msh_nul_separator", b"MSH\x00^~\\&\x00A\r"
    yield "second_msh", GOOD + GOOD
    yield "segment_id_lower", GOOD + b"pid|1\r"
    yield "segment_id_binary", GOOD + b"\xff\xfe\xfd|1\r"
    yield "unterminated_escape", GOOD.replace(b"ROE^RICHARD", b"RO\\XC3")
    yield "escape_odd_hex", GOOD.replace(b"ROE^RICHARD", b"RO\\XC\\E")
    yield "escape_every_kind", GOOD.replace(b"ROE^RICHARD", b"\\F\\\\S\\\\T\\\\R\\\\E\\\\H\\\\N\\\\.br\\\\Zfoo\\\\X\\\\\\")
    yield "deep_components", GOOD + b"PID|||" + b"^" * 5000 + b"&" * 5000 + b"~" * 5000 + b"\r"
    yield "many_fields", GOOD + b"PID" + b"|x" * 3000 + b"\r"
    yield "many_segments", GOOD + b"ZZZ\r" * 20001
    yield "msa_other_control", GOOD.replace(b"MSA|AA|C", b"MSA|AA|NOTYOU")
    yield "msa_missing", GOOD.replace(b"MSA|AA|C\r", b"")
    yield "msa_ae_with_err", GOOD.replace(b"MSA|AA|C", b"MSA|AE|C|bad") + b"ERR||QPD^1^3|207^x^HL70357|E||||" + b"E" * 70000 + b"\r"
    yield "charset_unknown", GOOD.replace(b"|2.5\r", b"|2.5||||||ISO IR87\r", 1)
    yield "charset_latin1", GOOD.replace(b"|2.5\r", b"|2.5||||||8859/1\r", 1).replace(b"ROE", b"R\xd6E")
    yield "ack_only", b"MSH|^~\\&|S||||||ACK^Q22|1|P|2.5\rMSA|CR|C\rERR|^^^200&x\r"
    yield "frame_no_cr", VT + GOOD + FS + b"X"
    yield "frame_nested_start", VT + GOOD + VT + GOOD + FS + CR
    yield "frame_junk_before", b"junk" + frame(GOOD)
    yield "frame_unterminated", VT + GOOD
    yield "frame_huge", VT + b"A" * 70000 + FS + CR
    yield "pid_empty", GOOD + b"PID\r"
    yield "pid_cx_empty_parts", GOOD + b"PID|||^^^&&&^||^||X|\r"
    rnd = random.Random(17)
    for k in range(12):
        b = bytearray(frame(GOOD))
        for _ in range(rnd.randint(1, 12)):
            b[rnd.randrange(len(b))] = rnd.choice(b"|^~\\&\r\n\x0b\x1c\x00\xff")
        yield f"mutated_{k:02d}", bytes(b)


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, data in cases():
        with open(os.path.join(OUT, name + ".hl7"), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
