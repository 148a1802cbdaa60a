// discus::media::secure — secure file-sets (PS3.11 "-SEC-" profiles, e.g. STD-GEN-SEC-CD D.3.5):
// every DICOM File of a file-set, the DICOMDIR included, becomes a Secure DICOM File under the
// same File ID; and back.
//
// What stays plain: files that are not DICOM Files (README.TXT, a viewer) are copied as they
// are, since PS3.11 makes only DICOM Files secure and the IHE PDI README names no patient.
// SHA256.TXT, when the file-set has one, is rewritten to list the files actually written (the
// envelopes on a secure medium, the plain files after opening it), so `sha256sum -c` keeps
// working. OUT must not exist or be empty; on any failure or cancellation it is left as it was
// found (the run fills OUT.partial, mode 0700, and renames it onto OUT when complete).
// Unless the Encryptor / Decryptor was made with sync off, every file is fsync'ed before its
// rename and every directory of OUT once at the end.
//   DISCUS_TRY(FileSetReport r, secure_file_set("plain", "secure", options));
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "media/secure/secure.h"

namespace discus::media::secure {

struct FileSetReport {
  std::size_t enveloped = 0;  // Secure DICOM Files written (or opened)
  std::size_t plain = 0;      // other files copied as they are (SHA256.TXT rewritten)
  std::vector<std::pair<std::string, DecryptReport>> opened;  // per file, when opening
};

// How a run is watched. `cancel` is read between files: once set, no new file is started, the
// run fails with kCancelled and OUT is left as it was found (nothing finished-looking, no
// plaintext of a decrypt left in OUT.partial). `progress` is called after each file (any thread,
// one call at a time) with the files done, the total, and the file's relative path.
struct FileSetHooks {
  const std::atomic<bool>* cancel = nullptr;
  std::function<void(std::size_t done, std::size_t total, const std::string& file)> progress = {};
};

base::Result<FileSetReport> secure_file_set(const std::string& plain_dir, const std::string& out_dir, const SecureOptions& options);
base::Result<FileSetReport> secure_file_set(const std::string& plain_dir, const std::string& out_dir, const Encryptor& encryptor,
                                            unsigned threads = 2, const FileSetHooks& hooks = {});
base::Result<FileSetReport> open_secure_file_set(const std::string& secure_dir, const std::string& out_dir, const Decryptor& decryptor,
                                                 unsigned threads = 2, const FileSetHooks& hooks = {});

}  // namespace discus::media::secure
