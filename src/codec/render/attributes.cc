#include "codec/render/attributes.h"

#include <fmt/format.h>

#include <charconv>

#include "dicom/dict/tags.h"

namespace discus::codec::render {

using base::Error;
using base::ErrorCode;
using base::Result;
using dicom::DataSet;
using dicom::Tag;
namespace tags = dicom::tags;

namespace {

std::string tag_text(Tag t) { return dicom::to_string(t); }

// The data set that holds `macro` for frame `frame_index`: the frame's functional group item,
// the shared one, or none (then the attribute is looked for at the top level).
const DataSet* functional_group(const DataSet& ds, std::uint32_t frame_index, Tag macro) {
  if (const auto* per = ds.find(tags::PerFrameFunctionalGroupsSequence); per && per->is_sequence() && frame_index < per->items.size()) {
    const auto* m = per->items[frame_index].find(macro);
    if (m && m->is_sequence() && !m->items.empty()) return &m->items.front();
  }
  if (const auto* shared = ds.find(tags::SharedFunctionalGroupsSequence); shared && shared->is_sequence() && !shared->items.empty()) {
    const auto* m = shared->items.front().find(macro);
    if (m && m->is_sequence() && !m->items.empty()) return &m->items.front();
  }
  return nullptr;
}

const DataSet* first_item(const DataSet& ds, Tag seq) {
  const auto* e = ds.find(seq);
  return e && e->is_sequence() && !e->items.empty() ? &e->items.front() : nullptr;
}

std::optional<double> first_decimal(const DataSet& ds, Tag tag) {
  const auto values = ds.get_strings(tag);
  if (values.empty()) return std::nullopt;
  return parse_decimal(values.front());
}

std::optional<Window> window_from(const DataSet& ds) {
  const auto c = first_decimal(ds, tags::WindowCenter);
  const auto w = first_decimal(ds, tags::WindowWidth);
  if (!c || !w) return std::nullopt;
  Window win{*c, *w, VoiFunction::kLinear};
  const auto f = ds.get_string(tags::VOILUTFunction).value_or("LINEAR");
  if (f == "LINEAR_EXACT") win.function = VoiFunction::kLinearExact;
  else if (f == "SIGMOID") win.function = VoiFunction::kSigmoid;
  return win;
}

}  // namespace

std::optional<double> parse_decimal(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\0')) s.remove_suffix(1);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  if (s.empty()) return std::nullopt;
  double v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || end != s.data() + s.size()) return std::nullopt;
  return v;
}

Result<Lut> lut_from(const DataSet& ds, Tag descriptor, Tag data, bool signed_first) {
  const auto entries_raw = ds.get_uint16(descriptor, 0);
  const auto first_raw = ds.get_uint16(descriptor, 1);
  const auto bits = ds.get_uint16(descriptor, 2);
  if (!entries_raw || !first_raw || !bits)
    return Error{ErrorCode::kBadStructure, "LUT Descriptor needs three values"}.at_tag(tag_text(descriptor));
  if (*bits < 1 || *bits > 16)
    return Error{ErrorCode::kBadStructure, fmt::format("LUT Descriptor says {} bits per entry", *bits)}.at_tag(tag_text(descriptor));
  const std::size_t entries = *entries_raw == 0 ? 65536 : *entries_raw;  // C.11.1.1.1: 0 means 2^16
  const auto* e = ds.find(data);
  if (e == nullptr || e->kind != dicom::Element::Kind::kPrimitive)
    return Error{ErrorCode::kBadStructure, "LUT Data missing"}.at_tag(tag_text(data));
  DISCUS_TRY(const base::Bytes raw, e->value.load(1u << 20));
  Lut lut;
  lut.bits = *bits;
  lut.first_mapped = signed_first ? static_cast<std::int16_t>(*first_raw) : static_cast<std::int64_t>(*first_raw);
  lut.data.resize(entries);
  if (raw.size() >= 2 * entries) {
    for (std::size_t i = 0; i < entries; ++i) lut.data[i] = static_cast<std::uint16_t>(raw[2 * i] | (raw[2 * i + 1] << 8));
  } else if (*bits <= 8 && raw.size() >= entries) {
    for (std::size_t i = 0; i < entries; ++i) lut.data[i] = raw[i];
  } else {
    return Error{ErrorCode::kBadLength, fmt::format("LUT Data has {} bytes for {} entries of {} bits", raw.size(), entries, *bits)}
        .at_tag(tag_text(data));
  }
  // 8-bit entries stored one per 16-bit word sometimes sit in the high byte; keep them in range.
  if (lut.bits <= 8)
    for (auto& v : lut.data)
      if (v > 255) v = static_cast<std::uint16_t>(v >> 8);
  return lut;
}

Result<GrayscalePipeline> grayscale_pipeline(const DataSet& ds, std::uint32_t frame_index) {
  GrayscalePipeline p;
  const bool is_signed = ds.get_uint16(tags::PixelRepresentation).value_or(0) == 1;

  const DataSet* rescale = functional_group(ds, frame_index, tags::PixelValueTransformationSequence);
  if (rescale == nullptr) rescale = &ds;
  if (const DataSet* mlut = first_item(ds, tags::ModalityLUTSequence)) {
    DISCUS_TRY(Lut l, lut_from(*mlut, tags::LUTDescriptor, tags::LUTData, is_signed));
    p.modality_lut = std::move(l);
  } else {
    p.slope = first_decimal(*rescale, tags::RescaleSlope).value_or(1.0);
    p.intercept = first_decimal(*rescale, tags::RescaleIntercept).value_or(0.0);
  }

  const DataSet* voi = functional_group(ds, frame_index, tags::FrameVOILUTSequence);
  if (voi == nullptr) voi = &ds;
  p.window = window_from(*voi);
  if (!p.window) {
    if (const DataSet* vlut = first_item(ds, tags::VOILUTSequence)) {
      // The first mapped value is signed when the modality values can be negative (C.11.2.1.1).
      const bool signed_in = is_signed || (!p.modality_lut && p.intercept < 0);
      DISCUS_TRY(Lut l, lut_from(*vlut, tags::LUTDescriptor, tags::LUTData, signed_in));
      p.voi_lut = std::move(l);
    }
  }
  p.invert = ds.get_string(tags::PhotometricInterpretation).value_or("") == "MONOCHROME1" ||
             ds.get_string(tags::PresentationLUTShape).value_or("") == "INVERSE";
  return p;
}

Result<Palette> palette_from(const DataSet& ds) {
  if (ds.contains(tags::SegmentedRedPaletteColorLookupTableData))
    return Error{ErrorCode::kUnsupported, "segmented palette colour LUTs are not supported"}.at_tag("(0028,1221)");
  const bool is_signed = ds.get_uint16(tags::PixelRepresentation).value_or(0) == 1;
  DISCUS_TRY(Lut r, lut_from(ds, tags::RedPaletteColorLookupTableDescriptor, tags::RedPaletteColorLookupTableData, is_signed));
  DISCUS_TRY(Lut g, lut_from(ds, tags::GreenPaletteColorLookupTableDescriptor, tags::GreenPaletteColorLookupTableData, is_signed));
  DISCUS_TRY(Lut b, lut_from(ds, tags::BluePaletteColorLookupTableDescriptor, tags::BluePaletteColorLookupTableData, is_signed));
  return Palette{std::move(r), std::move(g), std::move(b)};
}

}  // namespace discus::codec::render
