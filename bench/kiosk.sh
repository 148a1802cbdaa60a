#!/bin/sh
# bench/kiosk.sh — discus-kiosk's speed (issue 20 "Speed") under Xvfb with Mesa's software OpenGL
# (llvmpipe), as on a station without a GPU driver:
#   1. cold start: from process start (the shell's clock just before exec) to the first frame of
#      the home screen (DISCUS_KIOSK_BENCH=first-frame prints its wall clock), median of RUNS;
#      target < 1.5 s
#   2. a 10,000-job list scrolled 100 screens (one eighth of a screen per frame, vsync off): the
#      frame-to-frame interval's and the render's 50th and 95th percentiles and how many delegates
#      exist at the end (created lazily); target p95 < 16 ms; then the same with Qt Quick's own
#      software renderer, which redraws only what changed and is the faster choice without a GPU;
#      cpu-per-frame-ms is the process's CPU time (GUI, render and llvmpipe threads) per frame, which
#      unlike the frame interval hardly moves with the machine's load
#   3. with DISCUS_KIOSK_BASELINE=/path/to/an/older/discus-kiosk: the scroll run for it and for this
#      build in alternating rounds (RUNS rounds), so that both see the same load
# Usage: bench/kiosk.sh [BUILD_DIR] [RUNS]     (default build/release, 7 runs)
set -eu
BUILD=${1:-build/release}
RUNS=${2:-7}
KIOSK="$BUILD/ui/discus-kiosk"
[ -x "$KIOSK" ] || { echo "bench/kiosk.sh: $KIOSK not built (cmake --build --preset release --target discus-kiosk)" >&2; exit 2; }
command -v Xvfb >/dev/null || { echo "bench/kiosk.sh: Xvfb missing (packaging/install-deps.sh)" >&2; exit 2; }

DISPLAY_NUM=:$(( ($$ % 400) + 100 ))
Xvfb "$DISPLAY_NUM" -screen 0 1024x600x24 -nolisten tcp >/dev/null 2>&1 &
XVFB=$!
trap 'kill $XVFB 2>/dev/null || true' EXIT INT TERM
sleep 1
export DISPLAY="$DISPLAY_NUM" QT_QPA_PLATFORM=xcb LIBGL_ALWAYS_SOFTWARE=1 GALLIUM_DRIVER=llvmpipe QT_IM_MODULE=
# no service: the kiosk starts, shows home with the "waiting for the media service" banner
SOCK=/nonexistent/discusd.sock

echo "load: $(uptime)"
echo "cold start to the first frame of home (ms), $RUNS runs:"
times=""
i=0
while [ $i -lt "$RUNS" ]; do
  start=$(date +%s%3N)
  out=$(DISCUS_KIOSK_BENCH=first-frame "$KIOSK" --socket "$SOCK" --size 1024x600 2>/dev/null | grep first-frame-epoch-ms)
  frame=${out##* }
  ms=$((frame - start))
  echo "  run $((i + 1)): $ms"
  times="$times $ms"
  i=$((i + 1))
done
echo "$times" | tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {printf "first-frame median %d ms (min %d, max %d)\n", a[int((NR+1)/2)], a[1], a[NR]}'

echo "10,000 jobs, 100 screens scrolled, Mesa llvmpipe OpenGL (swap interval 0):"
DISCUS_KIOSK_BENCH=scroll "$KIOSK" --socket "$SOCK" --size 1024x600 2>/dev/null | sed 's/^/  /'
echo "the same with Qt Quick's software renderer (QT_QUICK_BACKEND=software, no OpenGL):"
QT_QUICK_BACKEND=software DISCUS_KIOSK_BENCH=scroll "$KIOSK" --socket "$SOCK" --size 1024x600 2>/dev/null | sed 's/^/  /'

if [ -n "${DISCUS_KIOSK_BASELINE:-}" ]; then
  echo "baseline $DISCUS_KIOSK_BASELINE and this build, alternating, $RUNS rounds (llvmpipe OpenGL):"
  i=0
  while [ $i -lt "$RUNS" ]; do
    for bin in "$DISCUS_KIOSK_BASELINE" "$KIOSK"; do
      line=$(DISCUS_KIOSK_BENCH=scroll "$bin" --socket "$SOCK" --size 1024x600 2>/dev/null |
             grep -E 'interval-p|cpu-per-frame' | awk '{printf " %s %s", $1, $2}')
      [ "$bin" = "$KIOSK" ] && who=this || who=baseline
      echo "  round $((i + 1)) $who:$line"
    done
    i=$((i + 1))
  done
  echo "load: $(uptime)"
fi
