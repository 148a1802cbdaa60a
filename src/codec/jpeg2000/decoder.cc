// JPEG 2000 / HTJ2K decoding: header checked against the data set, then OpenJPEG decodes into its
// image and the components are interleaved into native words.
#include <fmt/format.h>

#include <array>
#include <cstring>

#include "codec/jpeg2000/jpeg2000.h"
#include "codec/jpeg2000/opj_adapter.h"

namespace discus::codec::jpeg2000 {

using base::Bytes;
using base::Error;
using base::ErrorCode;
using base::Result;

namespace {

// ISO/IEC 15444-1 I.5.1: the JP2 signature box; A.4.1: SOC then SIZ starts a codestream.
constexpr std::array<std::uint8_t, 12> kJp2Signature = {0, 0, 0, 12, 'j', 'P', ' ', ' ', 0x0D, 0x0A, 0x87, 0x0A};

Result<OPJ_CODEC_FORMAT> format_of(base::ByteView stream) {
  if (stream.size() >= kJp2Signature.size() && std::memcmp(stream.data(), kJp2Signature.data(), kJp2Signature.size()) == 0)
    return OPJ_CODEC_JP2;
  if (stream.size() >= 4 && stream[0] == 0xFF && stream[1] == 0x4F && stream[2] == 0xFF && stream[3] == 0x51) return OPJ_CODEC_J2K;
  return Error{ErrorCode::kBadStructure, "JPEG 2000: the frame starts with neither a codestream (SOC, SIZ) nor a JP2 signature"};
}

Error opj_error(const char* step, const Messages& messages) {
  return Error{ErrorCode::kBadStructure,
               fmt::format("JPEG 2000 {} failed{}{}", step, messages.text().empty() ? "" : ": ", messages.text())};
}

// Everything the header declares must match the data set before OpenJPEG allocates the image.
base::Status check_header(const opj_image_t& image, const FrameInfo& info) {
  const std::uint64_t width = image.x1 - image.x0, height = image.y1 - image.y0;
  if (width != info.columns || height != info.rows || image.numcomps != info.samples_per_pixel)
    return Error{ErrorCode::kBadStructure, fmt::format("JPEG 2000 image is {}x{} with {} components; the data set says {}x{} with {} samples",
                                                       width, height, image.numcomps, info.columns, info.rows, info.samples_per_pixel)};
  if (info.bits_allocated != 8 && info.bits_allocated != 16)
    return Error{ErrorCode::kUnsupported, fmt::format("JPEG 2000 into Bits Allocated {} is not supported", info.bits_allocated)};
  for (OPJ_UINT32 c = 0; c < image.numcomps; ++c) {
    const opj_image_comp_t& comp = image.comps[c];
    if (comp.dx != 1 || comp.dy != 1)
      return Error{ErrorCode::kUnsupported, fmt::format("JPEG 2000 component {} is subsampled ({}x{})", c, comp.dx, comp.dy)};
    if (comp.prec < 1 || comp.prec > info.bits_allocated)
      return Error{ErrorCode::kBadStructure, fmt::format("JPEG 2000 component {} has {} bits; Bits Allocated is {}", c, comp.prec, info.bits_allocated)};
  }
  return {};
}

// Whether the codestream's default COD applies a multiple component transform (15444-1 A.6.1).
bool uses_mct(opj_codec_t* codec) {
  opj_codestream_info_v2_t* cstr = opj_get_cstr_info(codec);
  if (cstr == nullptr) return false;
  const bool mct = cstr->m_default_tile_info.mct != 0;
  opj_destroy_cstr_info(&cstr);
  return mct;
}

// Component values into native words. Signed components arrive sign-extended; unsigned ones of
// signed data (a stream that codes the bit patterns) are sign-extended from their precision here.
Bytes interleave(const opj_image_t& image, const FrameInfo& info) {
  const std::size_t pixels = std::size_t{info.rows} * info.columns;
  const unsigned spp = image.numcomps, bytes = info.bits_allocated / 8u;
  Bytes out(pixels * spp * bytes);
  for (unsigned c = 0; c < spp; ++c) {
    const opj_image_comp_t& comp = image.comps[c];
    const bool extend = comp.sgnd == 0 && info.pixel_representation == 1 && comp.prec < info.bits_allocated;
    const std::uint32_t sign = 1u << (comp.prec - 1), high = ~((sign << 1) - 1u);
    for (std::size_t i = 0; i < pixels; ++i) {
      auto v = static_cast<std::uint32_t>(comp.data[i]);
      if (extend && (v & sign)) v |= high;
      std::uint8_t* dst = out.data() + (i * spp + c) * bytes;
      dst[0] = static_cast<std::uint8_t>(v);
      if (bytes == 2) dst[1] = static_cast<std::uint8_t>(v >> 8);
    }
  }
  return out;
}

}  // namespace

Result<Bytes> decode(base::ByteView stream, FrameInfo& info, const DecodeOptions& options) {
  DISCUS_TRY(const OPJ_CODEC_FORMAT format, format_of(stream));
  Codec codec(opj_create_decompress(format));
  if (!codec) return Error{ErrorCode::kLimitExceeded, "JPEG 2000: cannot create a decoder"};
  Messages messages;
  messages.attach(codec.get());
  opj_dparameters_t parameters;
  opj_set_default_decoder_parameters(&parameters);
  if (!opj_setup_decoder(codec.get(), &parameters)) return opj_error("decoder setup", messages);
  if (!opj_codec_set_threads(codec.get(), thread_count(options.threads))) return opj_error("thread setup", messages);
  InputBuffer buffer{stream};
  Stream in = input_stream(buffer);
  if (!in) return Error{ErrorCode::kLimitExceeded, "JPEG 2000: cannot create a stream"};
  opj_image_t* raw_image = nullptr;
  const bool header_read = opj_read_header(in.get(), codec.get(), &raw_image);
  Image image(raw_image);
  if (!header_read || !image) return opj_error("header", messages);
  DISCUS_CHECK(check_header(*image, info));
  if (!opj_decode(codec.get(), in.get(), image.get()) || !opj_end_decompress(codec.get(), in.get())) return opj_error("decode", messages);
  for (OPJ_UINT32 c = 0; c < image->numcomps; ++c)
    if (image->comps[c].data == nullptr || image->comps[c].w != info.columns || image->comps[c].h != info.rows)
      return Error{ErrorCode::kBadStructure, fmt::format("JPEG 2000 component {} was not decoded at full size", c)};
  // The inverse RCT/ICT gives back RGB (PS3.3 C.7.6.3.1.2); without MCT the samples stay as labelled.
  if (info.samples_per_pixel == 3 && uses_mct(codec.get())) info.photometric_interpretation = "RGB";
  info.planar_configuration = 0;
  return interleave(*image, info);
}

}  // namespace discus::codec::jpeg2000
