#include "daemon/audit/syslog.h"

#include <fmt/format.h>

#include <charconv>

#include "daemon/audit/message.h"

namespace discus::daemon::audit {
namespace {

// RFC 5424 6: header fields are PRINTUSASCII (33-126) of a bounded length, "-" when empty.
std::string header_field(std::string_view value, std::size_t max) {
  std::string out;
  for (char c : value) {
    if (out.size() == max) break;
    const auto u = static_cast<unsigned char>(c);
    out += (u >= 33 && u <= 126) ? c : '_';
  }
  return out.empty() ? "-" : out;
}

}  // namespace

std::string syslog_message(std::string_view xml, std::int64_t time_ms, const SyslogHeader& header) {
  // The TIMESTAMP (6.2.3) is RFC 3339 with fractional seconds: the same form as EventDateTime.
  return fmt::format("<{}>1 {} {} {} {} {} - \xEF\xBB\xBF{}", kSyslogPriority, event_date_time(time_ms),
                     header_field(header.hostname, 255), header_field(header.app_name, 48),
                     header_field(header.procid, 128), kAtnaMsgId, xml);
}

std::string octet_counted(std::string_view syslog_message) {
  return fmt::format("{} {}", syslog_message.size(), syslog_message);
}

base::Result<RepositoryAddress> parse_repository(std::string_view url) {
  RepositoryAddress a;
  auto bad = [&](std::string_view why) {
    return base::Error{base::ErrorCode::kInvalidArgument,
                       fmt::format("audit repository '{}': {} (expected udp://HOST[:PORT] or tls://HOST[:PORT])", url, why)};
  };
  std::string_view rest;
  if (url.starts_with("udp://")) {
    a.protocol = RepositoryAddress::Protocol::kUdp;
    a.port = 514;
    rest = url.substr(6);
  } else if (url.starts_with("tls://")) {
    a.protocol = RepositoryAddress::Protocol::kTls;
    a.port = 6514;
    rest = url.substr(6);
  } else {
    return bad("unknown scheme");
  }
  std::string_view port_text;
  if (rest.starts_with("[")) {  // IPv6 literal
    const auto close = rest.find(']');
    if (close == std::string_view::npos) return bad("unclosed '['");
    a.host = std::string(rest.substr(1, close - 1));
    rest = rest.substr(close + 1);
    if (rest.starts_with(":")) port_text = rest.substr(1);
    else if (!rest.empty()) return bad("text after the address");
  } else {
    const auto colon = rest.rfind(':');
    a.host = std::string(rest.substr(0, colon));
    if (colon != std::string_view::npos) port_text = rest.substr(colon + 1);
  }
  if (a.host.empty()) return bad("no host");
  if (a.host.find_first_of("/ ") != std::string::npos) return bad("a host name cannot hold '/' or a space");
  if (!port_text.empty()) {
    unsigned port = 0;
    const auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc() || end != port_text.data() + port_text.size() || port == 0 || port > 65535)
      return bad("the port must be a number from 1 to 65535");
    a.port = static_cast<std::uint16_t>(port);
  }
  return a;
}

}  // namespace discus::daemon::audit
