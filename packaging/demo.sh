#!/usr/bin/env bash
# The README's main-job command: installs what is missing, builds Discus, generates a small
# realistic study (CT, MR, CR, XA and US cines), authors a patient CD from it (STD-GEN-CD:
# DICOMDIR, README.TXT, SHA256.TXT) and burns it through libburn's stdio: pseudo-drive to a disc
# image, read back and verified; then lets tools we did not write judge the disc. Last, the same
# study goes through the media service: discusd with a stdio: burner, two copies submitted with
# `discus submit`, followed with `discus watch`, each burn read back and ejected as its own image.
#   bash packaging/demo.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target discus discusd
discus=build/release/src/discus
demo=build/demo
data=$demo/sample
if [ ! -f "$data/MANIFEST.json" ]; then
  rm -rf "$data"
  /usr/bin/python3 bench/gen_dataset.py --small --out "$data"
fi
rm -rf "$demo/disc" "$demo/disc.report.txt" "$demo/disc.report.json" "$demo/disc.iso" "$demo/extracted"

# A real burner is `--burn /dev/sr0` (see `discus drives`); stdio:FILE is libburn's pseudo-drive.
echo "== discus author --profile STD-GEN-CD --out $demo/disc --burn stdio:$demo/disc.iso $data =="
"$discus" author --profile STD-GEN-CD --out "$demo/disc" --institution "Discus Demo Hospital" --fileset-id DEMO \
  --burn "stdio:$PWD/$demo/disc.iso" "$data"
echo
echo "== the disc image, as xorriso (libisoburn) sees it =="
xorriso -indev "$demo/disc.iso" -find / -type f 2>/dev/null | head -n 12
echo "== isoinfo -d: volume =="
isoinfo -d -i "$demo/disc.iso" | grep -E "Volume id|Joliet|Rock Ridge"
echo "== files extracted from the image with xorriso, checked against SHA256.TXT =="
xorriso -osirrox on -indev "$demo/disc.iso" -extract / "$demo/extracted" >/dev/null 2>&1
chmod -R u+w "$demo/extracted"
(cd "$demo/extracted" && sha256sum --quiet -c SHA256.TXT && echo "all checksums on the disc match")
echo
echo "== the medium =="
(cd "$demo/disc" && find . -type f | sort | head -n 20)
echo
echo "== discus dir $demo/disc =="
"$discus" dir "$demo/disc"
echo
echo "== conformance report (head) =="
head -n 8 "$demo/disc.report.txt"
echo
echo "== dciodvfy (dicom3tools) on the DICOMDIR: errors =="
dciodvfy "$demo/disc/DICOMDIR" > "$demo/dciodvfy.txt" 2>&1 || true
grep -c '^Error' "$demo/dciodvfy.txt" || true
echo "== dcentvfy (dicom3tools) on the file-set =="
dcentvfy "$demo/disc/DICOMDIR" && echo "dcentvfy: no errors"
echo "== sha256sum -c SHA256.TXT =="
(cd "$demo/disc" && sha256sum --quiet -c SHA256.TXT && echo "all checksums match")
echo
first=$(find "$demo/disc/DICOM" -type f | sort | head -n 1)
echo "== discus dump --stop-before-pixels $first (head) =="
"$discus" dump --stop-before-pixels "$first" > "$demo/first.txt"
head -n 25 "$demo/first.txt"

echo
echo "== the media service: discusd with one stdio: burner, two copies through the queue =="
discusd=build/release/src/discusd
svc=$demo/service
rm -rf "$svc" && mkdir -p "$svc"
sock=$PWD/$svc/discusd.sock
"$discusd" --state-dir "$PWD/$svc/state" --socket "$sock" --drive "stdio:$PWD/$svc/burner" --station demo \
  > "$svc/discusd.log" 2>&1 &
daemon=$!
trap 'kill $daemon 2>/dev/null || true' EXIT
for _ in $(seq 100); do [ -S "$sock" ] && break; sleep 0.1; done
job=$("$discus" --socket "$sock" submit --profile STD-GEN-CD --copies 2 --burn "stdio:$PWD/$svc/burner" "$data")
echo "submitted job $job"
"$discus" --socket "$sock" watch "$job"
"$discus" --socket "$sock" jobs
echo "== each burn, ejected from the stdio: burner as its own disc image =="
ls -l "$svc/burner.ejected"
kill -TERM $daemon && wait $daemon && echo "discusd stopped cleanly (SIGTERM)"
trap - EXIT
echo "== the audit trail: a Data Export message with its release record per verified copy =="
grep -c '110106' "$svc/state/audit/messages.log" || true
