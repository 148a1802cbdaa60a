// JPEG-LS decode and encode through CharLS's C API (no exception can leave CharLS this way).
#include "codec/jpeg_ls/jpeg_ls.h"

#include <charls/charls.h>
#include <fmt/format.h>

#include <memory>

#include "codec/jpeg_ls/stored_bits.h"

namespace discus::codec::jpeg_ls {

using base::Bytes;
using base::Error;
using base::ErrorCode;
using base::Result;

namespace {

struct DecoderDeleter {
  void operator()(charls_jpegls_decoder* d) const noexcept { charls_jpegls_decoder_destroy(d); }
};
struct EncoderDeleter {
  void operator()(charls_jpegls_encoder* e) const noexcept { charls_jpegls_encoder_destroy(e); }
};

Error charls_error(const char* what, charls_jpegls_errc ec) {
  return Error{ErrorCode::kBadStructure, fmt::format("JPEG-LS {}: {}", what, charls_get_error_message(ec))};
}

bool ok(charls_jpegls_errc ec) { return ec == charls::jpegls_errc::success; }

// The one JPEG-LS layout that is not colour-by-pixel: one plane per component (ILV = 0).
Bytes planes_to_pixels(const Bytes& planar, std::size_t pixels, unsigned components, unsigned bytes) {
  Bytes out(planar.size());
  for (unsigned c = 0; c < components; ++c)
    for (std::size_t i = 0; i < pixels; ++i)
      for (unsigned b = 0; b < bytes; ++b)
        out[(i * components + c) * bytes + b] = planar[(c * pixels + i) * bytes + b];
  return out;
}

// CharLS returns P <= 8 bit samples in bytes and others in 16-bit words; native wants
// Bits Allocated words with signed patterns sign-extended.
Bytes to_native(const Bytes& decoded, unsigned p, const FrameInfo& info) {
  const unsigned in_bytes = p <= 8 ? 1 : 2;
  const unsigned out_bytes = info.bits_allocated / 8u;
  const bool is_signed = info.pixel_representation == 1 && p < info.bits_allocated;
  if (in_bytes == out_bytes && !is_signed) return decoded;
  const std::size_t n = decoded.size() / in_bytes;
  Bytes out(n * out_bytes);
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint32_t w = from_pattern(load_sample(decoded.data() + i * in_bytes, in_bytes), p, is_signed);
    out[i * out_bytes] = static_cast<std::uint8_t>(w);
    if (out_bytes == 2) out[i * out_bytes + 1] = static_cast<std::uint8_t>(w >> 8);
  }
  return out;
}

Result<FrameInfo> checked_encode_info(base::ByteView native, const FrameInfo& info) {
  if (info.bits_allocated != 8 && info.bits_allocated != 16)
    return Error{ErrorCode::kUnsupported, fmt::format("JPEG-LS encodes 8- or 16-bit words, not Bits Allocated {}", info.bits_allocated)};
  if (info.bits_stored < 2 || info.bits_stored > info.bits_allocated)
    return Error{ErrorCode::kUnsupported, fmt::format("JPEG-LS cannot code Bits Stored {} in Bits Allocated {}", info.bits_stored, info.bits_allocated)};
  if (info.samples_per_pixel != 1 && info.samples_per_pixel != 3)
    return Error{ErrorCode::kUnsupported, fmt::format("JPEG-LS: {} samples per pixel not supported", info.samples_per_pixel)};
  if (info.rows == 0 || info.columns == 0 || info.rows > 65535 || info.columns > 65535)
    return Error{ErrorCode::kUnsupported, fmt::format("JPEG-LS: {}x{} image", info.columns, info.rows)};
  if (native.size() != info.native_frame_size())
    return Error{ErrorCode::kBadLength, fmt::format("JPEG-LS encode: {} bytes given, a frame holds {}", native.size(), info.native_frame_size())};
  return info;
}

// The frame as CharLS reads it: P-bit patterns, bytes for P <= 8, else 16-bit words.
Bytes to_patterns(base::ByteView native, unsigned p, const FrameInfo& info) {
  const unsigned in_bytes = info.bits_allocated / 8u;
  const unsigned out_bytes = p <= 8 ? 1 : 2;
  const std::size_t n = native.size() / in_bytes;
  Bytes out(n * out_bytes);
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint32_t v = to_pattern(load_sample(native.data() + i * in_bytes, in_bytes), p);
    out[i * out_bytes] = static_cast<std::uint8_t>(v);
    if (out_bytes == 2) out[i * out_bytes + 1] = static_cast<std::uint8_t>(v >> 8);
  }
  return out;
}

// A JPEG-LS stream ends with EOI (14495-1 C.1.1). Real archives bend that in ways dcmdjpls
// (dcmtk) decodes, so we do too (README "Tolerated deviations in compressed pixel data"):
//  - pad bytes after EOI: 0x00 (an odd stream padded to an even fragment, PS3.5 A.4) but also
//    0xFF, several bytes, or other bytes a writer left behind;
//  - no EOI at all after a complete scan: dcmdjpls decodes it, GDCM refuses it.
// CharLS stops at the first EOI after the scan and looks no further, so bytes after it are never
// read. Where the stream does not end with EOI (once trailing 0x00 / 0xFF pad bytes are set
// aside), one is appended: CharLS 2.4.1 spends tens of seconds on a scan cut short with nothing
// after it, but refuses the same scan at once when an EOI follows it.
struct Terminated {
  std::size_t end = 0;    // the stream up to and including its EOI, when it ends with one
  bool eoi_appended = false;
  base::Bytes storage;    // otherwise the stream with an EOI appended
  base::ByteView view(base::ByteView input) const { return eoi_appended ? base::ByteView(storage) : input.first(end); }
};

Terminated terminated(base::ByteView stream) {
  std::size_t end = stream.size();
  while (end > 0 && (stream[end - 1] == 0x00 || stream[end - 1] == 0xFF)) --end;
  // "FF D9 FF" and "FF D9 00 00" both leave "... FF D9": the stream ends with EOI.
  if (end >= 2 && stream[end - 2] == 0xFF && stream[end - 1] == 0xD9) return {end, false, {}};
  Terminated t{stream.size(), true, base::Bytes(stream.begin(), stream.end())};
  t.storage.insert(t.storage.end(), {0xFF, 0xD9});
  return t;
}

}  // namespace

Result<Bytes> decode(base::ByteView input, FrameInfo& info) {
  const Terminated t = terminated(input);
  const base::ByteView stream = t.view(input);
  // A failure of a stream without EOI is most likely its truncation: say so.
  auto fail = [&](const char* what, charls_jpegls_errc ec) {
    if (!t.eoi_appended) return charls_error(what, ec);
    return Error{ErrorCode::kTruncated,
                 fmt::format("JPEG-LS stream of {} bytes does not end with EOI (FFD9) and does not decode without it "
                             "(truncated?): {}: {}", input.size(), what, charls_get_error_message(ec))};
  };
  std::unique_ptr<charls_jpegls_decoder, DecoderDeleter> decoder(charls_jpegls_decoder_create());
  if (!decoder) return Error{ErrorCode::kLimitExceeded, "JPEG-LS: cannot create a decoder"};
  if (auto ec = charls_jpegls_decoder_set_source_buffer(decoder.get(), stream.data(), stream.size()); !ok(ec))
    return fail("source", ec);
  if (auto ec = charls_jpegls_decoder_read_header(decoder.get()); !ok(ec)) return fail("header", ec);
  charls_frame_info frame{};
  if (auto ec = charls_jpegls_decoder_get_frame_info(decoder.get(), &frame); !ok(ec)) return fail("frame header", ec);
  // The stream's declared size must be the one the data set declares before anything is allocated.
  if (frame.width != info.columns || frame.height != info.rows || frame.component_count != info.samples_per_pixel)
    return Error{ErrorCode::kBadStructure,
                 fmt::format("JPEG-LS frame is {}x{} with {} components; the data set says {}x{} with {} samples", frame.width,
                             frame.height, frame.component_count, info.columns, info.rows, info.samples_per_pixel)};
  const unsigned p = static_cast<unsigned>(frame.bits_per_sample);
  if ((info.bits_allocated != 8 && info.bits_allocated != 16) || p < 2 || p > info.bits_allocated)
    return Error{ErrorCode::kBadStructure, fmt::format("JPEG-LS precision {} does not fit Bits Allocated {}", p, info.bits_allocated)};
  charls_interleave_mode mode{};
  if (auto ec = charls_jpegls_decoder_get_interleave_mode(decoder.get(), &mode); !ok(ec)) return charls_error("interleave mode", ec);
  std::size_t size = 0;
  if (auto ec = charls_jpegls_decoder_get_destination_size(decoder.get(), 0, &size); !ok(ec)) return charls_error("size", ec);
  const std::size_t pixels = std::size_t{info.rows} * info.columns;
  const unsigned bytes = p <= 8 ? 1 : 2;
  if (size != pixels * info.samples_per_pixel * bytes)
    return Error{ErrorCode::kBadStructure, fmt::format("JPEG-LS decoder wants {} bytes for a {}x{} frame", size, info.columns, info.rows)};
  Bytes decoded(size);
  if (auto ec = charls_jpegls_decoder_decode_to_buffer(decoder.get(), decoded.data(), decoded.size(), 0); !ok(ec))
    return fail("scan", ec);
  if (mode == charls::interleave_mode::none && info.samples_per_pixel > 1)
    decoded = planes_to_pixels(decoded, pixels, info.samples_per_pixel, bytes);
  info.planar_configuration = 0;
  return to_native(decoded, p, info);
}

Result<Bytes> encode(base::ByteView native, FrameInfo& info, const EncodeOptions& options) {
  DISCUS_TRY(const FrameInfo checked, checked_encode_info(native, info));
  const unsigned p = precision_for(native, checked);
  if (options.near_lossless < 0 || options.near_lossless > (1 << (p - 1)) - 1)
    return Error{ErrorCode::kInvalidArgument, fmt::format("JPEG-LS NEAR {} is out of range for {}-bit samples", options.near_lossless, p)};
  const Bytes patterns = to_patterns(native, p, checked);
  std::unique_ptr<charls_jpegls_encoder, EncoderDeleter> encoder(charls_jpegls_encoder_create());
  if (!encoder) return Error{ErrorCode::kLimitExceeded, "JPEG-LS: cannot create an encoder"};
  const charls_frame_info frame{checked.columns, checked.rows, static_cast<int32_t>(p), checked.samples_per_pixel};
  if (auto ec = charls_jpegls_encoder_set_frame_info(encoder.get(), &frame); !ok(ec)) return charls_error("frame", ec);
  // Colour-by-pixel input is coded sample-interleaved; colour-by-plane input one plane per scan.
  const bool planar = checked.samples_per_pixel > 1 && checked.planar_configuration == 1;
  const auto mode = checked.samples_per_pixel == 1 || planar ? charls::interleave_mode::none : charls::interleave_mode::sample;
  if (auto ec = charls_jpegls_encoder_set_interleave_mode(encoder.get(), mode); !ok(ec)) return charls_error("interleave", ec);
  if (auto ec = charls_jpegls_encoder_set_near_lossless(encoder.get(), options.near_lossless); !ok(ec)) return charls_error("NEAR", ec);
  std::size_t estimate = 0;
  if (auto ec = charls_jpegls_encoder_get_estimated_destination_size(encoder.get(), &estimate); !ok(ec)) return charls_error("size", ec);
  Bytes out(estimate);
  if (auto ec = charls_jpegls_encoder_set_destination_buffer(encoder.get(), out.data(), out.size()); !ok(ec)) return charls_error("buffer", ec);
  if (auto ec = charls_jpegls_encoder_encode_from_buffer(encoder.get(), patterns.data(), patterns.size(), 0); !ok(ec))
    return charls_error("encode", ec);
  std::size_t written = 0;
  if (auto ec = charls_jpegls_encoder_get_bytes_written(encoder.get(), &written); !ok(ec)) return charls_error("encode", ec);
  out.resize(written);  // the writer pads an odd fragment (PS3.5 A.4)
  return out;
}

}  // namespace discus::codec::jpeg_ls
