// discus::dicom::dict — the PS3.6 Annex A UID registry (SOP classes, transfer syntaxes, ...).
//
// Generated from data/uids.tsv and data/uids_supplement.tsv; `uids::Keyword` constants come from
// the generated header "uids.h".
//   const UidEntry* u = find_uid("1.2.840.10008.5.1.4.1.1.2");  // u->name == "CT Image Storage"
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace discus::dicom::dict {

struct UidEntry {
  std::string_view uid;
  std::string_view name;
  std::string_view type;  // "SOP Class", "Transfer Syntax", "Well-known frame of reference", ...
  std::string_view keyword;
  bool retired;
};

const UidEntry* find_uid(std::string_view uid);
std::span<const UidEntry> all_uids();

// A UID for a person: "CT Image Storage [1.2.840.10008.5.1.4.1.1.2]" when the registry knows it,
// "[1.2.3.4]" when not, "(none)" for an empty value. Reports, CLI messages and exclusion reasons
// name SOP classes and transfer syntaxes this way, never by the bare number.
std::string describe_uid(std::string_view uid);

}  // namespace discus::dicom::dict
