#!/usr/bin/env bash
# The tests labelled `slow` (minutes each: long kill loops, large images, whole-corpus oracles),
# which packaging/test.sh leaves out of CI. Runs them in the optimised build; extra arguments go
# to ctest (e.g. -R roundtrip).
#   bash packaging/test-slow.sh [CTEST-ARGS...]
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --preset release >/dev/null
cmake --build --preset release
ctest --preset release -j2 -L slow "$@"
