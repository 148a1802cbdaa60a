#include "daemon/access/accounts.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>

#include "base/sha256.h"
#include "daemon/access/secret.h"

namespace discus::daemon::access {
namespace {

using base::Error;
using base::ErrorCode;
using nlohmann::json;

constexpr std::int64_t kSessionMs = 12ll * 3600 * 1000;

struct TokenRecord {
  TokenInfo info;
  HashedSecret secret;
};
struct UserRecord {
  UserInfo info;
  HashedSecret secret;
};

json to_json(const HashedSecret& h) {
  return {{"algorithm", "pbkdf2-hmac-sha256"}, {"iterations", h.iterations}, {"salt", h.salt}, {"hash", h.hash}};
}
HashedSecret secret_from(const json& j) {
  return {j.value("iterations", 0), j.value("salt", std::string()), j.value("hash", std::string())};
}

class FileAccountStore final : public AccountStore {
 public:
  FileAccountStore(std::string path, Clock clock) : path_(std::move(path)), clock_(std::move(clock)) {}

  base::Status load() {
    std::ifstream in(path_, std::ios::binary);
    if (!in) {
      if (errno == ENOENT) return {};
      return Error{ErrorCode::kIo, fmt::format("cannot read {}: {}", path_, std::strerror(errno))}.in_file(path_);
    }
    std::stringstream text;
    text << in.rdbuf();
    try {
      const json j = json::parse(text.str());
      for (const json& t : j.value("tokens", json::array())) {
        TokenRecord r;
        r.info.id = t.at("id").get<std::int64_t>();
        r.info.client = t.at("client").get<std::string>();
        r.info.roles = t.at("roles").get<unsigned>();
        r.info.created_ms = t.value("created_ms", std::int64_t{0});
        r.info.expires_ms = t.value("expires_ms", std::int64_t{0});
        r.secret = secret_from(t.at("secret"));
        next_token_ = std::max(next_token_, r.info.id + 1);
        tokens_[r.info.id] = std::move(r);
      }
      for (const json& u : j.value("users", json::array())) {
        UserRecord r;
        r.info.name = u.at("name").get<std::string>();
        r.info.kind = u.value("kind", std::string("local"));
        r.info.roles = u.at("roles").get<unsigned>();
        r.info.enabled = u.value("enabled", true);
        r.info.created_ms = u.value("created_ms", std::int64_t{0});
        if (u.contains("secret")) r.secret = secret_from(u["secret"]);
        users_[r.info.name] = std::move(r);
      }
      next_token_ = std::max(next_token_, j.value("next_token", std::int64_t{1}));
    } catch (const json::exception& e) {
      return Error{ErrorCode::kBadStructure, fmt::format("{} is damaged: {}", path_, e.what())}.in_file(path_);
    }
    return {};
  }

  base::Result<IssuedToken> issue_token(const std::string& client, unsigned roles, int expires_in_days) override {
    std::lock_guard lock(mutex_);
    return issue_locked(client, roles, expires_in_days > 0 ? std::int64_t{expires_in_days} * 86400000 : 0);
  }

  std::vector<TokenInfo> tokens() const override {
    std::lock_guard lock(mutex_);
    std::vector<TokenInfo> out;
    for (const auto& [id, r] : tokens_) out.push_back(r.info);
    return out;
  }

  base::Status revoke_token(std::int64_t id) override {
    std::lock_guard lock(mutex_);
    auto it = tokens_.find(id);
    if (it == tokens_.end()) return Error{ErrorCode::kNotFound, fmt::format("no token {}", id)};
    TokenRecord kept = it->second;
    tokens_.erase(it);
    if (auto st = save_locked(); !st) {
      tokens_[id] = std::move(kept);
      return st;
    }
    verified_.erase(id);
    return {};
  }

  std::optional<Identity> authenticate(const std::string& bearer) override {
    // "dsc_<id>_<secret>"
    if (!bearer.starts_with("dsc_")) return std::nullopt;
    const auto underscore = bearer.find('_', 4);
    if (underscore == std::string::npos) return std::nullopt;
    std::int64_t id = 0;
    try {
      std::size_t used = 0;
      id = std::stoll(bearer.substr(4, underscore - 4), &used);
      if (used != underscore - 4) return std::nullopt;
    } catch (...) {
      return std::nullopt;
    }
    std::lock_guard lock(mutex_);
    auto it = tokens_.find(id);
    if (it == tokens_.end()) return std::nullopt;
    TokenRecord& r = it->second;
    const std::int64_t now = clock_();
    if (r.info.expires_ms != 0 && now >= r.info.expires_ms) return std::nullopt;
    const std::string digest = base::sha256_hex(base::ByteView(reinterpret_cast<const std::uint8_t*>(bearer.data()), bearer.size()));
    auto seen = verified_.find(id);
    const bool cached = seen != verified_.end() && seen->second == digest;
    if (!cached) {
      if (!verify_secret(bearer, r.secret)) return std::nullopt;
      verified_[id] = digest;
    }
    r.info.last_used_ms = now;
    Identity who;
    const bool session = r.info.client.starts_with("session:");
    who.user = session ? r.info.client.substr(8) : r.info.client;
    who.roles = r.info.roles;
    who.via = session ? "session" : "token";
    return who;
  }

  base::Result<UserInfo> create_user(const UserInfo& user, const std::string& secret) override {
    std::lock_guard lock(mutex_);
    if (users_.count(user.name) != 0) return Error{ErrorCode::kConflict, fmt::format("user {} exists", user.name)};
    UserRecord r;
    r.info = user;
    r.info.created_ms = clock_();
    if (user.kind == "local") {
      if (secret.size() < 12) return Error{ErrorCode::kInvalidArgument, "a local user's secret needs 12 characters at least"};
      DISCUS_TRY(r.secret, hash_secret(secret, kUserIterations));
    }
    users_[user.name] = r;
    if (auto st = save_locked(); !st) {
      users_.erase(user.name);
      return st.error();
    }
    return r.info;
  }

  std::vector<UserInfo> users() const override {
    std::lock_guard lock(mutex_);
    std::vector<UserInfo> out;
    for (const auto& [name, r] : users_) out.push_back(r.info);
    return out;
  }

  base::Result<std::optional<IssuedToken>> login(const std::string& user, const std::string& secret) override {
    std::lock_guard lock(mutex_);
    auto it = users_.find(user);
    // A missing user costs a hash too, so the answer's time does not say which names exist.
    static const HashedSecret decoy = [] {
      auto h = hash_secret("decoy-secret-never-used", kUserIterations);
      return h ? *h : HashedSecret{};
    }();
    const bool known = it != users_.end() && it->second.info.enabled && it->second.info.kind == "local";
    const bool ok = verify_secret(secret, known ? it->second.secret : decoy) && known;
    if (!ok) return std::optional<IssuedToken>();
    DISCUS_TRY(IssuedToken t, issue_locked("session:" + user, it->second.info.roles, kSessionMs));
    return std::optional<IssuedToken>(std::move(t));
  }

 private:
  base::Result<IssuedToken> issue_locked(const std::string& client, unsigned roles, std::int64_t lifetime_ms) {
    if (roles == 0) return Error{ErrorCode::kInvalidArgument, "a token needs at least one role"};
    TokenRecord r;
    r.info.id = next_token_;
    r.info.client = client;
    r.info.roles = roles;
    r.info.created_ms = clock_();
    r.info.expires_ms = lifetime_ms > 0 ? r.info.created_ms + lifetime_ms : 0;
    DISCUS_TRY(std::string random, random_text(32));
    IssuedToken issued;
    issued.secret = fmt::format("dsc_{}_{}", r.info.id, random);
    DISCUS_TRY(r.secret, hash_secret(issued.secret, kTokenIterations));
    issued.token = r.info;
    tokens_[r.info.id] = r;
    ++next_token_;
    if (auto st = save_locked(); !st) {
      tokens_.erase(r.info.id);
      --next_token_;
      return st.error();
    }
    return issued;
  }

  // Written whole to a temporary (0600), fsync'd, renamed over the file: never half a file.
  base::Status save_locked() {
    json j = {{"format", "discus-access-1"}, {"next_token", next_token_}, {"tokens", json::array()}, {"users", json::array()}};
    for (const auto& [id, r] : tokens_)
      j["tokens"].push_back({{"id", id},
                             {"client", r.info.client},
                             {"roles", r.info.roles},
                             {"created_ms", r.info.created_ms},
                             {"expires_ms", r.info.expires_ms},
                             {"secret", to_json(r.secret)}});
    for (const auto& [name, r] : users_) {
      json u = {{"name", name}, {"kind", r.info.kind}, {"roles", r.info.roles}, {"enabled", r.info.enabled}, {"created_ms", r.info.created_ms}};
      if (r.secret.iterations > 0) u["secret"] = to_json(r.secret);
      j["users"].push_back(u);
    }
    const std::string text = j.dump(2) + "\n";
    const std::string temp = path_ + ".tmp";
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) return Error{ErrorCode::kIo, fmt::format("cannot write {}: {}", temp, std::strerror(errno))}.in_file(temp);
    std::size_t done = 0;
    while (done < text.size()) {
      const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
      if (n < 0) {
        if (errno == EINTR) continue;
        const int err = errno;
        ::close(fd);
        ::unlink(temp.c_str());
        return Error{ErrorCode::kIo, fmt::format("cannot write {}: {}", temp, std::strerror(err))}.in_file(temp);
      }
      done += static_cast<std::size_t>(n);
    }
    const bool synced = ::fsync(fd) == 0;
    const int err = errno;
    ::close(fd);
    if (!synced || ::rename(temp.c_str(), path_.c_str()) != 0) {
      ::unlink(temp.c_str());
      return Error{ErrorCode::kIo, fmt::format("cannot replace {}: {}", path_, std::strerror(synced ? errno : err))}.in_file(path_);
    }
    return {};
  }

  std::string path_;
  Clock clock_;
  mutable std::mutex mutex_;
  std::map<std::int64_t, TokenRecord> tokens_;
  std::map<std::string, UserRecord> users_;
  std::map<std::int64_t, std::string> verified_;  // id -> SHA-256 of the bearer value last checked
  std::int64_t next_token_ = 1;
};

}  // namespace

base::Result<std::unique_ptr<AccountStore>> AccountStore::open(const std::string& path, Clock clock) {
  auto store = std::make_unique<FileAccountStore>(path, std::move(clock));
  DISCUS_CHECK(store->load());
  return std::unique_ptr<AccountStore>(std::move(store));
}

}  // namespace discus::daemon::access
