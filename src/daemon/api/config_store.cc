#include "daemon/api/config_store.h"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "base/file.h"

namespace discus::daemon::api {
namespace {

using base::Error;
using base::ErrorCode;
using base::Status;
using nlohmann::json;

enum class Type { kString, kInteger, kStrings };

// One setting the API knows. A key "pacs.*.host" stands for every node's "pacs.NAME.host".
struct Row {
  std::string_view key;
  Type type;
  bool now;        // discusd uses a change at once; false: after a restart
  bool writable;   // false: shown, set in the configuration file only (paths to key material)
  json builtin;    // the built-in value; null: the engine's own default (e.g. the profile's medium)
  std::function<json(const app::Settings&)> file = {};       // the file's value (null: not there)
  std::function<std::string(const json&, const ConfigStoreOptions&)> check = {};  // "" or what is wrong
  std::function<void(app::Settings&, const json&)> into = {};  // where it goes in app::Settings
};

json text_or_null(const std::string& s) { return s.empty() ? json() : json(s); }

bool printable(const std::string& s) {
  return std::none_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

// PS3.5 6.2 LO: 64 characters, no backslash, no control characters.
std::string check_lo(const json& v, const ConfigStoreOptions&) {
  const auto s = v.get<std::string>();
  if (s.size() > 64 || !printable(s) || s.find('\\') != std::string::npos)
    return "at most 64 characters, no backslash or control characters (PS3.5 LO)";
  return {};
}

// PS3.5 6.2 AE: 1-16 characters of the default repertoire, no backslash, not only spaces.
std::string check_ae(const json& v, const ConfigStoreOptions&) {
  const auto s = v.get<std::string>();
  const bool graphic = std::all_of(s.begin(), s.end(), [](char c) { return c >= 0x20 && c < 0x7f && c != '\\'; });
  if (s.empty() || s.size() > 16 || !graphic || s.find_first_not_of(' ') == std::string::npos)
    return "an AE title: 1 to 16 characters, no backslash, not only spaces (PS3.5 AE)";
  return {};
}

std::function<std::string(const json&, const ConfigStoreOptions&)> one_of(std::vector<std::string> allowed) {
  return [allowed](const json& v, const ConfigStoreOptions&) -> std::string {
    if (std::find(allowed.begin(), allowed.end(), v.get<std::string>()) != allowed.end()) return {};
    return fmt::format("one of {}", fmt::join(allowed, ", "));
  };
}

std::function<std::string(const json&, const ConfigStoreOptions&)> between(std::int64_t lo, std::int64_t hi) {
  return [lo, hi](const json& v, const ConfigStoreOptions&) -> std::string {
    const auto n = v.get<std::int64_t>();
    return n >= lo && n <= hi ? std::string() : fmt::format("a whole number from {} to {}", lo, hi);
  };
}

std::string check_profile(const json& v, const ConfigStoreOptions& o) {
  const auto s = v.get<std::string>();
  if (o.known_profile && !o.known_profile(s)) return fmt::format("no profile {} (GET /v1/profiles lists them)", s);
  return {};
}

std::string check_profiles(const json& v, const ConfigStoreOptions& o) {
  std::set<std::string> seen;
  for (const json& p : v) {
    const auto s = p.get<std::string>();
    if (!seen.insert(s).second) return fmt::format("{} is listed twice", s);
    if (auto e = check_profile(p, o); !e.empty()) return e;
  }
  return {};
}

std::string check_roles(const json& v, const ConfigStoreOptions&) {
  static const std::vector<std::string> kRoles = {"query", "retrieve", "store-to", "import-destination", "worklist"};
  std::set<std::string> seen;
  for (const json& r : v) {
    const auto s = r.get<std::string>();
    if (std::find(kRoles.begin(), kRoles.end(), s) == kRoles.end())
      return fmt::format("roles are {}, not \"{}\"", fmt::join(kRoles, ", "), s);
    if (!seen.insert(s).second) return fmt::format("{} is listed twice", s);
  }
  return {};
}

std::string check_host(const json& v, const ConfigStoreOptions&) {
  static const std::regex kHost("^[A-Za-z0-9._:-]{1,253}$");
  return std::regex_match(v.get<std::string>(), kHost) ? std::string() : "a host name or an IP address";
}

std::string check_language(const json& v, const ConfigStoreOptions&) {
  static const std::regex kTag("^[a-z]{2,3}([_-][A-Za-z0-9]{2,8})?$");
  return std::regex_match(v.get<std::string>(), kTag) ? std::string() : "a language tag such as en, de, fr, ar or pt_BR";
}

std::string check_template(const json& v, const ConfigStoreOptions& o) {
  const auto s = v.get<std::string>();
  if (s.empty()) return {};
  if (s.front() != '/') return "an absolute path to a label template file, or \"\" for the built-in one";
  if (o.check_label_template)
    if (auto st = o.check_label_template(s); !st) return st.error().message;
  return {};
}

const app::PacsNode* file_node(const app::Settings& s, const std::string& name) {
  for (const app::PacsNode& n : s.pacs)
    if (n.name == name) return &n;
  return nullptr;
}

// The table. Kiosk keys live only here and in the written layer: the TOML file has no [kiosk].
const std::vector<Row>& rows() {
  static const std::vector<Row> kRows = {
      {"site.institution", Type::kString, false, true, "",
       [](const app::Settings& s) { return text_or_null(s.institution); }, check_lo,
       [](app::Settings& s, const json& v) { s.institution = v.get<std::string>(); }},
      {"media.default_profile", Type::kString, false, true, "STD-GEN-CD",
       [](const app::Settings& s) { return text_or_null(s.default_profile); }, check_profile,
       [](app::Settings& s, const json& v) { s.default_profile = v.get<std::string>(); }},
      {"media.default_medium", Type::kString, false, true, json(),
       [](const app::Settings& s) { return text_or_null(s.default_medium); },
       one_of({"cd", "cd80", "dvd", "dvd-dl", "bd", "bd-dl", "bd-re", "none"}),
       [](app::Settings& s, const json& v) { s.default_medium = v.get<std::string>(); }},
      {"phi.kept_staging_days", Type::kInteger, false, true, 30,
       [](const app::Settings& s) { return s.kept_staging_days == 30 ? json() : json(s.kept_staging_days); }, between(0, 36500),
       [](app::Settings& s, const json& v) { s.kept_staging_days = v.get<int>(); }},
      {"dicom.ae_title", Type::kString, false, true, "DISCUS",
       [](const app::Settings& s) { return text_or_null(s.dicom_ae_title); }, check_ae,
       [](app::Settings& s, const json& v) { s.dicom_ae_title = v.get<std::string>(); }},
      {"dicom.port", Type::kInteger, false, true, json(),
       [](const app::Settings& s) { return s.dicom_port < 0 ? json() : json(s.dicom_port); }, between(0, 65535),
       [](app::Settings& s, const json& v) { s.dicom_port = v.get<int>(); }},
      {"kiosk.profiles_allowed", Type::kStrings, true, true, json::array(), {}, check_profiles},
      {"kiosk.default_target", Type::kString, true, true, "drive", {}, one_of({"drive", "image-dir", "usb", "robot"})},
      {"kiosk.default_copies", Type::kInteger, true, true, 1, {}, between(1, 99)},
      {"kiosk.label_template", Type::kString, true, true, "", {}, check_template},
      {"kiosk.language", Type::kString, true, true, "en", {}, check_language},
      {"kiosk.idle_timeout_seconds", Type::kInteger, true, true, 120, {}, between(10, 3600)},
      // [pacs.NAME] (issue 16): /v1/nodes, echo and query use the nodes in force at once.
      {"pacs.*.ae_title", Type::kString, true, true, json(), {}, check_ae},
      {"pacs.*.host", Type::kString, true, true, json(), {}, check_host},
      {"pacs.*.port", Type::kInteger, true, true, json(), {}, between(1, 65535)},
      {"pacs.*.calling_ae_title", Type::kString, true, true, json(), {}, check_ae},
      {"pacs.*.roles", Type::kStrings, true, true, json(), {}, check_roles},
      {"pacs.*.tls_ca_file", Type::kString, true, false, json()},
      {"pacs.*.tls_cert_file", Type::kString, true, false, json()},
      {"pacs.*.tls_key_file", Type::kString, true, false, json()},
  };
  return kRows;
}

// "pacs.PACS1.host" -> the row "pacs.*.host" and node "PACS1"; other keys as they are.
struct Parsed {
  const Row* row = nullptr;
  std::string node;
};
Parsed parse_key(const std::string& key) {
  static const std::regex kNode("^pacs\\.([A-Za-z0-9_-]{1,64})\\.([a-z_]+)$");
  std::smatch m;
  std::string pattern = key;
  Parsed p;
  if (std::regex_match(key, m, kNode)) {
    p.node = m[1];
    pattern = "pacs.*." + std::string(m[2]);
  }
  for (const Row& r : rows())
    if (r.key == pattern) p.row = &r;
  return p;
}

json node_file_value(const app::Settings& s, const std::string& node, std::string_view field) {
  const app::PacsNode* n = file_node(s, node);
  if (n == nullptr) return json();
  if (field == "ae_title") return text_or_null(n->ae_title);
  if (field == "host") return text_or_null(n->host);
  if (field == "port") return n->port == 0 ? json() : json(n->port);
  if (field == "calling_ae_title") return text_or_null(n->calling_ae_title);
  if (field == "roles") return n->roles.empty() ? json() : json(n->roles);
  if (field == "tls_ca_file") return text_or_null(n->tls_ca_file);
  if (field == "tls_cert_file") return text_or_null(n->tls_cert_file);
  if (field == "tls_key_file") return text_or_null(n->tls_key_file);
  return json();
}

std::string_view field_of(const Row& r) { return r.key.substr(r.key.rfind('.') + 1); }

Error bad_key(const std::string& key, const std::string& what) {
  return Error{ErrorCode::kInvalidArgument, fmt::format("/values/{}: {}", key, what)};
}

std::string known_keys() {
  std::string out;
  for (const Row& r : rows())
    if (r.writable) out += (out.empty() ? "" : ", ") + std::string(r.key);
  return fmt::format("{} (* a node's name)", out);
}

// Type and value of one written setting.
Status check_value(const std::string& key, const json& v, const ConfigStoreOptions& o) {
  const Parsed p = parse_key(key);
  if (p.row == nullptr) return bad_key(key, fmt::format("unknown setting; the settings written here are {}", known_keys()));
  if (!p.row->writable)
    return bad_key(key, "set in the configuration file only (a path to TLS key material is not written through the API)");
  const bool typed = p.row->type == Type::kString    ? v.is_string()
                     : p.row->type == Type::kInteger ? v.is_number_integer()
                                                     : v.is_array() && std::all_of(v.begin(), v.end(), [](const json& e) { return e.is_string(); });
  if (!typed)
    return bad_key(key, fmt::format("must be {}, not {}", p.row->type == Type::kString ? "a string" : p.row->type == Type::kInteger ? "a whole number" : "a list of strings",
                                    v.type_name()));
  if (p.row->check)
    if (std::string e = p.row->check(v, o); !e.empty()) return bad_key(key, e);
  return {};
}

std::set<std::string> node_names(const app::Settings& s, const json& written) {
  std::set<std::string> out;
  for (const app::PacsNode& n : s.pacs) out.insert(n.name);
  for (const auto& [k, v] : written.items()) {
    const Parsed p = parse_key(k);
    if (!p.node.empty()) out.insert(p.node);
  }
  return out;
}

}  // namespace

ConfigStore::ConfigStore(ConfigStoreOptions options)
    : o_(std::move(options)), written_path_(o_.state_dir + "/settings.json") {}

base::Result<std::unique_ptr<ConfigStore>> ConfigStore::open(ConfigStoreOptions options) {
  std::unique_ptr<ConfigStore> s(new ConfigStore(std::move(options)));
  std::ifstream in(s->written_path_, std::ios::binary);
  if (in) {
    std::stringstream text;
    text << in.rdbuf();
    json doc = json::parse(text.str(), nullptr, false);
    if (doc.is_discarded() || !doc.is_object() || !doc.contains("values") || !doc["values"].is_object())
      return Error{ErrorCode::kBadStructure, "not a settings file written by discusd ({\"values\": {...}})"}.in_file(s->written_path_);
    if (auto st = s->check_all(doc["values"]); !st)
      return Error{ErrorCode::kInvalidArgument, st.error().message + " (remove it with PATCH /v1/config, or edit the file)"}.in_file(s->written_path_);
    s->written_ = std::move(doc["values"]);
  }
  std::lock_guard lock(s->mu_);
  for (const std::string& k : s->keys()) {
    const Parsed p = parse_key(k);
    std::string origin;
    if (p.row && !p.row->now) s->started_[k] = s->value_of(k, origin);
  }
  return s;
}

json ConfigStore::value_of(const std::string& key, std::string& origin) const {
  const Parsed p = parse_key(key);
  if (auto it = o_.command_line.find(key); it != o_.command_line.end()) {
    origin = "command-line";
    return *it;
  }
  if (auto it = written_.find(key); it != written_.end()) {
    origin = "written";
    return *it;
  }
  json f = p.row == nullptr ? json()
           : !p.node.empty() ? node_file_value(o_.file_settings, p.node, field_of(*p.row))
           : p.row->file     ? p.row->file(o_.file_settings)
                             : json();
  if (!f.is_null()) {
    origin = "file";
    return f;
  }
  origin = "default";
  return p.row == nullptr ? json() : p.row->builtin;
}

std::vector<std::string> ConfigStore::keys() const {
  std::vector<std::string> out;
  for (const Row& r : rows())
    if (!r.key.starts_with("pacs.")) out.emplace_back(r.key);
  for (const std::string& node : node_names(o_.file_settings, written_))
    for (const Row& r : rows())
      if (r.key.starts_with("pacs.*.")) {
        std::string k = fmt::format("pacs.{}.{}", node, field_of(r));
        std::string origin;
        if (r.writable || !value_of(k, origin).is_null()) out.push_back(std::move(k));
      }
  return out;
}

Status ConfigStore::check_all(const json& written) const {
  for (const auto& [k, v] : written.items()) DISCUS_CHECK(check_value(k, v, o_));
  // A node is whole in every layer taken together: the service cannot call half an address.
  for (const std::string& node : node_names(o_.file_settings, written)) {
    std::vector<std::string> missing;
    for (std::string_view f : {"ae_title", "host", "port"}) {
      const std::string k = fmt::format("pacs.{}.{}", node, f);
      if (!written.contains(k) && node_file_value(o_.file_settings, node, f).is_null()) missing.emplace_back(f);
    }
    if (!missing.empty())
      return bad_key(fmt::format("pacs.{}", node), fmt::format("a node needs ae_title, host and port (missing: {})", fmt::join(missing, ", ")));
  }
  return {};
}

json ConfigStore::get() const {
  std::lock_guard lock(mu_);
  json values = json::object();
  json pending = json::array();
  for (const std::string& k : keys()) {
    std::string origin;
    json v = value_of(k, origin);
    const Parsed p = parse_key(k);
    values[k] = {{"value", v}, {"origin", origin}, {"applies", p.row && p.row->now ? "now" : "restart"}};
    if (p.row && !p.row->now && started_.value(k, json()) != v) pending.push_back(k);
  }
  json out = {{"file", o_.file}, {"written", written_path_}, {"values", std::move(values)}, {"restart_pending", std::move(pending)}};
  return out;
}

base::Result<std::vector<std::string>> ConfigStore::patch(const json& values) {
  if (!values.is_object()) return Error{ErrorCode::kInvalidArgument, "/values: must be an object of settings {\"KEY\": VALUE or null}"};
  std::lock_guard lock(mu_);
  json next = written_;
  for (const auto& [k, v] : values.items()) {
    static const std::regex kNodeOnly("^pacs\\.([A-Za-z0-9_-]{1,64})$");
    if (std::regex_match(k, kNodeOnly)) {
      // RFC 7396 on the node as an object: null removes every written key of it, an object
      // merges its members.
      if (v.is_null()) {
        for (auto it = next.begin(); it != next.end();) it = it.key().starts_with(k + ".") ? next.erase(it) : std::next(it);
        continue;
      }
      if (!v.is_object()) return bad_key(k, "a node is an object {\"ae_title\": ..., \"host\": ..., \"port\": ...} or null");
      for (const auto& [f, fv] : v.items()) {
        const std::string full = k + "." + f;
        if (fv.is_null()) next.erase(full);
        else next[full] = fv;
        if (!parse_key(full).row) return bad_key(full, fmt::format("unknown setting; the settings written here are {}", known_keys()));
      }
      continue;
    }
    if (!parse_key(k).row) return bad_key(k, fmt::format("unknown setting; the settings written here are {}", known_keys()));
    if (v.is_null()) next.erase(k);
    else next[k] = v;
  }
  DISCUS_CHECK(check_all(next));
  std::vector<std::string> changed;
  for (const auto& [k, v] : next.items())
    if (!written_.contains(k) || written_[k] != v) changed.push_back(k);
  for (const auto& [k, v] : written_.items())
    if (!next.contains(k)) changed.push_back(k);
  if (changed.empty()) return changed;
  const std::string text = json{{"values", next}}.dump(2) + "\n";
  DISCUS_TRY(base::AtomicOutputFile out, base::AtomicOutputFile::create(written_path_));
  DISCUS_CHECK(out.write({reinterpret_cast<const std::uint8_t*>(text.data()), text.size()}));
  DISCUS_CHECK(out.commit(true));
  written_ = std::move(next);
  std::sort(changed.begin(), changed.end());
  return changed;
}

app::Settings ConfigStore::effective() const {
  std::lock_guard lock(mu_);
  app::Settings s = o_.file_settings;
  for (const Row& r : rows()) {
    if (!r.into) continue;
    std::string origin;
    const json v = value_of(std::string(r.key), origin);
    if (origin != "default" && !v.is_null()) r.into(s, v);
  }
  s.pacs.clear();
  s.pacs_nodes.clear();
  for (const std::string& node : node_names(o_.file_settings, written_)) {
    app::PacsNode n;
    n.name = node;
    auto text = [&](std::string_view f) {
      std::string origin;
      const json v = value_of(fmt::format("pacs.{}.{}", node, f), origin);
      return v.is_string() ? v.get<std::string>() : std::string();
    };
    n.ae_title = text("ae_title");
    n.host = text("host");
    n.calling_ae_title = text("calling_ae_title");
    n.tls_ca_file = text("tls_ca_file");
    n.tls_cert_file = text("tls_cert_file");
    n.tls_key_file = text("tls_key_file");
    std::string origin;
    if (const json p = value_of(fmt::format("pacs.{}.port", node), origin); p.is_number_integer()) n.port = p.get<int>();
    if (const json r = value_of(fmt::format("pacs.{}.roles", node), origin); r.is_array()) n.roles = r.get<std::vector<std::string>>();
    s.pacs_nodes.push_back(node);
    s.pacs.push_back(std::move(n));
  }
  return s;
}

std::vector<app::PacsNode> ConfigStore::nodes() const { return effective().pacs; }

KioskSettings ConfigStore::kiosk() const {
  std::lock_guard lock(mu_);
  auto v = [&](const char* k) {
    std::string origin;
    return value_of(k, origin);
  };
  KioskSettings k;
  auto text = [&](const char* key) {
    const json j = v(key);
    return j.is_string() ? j.get<std::string>() : std::string();
  };
  k.institution = text("site.institution");
  k.language = text("kiosk.language");
  k.default_profile = text("media.default_profile");
  k.default_medium = text("media.default_medium");
  k.default_target = text("kiosk.default_target");
  k.label_template = text("kiosk.label_template");
  k.profiles_allowed = v("kiosk.profiles_allowed").get<std::vector<std::string>>();
  k.default_copies = v("kiosk.default_copies").get<int>();
  k.idle_timeout_seconds = v("kiosk.idle_timeout_seconds").get<int>();
  return k;
}

}  // namespace discus::daemon::api
