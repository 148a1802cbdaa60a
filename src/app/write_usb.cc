#include "app/write_usb.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fmt/format.h>

#include "app/free_space.h"
#include "app/staging.h"
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

// A stick folder is written the crash-only way too: the file-set is copied into
// TARGET/DISCUS.PAR (our own name, on the stick's file system) and its top-level entries are
// renamed into TARGET only when every file is written and synced - DICOMDIR after the rest, the
// completion marker last. A killed copy leaves only DISCUS.PAR (no DICOMDIR, nothing that looks
// finished), which the next run removes before it starts.
constexpr const char* kStickStaging = "DISCUS.PAR";

base::Result<usb::StickResult> write_to_folder_staged(const usb::SourceTree& tree, const std::string& target,
                                                      const usb::StickOptions& so, const std::vector<usb::ExtraFile>& extras) {
  const fs::path stage = fs::path(target) / kStickStaging;
  std::error_code ec;
  fs::remove_all(stage, ec);  // a killed run's
  if (::mkdir(stage.c_str(), 0700) != 0)
    return base::Error{base::ErrorCode::kIo, fmt::format("cannot create '{}': {}", stage.string(), std::strerror(errno))};
  struct Cleanup {
    fs::path dir;
    ~Cleanup() {
      std::error_code e;
      fs::remove_all(dir, e);
    }
  } cleanup{stage};
  // What will be renamed into TARGET must not be there: one file-set per volume (PS3.12 R.1).
  std::vector<std::string> top;
  for (const usb::SourceFile& f : tree.files) top.push_back(f.relative.substr(0, f.relative.find('/')));
  std::sort(top.begin(), top.end());
  top.erase(std::unique(top.begin(), top.end()), top.end());
  std::stable_partition(top.begin(), top.end(), [](const std::string& n) { return n != "DICOMDIR"; });
  for (const usb::ExtraFile& x : extras) top.push_back(x.name);
  for (const std::string& name : top)
    if (fs::exists(fs::symlink_status(fs::path(target) / name, ec)))
      return base::Error{base::ErrorCode::kInvalidArgument,
                         fmt::format("'{}' already holds '{}'; PS3.12 allows one file-set per volume, so Discus writes only "
                                     "to a stick without one",
                                     target, name)};
  DISCUS_TRY(usb::StickResult r, usb::write_to_folder(tree, stage.string(), so, extras));
  for (const std::string& name : top) {
    const fs::path from = stage / name, to = fs::path(target) / name;
    // RENAME_NOREPLACE: never over an entry that appeared meanwhile (vfat, ext4 and tmpfs have it).
    if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) != 0)
      return base::Error{base::ErrorCode::kIo, fmt::format("cannot move '{}' into place: {}", from.string(), std::strerror(errno))};
  }
  const int fd = ::open(target.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
  return r;
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
    DISCUS_CHECK(check_free_space(options.target, estimate_output(tree.total_bytes), "the USB stick"));
    DISCUS_TRY(result.stick, write_to_folder_staged(tree, options.target, so, extras));
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
  // A new image file is made in TARGET.partial/ and renamed onto TARGET when it is written and
  // read back: a killed or failed run never leaves an image at TARGET (crash-only, issue 12).
  std::optional<StagedFile> staged;
  if (image_size) {
    DISCUS_CHECK(check_free_space(options.target, *image_size, "the USB image"));
    DISCUS_TRY(StagedFile f, StagedFile::create(options.target));
    staged.emplace(std::move(f));
  }
  const std::string path = staged ? staged->path() : options.target;
  DISCUS_TRY(result.fat, usb::write_fat(tree, path, fo));
  progress.on_progress({Stage::kUsb, Unit::kFiles, result.files, result.files, options.target});
  if (options.verify) {
    DISCUS_TRY(auto reader, usb::FatMediumReader::open(path));
    DISCUS_TRY(result.verify, read_back(*reader, tree, extras, progress, cancel));
  }
  if (staged) DISCUS_CHECK(staged->commit());
  return result;
}

}  // namespace discus::app
