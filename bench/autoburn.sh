#!/usr/bin/env bash
# Auto-burn latency (issue 16 "Speed"): from the last C-STORE of a 500-image CT to a verified CD
# image, drive time excluded (the rule's target is an image folder: the ISO 9660 image is
# written and read back, as a stdio: burn would, without a drive's own time).
#   discusd runs with its DICOM listener and one [[autoburn]] rule (calling AE CT1, Study
#   Description contains "CT THORAX" -> one STD-GEN-CD copy once the study is quiet for
#   --quiet seconds); dcmtk's storescu sends the 500 instances (ct_s1 and the first 204 of ct_s2
#   of the bench set: one study, 512x512 16-bit, ~260 MB) in one association; the clock starts
#   when storescu has its last C-STORE-RSP (it exits right after the release) and stops when the
#   job is done, its copy verified (the job's updated_ms). The quiet time is part of the number,
#   and printed with the split: quiet -> job queued -> job done. A fresh state directory per run;
#   medians of N runs. There is no peer tool doing the same end to end; none is timed.
#
#   bash bench/autoburn.sh [--runs N] [--quiet S] [--data DIR] [--discusd PATH]
#
# The set is bench/data/full (gen_dataset.py), made on first use.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
python=/usr/bin/python3
runs=3
quiet=2
data=$root/bench/data/full
discusd=${DISCUSD:-$root/build/release/src/discusd}

# shellcheck source=bench/common.sh
source "$here/common.sh"
bench_parse --runs=runs --quiet=quiet --data=data --discusd=discusd -- "$@"
[[ -x $discusd ]] || die "no discusd at $discusd (build the release preset first)"
command -v storescu >/dev/null || die "dcmtk not installed"
if [[ ! -d $data/ct_s1 ]]; then
  echo "# generating $data (once)" >&2
  $python "$here/gen_dataset.py" --out "$data" >&2
fi

work=$(mktemp -d /var/tmp/discus-bench-autoburn.XXXXXX)
daemon_pid=
cleanup() {
  [[ -n $daemon_pid ]] && kill "$daemon_pid" 2>/dev/null && wait "$daemon_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

mapfile -t files < <(ls "$data"/ct_s1/*.dcm | sort; ls "$data"/ct_s2/*.dcm | sort | head -204)
[[ ${#files[@]} -eq 500 ]] || die "expected 500 CT files in $data/ct_s1 and ct_s2, found ${#files[@]}"
bytes=$(du -cb "${files[@]}" | tail -1 | cut -f1)

print_machine
echo "# 500 CT instances, $((bytes / 1048576)) MiB; quiet time $quiet s; $runs runs"
printf "%-4s %10s %10s %10s %10s %10s\n" run receive_s total_s quiet_s queue_s job_s
results=()
for run in $(seq 1 "$runs"); do
  state=$work/state-$run sock=$work/d-$run.sock images=$work/images-$run
  mkdir -p "$images"
  cat > "$work/discus.toml" <<TOML
[store]
quiet_seconds = $quiet
[[autoburn]]
name = "bench"
calling_ae_title = "CT1"
study_description_contains = "CT THORAX"
profile = "STD-GEN-CD"
target = { kind = "image-dir", where = "$images" }
TOML
  port=$($python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  "$discusd" --state-dir "$state" --socket "$sock" --config "$work/discus.toml" --aet DISCUS --dicom-port "$port" \
    2> "$work/discusd-$run.log" &
  daemon_pid=$!
  for _ in $(seq 200); do [[ -S $sock ]] && break; sleep 0.05; done
  [[ -S $sock ]] || die "discusd did not start: $(cat "$work/discusd-$run.log")"
  t0=$($python -c 'import time; print(int(time.time()*1000))')
  storescu -aet CT1 -aec DISCUS 127.0.0.1 "$port" "${files[@]}" >/dev/null 2>&1 || die "storescu failed"
  t_last=$($python -c 'import time; print(int(time.time()*1000))')
  line=$($python - "$sock" "$t_last" <<'PY'
import http.client, json, socket, sys, time
sock, t_last = sys.argv[1], int(sys.argv[2])
class C(http.client.HTTPConnection):
    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX); self.sock.connect(sock)
def get(path):
    c = C("localhost", timeout=30); c.request("GET", path); r = c.getresponse(); d = json.loads(r.read()); c.close(); return d
end = time.time() + 300
while time.time() < end:
    jobs = [j for j in get("/v1/jobs") if j.get("submitted_by") == "discusd auto-burn"]
    if jobs and jobs[0]["state"] in ("done", "failed"):
        break
    time.sleep(0.05)
j = get(f"/v1/jobs/{jobs[0]['id']}")
if j["state"] != "done" or not all(c["verified"] for c in j["copies"]):
    print("FAILED", j.get("error")); sys.exit(0)
studies = get("/v1/store/studies")
done_at = j["updated_ms"]
completed = studies[0].get("completed_ms", 0)
print(f"{(done_at - t_last) / 1000:.2f} {(completed - t_last) / 1000:.2f} {(j['created_ms'] - completed) / 1000:.2f} {(done_at - j['created_ms']) / 1000:.2f}")
PY
)
  [[ $line == FAILED* ]] && die "run $run: the job failed: $line ($(tail -5 "$work/discusd-$run.log"))"
  read -r total q_s queue_s job_s <<< "$line"
  printf "%-4s %10.2f %10s %10s %10s %10s\n" "$run" "$(echo "($t_last - $t0) / 1000" | bc -l)" "$total" "$q_s" "$queue_s" "$job_s"
  results+=("$total")
  kill "$daemon_pid"; wait "$daemon_pid" 2>/dev/null || true; daemon_pid=
  rm -rf "$state" "$images"
done
median=$(printf "%s\n" "${results[@]}" | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}')
echo "# median, last C-STORE -> verified CD image: $median s (target < 10 s; quiet time $quiet s included)"
echo "# load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
