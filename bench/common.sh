# Shared by the bench scripts (sourced, not run; it only defines functions): what every result
# must say about the machine, the options every script takes, the preconditions it checks.
print_machine() {
  local cpu mem
  cpu=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
  mem=$(awk '/^MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
  echo "# machine: $(nproc) CPUs, ${cpu:-unknown CPU}, $mem RAM, $(uname -sr)"
  echo "# load average at start: $(cut -d' ' -f1-3 /proc/loadavg) (busy machines give noisy numbers)"
}

# The binary under test is copied into the bench's work folder, so a rebuild during a long run
# cannot change what is measured. Sets $discus to the copy and $discus_built to the original's time.
bench_copy_discus() {  # WORK_DIR
  [[ -x $discus ]] || die "no discus binary at $discus"
  cp "$discus" "$1/discus"
  discus_built=$(date -r "$discus" '+%Y-%m-%d %H:%M')
  discus=$1/discus
}

print_discus() {
  echo "# discus: copy of a binary built $discus_built; tree at commit" \
    "$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$root" diff --quiet HEAD -- src 2>/dev/null || echo ' + uncommitted src changes')"
}

# The generated bench data set (bench/data/full, or small with --small), made once. Sets $data.
bench_dataset() {  # SMALL(0|1)
  local name=full gen=()
  if (($1)); then name=small; gen=(--small); fi
  data=$here/data/$name
  if [[ ! -f $data/MANIFEST.json ]]; then
    echo "# generating data set in $data"
    "$python" "$here/gen_dataset.py" --out "$data" "${gen[@]}"
  fi
}

# A STD-GEN-DVD-RAM file-set authored from $data into SET_DIR, once (again when the data set is
# newer). Sets $nfiles and $nbytes.
bench_fileset() {  # SET_DIR [author options...]
  local set_dir=$1; shift
  if [[ ! -f $set_dir.done || $data/MANIFEST.json -nt $set_dir.done ]]; then
    echo "# authoring the file-set $set_dir (once)"
    rm -rf "$set_dir" "$set_dir.done" "$set_dir.report.txt" "$set_dir.report.json"
    "$discus" author --profile STD-GEN-DVD-RAM "$@" --out "$set_dir" "$data" >/dev/null 2>&1 \
      || die "discus author could not make $set_dir (run it by hand to see why)"
    touch "$set_dir.done"
  fi
  nfiles=$(find "$set_dir" -type f | wc -l)
  nbytes=$(find "$set_dir" -type f -printf '%s\n' | awk '{s += $1} END {print s}')
}

# --- Options and preconditions every bench script shares --------------------------------------

# The script's header comment (from its second line to the first line that is not a comment).
usage() { awk 'NR == 1 {next} /^#/ {sub(/^# ?/, ""); print; next} {exit}' "$0"; }
die() { echo "$(basename "$0"): $*" >&2; exit 2; }

# Parses the command line against a table, so each script lists its options once:
#   bench_parse --runs=runs --small:small=1 -- "$@"
# "--NAME=VAR" takes a value into VAR; "--NAME:VAR=VALUE" is a flag that sets VAR to VALUE.
# -h/--help prints the script's header; anything else is refused with the header.
bench_parse() {
  local -A takes=() flags=()
  while [[ $1 != -- ]]; do
    case $1 in
      *=*:*|*:*=*) flags[${1%%:*}]=${1#*:} ;;
      *=*) takes[${1%%=*}]=${1#*=} ;;
      *) die "bench_parse: bad option spec $1" ;;
    esac
    shift
  done
  shift
  while (($#)); do
    if [[ -v takes[$1] ]]; then
      (($# >= 2)) || die "$1 needs a value"
      printf -v "${takes[$1]}" %s "$2"; shift 2
    elif [[ -v flags[$1] ]]; then
      printf -v "${flags[$1]%%=*}" %s "${flags[$1]#*=}"; shift
    elif [[ $1 == -h || $1 == --help ]]; then
      usage; exit 0
    else
      usage >&2; die "unknown argument: $1"
    fi
  done
}

# Medians need enough runs: refuses fewer than MIN (a whole number).
bench_require_runs() {  # MIN
  [[ $runs =~ ^[0-9]+$ && $runs -ge $1 ]] || die "--runs must be >= $1 (we report medians)"
}

# Refuses to start without the peer tools, naming the Debian packages that bring them.
bench_require_tools() {  # "PACKAGES" TOOL...
  local packages=$1 tool; shift
  for tool in "$@"; do
    command -v "$tool" >/dev/null || die "missing $tool (Debian packages: $packages)"
  done
}
