// render(): finds and loads the renderer module (renderer_abi.h) on first use, then turns what it
// draws into PDF bytes or a PNG/JPEG/BMP file (raster.h).
#include <dlfcn.h>
#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <mutex>

#include "media/label/label.h"
#include "media/label/raster.h"
#include "media/label/renderer_abi.h"

#ifndef DISCUS_LABEL_RENDERER_BUILT
#define DISCUS_LABEL_RENDERER_BUILT ""
#endif
#ifndef DISCUS_LABEL_RENDERER_INSTALLED
#define DISCUS_LABEL_RENDERER_INSTALLED "/usr/lib/discus/discus-label-renderer.so"
#endif

namespace discus::media::label {
namespace {

using base::Error;
using base::ErrorCode;

constexpr double kMaxDpi = 2400;

struct Loaded {
  discus_label_render_fn render = nullptr;
  std::string error;
};

// Where the module is: $DISCUS_LABEL_RENDERER, the build tree's (a developer build and its tests),
// the installed one. Loaded once per process and never unloaded (glib cannot be unloaded).
const Loaded& renderer() {
  static const Loaded loaded = [] {
    Loaded l;
    std::vector<std::string> candidates;
    if (const char* env = std::getenv("DISCUS_LABEL_RENDERER"); env != nullptr && *env != '\0') candidates.push_back(env);
    candidates.push_back(DISCUS_LABEL_RENDERER_BUILT);
    candidates.push_back(DISCUS_LABEL_RENDERER_INSTALLED);
    std::string tried;
    for (const std::string& path : candidates) {
      std::error_code ec;
      if (path.empty() || !std::filesystem::exists(path, ec)) continue;
      void* h = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
      if (h == nullptr) {
        tried += fmt::format("; {}: {}", path, dlerror());
        continue;
      }
      l.render = reinterpret_cast<discus_label_render_fn>(dlsym(h, "discus_label_render_v1"));
      if (l.render != nullptr) return l;
      tried += fmt::format("; {}: no discus_label_render_v1", path);
    }
    l.error = fmt::format("the label renderer module (discus-label-renderer.so) was not found{}; set DISCUS_LABEL_RENDERER",
                          tried.empty() ? std::string(" at ") + DISCUS_LABEL_RENDERER_INSTALLED : tried);
    return l;
  }();
  return loaded;
}

int append(void* context, const unsigned char* data, std::size_t length) {
  try {
    auto* out = static_cast<base::Bytes*>(context);
    out->insert(out->end(), data, data + length);
    return 0;
  } catch (...) {
    return 1;
  }
}

ErrorCode code_of(int rc) {
  switch (rc) {
    case DISCUS_LABEL_RENDER_INVALID: return ErrorCode::kInvalidArgument;
    case DISCUS_LABEL_RENDER_LIMIT: return ErrorCode::kLimitExceeded;
    default: return ErrorCode::kIo;
  }
}

}  // namespace

base::Result<base::Bytes> render(std::string_view svg, Format format, double dpi) {
  if (!(dpi >= 10 && dpi <= kMaxDpi)) return Error{ErrorCode::kInvalidArgument, fmt::format("a DPI from 10 to {:g}", kMaxDpi)};
  const Loaded& r = renderer();
  if (r.render == nullptr) return Error{ErrorCode::kUnsupported, r.error};
  base::Bytes out;
  unsigned width = 0, height = 0;
  char message[512] = {};
  const int kind = format == Format::kPdf ? DISCUS_LABEL_RENDER_PDF : DISCUS_LABEL_RENDER_RGB;
  const int rc = r.render(svg.data(), svg.size(), kind, dpi, append, &out, &width, &height, message, sizeof message);
  if (rc != DISCUS_LABEL_RENDER_OK) return Error{code_of(rc), message};
  if (format == Format::kPdf) return out;
  codec::render::Image img;
  img.width = width;
  img.height = height;
  img.channels = 3;
  img.pixels = std::move(out);
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
