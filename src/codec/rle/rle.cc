#include "codec/rle/rle.h"

#include <algorithm>
#include <array>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>  // the compiler's SSE2 intrinsics (x86-64 baseline)
#endif

#include <fmt/format.h>

#include "base/endian.h"
#include "dicom/dict/uids.h"

namespace discus::codec {

using base::ByteView;
using base::Bytes;
using base::Error;
using base::ErrorCode;
using base::Result;

namespace {

constexpr std::size_t kHeaderSize = 64;   // PS3.5 G.5: 16 uint32
constexpr std::uint32_t kMaxSegments = 15;

// Where the byte planes of a frame live in native memory: plane `s` (0-based segment number)
// starts at base(s) and advances by `stride` per pixel.
struct PlaneLayout {
  std::size_t pixels = 0;          // rows x columns
  std::uint32_t segments = 0;      // samples x bytes per sample
  unsigned bytes_per_sample = 0;
  unsigned samples = 0;
  bool by_plane = false;

  std::size_t stride() const { return by_plane ? bytes_per_sample : static_cast<std::size_t>(samples) * bytes_per_sample; }
  std::size_t base(std::uint32_t segment) const {
    const unsigned sample = segment / bytes_per_sample;
    // G.2: the first segment of a sample holds its most significant byte; native is little endian.
    const unsigned byte = bytes_per_sample - 1 - segment % bytes_per_sample;
    return by_plane ? static_cast<std::size_t>(sample) * pixels * bytes_per_sample + byte
                    : static_cast<std::size_t>(sample) * bytes_per_sample + byte;
  }
};

Result<PlaneLayout> plane_layout(const FrameInfo& info) {
  const std::uint64_t size = info.native_frame_size();
  if (size == 0 || size > (1ull << 32))
    return Error{ErrorCode::kInvalidArgument,
                 fmt::format("RLE: unusable frame geometry {}x{}, {} samples of {} bits", info.rows, info.columns,
                             info.samples_per_pixel, info.bits_allocated)};
  PlaneLayout l;
  l.pixels = static_cast<std::size_t>(info.rows) * info.columns;
  l.bytes_per_sample = info.bits_allocated / 8u;
  l.samples = info.samples_per_pixel;
  l.segments = static_cast<std::uint32_t>(l.samples) * l.bytes_per_sample;
  l.by_plane = info.planar_configuration == 1 && l.samples > 1;
  if (l.segments > kMaxSegments)
    return Error{ErrorCode::kUnsupported,
                 fmt::format("RLE: {} samples of {} bits need {} segments; PS3.5 G.5 allows at most 15", l.samples,
                             info.bits_allocated, l.segments)};
  return l;
}

// Decodes segment `s` (bytes [begin, end) of `frame`) into `l.pixels` contiguous bytes at `dst`.
// PS3.5 G.3.1 has a segment decode to exactly Rows x Columns bytes. Tolerated, as dcmdrle
// tolerates them (README "Tolerated deviations in compressed pixel data"): a segment that decodes
// to more (its last run passes the end of the plane: the plane is filled and the excess dropped)
// and bytes after the plane is full (pad bytes, no-ops, gaps before the next segment's offset).
// A segment that decodes to fewer bytes is refused: the missing samples would be invented.
base::Status decode_segment(ByteView frame, std::size_t begin, std::size_t end, std::uint32_t s,
                            const PlaneLayout& l, std::uint8_t* dst) {
  const std::uint8_t* src = frame.data();
  std::size_t done = 0;  // bytes of the plane written
  std::size_t i = begin;
  auto fail = [&](ErrorCode code, std::string_view what) {
    return Error{code, fmt::format("RLE segment {} of {}: {} at byte {} of the {}-byte frame, after {} of {} bytes of its plane",
                                   s + 1, l.segments, what, i, frame.size(), done, l.pixels)}
        .at_offset(i);
  };
  while (done < l.pixels) {
    if (i >= end) return fail(ErrorCode::kTruncated, "data ends");
    const auto n = static_cast<std::int8_t>(src[i]);
    if (n >= 0) {
      const std::size_t count = static_cast<std::size_t>(n) + 1;
      if (end - i - 1 < count) return fail(ErrorCode::kTruncated, "literal run passes the end of the segment");
      // A run past the end of the plane fills it and the rest is dropped (see the function's comment).
      const std::size_t take = std::min(count, l.pixels - done);
      ++i;
      std::memcpy(dst + done, src + i, take);
      i += count;
      done += take;
    } else if (n != -128) {
      const std::size_t count = static_cast<std::size_t>(1 - n);
      if (end - i < 2) return fail(ErrorCode::kTruncated, "replicate run without its byte");
      const std::size_t take = std::min(count, l.pixels - done);
      const std::uint8_t value = src[i + 1];
      std::memset(dst + done, value, take);
      i += 2;
      done += take;
    } else {
      ++i;  // -128: no operation
    }
  }
  return {};
}

// Native samples from the byte planes of a frame (segment order, `l.pixels` bytes each).
void interleave(const std::uint8_t* planes, const PlaneLayout& l, std::uint8_t* out) {
  const std::size_t n = l.pixels;
  if (l.samples == 1 && l.bytes_per_sample == 2) {
    // The common 16-bit grey frame: segment 0 holds the high bytes, segment 1 the low bytes.
    const std::uint8_t* high = planes;
    const std::uint8_t* low = planes + n;
    std::size_t i = 0;
#if defined(__SSE2__)
    // Sixteen samples per step: unpack interleaves low and high bytes (little-endian words).
    for (; i + 16 <= n; i += 16) {
      const __m128i l16 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(low + i));
      const __m128i h16 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(high + i));
      _mm_storeu_si128(reinterpret_cast<__m128i*>(out + 2 * i), _mm_unpacklo_epi8(l16, h16));
      _mm_storeu_si128(reinterpret_cast<__m128i*>(out + 2 * i + 16), _mm_unpackhi_epi8(l16, h16));
    }
#endif
    for (; i < n; ++i) {
      out[2 * i] = low[i];
      out[2 * i + 1] = high[i];
    }
    return;
  }
  const std::size_t stride = l.stride();
  for (std::uint32_t s = 0; s < l.segments; ++s) {
    const std::uint8_t* src = planes + s * n;
    std::uint8_t* dst = out + l.base(s);
    for (std::size_t i = 0; i < n; ++i) dst[i * stride] = src[i];
  }
}

// PackBits over one row of a byte plane (G.3.1: rows are encoded separately).
void encode_row(const std::uint8_t* row, std::size_t n, Bytes& out) {
  std::size_t i = 0;
  while (i < n) {
    std::size_t run = 1;
    while (i + run < n && run < 128 && row[i + run] == row[i]) ++run;
    if (run >= 2) {
      out.push_back(static_cast<std::uint8_t>(257 - run));  // -(run - 1) as a signed byte
      out.push_back(row[i]);
      i += run;
      continue;
    }
    // Literal: up to the next run of three equal bytes (shorter runs are cheaper left literal).
    std::size_t j = i + 1;
    while (j < n && j - i < 128 && !(j + 2 < n && row[j] == row[j + 1] && row[j] == row[j + 2])) ++j;
    out.push_back(static_cast<std::uint8_t>(j - i - 1));
    out.insert(out.end(), row + i, row + j);
    i = j;
  }
}

class RleDecoder final : public Decoder {
 public:
  Result<Bytes> decode(ByteView frame, FrameInfo& info) const override { return rle_decode(frame, info); }
};

class RleEncoder final : public Encoder {
 public:
  Result<Bytes> encode(ByteView native, FrameInfo& info) const override { return rle_encode(native, info); }
};

}  // namespace

Result<Bytes> rle_decode(ByteView frame, const FrameInfo& info) {
  DISCUS_TRY(const PlaneLayout l, plane_layout(info));
  if (frame.size() < kHeaderSize)
    return Error{ErrorCode::kTruncated, fmt::format("RLE header needs 64 bytes; the frame has {}", frame.size())};
  const std::uint32_t count = base::load_le<std::uint32_t>(frame.data());
  if (count != l.segments)
    return Error{ErrorCode::kBadStructure,
                 fmt::format("RLE header declares {} segments; {} samples of {} bits need {}", count, l.samples,
                             info.bits_allocated, l.segments)};
  std::array<std::size_t, kMaxSegments + 1> offsets{};
  for (std::uint32_t s = 0; s < count; ++s) {
    const std::uint32_t off = base::load_le<std::uint32_t>(frame.data() + 4 + 4 * s);
    if (off < kHeaderSize || off >= frame.size())
      return Error{ErrorCode::kBadLength,
                   fmt::format("RLE segment {} of {} starts at byte {}, outside the segments (bytes 64..{} of the frame)",
                               s + 1, count, off, frame.size())};
    if (s > 0 && off < offsets[s - 1])
      return Error{ErrorCode::kBadStructure,
                   fmt::format("RLE segment {} starts at byte {}, before segment {} (byte {})", s + 1, off, s, offsets[s - 1])};
    offsets[s] = off;
  }
  offsets[count] = frame.size();
  Bytes out(static_cast<std::size_t>(info.native_frame_size()));
  if (l.stride() == 1) {
    for (std::uint32_t s = 0; s < count; ++s) DISCUS_CHECK(decode_segment(frame, offsets[s], offsets[s + 1], s, l, out.data() + l.base(s)));
    return out;
  }
  // Interleaved samples: each segment is decoded into a contiguous byte plane (runs become
  // memcpy/memset), then the planes are interleaved in one pass.
  Bytes planes(l.pixels * count);
  for (std::uint32_t s = 0; s < count; ++s)
    DISCUS_CHECK(decode_segment(frame, offsets[s], offsets[s + 1], s, l, planes.data() + s * l.pixels));
  interleave(planes.data(), l, out.data());
  return out;
}

Result<Bytes> rle_encode(ByteView native, const FrameInfo& info) {
  DISCUS_TRY(const PlaneLayout l, plane_layout(info));
  if (native.size() < info.native_frame_size())
    return Error{ErrorCode::kInvalidArgument,
                 fmt::format("RLE encode: {} bytes given for a frame of {}", native.size(), info.native_frame_size())};
  Bytes out(kHeaderSize, 0);
  base::store_le<std::uint32_t>(out.data(), l.segments);
  const std::size_t stride = l.stride();
  Bytes row(info.columns);
  for (std::uint32_t s = 0; s < l.segments; ++s) {
    if (out.size() > 0xFFFFFFFFull)
      return Error{ErrorCode::kLimitExceeded, "RLE segment offsets exceed 32 bits"};
    base::store_le<std::uint32_t>(out.data() + 4 + 4 * s, static_cast<std::uint32_t>(out.size()));
    const std::uint8_t* plane = native.data() + l.base(s);
    for (std::size_t r = 0; r < info.rows; ++r) {
      const std::size_t first = r * info.columns;
      if (stride == 1) {
        encode_row(plane + first, info.columns, out);
      } else {
        for (std::size_t c = 0; c < info.columns; ++c) row[c] = plane[(first + c) * stride];
        encode_row(row.data(), row.size(), out);
      }
    }
    if (out.size() % 2) out.push_back(0);  // G.3.1: segments have even length
  }
  if (out.size() > 0xFFFFFFFFull) return Error{ErrorCode::kLimitExceeded, "RLE frame exceeds 4 GiB"};
  return out;
}

void register_rle(CodecRegistry& registry) {
  registry.add_decoder(std::string(dicom::uids::RLELossless), std::make_shared<RleDecoder>());
  registry.add_encoder(std::string(dicom::uids::RLELossless), std::make_shared<RleEncoder>());
}

}  // namespace discus::codec
