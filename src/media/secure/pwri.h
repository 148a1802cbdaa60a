// discus::media::secure — our own password recipient (RFC 5652 6.2.4, RFC 3211): PBKDF2
// (RFC 8018 5.2, HMAC-SHA-256) turns the password into a key-encryption key once per medium, and
// every file's content-encryption key is wrapped with it by id-alg-PWRI-KEK (RFC 3211 2.3). So all
// envelopes of one medium share one salt and iteration count, and a reader (the disc viewer,
// viewer-autorun/src/cms.js) derives the key once, not once per file. OpenSSL's
// CMS_add0_recipient_password draws a salt per envelope, which is why this exists.
// The KEK lives only in this object's memory (wiped when it goes) during authoring.
//   DISCUS_TRY(PasswordKek kek, PasswordKek::derive(password, 10000, 32));
//   DISCUS_TRY(base::Bytes ri, kek.recipient_info(cek));   // a [3] RecipientInfo, DER
#pragma once

#include <cstddef>
#include <cstdint>

#include "base/bytes.h"
#include "base/result.h"

namespace discus::media::secure {

class Secret;

class PasswordKek {
 public:
  static constexpr std::size_t kSaltBytes = 16;
  // A fresh random salt; `key_bytes` is the KEK's AES key size (16 or 32, as the content cipher).
  static base::Result<PasswordKek> derive(const Secret& password, int iterations, std::size_t key_bytes);
  // The same with a given salt (for tests and readers).
  static base::Result<PasswordKek> derive(const Secret& password, int iterations, std::size_t key_bytes, base::ByteView salt);
  PasswordKek(PasswordKek&& o) noexcept;
  PasswordKek& operator=(PasswordKek&&) = delete;
  PasswordKek(const PasswordKek&) = delete;
  ~PasswordKek();

  // The PasswordRecipientInfo for `cek` as a RecipientInfo CHOICE ([3] IMPLICIT, DER): version 0,
  // keyDerivationAlgorithm PBKDF2 {salt, iterations, prf hmacWithSHA256}, keyEncryptionAlgorithm
  // id-alg-PWRI-KEK {aes-N-CBC, fresh random IV}, encryptedKey (RFC 3211 2.3.1). Thread-safe.
  base::Result<base::Bytes> recipient_info(base::ByteView cek) const;
  // RFC 3211 2.3.2: the key inside `encrypted_key` (wrapped with this KEK and `iv`), or an error
  // when the length and check bytes do not match (a wrong password).
  base::Result<base::Bytes> unwrap(base::ByteView iv, base::ByteView encrypted_key) const;

  base::ByteView salt() const { return salt_; }
  int iterations() const { return iterations_; }

 private:
  PasswordKek() = default;
  base::Bytes salt_, kek_;
  int iterations_ = 0;
};

// DER: an identifier octet, the definite length, the content.
void append_der(base::Bytes& out, std::uint8_t identifier, base::ByteView content);

}  // namespace discus::media::secure
