// `discus render [--frame N] [--size PX] [--window C,W] [--overlays] IN OUT.png|jpg`: one frame of
// an image as a picture a person can look at (PS3.3 C.11 display pipeline; src/codec/render).
// --frame counts from 1 like PS3; --size shrinks (area averaging) so neither side exceeds PX;
// --window replaces the file's window centre and width; --overlays burns (60xx,3000) planes in.
#include <fmt/format.h>

#include <cctype>
#include <charconv>

#include "base/file.h"
#include "cli/command.h"
#include "codec/codec.h"
#include "codec/render/attributes.h"
#include "codec/render/jpeg_file.h"
#include "codec/render/png.h"
#include "codec/render/render.h"
#include "codec/render/resize.h"
#include "dicom/part10/reader.h"

namespace discus::cli {

namespace {

constexpr const char* kUsage = "usage: discus render [--frame N] [--size PX] [--window C,W] [--overlays] IN OUT.png|jpg\n";

bool parse_uint(const std::string& s, std::uint32_t& out) {
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc{} && end == s.data() + s.size();
}

bool ends_with_ci(const std::string& s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  for (std::size_t i = 0; i < suffix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[s.size() - suffix.size() + i])) != suffix[i]) return false;
  return true;
}

}  // namespace

int run_render(const std::vector<std::string>& args) {
  codec::render::RenderOptions options;
  std::uint32_t frame = 1, size = 0;
  std::vector<std::string> paths;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    const bool has_value = i + 1 < args.size();
    if (a == "--frame" && has_value) {
      if (!parse_uint(args[++i], frame) || frame == 0) return fmt::print(stderr, "discus render: --frame counts from 1\n"), kExitUsage;
    } else if (a == "--size" && has_value) {
      if (!parse_uint(args[++i], size) || size == 0) return fmt::print(stderr, "discus render: --size needs a positive number\n"), kExitUsage;
    } else if (a == "--window" && has_value) {
      const std::string v = args[++i];
      const auto comma = v.find(',');
      const auto c = comma == std::string::npos ? std::nullopt : codec::render::parse_decimal(std::string_view(v).substr(0, comma));
      const auto w = comma == std::string::npos ? std::nullopt : codec::render::parse_decimal(std::string_view(v).substr(comma + 1));
      if (!c || !w || *w <= 0) return fmt::print(stderr, "discus render: --window needs CENTER,WIDTH with WIDTH > 0\n"), kExitUsage;
      options.window = codec::render::Window{*c, *w, codec::render::VoiFunction::kLinear};
    } else if (a == "--overlays") {
      options.overlays = true;
    } else if (a.starts_with("--")) {
      fmt::print(stderr, "discus render: unknown option '{}'\n{}", a, kUsage);
      return kExitUsage;
    } else {
      paths.push_back(a);
    }
  }
  if (paths.size() != 2) return fmt::print(stderr, "{}", kUsage), kExitUsage;
  const bool jpeg = ends_with_ci(paths[1], ".jpg") || ends_with_ci(paths[1], ".jpeg");
  if (!jpeg && !ends_with_ci(paths[1], ".png")) {
    fmt::print(stderr, "discus render: the output name must end in .png, .jpg or .jpeg\n");
    return kExitUsage;
  }
  options.frame = frame - 1;

  auto file = dicom::part10::read_file(paths[0]);
  if (!file) return fmt::print(stderr, "discus render: {}\n", file.error().describe()), kExitFailed;
  const codec::CodecRegistry codecs = codec::all_codecs();
  auto img = codec::render::render_instance(file->dataset, *file->transfer_syntax, options, codecs);
  if (!img) return fmt::print(stderr, "discus render: {}: {}\n", paths[0], img.error().describe()), kExitFailed;
  const codec::render::Image out = codec::render::fit_within(*img, size);
  auto encoded = jpeg ? codec::render::encode_jpeg_file(out, codecs) : codec::render::encode_png(out);
  if (!encoded) return fmt::print(stderr, "discus render: {}: {}\n", paths[1], encoded.error().describe()), kExitFailed;
  auto out_file = base::AtomicOutputFile::create(paths[1]);
  if (!out_file) return fmt::print(stderr, "discus render: {}\n", out_file.error().describe()), kExitFailed;
  if (auto st = out_file->write(*encoded); !st) return fmt::print(stderr, "discus render: {}\n", st.error().describe()), kExitFailed;
  if (auto st = out_file->commit(false); !st) return fmt::print(stderr, "discus render: {}\n", st.error().describe()), kExitFailed;
  return kExitOk;
}

}  // namespace discus::cli
