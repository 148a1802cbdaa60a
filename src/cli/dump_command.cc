// `discus dump`: a dcmdump-like tree, or the PS3.18 JSON model, of each file given.
#include <fmt/format.h>

#include <cstdio>

#include "cli/command.h"
#include "dicom/dump/json_model.h"
#include "dicom/dump/text_dump.h"
#include "dicom/part10/reader.h"

namespace discus::cli {

int run_dump(const std::vector<std::string>& args) {
  bool json = false, quiet = false;
  dicom::part10::ReadOptions read_options;
  std::vector<std::string> files;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--json") json = true;
    else if (a == "--quiet" || a == "-q") quiet = true;
    else if (a == "--stop-before-pixels") read_options.stop_before_pixels = true;
    else if (a == "--files-from" && i + 1 < args.size()) {
      if (!read_file_list(args[++i], files)) {
        fmt::print(stderr, "discus dump: cannot read file list '{}'\n", args[i]);
        return kExitUsage;
      }
    } else if (a.size() > 1 && a[0] == '-') {
      fmt::print(stderr, "discus dump: unknown option '{}'\n", a);
      return kExitUsage;
    } else {
      files.push_back(a);
    }
  }
  if (files.empty()) {
    fmt::print(stderr, "usage: discus dump [--json] [--stop-before-pixels] [--quiet] [--files-from LIST] FILE...\n");
    return kExitUsage;
  }
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
      std::fwrite(out.data(), 1, out.size(), stdout);
      out.clear();
    }
  }
  if (json && !quiet) {
    const std::string text = (all.size() == 1 ? all[0] : all).dump(2);
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fputc('\n', stdout);
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
  return status;
}

}  // namespace discus::cli
