#include "app/write_usb.h"

#include <algorithm>
#include <atomic>
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

// The stick's verifier takes no progress callback or cancel flag: reading through this reports
// the bytes read (against the sizes listed) and turns a cancel request into a read error, which
// read_back() then reports as kCancelled.
class WatchedReader final : public output::MediumReader {
 public:
  WatchedReader(const output::MediumReader& inner, Progress& progress, CancelToken& cancel)
      : inner_(inner), progress_(progress), cancel_(cancel) {}
  base::Result<std::vector<output::MediumFile>> list_files() const override {
    auto files = inner_.list_files();
    if (files) {
      std::uint64_t total = 0;
      for (const auto& f : *files) total += f.size;
      total_ = total;
    }
    return files;
  }
  base::Status read_file(const std::string& path, const std::function<base::Status(base::ByteView)>& sink) const override {
    if (cancel_.requested()) return cancelled("while reading the stick back");
    return inner_.read_file(path, [&](base::ByteView chunk) -> base::Status {
      const std::uint64_t done = done_ += chunk.size();
      progress_.on_progress({Stage::kVerify, Unit::kBytes, done, std::max<std::uint64_t>(total_, done), path});
      return sink(chunk);
    });
  }
  std::string describe() const override { return inner_.describe(); }
  bool concurrent_reads() const override { return inner_.concurrent_reads(); }

 private:
  const output::MediumReader& inner_;
  Progress& progress_;
  CancelToken& cancel_;
  mutable std::atomic<std::uint64_t> done_{0}, total_{0};
};

base::Result<output::VerifyReport> read_back(const output::MediumReader& medium, const usb::SourceTree& tree,
                                             const std::vector<usb::ExtraFile>& extras, Progress& progress,
                                             CancelToken& cancel) {
  if (cancel.requested()) return cancelled("before reading the stick back");
  progress.on_stage(Stage::kVerify, medium.describe());
  WatchedReader watched(medium, progress, cancel);
  auto report = usb::verify_stick(watched, tree, extras);
  // A read stopped by the token shows as unreadable files: never a report of a bad (or good) stick.
  if (cancel.requested()) return cancelled("while reading the stick back");
  return report;
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
