#include "net/services/access.h"

#include <arpa/inet.h>

#include <algorithm>
#include <array>
#include <cstring>

namespace discus::net::services {
namespace {

// An address as 16 bytes (IPv4 mapped into ::ffff:0:0/96), or nothing.
std::optional<std::array<std::uint8_t, 16>> parse_ip(const std::string& text, bool& v4) {
  std::array<std::uint8_t, 16> a{};
  in_addr a4{};
  if (inet_pton(AF_INET, text.c_str(), &a4) == 1) {
    a[10] = a[11] = 0xff;
    std::memcpy(&a[12], &a4, 4);
    v4 = true;
    return a;
  }
  if (inet_pton(AF_INET6, text.c_str(), a.data()) == 1) {
    v4 = false;
    return a;
  }
  return std::nullopt;
}

}  // namespace

bool address_matches(const std::string& rule, const std::string& ip) {
  const auto slash = rule.find('/');
  bool rule_v4 = false, ip_v4 = false;
  const auto r = parse_ip(rule.substr(0, slash), rule_v4);
  const auto p = parse_ip(ip, ip_v4);
  if (!r || !p) return false;
  int bits = 128;
  if (slash != std::string::npos) {
    try {
      bits = std::stoi(rule.substr(slash + 1));
    } catch (...) {
      return false;
    }
    if (rule_v4) bits += 96;
  }
  if (bits < 0 || bits > 128) return false;
  for (int i = 0; i < 16 && bits > 0; ++i, bits -= 8) {
    const std::uint8_t mask = bits >= 8 ? 0xFF : static_cast<std::uint8_t>(0xFF << (8 - bits));
    if (((*r)[static_cast<std::size_t>(i)] & mask) != ((*p)[static_cast<std::size_t>(i)] & mask)) return false;
  }
  return true;
}

std::optional<ul::AssociateRj> check_access(const AccessPolicy& policy, const ul::AssociateRq& rq, const std::string& peer_ip) {
  using namespace ul;
  if (rq.application_context != kDicomApplicationContext)
    return AssociateRj{RejectResult::kPermanent, RejectSource::kServiceUser, reject_reason::kApplicationContextNotSupported};
  if (!policy.addresses.empty() &&
      std::none_of(policy.addresses.begin(), policy.addresses.end(), [&](const std::string& r) { return address_matches(r, peer_ip); }))
    return AssociateRj{RejectResult::kPermanent, RejectSource::kServiceUser, reject_reason::kNoReasonGiven};
  if (!policy.any_called_ae && rq.called_ae_title != policy.our_ae_title)
    return AssociateRj{RejectResult::kPermanent, RejectSource::kServiceUser, reject_reason::kCalledAeNotRecognized};
  if (!policy.calling_ae_titles.empty() &&
      std::find(policy.calling_ae_titles.begin(), policy.calling_ae_titles.end(), rq.calling_ae_title) == policy.calling_ae_titles.end())
    return AssociateRj{RejectResult::kPermanent, RejectSource::kServiceUser, reject_reason::kCallingAeNotRecognized};
  return std::nullopt;
}

}  // namespace discus::net::services
