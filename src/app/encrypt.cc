#include "app/encrypt.h"
#include "app/free_space.h"

#include <filesystem>

#include "base/file.h"


namespace discus::app {

base::Result<EncryptResult> encrypt(const EncryptOptions& options, const Context& /*context*/, Progress& progress,
                                    CancelToken& cancel) {
  if (options.secure.recipient_certs.empty() && options.secure.password.empty())
    return base::Error{base::ErrorCode::kInvalidArgument, "encrypting needs a recipient certificate or a password"};
  // Before the keys are touched: `encrypt IN IN` would replace the only plaintext by its envelope.
  DISCUS_CHECK(base::check_apart(options.in, options.out));
  DISCUS_TRY(media::secure::Encryptor enc, media::secure::Encryptor::create(options.secure));
  if (cancel.requested()) return cancelled("before encrypting");
  DISCUS_CHECK(check_free_space(options.out, estimate_output(bytes_under({options.in})), "encrypt"));
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
  // The engine writes each file under a temporary name, fsyncs and renames it, syncs every
  // folder of OUT at the end, and on failure leaves OUT as it found it (media/secure/fileset.h):
  // no staging folder here, whose extra rename would only repeat that guarantee.
  media::secure::FileSetHooks hooks;
  hooks.cancel = cancel.flag();
  hooks.progress = [&progress](std::size_t done, std::size_t total, const std::string& file) {
    progress.on_progress({Stage::kEnvelope, Unit::kFiles, done, total, file});
  };
  auto run = media::secure::secure_file_set(options.in, options.out, enc, options.secure.threads, hooks);
  if (cancel.requested()) return cancelled("while encrypting the file-set (the output was left as it was found)");
  DISCUS_TRY(result.report, std::move(run));
  const std::size_t n = result.report.enveloped + result.report.plain;
  progress.on_progress({Stage::kEnvelope, Unit::kFiles, n, n, options.out});
  return result;
}

}  // namespace discus::app
