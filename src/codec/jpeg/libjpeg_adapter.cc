// The libjpeg-turbo adapter: 8-bit sequential/baseline decoding and baseline encoding. This is
// the only file that includes <jpeglib.h>. libjpeg reports fatal errors through error_exit, which
// must not return: we longjmp back into the small C-style functions below, which hold nothing
// with a destructor between setjmp and any libjpeg call (so no C++ object is skipped).
#include <csetjmp>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>

#include <jpeglib.h>
// jerror.h after jpeglib.h: the message codes (JWRN_JPEG_EOF).
#include <jerror.h>

#include <fmt/format.h>

#include "codec/jpeg/jpeg.h"
#include "codec/jpeg/native_layout.h"

namespace discus::codec::jpeg {
namespace {

using base::Error;
using base::ErrorCode;

struct ErrorManager {
  jpeg_error_mgr pub;  // first member: libjpeg sees a jpeg_error_mgr*
  std::jmp_buf jump;
  char message[JMSG_LENGTH_MAX];
  char warning[JMSG_LENGTH_MAX];
  bool truncated;  // a "premature end of data" warning: the scan is incomplete
};

extern "C" void on_fatal(j_common_ptr cinfo) noexcept {
  auto* e = reinterpret_cast<ErrorManager*>(cinfo->err);
  (*cinfo->err->format_message)(cinfo, e->message);
  std::longjmp(e->jump, 1);
}

// Warnings (level -1) are kept, not printed: libjpeg substitutes grey for missing data after
// JWRN_JPEG_EOF, which we report as a truncated frame instead of returning invented pixels.
extern "C" void on_message(j_common_ptr cinfo, int level) noexcept {
  auto* e = reinterpret_cast<ErrorManager*>(cinfo->err);
  if (level >= 0) return;
  if (e->warning[0] == '\0') (*cinfo->err->format_message)(cinfo, e->warning);
  if (cinfo->err->msg_code == JWRN_JPEG_EOF) e->truncated = true;
  ++cinfo->err->num_warnings;
}

void init_errors(ErrorManager& e) {
  std::memset(&e, 0, sizeof e);
  jpeg_std_error(&e.pub);
  e.pub.error_exit = on_fatal;
  e.pub.emit_message = on_message;
}

struct Decompressor {
  jpeg_decompress_struct cinfo{};
  ErrorManager err{};
  Decompressor() {
    init_errors(err);
    cinfo.err = &err.pub;
    jpeg_create_decompress(&cinfo);
  }
  ~Decompressor() { jpeg_destroy_decompress(&cinfo); }
  Decompressor(const Decompressor&) = delete;
  Decompressor& operator=(const Decompressor&) = delete;
};

// Each returns false when libjpeg raised a fatal error (message in err.message).
bool read_header(Decompressor& d, const unsigned char* data, unsigned long size) {
  if (setjmp(d.err.jump)) return false;
  jpeg_mem_src(&d.cinfo, data, size);
  jpeg_read_header(&d.cinfo, TRUE);
  return true;
}

bool read_pixels(Decompressor& d, unsigned char* out, std::size_t row_bytes) {
  if (setjmp(d.err.jump)) return false;
  jpeg_start_decompress(&d.cinfo);
  while (d.cinfo.output_scanline < d.cinfo.output_height && !d.err.truncated) {
    JSAMPROW row = out + static_cast<std::size_t>(d.cinfo.output_scanline) * row_bytes;
    jpeg_read_scanlines(&d.cinfo, &row, 1);
  }
  // Whatever follows the last scan line (EOI or padding) does not change the pixels.
  jpeg_abort_decompress(&d.cinfo);
  return true;
}

Error libjpeg_error(const char* what, const char* message) {
  return Error{ErrorCode::kBadStructure, fmt::format("JPEG: libjpeg-turbo {}: {}", what, message)};
}

}  // namespace

base::Result<base::Bytes> decode_libjpeg(base::ByteView stream, FrameInfo& info) {
  if (stream.empty()) return Error{ErrorCode::kTruncated, "JPEG: empty frame"};
  Decompressor d;
  if (!read_header(d, stream.data(), static_cast<unsigned long>(stream.size()))) return libjpeg_error("cannot read the header", d.err.message);
  jpeg_decompress_struct& c = d.cinfo;
  // Checked before jpeg_start_decompress allocates anything for the image.
  DISCUS_CHECK(check_frame(static_cast<unsigned>(c.data_precision), c.image_height, c.image_width,
                           static_cast<unsigned>(c.num_components), info));
  if (c.data_precision != 8) return Error{ErrorCode::kUnsupported, fmt::format("JPEG: libjpeg-turbo decodes 8-bit data, not {}-bit", c.data_precision)};
  const ColourPlan plan = colour_plan(info);
  if (c.num_components == 1) {
    c.jpeg_color_space = JCS_GRAYSCALE;
    c.out_color_space = JCS_GRAYSCALE;
  } else if (c.num_components == 3) {
    c.jpeg_color_space = plan.ycbcr_to_rgb ? JCS_YCbCr : JCS_RGB;  // the PI names the stream's space
    c.out_color_space = JCS_RGB;
  } else {
    return Error{ErrorCode::kUnsupported, fmt::format("JPEG: {} components", c.num_components)};
  }
  c.dct_method = JDCT_ISLOW;
  const std::size_t row_bytes = static_cast<std::size_t>(c.image_width) * static_cast<unsigned>(c.num_components);
  base::Bytes samples(row_bytes * c.image_height);
  if (!read_pixels(d, samples.data(), row_bytes)) return libjpeg_error("cannot decode the frame", d.err.message);
  // libjpeg-turbo cannot tell a cut scan from a complete one without EOI; dcmdjpeg and GDCM refuse
  // both, and so do we (README "Tolerated deviations in compressed pixel data").
  if (d.err.truncated)
    return Error{ErrorCode::kTruncated, fmt::format("JPEG: the {}-byte frame ends before its EOI marker (FFD9): truncated, or EOI missing ({})",
                                                    stream.size(), d.err.warning)};
  info.photometric_interpretation = plan.photometric_after;
  return to_native(std::move(samples), info);
}

namespace {

struct Compressor {
  jpeg_compress_struct cinfo{};
  ErrorManager err{};
  unsigned char* buffer = nullptr;  // jpeg_mem_dest's output, malloc'd by libjpeg
  unsigned long size = 0;
  Compressor() {
    init_errors(err);
    cinfo.err = &err.pub;
    jpeg_create_compress(&cinfo);
  }
  ~Compressor() {
    jpeg_destroy_compress(&cinfo);
    std::free(buffer);
  }
  Compressor(const Compressor&) = delete;
  Compressor& operator=(const Compressor&) = delete;
};

bool compress(Compressor& e, const unsigned char* pixels, J_COLOR_SPACE input_space, const EncodeOptions& options) {
  if (setjmp(e.err.jump)) return false;
  jpeg_compress_struct& c = e.cinfo;
  jpeg_mem_dest(&c, &e.buffer, &e.size);
  c.in_color_space = input_space;
  jpeg_set_defaults(&c);
  jpeg_set_quality(&c, options.quality, TRUE);  // TRUE: table entries limited to 1..255, as baseline needs
  c.optimize_coding = TRUE;              // Huffman tables fitted to the image; still baseline
  c.dct_method = JDCT_ISLOW;
  c.restart_interval = options.restart_interval;
  if (c.input_components == 3) {
    jpeg_set_colorspace(&c, JCS_YCbCr);
    // YBR_FULL_422 (PS3.3 C.7.6.3.1.2): Cb and Cr at half the horizontal rate, full vertical.
    c.comp_info[0].h_samp_factor = 2;
    c.comp_info[0].v_samp_factor = 1;
    for (int i = 1; i < 3; ++i) c.comp_info[i].h_samp_factor = c.comp_info[i].v_samp_factor = 1;
  }
  jpeg_start_compress(&c, TRUE);
  const std::size_t row_bytes = static_cast<std::size_t>(c.image_width) * static_cast<unsigned>(c.input_components);
  while (c.next_scanline < c.image_height) {
    JSAMPROW row = const_cast<unsigned char*>(pixels + static_cast<std::size_t>(c.next_scanline) * row_bytes);
    jpeg_write_scanlines(&c, &row, 1);
  }
  jpeg_finish_compress(&c);
  return true;
}

}  // namespace

base::Result<base::Bytes> encode(base::ByteView native, FrameInfo& info, const EncodeOptions& options) {
  const std::string& pi = info.photometric_interpretation;
  if (info.bits_allocated != 8 || info.bits_stored > 8 || info.pixel_representation != 0) {
    return Error{ErrorCode::kUnsupported, fmt::format("JPEG baseline encodes unsigned 8-bit samples, not Bits Allocated {} / Bits Stored {} / Pixel Representation {}",
                                                      info.bits_allocated, info.bits_stored, info.pixel_representation)};
  }
  J_COLOR_SPACE space = JCS_UNKNOWN;
  if (info.samples_per_pixel == 1 && (pi == "MONOCHROME1" || pi == "MONOCHROME2")) space = JCS_GRAYSCALE;
  if (info.samples_per_pixel == 3 && pi == "RGB") space = JCS_RGB;
  if (info.samples_per_pixel == 3 && pi == "YBR_FULL") space = JCS_YCbCr;
  if (space == JCS_UNKNOWN) {
    return Error{ErrorCode::kUnsupported, fmt::format("JPEG baseline: cannot encode {} samples of {}", info.samples_per_pixel, pi)};
  }
  if (options.restart_interval > 0xFFFF) return Error{ErrorCode::kInvalidArgument, "JPEG restart interval above 65535"};
  if (options.quality < 1 || options.quality > 100) return Error{ErrorCode::kInvalidArgument, fmt::format("JPEG quality {} is outside 1-100", options.quality)};
  if (info.rows > JPEG_MAX_DIMENSION || info.columns > JPEG_MAX_DIMENSION || info.native_frame_size() == 0) {
    return Error{ErrorCode::kUnsupported, fmt::format("JPEG: cannot encode a {}x{} frame", info.rows, info.columns)};
  }
  if (native.size() < info.native_frame_size()) return Error{ErrorCode::kTruncated, "JPEG: native frame shorter than Rows x Columns x Samples"};
  const base::Bytes interleaved = colour_by_pixel(native.first(static_cast<std::size_t>(info.native_frame_size())), info);
  Compressor e;
  e.cinfo.image_width = info.columns;
  e.cinfo.image_height = info.rows;
  e.cinfo.input_components = info.samples_per_pixel;
  if (!compress(e, interleaved.data(), space, options)) return libjpeg_error("cannot encode the frame", e.err.message);
  if (info.samples_per_pixel == 3) info.photometric_interpretation = "YBR_FULL_422";
  info.planar_configuration = 0;
  base::Bytes out(e.buffer, e.buffer + e.size);
  return out;
}

}  // namespace discus::codec::jpeg
