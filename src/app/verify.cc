#include "app/verify.h"

#include <memory>
#include <optional>

#include "output/burn/burner.h"
#include "output/iso/iso_reader.h"
#include "output/udf/udf_reader.h"
#include "output/verify/directory_reader.h"
#include "media/profile/profile_registry.h"
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

base::Result<output::VerifyReport> verify(const VerifyOptions& options, const Context& context, Progress& progress,
                                          CancelToken& cancel) {
  const std::string profiles =
      options.profile_directory.empty() ? media::profile::default_profile_directory() : options.profile_directory;
  DISCUS_TRY(const media::profile::AllowedContent allowed, media::profile::AllowedContent::load(profiles));
  // The release gate decodes every compressed frame: with the context's codecs, else all this build has.
  std::optional<codec::CodecRegistry> own_codecs;
  if (!options.headers_only && context.codecs == nullptr) own_codecs = codec::all_codecs();
  std::unique_ptr<output::MediumReader> medium;
  switch (options.kind) {
    case MediumKind::kDir:
      medium = std::make_unique<output::DirectoryMediumReader>(options.target);
      break;
    case MediumKind::kIso: {
      // A UDF image (BD, DVD-RAM; issue 21) is told by its Volume Recognition Sequence; a bridge
      // disc's UDF side is the one read, as a UDF-aware reader would.
      DISCUS_TRY(bool udf, output::udf::is_udf_image(options.target));
      if (udf) {
        DISCUS_TRY(auto reader, output::udf::UdfMediumReader::open_image(options.target));
        medium = std::move(reader);
        break;
      }
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
  vo.allowed_content = &allowed;
  if (!options.headers_only) vo.decode = context.codecs != nullptr ? context.codecs : &*own_codecs;
  std::optional<media::secure::Decryptor> key;
  if (options.key.any()) {
    DISCUS_TRY(media::secure::Decryptor d, media::secure::Decryptor::create(options.key));
    key.emplace(std::move(d));
  }
  return verify_reader(*medium, std::move(vo), progress, cancel, key ? &*key : nullptr);
}

}  // namespace discus::app
