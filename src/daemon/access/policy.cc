#include "daemon/access/policy.h"

#include <fmt/format.h>
#include <grp.h>
#include <pwd.h>
#include <unistd.h>

#include <algorithm>
#include <array>

namespace discus::daemon::access {
namespace {

constexpr std::array<std::pair<std::string_view, unsigned>, 3> kRoles{
    {{"operator", kOperator}, {"administrator", kAdministrator}, {"auditor", kAuditor}}};

std::string user_name(std::uint32_t uid) {
  std::vector<char> buf(16384);
  passwd pw{}, *found = nullptr;
  if (::getpwuid_r(uid, &pw, buf.data(), buf.size(), &found) != 0 || found == nullptr) return {};
  return pw.pw_name;
}

std::optional<std::uint32_t> group_id(const std::string& name) {
  if (name.empty()) return std::nullopt;
  std::vector<char> buf(65536);
  group gr{}, *found = nullptr;
  if (::getgrnam_r(name.c_str(), &gr, buf.data(), buf.size(), &found) != 0 || found == nullptr) return std::nullopt;
  return gr.gr_gid;
}

}  // namespace

std::optional<unsigned> role_from_string(std::string_view s) {
  for (const auto& [name, bit] : kRoles)
    if (name == s) return bit;
  return std::nullopt;
}

std::vector<std::string> role_names(unsigned roles) {
  std::vector<std::string> out;
  for (const auto& [name, bit] : kRoles)
    if (roles & bit) out.emplace_back(name);
  return out;
}

std::optional<unsigned> parse_roles(std::string_view list) {
  unsigned roles = 0;
  while (!list.empty()) {
    const auto comma = list.find(',');
    const std::string_view one = list.substr(0, comma);
    const auto bit = role_from_string(one);
    if (!bit) return std::nullopt;
    roles |= *bit;
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  if (roles == 0) return std::nullopt;
  return roles;
}

PeerAccount lookup_account(const http::Peer& peer, const SocketPolicy& policy) {
  PeerAccount a;
  if (peer.credentials) a.user = user_name(peer.uid);
  a.group_gid = group_id(policy.group);
  return a;
}

Decision decide_socket(const http::Peer& peer, const PeerAccount& account, const SocketPolicy& policy) {
  Decision d;
  d.identity.via = "peer-credentials";
  if (!peer.credentials) {
    d.identity.user = "unknown";
    d.reason = "the peer's credentials could not be read (SO_PEERCRED)";
    return d;
  }
  d.identity.uid = peer.uid;
  d.identity.user = account.user.empty() ? fmt::format("uid={}", peer.uid) : account.user;
  if (peer.uid == 0) {  // root may do anything on this machine anyway
    d.allowed = true;
    d.identity.roles = kAllRoles;
    return d;
  }
  unsigned roles = 0;
  if (!account.user.empty())
    for (const ConfiguredUser& u : policy.users)
      if (u.name == account.user) roles |= u.roles;
  // The peer's groups as they were when it connected: primary, then supplementary.
  if (account.group_gid &&
      (peer.gid == *account.group_gid ||
       std::find(peer.groups.begin(), peer.groups.end(), *account.group_gid) != peer.groups.end()))
    roles |= kOperator;
  if (roles != 0) {
    d.allowed = true;
    d.identity.roles = roles;
    return d;
  }
  d.reason = fmt::format("uid {} ({}) is not root, not in group {}{} and not a configured user", peer.uid,
                         account.user.empty() ? "no name" : account.user, policy.group,
                         account.group_gid ? "" : " (no such group here)");
  return d;
}

}  // namespace discus::daemon::access
