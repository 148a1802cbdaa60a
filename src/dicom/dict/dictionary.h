// discus::dicom::dict — the PS3.6 data dictionary: VR, VM, keyword and name of every public tag.
//
// Generated at build time from data/dictionary.tsv into static sorted arrays; lookups are binary
// searches, nothing is built at start-up. Repeating groups (50xx, 60xx, 7Fxx) and the other
// masked entries (e.g. (0028,04x0), (1000,xxx0)) are matched after the exact table (PS3.5 7.6).
//
//   const DictEntry* e = find(Tag{0x0010, 0x0010});  // e->keyword == "PatientName", e->vr == VR::PN
//   const DictEntry* o = find(Tag{0x6002, 0x3000});  // OverlayData, from (60xx,3000)
//   const DictEntry* k = find_keyword("Rows");
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "dicom/core/tag.h"
#include "dicom/core/vr.h"

namespace discus::dicom::dict {

struct DictEntry {
  std::uint32_t tag;   // with the 'x' nibbles as 0
  std::uint32_t mask;  // 0xFFFFFFFF for an exact tag; 'x' nibbles are 0
  VR vr;               // first VR of the entry ("OB or OW" -> OB)
  VR vr2;              // alternatives, VR::None when absent
  VR vr3;
  std::uint8_t vr_count;
  std::string_view vm;       // "1", "1-n", "2-2n", ...
  std::string_view keyword;  // PS3.6 keyword, empty for a few retired entries
  std::string_view name;
  bool retired;

  constexpr Tag as_tag() const { return Tag{tag}; }
  constexpr bool is_ambiguous_vr() const { return vr_count > 1; }
};

// The entry for `tag`, or nullptr (private and unknown tags). Private Creator elements
// (gggg,0010-00FF) in odd groups answer with a synthetic "PrivateCreator" entry (LO).
const DictEntry* find(Tag tag);
const DictEntry* find_keyword(std::string_view keyword);

// Every entry, exact ones first (for the dictionary oracle and `discus dictionary`).
std::span<const DictEntry> exact_entries();
std::span<const DictEntry> masked_entries();

// The VR an implicit-VR reader should use for `tag` when the dictionary does not decide alone:
// UN for unknown or private tags, LO for private creators, the first listed VR otherwise.
VR default_vr(Tag tag);

}  // namespace discus::dicom::dict
