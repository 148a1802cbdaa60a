#!/usr/bin/env bash
# UDF image benchmark (issue 21 "Speed"): BD image creation (`discus iso --medium bd`, UDF 2.60 with
# the Metadata Partition and its mirror, our own writer) against `discus iso` making the ISO 9660
# image of the same file-set through libisofs, in the same run, per byte of image written; also
# DVD-RAM (UDF 1.50). No fsync (--no-sync), no read-back (--no-verify). Medians of interleaved runs;
# ratios printed, nothing recorded. The images are written to tmpfs (/dev/shm) by default: on a
# disk, page-cache writeback of 1.1 GB swamped the writers' own cost (runs of the same binaries
# swung by +-0.2 in ratio); --out-dir DIR writes them elsewhere. CPU time (user + system) per byte
# is printed too: it is what the writer itself costs, and it holds up on a loaded machine.
#
#   bash bench/udf.sh [--small] [--runs N] [--warmup N] [--discus PATH] [--out-dir DIR]
#
# The file-set is the one bench/iso.sh authors (bench/data/iso-fileset[-small], git-ignored),
# authored here if missing. Target: UDF MB/s >= ISO MB/s (ratio >= 1.0).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
python=/usr/bin/python3
small=0
runs=5
warmup=1
discus=${DISCUS:-$root/build/release/src/discus}
out_parent=/dev/shm
[[ -d $out_parent && -w $out_parent ]] || out_parent=$here/data

# shellcheck source=bench/common.sh
source "$here/common.sh"
bench_parse --small:small=1 --runs=runs --warmup=warmup --discus=discus --out-dir=out_parent -- "$@"
bench_require_runs 3
bench_require_tools "udftools" udfinfo
work=$(mktemp -d "${TMPDIR:-/tmp}/discus-udf.XXXXXX")
out=$(mktemp -d "$out_parent/discus-udf-out.XXXXXX")
trap 'rm -rf "$work" "$out"' EXIT
bench_copy_discus "$work"

bench_dataset "$small"
set_dir=$here/data/iso-fileset; ((small)) && set_dir=$here/data/iso-fileset-small
bench_fileset "$set_dir" --fileset-id BENCH

print_machine
echo "# tools: $(udfinfo --help 2>&1 | head -1)"
print_discus
echo "# file-set: $set_dir: $nfiles files, $(awk -v b="$nbytes" 'BEGIN {printf "%.1f MB", b / 1e6}')"
echo "# images written to $out ($(stat -f -c %T "$out"))"

q() { printf %q "$1"; }
iso="$(q "$discus") iso --medium none --no-verify --no-sync $(q "$set_dir") $(q "$out/iso.img")"
bd="$(q "$discus") iso --medium bd --no-verify --no-sync $(q "$set_dir") $(q "$out/bd.img")"
ram="$(q "$discus") iso --medium dvd-ram --no-verify --no-sync $(q "$set_dir") $(q "$out/dvd-ram.img")"
prep="rm -f $(q "$out")/*.img"

# --- correctness, once, untimed ---------------------------------------------------------------
echo
declare -A size
for row in "iso:$iso" "bd:$bd" "dvd-ram:$ram"; do
  label=${row%%:*}; cmd=${row#*:}
  eval "$prep"
  eval "$cmd" >"$work/o" 2>"$work/e" || { head -5 "$work/e" >&2; die "$label failed"; }
  size[$label]=$(stat -c %s "$out/$label.img")
  if [[ $label != iso ]]; then
    n=$(udfinfo "$out/$label.img" | sed -n 's/^numfiles=//p')
    echo "# check: $label: ${size[$label]} bytes, udfinfo counts $n files (file-set: $nfiles), $(udfinfo "$out/$label.img" | grep udfwriterev)"
    ((n == nfiles)) || die "$label image has $n files, expected $nfiles"
  else
    echo "# check: iso: ${size[$label]} bytes"
  fi
done
eval "$prep"

echo
# Interleaved rounds instead of hyperfine's one-command-after-another: each round runs the three
# writers in a rotating order, so load that drifts during the run (other builds on the machine)
# falls on all of them alike. Wall time and CPU time (user + system, from the child's rusage).
"$python" - "$runs" "$warmup" "$out" "${size[iso]}" "${size[bd]}" "${size[dvd-ram]}" "$iso" "$bd" "$ram" <<'PY'
import glob, os, resource, shlex, statistics, subprocess, sys, time
runs, warmup, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
sizes = dict(zip(("iso", "bd", "ram"), map(int, sys.argv[4:7])))
cmds = dict(zip(("iso", "bd", "ram"), (shlex.split(c) for c in sys.argv[7:10])))
names = {"iso": "discus iso (ISO 9660, libisofs)", "bd": "discus iso --medium bd (UDF 2.60)",
         "ram": "discus iso --medium dvd-ram (UDF 1.50)"}
wall = {k: [] for k in cmds}
cpu = {k: [] for k in cmds}

def one(k):
    for f in glob.glob(os.path.join(out, "*.img")):
        os.unlink(f)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    subprocess.run(cmds[k], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    t1 = time.monotonic()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return t1 - t0, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)

order = list(cmds)
for i in range(warmup + runs):
    for k in order[i % 3:] + order[:i % 3]:
        w, c = one(k)
        if i >= warmup:
            wall[k].append(w)
            cpu[k].append(c)
for f in glob.glob(os.path.join(out, "*.img")):
    os.unlink(f)

rate, cpb = {}, {}
print(f"{'row':40} {'runs':>4} {'median s':>9} {'min-max s':>11} {'image MB':>9} {'MB/s':>6} {'CPU s':>6} {'CPU ns/B':>8}")
for k in cmds:
    med = statistics.median(wall[k])
    rate[k] = sizes[k] / 1e6 / med
    c = statistics.median(cpu[k])
    cpb[k] = c / sizes[k]
    print(f"{names[k]:40} {len(wall[k]):4} {med:9.3f} {min(wall[k]):5.2f}-{max(wall[k]):<5.2f} {sizes[k] / 1e6:9.1f}"
          f" {rate[k]:6.0f} {c:6.2f} {cpb[k] * 1e9:8.3f}")
print()
for k, name in (("bd", "UDF 2.60 (BD)"), ("ram", "UDF 1.50 (DVD-RAM)")):
    ratio = rate[k] / rate["iso"]
    print(f"{name} MB/s / ISO 9660 MB/s = {ratio:.2f}  (target >= 1.0: {'met' if ratio >= 1.0 else 'NOT met'});"
          f" ISO CPU per byte / {name} CPU per byte = {cpb['iso'] / cpb[k]:.2f}")
PY
