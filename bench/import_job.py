#!/usr/bin/env python3
"""What an import costs as a discusd job against `discus import` on the same disc (issue 17 item 6).

One ISO image made by `discus author` (N CT instances, one outside patient), dcmtk's wlmscpfs as
the worklist (the patient agrees: nothing is held) and dcmtk's storescp as the PACS. Per run, a
fresh ledger: `discus import --iso DISC --pacs ... --mwl ...` timed end to end, and discusd (a
fresh state directory, already up) timed from POST /v1/jobs to the job's `done` (polled every
20 ms). Medians of RUNS runs each, with the load average.
Usage: bench/import_job.py BUILD_DIR [N] [RUNS]
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "integration"))
import daemon_import_support as ds  # noqa: E402


def main():
    build = os.path.abspath(sys.argv[1])
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 300
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    discus, discusd = os.path.join(build, "src", "discus"), os.path.join(build, "src", "discusd")
    with tempfile.TemporaryDirectory(prefix="discus-bench-import-job-") as tmp:
        disc = ds.make_disc(discus, tmp, "bench", ds.im.Patient("EXT-B", "BENCH^BEA", "19700303", "F"), n)
        wl, wl_port = ds.start_wlmscpfs(tmp, [("L0B", "Bench^Bea", "19700303", "F", "ACC-B")])
        port = ds.ns.free_port()
        scp = subprocess.Popen(["storescp", "-od", os.path.join(tmp, "scp"), "-aet", "STORESCP", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.makedirs(os.path.join(tmp, "scp"))
        ds.ns.wait_port(port, 20)
        cli, job = [], []
        try:
            for r in range(runs):
                t0 = time.perf_counter()
                p = subprocess.run([discus, "import", "--iso", disc, "--pacs", f"STORESCP@127.0.0.1:{port}", "--mwl", f"WL@127.0.0.1:{wl_port}",
                                    "--ledger", os.path.join(tmp, f"cli-{r}.sqlite"), "--local-issuer", "HOSP", "--json"],
                                   capture_output=True, text=True, timeout=600)
                cli.append(time.perf_counter() - t0)
                assert p.returncode == 0, p.stderr[-500:]
                run_dir = os.path.join(tmp, f"d{r}")
                os.makedirs(run_dir)
                config = os.path.join(run_dir, "discus.toml")
                ds.write_config(config, [("SCP", "STORESCP", port, ["import-destination"]), ("WL", "WL", wl_port, ["worklist"])])
                d = ds.Daemon(discusd, run_dir, config).start()
                try:
                    t0 = time.perf_counter()
                    jid = d.submit_import(disc, "SCP")
                    while True:
                        st, j = d.get(f"/v1/jobs/{jid}")
                        if j["state"] not in ("queued", "running"):
                            break
                        time.sleep(0.02)
                    job.append(time.perf_counter() - t0)
                    assert j["state"] == "done", j
                finally:
                    d.stop()
        finally:
            scp.terminate()
            ds.stop(wl)
        load = open("/proc/loadavg").read().split()[:3]
        mc, mj = statistics.median(cli), statistics.median(job)
        print(f"import of {n} instances (ISO, MWL, storescp), {runs} runs: discus import median {mc:.2f} s "
              f"({', '.join(f'{x:.2f}' for x in cli)}); discusd job median {mj:.2f} s ({', '.join(f'{x:.2f}' for x in job)}); "
              f"job / CLI {mj / mc:.2f}; load average {' '.join(load)}")


if __name__ == "__main__":
    main()
