// discus::net::dimse — presentation context negotiation (PS3.8 9.3.2.2/9.3.3.2, PS3.7 D.3.3).
//
// The acceptor side picks, per proposed context, the first transfer syntax the peer proposed that
// Discus can read and write (every syntax of the PS3.5 table we carry: native, deflated, big
// endian, and the encapsulated ones, stored as received); the requestor side builds contexts per
// SOP class and finds the accepted one for a file's syntax.
//
//   AssociateAc ac = negotiate(rq, policy, 262144);
//   auto pcs = accepted_contexts(rq, ac);  const AcceptedContext* pc = find_context(pcs, cls, ts);
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "net/ul/pdu.h"

namespace discus::net::dimse {

inline constexpr std::string_view kVerificationSopClass = "1.2.840.10008.1.1";

struct AcceptPolicy {
  bool verification = true;
  bool storage = true;
  bool any_sop_class = false;  // also private/unknown SOP classes (as storage)
  std::string implementation_class_uid;
  std::string implementation_version_name;
};

// A Storage SOP Class of the PS3.6 registry (a SOP class named "... Storage", not Storage
// Commitment or Storage Management).
bool is_storage_sop_class(std::string_view uid);
// A transfer syntax the Part 10 reader and writer handle (PS3.5 Annex A, as dict knows them).
bool supported_transfer_syntax(std::string_view uid);

ul::AssociateAc negotiate(const ul::AssociateRq& rq, const AcceptPolicy& policy, std::uint32_t our_max_pdu);

struct AcceptedContext {
  std::uint8_t id = 0;
  std::string abstract_syntax;
  std::string transfer_syntax;
};
std::vector<AcceptedContext> accepted_contexts(const ul::AssociateRq& rq, const ul::AssociateAc& ac);
// The accepted context for `sop_class` in `transfer_syntax` (empty: any syntax), or nullptr.
const AcceptedContext* find_context(const std::vector<AcceptedContext>& pcs, std::string_view sop_class,
                                    std::string_view transfer_syntax = {});

}  // namespace discus::net::dimse
