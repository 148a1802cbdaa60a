# Shared by the bench scripts (sourced, not run): what every result must say about the machine.
print_machine() {
  local cpu mem
  cpu=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
  mem=$(awk '/^MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
  echo "# machine: $(nproc) CPUs, ${cpu:-unknown CPU}, $mem RAM, $(uname -sr)"
  echo "# load average at start: $(cut -d' ' -f1-3 /proc/loadavg) (busy machines give noisy numbers)"
}
