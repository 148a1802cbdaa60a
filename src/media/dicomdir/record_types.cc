#include "media/dicomdir/record_types.h"

#include "dicom/dict/uid_registry.h"

namespace discus::media::dicomdir {
namespace {
using dicom::Tag;
#include "record_tables.inc"
}  // namespace

const RecordTypeRule* record_type_for(std::string_view sop_class_uid) {
  const dicom::dict::UidEntry* entry = dicom::dict::find_uid(sop_class_uid);
  for (const RecordTypeRule& r : kRecordTypeRules) {
    switch (r.match) {
      case RuleMatch::kUid:
        if (sop_class_uid == r.pattern) return &r;
        break;
      case RuleMatch::kPrefix:
        if (sop_class_uid.size() > r.pattern.size() && sop_class_uid.substr(0, r.pattern.size()) == r.pattern &&
            sop_class_uid[r.pattern.size()] == '.')
          return &r;
        break;
      case RuleMatch::kName:
        if (entry != nullptr && entry->type == "SOP Class" && entry->name.find(r.pattern) != std::string_view::npos) return &r;
        break;
    }
  }
  return nullptr;
}

std::vector<RecordKey> keys_of(std::string_view record_type) {
  std::vector<RecordKey> out;
  for (const RecordKey& k : kRecordKeys)
    if (k.record_type == record_type) out.push_back(k);
  return out;
}

std::span<const RecordKey> all_record_keys() { return kRecordKeys; }

std::string_view to_string(KeyType t) {
  switch (t) {
    case KeyType::kType1: return "1";
    case KeyType::kType1C: return "1C";
    case KeyType::kType2: return "2";
    case KeyType::kType2C: return "2C";
    case KeyType::kType3: return "3";
  }
  return "?";
}

}  // namespace discus::media::dicomdir
