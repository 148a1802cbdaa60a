// The small helpers every command shares (declared in command.h).
#include <fmt/format.h>

#include <cctype>
#include <fstream>
#include <optional>

#include "cli/command.h"
#include "media/secure/secure.h"

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
  // Digits, then an optional unit: K M G T (powers of 1024) or KB MB GB TB (powers of 1000).
  // Every step is checked, so "17592186044480M" is refused instead of wrapping round to 0.
  std::size_t i = 0;
  std::uint64_t n = 0;
  for (; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])); ++i) {
    const auto d = static_cast<std::uint64_t>(text[i] - '0');
    if (n > (kMaxSize - d) / 10) return std::nullopt;
    n = n * 10 + d;
  }
  if (i == 0) return std::nullopt;
  std::string unit = text.substr(i);
  for (char& c : unit) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  std::uint64_t v = n;
  if (!unit.empty()) {
    const std::string units = "KMGT";
    const auto p = units.find(unit[0]);
    if (p == std::string::npos || unit.size() > 2 || (unit.size() == 2 && unit[1] != 'B')) return std::nullopt;
    const std::uint64_t base = unit.size() == 2 ? 1000 : 1024;
    for (std::size_t k = 0; k <= p; ++k) {
      if (v > kMaxSize / base) return std::nullopt;
      v *= base;
    }
  }
  if (v == 0 || v > kMaxSize) return std::nullopt;  // no medium holds nothing, none holds more
  return v;
}

int fill_key_options(std::string_view command, const std::vector<std::string>& recipients, const std::string& password_file,
                     const std::string& sign_with, media::secure::SecureOptions& o) {
  o.recipient_certs = recipients;
  if (!password_file.empty()) {
    auto pw = media::secure::read_password_file(password_file);
    if (!pw) {
      fmt::print(stderr, "discus {}: {}\n", command, pw.error().describe());
      return kExitFailed;
    }
    o.password = *pw;
  }
  if (!sign_with.empty()) {
    const auto comma = sign_with.find(',');
    if (comma == std::string::npos) return usage_error(command, "--sign-with takes KEY.pem,CERT.pem");
    o.sign_key = sign_with.substr(0, comma);
    o.sign_cert = sign_with.substr(comma + 1);
  }
  return kExitOk;
}

}  // namespace discus::cli
