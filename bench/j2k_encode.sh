#!/usr/bin/env bash
# JPEG 2000 lossless encode benchmark (issue 4): the same native CT series (512x512, 16-bit
# words) compressed to 1.2.840.10008.1.2.4.90 by `discus transcode` and by GDCM's
# `gdcmconv --j2k`, in one run. Medians from hyperfine; MB/s of uncompressed pixels and ratios
# printed, nothing recorded. Discus runs two ways: one file after another with OpenJPEG's worker
# threads on every core, and two processes over the files (xargs -P 2). gdcmconv runs one file
# after another (as shipped) and also two processes at once, for a like-for-like comparison.
#
#   bash bench/j2k_encode.sh [--files N] [--series DIR] [--runs N] [--discus PATH]
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
# shellcheck source=bench/common.sh
source "$here/common.sh"
python=/usr/bin/python3
files=40
series=$here/data/full/ct_s1
runs=5
discus=${DISCUS:-$root/build/release/src/discus}

bench_parse --files=files --series=series --runs=runs --discus=discus -- "$@"
bench_require_runs 3
bench_require_tools "hyperfine, libgdcm-tools, python3-pydicom" hyperfine gdcmconv "$python"
[[ -x $discus ]] || die "no discus binary at $discus"
if [[ ! -d $series ]]; then
  echo "# generating the bench data set (bench/gen_dataset.py)"
  "$python" "$here/gen_dataset.py"
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/discus-j2k.XXXXXX")
trap 'rm -rf "$work"' EXIT
cp "$discus" "$work/discus"  # a rebuild during the run must not change what is timed
mkdir -p "$work/in" "$work/ours" "$work/gdcm"
find "$series" -name '*.dcm' | sort | head -n "$files" | while read -r f; do cp "$f" "$work/in/"; done
count=$(find "$work/in" -name '*.dcm' | wc -l)
[[ $count -gt 0 ]] || die "no .dcm files in $series"
pixel_bytes=$("$python" - "$work/in" <<'PY'
import glob, sys, pydicom
total = 0
for p in glob.glob(sys.argv[1] + "/*.dcm"):
    d = pydicom.dcmread(p, stop_before_pixels=True)
    assert str(d.file_meta.TransferSyntaxUID) in ("1.2.840.10008.1.2.1", "1.2.840.10008.1.2"), p
    total += d.Rows * d.Columns * int(d.get("SamplesPerPixel", 1)) * (d.BitsAllocated // 8) * int(d.get("NumberOfFrames", 1) or 1)
print(total)
PY
)

print_machine
echo "# input: $count files from $series, $pixel_bytes bytes of uncompressed pixels; $runs runs each"
ts=1.2.840.10008.1.2.4.90
# --no-sync: gdcmconv does not fsync its output either.
ours_seq="for f in $work/in/*.dcm; do $work/discus transcode --no-sync --ts $ts \$f $work/ours/\$(basename \$f); done"
ours_par="ls $work/in/*.dcm | xargs -P 2 -I{} sh -c '$work/discus transcode --no-sync --ts $ts {} $work/ours/\$(basename {})'"
ours_batch="$work/discus transcode --no-sync --ts $ts --out-dir $work/ours $work/in/*.dcm"
gdcm_seq="for f in $work/in/*.dcm; do gdcmconv --j2k \$f $work/gdcm/\$(basename \$f); done"
gdcm_par="ls $work/in/*.dcm | xargs -P 2 -I{} sh -c 'gdcmconv --j2k {} $work/gdcm/\$(basename {})'"
hyperfine --style basic --warmup 1 --runs "$runs" --export-json "$work/times.json" \
  -n "discus, files in turn, OpenJPEG threads on all cores" "$ours_seq" \
  -n "discus, 2 processes" "$ours_par" \
  -n "discus, one process over the files (--out-dir, every core)" "$ours_batch" \
  -n "gdcmconv --j2k, files in turn" "$gdcm_seq" \
  -n "gdcmconv --j2k, 2 processes" "$gdcm_par" >"$work/hyperfine.log" 2>&1 || { cat "$work/hyperfine.log"; die "hyperfine failed"; }
ours_size=$(du -cb "$work"/ours/*.dcm | tail -1 | cut -f1)
gdcm_size=$(du -cb "$work"/gdcm/*.dcm | tail -1 | cut -f1)
"$python" - "$work/times.json" "$pixel_bytes" "$ours_size" "$gdcm_size" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
pixels, ours_size, gdcm_size = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
mbs = {}
for r in results:
    med = r["median"]
    mbs[r["command"]] = pixels / med / 1e6
    cpu = r["user"] + r["system"]  # mean CPU seconds, all processes and threads
    print(f"{r['command']:<55} median {med:7.3f} s  {mbs[r['command']]:7.1f} MB/s  (CPU {cpu:6.3f} s)")
names = list(mbs)
ours_rows, seq, par = names[:3], names[3], names[4]
best_ours = max(mbs[n] for n in ours_rows)
print(f"ratio best discus / gdcmconv in turn:      {best_ours / mbs[seq]:.2f}x (target >= 2x)")
print(f"ratio best discus / gdcmconv 2 processes:  {best_ours / mbs[par]:.2f}x")
print(f"ratio discus in turn / gdcmconv in turn:   {mbs[names[0]] / mbs[seq]:.2f}x (one process per file for both)")
cpu = {r["command"]: r["user"] + r["system"] for r in results}
print(f"CPU time gdcmconv in turn / discus in turn: {cpu[seq] / cpu[names[0]]:.2f}x (less contention-sensitive than wall time)")
print(f"output size: discus {ours_size} bytes, gdcmconv {gdcm_size} bytes (files, headers included)")
PY
# Every file we wrote must decode back to the input pixels (a fast encoder that is wrong is no win).
"$python" - "$work/in" "$work/ours" "$work/discus" <<'PY'
import glob, os, subprocess, sys, tempfile, pydicom
bad = 0
with tempfile.TemporaryDirectory() as tmp:
    for p in sorted(glob.glob(sys.argv[1] + "/*.dcm"))[:5]:
        back = os.path.join(tmp, "back.dcm")
        subprocess.run(["gdcmconv", "--raw", os.path.join(sys.argv[2], os.path.basename(p)), back], check=True)
        bad += bytes(pydicom.dcmread(back).PixelData) != bytes(pydicom.dcmread(p).PixelData)
print("check: gdcmconv --raw decodes our first 5 files to the input pixels" if not bad else f"CHECK FAILED for {bad} files")
sys.exit(1 if bad else 0)
PY
