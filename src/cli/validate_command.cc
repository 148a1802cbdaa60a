// `discus validate`: IOD validation of each file (PS3.3 tables, like dciodvfy) and consistency
// over all of them (like dcentvfy), as text lines or a JSON array of findings.
//   discus validate [--json] [--files-from LIST] FILE...
// Exit 0 without error findings, 1 with any error finding or unreadable file, 2 on usage errors.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <array>
#include <cstdio>

#include "cli/command.h"
#include "dicom/part10/reader.h"
#include "iod/consistency.h"
#include "iod/validator.h"

namespace discus::cli {
namespace {

// FNV-1a 64 over the data set's bytes (meta excluded): equal content, equal digest. Read in
// bounded chunks so a 2 GB cine costs no memory.
std::string content_digest(const dicom::part10::DicomFile& f) {
  if (!f.source) return {};
  std::uint64_t h = 0xcbf29ce484222325ull;
  std::array<std::uint8_t, 1 << 16> buf{};
  for (std::uint64_t off = f.dataset_offset;;) {
    auto n = f.source->read_some_at(off, buf);
    if (!n || *n == 0) break;
    for (std::size_t i = 0; i < *n; ++i) h = (h ^ buf[i]) * 0x100000001b3ull;
    off += *n;
  }
  return fmt::format("{:016x}", h);
}


nlohmann::ordered_json to_json(const base::Finding& f) {
  return {{"file", f.file},         {"severity", base::to_string(f.severity)}, {"rule", f.rule},
          {"tag_path", f.tag_path}, {"message", f.message},                    {"reference", f.reference}};
}

std::string to_text(const base::Finding& f) {
  std::string where = f.file.empty() ? std::string("(all files)") : f.file;
  std::string tag = f.tag_path.empty() ? std::string() : f.tag_path + ": ";
  return fmt::format("{}: {}: {}{} [{}, {}]\n", where, base::to_string(f.severity), tag, f.message, f.rule,
                     f.reference);
}

}  // namespace

int run_validate(const std::vector<std::string>& args) {
  bool json = false;
  std::vector<std::string> files;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--json") {
      json = true;
    } else if (a == "--files-from" && i + 1 < args.size()) {
      if (!read_file_list(args[++i], files)) {
        fmt::print(stderr, "discus validate: cannot read file list '{}'\n", args[i]);
        return kExitUsage;
      }
    } else if (a.size() > 1 && a[0] == '-') {
      fmt::print(stderr, "discus validate: unknown option '{}'\n", a);
      return kExitUsage;
    } else {
      files.push_back(a);
    }
  }
  if (files.empty()) {
    fmt::print(stderr, "usage: discus validate [--json] [--files-from LIST] FILE...\n");
    return kExitUsage;
  }
  int status = kExitOk;
  nlohmann::ordered_json all = nlohmann::ordered_json::array();
  std::vector<iod::InstanceSummary> summaries;
  auto emit = [&](const std::vector<base::Finding>& findings) {
    for (const auto& f : findings) {
      if (f.severity == base::Severity::kError) status = kExitFailed;
      if (json) all.push_back(to_json(f));
      else std::fputs(to_text(f).c_str(), stdout);
    }
  };
  dicom::part10::ReadOptions options;
  options.stop_before_pixels = true;
  for (const std::string& path : files) {
    auto file = dicom::part10::read_file(path, options);
    if (!file) {
      fmt::print(stderr, "discus validate: {}\n", file.error().describe());
      status = kExitFailed;
      continue;
    }
    dicom::part10::add_pixel_data_reference(*file);  // Pixel Data rules see it present
    emit(iod::validate_instance(file->dataset, path));
    summaries.push_back(iod::summarize(file->dataset, path, content_digest(*file)));
  }
  emit(iod::validate_consistency(summaries));
  if (json) fmt::print("{}\n", all.dump(2));
  return status;
}

}  // namespace discus::cli
