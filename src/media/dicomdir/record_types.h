// discus::media::dicomdir — which directory record references which SOP Class, and its keys.
//
// Both tables are data (data/record_types.tsv, data/record_keys.tsv; PS3.3 F.4-1 and F.5),
// generated into constexpr arrays at build time.
//   const RecordTypeRule* r = record_type_for(uids::CTImageStorage);   // r->record_type == "IMAGE"
//   for (const RecordKey& k : keys_of("STUDY")) ...
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "dicom/core/tag.h"

namespace discus::media::dicomdir {

enum class RuleMatch { kUid, kPrefix, kName };
enum class KeyType { kType1, kType1C, kType2, kType2C, kType3 };
// How an FSC supplies a Type 1 key that the instance lacks (PS3.11 D.3.3.1).
enum class Synthesize { kNone, kPatientId, kStudyDate, kStudyTime, kStudyId, kSeriesNumber, kInstanceNumber };

struct RecordTypeRule {
  RuleMatch match;
  std::string_view pattern;
  std::string_view record_type;  // "IMAGE", "SR DOCUMENT", ...
  bool root_level;               // HANGING PROTOCOL, PALETTE, IMPLANT*: children of the root
  std::string_view reference;    // "PS3.3 F.5.7"
};

struct RecordKey {
  std::string_view record_type;
  dicom::Tag tag;
  std::string_view keyword;
  KeyType type;
  Synthesize synthesize;
  std::string_view reference;
};

// The rule for a SOP Class UID, or nullptr when no record type references it.
const RecordTypeRule* record_type_for(std::string_view sop_class_uid);
// The F.5 keys of a record type, in table order.
std::vector<RecordKey> keys_of(std::string_view record_type);
std::span<const RecordKey> all_record_keys();

std::string_view to_string(KeyType t);  // "1", "1C", ...

}  // namespace discus::media::dicomdir
