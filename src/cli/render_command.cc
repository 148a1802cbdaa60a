// `discus render [--frame N] [--size PX] [--window C,W] [--overlays] IN OUT.png|jpg`: one frame of
// an image as a picture a person can look at (PS3.3 C.11 display pipeline; src/codec/render).
// --frame counts from 1 like PS3; --size shrinks (area averaging) so neither side exceeds PX;
// --window replaces the file's window centre and width; --overlays burns (60xx,3000) planes in.
#include <fmt/format.h>

#include <cctype>
#include <memory>

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

bool ends_with_ci(const std::string& s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  for (std::size_t i = 0; i < suffix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(s[s.size() - suffix.size() + i])) != suffix[i]) return false;
  return true;
}

struct RenderCommandOptions {
  std::uint32_t frame = 1, size = 0;
  std::string window;
  bool overlays = false;
  std::vector<std::string> paths;  // IN OUT
};

int run_render(const RenderCommandOptions& o, Context&) {
  codec::render::RenderOptions options;
  const std::uint32_t frame = o.frame, size = o.size;
  const std::vector<std::string>& paths = o.paths;
  if (frame == 0) return usage_error("render", "--frame counts from 1");
  if (!o.window.empty()) {
    const std::string& v = o.window;
    const auto comma = v.find(',');
    const auto c = comma == std::string::npos ? std::nullopt : codec::render::parse_decimal(std::string_view(v).substr(0, comma));
    const auto w = comma == std::string::npos ? std::nullopt : codec::render::parse_decimal(std::string_view(v).substr(comma + 1));
    if (!c || !w || *w <= 0) return usage_error("render", "--window needs CENTER,WIDTH with WIDTH > 0");
    options.window = codec::render::Window{*c, *w, codec::render::VoiFunction::kLinear};
  }
  options.overlays = o.overlays;
  if (paths.size() != 2) return usage_error("render", "needs IN and OUT");
  const bool jpeg = ends_with_ci(paths[1], ".jpg") || ends_with_ci(paths[1], ".jpeg");
  if (!jpeg && !ends_with_ci(paths[1], ".png")) return usage_error("render", "the output name must end in .png, .jpg or .jpeg");
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

}  // namespace

void add_render(CLI::App& root, Context& ctx) {
  auto o = std::make_shared<RenderCommandOptions>();
  CLI::App* c = root.add_subcommand("render", "render one frame to an 8-bit PNG or JPEG picture (modality, VOI and presentation LUTs)");
  c->add_option("--frame", o->frame, "the frame to render, counted from 1 (default 1)")->type_name("N");
  c->add_option("--size", o->size, "shrink (area averaging) so neither side exceeds PX pixels")
      ->type_name("PX")
      ->check(CLI::PositiveNumber);
  c->add_option("--window", o->window, "window centre and width replacing the file's (PS3.3 C.11.2.1.2)")->type_name("C,W");
  c->add_flag("--overlays", o->overlays, "burn the (60xx,3000) overlay planes into the picture");
  c->add_option("IN", o->paths, "the DICOM file, then OUT: the picture, ending in .png, .jpg or .jpeg")->required()->expected(2);
  on_run(*c, ctx, [o](Context& context) { return run_render(*o, context); });
}

}  // namespace discus::cli
