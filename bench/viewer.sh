#!/usr/bin/env bash
# The disc viewer's speed in headless Chromium: first image after opening, after the folder pick,
# and scrolling 512x512 CT (bench/viewer_bench.mjs). Needs the built tree (discus, discus_viewer).
#   bash bench/viewer.sh [N=1000] [RUNS=3]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
discus=${DISCUS:-$root/build/release/src/discus}
exec node "$root/bench/viewer_bench.mjs" "$discus" "$root" "${1:-1000}" "${2:-3}"
