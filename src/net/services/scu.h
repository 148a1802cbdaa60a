// discus::net::services — what every SCU of ours shares: the peer's address, opening an
// association (TCP, optional TLS, A-ASSOCIATE-RQ/AC/RJ) and Verification (PS3.4 A, C-ECHO).
//
//   DISCUS_TRY(Peer p, parse_peer("PACS@pacs.example:104"));
//   ScuOptions o;  o.peer = p;   DISCUS_TRY(std::uint16_t status, echo(o));
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "net/dimse/negotiation.h"
#include "net/ul/association.h"
#include "net/ul/tls.h"

namespace discus::net::services {

struct Peer {
  std::string ae_title, host;
  std::uint16_t port = 104;
};
// "AET@HOST:PORT" (HOST may be [IPv6]); the AE title is checked against PS3.5 6.2.
base::Result<Peer> parse_peer(const std::string& text);

struct ScuOptions {
  std::string calling_ae_title = "DISCUS";
  Peer peer;
  ul::Timeouts timeouts;
  std::uint32_t max_pdu_length = 256 * 1024;
  std::shared_ptr<ul::TlsContext> tls;
};

struct Established {
  std::unique_ptr<ul::Association> association;
  ul::AssociateRq rq;
  ul::AssociateAc ac;
  std::vector<dimse::AcceptedContext> contexts;
  std::optional<ul::AssociateRj> rejected;  // set (and association empty) when the peer said no
};

// `roles`: SCP/SCU Role Selection sub-items (54H), e.g. the Storage SCP role a C-GET SCU needs.
base::Result<Established> open_association(const ScuOptions& options, std::vector<ul::PresentationContextRq> contexts,
                                           std::vector<ul::RoleSelection> roles = {});
std::string describe_reject(const ul::AssociateRj& rj);

// One C-ECHO on a fresh association, released afterwards; the response status.
struct EchoResult {
  std::optional<std::uint16_t> status;      // unset when rejected
  std::optional<ul::AssociateRj> rejected;
};
base::Result<EchoResult> echo(const ScuOptions& options);

}  // namespace discus::net::services
