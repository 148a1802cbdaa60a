// discus::net::services — who may associate with our SCP: AE titles and addresses (PS3.8 7.1.1.3-4).
//
// The called AE title must be ours (unless any_called_ae); the calling AE title must be listed
// when a list is configured; the peer's IP address must match one of the configured addresses or
// IPv4/IPv6 prefixes ("10.0.0.0/8", "::1", "192.0.2.7"). A refusal is an A-ASSOCIATE-RJ with the
// reason PS3.8 Table 9-21 gives, decided here as a pure function.
//   if (auto rj = check_access(policy, rq, "10.1.2.3")) assoc.reject(*rj);
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "net/ul/pdu.h"

namespace discus::net::services {

struct AccessPolicy {
  std::string our_ae_title;
  bool any_called_ae = false;
  std::vector<std::string> calling_ae_titles;  // empty: any
  std::vector<std::string> addresses;          // empty: any; else IPs or CIDR prefixes
};

std::optional<ul::AssociateRj> check_access(const AccessPolicy& policy, const ul::AssociateRq& rq, const std::string& peer_ip);
// "10.0.0.0/8" contains "10.1.2.3"; IPv4-mapped IPv6 peers (::ffff:a.b.c.d) match IPv4 rules.
bool address_matches(const std::string& rule, const std::string& ip);

}  // namespace discus::net::services
