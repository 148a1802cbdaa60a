// discus::media::author — UIDs that are not UIDs (PS3.5 9.1): found, and on request replaced.
//
// Real archives hold instances whose UIDs are hex strings, longer than 64 characters or with a
// leading zero in a component. Such an instance is excluded by default; with
// --replace-invalid-uids every invalid identifying UID (Study, Series, SOP Instance, Frame of
// Reference, the referenced ones in sequences) is replaced by one derived from the old value
// alone (the same old value gives the same new one in every file of the file-set), and the old
// values are kept in an Original Attributes Sequence item (PS3.3 C.12.1.1.9): the Modified
// Attributes Sequence names what changed (a nonconforming value with zero length, as
// C.12.1.1.9.1 asks), the Nonconforming Modified Attributes Sequence holds the old bytes.
//   auto bad = find_invalid_uids(ds);  if (!bad.empty() && replace) replace_invalid_uids(ds, root, now);
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "dicom/core/dataset.h"

namespace discus::media::author {

// One invalid value of a UI element, wherever it is in the data set.
struct InvalidUid {
  std::string tag_path;     // "(0008,1115)[1]/(0008,1155)"
  dicom::Tag tag;           // the element itself
  std::string value;        // as found (padding removed)
  bool replaceable = true;  // false for class-like UIDs (SOP Class, Transfer Syntax, coding schemes):
                            // those name a definition, a derived value would name nothing
};

// Every invalid UI value of `ds` (nested sequences too, group 0002 and private elements left out).
std::vector<InvalidUid> find_invalid_uids(const dicom::DataSet& ds);

// "(0020,000D) StudyInstanceUID '1.2.3.0x'" and how many more: for a report's reason.
std::string describe_invalid_uids(const std::vector<InvalidUid>& found);

// The UID that replaces `old`: below `root` (an organisation root of at most 40 characters)
// when given, else 2.25 and a name-based UUID (PS3.5 B.2), from a SHA-256 of `old` alone.
std::string derive_uid(std::string_view root, std::string_view old);

// Replaces every replaceable invalid UID of `ds` by derive_uid(root, old) and adds an item to the
// Original Attributes Sequence (0400,0561) with the old values, dated `now` (a DT value).
// Returns the number of values replaced.
std::size_t replace_invalid_uids(dicom::DataSet& ds, std::string_view root, std::string_view now);

// The current date and time as a DT value (YYYYMMDDHHMMSS+ZZZZ), for replace_invalid_uids.
std::string now_datetime();

}  // namespace discus::media::author
