#include "app/decrypt.h"
#include "app/free_space.h"

#include <filesystem>

#include "base/file.h"


namespace discus::app {

base::Result<DecryptResult> decrypt(const DecryptOptions& options, const Context& /*context*/, Progress& progress,
                                    CancelToken& cancel) {
  // `decrypt IN IN` would replace the envelope by its plaintext, or by nothing when it fails.
  DISCUS_CHECK(base::check_apart(options.in, options.out));
  DISCUS_TRY(media::secure::Decryptor dec, media::secure::Decryptor::create(options.decrypt));
  if (cancel.requested()) return cancelled("before decrypting");
  DISCUS_CHECK(check_free_space(options.out, estimate_output(bytes_under({options.in})), "decrypt"));
  DecryptResult result;
  std::error_code ec;
  result.fileset = std::filesystem::is_directory(options.in, ec);
  progress.on_stage(Stage::kOpen, options.in);
  if (!result.fileset) {
    DISCUS_TRY(media::secure::DecryptReport r, dec.decrypt_file(options.in, options.out));
    result.report.enveloped = 1;
    result.report.opened.emplace_back(options.in, std::move(r));
    progress.on_progress({Stage::kOpen, Unit::kFiles, 1, 1, options.in});
    return result;
  }
  // The engine writes each file under a temporary name, fsyncs and renames it, syncs every
  // folder of OUT at the end, and on failure leaves OUT as it found it (media/secure/fileset.h):
  // no staging folder here, whose extra rename would only repeat that guarantee.
  media::secure::FileSetHooks hooks;
  hooks.cancel = cancel.flag();
  hooks.progress = [&progress](std::size_t done, std::size_t total, const std::string& file) {
    progress.on_progress({Stage::kOpen, Unit::kFiles, done, total, file});
  };
  auto run = media::secure::open_secure_file_set(options.in, options.out, dec, options.threads, hooks);
  if (cancel.requested()) return cancelled("while decrypting the file-set (the output was left as it was found)");
  DISCUS_TRY(result.report, std::move(run));
  const std::size_t n = result.report.enveloped + result.report.plain;
  progress.on_progress({Stage::kOpen, Unit::kFiles, n, n, options.out});
  return result;
}

}  // namespace discus::app
