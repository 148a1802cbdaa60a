#include "app/encrypt.h"

#include <filesystem>

#include "app/staging.h"

namespace discus::app {

base::Result<EncryptResult> encrypt(const EncryptOptions& options, const Context& /*context*/, Progress& progress,
                                    CancelToken& cancel) {
  if (options.secure.recipient_certs.empty() && options.secure.password.empty())
    return base::Error{base::ErrorCode::kInvalidArgument, "encrypting needs a recipient certificate or a password"};
  DISCUS_TRY(media::secure::Encryptor enc, media::secure::Encryptor::create(options.secure));
  if (cancel.requested()) return cancelled("before encrypting");
  EncryptResult result;
  std::error_code ec;
  result.fileset = std::filesystem::is_directory(options.in, ec);
  progress.on_stage(Stage::kEnvelope, options.out);
  if (!result.fileset) {
    DISCUS_CHECK(enc.encrypt_file(options.in, options.out));
    result.report.enveloped = 1;
    progress.on_progress({Stage::kEnvelope, Unit::kFiles, 1, 1, options.in});
    return result;
  }
  DISCUS_TRY(StagedFolder out, StagedFolder::create(options.out));
  DISCUS_TRY(result.report, media::secure::secure_file_set(options.in, out.path(), enc, options.secure.threads));
  if (cancel.requested()) return cancelled("while encrypting");
  DISCUS_CHECK(out.commit());
  const std::size_t n = result.report.enveloped + result.report.plain;
  progress.on_progress({Stage::kEnvelope, Unit::kFiles, n, n, options.out});
  return result;
}

}  // namespace discus::app
