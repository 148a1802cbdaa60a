#!/usr/bin/env bash
# Queue benchmark (issue 14 "Speed"): the durable job queue on SQLite and on PostgreSQL, through
# the Repository (the same repository code over each backend).
# Each run of bench/queue_bench.cc submits, claims and completes N no-op jobs, every transition
# committed with synchronous=FULL before the call returns, B jobs per commit (group commit); then
# lists every job and writes the API's JSON of the list. Targets: >= 500 jobs/s, list < 50 ms.
#
#   bash bench/queue.sh [--runs N] [--jobs N] [--dir DIR] [--bench PATH] [--no-postgres]
#
# Rows: batch 100 (the daemon's group commit), batch 1 (one commit per transition, on 1,000 jobs:
# the fsync-bound floor), and the list of 10,000 author jobs with 2 copies each. Medians of N runs.
# The database lives in DIR (default: a folder under bench/data, on the disk the state directory
# would be on; /tmp may be a tmpfs, where fsync costs nothing and the numbers would lie).
# The PostgreSQL rows run the same three against a server started for the bench by
# tests/support/postgres_server.py, its cluster in DIR too (fsync on, synchronous_commit on,
# connected over its Unix socket: every commit is flushed to the server's WAL before it returns).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
runs=5
jobs=10000
dir=$root/bench/data/queue
bench=$root/build/release/bench/discus_queue_bench
postgres=1
postgres_rows=0  # set when this script runs itself under the PostgreSQL server

# shellcheck source=bench/common.sh
source "$here/common.sh"
bench_parse --runs=runs --jobs=jobs --dir=dir --bench=bench --no-postgres:postgres=0 --postgres-rows:postgres_rows=1 -- "$@"
bench_require_runs 3
[[ -x $bench ]] || die "no $bench: build it (cmake --build --preset release --target discus_queue_bench)"
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
# shellcheck source=common.sh
if ((!postgres_rows)); then
  print_machine
  echo "# filesystem of $dir: $(stat -f -c %T "$dir"); SQLite $(sqlite3 --version 2>/dev/null | cut -d' ' -f1 || echo '?')"
fi

# median KEY FILE...: the median of "KEY: value" over the run outputs.
median() {
  local key=$1; shift
  grep -h "^$key:" "$@" | awk '{print $2}' | sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'
}

row() {  # row NAME ARGS...: runs the bench $runs times, prints the medians
  local name=$1; shift
  local outs=()
  for ((i = 1; i <= runs; i++)); do
    local out="$dir/run-$name-$i.txt"
    if ((postgres_rows)); then
      PGOPTIONS='-c client_min_messages=warning' psql -q "$DISCUS_TEST_POSTGRES_URL" -c 'DROP SCHEMA public CASCADE; CREATE SCHEMA public'
      "$bench" --queue "$DISCUS_TEST_POSTGRES_URL" "$@" >"$out"
    else
      "$bench" --db "$dir/queue.db" "$@" >"$out"
    fi
    outs+=("$out")
  done
  printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$name" "$(median jobs "${outs[@]}")" \
    "$(median batch "${outs[@]}")" "$(median jobs_per_s "${outs[@]}" || true)" \
    "$(median list_query_ms_median "${outs[@]}")" "$(median list_ms_median "${outs[@]}")" \
    "$(median list_cpu_ms_median "${outs[@]}")"
}

if ((postgres_rows)); then
  row postgresql-group-commit --jobs "$jobs" --batch 100
  row postgresql-one-commit-each --jobs 1000 --batch 1 --list-runs 3
  row postgresql-list-author-2-copies --jobs "$jobs" --batch 100 --copies 2
  rm -f "$dir"/run-*.txt
  exit 0
fi

echo
echo "| row | jobs | jobs per commit | jobs/s (submit+claim+complete) | list query ms | list + JSON ms | list + JSON CPU ms |"
echo "|---|---|---|---|---|---|---|"
row group-commit --jobs "$jobs" --batch 100
row one-commit-each --jobs 1000 --batch 1 --list-runs 3
row list-author-2-copies --jobs "$jobs" --batch 100 --copies 2
rm -f "$dir"/queue.db* "$dir"/run-*.txt
if ((postgres)); then
  python3 "$root/tests/support/postgres_server.py" --base "$dir" -- \
    bash "${BASH_SOURCE[0]}" --postgres-rows --runs "$runs" --jobs "$jobs" --dir "$dir" --bench "$bench"
fi
