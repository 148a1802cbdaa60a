// libFuzzer harness for our own sequential DCT decoder (JPEG extended, 12-bit; 8-bit too), and
// the body the corpus replay test (tests/unit/codec/jpeg/jpeg_fuzz_corpus_test.cc) runs.
// Build: cmake --preset fuzz && cmake --build --preset fuzz -j1 --target jpeg_extended_decoder_fuzzer
// Run:   build/fuzz/tests/fuzz/jpeg_extended_decoder_fuzzer -rss_limit_mb=512 -max_len=16384
//          NEW_CORPUS_DIR tests/fuzz/corpus/jpeg_extended   (one command line)
// The input is a raw JPEG stream; FrameInfo comes from its first SOF0/SOF1 (capped at 2^22
// samples) so the fuzzer reaches the scan decoder. A decoded frame must have the FrameInfo size
// and every sample must fit the frame's precision; anything else is a bug.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>

#include "base/bytes.h"
#include "base/result.h"
#include "codec/jpeg/jpeg.h"

namespace discus::fuzz {

struct JpegExtendedOutcome {
  bool had_frame_header = false;
  std::optional<base::Error> decode_error;
  std::optional<std::string> failure;  // always a bug
};

namespace {

constexpr std::uint64_t kMaxSamples = 1u << 22;

struct FuzzFrame {
  codec::FrameInfo info;
  unsigned precision = 0;
};

std::optional<FuzzFrame> frame_from_sof(base::ByteView d) {
  for (std::size_t i = 0; i + 10 < d.size(); ++i) {
    if (d[i] != 0xFF || (d[i + 1] != 0xC0 && d[i + 1] != 0xC1)) continue;
    FuzzFrame f;
    f.precision = d[i + 4];
    f.info.rows = static_cast<std::uint32_t>(d[i + 5] << 8 | d[i + 6]);
    f.info.columns = static_cast<std::uint32_t>(d[i + 7] << 8 | d[i + 8]);
    f.info.samples_per_pixel = d[i + 9];
    if ((f.precision != 8 && f.precision != 12) || (f.info.samples_per_pixel != 1 && f.info.samples_per_pixel != 3)) return std::nullopt;
    if (static_cast<std::uint64_t>(f.info.rows) * f.info.columns * f.info.samples_per_pixel > kMaxSamples) return std::nullopt;
    f.info.bits_allocated = f.precision == 8 ? 8 : 16;
    f.info.bits_stored = static_cast<std::uint16_t>(f.precision);
    // YBR_FULL exercises the colour conversion; grey frames stay grey.
    f.info.photometric_interpretation = f.info.samples_per_pixel == 3 ? "YBR_FULL" : "MONOCHROME2";
    return f;
  }
  return std::nullopt;
}

}  // namespace

JpegExtendedOutcome run_jpeg_extended_decoder_body(base::ByteView data) {
  JpegExtendedOutcome out;
  std::optional<FuzzFrame> frame = frame_from_sof(data);
  if (!frame) {
    codec::FrameInfo small{8, 8, 1, 16, 12, 0, 0, "MONOCHROME2"};
    auto r = codec::jpeg::decode_dct(data, small);
    if (!r) out.decode_error = r.error();
    return out;
  }
  out.had_frame_header = true;
  codec::FrameInfo info = frame->info;
  auto decoded = codec::jpeg::decode_dct(data, info);
  if (!decoded) {
    out.decode_error = decoded.error();
    return out;
  }
  if (decoded->size() != frame->info.native_frame_size()) {
    out.failure = "decoded frame size differs from the FrameInfo size";
    return out;
  }
  if (frame->precision == 12) {
    for (std::size_t i = 0; i + 1 < decoded->size(); i += 2) {
      if (((*decoded)[i + 1] >> 4) != 0) {
        out.failure = "a 12-bit sample above 4095";
        return out;
      }
    }
  }
  if (frame->info.samples_per_pixel == 3 && info.photometric_interpretation != "RGB") out.failure = "YBR_FULL not reported as RGB after decoding";
  return out;
}

}  // namespace discus::fuzz

#ifdef DISCUS_LIBFUZZER_MAIN
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto outcome = discus::fuzz::run_jpeg_extended_decoder_body(discus::base::ByteView(data, size));
  if (outcome.failure) {
    std::fprintf(stderr, "jpeg_extended_decoder_fuzzer: %s\n", outcome.failure->c_str());
    __builtin_trap();
  }
  return 0;
}
#endif
