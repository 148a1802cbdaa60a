#!/usr/bin/env bash
# The README's main-job command: installs what is missing, builds Discus, generates a small
# realistic study (CT, MR, CR, XA and US cines) and authors a patient CD file-set from it
# (STD-GEN-CD: DICOMDIR, README.TXT, SHA256.TXT), then lets tools we did not write judge it.
#   bash packaging/demo.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target discus
discus=build/release/src/discus
demo=build/demo
data=$demo/sample
if [ ! -f "$data/MANIFEST.json" ]; then
  rm -rf "$data"
  /usr/bin/python3 bench/gen_dataset.py --small --out "$data"
fi
rm -rf "$demo/disc" "$demo/disc.report.txt" "$demo/disc.report.json"

echo "== discus author --profile STD-GEN-CD --out $demo/disc $data =="
"$discus" author --profile STD-GEN-CD --out "$demo/disc" --institution "Discus Demo Hospital" --fileset-id DEMO "$data"
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
