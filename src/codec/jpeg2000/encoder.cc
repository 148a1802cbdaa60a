// JPEG 2000 encoding: native words into OpenJPEG components, one tile, one quality layer, written
// as a raw codestream (PS3.5 A.4.4 allows it and it is what DICOM files usually hold).
#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "codec/jpeg2000/jpeg2000.h"
#include "codec/jpeg2000/opj_adapter.h"

namespace discus::codec::jpeg2000 {

using base::Bytes;
using base::Error;
using base::ErrorCode;
using base::Result;

namespace {

constexpr unsigned kMaxResolutions = 6;  // five decomposition levels, OpenJPEG's default

base::Status check_encode_info(base::ByteView native, const FrameInfo& info) {
  if (info.bits_allocated != 8 && info.bits_allocated != 16)
    return Error{ErrorCode::kUnsupported, fmt::format("JPEG 2000 encodes 8- or 16-bit words, not Bits Allocated {}", info.bits_allocated)};
  if (info.bits_stored < 1 || info.bits_stored > info.bits_allocated)
    return Error{ErrorCode::kUnsupported, fmt::format("JPEG 2000 cannot code Bits Stored {} in Bits Allocated {}", info.bits_stored, info.bits_allocated)};
  if (info.samples_per_pixel != 1 && info.samples_per_pixel != 3)
    return Error{ErrorCode::kUnsupported, fmt::format("JPEG 2000: {} samples per pixel not supported", info.samples_per_pixel)};
  // Three samples must be full-resolution RGB or YBR_FULL; the subsampled YBR kinds are not native here.
  if (info.samples_per_pixel == 3 && info.photometric_interpretation != "RGB" && info.photometric_interpretation != "YBR_FULL")
    return Error{ErrorCode::kUnsupported, fmt::format("JPEG 2000 encoding of Photometric Interpretation {} is not supported", info.photometric_interpretation)};
  if (info.rows == 0 || info.columns == 0)
    return Error{ErrorCode::kUnsupported, fmt::format("JPEG 2000: {}x{} image", info.columns, info.rows)};
  if (native.size() != info.native_frame_size())
    return Error{ErrorCode::kBadLength, fmt::format("JPEG 2000 encode: {} bytes given, a frame holds {}", native.size(), info.native_frame_size())};
  return {};
}

// The precision to code: Bits Stored when the bits above High Bit only repeat what the decoder
// restores (zeros, or the sign for signed data); otherwise the whole word, so bytes round trip.
unsigned precision_for(base::ByteView native, const FrameInfo& info) {
  const unsigned bytes = info.bits_allocated / 8u, stored = info.bits_stored;
  if (stored >= info.bits_allocated) return info.bits_allocated;
  const std::uint32_t sign = 1u << (stored - 1), low = (sign << 1) - 1u, word = bytes == 1 ? 0xFFu : 0xFFFFu;
  for (std::size_t i = 0; i + bytes <= native.size(); i += bytes) {
    const std::uint32_t w = bytes == 1 ? native[i] : static_cast<std::uint32_t>(native[i] | (native[i + 1] << 8));
    const std::uint32_t high = info.pixel_representation == 1 && (w & sign) ? (word & ~low) : 0u;
    if ((w & ~low) != high) return info.bits_allocated;
  }
  return stored;
}

Result<Image> make_image(base::ByteView native, const FrameInfo& info) {
  const unsigned spp = info.samples_per_pixel, bytes = info.bits_allocated / 8u;
  const unsigned p = precision_for(native, info);
  const bool is_signed = info.pixel_representation == 1;
  std::vector<opj_image_cmptparm_t> parms(spp);
  for (auto& c : parms) {
    c = opj_image_cmptparm_t{};
    c.dx = c.dy = 1;
    c.w = info.columns;
    c.h = info.rows;
    c.prec = p;
    c.sgnd = is_signed ? 1 : 0;
  }
  Image image(opj_image_create(spp, parms.data(), spp == 3 ? OPJ_CLRSPC_SRGB : OPJ_CLRSPC_GRAY));
  if (!image) return Error{ErrorCode::kLimitExceeded, "JPEG 2000: cannot allocate the image"};
  image->x0 = image->y0 = 0;
  image->x1 = info.columns;
  image->y1 = info.rows;
  const std::size_t pixels = std::size_t{info.rows} * info.columns;
  const bool planar = spp > 1 && info.planar_configuration == 1;
  const std::uint32_t sign = 1u << (p - 1), mask = p >= 32 ? ~0u : (sign << 1) - 1u;
  for (unsigned c = 0; c < spp; ++c) {
    OPJ_INT32* dst = image->comps[c].data;
    for (std::size_t i = 0; i < pixels; ++i) {
      const std::size_t at = (planar ? c * pixels + i : i * spp + c) * bytes;
      std::uint32_t v = bytes == 1 ? native[at] : static_cast<std::uint32_t>(native[at] | (native[at + 1] << 8));
      v &= mask;
      dst[i] = is_signed && (v & sign) ? static_cast<OPJ_INT32>(v) - static_cast<OPJ_INT32>(mask) - 1 : static_cast<OPJ_INT32>(v);
    }
  }
  return image;
}

// Decomposition levels such that the lowest resolution is still at least one sample wide.
int resolutions_for(const FrameInfo& info) {
  const std::uint32_t smallest = std::min(info.rows, info.columns);
  unsigned n = 1;
  while (n < kMaxResolutions && (1u << n) <= smallest) ++n;
  return static_cast<int>(n);
}

opj_cparameters_t parameters_for(const FrameInfo& info, const EncodeOptions& options, bool mct) {
  opj_cparameters_t p;
  opj_set_default_encoder_parameters(&p);
  p.tcp_numlayers = 1;
  p.numresolution = resolutions_for(info);
  p.irreversible = options.irreversible ? 1 : 0;
  p.tcp_mct = mct ? 1 : 0;
  if (options.irreversible && options.psnr > 0) {
    p.cp_fixed_quality = 1;
    p.tcp_distoratio[0] = options.psnr;
  } else {
    p.cp_disto_alloc = 1;
    p.tcp_rates[0] = options.irreversible ? std::max(1.0f, options.ratio) : 0.0f;  // 0: every bit, lossless
  }
  return p;
}

Error opj_error(const char* step, const Messages& messages) {
  return Error{ErrorCode::kBadStructure,
               fmt::format("JPEG 2000 {} failed{}{}", step, messages.text().empty() ? "" : ": ", messages.text())};
}

}  // namespace

Result<Bytes> encode(base::ByteView native, FrameInfo& info, const EncodeOptions& options) {
  DISCUS_CHECK(check_encode_info(native, info));
  DISCUS_TRY(Image image, make_image(native, info));
  // RGB goes through the component transform (RCT when reversible, ICT otherwise); YBR_FULL and
  // grey do not (PS3.5 A.4.4).
  const bool mct = info.samples_per_pixel == 3 && info.photometric_interpretation == "RGB";
  opj_cparameters_t parameters = parameters_for(info, options, mct);
  Codec codec(opj_create_compress(OPJ_CODEC_J2K));
  if (!codec) return Error{ErrorCode::kLimitExceeded, "JPEG 2000: cannot create an encoder"};
  Messages messages;
  messages.attach(codec.get());
  if (!opj_setup_encoder(codec.get(), &parameters, image.get())) return opj_error("encoder setup", messages);
  if (!opj_codec_set_threads(codec.get(), thread_count(options.threads))) return opj_error("thread setup", messages);
  OutputBuffer buffer;
  Stream out = output_stream(buffer);
  if (!out) return Error{ErrorCode::kLimitExceeded, "JPEG 2000: cannot create a stream"};
  if (!opj_start_compress(codec.get(), image.get(), out.get()) || !opj_encode(codec.get(), out.get()) ||
      !opj_end_compress(codec.get(), out.get()))
    return opj_error("encode", messages);
  out.reset();  // flushes what OpenJPEG still buffers
  if (mct) info.photometric_interpretation = options.irreversible ? "YBR_ICT" : "YBR_RCT";
  info.planar_configuration = 0;
  return std::move(buffer.bytes);
}

}  // namespace discus::codec::jpeg2000
