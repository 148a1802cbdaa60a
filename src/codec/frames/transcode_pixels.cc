#include "codec/frames/transcode_pixels.h"

#include <fmt/format.h>

#include "codec/frames/frames.h"
#include "dicom/dict/tags.h"

namespace discus::codec {

using base::Bytes;
using base::Error;
using base::ErrorCode;
using base::Result;
namespace tags = dicom::tags;

namespace {

// Native Pixel Data is one value with a 32-bit length (PS3.5 7.1.2), kept in memory here.
constexpr std::uint64_t kMaxNativePixelData = 0xFFFFFFFEull;

Result<Bytes> decode_all(const dicom::DataSet& ds, const dicom::Element& pixel, const FrameInfo& info,
                         std::uint32_t frames, const Decoder& decoder, FrameInfo& decoded_info) {
  const std::uint64_t frame_size = info.native_frame_size();
  if (frame_size == 0 || frames > kMaxNativePixelData / frame_size)
    return Error{ErrorCode::kLimitExceeded,
                 fmt::format("{} frames of {}x{}x{} samples of {} bits do not fit native Pixel Data", frames, info.rows,
                             info.columns, info.samples_per_pixel, info.bits_allocated)};
  DISCUS_TRY(const FrameLayout layout, locate_frames(pixel, frames, ds));
  Bytes native;
  native.reserve(static_cast<std::size_t>(frame_size * frames));
  for (std::size_t i = 0; i < layout.frames.size(); ++i) {
    DISCUS_TRY(const Bytes compressed, load_frame(pixel, layout.frames[i]));
    FrameInfo fi = info;
    fi.planar_configuration = 0;  // ask for colour-by-pixel
    auto decoded = decoder.decode(compressed, fi);
    if (!decoded) return frame_error(std::move(decoded.error()), pixel, layout.frames[i], i);
    if (decoded->size() != frame_size)
      return Error{ErrorCode::kBadLength, fmt::format("frame {} decoded to {} bytes, expected {}", i + 1, decoded->size(), frame_size)};
    native.insert(native.end(), decoded->begin(), decoded->end());
    decoded_info = fi;
  }
  return native;
}

}  // namespace

Result<std::uint32_t> number_of_frames(const dicom::DataSet& ds) {
  if (!ds.contains(tags::NumberOfFrames)) return 1u;
  const auto n = ds.get_int(tags::NumberOfFrames);
  if (!n || *n < 1 || *n > 0x7FFFFFFF) return Error{ErrorCode::kBadStructure, "Number of Frames is not a positive integer"}.at_tag("(0028,0008)");
  return static_cast<std::uint32_t>(*n);
}

Result<FrameInfo> frame_info_from(const dicom::DataSet& ds) {
  FrameInfo info;
  const auto rows = ds.get_uint16(tags::Rows);
  const auto columns = ds.get_uint16(tags::Columns);
  const auto bits = ds.get_uint16(tags::BitsAllocated);
  if (!rows || !columns || !bits) return Error{ErrorCode::kBadStructure, "Rows, Columns or Bits Allocated missing"};
  info.rows = *rows;
  info.columns = *columns;
  info.bits_allocated = *bits;
  info.samples_per_pixel = ds.get_uint16(tags::SamplesPerPixel).value_or(1);
  info.bits_stored = ds.get_uint16(tags::BitsStored).value_or(info.bits_allocated);
  info.pixel_representation = ds.get_uint16(tags::PixelRepresentation).value_or(0);
  info.planar_configuration = ds.get_uint16(tags::PlanarConfiguration).value_or(0);
  info.photometric_interpretation = std::string(ds.get_string(tags::PhotometricInterpretation).value_or(""));
  return info;
}

base::Status transcode_pixel_data(dicom::DataSet& ds, const dicom::dict::TransferSyntax& from,
                                  const dicom::dict::TransferSyntax& to, const CodecRegistry& registry) {
  if (&from == &to || (!from.encapsulated() && !to.encapsulated())) return {};
  const dicom::Element* pixel = ds.find(tags::PixelData);
  if (pixel == nullptr) return {};
  const Decoder* decoder = from.encapsulated() ? registry.decoder(from.uid) : nullptr;
  const Encoder* encoder = to.encapsulated() ? registry.encoder(to.uid) : nullptr;
  if (from.encapsulated() && decoder == nullptr)
    return Error{ErrorCode::kUnsupported, fmt::format("pixel data is compressed ({}); converting it needs a codec, not yet available", from.name)};
  if (to.encapsulated() && encoder == nullptr)
    return Error{ErrorCode::kUnsupported, fmt::format("compressing pixel data to {} needs a codec, not yet available", to.name)};
  DISCUS_TRY(FrameInfo info, frame_info_from(ds));
  DISCUS_TRY(const std::uint32_t frames, number_of_frames(ds));

  if (decoder != nullptr) {
    FrameInfo decoded_info = info;
    DISCUS_TRY(Bytes native, decode_all(ds, *pixel, info, frames, *decoder, decoded_info));
    dicom::Element e;
    e.tag = tags::PixelData;
    e.vr = info.bits_allocated > 8 ? dicom::VR::OW : dicom::VR::OB;
    e.value.bytes = std::move(native);
    ds.insert(std::move(e));
    ds.erase(tags::ExtendedOffsetTable);
    ds.erase(tags::ExtendedOffsetTableLengths);
    if (info.samples_per_pixel > 1) ds.set_uint16(tags::PlanarConfiguration, decoded_info.planar_configuration);
    if (!decoded_info.photometric_interpretation.empty() && decoded_info.photometric_interpretation != info.photometric_interpretation)
      ds.set_string(tags::PhotometricInterpretation, dicom::VR::CS, decoded_info.photometric_interpretation);
    info = decoded_info;
    pixel = ds.find(tags::PixelData);
    if (from.lossy()) ds.set_string(tags::LossyImageCompression, dicom::VR::CS, "01");  // C.7.6.1.1.5: never reset
  }
  if (encoder != nullptr) {
    if (pixel->kind != dicom::Element::Kind::kPrimitive)
      return Error{ErrorCode::kBadStructure, "native pixel data expected"}.at_tag("(7FE0,0010)");
    const std::uint64_t frame_size = info.native_frame_size();
    if (frame_size == 0)
      return Error{ErrorCode::kUnsupported, fmt::format("cannot compress {} bits allocated, {}x{}", info.bits_allocated, info.rows, info.columns)};
    std::vector<Bytes> encoded;
    encoded.reserve(frames);
    FrameInfo encoded_info = info;
    for (std::uint32_t i = 0; i < frames; ++i) {
      DISCUS_TRY(const Bytes native, native_frame(*pixel, i, frame_size));
      FrameInfo fi = info;
      auto e = encoder->encode(native, fi);
      if (!e) return std::move(e.error().at_tag(fmt::format("(7FE0,0010) frame {}", i + 1)));
      encoded.push_back(std::move(*e));
      encoded_info = fi;
    }
    set_encapsulated_pixel_data(ds, std::move(encoded));
    // An encoder may store another colour space (JPEG baseline: RGB as YBR_FULL_422).
    if (!encoded_info.photometric_interpretation.empty() && encoded_info.photometric_interpretation != info.photometric_interpretation)
      ds.set_string(tags::PhotometricInterpretation, dicom::VR::CS, encoded_info.photometric_interpretation);
    // PS3.3 C.7.6.1.1.5: lossy pixels say so. Ratio, Method and the new SOP Instance UID belong to
    // the caller that decided on the lossy step (media/author/lossy_derivative.h).
    if (to.lossy()) ds.set_string(tags::LossyImageCompression, dicom::VR::CS, "01");
    // The compressed stream defines its own sample order; decoders are asked for colour-by-pixel.
    if (info.samples_per_pixel > 1) ds.set_uint16(tags::PlanarConfiguration, 0);
  }
  return {};
}

}  // namespace discus::codec
