// discus::media::profile — the media of PS3.12 as data: profiles/common/media.json, loaded strictly.
//
// The only place capacities live. Each MediumType is a medium a PS3.11 profile names ("CD-R",
// "DVD", "BD", "DVD-RAM", "USB", ...; PS3.12 annexes F, P, X, J, R, ...), with its kind (optical
// disc, flash device, ...), the file system Discus writes on it, and, for discs, its physical
// sizes with the short names the command line takes ("cd", "cd80", "dvd", "dvd-dl"). Loaded with
// the profiles (ProfileRegistry::media()) or alone; a value, passed down, never a global.
//   DISCUS_TRY(MediumTable media, MediumTable::load(default_profile_directory()));
//   auto cd80 = media.find_size("cd80");  // {type: CD-R, size: "CD-R 80 min (700 MB)", 737280000 bytes}
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace discus::media::profile {

enum class MediumKind {
  kDisc,            // optical disc written by a drive: CD-R, DVD, BD, DVD-RAM
  kFlash,           // removable flash device with a FAT file system: USB, CF, MMC, SD (PS3.12 R-U)
  kMagnetoOptical,  // MOD (PS3.12 M, Q): FAT on a rewritable disk
  kTransfer,        // no medium: MIME, ZIP over e-mail (PS3.12 K, V)
};
enum class FileSystemType { kIso9660, kUdf, kFat, kMime, kZip };

std::string_view to_string(MediumKind k);       // "disc", "flash", "magneto-optical", "transfer" (as in media.json)
std::string_view to_string(FileSystemType t);   // "iso9660", "udf", "fat", "mime", "zip"

// One physical size of a medium (a 74 or an 80 minute CD-R).
struct MediumSize {
  std::string name;                  // short name for --medium: "cd", "cd80", "dvd", "dvd-dl", "bd"
  std::vector<std::string> aliases;  // other spellings accepted: "cd74", "cd-r", "dvd+r"
  std::string title;                 // "CD-R 74 min (650 MB)"
  std::uint64_t capacity_bytes = 0;  // user capacity
  std::string note;                  // where the figure comes from
};

struct MediumType {
  std::string id;            // the key of media.json that profiles name: "CD-R", "DVD", "USB"
  std::string title;         // "120 mm CD-R"
  std::string reference;     // "PS3.12 Annex F"
  std::string file_system;   // what PS3.12 asks, in words: "ISO 9660 Level 1"
  MediumKind kind = MediumKind::kTransfer;
  FileSystemType file_system_type = FileSystemType::kIso9660;  // what Discus writes (or would write)
  std::uint64_t capacity_bytes = 0;  // nominal: sizes.front()'s where there are sizes; 0 = device-dependent
  std::vector<MediumSize> sizes;     // the default first; empty where the device decides the capacity
  std::string capacity_note;

  const MediumSize* default_size() const { return sizes.empty() ? nullptr : &sizes.front(); }
};

// What a short name or a medium id stands for.
struct MediumChoice {
  const MediumType* type = nullptr;
  const MediumSize* size = nullptr;  // null for a medium without sizes (USB, ...)
};

class MediumTable {
 public:
  // `profile_directory`/common/media.json, checked strictly; errors name the file and JSON path.
  static base::Result<MediumTable> load(const std::string& profile_directory);

  // By the exact id profiles use ("CD-R").
  const MediumType* find(std::string_view id) const;
  // By a size's name or alias ("cd80", "DVD+R") or a medium id ("CD-R", "bd": its default size),
  // case-insensitively. nullopt when nothing has that name.
  std::optional<MediumChoice> find_size(std::string_view name) const;
  // The size names of media written as `type`, by medium id: {"cd", "cd80", "dvd", "dvd-dl"}
  // for kIso9660 (usage text, completion, error messages).
  std::vector<std::string> size_names(FileSystemType type) const;
  const std::vector<MediumType>& all() const { return media_; }

 private:
  friend struct MediumTableParser;
  std::vector<MediumType> media_;  // sorted by id
};

// The keys a media.json entry and a size may hold (for the schema.json consistency test).
std::vector<std::string_view> medium_keys();
std::vector<std::string_view> medium_size_keys();

}  // namespace discus::media::profile
