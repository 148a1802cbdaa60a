#!/bin/sh
# bench/robot.sh — time from "submit this disc job" to the robot's first job file in its spool
# (issue 18 "Speed": under 1 s for a 700 MB file-set already authored, no copy of the image where a
# hard link or reflink will do).
#
# 1. Through discusd (what the issue asks): a study of SIZE_MB of DICOM files is authored once with
#    `discus author --iso` (profile PROFILE: a file-set folder and its ISO image). For each run a
#    fresh discusd drives a Primera robot whose software is not running (its job file stays as
#    written); `discus submit --robot primera INPUT` is timed until SPOOL/<job>.JRQ exists:
#      image    the authored ISO image (fast path: linked into the spool, nothing staged)
#      folder   the authored file-set folder (fast path: its files linked)
#      staged   the study's DICOM files themselves (no fast path: authored again and imaged first;
#               STAGED_RUNS runs, the number before the fast path existed)
#    Each run's submit -> job file time, and the median of RUNS.
# 2. Through the driver alone (`discus robot-sim --bench-submit ID=PATH`: Robot::submit places the
#    data in SPOOL/<id>/ and writes the job file atomically): an image by link, and by copy when
#    the data is on another file system (/dev/shm), against `cp`.
# Usage: bench/robot.sh [BUILD_DIR] (default build/release); SIZE_MB (700), RUNS (5), STAGED_RUNS (2),
# PROFILE (STD-GEN-DVD-JPEG: 700 MB is more than a 74 min CD holds).
set -eu
BUILD=${1:-build/release}
DISCUS=$(realpath "$BUILD/src/discus")
DISCUSD=$(realpath "$BUILD/src/discusd")
SIZE_MB=${SIZE_MB:-700}
RUNS=${RUNS:-5}
STAGED_RUNS=${STAGED_RUNS:-2}
PROFILE=${PROFILE:-STD-GEN-DVD-JPEG}
WORK=$(mktemp -d /var/tmp/discus-robot-bench-XXXXXX)
SHM=$(mktemp -d /dev/shm/discus-robot-bench-XXXXXX)
DPID=""
cleanup() {
  [ -n "$DPID" ] && kill "$DPID" 2>/dev/null && wait "$DPID" 2>/dev/null
  rm -rf "$WORK" "$SHM"
}
trap cleanup EXIT

median() { sort -n | awk '{a[NR]=$1} END {if (NR % 2) print a[(NR+1)/2]; else printf "%.0f\n", (a[NR/2]+a[NR/2+1])/2}'; }
now_ms() { date +%s%3N; }
load() { uptime | sed 's/.*load/load/'; }

# ---- the study: SIZE_MB of 16-bit 2048x2048 CT slices (8 MiB each), authored once
/usr/bin/python3 - "$WORK/study" "$SIZE_MB" <<'EOF'
import os, sys
import pydicom, pydicom.uid
from pydicom.dataset import Dataset, FileMetaDataset
out, size_mb = sys.argv[1], int(sys.argv[2])
os.makedirs(out)
side = 2048
n = max(1, size_mb * 1024 * 1024 // (side * side * 2))
study, series = pydicom.uid.generate_uid(), pydicom.uid.generate_uid()
pixels = bytes((p * 7) & 0xFF for p in range(65536)) * (side * side * 2 // 65536)
for i in range(1, n + 1):
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = pydicom.uid.CTImageStorage
    meta.MediaStorageSOPInstanceUID = pydicom.uid.generate_uid()
    meta.TransferSyntaxUID = pydicom.uid.ExplicitVRLittleEndian
    ds = Dataset()
    ds.file_meta = meta
    ds.SOPClassUID, ds.SOPInstanceUID = meta.MediaStorageSOPClassUID, meta.MediaStorageSOPInstanceUID
    ds.PatientName, ds.PatientID, ds.PatientBirthDate, ds.PatientSex = "Bench^Robot", "PBENCH", "19700101", "O"
    ds.StudyInstanceUID, ds.SeriesInstanceUID = study, series
    ds.StudyDate, ds.StudyTime, ds.StudyID, ds.AccessionNumber = "20261207", "120000", "1", "ABENCH"
    ds.ReferringPhysicianName, ds.StudyDescription = "", "robot bench"
    ds.SeriesNumber, ds.Modality, ds.InstanceNumber = 1, "CT", i
    ds.SamplesPerPixel, ds.PhotometricInterpretation = 1, "MONOCHROME2"
    ds.Rows = ds.Columns = side
    ds.BitsAllocated, ds.BitsStored, ds.HighBit, ds.PixelRepresentation = 16, 12, 11, 0
    ds.PixelData = pixels
    ds.is_little_endian, ds.is_implicit_VR = True, False
    ds.save_as(os.path.join(out, f"im{i:04d}.dcm"), write_like_original=False)
EOF
"$DISCUS" author --profile "$PROFILE" --out "$WORK/fileset" --iso "$WORK/image.iso" --no-viewer "$WORK/study" >"$WORK/author.log" 2>&1 || { tail "$WORK/author.log" >&2; exit 1; }
sync

# One run: a fresh discusd (state and spool), `discus submit`, then the first job file. Prints ms.
through_discusd() {  # RUN INPUT
  run=$1 input=$2
  d="$WORK/d$run"
  mkdir -p "$d/spool"
  "$DISCUSD" --state-dir "$d/state" --socket "$d/s.sock" --station bench --robot "primera:$d/spool" >"$d/discusd.log" 2>&1 &
  DPID=$!
  i=0
  until "$DISCUS" --socket "$d/s.sock" jobs >/dev/null 2>&1; do
    i=$((i + 1)); [ $i -gt 600 ] && { echo "discusd did not start: $(tail -3 "$d/discusd.log")" >&2; exit 1; }
    sleep 0.05
  done
  t0=$(now_ms)
  job=$("$DISCUS" --socket "$d/s.sock" submit --profile "$PROFILE" --robot primera "$input")
  until [ -e "$d/spool/DISCUS-BENCH-J$job-C1-A1.JRQ" ]; do
    if [ $(( $(now_ms) - t0 )) -gt 600000 ]; then echo "no job file after 600 s" >&2; exit 1; fi
    sleep 0.002
  done
  t1=$(now_ms)
  kill "$DPID"; wait "$DPID" 2>/dev/null || true; DPID=""
  rm -rf "$d"
  echo $((t1 - t0))
}

series() {  # NAME N INPUT
  name=$1 n=$2 input=$3
  times=""
  k=0
  while [ $k -lt "$n" ]; do
    k=$((k + 1))
    times="$times $(through_discusd "$name$k" "$input")"
  done
  med=$(for t in $times; do echo "$t"; done | median)
  printf '  %-44s %8s ms   (runs:%s)   %s\n' "$name" "$med" "$times" "$(load)"
}

bytes=$(du -sb "$WORK/fileset" | cut -f1)
echo "robot job through discusd: submit -> first job file in the spool, $PROFILE, file-set $((bytes / 1000000)) MB,"
echo "image $(( $(stat -c %s "$WORK/image.iso") / 1000000 )) MB; median of $RUNS ($(nproc) cores; $(load))"
series "image (authored ISO: fast path, link)" "$RUNS" "$WORK/image.iso"
series "folder (authored file-set: fast path, links)" "$RUNS" "$WORK/fileset"
series "staged (the DICOM files: author + ISO first)" "$STAGED_RUNS" "$WORK/study"

# ---- 2. the driver alone
cp "$WORK/image.iso" "$SHM/image.iso"
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
  printf '  %-44s %8s ms   (runs:%s)\n' "$name" "$med" "$times"
}
echo "the driver alone (Robot::submit), median of $RUNS ($(load))"
run "primera image, link" primera "$WORK/image.iso"
run "epson file-set folder, links" epson "$WORK/fileset"
run "primera image, copy (/dev/shm)" primera "$SHM/image.iso"
t0=$(date +%s.%N); cp "$SHM/image.iso" "$WORK/cp.iso"; t1=$(date +%s.%N); rm -f "$WORK/cp.iso"
printf '  %-44s %8.0f ms\n' "peer: cp of the image (/dev/shm)" "$(echo "($t1 - $t0) * 1000" | bc -l)"
