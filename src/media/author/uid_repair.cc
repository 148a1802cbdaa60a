#include "media/author/uid_repair.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <ctime>
#include <set>

#include "base/bytes.h"
#include "base/endian.h"
#include "base/sha256.h"
#include "base/uid.h"
#include "dicom/dict/dictionary.h"
#include "dicom/dict/tags.h"

namespace discus::media::author {

namespace tags = dicom::tags;
using dicom::DataSet;
using dicom::Element;
using dicom::Tag;
using dicom::VR;

namespace {

__extension__ typedef unsigned __int128 u128;  // GCC/Clang builtin; pedantic wants the marker

std::string_view keyword(Tag t) {
  const auto* e = dicom::dict::find(t);
  return e == nullptr ? std::string_view{} : e->keyword;
}

// UIDs that name a definition (a class, a syntax, a coding scheme) rather than an instance: a
// value derived from a broken one would name nothing, so such an instance can only be excluded.
bool class_like(Tag t) {
  const std::string_view k = keyword(t);
  for (std::string_view part : {"ClassUID", "TransferSyntaxUID", "CodingSchemeUID", "ContextUID", "MappingResourceUID",
                                "CreatorUID", "ProtocolDefinitionUID"})
    if (k.find(part) != std::string_view::npos) return true;
  return false;
}

// The values of a UI element, padding removed (PS3.5 6.2: NUL pads UI; spaces are tolerated).
std::vector<std::string> values(const Element& e) {
  std::vector<std::string> out;
  std::string_view s = base::as_chars(e.value.bytes);
  while (true) {
    const std::size_t cut = s.find('\\');
    std::string_view v = s.substr(0, cut);
    while (!v.empty() && (v.back() == '\0' || v.back() == ' ')) v.remove_suffix(1);
    while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
    out.emplace_back(v);
    if (cut == std::string_view::npos) break;
    s.remove_prefix(cut + 1);
  }
  return out;
}

bool is_ui(const Element& e) {
  return e.kind == Element::Kind::kPrimitive && e.vr == VR::UI && !e.value.is_deferred() && !e.tag.is_private() &&
         e.tag.group() != 0x0002;
}

void find_in(const DataSet& ds, const std::string& prefix, std::vector<InvalidUid>& out) {
  for (const Element& e : ds) {
    if (e.tag.is_private()) continue;
    const std::string path = prefix + dicom::to_string(e.tag);
    if (e.is_sequence()) {
      for (std::size_t k = 0; k < e.items.size(); ++k) find_in(e.items[k], fmt::format("{}[{}]/", path, k + 1), out);
      continue;
    }
    if (!is_ui(e)) continue;
    for (const std::string& v : values(e))
      if (!v.empty() && !base::is_valid_uid(v)) out.push_back(InvalidUid{path, e.tag, v, !class_like(e.tag)});
  }
}

std::string decimal(u128 v) {
  std::string digits;
  do {
    digits.push_back(static_cast<char>('0' + static_cast<int>(v % 10)));
    v /= 10;
  } while (v != 0);
  std::reverse(digits.begin(), digits.end());
  return digits;
}

Element tag_list(Tag t, const std::vector<Tag>& list) {
  Element e;
  e.tag = t;
  e.vr = VR::AT;
  for (Tag x : list) {
    std::uint8_t b[4];
    base::store_le(b, x.group());
    base::store_le(b + 2, x.element());
    e.value.bytes.insert(e.value.bytes.end(), b, b + 4);
  }
  return e;
}

Element sequence(Tag t, std::vector<DataSet> items) {
  Element e;
  e.tag = t;
  e.vr = VR::SQ;
  e.kind = Element::Kind::kSequence;
  e.items = std::move(items);
  return e;
}

// One replaced value: where it was (the sequences and items above it) and what it was.
struct Replaced {
  std::vector<std::pair<Tag, std::size_t>> above;  // (sequence, 1-based item)
  Tag tag;
  base::Bytes old_value;
};

// Replaces in place; `blank`, for the Modified Attributes copy, empties the invalid values instead.
void replace_in(DataSet& ds, std::string_view root, std::vector<std::pair<Tag, std::size_t>>& above,
                std::vector<Replaced>* replaced, bool blank) {
  for (Element& e : ds) {
    if (e.tag.is_private()) continue;
    if (e.is_sequence()) {
      for (std::size_t k = 0; k < e.items.size(); ++k) {
        above.emplace_back(e.tag, k + 1);
        replace_in(e.items[k], root, above, replaced, blank);
        above.pop_back();
      }
      continue;
    }
    if (!is_ui(e) || class_like(e.tag)) continue;
    std::vector<std::string> vs = values(e);
    bool changed = false;
    for (std::string& v : vs)
      if (!v.empty() && !base::is_valid_uid(v)) v = blank ? std::string() : derive_uid(root, v), changed = true;
    if (!changed) continue;
    if (replaced != nullptr) replaced->push_back(Replaced{above, e.tag, e.value.bytes});
    std::string joined;
    for (std::size_t k = 0; k < vs.size(); ++k) joined += (k ? "\\" : "") + vs[k];
    if (blank && std::all_of(vs.begin(), vs.end(), [](const std::string& v) { return v.empty(); })) joined.clear();
    e.value.bytes.assign(joined.begin(), joined.end());
    if (e.value.bytes.size() % 2 != 0) e.value.bytes.push_back(0);
  }
}

}  // namespace

std::vector<InvalidUid> find_invalid_uids(const DataSet& ds) {
  std::vector<InvalidUid> out;
  find_in(ds, "", out);
  return out;
}

std::string describe_invalid_uids(const std::vector<InvalidUid>& found) {
  if (found.empty()) return {};
  const InvalidUid& first = found.front();
  std::string out = fmt::format("invalid UID {} {} '{}'", first.tag_path, keyword(first.tag), first.value);
  if (found.size() > 1) out += fmt::format(" and {} more", found.size() - 1);
  return out + " (PS3.5 9.1: digits and dots, no leading zero in a component, at most 64 characters)";
}

std::string derive_uid(std::string_view root, std::string_view old) {
  // Name-based: the same old value gives the same new one, in this file-set and in the next.
  const std::string hex = base::sha256_hex(base::as_bytes(fmt::format("discus uid repair\n{}", old)));
  u128 v = 0;
  for (std::size_t k = 0; k < 32; ++k) {
    const char c = hex[k];
    v = (v << 4) | static_cast<unsigned>(c <= '9' ? c - '0' : c - 'a' + 10);
  }
  if (root.empty()) {
    // A version 8 UUID (RFC 9562 5.8: custom, here SHA-256 based), variant 10, in decimal.
    v &= ~(static_cast<u128>(0xF) << 76);
    v |= static_cast<u128>(0x8) << 76;
    v &= ~(static_cast<u128>(0x3) << 62);
    v |= static_cast<u128>(0x2) << 62;
    return "2.25." + decimal(v);
  }
  std::string digits = decimal(v);
  const std::size_t room = root.size() < 63 ? 64 - root.size() - 1 : 1;
  if (digits.size() > room) digits.resize(room);
  if (digits.size() > 1 && digits[0] == '0') digits[0] = '1';
  return std::string(root) + "." + digits;
}

std::size_t replace_invalid_uids(DataSet& ds, std::string_view root, std::string_view now) {
  // PS3.3 C.12.1.1.9.1: a top-level element as it was (a nonconforming value with zero length);
  // of an element inside a sequence, the whole top-level sequence as it was.
  DataSet before = ds;
  std::vector<std::pair<Tag, std::size_t>> above;
  std::vector<Replaced> replaced;
  replace_in(ds, root, above, &replaced, false);
  if (replaced.empty()) return 0;
  std::set<std::uint32_t> top;
  for (const Replaced& r : replaced) top.insert(r.above.empty() ? r.tag.value : r.above.front().first.value);
  DataSet modified;
  for (std::uint32_t t : top) {
    const Element* e = before.find(Tag{t});
    if (e == nullptr) continue;
    Element copy = *e;
    if (copy.is_sequence()) {
      DataSet holder;
      holder.insert(std::move(copy));
      replace_in(holder, root, above, nullptr, true);
      modified.insert(*holder.find(Tag{t}));
    } else {
      copy.value.bytes.clear();
      modified.insert(std::move(copy));
    }
  }
  // C.12.1.1.9.2: the nonconforming values themselves, each addressed by the Selector Attribute
  // Macro (PS3.3 10.24): the attribute, and the sequences and items it sits in.
  std::vector<DataSet> nonconforming;
  for (Replaced& r : replaced) {
    DataSet item;
    item.insert(tag_list(tags::SelectorAttribute, {r.tag}));
    item.set_uint16(tags::SelectorValueNumber, 0);  // 0: all values of the attribute
    if (!r.above.empty()) {
      std::vector<Tag> seqs;
      std::string items;
      for (const auto& [t, k] : r.above) {
        seqs.push_back(t);
        items += fmt::format("{}{}", items.empty() ? "" : "\\", k);
      }
      item.insert(tag_list(tags::SelectorSequencePointer, seqs));
      item.set_string(tags::SelectorSequencePointerItems, VR::IS, items);
    }
    if (r.old_value.size() % 2 != 0) r.old_value.push_back(0);
    item.set_bytes(tags::NonconformingDataElementValue, VR::OB, std::move(r.old_value));
    nonconforming.push_back(std::move(item));
  }
  DataSet entry;
  entry.set_string(tags::AttributeModificationDateTime, VR::DT, now);
  entry.set_string(tags::ModifyingSystem, VR::LO, "DISCUS");
  entry.set_string(tags::SourceOfPreviousValues, VR::LO, "");
  entry.set_string(tags::ReasonForTheAttributeModification, VR::CS, "CORRECT");
  std::vector<DataSet> one;
  one.push_back(std::move(modified));
  entry.insert(sequence(tags::ModifiedAttributesSequence, std::move(one)));
  entry.insert(sequence(tags::NonconformingModifiedAttributesSequence, std::move(nonconforming)));
  // Items already there are kept (C.12.1.1.9: "shall be preserved").
  if (Element* existing = ds.find(tags::OriginalAttributesSequence); existing != nullptr && existing->is_sequence()) {
    existing->items.push_back(std::move(entry));
  } else {
    std::vector<DataSet> items;
    items.push_back(std::move(entry));
    ds.insert(sequence(tags::OriginalAttributesSequence, std::move(items)));
  }
  return replaced.size();
}

std::string now_datetime() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%d%H%M%S+0000", &tm);
  return buf;
}

}  // namespace discus::media::author
