#!/usr/bin/env bash
# Import benchmark (issue 17 "Speed"): the bench set imported from an ISO image (read in place
# through libisofs: a header pass for the inventory, then each file read whole once while the
# one before is sent; reconciliation against dcmtk's wlmscpfs worklist, coercion with the
# Original Attributes Sequence, the SQLite ledger written before and after each C-STORE, one
# association) into a PACS, against dcmtk's storescu sending the same files from a folder, in the
# same run. The PACS is `discus store-scp --no-fsync` (the faster receiver, so the senders are
# what is timed). Runs interleave the two; medians of N runs; ratio > 1 means the import is
# faster than storescu.
#
#   bash bench/import.sh [--runs N (5)] [--data DIR] [--discus PATH]
#
# The set is bench/data/full (gen_dataset.py, 1,398 instances of 6 patients, 1.1 GB), made on
# first use; its ISO image is made once with `discus author` + `discus iso` into /var/tmp.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
python=/usr/bin/python3
runs=5
data=$root/bench/data/full
discus=${DISCUS:-$root/build/release/src/discus}

# shellcheck source=bench/common.sh
source "$here/common.sh"
bench_parse --runs=runs --data=data --discus=discus -- "$@"
[[ -x $discus ]] || die "no discus at $discus (build the release preset first)"
command -v storescu >/dev/null && command -v wlmscpfs >/dev/null || die "dcmtk not installed"
if [[ ! -d $data ]]; then
  echo "# generating $data (once)" >&2
  $python "$here/gen_dataset.py" --out "$data" >&2
fi

work=$(mktemp -d /var/tmp/discus-bench-import.XXXXXX)
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

iso=/var/tmp/discus-bench-import-$(basename "$data").iso
if [[ ! -f $iso ]]; then
  echo "# authoring the bench set and writing $iso (once)" >&2
  "$discus" -q author --profile STD-GEN-DVD-JPEG --no-viewer --out "$work/fs" "$data" >&2 || true
  "$discus" -q iso --medium none --no-verify --no-sync "$work/fs" "$iso.tmp" >&2
  mv "$iso.tmp" "$iso"
  rm -rf "$work/fs"
fi

bench_copy_discus "$work"
print_machine
print_discus
echo "# set: $data, $files files, $mb MB; image $iso ($(du -m "$iso" | cut -f1) MB); $runs runs, medians"

free_port() { $python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 200); do (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null && return 0; sleep 0.05; done; return 1; }
median() { sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
now() { date +%s.%N; }

# The worklist: one item per patient of the set (name, birth date, sex from the files), local IDs.
mkdir -p "$work/wl/WL"
touch "$work/wl/WL/lockfile"
$python - "$data" "$work/wl/WL" <<'EOF'
import glob, os, sys, warnings
import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.sequence import Sequence
warnings.simplefilter("ignore")
seen = {}
for p in sorted(glob.glob(os.path.join(sys.argv[1], "**", "*.dcm"), recursive=True)):
    ds = pydicom.dcmread(p, stop_before_pixels=True)
    seen.setdefault(str(ds.PatientID), (ds.PatientName, ds.PatientBirthDate, ds.PatientSex, ds.get("SpecificCharacterSet", "")))
for k, (pid, (name, birth, sex, cs)) in enumerate(sorted(seen.items())):
    w = Dataset()
    w.SpecificCharacterSet = cs or "ISO_IR 100"
    w.AccessionNumber = f"LOCAL{k}"
    w.PatientName, w.PatientBirthDate, w.PatientSex = name, birth, sex
    w.PatientID, w.IssuerOfPatientID = f"L{k:04d}", "HOSP"
    w.StudyInstanceUID = pydicom.uid.generate_uid()
    w.RequestedProcedureID, w.RequestedProcedureDescription = f"RP{k}", "IMPORT"
    s = Dataset()
    s.Modality, s.ScheduledStationAETitle, s.ScheduledProcedureStepStartDate, s.ScheduledProcedureStepID = "OT", "DISCUS", "20261207", f"SPS{k}"
    s.ScheduledProcedureStepStartTime, s.ScheduledProcedureStepDescription = "1000", "IMPORT"
    w.ScheduledProcedureStepSequence = Sequence([s])
    m = FileMetaDataset()
    m.MediaStorageSOPClassUID, m.MediaStorageSOPInstanceUID, m.TransferSyntaxUID = "1.2.840.10008.5.1.4.31", pydicom.uid.generate_uid(), pydicom.uid.ExplicitVRLittleEndian
    w.file_meta = m
    w.is_little_endian, w.is_implicit_VR = True, False
    w.save_as(os.path.join(sys.argv[2], f"p{k}.wl"), write_like_original=False)
print(f"# worklist: {len(seen)} patients", file=sys.stderr)
EOF
wport=$(free_port)
wlmscpfs -dfp "$work/wl" "$wport" >/dev/null 2>&1 &
pids+=("$!")
wait_port "$wport" || die "wlmscpfs did not start"

start_receiver() {
  local dir=$1
  rport=$(free_port)
  "$discus" -q store-scp --aet BENCH --port "$rport" --out "$dir" --no-fsync --max-associations 64 >/dev/null 2>&1 &
  rpid=$!
  pids+=("$rpid")
  wait_port "$rport" || die "store-scp did not start"
}
stop_receiver() { kill "$rpid" 2>/dev/null || true; wait "$rpid" 2>/dev/null || true; }
count_files() { find "$1" -type f ! -name '.*' | wc -l; }

one_run() {  # one_run storescu|import -> seconds
  local dir t0 t1 n
  dir=$(mktemp -d "$work/out.XXXXXX")
  start_receiver "$dir"
  rm -rf "$work/state"
  sync
  t0=$(now)
  case $1 in
    storescu) storescu -aet SCU -aec BENCH -nh 127.0.0.1 "$rport" "${all[@]}" >/dev/null 2>&1 || true ;;
    import) "$discus" -q import --iso "$iso" --pacs "BENCH@127.0.0.1:$rport" --mwl "WL@127.0.0.1:$wport" --local-issuer HOSP \
              --ledger "$work/state/ledger.sqlite" --report "$work/report" >/dev/null 2>&1 || true ;;
  esac
  t1=$(now)
  stop_receiver
  n=$(count_files "$dir")
  [[ $n -eq $files ]] || echo "# WARNING: the receiver got $n of $files files from $1" >&2
  rm -rf "$dir"
  awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.2f\n", b - a}'
}

# Interleaved: each run times storescu and the import back to back (the order alternating), so a
# load that comes and goes on a shared machine weighs on both alike; the ratio of each pair is
# kept, and the medians of the times and of the ratios are reported.
echo "| run | storescu | import | ratio | load (1 min) |" >&2
echo "|---|---|---|---|---|" >&2
t_scus=() t_imps=() ratios=()
for r in $(seq "$runs"); do
  if ((r % 2)); then
    a=$(one_run storescu); b=$(one_run import)
  else
    b=$(one_run import); a=$(one_run storescu)
  fi
  t_scus+=("$a") t_imps+=("$b")
  ratios+=("$(awk -v a="$a" -v b="$b" 'BEGIN {printf "%.2f", a / b}')")
  printf '| %d | %6.2f s | %6.2f s | %s | %s |\n' "$r" "$a" "$b" "${ratios[-1]}" "$(cut -d' ' -f1 /proc/loadavg)" >&2
done
t_scu=$(printf '%s\n' "${t_scus[@]}" | median)
t_imp=$(printf '%s\n' "${t_imps[@]}" | median)
ratio=$(printf '%s\n' "${ratios[@]}" | median)
printf '| %-58s | %7.2f s | %7.1f MB/s |\n' "storescu, files from a folder -> store-scp --no-fsync (median)" "$t_scu" "$(awk -v m="$mb" -v t="$t_scu" 'BEGIN {print m / t}')" >&2
printf '| %-58s | %7.2f s | %7.1f MB/s |\n' "discus import --iso --mwl (reconcile, coerce, ledger) (median)" "$t_imp" "$(awk -v m="$mb" -v t="$t_imp" 'BEGIN {print m / t}')" >&2
echo "# load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# import/storescu speed ratio: median of the per-run ratios $ratio, ratio of the medians $(awk -v a="$t_scu" -v b="$t_imp" 'BEGIN {printf "%.2f", a / b}') (target >= 1)"
