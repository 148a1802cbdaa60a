// discus::media::profile — a PS3.11 Media Storage Application Profile as a value.
//
// Built from profiles/<ID>.json by ProfileRegistry (profile_registry.h); nothing here knows a
// profile id. PS3.11 chapter 8 (structure of a profile), X.3.1 (SOP Classes and Transfer
// Syntaxes), X.3.3 (DICOMDIR keys, icons).
//   const ApplicationProfile* p = registry.find("STD-GEN-CD");
//   p->transfer_syntaxes_for(uids::CTImageStorage);  // {"1.2.840.10008.1.2.1"}
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dicom/core/tag.h"
#include "media/profile/medium_table.h"

namespace discus::media::profile {

// One additional DICOMDIR key of a profile (PS3.11 Table X.3-2), beyond PS3.3 F.5.
struct DirectoryKey {
  std::string record_type;  // "PATIENT", "IMAGE", ...
  dicom::Tag tag;
  std::string type;         // "1", "1C", "2", "2C", "3"
  std::string condition;    // for 1C/2C: when the key is required
  std::optional<dicom::Tag> in_sequence;  // set for the ">" rows: the key sits in this sequence's items
  std::string keyword;      // PS3.6 keyword of `tag`
};

// Icon Image Sequence (0088,0200) rule (PS3.3 F.7 and the profile's X.3.3.x).
struct IconRule {
  enum class Level { kNone, kOptional, kRequired } level = Level::kOptional;
  std::vector<std::string> record_types;  // records that may (kOptional) or must (kRequired) carry one
  unsigned max_size = 128;                // rows and columns at most, 64 or 128
  unsigned bits = 8;                      // Bits Allocated = Bits Stored
  std::vector<std::string> photometric;   // allowed Photometric Interpretation values
  std::string reference;
};

// One SOP Class of a profile with an explicit list (PS3.11 Table X.3-1).
struct SopClassRule {
  std::string sop_class_uid;
  std::vector<std::string> transfer_syntaxes;
  std::string fsc;  // "M" or "O"
  std::string fsr;  // "M" or "O"
  std::string note;
};

struct ApplicationProfile {
  std::string id, title, reference, medium, file_system;
  std::uint64_t capacity_bytes = 0;  // nominal user capacity; 0 = device-dependent or unbounded
  bool secure = false, retired = false, fsu_allowed = false;
  bool any_storage_sop_class = false;                  // "any Media Storage SOP Class"
  std::vector<std::string> default_transfer_syntaxes;  // for any_storage_sop_class profiles
  std::vector<SopClassRule> sop_classes;               // explicit list (specialty profiles)
  std::vector<DirectoryKey> directory_keys;            // extra keys beyond PS3.3 F.5
  IconRule icons;
  std::optional<unsigned> max_rows, max_columns;       // pixel limits where set

  // Beyond the agreed core: where each part comes from, and the finer rules.
  std::string medium_id;          // key of profiles/common/media.json: "CD-R", "DVD", "USB", ...
  std::optional<MediumType> medium_type;  // that entry (medium, file_system, capacity_* above are copied from it); unset for retired profiles
  std::string medium_reference;   // "PS3.12 Annex F"
  std::string capacity_note;      // which nominal capacity was chosen and why
  std::vector<std::string> roles; // "FSC", "FSR", "FSU" as the profile defines them
  std::string security;           // "none", "secure-dicom-files", "secure-email"
  std::string security_reference;
  std::string sop_class_reference;    // "PS3.11 Table D.3-1"
  std::string directory_keys_reference;
  std::string pixel_limits_reference;
  bool any_transfer_syntax = false;   // the profile leaves the transfer syntax to the conformance statement
  // Allowed only for multi-frame instances (Number of Frames present): the MPEG/H.264 video syntaxes.
  std::vector<std::string> multi_frame_transfer_syntaxes;
  std::string notes;
  std::string source_file;        // the JSON file it was loaded from

  // Transfer syntaxes allowed for an instance of `sop_class_uid` on this profile (empty: SOP class not allowed).
  std::vector<std::string> transfer_syntaxes_for(std::string_view sop_class_uid) const;
  // The explicit rule for `sop_class_uid`, or nullptr (also for any_storage_sop_class profiles).
  const SopClassRule* find_sop_class(std::string_view sop_class_uid) const;
};

// The optical disc a profile's file-set goes on (CD-R, DVD, BD, DVD-RAM: kind "disc" in
// media.json), or nullptr (flash devices, MOD, e-mail, retired profiles). Its default_size()'s
// name is what `--medium` takes; its file_system_type says whether the ISO writer can make it.
const MediumType* disc_medium_of(const ApplicationProfile& p);
// True for the flash devices of PS3.12 R-U (USB, CF, MMC, SD): a FAT file system.
bool is_flash_medium(const ApplicationProfile& p);

// The rule behind "any Media Storage SOP Class" (PS3.11 D.3.1 and alike): `uid` is registered in
// PS3.6 as a "SOP Class", is not retired, its name ends in "Storage" once a trailing
// " - For Presentation" or " - For Processing" is dropped, and it is not Media Storage Directory
// Storage (1.2.840.10008.1.3.10, the DICOMDIR itself). Storage Commitment, query/retrieve models
// and print classes fail the name test.
bool is_media_storage_sop_class(std::string_view uid);
// Same name test, but true for retired storage classes too (import recognises those).
bool is_storage_sop_class_any_status(std::string_view uid);

}  // namespace discus::media::profile
