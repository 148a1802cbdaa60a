#!/usr/bin/env bash
# The README's test command and the CI policy (issue 13 item 7): installs what is missing, builds,
# and runs
#   - the optimised build: every test except those labelled `slow` (unit, fuzz-replay, oracle,
#     integration, the layer check);
#   - an ASan+UBSan build: the `unit` and `fuzz-replay` tests only (the fuzz corpora replayed
#     under the sanitizers), again without `slow`.
# Slow tests (minutes each) run with packaging/test-slow.sh. Labels: tests/CMakeLists.txt.
#   bash packaging/test.sh            # both builds
#   bash packaging/test.sh release    # only the optimised one (or: asan)
set -euo pipefail
cd "$(dirname "$0")/.."
which="${1:-all}"
bash packaging/install-deps.sh

if [[ "$which" == all || "$which" == release ]]; then
  echo "== release build: every test but the slow ones =="
  cmake --preset release >/dev/null
  cmake --build --preset release
  ctest --preset release -j2 -LE slow
fi

if [[ "$which" == all || "$which" == asan ]]; then
  echo "== ASan + UBSan build: unit and fuzz-replay tests =="
  cmake --preset asan >/dev/null
  cmake --build --preset asan
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --preset asan -j2 -L 'unit|fuzz-replay' -LE slow
fi
