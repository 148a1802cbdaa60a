// discus::media::profile — loading profiles/ into a ProfileRegistry, strictly (see profile_registry.h).
//
// Order: the shared tables first (common/media.json through MediumTable, icons.json, transfer-syntaxes.json,
// common/SOP-*.json, keys/*.json), then every profiles/*.json with "extends" resolved by a shallow
// merge, then the retired ids of common/retired.json. Each step checks against PS3.6 through the
// generated dictionary; the first violation becomes an Error naming the file and the JSON path.
#include "media/profile/profile_registry.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "dicom/dict/dictionary.h"
#include "dicom/dict/transfer_syntax.h"
#include "dicom/dict/uid_registry.h"
#include "media/profile/strict_json.h"

#ifndef DISCUS_PROFILE_DIR
#define DISCUS_PROFILE_DIR "/usr/share/discus/profiles"
#endif

namespace discus::media::profile {
namespace {

namespace fs = std::filesystem;
using detail::fail;
using detail::StrictObject;
using nlohmann::json;

constexpr std::string_view kProfileKeys[] = {"id", "extends", "title", "reference", "medium", "roles",
                                             "security", "security_reference", "retired", "sop_classes",
                                             "directory_keys", "icons", "pixel_limits", "notes"};

// PS3.3 Table F.4-1 and F.5: the Directory Record Types a current DICOMDIR may hold.
constexpr std::string_view kRecordTypes[] = {
    "PATIENT", "STUDY", "SERIES", "IMAGE", "RT DOSE", "RT STRUCTURE SET", "RT PLAN", "RT TREAT RECORD",
    "PRESENTATION", "WAVEFORM", "SR DOCUMENT", "KEY OBJECT DOC", "SPECTROSCOPY", "RAW DATA",
    "REGISTRATION", "FIDUCIAL", "HANGING PROTOCOL", "ENCAP DOC", "VALUE MAP", "STEREOMETRIC", "PALETTE",
    "IMPLANT", "IMPLANT ASSY", "IMPLANT GROUP", "PLAN", "MEASUREMENT", "SURFACE", "SURFACE SCAN", "TRACT",
    "ASSESSMENT", "RADIOTHERAPY", "PRIVATE"};

struct SopTable {
  std::string reference;
  std::vector<SopClassRule> rules;
};
struct KeyTable {
  std::string reference;
  std::vector<DirectoryKey> keys;
};
struct TsList {
  std::string reference;
  std::vector<std::string> uids;
};

struct Tables {
  std::map<std::string, IconRule, std::less<>> icons;
  std::map<std::string, TsList, std::less<>> ts_lists;
  std::map<std::string, SopTable, std::less<>> sop_tables;
  std::map<std::string, KeyTable, std::less<>> key_tables;
};

// ---- PS3.6 checks ------------------------------------------------------------------------------

void check_transfer_syntax(const std::string& uid, const std::string& path) {
  if (dicom::dict::find_transfer_syntax(uid) == nullptr)
    fail(path, "\"" + uid + "\" is not a transfer syntax UID of PS3.6");
}

std::vector<std::string> transfer_syntax_array(const json& j, const std::string& path) {
  std::vector<std::string> uids = detail::string_array(j, path);
  for (std::size_t i = 0; i < uids.size(); ++i) check_transfer_syntax(uids[i], path + "[" + std::to_string(i) + "]");
  return uids;
}

dicom::Tag keyword_tag(const std::string& keyword, const std::string& path) {
  const dicom::dict::DictEntry* e = dicom::dict::find_keyword(keyword);
  if (e == nullptr || e->mask != 0xFFFFFFFFu) fail(path, "\"" + keyword + "\" is not a PS3.6 keyword");
  if (e->retired) fail(path, "\"" + keyword + "\" is retired in PS3.6; profiles name current attributes only");
  return e->as_tag();
}

void check_record_type(const std::string& type, const std::string& path) {
  if (std::find(std::begin(kRecordTypes), std::end(kRecordTypes), type) == std::end(kRecordTypes))
    fail(path, "\"" + type + "\" is not a Directory Record Type of PS3.3 Table F.4-1");
}

template <typename Map>
const auto& lookup(const Map& map, const std::string& name, const std::string& path, const char* what) {
  auto it = map.find(name);
  if (it == map.end()) fail(path, "no " + std::string(what) + " named \"" + name + "\"");
  return it->second;
}

// ---- files --------------------------------------------------------------------------------------

using detail::guarded;
using detail::read_json_file;

std::vector<fs::path> json_files(const fs::path& dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    if (it->is_regular_file() && it->path().extension() == ".json") out.push_back(it->path());
  std::sort(out.begin(), out.end());
  return out;
}

// ---- shared tables ------------------------------------------------------------------------------

IconRule parse_icon_rule(const StrictObject& o) {
  o.only({"level", "record_types", "max_size", "bits", "photometric", "reference"});
  IconRule r;
  const std::string level = o.string("level");
  detail::require_one_of(o.path_of("level"), level, {"none", "optional", "required"});
  r.level = level == "none" ? IconRule::Level::kNone
            : level == "required" ? IconRule::Level::kRequired : IconRule::Level::kOptional;
  r.record_types = o.strings("record_types");
  for (std::size_t i = 0; i < r.record_types.size(); ++i)
    check_record_type(r.record_types[i], o.path_of("record_types") + "[" + std::to_string(i) + "]");
  r.max_size = static_cast<unsigned>(o.unsigned_integer("max_size"));
  if (r.max_size != 64 && r.max_size != 128) fail(o.path_of("max_size"), "must be 64 or 128");
  r.bits = static_cast<unsigned>(o.unsigned_integer("bits"));
  if (r.bits != 1 && r.bits != 8) fail(o.path_of("bits"), "must be 1 or 8 (PS3.3 F.7)");
  r.photometric = o.strings("photometric");
  for (std::size_t i = 0; i < r.photometric.size(); ++i)
    detail::require_one_of(o.path_of("photometric") + "[" + std::to_string(i) + "]", r.photometric[i],
                           {"MONOCHROME1", "MONOCHROME2", "PALETTE COLOR"});
  r.reference = o.string("reference");
  return r;
}

void parse_icons(const json& j, Tables& t) {
  StrictObject top(j, "$");
  for (const auto& [name, value] : j.items()) t.icons[name] = parse_icon_rule(StrictObject(value, top.path_of(name)));
}

void parse_ts_lists(const json& j, Tables& t) {
  StrictObject top(j, "$");
  for (const auto& [name, value] : j.items()) {
    StrictObject o(value, top.path_of(name));
    o.only({"reference", "transfer_syntaxes"});
    if (name == "any") fail(o.path(), "\"any\" is reserved");
    t.ts_lists[name] = TsList{o.string("reference"), transfer_syntax_array(o.at("transfer_syntaxes"), o.path_of("transfer_syntaxes"))};
  }
}

SopTable parse_sop_table(const json& j) {
  StrictObject o(j, "$");
  o.only({"reference", "sop_classes"});
  SopTable table{o.string("reference"), {}};
  const json& list = o.array("sop_classes");
  if (list.empty()) fail(o.path_of("sop_classes"), "must not be empty");
  for (std::size_t i = 0; i < list.size(); ++i) {
    StrictObject s(list[i], o.path_of("sop_classes") + "[" + std::to_string(i) + "]");
    s.only({"uid", "name", "transfer_syntaxes", "fsc", "fsr", "note"});
    SopClassRule r;
    r.sop_class_uid = s.string("uid");
    const dicom::dict::UidEntry* e = dicom::dict::find_uid(r.sop_class_uid);
    if (e == nullptr || e->type != "SOP Class")
      fail(s.path_of("uid"), "\"" + r.sop_class_uid + "\" is not a SOP Class UID of PS3.6");
    const std::string name = s.string("name");
    if (name != e->name)
      fail(s.path_of("name"), "\"" + name + "\" is not the PS3.6 name of " + r.sop_class_uid + " (\"" + std::string(e->name) + "\")");
    if (table.rules.end() != std::find_if(table.rules.begin(), table.rules.end(),
                                          [&](const SopClassRule& x) { return x.sop_class_uid == r.sop_class_uid; }))
      fail(s.path_of("uid"), "SOP Class " + r.sop_class_uid + " listed twice");
    r.transfer_syntaxes = transfer_syntax_array(s.at("transfer_syntaxes"), s.path_of("transfer_syntaxes"));
    if (r.transfer_syntaxes.empty()) fail(s.path_of("transfer_syntaxes"), "must not be empty");
    r.fsc = s.string("fsc");
    detail::require_one_of(s.path_of("fsc"), r.fsc, {"M", "O"});
    r.fsr = s.string("fsr");
    detail::require_one_of(s.path_of("fsr"), r.fsr, {"M", "O"});
    r.note = s.string_or("note", "");
    table.rules.push_back(std::move(r));
  }
  return table;
}

KeyTable parse_key_table(const json& j) {
  StrictObject o(j, "$");
  o.only({"reference", "keys"});
  KeyTable table{o.string("reference"), {}};
  const json& list = o.array("keys");
  for (std::size_t i = 0; i < list.size(); ++i) {
    StrictObject k(list[i], o.path_of("keys") + "[" + std::to_string(i) + "]");
    k.only({"record_types", "keyword", "type", "condition", "in_sequence"});
    DirectoryKey key;
    key.keyword = k.string("keyword");
    key.tag = keyword_tag(key.keyword, k.path_of("keyword"));
    key.type = k.string("type");
    detail::require_one_of(k.path_of("type"), key.type, {"1", "1C", "2", "2C", "3"});
    key.condition = k.string_or("condition", "");
    if (key.type.back() == 'C' && key.condition.empty())
      fail(k.path(), "a Type " + key.type + " key needs a \"condition\"");
    if (k.has("in_sequence")) {
      const std::string seq = k.string("in_sequence");
      key.in_sequence = keyword_tag(seq, k.path_of("in_sequence"));
      if (dicom::dict::find(*key.in_sequence)->vr != dicom::VR::SQ)
        fail(k.path_of("in_sequence"), "\"" + seq + "\" is not a sequence (SQ)");
    }
    const std::vector<std::string> types = k.strings("record_types");
    if (types.empty()) fail(k.path_of("record_types"), "must not be empty");
    for (std::size_t r = 0; r < types.size(); ++r) {
      check_record_type(types[r], k.path_of("record_types") + "[" + std::to_string(r) + "]");
      key.record_type = types[r];
      table.keys.push_back(key);
    }
  }
  return table;
}

// ---- profiles -----------------------------------------------------------------------------------

void parse_sop_classes(const StrictObject& o, const Tables& t, ApplicationProfile& p, bool retired_stub) {
  if (o.has("table")) {
    o.only({"table"});
    const SopTable& table = lookup(t.sop_tables, o.string("table"), o.path_of("table"), "SOP Class table (common/<name>.json)");
    p.sop_classes = table.rules;
    p.sop_class_reference = table.reference;
    return;
  }
  if (retired_stub) {
    o.only({"any_media_storage"});
  } else {
    o.only({"any_media_storage", "reference", "transfer_syntaxes", "multi_frame_transfer_syntaxes"});
  }
  if (!o.boolean("any_media_storage")) fail(o.path_of("any_media_storage"), "must be true (or use \"table\")");
  p.any_storage_sop_class = true;
  if (retired_stub) return;
  p.sop_class_reference = o.string("reference");
  const json& ts = o.at("transfer_syntaxes");
  if (ts.is_string()) {
    const std::string name = ts.get<std::string>();
    if (name == "any") {
      p.any_transfer_syntax = true;
      for (const auto& syntax : dicom::dict::all_transfer_syntaxes())
        if (!syntax.retired) p.default_transfer_syntaxes.emplace_back(syntax.uid);
    } else {
      p.default_transfer_syntaxes = lookup(t.ts_lists, name, o.path_of("transfer_syntaxes"), "transfer syntax list").uids;
    }
  } else {
    p.default_transfer_syntaxes = transfer_syntax_array(ts, o.path_of("transfer_syntaxes"));
  }
  if (o.has("multi_frame_transfer_syntaxes"))
    p.multi_frame_transfer_syntaxes = transfer_syntax_array(o.at("multi_frame_transfer_syntaxes"), o.path_of("multi_frame_transfer_syntaxes"));
  if (p.default_transfer_syntaxes.empty() && p.multi_frame_transfer_syntaxes.empty())
    fail(o.path(), "no transfer syntax allowed");
}

ApplicationProfile parse_profile(const json& j, const Tables& t, const MediumTable& media, const std::string& expected_id) {
  StrictObject o(j, "$");
  for (const auto& [key, value] : j.items())
    if (std::find(std::begin(kProfileKeys), std::end(kProfileKeys), key) == std::end(kProfileKeys))
      fail(o.path_of(key), "unknown key \"" + key + "\" (see profiles/schema.json)");
  ApplicationProfile p;
  p.id = o.string("id");
  if (p.id != expected_id) fail(o.path_of("id"), "\"" + p.id + "\" differs from the file name \"" + expected_id + ".json\"");
  p.title = o.string("title");
  p.reference = o.string("reference");
  p.medium_id = o.string("medium");
  const MediumType* m = media.find(p.medium_id);
  if (m == nullptr) fail(o.path_of("medium"), "no medium in common/media.json named \"" + p.medium_id + "\"");
  p.medium_type = *m;
  p.medium = m->title;
  p.medium_reference = m->reference;
  p.file_system = m->file_system;
  p.capacity_bytes = m->capacity_bytes;
  p.capacity_note = m->capacity_note;
  p.roles = o.strings("roles");
  if (p.roles.empty()) fail(o.path_of("roles"), "must not be empty");
  for (std::size_t i = 0; i < p.roles.size(); ++i)
    detail::require_one_of(o.path_of("roles") + "[" + std::to_string(i) + "]", p.roles[i], {"FSC", "FSR", "FSU"});
  p.fsu_allowed = std::find(p.roles.begin(), p.roles.end(), "FSU") != p.roles.end();
  p.security = o.string("security");
  detail::require_one_of(o.path_of("security"), p.security, {"none", "secure-dicom-files", "secure-email"});
  p.secure = p.security != "none";
  p.security_reference = o.string_or("security_reference", "");
  if (p.secure && p.security_reference.empty()) fail(o.path(), "a secure profile needs \"security_reference\"");
  p.retired = o.boolean("retired");
  parse_sop_classes(o.object("sop_classes"), t, p, false);
  if (o.has("directory_keys")) {
    const KeyTable& keys = lookup(t.key_tables, o.string("directory_keys"), o.path_of("directory_keys"), "key table (keys/<name>.json)");
    p.directory_keys = keys.keys;
    p.directory_keys_reference = keys.reference;
  }
  p.icons = lookup(t.icons, o.string("icons"), o.path_of("icons"), "icon rule in common/icons.json");
  if (o.has("pixel_limits")) {
    StrictObject l = o.object("pixel_limits");
    l.only({"max_rows", "max_columns", "reference"});
    if (auto r = l.optional_unsigned("max_rows")) p.max_rows = static_cast<unsigned>(*r);
    if (auto c = l.optional_unsigned("max_columns")) p.max_columns = static_cast<unsigned>(*c);
    p.pixel_limits_reference = l.string("reference");
  }
  p.notes = o.string_or("notes", "");
  return p;
}

ApplicationProfile parse_retired_stub(const StrictObject& o, const Tables& t) {
  o.only({"id", "title", "reference", "medium", "sop_classes"});
  ApplicationProfile p;
  p.id = o.string("id");
  p.title = o.string("title");
  p.reference = o.string("reference");
  p.medium = o.string("medium");
  p.security = "none";
  p.retired = true;
  parse_sop_classes(o.object("sop_classes"), t, p, true);
  if (p.any_storage_sop_class) p.any_transfer_syntax = true;
  if (p.any_transfer_syntax)
    for (const auto& syntax : dicom::dict::all_transfer_syntaxes()) p.default_transfer_syntaxes.emplace_back(syntax.uid);
  return p;
}

// Resolves "extends" by a shallow merge: the derived file's keys win.
json resolve(const std::string& id, const std::map<std::string, json>& raw, int depth) {
  const json& j = raw.at(id);
  if (!j.is_object()) fail("$", "expected an object, found " + detail::type_name(j));
  auto ext = j.find("extends");
  if (ext == j.end()) return j;
  if (!ext->is_string()) fail("$.extends", "expected a string, found " + detail::type_name(*ext));
  const std::string base = ext->get<std::string>();
  if (depth > 4) fail("$.extends", "\"extends\" chain deeper than 4 (a cycle?)");
  if (raw.count(base) == 0) fail("$.extends", "no profile \"" + base + "\" to extend");
  json merged = resolve(base, raw, depth + 1);
  for (const auto& [key, value] : j.items())
    if (key != "extends") merged[key] = value;
  return merged;
}

base::Status load_tables(const fs::path& dir, Tables& t) {
  const fs::path common = dir / "common";
  struct Named { const char* file; void (*parse)(const json&, Tables&); };
  for (const Named& n : {Named{"icons.json", parse_icons},
                         Named{"transfer-syntaxes.json", parse_ts_lists}}) {
    DISCUS_TRY(json j, read_json_file(common / n.file));
    DISCUS_CHECK(guarded(common / n.file, [&] { n.parse(j, t); }));
  }
  for (const fs::path& f : json_files(common)) {
    const std::string stem = f.stem().string();
    if (stem.rfind("SOP-", 0) != 0) continue;
    DISCUS_TRY(json j, read_json_file(f));
    DISCUS_CHECK(guarded(f, [&] { t.sop_tables[stem] = parse_sop_table(j); }));
  }
  for (const fs::path& f : json_files(dir / "keys")) {
    DISCUS_TRY(json j, read_json_file(f));
    DISCUS_CHECK(guarded(f, [&] { t.key_tables[f.stem().string()] = parse_key_table(j); }));
  }
  return {};
}

}  // namespace

std::vector<std::string_view> profile_file_keys() { return {std::begin(kProfileKeys), std::end(kProfileKeys)}; }

base::Result<ProfileRegistry> ProfileRegistry::load(const std::string& directory) {
  const fs::path dir(directory);
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    return base::Error{base::ErrorCode::kNotFound, "profile directory not found"}.in_file(directory);
  ProfileRegistry reg;
  DISCUS_TRY(reg.media_, MediumTable::load(directory));
  Tables tables;
  DISCUS_CHECK(load_tables(dir, tables));

  std::map<std::string, json> raw;
  std::map<std::string, fs::path> file_of;
  for (const fs::path& f : json_files(dir)) {
    if (f.filename() == "schema.json") continue;
    DISCUS_TRY(json j, read_json_file(f));
    raw[f.stem().string()] = std::move(j);
    file_of[f.stem().string()] = f;
  }
  for (const auto& entry : raw) {
    const std::string& stem = entry.first;
    DISCUS_CHECK(guarded(file_of[stem], [&] {
      ApplicationProfile p = parse_profile(resolve(stem, raw, 0), tables, reg.media_, stem);
      p.source_file = file_of[stem].string();
      reg.profiles_.push_back(std::move(p));
    }));
  }
  const fs::path retired_file = dir / "common" / "retired.json";
  DISCUS_TRY(json retired, read_json_file(retired_file));
  DISCUS_CHECK(guarded(retired_file, [&] {
    StrictObject o(retired, "$");
    o.only({"reference", "retired_profiles"});
    (void)o.string("reference");
    const json& list = o.array("retired_profiles");
    for (std::size_t i = 0; i < list.size(); ++i) {
      const std::string path = o.path_of("retired_profiles") + "[" + std::to_string(i) + "]";
      ApplicationProfile p = parse_retired_stub(StrictObject(list[i], path), tables);
      if (raw.count(p.id) != 0) fail(path + ".id", "\"" + p.id + "\" is also a current profile");
      p.source_file = retired_file.string();
      reg.profiles_.push_back(std::move(p));
    }
  }));
  std::sort(reg.profiles_.begin(), reg.profiles_.end(),
            [](const ApplicationProfile& a, const ApplicationProfile& b) { return a.id < b.id; });
  for (std::size_t i = 1; i < reg.profiles_.size(); ++i)
    if (reg.profiles_[i].id == reg.profiles_[i - 1].id)
      return base::Error{base::ErrorCode::kBadStructure, "profile id \"" + reg.profiles_[i].id + "\" defined twice"}
          .in_file(reg.profiles_[i].source_file);
  return reg;
}

const ApplicationProfile* ProfileRegistry::find(std::string_view id) const {
  std::string key(id);
  if (key.rfind("APL-", 0) == 0) key = "STD-" + key.substr(4);  // PS3.11 C.1: deprecated synonym
  auto it = std::lower_bound(profiles_.begin(), profiles_.end(), key,
                             [](const ApplicationProfile& p, const std::string& k) { return p.id < k; });
  return it != profiles_.end() && it->id == key ? &*it : nullptr;
}

std::string default_profile_directory() {
  if (const char* env = std::getenv("DISCUS_PROFILE_DIR"); env != nullptr && *env != '\0') return env;
  return DISCUS_PROFILE_DIR;
}

}  // namespace discus::media::profile
