#include "app/write_iso.h"
#include "app/free_space.h"

#include "app/verify.h"
#include "base/file.h"
#include "output/iso/iso_reader.h"

namespace discus::app {

base::Result<IsoResult> write_iso(const IsoOptions& options, const Context& context, Progress& progress,
                                  CancelToken& cancel) {
  // An image written inside the file-set it is made of would be read while it grows.
  DISCUS_CHECK(base::check_apart(options.fileset_dir, options.iso_path));
  DISCUS_CHECK(check_free_space(options.iso_path, estimate_output(bytes_under({options.fileset_dir})), "the ISO image"));
  DISCUS_TRY(const media::profile::MediumTable* table, medium_table(context));
  DISCUS_TRY(output::iso::IsoMedium medium, output::iso::iso_medium(*table, options.medium));
  if (cancel.requested()) return cancelled("before writing the image");
  output::iso::IsoOptions io = options.iso;
  io.capacity_bytes = medium.capacity_bytes;
  io.medium_name = medium.name;
  io.cancel = cancel.flag();
  progress.on_stage(Stage::kImage, options.iso_path);
  IsoResult result;
  result.medium_name = medium.name;
  DISCUS_TRY(result.plan, output::iso::write_iso(options.fileset_dir, options.iso_path, io,
                                                 [&](std::uint64_t done, std::uint64_t total) {
                                                   progress.on_progress({Stage::kImage, Unit::kBytes, done, total, options.iso_path});
                                                 }));
  if (!options.verify) return result;
  DISCUS_TRY(auto reader, output::iso::IsoMediumReader::open_image(options.iso_path));
  DISCUS_TRY(result.verify, verify_reader(*reader, {}, progress, cancel));
  return result;
}

}  // namespace discus::app
