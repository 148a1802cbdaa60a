#!/usr/bin/env bash
# Codec decode benchmark (issue 4): time decompressing JPEG Lossless (Process 14, SV1) and RLE
# Lossless files to Explicit VR Little Endian with `discus transcode` and with dcmtk's dcmdjpeg /
# dcmdrle, in the same run, same files, same process model (one process per file, driven by the
# same bash loop). Medians from hyperfine; MB/s counts uncompressed pixel bytes. Neither side
# fsyncs (discus --no-sync; dcmtk never does). A second table times how discus is meant to be
# used on a series: one process for the whole list (--out-dir, every core) against the same
# per-file dcmtk loop (dcmdjpeg and dcmdrle take one file per process).
#
#   bash bench/codec_decode.sh [--quick] [--runs N] [--warmup N] [--discus PATH] [--only SET]
#
# Inputs are made once under bench/data/codec/ (git-ignored) from bench/data/full: the CT series
# ct_s1 (512x512x16) and one CR image per CR series (2500x2000x16), each also as a noisy copy
# (see codec_inputs.py), compressed by dcmcjpeg +e1 (lossless SV1) and dcmcrle. Results and what
# they mean: bench/RESULTS.md, section "Codec decode".
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
python=/usr/bin/python3          # Debian's: has pydicom (the pyenv python3 on PATH has not)
runs=5
warmup=1
quick=0
only=""
discus=${DISCUS:-$root/build/release/src/discus}
evrle=1.2.840.10008.1.2.1

# shellcheck source=bench/common.sh
source "$here/common.sh"
bench_parse --quick:quick=1 --runs=runs --warmup=warmup --discus=discus --only=only -- "$@"
bench_require_runs 5
[[ $warmup =~ ^[0-9]+$ && $warmup -ge 1 ]] || die "--warmup must be >= 1 (page cache must be warm)"
bench_require_tools "hyperfine, dcmtk, python3-pydicom" hyperfine dcmcjpeg dcmdjpeg dcmcrle dcmdrle dcmconv "$python"
[[ -x $discus ]] || die "no discus binary at $discus (build the release preset first, or --discus PATH)"

# --- inputs (made once) -----------------------------------------------------------------------
data=$here/data/full
if [[ ! -f $data/MANIFEST.json ]]; then
  echo "# generating data set in $data"
  "$python" "$here/gen_dataset.py" --out "$data"
fi
codec=$here/data/codec; pick_args=()
if ((quick)); then codec=$here/data/codec-quick; pick_args=(--ct-files 40 --cr-files 4); fi
if [[ ! -f $codec/sets.txt || $data/MANIFEST.json -nt $codec/sets.txt ]]; then
  echo "# making the compressed inputs in $codec (once)"
  rm -rf "$codec/jpegll" "$codec/rle"; mkdir -p "$codec"  # src-noisy/ is kept: it is slow to make
  "$python" "$here/codec_inputs.py" --data "$data" --out "$codec" "${pick_args[@]}" >"$codec/sets.tmp"
  while read -r set _ _; do
    for c in jpegll rle; do
      mkdir -p "$codec/$c/$set"
      # name each output after its position in the list: the sources share file names
      awk -v d="$codec/$c/$set" '{printf "%s\n%s/%05d.dcm\n", $0, d, NR}' "$codec/$set.list" >"$codec/$c-$set.pairs"
      if [[ $c == jpegll ]]; then enc=(dcmcjpeg +e1); else enc=(dcmcrle); fi
      xargs -d '\n' -n2 -P"$(nproc)" "${enc[@]}" <"$codec/$c-$set.pairs" || die "${enc[0]} failed on $set"
      find "$codec/$c/$set" -name '*.dcm' | LC_ALL=C sort >"$codec/$c-$set.list"
    done
  done <"$codec/sets.tmp"
  mv "$codec/sets.tmp" "$codec/sets.txt"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/discus-codec.XXXXXX")
trap 'rm -rf "$work"' EXIT
# A copy, so that a rebuild during the run cannot change what is measured.
cp "$discus" "$work/discus"
discus_built=$(date -r "$discus" '+%Y-%m-%d %H:%M')

# One process per file for every tool: the same loop runs `TOOL... IN OUT` for each listed file.
cat >"$work/loop.sh" <<'EOF'
list=$1; out=$2; shift 2
while IFS= read -r f; do "$@" "$f" "$out" || exit 1; done <"$list"
EOF
# Batch: the whole list in one `discus transcode --out-dir` process.
cat >"$work/batch.sh" <<'EOF'
list=$1; out=$2; shift 2
mapfile -t files <"$list"
exec "$@" --out-dir "$out" "${files[@]}"
EOF

# --- machine ----------------------------------------------------------------------------------
print_machine
echo "# tools: $(hyperfine --version), dcmtk $(dcmdjpeg --version 2>&1 | awk 'NR == 1 {print $3}')"
echo "# discus: copy of a binary built $discus_built; tree at commit" \
  "$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$root" diff --quiet HEAD -- src 2>/dev/null || echo ' + uncommitted src changes')"
echo "# inputs: $codec (sources from $data; 'noisy' = ramp + Gaussian noise, see codec_inputs.py)"
echo "# process model: one process per file for every row, run by the same bash loop ($runs runs, $warmup warmup)"
while read -r set n px; do
  for c in jpegll rle; do
    cb=$(tr '\n' '\0' <"$codec/$c-$set.list" | xargs -0 stat -c %s | awk '{s += $1} END {print s}')
    printf '#   %-9s %-6s %4d files, %8.1f MB pixels, %8.1f MB compressed files (%.2f:1)\n' \
      "$set" "$c" "$n" "$(awk -v b="$px" 'BEGIN {print b / 1e6}')" "$(awk -v b="$cb" 'BEGIN {print b / 1e6}')" \
      "$(awk -v a="$px" -v b="$cb" 'BEGIN {print a / b}')"
  done
done <"$codec/sets.txt"

# --- correctness, once, untimed: our pixels == dcmtk's for every file ---------------------------
d=$work/discus
check_set() {  # codec set peer...
  local c=$1 set=$2; shift 2
  local i=0 f
  mkdir -p "$work/cmp"
  while IFS= read -r f; do
    i=$((i + 1))
    "$d" transcode --ts "$evrle" "$f" "$work/cmp/ours-$i.dcm" 2>"$work/err" || { cat "$work/err" >&2; die "discus failed on $f"; }
    "$@" "$f" "$work/cmp/peer-$i.dcm" || die "$1 failed on $f"
  done <"$codec/$c-$set.list"
  "$python" - "$work/cmp" "$i" <<'PYEOF' || die "$c $set: pixels differ from $1's"
import sys, pydicom
folder, n = sys.argv[1], int(sys.argv[2])
bad = [i for i in range(1, n + 1)
       if pydicom.dcmread(f"{folder}/ours-{i}.dcm").PixelData != pydicom.dcmread(f"{folder}/peer-{i}.dcm").PixelData]
if bad:
    print(f"pixel data differs in {len(bad)} of {n} files (first: #{bad[0]})", file=sys.stderr)
    sys.exit(1)
PYEOF
  rm -rf "$work/cmp"
  echo "# check: $c $set: pixel data of all $i files equal to $1's"
}

# --- timing -----------------------------------------------------------------------------------
results=$work/results.txt; batch_results=$work/batch.txt; : >"$results"; : >"$batch_results"
# time_rows MODE label list px ours-cmd peer-label peer-cmd: MODE "loop" runs ours one process per
# file like the peer; "batch" runs ours once over the whole list (--out-dir). The peer always loops.
time_rows() {
  local mode=$1 label=$2 list=$3 px=$4 ours=$5 peer_label=$6 peer=$7 table=$results ours_run
  ours_run="bash $work/loop.sh $list $work/out.dcm $ours"
  if [[ $mode == batch ]]; then table=$batch_results; ours_run="bash $work/batch.sh $list $work/batch $ours"; fi
  hyperfine -N --warmup "$warmup" --runs "$runs" --export-json "$work/t.json" \
    -n "discus $mode $label" "$ours_run" \
    -n "$peer_label $label" "bash $work/loop.sh $list $work/out.dcm $peer" >"$work/hf.txt" \
    || { cat "$work/hf.txt"; die "hyperfine failed on $mode $label"; }
  "$python" - "$work/t.json" "$px" "$label" "$(wc -l <"$list")" >>"$table" <<'PYEOF'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
px, label, n = int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
ours, peer = r[0]["median"], r[1]["median"]
print(f"{label:18} {n:5d} {px / 1e6:8.1f} {ours:8.3f} {peer:8.3f} {px / 1e6 / ours:8.1f} {px / 1e6 / peer:8.1f} "
      f"{peer / ours:6.2f} {1e3 * ours / n:8.2f} {1e3 * peer / n:8.2f}")
PYEOF
  tail -1 "$table"
}

echo
while read -r set n px; do
  [[ -z $only || $set == "$only" ]] || continue
  check_set jpegll "$set" dcmdjpeg
  time_rows loop "jpegll $set" "$codec/jpegll-$set.list" "$px" "$d transcode --no-sync --ts $evrle" dcmdjpeg dcmdjpeg
  time_rows batch "jpegll $set" "$codec/jpegll-$set.list" "$px" "$d transcode --no-sync --ts $evrle" dcmdjpeg dcmdjpeg
  check_set rle "$set" dcmdrle
  time_rows loop "rle $set" "$codec/rle-$set.list" "$px" "$d transcode --no-sync --ts $evrle" dcmdrle dcmdrle
  time_rows batch "rle $set" "$codec/rle-$set.list" "$px" "$d transcode --no-sync --ts $evrle" dcmdrle dcmdrle
done <"$codec/sets.txt"
# The per-process floor: the uncompressed CT sources rewritten as Explicit VR LE, no codec.
if [[ -z $only || $only == ct-ramp ]]; then
  read -r _ _ px < <(grep '^ct-ramp ' "$codec/sets.txt")
  time_rows loop "native ct-ramp" "$codec/ct-ramp.list" "$px" "$d transcode --no-sync --ts $evrle" dcmconv "dcmconv +te"
fi

echo
echo "set                files   MB pix  ours s   peer s  ours MB/s peer MB/s  ratio  ours ms/f peer ms/f"
cat "$results"
echo
echo "(medians of $runs runs after $warmup warmup; one process per file for both; MB/s = uncompressed"
echo " pixel bytes / wall time of the whole loop incl. process start, parse and write; ratio = peer time / our time)"
echo
echo "batch: discus one process per list (--out-dir, $(nproc) cores) vs the peer's one process per file"
echo "set                files   MB pix  ours s   peer s  ours MB/s peer MB/s  ratio  ours ms/f peer ms/f"
cat "$batch_results"
"$python" - "$results" <<'PYEOF'
import sys
rows = {" ".join(l.split()[:2]): float(l.split()[8]) for l in open(sys.argv[1]) if l.strip()}
for key, target in (("jpegll ct-ramp", 3.0), ("jpegll ct-noisy", 3.0), ("jpegll cr-ramp", 1.5),
                    ("jpegll cr-noisy", 1.5), ("rle ct-ramp", 2.0), ("rle ct-noisy", 2.0),
                    ("rle cr-ramp", 2.0), ("rle cr-noisy", 2.0)):
    if key in rows:
        print(f"{key:16} peer/ours = {rows[key]:.2f}  (target >= {target:g}: {'met' if rows[key] >= target else 'NOT met'})")
PYEOF
