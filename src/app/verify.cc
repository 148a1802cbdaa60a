#include "app/verify.h"

#include <memory>
#include <optional>

#include "output/burn/burner.h"
#include "output/iso/iso_reader.h"
#include "output/verify/directory_reader.h"
#include "output/verify/secure_verify.h"

namespace discus::app {

base::Result<output::VerifyReport> verify_reader(const output::MediumReader& medium, output::VerifyOptions options,
                                                 Progress& progress, CancelToken& cancel, const media::secure::Decryptor* key) {
  if (cancel.requested()) return cancelled("before verifying");
  progress.on_stage(Stage::kVerify, medium.describe());
  options.cancel = cancel.flag();
  options.progress = [&progress](std::uint64_t done, std::uint64_t total) {
    progress.on_progress({Stage::kVerify, Unit::kBytes, done, total, {}});
  };
  DISCUS_TRY(bool secure, output::is_secure_medium(medium));
  if (secure) return output::verify_secure_medium(medium, options, key);
  return output::verify_medium(medium, options);
}

base::Result<output::VerifyReport> verify(const VerifyOptions& options, const Context& /*context*/, Progress& progress,
                                          CancelToken& cancel) {
  std::unique_ptr<output::MediumReader> medium;
  switch (options.kind) {
    case MediumKind::kDir:
      medium = std::make_unique<output::DirectoryMediumReader>(options.target);
      break;
    case MediumKind::kIso: {
      DISCUS_TRY(auto reader, output::iso::IsoMediumReader::open_image(options.target));
      medium = std::move(reader);
      break;
    }
    case MediumKind::kDrive: {
      DISCUS_TRY(auto reader, output::burn::open_drive_reader(options.target));
      medium = std::move(reader);
      break;
    }
  }
  output::VerifyOptions vo;
  vo.manifest_path = options.manifest_path;
  vo.check_dicomdir = options.check_dicomdir;
  std::optional<media::secure::Decryptor> key;
  if (options.key.any()) {
    DISCUS_TRY(media::secure::Decryptor d, media::secure::Decryptor::create(options.key));
    key.emplace(std::move(d));
  }
  return verify_reader(*medium, std::move(vo), progress, cancel, key ? &*key : nullptr);
}

}  // namespace discus::app
