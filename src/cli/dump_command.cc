// `discus dump`: a dcmdump-like tree, or the PS3.18 JSON model, of each file given.
#include <fmt/format.h>

#include <cstdio>
#include <memory>

#include "base/text.h"
#include "cli/command.h"
#include "dicom/dump/json_model.h"
#include "dicom/dump/text_dump.h"
#include "dicom/part10/reader.h"

namespace discus::cli {

namespace {

struct DumpOptions {
  bool json = false, quiet = false;
  bool stop_before_pixels = false;
  std::string files_from;
  std::vector<std::string> files;
};

// Values come from outside: their controls, ANSI escapes and bidi characters are shown escaped,
// never obeyed by the terminal (issue 12). The buffer holds whole files' dumps, so no UTF-8
// sequence is split.
void print_for_terminal(const fmt::memory_buffer& out) {
  const std::string shown = base::for_terminal({out.data(), out.size()});
  std::fwrite(shown.data(), 1, shown.size(), stdout);
}

int run_dump(const DumpOptions& o, Context& ctx) {
  const bool quiet = o.quiet || ctx.quiet;
  dicom::part10::ReadOptions read_options;
  read_options.stop_before_pixels = o.stop_before_pixels;
  std::vector<std::string> files = o.files;
  if (!o.files_from.empty() && !read_file_list(o.files_from, files))
    return usage_error("dump", fmt::format("cannot read file list '{}'", o.files_from));
  if (files.empty()) return usage_error("dump", "needs FILE... or --files-from LIST");
  const bool json = o.json;
  int status = kExitOk;
  fmt::memory_buffer out;
  nlohmann::ordered_json all = nlohmann::ordered_json::array();
  for (const std::string& path : files) {
    auto file = dicom::part10::read_file(path, read_options);
    if (!file) {
      fmt::print(stderr, "discus dump: {}\n", file.error().describe());
      status = kExitFailed;
      continue;
    }
    if (quiet) continue;
    if (json) {
      all.push_back(dicom::dump::to_json(file->dataset, {}));
      continue;
    }
    dicom::dump::dump_text(out, *file, {});
    out.push_back('\n');
    if (out.size() > (1u << 20)) {
      print_for_terminal(out);
      out.clear();
    }
  }
  if (json && !quiet) {
    base::make_strings_valid_utf8(all);  // values and file names from outside (issue 12)
    const std::string text = json_text(all.size() == 1 ? all[0] : all);
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fputc('\n', stdout);
  }
  print_for_terminal(out);
  return status;
}

}  // namespace

void add_dump(CLI::App& root, Context& ctx) {
  auto o = std::make_shared<DumpOptions>();
  CLI::App* c = root.add_subcommand("dump", "print each file's meta and data set as a tree (or PS3.18 JSON)");
  c->add_flag("--json", o->json, "print the PS3.18 F.2 JSON model (an array when several files)");
  c->add_flag("--stop-before-pixels", o->stop_before_pixels, "read the header only; never touch the pixel data");
  c->add_flag("-q,--quiet", o->quiet, "print nothing; only read each file and report the unreadable ones");
  c->add_option("--files-from", o->files_from, "also dump the files listed in LIST, one path per line")->type_name("LIST");
  c->add_option("FILE", o->files, "DICOM files (Part 10, or a bare data set)");
  on_run(*c, ctx, [o](Context& context) { return run_dump(*o, context); });
}

}  // namespace discus::cli
