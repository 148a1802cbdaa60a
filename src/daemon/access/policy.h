// discus::daemon::access — who may use discusd, and with which roles (issue 14 items 4 and 6).
//
// On the Unix socket the kernel names the peer (SO_PEERCRED): root, members of the configured
// group (default `discus`) and configured user names are let in; everyone else is refused with a
// reason, answered 403 and audited (PS3.15 A.5.3.11 Security Alert). On TCP a bearer token
// (accounts.h) names the client. Roles gate operations as the OpenAPI document's x-discus-roles
// says: operator submits and acts on jobs, administrator also configures, auditor reads.
// decide_socket() is pure (the account facts come in as values) so every rule has a unit test.
//   Decision d = decide_socket(peer, lookup_account(peer, policy), policy);
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/http/message.h"

namespace discus::daemon::access {

// A set of roles as bits.
enum Role : unsigned { kOperator = 1, kAdministrator = 2, kAuditor = 4 };
constexpr unsigned kAllRoles = kOperator | kAdministrator | kAuditor;

std::optional<unsigned> role_from_string(std::string_view s);
std::vector<std::string> role_names(unsigned roles);  // in the order operator, administrator, auditor
// "operator,auditor" -> bits; nullopt on an unknown name or an empty list.
std::optional<unsigned> parse_roles(std::string_view comma_list);

struct Identity {
  std::string user;                // account name, "uid=N" when the uid has no name, or a token's client
  std::optional<std::uint32_t> uid;  // socket peers
  unsigned roles = 0;
  std::string via;  // "peer-credentials", "token" or "session" (the Identity schema's values)
};

struct ConfiguredUser {
  std::string name;
  unsigned roles = kOperator;
};

struct SocketPolicy {
  std::string group = "discus";  // members get the operator role
  std::vector<ConfiguredUser> users;
};

// What the system's account database says about a peer (getpwuid_r, getgrnam_r).
struct PeerAccount {
  std::string user;                         // empty: the uid has no name
  std::optional<std::uint32_t> group_gid;   // the policy's group; nullopt: no such group here
};
PeerAccount lookup_account(const http::Peer& peer, const SocketPolicy& policy);

struct Decision {
  bool allowed = false;
  Identity identity;   // who it is (also when refused: user and uid, roles 0)
  std::string reason;  // why refused: one sentence naming uid, user, group
};

Decision decide_socket(const http::Peer& peer, const PeerAccount& account, const SocketPolicy& policy);

// True when `identity` holds one of `wanted` (an operation's x-discus-roles).
inline bool may(const Identity& identity, unsigned wanted) { return (identity.roles & wanted) != 0; }

}  // namespace discus::daemon::access
