#!/usr/bin/env bash
# Builds the Debian package (issue 14 item 8) with debhelper: copies the source (tracked and new
# files, not build/) to OUT/discus-VERSION, adds packaging/debian as debian/, and runs
# `dpkg-buildpackage -b -us -uc` there. The build goes through ccache (packaging/debian/rules);
# with the shared cache warm from a developer build most objects are hits. Prints the .deb path.
#   bash packaging/build-deb.sh [OUT]        # default OUT: build/deb
#   DEB_BUILD_OPTIONS=debianflags bash packaging/build-deb.sh   # dpkg-buildflags' compiler flags
set -euo pipefail
src="$(cd "$(dirname "$0")/.." && pwd)"
out="$(mkdir -p "${1:-$src/build/deb}" && cd "${1:-$src/build/deb}" && pwd)"
version="$(sed -n '1s/^discus (\([^)]*\)).*/\1/p' "$src/packaging/debian/changelog")"
tree="$out/discus-$version"
rm -rf "$tree" "$out"/discus_*
mkdir -p "$tree"
(cd "$src" && git ls-files -z --cached --others --exclude-standard -- . ':!build' | xargs -0 cp -a --parents -t "$tree")
cp -a "$src/packaging/debian" "$tree/debian"
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.ccache}"
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$(dirname "$src")}"
(cd "$tree" && dpkg-buildpackage -b -us -uc >"$out/build.log" 2>&1) || { tail -40 "$out/build.log" >&2; exit 1; }
ls "$out"/discus_"$version"_*.deb
