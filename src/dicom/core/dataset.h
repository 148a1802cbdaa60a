// discus::dicom — DataSet: elements in ascending tag order, with typed accessors.
//
// Accessors read values as stored (little endian, padding kept); strings come back raw, in the
// data set's Specific Character Set (decode with dicom/charset for display). Setters pad to even
// length by VR as PS3.5 6.2 requires.
//
//   ds.set_string(tags::Modality, VR::CS, "CT");
//   std::optional<std::string_view> m = ds.get_string(tags::Modality);  // "CT"
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "dicom/core/element.h"

namespace discus::dicom {

class DataSet {
 public:
  using const_iterator = std::vector<Element>::const_iterator;
  using iterator = std::vector<Element>::iterator;

  const Element* find(Tag tag) const;
  Element* find(Tag tag);
  bool contains(Tag tag) const { return find(tag) != nullptr; }

  // Inserts in tag order; an element with the same tag is replaced. Returns the stored element.
  Element& insert(Element element);
  // Appends when `element` sorts after the last one (the reader's fast path), else inserts.
  // Returns false when the tag was already present (the element is then dropped).
  bool append(Element element);
  bool erase(Tag tag);
  // Keeps only the elements `keep` accepts (one pass).
  template <typename Pred>
  void retain(Pred keep) {
    std::erase_if(elements_, [&](const Element& e) { return !keep(e); });
  }

  // The first string value, trailing padding (spaces, NULs) removed; nullopt when absent,
  // not a primitive value, or deferred.
  std::optional<std::string_view> get_string(Tag tag) const;
  // All values of a multi-valued string, split on '\', each with padding trimmed.
  std::vector<std::string_view> get_strings(Tag tag) const;
  std::optional<std::uint16_t> get_uint16(Tag tag, std::size_t index = 0) const;
  std::optional<std::uint32_t> get_uint32(Tag tag, std::size_t index = 0) const;
  std::optional<std::int64_t> get_int(Tag tag) const;  // IS, US, UL, SS, SL

  Element& set_string(Tag tag, VR vr, std::string_view value);
  Element& set_bytes(Tag tag, VR vr, base::Bytes value);
  Element& set_uint16(Tag tag, std::uint16_t value);
  Element& set_uint32(Tag tag, std::uint32_t value);

  std::size_t size() const { return elements_.size(); }
  bool empty() const { return elements_.empty(); }
  const_iterator begin() const { return elements_.begin(); }
  const_iterator end() const { return elements_.end(); }
  iterator begin() { return elements_.begin(); }
  iterator end() { return elements_.end(); }

 private:
  std::vector<Element> elements_;
};

// Trailing spaces and NULs removed (PS3.5 6.2: padding is not part of the value).
std::string_view trim_padding(std::string_view s);

}  // namespace discus::dicom
