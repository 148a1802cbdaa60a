#!/usr/bin/env bash
# ISO image benchmark (issue 6): time making an ISO 9660 image of one authored file-set with
# `discus iso` (libisofs, streamed) against `xorriso -as mkisofs` and `genisoimage`, in the same
# run, over the same file-set, with the same options in spirit: ISO 9660 Level 1, no Rock Ridge,
# no Joliet (PS3.12 Annex F), volume id set, no fsync by any of them (discus --no-sync), no
# read-back (discus --no-verify). Medians from hyperfine; ratios printed, nothing recorded.
# Then the whole job (author, image, verify) against cp -r + genisoimage of the same sources.
#
#   bash bench/iso.sh [--small] [--runs N] [--warmup N] [--discus PATH]
#
# The file-set is authored once from bench/data/full (or --small) with `discus author` into
# bench/data/iso-fileset[-small] (git-ignored). The full set (1.1 GB) is larger than a CD-R, so it
# is authored for STD-GEN-DVD-RAM (same rules as STD-GEN-CD) and imaged with --medium none.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
python=/usr/bin/python3
small=0
runs=5
warmup=1
discus=${DISCUS:-$root/build/release/src/discus}

# shellcheck source=bench/common.sh
source "$here/common.sh"
bench_parse --small:small=1 --runs=runs --warmup=warmup --discus=discus -- "$@"
bench_require_runs 3
bench_require_tools "hyperfine, xorriso, genisoimage" hyperfine xorriso genisoimage isoinfo
work=$(mktemp -d "${TMPDIR:-/tmp}/discus-iso.XXXXXX")
out=$here/data/iso-out
mkdir -p "$out"
trap 'rm -rf "$work" "$out"' EXIT
bench_copy_discus "$work"

# --- the file-set ---------------------------------------------------------------------------------
bench_dataset "$small"
set_dir=$here/data/iso-fileset; ((small)) && set_dir=$here/data/iso-fileset-small
bench_fileset "$set_dir" --fileset-id BENCH

print_machine
echo "# tools: $(hyperfine --version), $(xorriso -version 2>/dev/null | head -1), $(genisoimage --version 2>&1 | head -1)"
print_discus
echo "# file-set: $set_dir: $nfiles files, $(awk -v b="$nbytes" 'BEGIN {printf "%.1f MB", b / 1e6}')"
echo "# images written to $out (removed before each run)"

q() { printf %q "$1"; }
ours="$(q "$discus") iso --medium none --no-verify --no-sync $(q "$set_dir") $(q "$out/discus.iso")"
xorr="xorriso -as mkisofs -quiet -iso-level 1 -V BENCH -o $(q "$out/xorriso.iso") $(q "$set_dir")"
geni="genisoimage -quiet -iso-level 1 -V BENCH -o $(q "$out/genisoimage.iso") $(q "$set_dir")"
prep="rm -f $(q "$out")/*.iso"

# --- correctness, once, untimed: each image lists every file, Level 1 names ---------------------
echo
for row in "discus:$ours" "xorriso:$xorr" "genisoimage:$geni"; do
  label=${row%%:*}; cmd=${row#*:}
  eval "$prep"
  eval "$cmd" >"$work/o" 2>"$work/e" || { head -5 "$work/e" >&2; die "$label failed"; }
  img=$out/$label.iso
  n=$(isoinfo -f -i "$img" | grep -c ';1$' || true)
  echo "# check: $label: $(stat -c %s "$img") bytes, isoinfo lists $n files with ';1' names (file-set: $nfiles)"
  ((n == nfiles)) || die "$label image lists $n files, expected $nfiles"
done
eval "$prep"

# --- timing -------------------------------------------------------------------------------------
echo
hyperfine -N --style basic --warmup "$warmup" --runs "$runs" --export-json "$work/iso.json" \
  --prepare "$prep" -n "discus iso" "$ours" -n "xorriso -as mkisofs" "$xorr" -n "genisoimage" "$geni"

echo
"$python" - "$work/iso.json" "$nbytes" <<'PY'
import json, sys
rows = json.load(open(sys.argv[1]))["results"]
nbytes = int(sys.argv[2])
med = {r["command"]: r["median"] for r in rows}
print(f"{'row':20} {'runs':>4} {'median s':>9} {'min s':>8} {'max s':>8} {'MB/s':>7}")
for r in rows:
    print(f"{r['command']:20} {len(r['times']):4} {r['median']:9.3f} {r['min']:8.3f} {r['max']:8.3f} {nbytes / 1e6 / r['median']:7.0f}")
print()
for peer, target in (("xorriso -as mkisofs", 2.0), ("genisoimage", 0.7)):
    ratio = med[peer] / med["discus iso"]
    print(f"{peer} / discus iso = {ratio:.2f}  (target >= {target}: {'met' if ratio >= target else 'NOT met'})")
PY

# --- the whole job: sources to a verified image ------------------------------------------------
# discus author validates every instance, copies it under its File ID (re-encoding the Implicit
# VR ones), writes DICOMDIR, README.TXT and SHA256.TXT, images the file-set and reads the image
# back against the manifest. The peer only copies the same source files and images them. Neither
# fsyncs. The profile is STD-GEN-DVD-JPEG: the full set does not fit a CD-R, and the DVD profile
# has the CD's rules for uncompressed images on an ISO 9660 disc.
job="$(q "$discus") author --profile STD-GEN-DVD-JPEG --fileset-id BENCH --out $(q "$out/job") --iso $(q "$out/job.iso") --no-sync $(q "$data")"
cpgi="cp -r $(q "$data") $(q "$out/cp") && genisoimage -quiet -iso-level 1 -V BENCH -o $(q "$out/cp.iso") $(q "$out/cp")"
jprep="rm -rf $(q "$out")/job $(q "$out")/job.* $(q "$out")/cp $(q "$out")/cp.iso"
eval "$jprep"
eval "$job" >"$work/o" 2>"$work/e" || { tail -5 "$work/e" >&2; die "discus author --iso failed"; }
grep -q VERIFIED "$work/o" || die "discus author --iso did not verify its image"
echo
echo "# check: discus author --iso: $(grep -c . "$out/job/SHA256.TXT") files in the manifest, image verified"
eval "$jprep"
echo
hyperfine --style basic --warmup "$warmup" --runs "$runs" --export-json "$work/job.json" \
  --prepare "$jprep" -n "discus author --iso (verified)" "$job" -n "cp -r + genisoimage" "$cpgi"
"$python" - "$work/job.json" <<'PY'
import json, sys
rows = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
ours, peer = rows["discus author --iso (verified)"]["median"], rows["cp -r + genisoimage"]["median"]
print(f"\nwhole job: discus {ours:.3f} s, cp -r + genisoimage {peer:.3f} s: ours / peer = {ours / peer:.2f}"
      f"  (target <= 1.5: {'met' if ours / peer <= 1.5 else 'NOT met'})")
PY
