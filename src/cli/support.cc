// The small helpers every command shares (declared in command.h).
#include <fmt/format.h>

#include <cctype>
#include <fstream>
#include <optional>

#include "cli/command.h"

namespace discus::cli {

int usage_error(std::string_view command, std::string_view what) {
  if (command.empty()) fmt::print(stderr, "discus: {}; see 'discus --help'\n", what);
  else fmt::print(stderr, "discus {}: {}; see 'discus {} --help'\n", command, what, command);
  return kExitUsage;
}

bool read_file_list(const std::string& list, std::vector<std::string>& out) {
  std::ifstream in(list);
  if (!in) return false;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) out.push_back(line);
  }
  return true;
}

std::optional<std::uint64_t> parse_size(const std::string& text) {
  std::size_t used = 0;
  unsigned long long n = 0;
  if (text.empty() || !std::isdigit(static_cast<unsigned char>(text[0]))) return std::nullopt;
  try {
    n = std::stoull(text, &used);
  } catch (...) {
    return std::nullopt;
  }
  std::string unit = text.substr(used);
  for (char& c : unit) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const std::string units = "KMGT";
  if (unit.empty()) return n;
  const auto p = units.find(unit[0]);
  if (p == std::string::npos || unit.size() > 2 || (unit.size() == 2 && unit[1] != 'B')) return std::nullopt;
  const std::uint64_t base = unit.size() == 2 ? 1000 : 1024;
  std::uint64_t v = n;
  for (std::size_t k = 0; k <= p; ++k) v *= base;
  return v;
}

}  // namespace discus::cli
