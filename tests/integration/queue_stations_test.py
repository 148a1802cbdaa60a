#!/usr/bin/env python3
"""Two stations, one queue (issue 14 "Must show"): two worker processes drain 200 no-op jobs
from one queue; each job is done exactly once; one station is SIGKILLed while it holds a job,
and after that job's lease runs out the other station takes it and completes it.

    queue_stations_test.py QUEUE_STATION postgres    (under tests/support/postgres_server.py)
    queue_stations_test.py QUEUE_STATION sqlite      (two processes on one SQLite file: the
                                                      single-writer rule, busy waits, no lost job)
The workers are tests/unit/jobs/queue_station.cc (a stand-in for discusd's scheduler).
"""
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

JOBS = 200
LEASE_MS = 1500


def main():
    station_bin, backend = os.path.abspath(sys.argv[1]), sys.argv[2]
    tmp = tempfile.mkdtemp(prefix="discus-stations-")
    procs = []
    try:
        if backend == "postgres":
            url = os.environ.get("DISCUS_TEST_POSTGRES_URL")
            if not url:
                sys.exit("run me under tests/support/postgres_server.py (DISCUS_TEST_POSTGRES_URL is not set)")
            # The database may hold an earlier test's queue: start from an empty one.
            subprocess.run(["psql", "-q", url, "-c",
                            "SET client_min_messages = warning; DROP SCHEMA public CASCADE; CREATE SCHEMA public"],
                           check=True, capture_output=True)
        else:
            url = f"sqlite:{tmp}/queue.db"

        def station(*args, **kw):
            return [station_bin, "--queue", url, *args]

        out = subprocess.run(station("submit", str(JOBS)), check=True, capture_output=True, text=True, cwd=tmp)
        assert out.stdout.strip() == f"submitted {JOBS}", out.stdout

        common = ["--lease-ms", str(LEASE_MS), "--work-ms", "25"]
        a = subprocess.Popen(station("work", "--station", "A", *common), stdout=subprocess.PIPE, text=True, cwd=tmp)
        b = subprocess.Popen(station("work", "--station", "B", *common), stdout=subprocess.PIPE, text=True, cwd=tmp)
        procs = [a, b]

        # Let A finish a few jobs, then kill it right after it reports a claim: mid-job.
        a_done, victim = 0, None
        for line in a.stdout:
            what, job = line.split()
            if what == "done":
                a_done += 1
            elif what == "claimed" and a_done >= 10:
                os.kill(a.pid, signal.SIGKILL)
                victim = int(job)
                break
        a.wait()
        assert victim is not None, f"station A finished before it could be killed (done {a_done})"
        killed_at = time.monotonic()

        b_lines, _ = b.communicate(timeout=90)
        assert b.returncode == 0, f"station B exited {b.returncode}"
        b_done = [int(l.split()[1]) for l in b_lines.splitlines() if l.startswith("done ")]
        assert victim in b_done, f"job {victim} (A's when it was killed) was not completed by B"
        took = time.monotonic() - killed_at
        assert took >= LEASE_MS / 1000 * 0.9, f"B finished {took:.1f} s after the kill: before A's lease ran out?"

        report = subprocess.run(station("report"), check=True, capture_output=True, text=True, cwd=tmp).stdout
        rows = [l.split() for l in report.splitlines()]
        assert len(rows) == JOBS, f"{len(rows)} jobs in the queue, not {JOBS}"
        bad = [r for r in rows if r[1] != "done" or r[2] != "1"]
        assert not bad, f"jobs not done exactly once: {bad[:10]}"
        by = {}
        for r in rows:
            by[r[3]] = by.get(r[3], 0) + 1
        given_back = {int(r[0]): int(r[4]) for r in rows if r[4] != "0"}
        assert given_back == {victim: 1}, f"given back after a lease ran out: {given_back}, expected only {victim}"
        assert by.get("A", 0) >= 10 and by.get("B", 0) > 0, f"done by station: {by}"
        assert [r for r in rows if int(r[0]) == victim][0][3] == "B"
        print(f"{backend}: {JOBS} jobs done once each (A {by.get('A', 0)}, B {by.get('B', 0)}); job {victim} "
              f"held by A when killed, given back and done by B {took:.1f} s later (lease {LEASE_MS} ms)")
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
                p.wait()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
