// discus::media::profile — profiles/common/media.json into a MediumTable, strictly (see medium_table.h).
#include "media/profile/medium_table.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <map>

#include "media/profile/strict_json.h"

namespace discus::media::profile {
namespace {

using detail::fail;
using detail::StrictObject;
using nlohmann::json;

constexpr std::string_view kMediumKeys[] = {"title", "reference", "file_system", "kind", "file_system_type",
                                            "capacity_bytes", "sizes", "capacity_note"};
constexpr std::string_view kSizeKeys[] = {"name", "aliases", "title", "capacity_bytes", "note"};

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

MediumKind parse_kind(const std::string& s, const std::string& path) {
  detail::require_one_of(path, s, {"disc", "flash", "magneto-optical", "transfer"});
  return s == "disc" ? MediumKind::kDisc : s == "flash" ? MediumKind::kFlash
         : s == "magneto-optical" ? MediumKind::kMagnetoOptical : MediumKind::kTransfer;
}

FileSystemType parse_file_system_type(const std::string& s, const std::string& path) {
  detail::require_one_of(path, s, {"iso9660", "udf", "fat", "mime", "zip"});
  return s == "iso9660" ? FileSystemType::kIso9660 : s == "udf" ? FileSystemType::kUdf
         : s == "fat" ? FileSystemType::kFat : s == "mime" ? FileSystemType::kMime : FileSystemType::kZip;
}

// A short name is typed on command lines and in shell completion: lower case, digits, '-', '+'.
void check_short_name(const std::string& name, const std::string& path) {
  for (char c : name)
    if (!(std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '+'))
      fail(path, "\"" + name + "\" is not a short name (lower-case letters, digits, '-', '+')");
}

MediumSize parse_size(const StrictObject& o) {
  o.only({"name", "aliases", "title", "capacity_bytes", "note"});
  MediumSize s;
  s.name = o.string("name");
  check_short_name(s.name, o.path_of("name"));
  if (o.has("aliases")) s.aliases = o.strings("aliases");
  for (std::size_t i = 0; i < s.aliases.size(); ++i)
    check_short_name(s.aliases[i], o.path_of("aliases") + "[" + std::to_string(i) + "]");
  s.title = o.string("title");
  s.capacity_bytes = o.unsigned_integer("capacity_bytes");
  if (s.capacity_bytes == 0) fail(o.path_of("capacity_bytes"), "a named size needs its capacity (0 is for device-dependent media without sizes)");
  s.note = o.string_or("note", "");
  return s;
}

MediumType parse_medium(const std::string& id, const StrictObject& o) {
  for (const auto& [key, value] : o.json().items())
    if (std::find(std::begin(kMediumKeys), std::end(kMediumKeys), key) == std::end(kMediumKeys))
      fail(o.path_of(key), "unknown key \"" + key + "\" (see profiles/schema.json, media_table)");
  MediumType m;
  m.id = id;
  m.title = o.string("title");
  m.reference = o.string("reference");
  m.file_system = o.string("file_system");
  m.kind = parse_kind(o.string("kind"), o.path_of("kind"));
  m.file_system_type = parse_file_system_type(o.string("file_system_type"), o.path_of("file_system_type"));
  m.capacity_note = o.string("capacity_note");
  // One figure, one place: a medium with sizes takes its nominal capacity from the first one.
  if (o.has("sizes") && o.has("capacity_bytes"))
    fail(o.path(), "give \"sizes\" or \"capacity_bytes\", not both (the first size is the nominal capacity)");
  if (o.has("sizes")) {
    const json& list = o.array("sizes");
    if (list.empty()) fail(o.path_of("sizes"), "must not be empty");
    for (std::size_t i = 0; i < list.size(); ++i)
      m.sizes.push_back(parse_size(StrictObject(list[i], o.path_of("sizes") + "[" + std::to_string(i) + "]")));
    m.capacity_bytes = m.sizes.front().capacity_bytes;
  } else if (o.has("capacity_bytes")) {
    m.capacity_bytes = o.unsigned_integer("capacity_bytes");
  } else {
    fail(o.path(), "missing required key \"sizes\" (or \"capacity_bytes\")");
  }
  // A disc is written by a drive as one image of a known size: the image writer needs it.
  if (m.kind == MediumKind::kDisc && m.sizes.empty()) fail(o.path(), "a disc medium needs \"sizes\"");
  return m;
}

// Every short name and alias means one size, and none is another medium's id.
void check_names_unique(const std::vector<MediumType>& media) {
  std::map<std::string, std::string> id_of;    // lower-case id -> id
  std::map<std::string, std::string> used_by;  // lower-case short name -> "$.ID.sizes[i]"
  for (const MediumType& m : media) id_of.emplace(lower(m.id), m.id);
  for (const MediumType& m : media)
    for (std::size_t i = 0; i < m.sizes.size(); ++i) {
      const std::string path = "$." + m.id + ".sizes[" + std::to_string(i) + "]";
      std::vector<std::string> names = m.sizes[i].aliases;
      names.insert(names.begin(), m.sizes[i].name);
      for (const std::string& n : names) {
        if (auto u = used_by.find(lower(n)); u != used_by.end())
          fail(path, "short name \"" + n + "\" is already used by " + u->second);
        // A size may carry its own medium's id ("bd" for BD) when it is the default one.
        if (auto id = id_of.find(lower(n)); id != id_of.end()) {
          if (id->second != m.id) fail(path, "short name \"" + n + "\" is the id of medium " + id->second);
          if (i != 0) fail(path, "short name \"" + n + "\" is this medium's id, which names its first size");
        }
        used_by.emplace(lower(n), path);
      }
    }
}

}  // namespace

std::string_view to_string(MediumKind k) {
  switch (k) {
    case MediumKind::kDisc: return "disc";
    case MediumKind::kFlash: return "flash";
    case MediumKind::kMagnetoOptical: return "magneto-optical";
    case MediumKind::kTransfer: return "transfer";
  }
  return "?";
}

std::string_view to_string(FileSystemType t) {
  switch (t) {
    case FileSystemType::kIso9660: return "iso9660";
    case FileSystemType::kUdf: return "udf";
    case FileSystemType::kFat: return "fat";
    case FileSystemType::kMime: return "mime";
    case FileSystemType::kZip: return "zip";
  }
  return "?";
}

std::vector<std::string_view> medium_keys() { return {std::begin(kMediumKeys), std::end(kMediumKeys)}; }
std::vector<std::string_view> medium_size_keys() { return {std::begin(kSizeKeys), std::end(kSizeKeys)}; }

base::Result<MediumTable> MediumTable::load(const std::string& profile_directory) {
  const std::filesystem::path file = std::filesystem::path(profile_directory) / "common" / "media.json";
  DISCUS_TRY(json j, detail::read_json_file(file));
  MediumTable table;
  DISCUS_CHECK(detail::guarded(file, [&] {
    StrictObject top(j, "$");
    for (const auto& [id, value] : j.items()) table.media_.push_back(parse_medium(id, StrictObject(value, top.path_of(id))));
    if (table.media_.empty()) fail("$", "no medium");
    check_names_unique(table.media_);
  }));
  return table;
}

const MediumType* MediumTable::find(std::string_view id) const {
  auto it = std::find_if(media_.begin(), media_.end(), [&](const MediumType& m) { return m.id == id; });
  return it == media_.end() ? nullptr : &*it;
}

std::optional<MediumChoice> MediumTable::find_size(std::string_view name) const {
  const std::string n = lower(name);
  for (const MediumType& m : media_)
    for (const MediumSize& s : m.sizes) {
      if (lower(s.name) == n) return MediumChoice{&m, &s};
      for (const std::string& a : s.aliases)
        if (lower(a) == n) return MediumChoice{&m, &s};
    }
  for (const MediumType& m : media_)
    if (lower(m.id) == n) return MediumChoice{&m, m.default_size()};
  return std::nullopt;
}

std::vector<std::string> MediumTable::size_names(FileSystemType type) const {
  std::vector<std::string> out;
  for (const MediumType& m : media_)
    if (m.file_system_type == type)
      for (const MediumSize& s : m.sizes) out.push_back(s.name);
  return out;
}

}  // namespace discus::media::profile
