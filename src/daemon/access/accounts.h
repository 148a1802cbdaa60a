// discus::daemon::access — local accounts and client tokens, kept in the state directory.
//
// STATE_DIR/access.json (mode 0600, replaced atomically: written, fsync'd, renamed) holds local
// users with their roles and hashed secrets (secret.h) and the bearer tokens issued to TCP
// clients and to logged-in users (sessions), hashed too: a stolen file gives no usable token.
// A bearer value is "dsc_<id>_<secret>": the id finds the record, the secret is checked against
// its hash; a value once checked is remembered (SHA-256 of it, in memory) so a client's every
// request costs no PBKDF2. Thread-safe.
//   DISCUS_TRY(auto store, AccountStore::open(state_dir + "/access.json", clock));
//   DISCUS_TRY(IssuedToken t, store->issue_token("ris-1", kOperator, 365));  // t.secret shown once
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "daemon/access/policy.h"

namespace discus::daemon::access {

struct TokenInfo {
  std::int64_t id = 0;
  std::string client;  // who it was issued to; "session:NAME" for a login
  unsigned roles = 0;
  std::int64_t created_ms = 0, expires_ms = 0, last_used_ms = 0;  // 0: never / not yet
};

struct IssuedToken {
  TokenInfo token;
  std::string secret;  // the whole bearer value; shown once
};

struct UserInfo {
  std::string name;
  std::string kind = "local";  // local (secret here) or system (a Unix user on the socket)
  unsigned roles = 0;
  bool enabled = true;
  std::int64_t created_ms = 0, last_seen_ms = 0;
};

class AccountStore {
 public:
  using Clock = std::function<std::int64_t()>;
  // Reads the file when it exists (an unreadable or damaged one is an error, never ignored).
  static base::Result<std::unique_ptr<AccountStore>> open(const std::string& path, Clock clock);
  virtual ~AccountStore() = default;

  // expires_in_days 0: no expiry.
  virtual base::Result<IssuedToken> issue_token(const std::string& client, unsigned roles, int expires_in_days) = 0;
  virtual std::vector<TokenInfo> tokens() const = 0;
  virtual base::Status revoke_token(std::int64_t id) = 0;
  // The identity a bearer value stands for, or nullopt (unknown, revoked, expired, wrong secret).
  virtual std::optional<Identity> authenticate(const std::string& bearer) = 0;

  virtual base::Result<UserInfo> create_user(const UserInfo& user, const std::string& secret) = 0;
  virtual std::vector<UserInfo> users() const = 0;
  // A local user's secret for a session token (12 hours); nullopt on a wrong name or secret.
  virtual base::Result<std::optional<IssuedToken>> login(const std::string& user, const std::string& secret) = 0;
};

}  // namespace discus::daemon::access
