#include "app/burn.h"

#include <fmt/format.h>

#include "app/verify.h"
#include "app/write_iso.h"
#include "output/udf/udf_writer.h"

#include <unistd.h>

#include <atomic>
#include <filesystem>

namespace discus::app {

namespace {

// A temporary image removed on every return.
struct TemporaryImage {
  std::string path;
  ~TemporaryImage() {
    std::error_code ec;
    if (!path.empty()) std::filesystem::remove(path, ec);
  }
};

// BD and DVD-RAM (PS3.12 X, J): the UDF image is written first (output/udf writes files, not a
// stream libburn pulls from), to the temporary folder, then burned as one data track.
base::Result<output::burn::BurnResult> burn_udf(const BurnOptions& options, const output::udf::UdfMedium& medium,
                                                Progress& progress, CancelToken& cancel) {
  static std::atomic<unsigned> counter{0};
  output::iso::IsoOptions io = options.burn.iso;
  DISCUS_CHECK(secure_volume_id(options.fileset_dir, nullptr, io));
  output::udf::UdfOptions uo;
  uo.volume_id = io.volume_id;
  uo.volume_id_from_dicomdir = io.volume_id_from_dicomdir;
  uo.revision = medium.revision;
  uo.capacity_bytes = medium.capacity_bytes;
  uo.medium_name = medium.name;
  uo.sync = false;  // read back at once by libburn, then deleted
  uo.cancel = cancel.flag();
  std::error_code ec;
  TemporaryImage image{(std::filesystem::temp_directory_path(ec) /
                        fmt::format("discus-burn-{}-{}.udf", ::getpid(), counter.fetch_add(1))).string()};
  progress.on_stage(Stage::kImage, image.path);
  DISCUS_TRY(output::udf::UdfPlan plan, output::udf::write_udf(options.fileset_dir, image.path, uo,
                                                               [&](std::uint64_t done, std::uint64_t total) {
                                                                 progress.on_progress({Stage::kImage, Unit::kBytes, done, total, image.path});
                                                               }));
  progress.on_stage(Stage::kBurn, options.drive);
  output::burn::BurnOptions bo = options.burn;
  bo.cancel = cancel.flag();
  bo.progress = [&](std::uint64_t done, std::uint64_t total) {
    progress.on_progress({Stage::kBurn, Unit::kBytes, done, total, options.drive});
  };
  DISCUS_TRY(output::burn::BurnResult burned, output::burn::burn_image_file(options.drive, image.path, bo));
  burned.plan.files = plan.files;
  burned.plan.directories = plan.directories;
  burned.plan.volume_id = plan.volume_id;
  return burned;
}

// What follows every burn, ISO 9660 or UDF: a cancel named as such, the disc read back from the
// drive when asked, and the eject (a failed eject is a warning: the disc is written).
base::Result<BurnResult> after_burn(const BurnOptions& options, base::Result<decltype(BurnResult::burn)> burned,
                                    Progress& progress, CancelToken& cancel) {
  if (!burned) {
    if (cancel.requested()) return cancelled(fmt::format("while burning on {} ({})", options.drive, burned.error().describe()));
    return std::move(burned).error();
  }
  BurnResult result;
  result.burn = std::move(*burned);
  if (options.verify) {
    DISCUS_TRY(auto reader, output::burn::open_drive_reader(options.drive));
    DISCUS_TRY(result.verify, verify_reader(*reader, {}, progress, cancel));
  }
  if (options.eject)
    if (auto e = output::burn::eject(options.drive); !e) result.warnings.push_back(fmt::format("cannot eject: {}", e.error().describe()));
  return result;
}

}  // namespace

base::Result<BurnResult> burn(const BurnOptions& options, const Context& context, Progress& progress, CancelToken& cancel) {
  DISCUS_TRY(const media::profile::MediumTable* table, medium_table(context));
  if (auto udf = output::udf::udf_medium(*table, options.medium)) {
    if (cancel.requested()) return cancelled("before burning");
    return after_burn(options, burn_udf(options, *udf, progress, cancel), progress, cancel);
  }
  DISCUS_TRY(output::iso::IsoMedium medium, output::iso::iso_medium(*table, options.medium));
  if (cancel.requested()) return cancelled("before burning");
  output::burn::BurnOptions bo = options.burn;
  DISCUS_CHECK(secure_volume_id(options.fileset_dir, nullptr, bo.iso));  // a secure DICOMDIR is an envelope
  bo.iso.capacity_bytes = medium.capacity_bytes;
  bo.iso.medium_name = medium.name;
  bo.cancel = cancel.flag();
  bo.progress = [&](std::uint64_t done, std::uint64_t total) {
    progress.on_progress({Stage::kBurn, Unit::kBytes, done, total, options.drive});
  };
  progress.on_stage(Stage::kBurn, options.drive);
  return after_burn(options, output::burn::burn_file_set(options.drive, options.fileset_dir, bo), progress, cancel);
}

}  // namespace discus::app
