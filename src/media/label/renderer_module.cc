// discus-label-renderer.so: SVG -> PDF bytes or RGB pixels through librsvg and cairo, behind a
// C ABI (renderer_abi.h). The only file that includes glib, librsvg and cairo headers. A module
// loaded on first use (render.cc) rather than linked: librsvg, Pango and their kin add ~10 MB to
// the resident size of every process that links them, and `discus dump` must stay small.
// librsvg lays text out with Pango, which picks fonts through fontconfig and falls back per
// character, so the template's font-family list only has to name good first choices; shaping
// (Arabic joining) and the Unicode bidi algorithm come with it.
#include <cairo-pdf.h>
#include <cairo.h>
#include <librsvg/rsvg.h>

#include <cmath>
#include <cstdio>
#include <cstdint>
#include <cstring>
#include <exception>
#include <memory>
#include <string>
#include <vector>

#include "media/label/renderer_abi.h"

namespace {

constexpr double kMaxSideInches = 20;  // a label, not a poster: caps the raster's memory

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

struct Failure {
  int code;
  std::string message;
};

Failure svg_failure(const char* what, GError* raw) {
  std::unique_ptr<GError, GErrorFree> e(raw);
  return {DISCUS_LABEL_RENDER_INVALID, std::string(what) + ": " + (e && e->message ? e->message : "unknown error")};
}

struct PdfSink {
  discus_label_sink sink;
  void* context;
};

// cairo's PDF writer hands its output here piece by piece.
cairo_status_t to_sink(void* closure, const unsigned char* data, unsigned int length) noexcept {
  auto* s = static_cast<PdfSink*>(closure);
  return s->sink(s->context, data, length) == 0 ? CAIRO_STATUS_SUCCESS : CAIRO_STATUS_WRITE_ERROR;
}

bool draw(RsvgHandle* handle, cairo_t* cr, double width, double height, Failure& f) {
  const RsvgRectangle viewport{0, 0, width, height};
  GError* err = nullptr;
  if (!rsvg_handle_render_document(handle, cr, &viewport, &err)) {
    f = svg_failure("cannot render the label", err);
    return false;
  }
  if (cairo_status(cr) != CAIRO_STATUS_SUCCESS) {
    f = {DISCUS_LABEL_RENDER_IO, std::string("cairo: ") + cairo_status_to_string(cairo_status(cr))};
    return false;
  }
  return true;
}

bool render_pdf(RsvgHandle* handle, double width_pt, double height_pt, PdfSink& sink, Failure& f) {
  Surface surface(cairo_pdf_surface_create_for_stream(to_sink, &sink, width_pt, height_pt));
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_TITLE, "Disc label");
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATOR, "Discus");
  {
    Cairo cr(cairo_create(surface.get()));
    if (!draw(handle, cr.get(), width_pt, height_pt, f)) return false;
  }
  cairo_surface_finish(surface.get());
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
    f = {DISCUS_LABEL_RENDER_IO, std::string("cairo PDF: ") + cairo_status_to_string(cairo_surface_status(surface.get()))};
    return false;
  }
  return true;
}

// 8-bit RGB rows, top to bottom, on white: label printers print white as no ink.
bool render_rgb(RsvgHandle* handle, double width_px, double height_px, PdfSink& sink, unsigned* width_out,
                unsigned* height_out, Failure& f) {
  const int w = static_cast<int>(std::ceil(width_px - 1e-6)), h = static_cast<int>(std::ceil(height_px - 1e-6));
  Surface surface(cairo_image_surface_create(CAIRO_FORMAT_RGB24, w, h));
  if (cairo_surface_status(surface.get()) != CAIRO_STATUS_SUCCESS) {
    f = {DISCUS_LABEL_RENDER_LIMIT, "no " + std::to_string(w) + "x" + std::to_string(h) + " raster: " +
                                        cairo_status_to_string(cairo_surface_status(surface.get()))};
    return false;
  }
  {
    Cairo cr(cairo_create(surface.get()));
    cairo_set_source_rgb(cr.get(), 1, 1, 1);  // paper white where the template draws nothing
    cairo_paint(cr.get());
    if (!draw(handle, cr.get(), width_px, height_px, f)) return false;
  }
  cairo_surface_flush(surface.get());
  *width_out = static_cast<unsigned>(w);
  *height_out = static_cast<unsigned>(h);
  const unsigned char* data = cairo_image_surface_get_data(surface.get());
  const int stride = cairo_image_surface_get_stride(surface.get());
  std::vector<unsigned char> row(static_cast<std::size_t>(w) * 3);
  for (int y = 0; y < h; ++y) {
    // RGB24: one native-endian 32-bit word per pixel, 0x00RRGGBB.
    const auto* in = reinterpret_cast<const std::uint32_t*>(data + static_cast<std::ptrdiff_t>(y) * stride);
    for (int x = 0; x < w; ++x) {
      row[3 * x] = static_cast<unsigned char>(in[x] >> 16);
      row[3 * x + 1] = static_cast<unsigned char>(in[x] >> 8);
      row[3 * x + 2] = static_cast<unsigned char>(in[x]);
    }
    if (sink.sink(sink.context, row.data(), row.size()) != 0) {
      f = {DISCUS_LABEL_RENDER_IO, "the raster could not be stored"};
      return false;
    }
  }
  return true;
}

int render(const char* svg, std::size_t svg_length, int format, double dpi, PdfSink& sink, unsigned* width,
           unsigned* height, Failure& f) {
  GError* err = nullptr;
  // From memory and with no base file: the template cannot pull in files by relative or file:
  // references (a logo belongs in the template as a data: URL).
  std::unique_ptr<RsvgHandle, HandleUnref> handle(
      rsvg_handle_new_from_data(reinterpret_cast<const guint8*>(svg), svg_length, &err));
  if (!handle) {
    f = svg_failure("the label is not valid SVG", err);
    return f.code;
  }
  // PDF is measured in points (1/72 inch): at 72 "DPI" librsvg's pixels are points.
  const double unit_dpi = format == DISCUS_LABEL_RENDER_PDF ? 72 : dpi;
  rsvg_handle_set_dpi(handle.get(), unit_dpi);
  double w = 0, h = 0;
  if (!rsvg_handle_get_intrinsic_size_in_pixels(handle.get(), &w, &h) || w <= 0 || h <= 0) {
    f = {DISCUS_LABEL_RENDER_INVALID, "the label's <svg> needs an absolute width and height (e.g. width=\"120mm\")"};
    return f.code;
  }
  if (w > kMaxSideInches * unit_dpi || h > kMaxSideInches * unit_dpi) {
    f = {DISCUS_LABEL_RENDER_LIMIT, "a label larger than 20 inches"};
    return f.code;
  }
  const bool ok = format == DISCUS_LABEL_RENDER_PDF ? render_pdf(handle.get(), w, h, sink, f)
                                                    : render_rgb(handle.get(), w, h, sink, width, height, f);
  return ok ? DISCUS_LABEL_RENDER_OK : f.code;
}

}  // namespace

extern "C" int discus_label_render_v1(const char* svg, std::size_t svg_length, int format, double dpi,
                                      discus_label_sink sink, void* sink_context, unsigned* width, unsigned* height,
                                      char* error, std::size_t error_size) noexcept {
  Failure f{DISCUS_LABEL_RENDER_OK, {}};
  int code = DISCUS_LABEL_RENDER_IO;
  try {
    PdfSink s{sink, sink_context};
    code = render(svg, svg_length, format, dpi, s, width, height, f);
  } catch (const std::exception& e) {  // no exception crosses the C ABI
    f = {DISCUS_LABEL_RENDER_IO, e.what()};
    code = f.code;
  } catch (...) {
    f = {DISCUS_LABEL_RENDER_IO, "unknown failure"};
    code = f.code;
  }
  if (code != DISCUS_LABEL_RENDER_OK && error != nullptr && error_size > 0)
    std::snprintf(error, error_size, "%s", f.message.c_str());
  return code;
}
