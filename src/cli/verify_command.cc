// `discus verify (--drive DRIVE | --iso FILE | --dir DIR) [--manifest F]`: reads a written medium
// back and says VERIFIED only when every file matches the SHA256.TXT manifest (or F) and every
// DICOMDIR record resolves to a readable DICOM file that is what the record says; otherwise
// names each failing file and exits 1.
#include <fmt/format.h>

#include <cstdio>

#include "cli/command.h"
#include "cli/read_back.h"
#include "output/burn/burner.h"
#include "output/iso/iso_reader.h"
#include "output/verify/directory_reader.h"
#include "output/verify/terminal_progress.h"
#include "output/verify/verify.h"

namespace discus::cli {

int run_verify(const std::vector<std::string>& args) {
  std::string kind, target;
  output::VerifyOptions options;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if ((a == "--drive" || a == "--iso" || a == "--dir") && i + 1 < args.size() && kind.empty()) {
      kind = a;
      target = args[++i];
    } else if (a == "--manifest" && i + 1 < args.size()) {
      options.manifest_path = args[++i];
    } else {
      kind.clear();
      break;
    }
  }
  if (kind.empty()) {
    fmt::print(stderr, "usage: discus verify (--drive DRIVE | --iso FILE | --dir DIR) [--manifest F]\n");
    return kExitUsage;
  }
  base::Result<std::unique_ptr<output::MediumReader>> medium = base::Error{base::ErrorCode::kInvalidArgument, ""};
  if (kind == "--dir") {
    medium = std::unique_ptr<output::MediumReader>(std::make_unique<output::DirectoryMediumReader>(target));
  } else if (kind == "--iso") {
    auto r = output::iso::IsoMediumReader::open_image(target);
    if (r) medium = std::unique_ptr<output::MediumReader>(std::move(*r));
    else medium = std::move(r).error();
  } else {
    medium = output::burn::open_drive_reader(target);
  }
  if (!medium) {
    fmt::print(stderr, "discus verify: FAILED: {}\n", medium.error().describe());
    return kExitFailed;
  }
  return verify_and_report("discus verify", **medium, options);
}

}  // namespace discus::cli
