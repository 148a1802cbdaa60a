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
#include <optional>

#include "base/bytes.h"
#include "base/result.h"

namespace discus::media::secure {

class Secret;

// PBKDF2's pseudorandom function (RFC 8018 A.2): HMAC-SHA-1 is the default when none is named
// (what OpenSSL writes); ours name HMAC-SHA-256.
enum class Prf { kHmacSha1, kHmacSha256 };

class PasswordKek {
 public:
  static constexpr std::size_t kSaltBytes = 16;
  // A fresh random salt; `key_bytes` is the KEK's AES key size (16 or 32, as the content cipher).
  static base::Result<PasswordKek> derive(const Secret& password, int iterations, std::size_t key_bytes);
  // The same with a given salt and PRF (for tests and readers; key_bytes 16, 24 or 32).
  static base::Result<PasswordKek> derive(const Secret& password, int iterations, std::size_t key_bytes, base::ByteView salt,
                                          Prf prf = Prf::kHmacSha256);
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
  Prf prf_ = Prf::kHmacSha256;
};

// The parts of an envelope's first password recipient that our reader handles: PBKDF2 (HMAC-SHA-1
// or -256), id-alg-PWRI-KEK with AES-128/192/256-CBC. nullopt for anything else (OpenSSL's CMS
// code then opens the envelope, as before). `recipient_infos` is the whole RecipientInfos SET.
struct PasswordRecipient {
  base::Bytes salt, iv, encrypted_key;
  int iterations = 0;
  Prf prf = Prf::kHmacSha1;
  std::size_t kek_bytes = 0;
};
std::optional<PasswordRecipient> parse_password_recipient(base::ByteView recipient_infos);

// DER: an identifier octet, the definite length, the content.
void append_der(base::Bytes& out, std::uint8_t identifier, base::ByteView content);

}  // namespace discus::media::secure
