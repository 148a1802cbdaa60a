#include "dicom/core/dataset.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "base/endian.h"

namespace discus::dicom {

using base::Bytes;
using base::Error;
using base::ErrorCode;
using base::Result;

Result<Bytes> Value::load(std::uint64_t max_size) const {
  if (!deferred) return bytes;
  if (!deferred->file)
    return Error{ErrorCode::kUnsupported, "value was left unread by a headers-only read"}.at_offset(deferred->offset);
  if (deferred->length > max_size)
    return Error{ErrorCode::kLimitExceeded,
                 fmt::format("value of {} bytes exceeds the in-memory limit of {}", deferred->length, max_size)}
        .in_file(deferred->file->path())
        .at_offset(deferred->offset);
  Bytes out(static_cast<std::size_t>(deferred->length));
  DISCUS_CHECK(deferred->file->read_at(deferred->offset, out));
  base::swap_words(out.data(), out.size(), deferred->swap_width);
  return out;
}

base::Status Value::make_resident(std::uint64_t max_size) {
  if (!deferred) return {};
  DISCUS_TRY(bytes, load(max_size));
  deferred.reset();
  return {};
}

std::string_view trim_padding(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\0')) s.remove_suffix(1);
  return s;
}

namespace {
auto lower(std::vector<Element>& v, Tag tag) {
  return std::lower_bound(v.begin(), v.end(), tag, [](const Element& e, Tag t) { return e.tag < t; });
}
}  // namespace

const Element* DataSet::find(Tag tag) const { return const_cast<DataSet*>(this)->find(tag); }

Element* DataSet::find(Tag tag) {
  auto it = lower(elements_, tag);
  return (it != elements_.end() && it->tag == tag) ? &*it : nullptr;
}

Element& DataSet::insert(Element element) {
  auto it = lower(elements_, element.tag);
  if (it != elements_.end() && it->tag == element.tag) {
    *it = std::move(element);
    return *it;
  }
  return *elements_.insert(it, std::move(element));
}

bool DataSet::append(Element element) {
  // Readers append element by element; start with room for a typical data set rather than
  // growing 1, 2, 4, ... (moving every Element each time).
  if (elements_.capacity() == 0) elements_.reserve(16);
  if (elements_.empty() || elements_.back().tag < element.tag) {
    elements_.push_back(std::move(element));
    return true;
  }
  auto it = lower(elements_, element.tag);
  if (it != elements_.end() && it->tag == element.tag) return false;
  elements_.insert(it, std::move(element));
  return true;
}

bool DataSet::erase(Tag tag) {
  auto it = lower(elements_, tag);
  if (it == elements_.end() || it->tag != tag) return false;
  elements_.erase(it);
  return true;
}

std::optional<std::string_view> DataSet::get_string(Tag tag) const {
  const Element* e = find(tag);
  if (e == nullptr || e->kind != Element::Kind::kPrimitive || e->value.is_deferred()) return std::nullopt;
  std::string_view s = base::as_chars(e->value.bytes);
  s = s.substr(0, s.find('\\'));
  // Leading spaces are insignificant for most string VRs too; UI and binary VRs have none.
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  return trim_padding(s);
}

std::vector<std::string_view> DataSet::get_strings(Tag tag) const {
  std::vector<std::string_view> out;
  const Element* e = find(tag);
  if (e == nullptr || e->kind != Element::Kind::kPrimitive || e->value.is_deferred()) return out;
  std::string_view s = base::as_chars(e->value.bytes);
  if (trim_padding(s).empty()) return out;
  while (true) {
    const auto pos = s.find('\\');
    std::string_view v = s.substr(0, pos);
    while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
    out.push_back(trim_padding(v));
    if (pos == std::string_view::npos) break;
    s.remove_prefix(pos + 1);
  }
  return out;
}

std::optional<std::uint16_t> DataSet::get_uint16(Tag tag, std::size_t index) const {
  const Element* e = find(tag);
  if (e == nullptr || e->kind != Element::Kind::kPrimitive || e->value.is_deferred()) return std::nullopt;
  if (e->value.bytes.size() < (index + 1) * 2) return std::nullopt;
  return base::load_le<std::uint16_t>(e->value.bytes.data() + index * 2);
}

std::optional<std::uint32_t> DataSet::get_uint32(Tag tag, std::size_t index) const {
  const Element* e = find(tag);
  if (e == nullptr || e->kind != Element::Kind::kPrimitive || e->value.is_deferred()) return std::nullopt;
  if (e->value.bytes.size() < (index + 1) * 4) return std::nullopt;
  return base::load_le<std::uint32_t>(e->value.bytes.data() + index * 4);
}

std::optional<std::int64_t> DataSet::get_int(Tag tag) const {
  const Element* e = find(tag);
  if (e == nullptr || e->kind != Element::Kind::kPrimitive || e->value.is_deferred()) return std::nullopt;
  const Bytes& b = e->value.bytes;
  switch (e->vr) {
    case VR::US: if (b.size() >= 2) return base::load_le<std::uint16_t>(b.data()); break;
    case VR::SS: if (b.size() >= 2) return base::load_le<std::int16_t>(b.data()); break;
    case VR::UL: if (b.size() >= 4) return base::load_le<std::uint32_t>(b.data()); break;
    case VR::SL: if (b.size() >= 4) return base::load_le<std::int32_t>(b.data()); break;
    case VR::IS: {
      auto s = get_string(tag);
      if (!s) break;
      std::string_view v = *s;
      if (!v.empty() && v.front() == '+') v.remove_prefix(1);
      std::int64_t out = 0;
      auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
      if (ec == std::errc() && p == v.data() + v.size()) return out;
      break;
    }
    default: break;
  }
  return std::nullopt;
}

Element& DataSet::set_string(Tag tag, VR vr, std::string_view value) {
  Bytes b(value.begin(), value.end());
  if (b.size() % 2 != 0) b.push_back(padding_byte(vr));
  return set_bytes(tag, vr, std::move(b));
}

Element& DataSet::set_bytes(Tag tag, VR vr, Bytes value) {
  Element e;
  e.tag = tag;
  e.vr = vr;
  e.value.bytes = std::move(value);
  return insert(std::move(e));
}

Element& DataSet::set_uint16(Tag tag, std::uint16_t value) {
  Bytes b(2);
  base::store_le(b.data(), value);
  return set_bytes(tag, VR::US, std::move(b));
}

Element& DataSet::set_uint32(Tag tag, std::uint32_t value) {
  Bytes b(4);
  base::store_le(b.data(), value);
  return set_bytes(tag, VR::UL, std::move(b));
}

}  // namespace discus::dicom
