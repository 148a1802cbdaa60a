// discus::output — read-back verification of a secure medium (PS3.11 "-SEC-" profiles, e.g.
// STD-GEN-SEC-CD, D.3.5): every DICOM File on it, the DICOMDIR included, is a Secure DICOM File
// (PS3.10 7.4, PS3.15 D.1), so verify_medium alone would call the DICOMDIR "not DICOM".
//
// Without a key the medium is verified at the envelope level: every file the SHA256.TXT manifest
// lists is there with the same SHA-256, nothing is on the medium that the manifest does not list,
// every DICOM File is an envelope whose whole structure walks cleanly (check_envelope: no key
// needed), and no plain DICOM File is left. With a key (a Decryptor: password, private key or
// key store) each envelope is also opened in memory (never plaintext on disk) — padding, digest
// and signatures checked — and the plaintext view of the medium then goes through verify_medium
// as a plain file-set would: DICOMDIR records against the instances they reference.
//   DISCUS_TRY(bool secure, is_secure_medium(medium));
//   if (secure) DISCUS_TRY(VerifyReport r, verify_secure_medium(medium, options, &decryptor));
#pragma once

#include "base/result.h"
#include "media/secure/secure.h"
#include "output/verify/medium_reader.h"
#include "output/verify/verify.h"

namespace discus::output {

// True when the medium's DICOMDIR (root, name matched as verify_medium matches it) starts as a
// CMS Enveloped-data: a secure file-set. False when there is none or it is plain.
base::Result<bool> is_secure_medium(const MediumReader& medium);

// `key` may be null: the envelope level only (VerifyReport::level says which was done).
base::Result<VerifyReport> verify_secure_medium(const MediumReader& medium, const VerifyOptions& options,
                                                const media::secure::Decryptor* key);

// A MediumReader's file as a pull stream (what the envelope reader takes): the medium is read on
// a second thread into a small bounded queue. `tap` (may be empty) sees every byte of the file,
// in order, on that thread, even those the consumer does not pull.
class PulledFile : public media::secure::ByteSource {
 public:
  PulledFile(const MediumReader& medium, std::string path, std::function<void(base::ByteView)> tap = {});
  ~PulledFile() override;
  PulledFile(const PulledFile&) = delete;
  PulledFile& operator=(const PulledFile&) = delete;
  base::Result<std::size_t> read(std::uint8_t* dst, std::size_t n) override;
  // Reads the rest of the file (for `tap`), waits for the reading thread, returns its status.
  base::Status finish();

  struct State;
 private:
  std::unique_ptr<State> state_;
};

}  // namespace discus::output
