#!/usr/bin/env python3
"""Issue 15 "Must show", dcmtk part: dcmtk's echoscu and storescu (every transfer syntax pydicom's
test files carry, one storescu per syntax, all in parallel) against `discus store-scp`, and
`discus send` against dcmtk's storescp, also when storescp accepts only Implicit VR Little Endian
(our SCU then transcodes). Every received instance is compared element by element with the sent
one (pydicom). pydicom's files reuse SOP Instance UIDs across syntaxes, so they go in rounds.

  net_dcmtk_test.py path/to/discus
"""
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import net_support as ns  # noqa: E402

# Files whose pixel data no decoder takes (broken on purpose): to a peer that refuses their syntax
# they must fail, with a per-file outcome, and the others go on.
UNDECODABLE = {"JPEG2000-embedded-sequence-delimiter.dcm"}

# storescu's flag proposing each syntax (its default proposes uncompressed syntaxes only).
STORESCU_FLAGS = {
    "1.2.840.10008.1.2": ["-xi"], "1.2.840.10008.1.2.1": ["-xe"], "1.2.840.10008.1.2.2": ["-xb"],
    "1.2.840.10008.1.2.1.99": ["-xd"], "1.2.840.10008.1.2.4.50": ["-xy"], "1.2.840.10008.1.2.4.51": ["-xx"],
    "1.2.840.10008.1.2.4.70": ["-xs"], "1.2.840.10008.1.2.4.80": ["-xt"], "1.2.840.10008.1.2.4.81": ["-xu"],
    "1.2.840.10008.1.2.4.90": ["-xv"], "1.2.840.10008.1.2.4.91": ["-xw"], "1.2.840.10008.1.2.5": ["-xr"],
}


def uid_of(path):
    import pydicom
    return str(pydicom.dcmread(path, stop_before_pixels=True).SOPInstanceUID)


def dcmtk_to_discus(discus, tmp, by_ts, failures):
    out = os.path.join(tmp, "in")
    os.makedirs(out)
    scp = ns.Scp(discus, out, extra=["--accept-all-sop-classes"])
    try:
        r = subprocess.run(["echoscu", "-aet", "ECHOSCU", "-aec", "DISCUS", "127.0.0.1", str(scp.port)], capture_output=True, text=True)
        ns.check(r.returncode == 0, f"echoscu to our SCP (rc {r.returncode} {r.stderr.strip()[:200]})", failures)
        r = subprocess.run(["echoscu", "-aec", "WRONG", "127.0.0.1", str(scp.port)], capture_output=True, text=True)
        ns.check(r.returncode != 0 and "Called AE Title Not Recognized" in (r.stdout + r.stderr),
                 "echoscu calling the wrong AE title is rejected", failures)
        procs = []
        for k, (ts, part) in enumerate(sorted(by_ts.items())):
            procs.append((ts, subprocess.Popen(["storescu", *STORESCU_FLAGS.get(ts, []), "-aet", f"STORESCU{k}", "-aec", "DISCUS", "-nh",
                                                "127.0.0.1", str(scp.port), *part],
                                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)))
        for ts, p in procs:
            text = p.communicate(timeout=240)[0]
            ns.check(p.returncode == 0, f"storescu [{ts}] (rc {p.returncode}) {text.strip()[-300:]}", failures)
    finally:
        log = scp.stop()
    print(log.strip()[-1200:])
    got = ns.received_by_uid(out)
    import pydicom
    for ts, paths in sorted(by_ts.items()):
        for p in paths:
            uid, name = uid_of(p), os.path.basename(p)
            if uid not in got:
                ns.check(False, f"[{ts}] {name} received by our SCP", failures)
                continue
            d = ns.differences(p, got[uid])
            ns.check(not d, f"[{ts}] {name} equal element by element after storescu -> discus store-scp {d[:3]}", failures)
            meta = pydicom.dcmread(got[uid], stop_before_pixels=True).file_meta
            ns.check(str(meta.TransferSyntaxUID) == ts, f"[{ts}] {name} stored in the syntax it came in", failures)
            ns.check(str(meta.SourceApplicationEntityTitle).startswith("STORESCU"), f"[{ts}] {name} Source AE title recorded", failures)


def discus_to_dcmtk(discus, tmp, by_ts, failures):
    import pydicom
    files = [p for ps in by_ts.values() for p in ps]
    for mode, flags in (("all syntaxes", ["+xa"]), ("implicit VR LE only", ["+xi"])):
        dest = os.path.join(tmp, "storescp-" + flags[0].strip("+"))
        os.makedirs(dest)
        port = ns.free_port()
        storescp = subprocess.Popen(["storescp", "-aet", "STORESCP", *flags, "-od", dest, str(port)],
                                    stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            ns.wait_port(port)
            r = subprocess.run([discus, "echo", f"STORESCP@127.0.0.1:{port}"], capture_output=True, text=True)
            ns.check(r.returncode == 0, f"discus echo to storescp: {r.stdout.strip()} {r.stderr.strip()}", failures)
            r = subprocess.run([discus, "send", "--to", f"STORESCP@127.0.0.1:{port}", *files], capture_output=True, text=True, timeout=300)
            bad = [p for p in files if os.path.basename(p) in UNDECODABLE] if flags == ["+xi"] else []
            failed = [line for line in r.stderr.splitlines() if line.startswith("FAILED ")]
            ns.check(r.returncode == (1 if bad else 0) and len(failed) == len(bad),
                     f"discus send to storescp ({mode}): rc {r.returncode}, {len(failed)} failed as expected {r.stderr.strip()[-600:] if len(failed) != len(bad) else ''}", failures)
        finally:
            storescp.terminate()
            storescp.wait(10)
        got = ns.received_by_uid(dest)
        for ts, paths in sorted(by_ts.items()):
            for p in paths:
                uid, name = uid_of(p), os.path.basename(p)
                if flags == ["+xi"] and name in UNDECODABLE:
                    continue
                if uid not in got:
                    ns.check(False, f"[{ts}] {name} received by storescp ({mode})", failures)
                    continue
                # Transcoded pixels are judged by the codec oracles; everything else must be equal.
                transcoded = flags == ["+xi"] and ts != "1.2.840.10008.1.2"
                d = ns.differences(p, got[uid], ignore_pixels=transcoded)
                if transcoded:
                    # Decoding rewrites the Image Pixel description (YBR -> RGB, planar configuration).
                    d = [x for x in d if not any(k in x for k in ("PhotometricInterpretation", "PlanarConfiguration"))]
                ns.check(not d, f"[{ts}] {name} equal after discus send -> storescp ({mode}) {d[:3]}", failures)
                if flags == ["+xi"]:
                    ts_got = str(pydicom.dcmread(got[uid], stop_before_pixels=True).file_meta.TransferSyntaxUID)
                    ns.check(ts_got == "1.2.840.10008.1.2", f"[{ts}] {name} arrived as implicit VR LE ({ts_got})", failures)


def exit_codes(discus, failures):
    """dcmtk-like exit codes: 0 all ok, 1 some failed / no peer, 2 usage or association refused."""
    closed = ns.free_port()
    for args, want, what in (
            (["echo", "NOT_A_PEER"], 2, "echo without AET@HOST:PORT"),
            (["echo", "A\\B@127.0.0.1:104"], 2, "echo with a backslash in the AE title"),
            (["send", "--to", "X@127.0.0.1:0", ns.PYDICOM_FILES + "CT_small.dcm"], 2, "send to port 0"),
            (["send", "--to", f"X@127.0.0.1:{closed}", ns.PYDICOM_FILES + "CT_small.dcm"], 1, "send to a closed port"),
            (["echo", f"X@127.0.0.1:{closed}"], 1, "echo to a closed port"),
            (["store-scp", "--aet", "X", "--port", "0", "--out", "/nonexistent"], 2, "store-scp into a missing folder")):
        r = subprocess.run([discus, *args, "--retries", "0"] if args[0] == "send" else [discus, *args], capture_output=True, text=True, timeout=60)
        ns.check(r.returncode == want, f"{what}: exit {r.returncode} (want {want}) {r.stderr.strip()[:160]}", failures)


def main():
    discus = sys.argv[1]
    failures = []
    exit_codes(discus, failures)
    rounds = ns.rounds_of(ns.pydicom_files())
    syntaxes = {ts for r in rounds for ts in r}
    print(f"{sum(len(p) for r in rounds for p in r.values())} files in {len(syntaxes)} transfer syntaxes, {len(rounds)} rounds")
    ns.check(len(syntaxes) >= 10, f"{len(syntaxes)} transfer syntaxes among pydicom's test files", failures)
    for n, by_ts in enumerate(rounds):
        with tempfile.TemporaryDirectory(prefix=f"discus-net-dcmtk-{n}-") as tmp:
            dcmtk_to_discus(discus, tmp, by_ts, failures)
            discus_to_dcmtk(discus, tmp, by_ts, failures)
    ns.finish(failures)


if __name__ == "__main__":
    main()
