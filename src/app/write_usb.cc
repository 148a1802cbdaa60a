#include "app/write_usb.h"

#include <algorithm>
#include <chrono>
#include <filesystem>

#include "app/verify.h"
#include "media/dicomdir/reader.h"
#include "output/usb/fat_reader.h"
#include "output/usb/source_tree.h"
#include "output/usb/usb_verify.h"
#include "output/verify/directory_reader.h"

namespace discus::app {

namespace fs = std::filesystem;
namespace usb = output::usb;

namespace {

// PS3.12 A.1.1: the volume label may carry the File-set ID.
std::string default_label(const std::string& fileset) {
  auto d = media::dicomdir::read_dicomdir((fs::path(fileset) / "DICOMDIR").string());
  return d ? d->fileset_id : std::string{};
}

base::Result<output::VerifyReport> read_back(const output::MediumReader& medium, const usb::SourceTree& tree,
                                             const std::vector<usb::ExtraFile>& extras, Progress& progress,
                                             CancelToken& cancel) {
  if (cancel.requested()) return cancelled("before reading the stick back");
  progress.on_stage(Stage::kVerify, medium.describe());
  return usb::verify_stick(medium, tree, extras);
}

}  // namespace

std::uint64_t image_size_for(std::uint64_t bytes) {
  const std::uint64_t mib = std::max<std::uint64_t>(64, (bytes + bytes / 10) / (1u << 20) + 16);
  return mib << 20;
}

base::Result<UsbResult> write_usb(const UsbOptions& options, const Context& /*context*/, Progress& progress,
                                  CancelToken& cancel) {
  DISCUS_TRY(usb::SourceTree tree, usb::read_source_tree(options.fileset_dir));
  const std::int64_t now =
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  DISCUS_TRY(base::Bytes marker, usb::marker_text(tree, now));
  const std::vector<usb::ExtraFile> extras = {{usb::kCompletionMarker, std::move(marker)}};
  if (cancel.requested()) return cancelled("before writing the stick");

  UsbResult result;
  result.files = tree.files.size() + extras.size();
  progress.on_stage(Stage::kUsb, options.target);
  progress.on_progress({Stage::kUsb, Unit::kFiles, 0, result.files, options.target});
  std::error_code ec;
  std::optional<std::uint64_t> image_size = options.image_size;
  if (!image_size && options.size_to_fit && !fs::exists(options.target, ec)) image_size = image_size_for(tree.total_bytes);
  if (!image_size && fs::is_directory(options.target, ec)) {
    result.folder = true;
    usb::StickOptions so;
    so.allow_any_file_system = options.any_fs;
    DISCUS_TRY(result.stick, usb::write_to_folder(tree, options.target, so, extras));
    result.warnings = result.stick->warnings;
    progress.on_progress({Stage::kUsb, Unit::kFiles, result.files, result.files, options.target});
    if (!options.verify) return result;
    output::DirectoryMediumReader reader(options.target, /*drop_page_cache=*/true);
    DISCUS_TRY(result.verify, read_back(reader, tree, extras, progress, cancel));
    return result;
  }
  usb::FatWriteOptions fo;
  fo.create_size = image_size;
  fo.fat_type = options.fat;
  fo.label = options.label.value_or(default_label(options.fileset_dir));
  fo.timestamp = now;
  fo.extras = extras;
  DISCUS_TRY(result.fat, usb::write_fat(tree, options.target, fo));
  progress.on_progress({Stage::kUsb, Unit::kFiles, result.files, result.files, options.target});
  if (!options.verify) return result;
  DISCUS_TRY(auto reader, usb::FatMediumReader::open(options.target));
  DISCUS_TRY(result.verify, read_back(*reader, tree, extras, progress, cancel));
  return result;
}

}  // namespace discus::app
