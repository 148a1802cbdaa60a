#include "media/author/instance_check.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "base/endian.h"
#include "codec/frames/frames.h"
#include "codec/frames/transcode_pixels.h"
#include "dicom/dict/dictionary.h"
#include "dicom/dict/tags.h"
#include "dicom/dict/transfer_syntax.h"

namespace discus::media::author {

namespace tags = dicom::tags;
using base::Error;
using base::ErrorCode;
using base::Status;
using dicom::DataSet;
using dicom::Element;
using dicom::Tag;
using dicom::VR;

namespace {

// Bytes every frame of native Pixel Data takes: rows x columns x samples x bits (PS3.5 8.1.1),
// two samples a pixel for the horizontally subsampled YBR_*_422 (PS3.3 C.7.6.3.1.2). 0: unknown.
std::uint64_t native_size(const DataSet& ds) {
  auto info = codec::frame_info_from(ds);
  auto frames = codec::number_of_frames(ds);
  if (!info || !frames || info->bits_allocated < 8) return 0;
  std::uint64_t frame = info->native_frame_size();
  const std::string& pi = info->photometric_interpretation;
  if (info->samples_per_pixel == 3 && pi.size() > 4 && pi.compare(pi.size() - 4, 4, "_422") == 0) frame = frame / 3 * 2;
  return frame * *frames;
}

}  // namespace

bool is_lossy(const dicom::part10::DicomFile& f) {
  return f.transfer_syntax->lossy() || f.dataset.get_string(tags::LossyImageCompression) == "01";
}

Status check_native_length(const dicom::part10::DicomFile& header) {
  const dicom::DataSet& ds = header.dataset;
  if (header.transfer_syntax == nullptr || header.transfer_syntax->encapsulated()) return {};
  std::uint64_t have = 0;
  if (header.pixel_data) {
    if (!header.pixel_data->length) return {};  // undefined length in a native syntax: the reader's to judge
    have = *header.pixel_data->length;
    // A headers-only read stops at the element: whether its value is all there is the file's size.
    std::error_code ec;
    const std::uint64_t size = std::filesystem::file_size(header.path, ec);
    if (!ec && !header.pixel_data->offsets_in_inflated_stream && header.pixel_data->value_offset + have > size)
      return Error{ErrorCode::kTruncated, fmt::format("Pixel Data of {} bytes starts at byte {}, but the file ends at byte {}",
                                                      have, header.pixel_data->value_offset, size)}
          .at_tag("(7FE0,0010)").in_file(header.path);
  } else if (const Element* e = ds.find(tags::PixelData); e != nullptr && e->kind == Element::Kind::kPrimitive) {
    have = e->value.size();
  } else {
    return {};
  }
  // PS3.5 8.1.1: the value holds every frame (plus one pad byte when odd). Less is a cut file.
  const std::uint64_t need = native_size(ds);
  if (need != 0 && have < need)
    return Error{ErrorCode::kTruncated, fmt::format("Pixel Data holds {} bytes; rows, columns, samples, bits and frames "
                                                    "of the Image Pixel module need {}", have, need)}
        .at_tag("(7FE0,0010)").in_file(header.path);
  return {};
}

Status decode_every_frame(const std::string& path, const codec::CodecRegistry& codecs) {
  dicom::part10::ReadOptions ro;
  ro.defer_threshold = 64;  // fragments stay in the file, known by offset: the error can say where
  DISCUS_TRY(auto file, dicom::part10::read_file(path, ro));
  const Element* pixel = file.dataset.find(tags::PixelData);
  if (pixel == nullptr) return {};
  const auto& ts = *file.transfer_syntax;
  DISCUS_TRY(codec::FrameInfo info, codec::frame_info_from(file.dataset));
  DISCUS_TRY(const std::uint32_t frames, codec::number_of_frames(file.dataset));
  const std::uint64_t frame_size = info.native_frame_size();
  if (!ts.encapsulated()) return check_native_length(file);
  const codec::Decoder* decoder = codecs.decoder(ts.uid);
  if (decoder == nullptr) return {};  // no decoder here (video): nothing more can be said
  if (pixel->kind != Element::Kind::kEncapsulated)
    return Error{ErrorCode::kBadStructure, fmt::format("{} declared, but Pixel Data is not encapsulated", ts.name)}
        .at_tag("(7FE0,0010)").in_file(path);
  DISCUS_TRY(const codec::FrameLayout layout, codec::locate_frames(*pixel, frames, file.dataset));
  for (std::size_t i = 0; i < layout.frames.size(); ++i) {
    const codec::FrameSpan& span = layout.frames[i];
    std::string where;
    if (span.first_fragment < pixel->fragments.size() && pixel->fragments[span.first_fragment].deferred)
      where = fmt::format(", first fragment at byte {}", pixel->fragments[span.first_fragment].deferred->offset);
    auto failed = [&](const Error& e) {
      return Error{e.code == ErrorCode::kUnsupported ? ErrorCode::kUnsupported : ErrorCode::kBadStructure,
                   fmt::format("frame {} of {}{} does not decode as {}: {}", i + 1, layout.frames.size(), where, ts.name, e.message)}
          .at_tag("(7FE0,0010)").in_file(path);
    };
    auto compressed = codec::load_frame(*pixel, span);
    if (!compressed) return failed(compressed.error());
    codec::FrameInfo fi = info;
    fi.planar_configuration = 0;
    auto decoded = decoder->decode(*compressed, fi);
    if (!decoded) return failed(decoded.error());
    if (frame_size != 0 && decoded->size() != frame_size)
      return failed(Error{ErrorCode::kBadLength, fmt::format("{} bytes decoded, {} expected", decoded->size(), frame_size)});
  }
  return {};
}

namespace {

// Elements an encoding changes without changing the instance (issue 11 item 5).
bool encoding_only(Tag t) {
  return t.group() == 0x0002 || t.element() == 0x0000 || t == tags::LossyImageCompression ||
         t == tags::LossyImageCompressionRatio || t == tags::LossyImageCompressionMethod ||
         t == tags::ExtendedOffsetTable || t == tags::ExtendedOffsetTableLengths || t == tags::PixelData;
}

bool textual(VR vr) {
  switch (vr) {
    case VR::AE: case VR::AS: case VR::CS: case VR::DA: case VR::DS: case VR::DT: case VR::IS: case VR::LO:
    case VR::LT: case VR::PN: case VR::SH: case VR::ST: case VR::TM: case VR::UC: case VR::UI: case VR::UR:
    case VR::UT:
      return true;
    default:
      return false;
  }
}

std::string shown(const Element* e) {
  if (e == nullptr) return "(absent)";
  if (e->is_sequence()) return fmt::format("{} item(s)", e->items.size());
  if (e->is_encapsulated()) return fmt::format("{} fragment(s)", e->fragments.size());
  auto bytes = e->value.load();
  if (!bytes) return fmt::format("{} bytes", e->value.size());
  if (textual(e->vr)) {
    std::string_view s = base::as_chars(*bytes);
    s = dicom::trim_padding(s);
    return s.size() > 64 ? fmt::format("'{}...'", s.substr(0, 64)) : fmt::format("'{}'", s);
  }
  if (e->vr == VR::US && bytes->size() == 2) return std::to_string(base::load_le<std::uint16_t>(bytes->data()));
  return fmt::format("{} bytes", bytes->size());
}

bool same_value(const Element& a, const Element& b) {
  if (a.kind != b.kind) return false;
  if (a.is_encapsulated()) return false;  // compared decoded, not here
  auto x = a.value.load(), y = b.value.load();
  if (!x || !y) return false;
  if (textual(a.vr) || textual(b.vr)) return dicom::trim_padding(base::as_chars(*x)) == dicom::trim_padding(base::as_chars(*y));
  return *x == *y;
}

void compare(const DataSet& a, const DataSet& b, const std::string& prefix, std::vector<Difference>& out) {
  constexpr std::size_t kMax = 32;  // a different instance differs in hundreds of places: a few say it
  std::vector<Tag> all;
  for (const Element& e : a) all.push_back(e.tag);
  for (const Element& e : b) all.push_back(e.tag);
  std::sort(all.begin(), all.end(), [](Tag x, Tag y) { return x.value < y.value; });
  all.erase(std::unique(all.begin(), all.end(), [](Tag x, Tag y) { return x.value == y.value; }), all.end());
  for (Tag t : all) {
    if (out.size() >= kMax) return;
    if (prefix.empty() && encoding_only(t)) continue;
    if (t.element() == 0x0000) continue;
    const Element* x = a.find(t);
    const Element* y = b.find(t);
    const std::string path = prefix + dicom::to_string(t);
    const auto* entry = dicom::dict::find(t);
    const std::string keyword = entry ? std::string(entry->keyword) : std::string();
    if (x && y && x->is_sequence() && y->is_sequence() && x->items.size() == y->items.size()) {
      for (std::size_t k = 0; k < x->items.size(); ++k) compare(x->items[k], y->items[k], fmt::format("{}[{}]/", path, k + 1), out);
      continue;
    }
    if (x && y && same_value(*x, *y)) continue;
    out.push_back(Difference{path, keyword, shown(x), shown(y)});
  }
}

// The pixel data decoded to native, in place; an error when it does not decode.
Status decode_in_place(dicom::part10::DicomFile& f, const codec::CodecRegistry& codecs) {
  if (!f.transfer_syntax->encapsulated()) return {};
  auto st = codec::transcode_pixel_data(f.dataset, *f.transfer_syntax, dicom::dict::explicit_vr_little_endian(), codecs);
  if (!st) return std::move(st).error().in_file(f.path);
  return {};
}

// The frames alone: bytes past them (padding some writers add) are not pixels.
bool same_pixels(const base::Bytes& x, const base::Bytes& y, std::uint64_t need) {
  if (need == 0 || x.size() < need || y.size() < need) return x == y;
  return std::equal(x.begin(), x.begin() + static_cast<std::ptrdiff_t>(need), y.begin());
}

// Decoded lossy pixels differ from the original by the compression error: "the same image" when
// the mean absolute difference is within 1% of the sample range (a different image is far off).
bool close_enough(const base::Bytes& x, const base::Bytes& y, const DataSet& ds) {
  if (x.size() != y.size() || x.empty()) return false;
  const unsigned bits = ds.get_uint16(tags::BitsAllocated).value_or(8);
  const unsigned stored = std::min(16u, static_cast<unsigned>(ds.get_uint16(tags::BitsStored).value_or(bits)));
  double sum = 0;
  std::size_t n = 0;
  if (bits == 16) {
    for (std::size_t k = 0; k + 1 < x.size(); k += 2, ++n)
      sum += std::abs(static_cast<int>(base::load_le<std::uint16_t>(x.data() + k)) - static_cast<int>(base::load_le<std::uint16_t>(y.data() + k)));
  } else if (bits == 8) {
    for (std::size_t k = 0; k < x.size(); ++k, ++n) sum += std::abs(static_cast<int>(x[k]) - static_cast<int>(y[k]));
  } else {
    return false;
  }
  return n != 0 && sum / static_cast<double>(n) <= 0.01 * static_cast<double>(1u << stored);
}

}  // namespace

Comparison compare_instances(dicom::part10::DicomFile& a, dicom::part10::DicomFile& b, const codec::CodecRegistry& codecs) {
  Comparison c;
  const bool lossy = is_lossy(a) != is_lossy(b);
  if (auto st = decode_in_place(a, codecs); !st) {
    c.failure.emplace(0, std::move(st).error());
    return c;
  }
  if (auto st = decode_in_place(b, codecs); !st) {
    c.failure.emplace(1, std::move(st).error());
    return c;
  }
  compare(a.dataset, b.dataset, "", c.differences);
  const Element* x = a.dataset.find(tags::PixelData);
  const Element* y = b.dataset.find(tags::PixelData);
  if ((x == nullptr) != (y == nullptr)) {
    c.differences.push_back(Difference{"(7FE0,0010)", "PixelData", shown(x), shown(y)});
  } else if (x != nullptr) {
    auto px = x->value.load(), py = y->value.load();
    if (!px) c.failure.emplace(0, std::move(px.error()).in_file(a.path));
    else if (!py) c.failure.emplace(1, std::move(py.error()).in_file(b.path));
    else if (!same_pixels(*px, *py, native_size(a.dataset)) && !(lossy && close_enough(*px, *py, a.dataset)))
      c.differences.push_back(Difference{"(7FE0,0010)", "PixelData",
                                         fmt::format("{} bytes decoded", px->size()),
                                         fmt::format("{} bytes decoded, {}", py->size(), px->size() == py->size() ? "other values" : "other size")});
  }
  return c;
}

}  // namespace discus::media::author
