// discus::daemon::audit — audit messages as syslog: RFC 5424 messages, RFC 5425 framing.
//
// Pure functions (no sockets): the transports (transport.h) send what these return.
// IHE ITI TF-2 3.20 (ATNA, Record Audit Event) fixes the header: facility 10 (security/
// authorization) and severity 5 (notice), so PRI is <85>; MSGID "IHE+RFC-3881"; no structured
// data; the MSG is the XML audit message as UTF-8, starting with the BOM (RFC 5424 6.4).
//   std::string m = syslog_message(xml, now_ms, {.hostname = "burn1", .app_name = "discusd", .procid = "812"});
//   tls.send(octet_counted(m));   // RFC 5425 4.3: "MSG-LEN SP SYSLOG-MSG"; UDP sends m as is (RFC 5426)
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"

namespace discus::daemon::audit {

struct SyslogHeader {
  std::string hostname;  // RFC 5424 6.2.4: FQDN, host name or IP; "-" when empty
  std::string app_name;  // 6.2.5, at most 48 printable characters
  std::string procid;    // 6.2.6, at most 128
};

inline constexpr int kSyslogPriority = 10 * 8 + 5;  // authpriv.notice (IHE ATNA)
inline constexpr std::string_view kAtnaMsgId = "IHE+RFC-3881";

std::string syslog_message(std::string_view xml, std::int64_t time_ms, const SyslogHeader& header);
std::string octet_counted(std::string_view syslog_message);

// Where an audit repository is: "udp://HOST[:PORT]" (RFC 5426, port 514) or "tls://HOST[:PORT]"
// (RFC 5425, port 6514); HOST may be a name, an IPv4 address or an IPv6 address in brackets.
struct RepositoryAddress {
  enum class Protocol { kUdp, kTls } protocol = Protocol::kUdp;
  std::string host;
  std::uint16_t port = 0;
};
base::Result<RepositoryAddress> parse_repository(std::string_view url);

}  // namespace discus::daemon::audit
