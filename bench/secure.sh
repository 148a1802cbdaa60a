#!/usr/bin/env bash
# Secure media benchmark (issue 5): `discus encrypt` against `openssl cms -encrypt -stream` in the
# same run, over the same data, with the same throwaway RSA-2048 recipient.
#   1. one large file (default 2 GiB: 128 zero bytes + "DICM" + the bench data set concatenated):
#      throughput, openssl (AES-256-CBC only) vs discus (AES-256-CBC + the SHA-256 Digested-data
#      PS3.15 D.1 requires); hyperfine medians;
#   2. the same file: peak RSS (GNU time -v) of discus encrypt and discus decrypt;
#   3. every file of bench/data/full (1,398 instances): one `openssl cms` process per file
#      (xargs -P 2, both cores) vs one `discus encrypt DIR OUT` (2 threads).
#   bash bench/secure.sh [--size-mb N] [--runs N] [--discus PATH]
# discus runs with --no-sync: by default it fsyncs every output before renaming it into place,
# which openssl does not do, so the comparison would otherwise time the disk, not the tools.
# Data under bench/data/ (git-ignored); keys and outputs in a temp dir removed at exit.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
source "$here/common.sh"
size_mb=2048
runs=3
discus=${DISCUS:-$root/build/release/src/discus}
while [[ $# -gt 0 ]]; do
  case $1 in
    --size-mb) size_mb=${2:?}; shift 2 ;;
    --runs) runs=${2:?}; shift 2 ;;
    --discus) discus=${2:?}; shift 2 ;;
    *) sed -n '2,14s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"; exit 2 ;;
  esac
done
full=$root/bench/data/full
[[ -d $full ]] || /usr/bin/python3 "$root/bench/gen_dataset.py"
big=$root/bench/data/secure-${size_mb}m.dcm
if [[ ! -f $big ]]; then
  # the data set repeated until the size is reached (the loop ends when head closes the pipe)
  { head -c 128 /dev/zero; printf DICM; while find "$full" -type f -print0 | sort -z | xargs -0 cat; do :; done; } 2>/dev/null |
    head -c $((size_mb * 1048576)) > "$big" || true
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/discus-secure-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=bench -keyout "$tmp/key.pem" -out "$tmp/cert.pem" 2>/dev/null

print_machine
echo "# discus: $discus; openssl: $(openssl version)"
echo "# large file: $big ($(du -m "$big" | cut -f1) MB), $runs runs each"
hyperfine --runs "$runs" --export-json "$tmp/big.json" \
  -n "openssl cms -encrypt -stream" "openssl cms -encrypt -stream -binary -aes256 -outform DER -in '$big' -out '$tmp/o.sec' '$tmp/cert.pem'" \
  -n "discus encrypt" "'$discus' encrypt --no-sync --recipient '$tmp/cert.pem' '$big' '$tmp/d.sec'" >/dev/null
/usr/bin/python3 - "$tmp/big.json" "$big" <<'PY'
import json, os, sys
r = {x["command"]: x["median"] for x in json.load(open(sys.argv[1]))["results"]}
mb = os.path.getsize(sys.argv[2]) / 1048576
o, d = r["openssl cms -encrypt -stream"], r["discus encrypt"]
print(f"large file encrypt: openssl {o:.2f} s ({mb/o:.0f} MB/s), discus {d:.2f} s ({mb/d:.0f} MB/s): discus/openssl throughput = {o/d:.2f}x (target >= 0.8x)")
PY

rss() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident set size/ {printf "%.1f MB", $2/1024}'; }
echo "peak RSS: discus encrypt $(rss "$discus" encrypt --no-sync --recipient "$tmp/cert.pem" "$big" "$tmp/d2.sec") (target < 64 MB)," \
     "discus decrypt $(rss "$discus" decrypt --no-sync --quiet --key "$tmp/key.pem" "$tmp/d2.sec" "$tmp/d2.dcm")," \
     "openssl cms -encrypt -stream $(rss openssl cms -encrypt -stream -binary -aes256 -outform DER -in "$big" -out "$tmp/o2.sec" "$tmp/cert.pem")"
cmp -s "$big" "$tmp/d2.dcm" && echo "round trip of the large file: identical" || { echo "round trip of the large file: DIFFERENT"; exit 1; }
rm -f "$tmp"/*.sec "$tmp/d2.dcm"

n=$(find "$full" -type f | wc -l)
echo "# file-set: $full ($n files, $(du -sm "$full" | cut -f1) MB), $runs runs each"
cat > "$tmp/per_file.sh" <<SH
#!/usr/bin/env bash
cd '$full' && find . -type f -print0 | xargs -0 -P 2 -I{} sh -c 'mkdir -p "\$(dirname "$tmp/o/{}")" && openssl cms -encrypt -stream -binary -aes256 -outform DER -in "{}" -out "$tmp/o/{}" "$tmp/cert.pem"'
SH
chmod +x "$tmp/per_file.sh"
hyperfine --runs "$runs" --export-json "$tmp/set.json" --prepare "rm -rf '$tmp/o' '$tmp/s'" \
  -n "openssl per file" "$tmp/per_file.sh" \
  -n "discus encrypt DIR" "'$discus' encrypt --no-sync --recipient '$tmp/cert.pem' '$full' '$tmp/s'" >/dev/null
/usr/bin/python3 - "$tmp/set.json" <<'PY'
import json, sys
r = {x["command"]: x["median"] for x in json.load(open(sys.argv[1]))["results"]}
o, d = r["openssl per file"], r["discus encrypt DIR"]
print(f"file-set encrypt: openssl per file (2 parallel) {o:.2f} s, discus {d:.2f} s: {o/d:.1f}x faster (target >= 10x)")
PY
