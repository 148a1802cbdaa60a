// `discus validate`: IOD validation of each file (PS3.3 tables, like dciodvfy) and consistency
// over all of them (like dcentvfy), as text lines or a JSON array of findings.
//   discus validate [--json] [--files-from LIST] FILE...
// Exit 0 without error findings, 1 with any error finding or unreadable file, 2 on usage errors.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <array>
#include <cstdio>
#include <memory>

#include "base/text.h"
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

struct ValidateOptions {
  bool json = false;
  std::string files_from;
  std::vector<std::string> files;
};

int run_validate(const ValidateOptions& o, Context&) {
  const bool json = o.json;
  std::vector<std::string> files = o.files;
  if (!o.files_from.empty() && !read_file_list(o.files_from, files))
    return usage_error("validate", fmt::format("cannot read file list '{}'", o.files_from));
  if (files.empty()) return usage_error("validate", "needs FILE... or --files-from LIST");
  int status = kExitOk;
  nlohmann::ordered_json all = nlohmann::ordered_json::array();
  std::vector<iod::InstanceSummary> summaries;
  auto emit = [&](const std::vector<base::Finding>& findings) {
    for (const auto& f : findings) {
      if (f.severity == base::Severity::kError) status = kExitFailed;
      if (json) all.push_back(to_json(f));
      else std::fputs(base::for_terminal(to_text(f)).c_str(), stdout);  // values quoted from the file (issue 12)
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
    emit(iod::validate_file(*file, path));
    summaries.push_back(iod::summarize(file->dataset, path, content_digest(*file)));
  }
  emit(iod::validate_consistency(summaries));
  if (json) base::make_strings_valid_utf8(all);  // values and file names from outside (issue 12)
  if (json) fmt::print("{}\n", json_text(all));
  return status;
}

}  // namespace

void add_validate(CLI::App& root, Context& ctx) {
  auto o = std::make_shared<ValidateOptions>();
  CLI::App* c = root.add_subcommand("validate", "check each file against its PS3.3 IOD and the files against each other");
  c->add_flag("--json", o->json, "print the findings as a JSON array (file, severity, rule, tag_path, message, reference)");
  c->add_option("--files-from", o->files_from, "also check the files listed in LIST, one path per line")->type_name("LIST");
  c->add_option("FILE", o->files, "DICOM files; exit 1 when any finding is an error or a file is unreadable");
  on_run(*c, ctx, [o](Context& context) { return run_validate(*o, context); });
}

}  // namespace discus::cli
