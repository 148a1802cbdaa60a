#include "app/burn.h"

#include <fmt/format.h>

#include "app/verify.h"
#include "app/write_iso.h"

namespace discus::app {

base::Result<BurnResult> burn(const BurnOptions& options, const Context& context, Progress& progress, CancelToken& cancel) {
  DISCUS_TRY(const media::profile::MediumTable* table, medium_table(context));
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
  BurnResult result;
  auto burned = output::burn::burn_file_set(options.drive, options.fileset_dir, bo);
  if (!burned) {
    if (cancel.requested()) return cancelled(fmt::format("while burning on {} ({})", options.drive, burned.error().describe()));
    return std::move(burned).error();
  }
  result.burn = std::move(*burned);
  if (options.verify) {
    DISCUS_TRY(auto reader, output::burn::open_drive_reader(options.drive));
    DISCUS_TRY(result.verify, verify_reader(*reader, {}, progress, cancel));
  }
  if (options.eject)
    if (auto e = output::burn::eject(options.drive); !e) result.warnings.push_back(fmt::format("cannot eject: {}", e.error().describe()));
  return result;
}

}  // namespace discus::app
