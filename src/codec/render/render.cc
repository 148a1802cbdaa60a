#include "codec/render/render.h"

#include <fmt/format.h>

#include "codec/frames/frames.h"
#include "codec/frames/transcode_pixels.h"
#include "codec/render/attributes.h"
#include "codec/render/samples.h"
#include "dicom/dict/tags.h"

namespace discus::codec::render {

using base::Error;
using base::ErrorCode;
using base::Result;
namespace tags = dicom::tags;

Result<Image> render_frame(const dicom::DataSet& ds, const FrameInfo& info, base::ByteView frame, const RenderOptions& options) {
  const unsigned high_bit = ds.get_uint16(tags::HighBit).value_or(static_cast<std::uint16_t>(info.bits_stored - 1));
  // A decoder may have changed Bits Stored (never the position of the stored bits in its output).
  const unsigned hb = info.bits_stored > high_bit + 1 || high_bit >= info.bits_allocated ? info.bits_stored - 1u : high_bit;
  DISCUS_TRY(const std::vector<std::int64_t> samples, unpack_samples(frame, info, hb));
  const std::string& pi = info.photometric_interpretation;
  Image img;
  if (pi == "MONOCHROME1" || pi == "MONOCHROME2") {
    if (info.samples_per_pixel != 1)
      return Error{ErrorCode::kBadStructure, fmt::format("{} with {} samples per pixel", pi, info.samples_per_pixel)}.at_tag("(0028,0002)");
    DISCUS_TRY(GrayscalePipeline p, grayscale_pipeline(ds, options.frame));
    p.invert = pi == "MONOCHROME1" || ds.get_string(tags::PresentationLUTShape).value_or("") == "INVERSE";
    if (options.window) {
      const VoiFunction f = p.window ? p.window->function : VoiFunction::kLinear;
      p.window = *options.window;
      p.window->function = f;
    }
    img = render_grayscale(samples, info.columns, info.rows, p);
  } else if (pi == "PALETTE COLOR") {
    if (info.samples_per_pixel != 1)
      return Error{ErrorCode::kBadStructure, "PALETTE COLOR with more than one sample per pixel"}.at_tag("(0028,0002)");
    DISCUS_TRY(const Palette palette, palette_from(ds));
    img = render_palette(samples, info.columns, info.rows, palette);
  } else if (pi == "RGB" || pi == "YBR_FULL" || pi == "YBR_FULL_422") {
    if (info.samples_per_pixel != 3)
      return Error{ErrorCode::kBadStructure, fmt::format("{} with {} samples per pixel", pi, info.samples_per_pixel)}.at_tag("(0028,0002)");
    img = render_color(samples, info.columns, info.rows, info.bits_stored, pi != "RGB");
  } else {
    return Error{ErrorCode::kUnsupported, fmt::format("Photometric Interpretation '{}' cannot be rendered", pi)}.at_tag("(0028,0004)");
  }
  if (options.overlays) DISCUS_CHECK(burn_overlays(img, ds, options.frame));
  return img;
}

Result<Image> render_instance(const dicom::DataSet& ds, const dicom::dict::TransferSyntax& ts, const RenderOptions& options,
                              const CodecRegistry& codecs) {
  const dicom::Element* pixel = ds.find(tags::PixelData);
  if (pixel == nullptr) return Error{ErrorCode::kNotFound, "no Pixel Data"}.at_tag("(7FE0,0010)");
  DISCUS_TRY(FrameInfo info, frame_info_from(ds));
  DISCUS_TRY(const std::uint32_t frames, number_of_frames(ds));
  if (options.frame >= frames)
    return Error{ErrorCode::kInvalidArgument, fmt::format("frame {} asked for; the image has {} frame(s)", options.frame + 1, frames)};

  if (pixel->is_encapsulated()) {
    const Decoder* decoder = codecs.decoder(ts.uid);
    if (decoder == nullptr)
      return Error{ErrorCode::kUnsupported, fmt::format("no decoder for {} in this build", ts.name)}.at_tag("(7FE0,0010)");
    DISCUS_TRY(const FrameLayout layout, locate_frames(*pixel, frames, ds));
    if (options.frame >= layout.frames.size())
      return Error{ErrorCode::kBadStructure, fmt::format("frame {} not found in the fragments", options.frame + 1)}.at_tag("(7FE0,0010)");
    DISCUS_TRY(const base::Bytes compressed, load_frame(*pixel, layout.frames[options.frame]));
    FrameInfo decoded = info;
    decoded.planar_configuration = 0;  // ask for colour-by-pixel, as the transcoder does
    auto native = decoder->decode(compressed, decoded);
    if (!native) return frame_error(std::move(native.error()), *pixel, layout.frames[options.frame], options.frame);
    return render_frame(ds, decoded, *native, options);
  }
  if (pixel->kind != dicom::Element::Kind::kPrimitive) return Error{ErrorCode::kBadStructure, "Pixel Data is not a value"}.at_tag("(7FE0,0010)");
  const std::uint64_t frame_bytes = native_frame_bytes(info);
  if (frame_bytes == 0)
    return Error{ErrorCode::kUnsupported, fmt::format("{}x{} with {} samples of {} bits cannot be rendered", info.rows, info.columns,
                                                      info.samples_per_pixel, info.bits_allocated)};
  if (info.bits_allocated == 1 && frames > 1 && (static_cast<std::uint64_t>(info.rows) * info.columns) % 8 != 0)
    return Error{ErrorCode::kUnsupported, "1-bit frames that do not start on a byte boundary"}.at_tag("(7FE0,0010)");
  DISCUS_TRY(const base::Bytes native, native_frame(*pixel, options.frame, frame_bytes));
  return render_frame(ds, info, native, options);
}

}  // namespace discus::codec::render
