#!/usr/bin/env bash
# The README's test command: installs what is missing, builds, and runs every test twice —
# an optimised build (unit tests, oracles) and an ASan+UBSan build of the same suite (which
# also replays the fuzz corpus under the sanitizers).
#   bash packaging/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bash packaging/install-deps.sh

echo "== release build and tests =="
cmake --preset release >/dev/null
cmake --build --preset release
ctest --preset release -j2

echo "== ASan + UBSan build and tests =="
cmake --preset asan >/dev/null
cmake --build --preset asan
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --preset asan -j2
