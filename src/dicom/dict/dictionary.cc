#include "dicom/dict/dictionary.h"

#include <algorithm>

namespace discus::dicom::dict {
namespace {

struct KeywordIndex {
  std::string_view keyword;
  std::uint8_t masked;
  std::uint16_t index;
};

#include "dictionary_data.inc"

constexpr DictEntry kPrivateCreator{0, 0xFFFF00FFu, VR::LO, VR::None, VR::None, 1, "1",
                                    "PrivateCreator", "Private Creator", false};

// PS3.5 7.6: repeating groups 50xx and 60xx use even groups 5000-501E / 6000-601E only.
bool repeating_group_ok(const DictEntry& e, Tag tag) {
  if ((e.mask & 0xFF000000u) == 0xFF000000u && (e.mask & 0x00FF0000u) == 0) {
    const auto low = static_cast<std::uint16_t>(tag.group() & 0xFF);
    const auto high = tag.group() >> 8;
    if (high == 0x50 || high == 0x60) return (low & 1) == 0 && low <= 0x1E;
  }
  return true;
}

}  // namespace

const DictEntry* find(Tag tag) {
  const auto it = std::lower_bound(std::begin(kExactEntries), std::end(kExactEntries), tag.value,
                                   [](const DictEntry& e, std::uint32_t v) { return e.tag < v; });
  if (it != std::end(kExactEntries) && it->tag == tag.value) return &*it;
  if (tag.is_private_creator()) return &kPrivateCreator;
  if (tag.is_private()) return nullptr;
  for (const DictEntry& e : kMaskedEntries)
    if ((tag.value & e.mask) == e.tag && repeating_group_ok(e, tag)) return &e;
  return nullptr;
}

const DictEntry* find_keyword(std::string_view keyword) {
  const auto it = std::lower_bound(std::begin(kKeywordIndex), std::end(kKeywordIndex), keyword,
                                   [](const KeywordIndex& k, std::string_view v) { return k.keyword < v; });
  if (it == std::end(kKeywordIndex) || it->keyword != keyword) return nullptr;
  return it->masked ? &kMaskedEntries[it->index] : &kExactEntries[it->index];
}

std::span<const DictEntry> exact_entries() { return kExactEntries; }
std::span<const DictEntry> masked_entries() { return kMaskedEntries; }

VR default_vr(Tag tag) {
  const DictEntry* e = find(tag);
  if (e == nullptr || e->vr == VR::None) return VR::UN;
  return e->vr;
}

}  // namespace discus::dicom::dict
