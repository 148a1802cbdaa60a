#!/usr/bin/env bash
# The README's main-job command: installs what is missing, builds Discus, generates a small
# realistic sample study and shows what Discus makes of it: a header dump, the PS3.18 JSON of
# one instance, and a transcode to Deflated Explicit VR Little Endian checked by dcmtk.
#   bash packaging/demo.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target discus
discus=build/release/src/discus
data=build/demo/sample
if [ ! -f "$data/MANIFEST.json" ]; then
  rm -rf "$data"
  /usr/bin/python3 bench/gen_dataset.py --small --out "$data"
fi
first=$(find "$data" -name '*.dcm' | sort | head -n 1)
echo "== discus dump --stop-before-pixels $first =="
"$discus" dump --stop-before-pixels "$first"
echo "== discus dump --json (first 30 lines) =="
"$discus" dump --json --stop-before-pixels "$first" > build/demo/first.json
head -n 30 build/demo/first.json
out=build/demo/deflated.dcm
echo "== discus transcode --ts 1.2.840.10008.1.2.1.99 $first $out =="
"$discus" transcode --ts 1.2.840.10008.1.2.1.99 "$first" "$out"
ls -l "$first" "$out"
echo "== dcmdump (dcmtk) reads what we wrote =="
dcmdump -M "$out" > build/demo/deflated.dump
head -n 12 build/demo/deflated.dump
echo "== headers of the whole sample set, one process =="
find "$data" -name '*.dcm' | sort > build/demo/files.txt
time "$discus" dump --stop-before-pixels --quiet --files-from build/demo/files.txt
echo "demo: $(wc -l < build/demo/files.txt) files read"
