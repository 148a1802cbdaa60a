// SVG -> PDF and raster through librsvg and cairo: the only file that includes their headers
// (glib, librsvg, cairo). librsvg lays text out with Pango, which picks fonts through fontconfig
// and falls back per character, so the template's font-family list only has to name good first
// choices; shaping (Arabic joining) and the Unicode bidi algorithm come with it.
#include <cairo-pdf.h>
#include <cairo.h>
#include <fmt/format.h>
#include <librsvg/rsvg.h>

#include <cmath>
#include <memory>

#include "media/label/label.h"
#include "media/label/raster.h"

namespace discus::media::label {
namespace {

using base::Error;
using base::ErrorCode;

constexpr double kMaxSideInches = 20;   // a label, not a poster: caps the raster's memory
constexpr double kMaxDpi = 2400;

struct GErrorFree {
  void operator()(GError* e) const noexcept { g_error_free(e); }
};
struct HandleUnref {
  void operator()(RsvgHandle* h) const noexcept { g_object_unref(h); }
};
struct SurfaceDestroy {
  void operator()(cairo_surface_t* s) const noexcept { cairo_surface_destroy(s); }
};
struct CairoDestroy {
  void operator()(cairo_t* c) const noexcept { cairo_destroy(c); }
};
using Surface = std::unique_ptr<cairo_surface_t, SurfaceDestroy>;
using Cairo = std::unique_ptr<cairo_t, CairoDestroy>;

Error svg_error(std::string_view what, GError* raw) {
  std::unique_ptr<GError, GErrorFree> e(raw);
  return Error{ErrorCode::kInvalidArgument, fmt::format("{}: {}", what, e && e->message ? e->message : "unknown error")};
}

// cairo's PDF writer hands its output here piece by piece.
cairo_status_t append_to_bytes(void* closure, const unsigned char* data, unsigned int length) noexcept {
  try {
    auto* out = static_cast<base::Bytes*>(closure);
    out->insert(out->end(), data, data + length);
    return CAIRO_STATUS_SUCCESS;
  } catch (...) {
    return CAIRO_STATUS_NO_MEMORY;
  }
}

base::Status draw(RsvgHandle* handle, cairo_t* cr, double width, double height) {
  const RsvgRectangle viewport{0, 0, width, height};
  GError* err = nullptr;
  if (!rsvg_handle_render_document(handle, cr, &viewport, &err)) return svg_error("cannot render the label", err);
  if (cairo_status(cr) != CAIRO_STATUS_SUCCESS)
    return Error{ErrorCode::kIo, fmt::format("cairo: {}", cairo_status_to_string(cairo_status(cr)))};
  return {};
}

base::Result<base::Bytes> render_pdf(RsvgHandle* handle, double width_pt, double height_pt) {
  base::Bytes out;
  Surface surface(cairo_pdf_surface_create_for_stream(append_to_bytes, &out, width_pt, height_pt));
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, "Disc label");
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "Discus");
  {
    Cairo cr(cairo_create(surface.get()));
    DISCUS_CHECK(draw(handle, cr.get(), width_pt, height_pt));
  }
  cairo_surface_finish(surface.get());
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS)
    return Error{ErrorCode::kIo, fmt::format("cairo PDF: {}", cairo_status_to_string(cairo_surface_status(surface.get())))};
  return out;
}

base::Result<codec::render::Image> render_rgb(RsvgHandle* handle, double width_px, double height_px) {
  const int w = static_cast<int>(std::ceil(width_px - 1e-6)), h = static_cast<int>(std::ceil(height_px - 1e-6));
  Surface surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h));
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS)
    return Error{ErrorCode::kLimitExceeded, fmt::format("no {}x{} raster: {}", w, h, cairo_status_to_string(cairo_surface_status(surface.get())))};
  {
    Cairo cr(cairo_create(surface.get()));
    cairo_set_source_rgb(cr.get(), 1, 1, 1);  // paper white where the template draws nothing
    cairo_paint(cr.get());
    DISCUS_CHECK(draw(handle, cr.get(), width_px, height_px));
  }
  cairo_surface_flush(surface.get());
  codec::render::Image img;
  img.width = static_cast<std::uint32_t>(w);
  img.height = static_cast<std::uint32_t>(h);
  img.channels = 3;
  img.pixels.resize(static_cast<std::size_t>(w) * h * 3);
  const unsigned char* data = cairo_image_surface_get_data(surface.get());
  const int stride = cairo_image_surface_get_stride(surface.get());
  std::uint8_t* out = img.pixels.data();
  for (int y = 0; y < h; ++y) {
    // RGB24: one native-endian 32-bit word per pixel, 0x00RRGGBB.
    const auto* row = reinterpret_cast<const std::uint32_t*>(data + static_cast<std::ptrdiff_t>(y) * stride);
    for (int x = 0; x < w; ++x) {
      const std::uint32_t p = row[x];
      *out++ = static_cast<std::uint8_t>(p >> 16);
      *out++ = static_cast<std::uint8_t>(p >> 8);
      *out++ = static_cast<std::uint8_t>(p);
    }
  }
  return img;
}

}  // namespace

base::Result<base::Bytes> render(std::string_view svg, Format format, double dpi) {
  if (!(dpi >= 10 && dpi <= kMaxDpi)) return Error{ErrorCode::kInvalidArgument, fmt::format("a DPI from 10 to {:g}", kMaxDpi)};
  GError* err = nullptr;
  // From memory and with no base file: the template cannot pull in files by relative or file:
  // references (a logo belongs in the template as a data: URL).
  std::unique_ptr<RsvgHandle, HandleUnref> handle(
      rsvg_handle_new_from_data(reinterpret_cast<const guint8*>(svg.data()), svg.size(), &err));
  if (!handle) return svg_error("the label is not valid SVG", err);
  // PDF is measured in points (1/72 inch): at 72 "DPI" librsvg's pixels are points.
  const double unit_dpi = format == Format::kPdf ? 72 : dpi;
  rsvg_handle_set_dpi(handle.get(), unit_dpi);
  double width = 0, height = 0;
  if (!rsvg_handle_get_intrinsic_size_in_pixels(handle.get(), &width, &height) || width <= 0 || height <= 0)
    return Error{ErrorCode::kInvalidArgument, "the label's <svg> needs an absolute width and height (e.g. width=\"120mm\")"};
  if (width > kMaxSideInches * unit_dpi || height > kMaxSideInches * unit_dpi)
    return Error{ErrorCode::kLimitExceeded, fmt::format("a label larger than {:g} inches", kMaxSideInches)};
  if (format == Format::kPdf) return render_pdf(handle.get(), width, height);
  DISCUS_TRY(codec::render::Image img, render_rgb(handle.get(), width, height));
  switch (format) {
    case Format::kPng: return encode_png_at(img, dpi);
    case Format::kJpeg: return encode_jpeg_at(img, dpi);
    case Format::kBmp: return encode_bmp(img, dpi);
    case Format::kPdf: break;
  }
  return Error{ErrorCode::kInvalidArgument, "unknown label format"};
}

base::Result<base::Bytes> make_label(const Template& tmpl, const LabelData& data, Format format, double dpi) {
  DISCUS_TRY(std::string svg, merge(tmpl, data));
  return render(svg, format, dpi);
}

}  // namespace discus::media::label
