#include "app/write_iso.h"
#include "app/free_space.h"

#include <fmt/format.h>

#include <filesystem>
#include <optional>

#include "app/verify.h"
#include "base/file.h"
#include "media/dicomdir/reader.h"
#include "output/iso/iso_reader.h"
#include "output/udf/udf_reader.h"
#include "output/udf/udf_writer.h"

namespace discus::app {

base::Status secure_volume_id(const std::string& fileset_dir, const media::secure::Decryptor* key, output::iso::IsoOptions& io) {
  if (!io.volume_id.empty() || !io.volume_id_from_dicomdir) return {};
  const std::string dicomdir = fileset_dir + "/DICOMDIR";
  std::error_code ec;
  if (!std::filesystem::exists(dicomdir, ec)) return {};
  DISCUS_TRY(bool secure, media::secure::is_secure_file(dicomdir));
  if (!secure) return {};
  io.volume_id_from_dicomdir = false;
  if (!key) return {};
  base::Bytes plain;
  DISCUS_TRY(media::secure::DecryptReport opened, key->decrypt_to_memory(dicomdir, plain, media::secure::kMaxSecureDicomdirBytes));
  (void)opened;
  {
    auto dir = media::dicomdir::read_dicomdir_memory(plain, dicomdir);
    if (dir) io.volume_id = dir->fileset_id;
  }
  media::secure::wipe(plain);
  return {};
}

namespace {

// BD and DVD-RAM (PS3.12 X, J): a UDF image of the revision the medium asks for, read back by
// the UDF reader. A secure file-set's volume identifier comes from the options (secure_volume_id).
base::Result<IsoResult> write_udf_image(const IsoOptions& options, const output::udf::UdfMedium& medium, Progress& progress,
                                        CancelToken& cancel) {
  std::optional<media::secure::Decryptor> key;
  if (options.key.any()) {
    DISCUS_TRY(media::secure::Decryptor d, media::secure::Decryptor::create(options.key));
    key.emplace(std::move(d));
  }
  if (cancel.requested()) return cancelled("before writing the image");
  output::iso::IsoOptions io = options.iso;
  DISCUS_CHECK(secure_volume_id(options.fileset_dir, key ? &*key : nullptr, io));
  output::udf::UdfOptions uo;
  uo.volume_id = io.volume_id;
  uo.volume_id_from_dicomdir = io.volume_id_from_dicomdir;
  uo.revision = medium.revision;
  uo.capacity_bytes = medium.capacity_bytes;
  uo.medium_name = medium.name;
  uo.sync = io.sync;
  uo.cancel = cancel.flag();
  progress.on_stage(Stage::kImage, options.iso_path);
  IsoResult result;
  result.medium_name = medium.name;
  result.file_system = "UDF " + output::udf::to_string(medium.revision);
  DISCUS_TRY(output::udf::UdfPlan plan, output::udf::write_udf(options.fileset_dir, options.iso_path, uo,
                                                               [&](std::uint64_t done, std::uint64_t total) {
                                                                 progress.on_progress({Stage::kImage, Unit::kBytes, done, total, options.iso_path});
                                                               }));
  result.plan.image_bytes = plan.image_bytes;
  result.plan.files = plan.files;
  result.plan.directories = plan.directories;
  result.plan.volume_id = plan.volume_id;
  if (!options.verify) return result;
  DISCUS_TRY(auto reader, output::udf::UdfMediumReader::open_image(options.iso_path));
  DISCUS_TRY(result.verify, verify_reader(*reader, {}, progress, cancel, key ? &*key : nullptr));
  return result;
}

}  // namespace

base::Result<IsoResult> write_iso(const IsoOptions& options, const Context& context, Progress& progress,
                                  CancelToken& cancel) {
  // An image written inside the file-set it is made of would be read while it grows.
  DISCUS_CHECK(base::check_apart(options.fileset_dir, options.iso_path));
  const std::uint64_t bytes = bytes_under({options.fileset_dir});
  DISCUS_TRY(const media::profile::MediumTable* table, medium_table(context));
  auto udf = output::udf::udf_medium(*table, options.medium);
  // A file-set that cannot fit the medium is refused as such first: the free-space check below
  // would otherwise blame the local disk for what no disk could fix.
  if (udf && bytes > udf->capacity_bytes)
    return base::Error{base::ErrorCode::kLimitExceeded,
                       fmt::format("the file-set holds {} bytes but a {} holds {} bytes; nothing was written "
                                   "(span the studies over several media with `discus span`)",
                                   bytes, udf->name, udf->capacity_bytes)};
  DISCUS_CHECK(check_free_space(options.iso_path, estimate_output(bytes), "the ISO image"));
  if (udf) return write_udf_image(options, *udf, progress, cancel);
  DISCUS_TRY(output::iso::IsoMedium medium, output::iso::iso_medium(*table, options.medium));
  std::optional<media::secure::Decryptor> key;
  if (options.key.any()) {
    DISCUS_TRY(media::secure::Decryptor d, media::secure::Decryptor::create(options.key));
    key.emplace(std::move(d));
  }
  if (cancel.requested()) return cancelled("before writing the image");
  output::iso::IsoOptions io = options.iso;
  DISCUS_CHECK(secure_volume_id(options.fileset_dir, key ? &*key : nullptr, io));
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
  DISCUS_TRY(result.verify, verify_reader(*reader, {}, progress, cancel, key ? &*key : nullptr));
  return result;
}

}  // namespace discus::app
