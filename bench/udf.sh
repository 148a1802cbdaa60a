#!/usr/bin/env bash
# UDF image benchmark (issue 21 "Speed"): BD image creation (`discus iso --medium bd`, UDF 2.60 with
# the Metadata Partition and its mirror, our own writer) against `discus iso` making the ISO 9660
# image of the same file-set through libisofs, in the same run, per byte of image written; also
# DVD-RAM (UDF 1.50). No fsync (--no-sync), no read-back (--no-verify). Medians from hyperfine;
# ratios printed, nothing recorded.
#
#   bash bench/udf.sh [--small] [--runs N] [--warmup N] [--discus PATH]
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

usage() { sed -n '2,11s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; }
die() { echo "udf.sh: $*" >&2; exit 2; }

while [[ $# -gt 0 ]]; do
  case $1 in
    --small) small=1; shift ;;
    --runs) runs=${2:?}; shift 2 ;;
    --warmup) warmup=${2:?}; shift 2 ;;
    --discus) discus=${2:?}; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
done
[[ $runs =~ ^[0-9]+$ && $runs -ge 3 ]] || die "--runs must be >= 3 (we report medians)"
for tool in hyperfine udfinfo; do
  command -v "$tool" >/dev/null || die "missing $tool (Debian packages: hyperfine, udftools)"
done
[[ -x $discus ]] || die "no discus binary at $discus"
work=$(mktemp -d "${TMPDIR:-/tmp}/discus-udf.XXXXXX")
out=$here/data/udf-out
mkdir -p "$out"
trap 'rm -rf "$work" "$out"' EXIT
cp "$discus" "$work/discus"
discus_built=$(date -r "$discus" '+%Y-%m-%d %H:%M')
discus=$work/discus

if ((small)); then name=small; gen=(--small); else name=full; gen=(); fi
data=$here/data/$name
if [[ ! -f $data/MANIFEST.json ]]; then
  echo "# generating data set in $data"
  "$python" "$here/gen_dataset.py" --out "$data" "${gen[@]}"
fi
set_dir=$here/data/iso-fileset; ((small)) && set_dir=$here/data/iso-fileset-small
if [[ ! -f $set_dir.done || $data/MANIFEST.json -nt $set_dir.done ]]; then
  echo "# authoring the file-set $set_dir (once)"
  rm -rf "$set_dir" "$set_dir.done" "$set_dir.report.txt" "$set_dir.report.json"
  "$discus" author --profile STD-GEN-DVD-RAM --fileset-id BENCH --out "$set_dir" "$data" >/dev/null 2>&1 \
    || die "discus author could not make $set_dir (run it by hand to see why)"
  touch "$set_dir.done"
fi
nfiles=$(find "$set_dir" -type f | wc -l)
nbytes=$(find "$set_dir" -type f -printf '%s\n' | awk '{s += $1} END {print s}')

# shellcheck source=bench/common.sh
source "$here/common.sh"
print_machine
echo "# tools: $(hyperfine --version), $(udfinfo --help 2>&1 | head -1)"
echo "# discus: copy of a binary built $discus_built; tree at commit" \
  "$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$root" diff --quiet HEAD -- src 2>/dev/null || echo ' + uncommitted src changes')"
echo "# file-set: $set_dir: $nfiles files, $(awk -v b="$nbytes" 'BEGIN {printf "%.1f MB", b / 1e6}')"

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
hyperfine -N --style basic --warmup "$warmup" --runs "$runs" --export-json "$work/udf.json" \
  --prepare "$prep" -n "discus iso (ISO 9660, libisofs)" "$iso" -n "discus iso --medium bd (UDF 2.60)" "$bd" \
  -n "discus iso --medium dvd-ram (UDF 1.50)" "$ram"

echo
"$python" - "$work/udf.json" "${size[iso]}" "${size[bd]}" "${size[dvd-ram]}" <<'PY'
import json, sys
rows = json.load(open(sys.argv[1]))["results"]
sizes = dict(zip(("iso", "bd", "ram"), map(int, sys.argv[2:5])))
keys = {"discus iso (ISO 9660, libisofs)": "iso", "discus iso --medium bd (UDF 2.60)": "bd",
        "discus iso --medium dvd-ram (UDF 1.50)": "ram"}
rate = {}
print(f"{'row':40} {'runs':>4} {'median s':>9} {'image MB':>9} {'MB/s':>7}")
for r in rows:
    k = keys[r["command"]]
    rate[k] = sizes[k] / 1e6 / r["median"]
    print(f"{r['command']:40} {len(r['times']):4} {r['median']:9.3f} {sizes[k] / 1e6:9.1f} {rate[k]:7.0f}")
print()
for k, name in (("bd", "UDF 2.60 (BD)"), ("ram", "UDF 1.50 (DVD-RAM)")):
    ratio = rate[k] / rate["iso"]
    print(f"{name} MB/s / ISO 9660 MB/s = {ratio:.2f}  (target >= 1.0: {'met' if ratio >= 1.0 else 'NOT met'})")
PY
