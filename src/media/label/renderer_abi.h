// discus::media::label — the C ABI between render.cc and the renderer module
// (discus-label-renderer.so, renderer_module.cc), so the module can be loaded with dlopen on first
// use instead of linked: what librsvg costs in memory is paid only by the processes that draw labels.
// Versioned by the symbol's name; a changed signature gets a new name.
//   auto* f = reinterpret_cast<discus_label_render_fn>(dlsym(h, "discus_label_render_v1"));
#pragma once

#include <cstddef>

extern "C" {

// Receives the output piece by piece (PDF bytes, or RGB rows top to bottom); non-zero stops.
typedef int (*discus_label_sink)(void* context, const unsigned char* data, std::size_t length);

enum {
  DISCUS_LABEL_RENDER_OK = 0,
  DISCUS_LABEL_RENDER_INVALID = 1,  // not SVG, or no absolute size
  DISCUS_LABEL_RENDER_LIMIT = 2,    // too large
  DISCUS_LABEL_RENDER_IO = 3,       // cairo or the sink failed
};
enum { DISCUS_LABEL_RENDER_PDF = 0, DISCUS_LABEL_RENDER_RGB = 1 };

// Renders `svg`: PDF (vector, page the SVG's size) or 8-bit RGB on white at `dpi`; for RGB,
// *width and *height are set. On failure, a message in `error` (NUL-terminated, truncated).
typedef int (*discus_label_render_fn)(const char* svg, std::size_t svg_length, int format, double dpi,
                                      discus_label_sink sink, void* sink_context, unsigned* width,
                                      unsigned* height, char* error, std::size_t error_size);
int discus_label_render_v1(const char* svg, std::size_t svg_length, int format, double dpi, discus_label_sink sink,
                           void* sink_context, unsigned* width, unsigned* height, char* error,
                           std::size_t error_size) noexcept;
}
