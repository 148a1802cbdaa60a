#!/bin/sh
# bench/robot.sh — time from "submit this disc job" to the robot's job file in its spool, for a
# 700 MB ISO image and a 700 MB file-set folder (issue 18 "Speed": under 1 s, no copy of the image
# where a hard link or reflink will do). Measured through the real driver (`discus robot-sim
# --bench-submit ID=PATH`: Robot::submit places the data in SPOOL/<id>/ and writes the job file
# atomically), median of RUNS runs, for:
#   link  staging and spool on one file system (hard link)
#   copy  staging on another file system (/dev/shm here: no link or reflink possible; the kernel
#         copies with copy_file_range) — the peer of "cp", shown for the ratio
# Usage: bench/robot.sh [BUILD_DIR] (default build/release); SIZE_MB (700), RUNS (5).
set -eu
BUILD=${1:-build/release}
DISCUS=$BUILD/src/discus
SIZE_MB=${SIZE_MB:-700}
RUNS=${RUNS:-5}
WORK=$(mktemp -d /var/tmp/discus-robot-bench-XXXXXX)
SHM=$(mktemp -d /dev/shm/discus-robot-bench-XXXXXX)
trap 'rm -rf "$WORK" "$SHM"' EXIT

# The "already authored" inputs: one image file and one folder of 70 files (the same bytes).
head -c $((SIZE_MB * 1024 * 1024)) /dev/urandom > "$WORK/image.iso"
mkdir -p "$WORK/fileset/DICOM"
split -n 70 -d -a 3 "$WORK/image.iso" "$WORK/fileset/DICOM/I"
cp "$WORK/image.iso" "$SHM/image.iso"
sync

median() { sort -n | awk '{a[NR]=$1} END {if (NR % 2) print a[(NR+1)/2]; else printf "%.3f\n", (a[NR/2]+a[NR/2+1])/2}'; }

run() {  # NAME VENDOR PATH
  name=$1 vendor=$2 path=$3
  times=""
  i=0
  while [ $i -lt "$RUNS" ]; do
    i=$((i + 1))
    spool="$WORK/spool-$(echo "$name" | tr -c "a-z0-9\n" -)-$i"
    mkdir -p "$spool"
    t=$("$DISCUS" robot-sim --vendor "$vendor" --spool "$spool" --out "$WORK/out" --bench-submit "DISCUS-BENCH-J$i-C1-A1=$path")
    times="$times $t"
    rm -rf "$spool"
  done
  med=$(for t in $times; do echo "$t"; done | median)
  printf '%-34s %10s ms   (runs:%s)\n' "$name" "$med" "$times"
}

echo "robot job submission, ${SIZE_MB} MB, median of $RUNS ($(nproc) cores; $(uptime | sed 's/.*load/load/'))"
run "primera image, link" primera "$WORK/image.iso"
run "epson file-set folder, links" epson "$WORK/fileset"
run "primera image, copy (/dev/shm)" primera "$SHM/image.iso"
t0=$(date +%s.%N); cp "$SHM/image.iso" "$WORK/cp.iso"; t1=$(date +%s.%N); rm -f "$WORK/cp.iso"
printf '%-34s %10.3f ms\n' "peer: cp of the image (/dev/shm)" "$(echo "($t1 - $t0) * 1000" | bc -l)"
