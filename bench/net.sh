#!/usr/bin/env bash
# DICOM network benchmark (issue 15 item 8): C-STORE receive and send of the bench set over
# loopback, ours against dcmtk's in the same run, same files.
#   receive: storescu (one association, every file) -> dcmtk storescp, discus store-scp with fsync
#            (before each success, as it always does) and discus store-scp --no-fsync
#            (storescp never fsyncs);
#   send:    storescu against discus send, into discus store-scp --no-fsync (the faster receiver,
#            so the sender is timed) and into storescp;
#   50 parallel associations: 50 storescu processes, a slice of the set each, -> discus store-scp;
#            every instance must arrive, no association may fail.
# Wall time medians of N runs; MB/s counts the files' bytes. Ratios > 1 mean discus is faster.
#
#   bash bench/net.sh [--runs N] [--data DIR] [--discus PATH]
#
# The set is bench/data/full (gen_dataset.py, 1,398 instances, 1.1 GB), made on first use.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
python=/usr/bin/python3
runs=3
data=$root/bench/data/full
discus=${DISCUS:-$root/build/release/src/discus}

# shellcheck source=bench/common.sh
source "$here/common.sh"
bench_parse --runs=runs --data=data --discus=discus -- "$@"
[[ -x $discus ]] || die "no discus at $discus (build the release preset first)"
command -v storescp >/dev/null || die "dcmtk not installed"
if [[ ! -d $data ]]; then
  echo "# generating $data (once)" >&2
  $python "$here/gen_dataset.py" --out "$data" >&2
fi

work=$(mktemp -d /var/tmp/discus-bench-net.XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

mapfile -t all < <(find "$data" -type f -name '*.dcm' | sort)
files=${#all[@]}
bytes=$(printf '%s\0' "${all[@]}" | xargs -0 stat -c %s | awk '{s += $1} END {print s}')
mb=$(awk -v b="$bytes" 'BEGIN {printf "%.1f", b / 1e6}')
print_machine
echo "# set: $data, $files files, $mb MB; $runs runs, medians"

free_port() { $python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 200); do (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.05; done; return 1; }
median() { sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
now() { date +%s.%N; }

# start_receiver KIND DIR -> sets rport, rpid
start_receiver() {
  local kind=$1 dir=$2
  rport=$(free_port)
  case $kind in
    storescp) storescp -aet BENCH -od "$dir" "$rport" >/dev/null 2>&1 & ;;
    discus) "$discus" -q store-scp --aet BENCH --port "$rport" --out "$dir" --max-associations 64 >/dev/null 2>&1 & ;;
    discus-nofsync) "$discus" -q store-scp --aet BENCH --port "$rport" --out "$dir" --no-fsync --max-associations 64 >/dev/null 2>&1 & ;;
  esac
  rpid=$!
  pids+=("$rpid")
  wait_port "$rport" || die "$kind did not start"
}
stop_receiver() { kill "$rpid" 2>/dev/null || true; wait "$rpid" 2>/dev/null || true; }
count_files() { find "$1" -type f ! -name '.*' | wc -l; }

# one_run RECEIVER SENDER -> prints seconds; checks every file arrived
one_run() {
  local receiver=$1 sender=$2 dir t0 t1 n
  dir=$(mktemp -d "$work/out.XXXXXX")
  start_receiver "$receiver" "$dir"
  sync
  t0=$(now)
  case $sender in
    storescu) storescu -aet SCU -aec BENCH -nh 127.0.0.1 "$rport" "${all[@]}" >/dev/null 2>&1 || true ;;
    discus) "$discus" -q send --to "BENCH@127.0.0.1:$rport" "${all[@]}" >/dev/null 2>&1 || true ;;
  esac
  t1=$(now)
  stop_receiver
  n=$(count_files "$dir")
  [[ $n -eq $files ]] || echo "# WARNING: $receiver got $n of $files files from $sender" >&2
  rm -rf "$dir"
  awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.2f\n", b - a}'
}

row() {  # row LABEL RECEIVER SENDER
  local times=() t
  for _ in $(seq "$runs"); do times+=("$(one_run "$2" "$3")"); done
  t=$(printf '%s\n' "${times[@]}" | median)
  printf '| %-44s | %7.2f s | %7.1f MB/s | %s |\n' "$1" "$t" "$(awk -v m="$mb" -v t="$t" 'BEGIN {print m / t}')" "${times[*]}" >&2
  echo "$t"
}

echo "| what | median | throughput | runs |" >&2
echo "|---|---|---|---|" >&2
r_dcmtk=$(row "storescu -> storescp (no fsync)" storescp storescu)
r_ours=$(row "storescu -> discus store-scp (fsync)" discus storescu)
r_nofsync=$(row "storescu -> discus store-scp --no-fsync" discus-nofsync storescu)
# The senders against the faster receiver, so the sender is what is timed.
s_dcmtk=$(row "storescu -> discus store-scp --no-fsync" discus-nofsync storescu)
s_ours=$(row "discus send -> discus store-scp --no-fsync" discus-nofsync discus)
s_dcmtk2=$(row "storescu -> storescp" storescp storescu)
s_ours2=$(row "discus send -> storescp" storescp discus)
echo "# receive, fsync on:  discus/storescp speed ratio $(awk -v a="$r_dcmtk" -v b="$r_ours" 'BEGIN {printf "%.2f", a / b}') (target >= 1)"
echo "# receive, fsync off: discus/storescp speed ratio $(awk -v a="$r_dcmtk" -v b="$r_nofsync" 'BEGIN {printf "%.2f", a / b}') (target >= 1.5)"
echo "# send:               discus/storescu speed ratio $(awk -v a="$s_dcmtk" -v b="$s_ours" 'BEGIN {printf "%.2f", a / b}') (target >= 1; into discus store-scp --no-fsync)"
echo "# send into storescp:  discus/storescu speed ratio $(awk -v a="$s_dcmtk2" -v b="$s_ours2" 'BEGIN {printf "%.2f", a / b}') (storescp is the bottleneck)"

# 50 parallel associations into discus store-scp.
dir=$(mktemp -d "$work/par.XXXXXX")
start_receiver discus "$dir"
t0=$(now)
fails=0
ppids=()
for k in $(seq 0 49); do
  slice=()
  for ((i = k; i < ${#all[@]}; i += 50)); do slice+=("${all[$i]}"); done
  storescu -aet "SCU$k" -aec BENCH 127.0.0.1 "$rport" "${slice[@]}" >"$work/par.$k.log" 2>&1 &
  ppids+=("$!")
done
for p in "${ppids[@]}"; do wait "$p" || fails=$((fails + 1)); done
t1=$(now)
stop_receiver
n=$(count_files "$dir")
echo "# 50 parallel storescu associations -> discus store-scp: $n of $files files stored, $fails associations failed, $(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.2f", b - a}') s"
