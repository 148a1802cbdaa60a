#!/usr/bin/env python3
"""Unscheduled import reconciled through IHE PDQ (ITI-21, HL7 v2.5 over MLLP): `discus import
--pdq HOST:PORT` against tests/hl7/pdq_supplier.py (a Python supplier answering from a fixture:
Debian packages no PDQ supplier), writing into a folder read back with pydicom.

Shown: an outside patient whose name, birth date and sex agree with one supplier patient is
coerced to that patient's ID in our domain (PID-3's assigning authority as Issuer of Patient ID),
the foreign ID kept in Other Patient IDs Sequence; one whose sex disagrees is held and nothing of
it is written; a supplier that refuses (MSA AE + ERR), never answers (timeout), answers garbage or
answers another message holds the patient with the reason, in bounded time; the query the
supplier received asked by family name and birth date, never by the foreign Patient ID; a hold
answered with --resolve --patient-id asks the supplier by that ID and imports with its answer.

  import_pdq_test.py path/to/discus
"""
import json
import os
import subprocess
import sys
import tempfile
import time
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "support"))
import net_support as ns  # noqa: E402
import import_media as im  # noqa: E402

SUPPLIER = os.path.join(HERE, "..", "hl7", "pdq_supplier.py")
FIXTURE = {
    "domains": ["HOSP", "OTHER"],
    "patients": [
        {"ids": [["X-77", "OTHER"], ["L-100", "HOSP"]], "family": "ROE", "given": "RICHARD", "birth": "19650304", "sex": "M"},
        {"ids": [["L-200", "HOSP"]], "family": "DOE", "given": "JANE", "birth": "19800202", "sex": "F"},
    ],
}


def start_supplier(tmp, mode):
    port = ns.free_port()
    fx = os.path.join(tmp, "fixture.json")
    with open(fx, "w") as f:
        json.dump(FIXTURE, f)
    log = os.path.join(tmp, f"queries-{mode}.jsonl")
    proc = subprocess.Popen([sys.executable, SUPPLIER, "--port", str(port), "--fixture", fx, "--mode", mode, "--log", log])
    if not ns.wait_port(port, 20):
        proc.kill()
        raise RuntimeError("the PDQ supplier did not start")
    return proc, port, log


def stop(proc):
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def run_import(discus, tmp, medium, port, n, *extra):
    prefix = os.path.join(tmp, f"report{n}")
    out = os.path.join(tmp, f"out{n}")
    t0 = time.monotonic()
    r = subprocess.run([discus, "import", "--dir", medium, "--out", out, "--pdq", f"127.0.0.1:{port}", "--pdq-facility", "HOSPFAC",
                        "--local-issuer", "HOSP", "--report", prefix, "--ledger", os.path.join(tmp, "ledger.sqlite"), *extra],
                       capture_output=True, text=True, timeout=120)
    elapsed = time.monotonic() - t0
    report = None
    if os.path.exists(prefix + ".json"):
        with open(prefix + ".json") as f:
            report = json.load(f)
    return r, report, out, elapsed


def written(out):
    import pydicom
    warnings.simplefilter("ignore")
    if not os.path.isdir(out):
        return []
    return [pydicom.dcmread(os.path.join(out, f)) for f in sorted(os.listdir(out))]


def main():
    discus = sys.argv[1]
    failures = []
    with tempfile.TemporaryDirectory(prefix="discus-import-pdq-") as tmp:
        roe = im.Patient("EXT-7", "Roe^Richard", "19650304", "M")
        jane = im.Patient("EXT-8", "DOE^JANE", "19800202", "M")  # the supplier says F
        med_roe, med_jane = os.path.join(tmp, "m-roe"), os.path.join(tmp, "m-jane")
        im.make_instances(med_roe, roe, 3)
        im.make_instances(med_jane, jane, 2)

        proc, port, log = start_supplier(tmp, "normal")
        try:
            r, rep, out, _ = run_import(discus, tmp, med_roe, port, 1)
            ns.check(r.returncode == 0 and rep is not None and rep["outcomes"]["imported"] == 3,
                     f"PDQ: the agreeing patient is imported (rc {r.returncode}, {rep and rep['outcomes']}) {r.stderr[-400:]}", failures)
            files = written(out)
            ok = len(files) == 3 and all(d.PatientID == "L-100" and d.IssuerOfPatientID == "HOSP" and str(d.PatientName) == "ROE^RICHARD"
                                         and any(o.PatientID == "EXT-7" for o in d.get("OtherPatientIDsSequence", [])) for d in files)
            ns.check(ok, "PDQ: coerced to PID-3's ID in our domain (L-100, issuer HOSP), foreign ID in Other Patient IDs Sequence "
                         f"({[(d.PatientID, d.get('IssuerOfPatientID'), str(d.PatientName)) for d in files]})", failures)
            local = rep["patients"][0]["local"] if rep and rep["patients"] else None
            ns.check(local is not None and local.get("source", "").startswith("PDQ 127.0.0.1"),
                     f"PDQ: the report names the supplier as the source ({local})", failures)
            with open(log) as f:
                asked = [json.loads(line) for line in f]
            params = dict(map(tuple, asked[0]["asked"]["params"])) if asked else {}
            ns.check(params.get("@PID.5.1.1") == "Roe" and params.get("@PID.7") == "19650304" and "@PID.3.1" not in params
                     and asked[0]["asked"]["domain"] == "HOSP",
                     f"PDQ: QPD-3 asked by family name and birth date, QPD-8 our domain, never the foreign ID ({asked[:1]})", failures)
            req = asked[0]["request"] if asked else ""
            ns.check("QBP^Q22^QBP_Q21" in req and "|HOSPFAC|" in req, "PDQ: QBP^Q22 addressed to --pdq-facility", failures)

            r, rep, out, _ = run_import(discus, tmp, med_jane, port, 2)
            held = rep is not None and rep["outcomes"]["held"] == 2 and not written(out)
            reason = rep["patients"][0].get("hold_reason", "") if rep and rep["patients"] else ""
            ns.check(r.returncode == 1 and held and "sex" in reason,
                     f"PDQ: a patient whose sex disagrees is held, nothing written ({rep and rep['outcomes']}; {reason})", failures)
            # A person names the local patient: the import continues, the supplier gives its demographics.
            hold = rep["patients"][0].get("hold") if rep and rep["patients"] else None
            rr = subprocess.run([discus, "import", "--resolve", str(hold), "--patient-id", "L-200", "--ledger", os.path.join(tmp, "ledger.sqlite")],
                                capture_output=True, text=True, timeout=120)
            files = written(out)
            with open(log) as f:
                last = [json.loads(line) for line in f][-1]
            params = dict(map(tuple, last["asked"]["params"]))
            ns.check(rr.returncode == 0 and len(files) == 2 and all(d.PatientID == "L-200" and str(d.PatientName) == "DOE^JANE" and d.PatientSex == "F"
                                                                    for d in files)
                     and params.get("@PID.3.1") == "L-200" and params.get("@PID.3.4.1") == "HOSP",
                     f"PDQ: --resolve --patient-id L-200 asks the supplier by ID and imports with its demographics (rc {rr.returncode}, "
                     f"{[(d.PatientID, str(d.PatientName), d.PatientSex) for d in files]}, {params}) {rr.stderr[-300:]}", failures)
        finally:
            stop(proc)

        for n, (mode, expect) in enumerate([("reject", "supplier is in reject mode"), ("silent", "no complete answer"),
                                            ("garbage", "outside an MLLP frame"), ("wrong-id", "not ours")], start=3):
            proc, port, _ = start_supplier(tmp, mode)
            try:
                r, rep, out, elapsed = run_import(discus, tmp, med_roe, port, n, "--pdq-timeout", "3")
                reason = rep["patients"][0].get("hold_reason", "") if rep and rep["patients"] else ""
                ns.check(r.returncode == 1 and rep is not None and rep["outcomes"]["held"] == 3 and not written(out)
                         and expect in reason and elapsed < 30,
                         f"PDQ {mode}: held with the reason ({reason!r}) in {elapsed:.1f} s, nothing written", failures)
            finally:
                stop(proc)
    ns.finish(failures)


if __name__ == "__main__":
    main()
