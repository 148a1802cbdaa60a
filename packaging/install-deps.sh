#!/usr/bin/env bash
# Installs what Discus needs to build, test and benchmark on Debian 12, from Debian's packages
# only. Idempotent: installs nothing when everything is present. Run as root.
#   bash packaging/install-deps.sh
set -euo pipefail

packages=(
  # build
  build-essential cmake ninja-build pkg-config python3
  libfmt-dev nlohmann-json3-dev zlib1g-dev libgtest-dev libssl-dev
  libcli11-dev libtomlplusplus-dev  # the command line (src/cli) and the configuration file (src/app/settings.cc)
  libsqlite3-dev sqlite3  # the job queue (src/jobs/sqlite); the sqlite3 shell for bench/queue.sh and inspection
  # pixel data codecs (issue 4), media output (issue 6)
  libjpeg62-turbo-dev libcharls-dev libopenjp2-7-dev libpng-dev libisofs-dev libburn-dev
  # fuzzing and sanitizer runtimes (clang's libFuzzer)
  clang libclang-rt-14-dev
  # oracles: tools no one here wrote that judge our output
  dcmtk dicom3tools libgdcm-tools python3-pydicom python3-numpy python3-jsonschema
  python3-yaml  # the API document (src/daemon/api/openapi.yaml) in tests/integration/openapi_test.py
  libopenjp2-tools openjph-tools openssl xorriso genisoimage dosfstools mtools
  time  # GNU time: peak memory of hostile-input runs
  # the media service (issue 14): discusd's HTTP API on a Unix socket (libmicrohttpd), the CLI
  # client (libcurl), sd_notify (libsystemd), drive hotplug (libudev), the shared queue (PostgreSQL
  # server for tests, libpq), audit schema check (jing), the Debian package and its checks
  libmicrohttpd-dev libcurl4-openssl-dev libsystemd-dev libudev-dev libpq-dev postgresql jing
  debhelper dpkg-dev fakeroot lintian systemd udev
  curl util-linux  # daemon_api_test: a raw request as nobody (curl --unix-socket under setpriv)
  ccache  # packaging/debian/rules compiles through it, so a package build reuses a developer build
  # networking oracles (issue 15): a real PACS on 127.0.0.1
  orthanc
  # UDF media (issue 21): udfinfo and 7-Zip judge our images
  udftools 7zip
  # the disc viewer (issue 19): bundler and codecs from npm, real browsers for its tests
  nodejs chromium firefox-esr  # npm: below (a NodeSource nodejs carries its own npm)
  # disc labels (issue 18 item 4, src/media/label): SVG -> PDF/PNG through librsvg + cairo, QR
  # codes (libqrencode); fonts with real glyphs for Latin/Greek/Arabic (DejaVu, Noto) and
  # Japanese/Chinese/Korean (Noto CJK); poppler-utils (pdftotext, pdffonts, pdftoppm) judges the PDFs
  librsvg2-dev libcairo2-dev libqrencode-dev fonts-dejavu-core fonts-noto-core fonts-noto-cjk poppler-utils
  libjpeg-turbo-progs  # robot_sim_test: djpeg decodes the JPEG label a robot prints, compared with the PDF's rendering
  # benchmarks
  hyperfine
  # the touchscreen kiosk (issue 20, ui/): Qt 6 widgets-free QML stack, its QML modules, the on-screen
  # keyboard, lupdate/lrelease for ui/i18n, qmltestrunner's QtTest module; Xvfb + Mesa's software GL
  # for bench/kiosk.sh; cage (the Wayland kiosk compositor the unit runs it under); fonts with
  # Arabic glyphs for the right-to-left screens
  qt6-base-dev qt6-declarative-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools libqt6svg6
  qml6-module-qtquick qml6-module-qtquick-controls qml6-module-qtquick-layouts qml6-module-qtquick-window
  qml6-module-qtquick-templates qml6-module-qtqml-workerscript qml6-module-qttest
  qt6-virtualkeyboard-plugin qml6-module-qtquick-virtualkeyboard
  qml6-module-qt-labs-folderlistmodel  # the virtual keyboard's layouts need it
  qt6-wayland  # the unit runs it with QT_QPA_PLATFORM=wayland under cage
  xvfb xauth libgl1-mesa-dri cage fonts-noto-core fonts-dejavu-core
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Debian's npm conflicts with a NodeSource nodejs, which ships npm itself: ask for it only when absent.
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing ${missing[*]}; run as root to install them" >&2
  exit 1
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"
