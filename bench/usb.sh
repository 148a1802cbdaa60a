#!/usr/bin/env bash
# USB benchmark (issue 6.3): writing a file-set into a FAT32 image with our own formatter and
# writer (`discus usb --image-size`), against dosfstools' mkfs.fat plus mtools' `mcopy -s` of the
# same files into an image of the same size, in the same run. Medians from hyperfine; ratios
# printed, nothing recorded. Ours fsyncs the image and drops its cache (a stick must really hold
# the data); the peer rows are timed without and with a final `sync` of the image.
#
#   bash bench/usb.sh [--small] [--runs N] [--size SIZE] [--discus PATH]
#
# The file-set is authored once from bench/data/full (bench/gen_dataset.py) into
# bench/data/usb-fileset[-small] with `discus author --profile STD-GEN-DVD-RAM`.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
python=/usr/bin/python3
small=0
runs=5
size=2G
discus=${DISCUS:-$root/build/release/src/discus}

# shellcheck source=bench/common.sh
source "$here/common.sh"
bench_parse --small:small=1 --runs=runs --size=size --discus=discus -- "$@"
bench_require_runs 3
bench_require_tools "hyperfine, dosfstools, mtools" hyperfine mkfs.fat mcopy fsck.fat
work=$(mktemp -d "${TMPDIR:-/tmp}/discus-usb.XXXXXX")
bench_copy_discus "$work"

bench_dataset "$small"
name=$(basename "$data")
fileset=$here/data/usb-fileset; [[ $name == full ]] || fileset=$fileset-$name
bench_fileset "$fileset"
out=$here/data/usb-out
mkdir -p "$out"
trap 'rm -rf "$work" "$out"' EXIT

print_machine
echo "# tools: $(hyperfine --version), dosfstools $(dpkg-query -W -f '${Version}' dosfstools), $(mcopy --version | head -1)"
print_discus
echo "# file-set: $fileset: $nfiles files, $nbytes bytes; FAT32 image of $size"

q() { printf %q "$1"; }
img=$out/stick.img
ours="$discus usb --fat 32 --no-verify --image-size $size $(q "$fileset") $(q "$img")"
ours_v="$discus usb --fat 32 --image-size $size $(q "$fileset") $(q "$img")"
peer="bash -c $(q "truncate -s $size $img && mkfs.fat -F 32 $img >/dev/null && mcopy -s -i $img $fileset/* ::/")"
peer_s="bash -c $(q "truncate -s $size $img && mkfs.fat -F 32 $img >/dev/null && mcopy -s -i $img $fileset/* ::/ && sync $img")"
prep="rm -f $(q "$img")"

# Correctness once, untimed: both images pass fsck.fat and hold every file.
for cmd in "$ours_v" "$peer"; do
  eval "$prep"; eval "$cmd" >/dev/null || die "failed: $cmd"
  fsck.fat -n "$img" >/dev/null || die "fsck.fat rejects the image of: $cmd"
  n=$(mdir -/ -b -i "$img" ::/ | grep -vc '/$')
  echo "# check: $n files on the image of: ${cmd%% *}... (fsck.fat -n clean)"
done

hyperfine -N --style basic --warmup 1 --runs "$runs" --export-json "$work/usb.json" --prepare "$prep" \
  -n "discus usb" "$ours" -n "discus usb + verify" "$ours_v" \
  -n "mkfs.fat + mcopy" "$peer" -n "mkfs.fat + mcopy + sync" "$peer_s"

"$python" - "$work/usb.json" "$nbytes" <<'PY'
import json, sys
rows = json.load(open(sys.argv[1]))["results"]
nbytes = int(sys.argv[2])
med = {r["command"]: r["median"] for r in rows}
print(f"{'row':26} {'median s':>9} {'min s':>8} {'max s':>8} {'MB/s':>7}")
for r in rows:
    print(f"{r['command']:26} {r['median']:9.3f} {r['min']:8.3f} {r['max']:8.3f} {nbytes / 1e6 / r['median']:7.0f}")
for peer in ("mkfs.fat + mcopy", "mkfs.fat + mcopy + sync"):
    print(f"{peer} / discus usb = {med[peer] / med['discus usb']:.2f}")
print(f"mkfs.fat + mcopy + sync / discus usb + verify = {med['mkfs.fat + mcopy + sync'] / med['discus usb + verify']:.2f}")
PY
