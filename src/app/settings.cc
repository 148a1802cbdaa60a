// toml++ is included here only (its adapter): the rest of the code sees Settings.
#include "app/settings.h"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include <toml++/toml.h>

#include "base/uid.h"

namespace discus::app {
namespace {

base::Error error_at(std::string_view file, const toml::source_region& where, std::string message) {
  return base::Error{base::ErrorCode::kInvalidArgument,
                     fmt::format("{}:{}: {}", file, where.begin.line, std::move(message))}
      .in_file(std::string(file));
}

// One string key of a section: present or not, but a string if present.
base::Status read_string(std::string_view file, std::string_view section, std::string_view key, const toml::node& node,
                         std::string& out) {
  const auto* s = node.as_string();
  if (s == nullptr)
    return error_at(file, node.source(), fmt::format("'{}.{}' must be a string (in quotes)", section, key));
  out = s->get();
  return {};
}

struct Key {
  std::string_view name;
  std::string Settings::*field;
  int Settings::*number = nullptr;  // an integer key instead (field is then null)
};
struct Section {
  std::string_view name;
  std::vector<Key> keys;
};

const std::vector<Section>& sections() {
  static const std::vector<Section> kSections = {
      {"site", {{"institution", &Settings::institution}, {"uid_root", &Settings::uid_root}}},
      {"media", {{"default_profile", &Settings::default_profile}, {"default_medium", &Settings::default_medium}}},
      {"security", {{"keystore", &Settings::keystore}}},
      {"audit",
       {{"repository", &Settings::audit_repository}, {"ca_file", &Settings::audit_ca_file},
        {"cert_file", &Settings::audit_cert_file}, {"key_file", &Settings::audit_key_file},
        {"source_id", &Settings::audit_source_id}}},
      {"phi", {{"kept_staging_days", nullptr, &Settings::kept_staging_days}}},
      {"import",
       {{"clamav", &Settings::import_clamav}, {"clamav_database", &Settings::import_clamav_database}, {"scan", &Settings::import_scan}}},
  };
  return kSections;
}

base::Status read_section(std::string_view file, const Section& section, const toml::table& table, Settings& out) {
  for (const auto& [k, node] : table) {
    const Key* key = nullptr;
    for (const Key& candidate : section.keys)
      if (candidate.name == k.str()) key = &candidate;
    if (key == nullptr) {
      std::string known;
      for (const Key& candidate : section.keys) known += (known.empty() ? "" : ", ") + std::string(candidate.name);
      return error_at(file, k.source(), fmt::format("unknown key '{}.{}' (the [{}] keys are: {})", section.name, k.str(),
                                                    section.name, known));
    }
    if (key->number != nullptr) {
      const auto* n = node.as_integer();
      if (n == nullptr || n->get() < 0 || n->get() > 36500)
        return error_at(file, node.source(), fmt::format("'{}.{}' must be a whole number of days (0 to 36500)", section.name, k.str()));
      out.*(key->number) = static_cast<int>(n->get());
      continue;
    }
    if (auto st = read_string(file, section.name, k.str(), node, out.*(key->field)); !st) return st;
  }
  return {};
}

// [pacs.NAME] (issue 16): one DICOM node; unknown keys are errors, like everywhere else.
base::Status read_pacs_node(std::string_view file, std::string_view name, const toml::table& t, PacsNode& n) {
  n.name = std::string(name);
  const std::string section = fmt::format("pacs.{}", name);
  for (const auto& [k, node] : t) {
    const std::string key(k.str());
    std::string* text = key == "ae_title" ? &n.ae_title : key == "host" ? &n.host : key == "calling_ae_title" ? &n.calling_ae_title
                        : key == "tls_ca_file" ? &n.tls_ca_file : key == "tls_cert_file" ? &n.tls_cert_file
                        : key == "tls_key_file" ? &n.tls_key_file : nullptr;
    if (text != nullptr) {
      if (auto st = read_string(file, section, key, node, *text); !st) return st;
    } else if (key == "port") {
      const auto* p = node.as_integer();
      if (p == nullptr || p->get() < 1 || p->get() > 65535)
        return error_at(file, node.source(), fmt::format("'{}.port' must be a port number (1 to 65535)", section));
      n.port = static_cast<int>(p->get());
    } else if (key == "roles") {
      const auto* a = node.as_array();
      if (a == nullptr) return error_at(file, node.source(), fmt::format("'{}.roles' must be an array of strings", section));
      for (const auto& r : *a) {
        const auto* v = r.as_string();
        if (v == nullptr) return error_at(file, r.source(), fmt::format("'{}.roles' must be an array of strings", section));
        n.roles.push_back(v->get());
      }
    } else {
      return error_at(file, k.source(), fmt::format("unknown key '{}.{}' (the [pacs.NAME] keys are: ae_title, host, port, "
                                                    "calling_ae_title, tls_ca_file, tls_cert_file, tls_key_file, roles)", section, key));
    }
  }
  if (n.ae_title.empty() || n.host.empty() || n.port == 0)
    return error_at(file, t.source(), fmt::format("[{}] needs ae_title, host and port", section));
  return {};
}

// [pacs.NAME] / [robots.NAME]: each must be a table; robots' contents are not read yet, pacs' are
// read by read_pacs_node.
base::Status read_reserved(std::string_view file, std::string_view name, const toml::node& node,
                           std::vector<std::string>& names) {
  const auto* table = node.as_table();
  if (table == nullptr) return error_at(file, node.source(), fmt::format("'{}' must be a table of [{}.NAME] tables", name, name));
  for (const auto& [k, entry] : *table) {
    if (!entry.is_table())
      return error_at(file, k.source(), fmt::format("'{}.{}' must be a table ([{}.{}])", name, k.str(), name, k.str()));
    names.emplace_back(k.str());
  }
  return {};
}

// ---- [dicom], [store], [[autoburn]] (issues 15, 16.3): typed keys beyond plain strings.
base::Status read_strings(std::string_view file, std::string_view where, const toml::node& node, std::vector<std::string>& out) {
  const auto* a = node.as_array();
  if (a == nullptr) return error_at(file, node.source(), fmt::format("'{}' must be a list of strings ([\"A\", \"B\"])", where));
  for (const auto& e : *a) {
    if (!e.is_string()) return error_at(file, e.source(), fmt::format("'{}' must be a list of strings", where));
    out.push_back(e.as_string()->get());
  }
  return {};
}

base::Status read_int(std::string_view file, std::string_view where, const toml::node& node, int lo, int hi, int& out) {
  const auto* n = node.as_integer();
  if (n == nullptr || n->get() < lo || n->get() > hi)
    return error_at(file, node.source(), fmt::format("'{}' must be a whole number from {} to {}", where, lo, hi));
  out = static_cast<int>(n->get());
  return {};
}

base::Status unknown_in(std::string_view file, const toml::key& k, std::string_view section, std::string_view known) {
  return error_at(file, k.source(), fmt::format("unknown key '{}.{}' (the [{}] keys are: {})", section, k.str(), section, known));
}

base::Status read_dicom(std::string_view file, const toml::table& t, Settings& s) {
  for (const auto& [k, node] : t) {
    const std::string_view key = k.str();
    const std::string where = fmt::format("dicom.{}", key);
    base::Status st;
    if (key == "ae_title") st = read_string(file, "dicom", key, node, s.dicom_ae_title);
    else if (key == "port") st = read_int(file, where, node, 0, 65535, s.dicom_port);
    else if (key == "calling_ae_titles") st = read_strings(file, where, node, s.dicom_calling_ae_titles);
    else if (key == "addresses") st = read_strings(file, where, node, s.dicom_addresses);
    else if (key == "duplicates") {
      st = read_string(file, "dicom", key, node, s.dicom_duplicates);
      if (st && s.dicom_duplicates != "replace" && s.dicom_duplicates != "keep" && s.dicom_duplicates != "reject")
        return error_at(file, node.source(), "'dicom.duplicates' must be \"replace\", \"keep\" or \"reject\"");
    } else if (key == "tls_key") st = read_string(file, "dicom", key, node, s.dicom_tls_key);
    else if (key == "tls_cert") st = read_string(file, "dicom", key, node, s.dicom_tls_cert);
    else if (key == "tls_ca") st = read_string(file, "dicom", key, node, s.dicom_tls_ca);
    else if (key == "max_associations") st = read_int(file, where, node, 1, 4096, s.dicom_max_associations);
    else return unknown_in(file, k, "dicom", "ae_title, port, calling_ae_titles, addresses, duplicates, tls_key, tls_cert, tls_ca, max_associations");
    if (!st) return st;
  }
  return {};
}

base::Status read_store(std::string_view file, const toml::table& t, Settings& s) {
  for (const auto& [k, node] : t) {
    const std::string where = fmt::format("store.{}", k.str());
    base::Status st;
    if (k.str() == "quiet_seconds") st = read_int(file, where, node, 1, 86400, s.store_quiet_seconds);
    else if (k.str() == "retention_days") st = read_int(file, where, node, 0, 36500, s.store_retention_days);
    else return unknown_in(file, k, "store", "quiet_seconds, retention_days");
    if (!st) return st;
  }
  return {};
}

base::Status read_autoburn(std::string_view file, const toml::node& node, Settings& s) {
  const auto* rules = node.as_array();
  if (rules == nullptr) return error_at(file, node.source(), "'autoburn' must be a list of rules ([[autoburn]] tables)");
  for (const auto& r : *rules) {
    const auto* t = r.as_table();
    if (t == nullptr) return error_at(file, r.source(), "each [[autoburn]] entry must be a table");
    Settings::AutoBurnRule rule;
    for (const auto& [k, v] : *t) {
      const std::string_view key = k.str();
      base::Status st;
      if (key == "name") st = read_string(file, "autoburn", key, v, rule.name);
      else if (key == "calling_ae_title") st = read_string(file, "autoburn", key, v, rule.calling_ae_title);
      else if (key == "study_description_contains") st = read_string(file, "autoburn", key, v, rule.study_description_contains);
      else if (key == "modality") st = read_string(file, "autoburn", key, v, rule.modality);
      else if (key == "profile") st = read_string(file, "autoburn", key, v, rule.profile);
      else if (key == "copies") st = read_int(file, "autoburn.copies", v, 1, 100, rule.copies);
      else if (key == "target") {
        const auto* tt = v.as_table();
        if (tt == nullptr) return error_at(file, v.source(), "'autoburn.target' must be a table {kind = \"drive\", where = \"/dev/sr0\"}");
        for (const auto& [tk, tv] : *tt) {
          if (tk.str() == "kind") st = read_string(file, "autoburn.target", tk.str(), tv, rule.target_kind);
          else if (tk.str() == "where") st = read_string(file, "autoburn.target", tk.str(), tv, rule.target_where);
          else return unknown_in(file, tk, "autoburn.target", "kind, where");
          if (!st) return st;
        }
      } else {
        return unknown_in(file, k, "autoburn", "name, calling_ae_title, study_description_contains, modality, profile, copies, target");
      }
      if (!st) return st;
    }
    if (rule.name.empty()) return error_at(file, r.source(), "each [[autoburn]] rule needs a name");
    for (const auto& other : s.autoburn)
      if (other.name == rule.name) return error_at(file, r.source(), fmt::format("two [[autoburn]] rules are named '{}'", rule.name));
    s.autoburn.push_back(std::move(rule));
  }
  return {};
}

}  // namespace

base::Result<Settings> parse_settings(std::string_view text, std::string_view name) {
  toml::table root;
  try {
    root = toml::parse(text, name);
  } catch (const toml::parse_error& e) {
    return error_at(name, e.source(), std::string(e.description()));
  }
  Settings s;
  s.source = std::string(name);
  for (const auto& [k, node] : root) {
    if (k.str() == "pacs" || k.str() == "robots") {
      if (auto st = read_reserved(name, k.str(), node, k.str() == "pacs" ? s.pacs_nodes : s.robots); !st) return st.error();
      if (k.str() == "pacs")
        for (const auto& [n, table] : *node.as_table())
          if (auto st = read_pacs_node(name, n.str(), *table.as_table(), s.pacs.emplace_back()); !st) return st.error();
      continue;
    }
    if (k.str() == "dicom" || k.str() == "store" || k.str() == "autoburn") {  // issues 15, 16.3
      base::Status st;
      if (k.str() == "autoburn") st = read_autoburn(name, node, s);
      else if (node.as_table() == nullptr) return error_at(name, node.source(), fmt::format("'{}' must be a table ([{}])", k.str(), k.str()));
      else st = k.str() == "dicom" ? read_dicom(name, *node.as_table(), s) : read_store(name, *node.as_table(), s);
      if (!st) return st.error();
      continue;
    }
    const Section* section = nullptr;
    for (const Section& candidate : sections())
      if (candidate.name == k.str()) section = &candidate;
    if (section == nullptr)
      return error_at(name, k.source(), fmt::format("unknown key '{}' (known: [site], [media], [security], [audit], [phi], [import], [dicom], [store], [[autoburn]], [pacs.NAME], [robots.NAME])", k.str()));
    const auto* table = node.as_table();
    if (table == nullptr) return error_at(name, node.source(), fmt::format("'{}' must be a table ([{}])", k.str(), k.str()));
    if (auto st = read_section(name, *section, *table, s); !st) return st.error();
  }
  // A bad UID root is reported here, with its line, rather than by the first command that uses it.
  if (!s.uid_root.empty()) {
    if (auto uids = base::RandomUidSource::with_root(s.uid_root); !uids) {
      const auto* node = root.at_path("site.uid_root").node();
      return error_at(name, node->source(), fmt::format("'site.uid_root': {}", uids.error().message));
    }
  }
  return s;
}

std::string toml_parser_version() {
  return fmt::format("{}.{}.{} (built with)", TOML_LIB_MAJOR, TOML_LIB_MINOR, TOML_LIB_PATCH);
}

base::Result<Settings> load_settings(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return base::Error{base::ErrorCode::kIo, fmt::format("cannot read the configuration file '{}'", path)}.in_file(path);
  std::ostringstream text;
  text << in.rdbuf();
  return parse_settings(text.str(), path);
}

}  // namespace discus::app
