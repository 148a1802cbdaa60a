// Our password recipient: PBKDF2 once per medium, RFC 3211 key wrap per file.
#include "media/secure/pwri.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <memory>

#include "media/secure/secure.h"
#include "media/secure/ssl.h"

namespace discus::media::secure {

using base::Error;
using base::ErrorCode;

namespace {

// Whole OID elements. id-PBKDF2 1.2.840.113549.1.5.12 (RFC 8018 A.2); hmacWithSHA256
// 1.2.840.113549.2.9 (RFC 8018 B.1.2); id-alg-PWRI-KEK 1.2.840.113549.1.9.16.3.9 (RFC 3211 2.3);
// aes128-CBC / aes256-CBC 2.16.840.1.101.3.4.1.2 / .42 (RFC 3565).
constexpr std::array<std::uint8_t, 11> kPbkdf2 = {0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x05, 0x0C};
constexpr std::array<std::uint8_t, 10> kHmacSha256 = {0x06, 0x08, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x02, 0x09};
constexpr std::array<std::uint8_t, 13> kPwriKek = {0x06, 0x0B, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x09, 0x10, 0x03, 0x09};
constexpr std::array<std::uint8_t, 11> kAes128Cbc = {0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x01, 0x02};
constexpr std::array<std::uint8_t, 11> kAes256Cbc = {0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x01, 0x2A};
constexpr std::size_t kBlock = 16;

base::Bytes integer_der(std::uint64_t v) {
  base::Bytes content;
  do {
    content.insert(content.begin(), static_cast<std::uint8_t>(v & 0xFF));
    v >>= 8;
  } while (v != 0);
  if (content[0] & 0x80) content.insert(content.begin(), 0);  // stays positive
  base::Bytes out;
  append_der(out, kInteger, content);
  return out;
}

const EVP_CIPHER* kek_cipher(std::size_t key_bytes) { return key_bytes == 16 ? EVP_aes_128_cbc() : EVP_aes_256_cbc(); }

struct CtxFree {
  void operator()(EVP_CIPHER_CTX* c) const { EVP_CIPHER_CTX_free(c); }
};

// Raw CBC (no padding) of whole blocks, in place.
base::Status cbc(const base::Bytes& key, base::ByteView iv, std::uint8_t* data, std::size_t n, bool encrypt) {
  std::unique_ptr<EVP_CIPHER_CTX, CtxFree> ctx(EVP_CIPHER_CTX_new());
  int out = 0;
  if (!ctx || EVP_CipherInit_ex(ctx.get(), kek_cipher(key.size()), nullptr, key.data(), iv.data(), encrypt ? 1 : 0) != 1 ||
      EVP_CIPHER_CTX_set_padding(ctx.get(), 0) != 1 || EVP_CipherUpdate(ctx.get(), data, &out, data, static_cast<int>(n)) != 1 ||
      static_cast<std::size_t>(out) != n)
    return ssl::ssl_error(ErrorCode::kIo, "the RFC 3211 key wrap failed");
  return {};
}

}  // namespace

void append_der(base::Bytes& out, std::uint8_t identifier, base::ByteView content) {
  out.push_back(identifier);
  const std::size_t n = content.size();
  if (n < 0x80) {
    out.push_back(static_cast<std::uint8_t>(n));
  } else {
    int octets = 0;
    for (std::size_t v = n; v != 0; v >>= 8) ++octets;
    out.push_back(static_cast<std::uint8_t>(0x80 | octets));
    for (int i = octets - 1; i >= 0; --i) out.push_back(static_cast<std::uint8_t>(n >> (8 * i)));
  }
  out.insert(out.end(), content.begin(), content.end());
}

base::Result<PasswordKek> PasswordKek::derive(const Secret& password, int iterations, std::size_t key_bytes) {
  std::array<std::uint8_t, kSaltBytes> salt{};
  if (RAND_bytes(salt.data(), static_cast<int>(salt.size())) != 1) return ssl::ssl_error(ErrorCode::kIo, "no random salt");
  return derive(password, iterations, key_bytes, salt);
}

base::Result<PasswordKek> PasswordKek::derive(const Secret& password, int iterations, std::size_t key_bytes, base::ByteView salt) {
  if (key_bytes != 16 && key_bytes != 32) return Error{ErrorCode::kInvalidArgument, "the key-encryption key must be AES-128 or AES-256"};
  if (iterations < 1) return Error{ErrorCode::kInvalidArgument, "PBKDF2 needs at least one iteration"};
  PasswordKek k;
  k.salt_.assign(salt.begin(), salt.end());
  k.iterations_ = iterations;
  k.kek_.resize(key_bytes);
  // RFC 3211 2.2: the KEK is PBKDF2's output of the KEK cipher's key length.
  const std::string_view pw = password.view();
  if (PKCS5_PBKDF2_HMAC(pw.data(), static_cast<int>(pw.size()), k.salt_.data(), static_cast<int>(k.salt_.size()), iterations, EVP_sha256(),
                        static_cast<int>(key_bytes), k.kek_.data()) != 1)
    return ssl::ssl_error(ErrorCode::kIo, "PBKDF2 failed");
  return k;
}

PasswordKek::PasswordKek(PasswordKek&& o) noexcept : salt_(std::move(o.salt_)), kek_(std::move(o.kek_)), iterations_(o.iterations_) {}

PasswordKek::~PasswordKek() { OPENSSL_cleanse(kek_.data(), kek_.size()); }

base::Result<base::Bytes> PasswordKek::recipient_info(base::ByteView cek) const {
  if (cek.size() < 3 || cek.size() > 255) return Error{ErrorCode::kInvalidArgument, "content-encryption key of a length RFC 3211 cannot wrap"};
  // RFC 3211 2.3.1: length octet, the complement of the key's first three octets, the key, random
  // padding to whole blocks and at least two of them; CBC with the KEK, then CBC again over that
  // with the last ciphertext block as the IV.
  const std::size_t n = std::max<std::size_t>(2 * kBlock, (4 + cek.size() + kBlock - 1) / kBlock * kBlock);
  base::Bytes wrapped(n);
  std::array<std::uint8_t, kBlock> iv{};
  if (RAND_bytes(wrapped.data(), static_cast<int>(n)) != 1 || RAND_bytes(iv.data(), static_cast<int>(iv.size())) != 1)
    return ssl::ssl_error(ErrorCode::kIo, "no random padding or IV");
  wrapped[0] = static_cast<std::uint8_t>(cek.size());
  for (int i = 0; i < 3; ++i) wrapped[1 + i] = static_cast<std::uint8_t>(~cek[i]);
  std::copy(cek.begin(), cek.end(), wrapped.begin() + 4);
  base::Status s = cbc(kek_, iv, wrapped.data(), n, true);
  if (s) {
    std::array<std::uint8_t, kBlock> iv2{};
    std::copy(wrapped.end() - kBlock, wrapped.end(), iv2.begin());
    s = cbc(kek_, iv2, wrapped.data(), n, true);
  }
  if (!s) {
    OPENSSL_cleanse(wrapped.data(), wrapped.size());
    return std::move(s).error();
  }

  base::Bytes params, kdf, kdf_params, kea, kea_params, body, ri;
  append_der(kdf_params, kOctetString, salt_);
  const base::Bytes iter = integer_der(static_cast<std::uint64_t>(iterations_));
  kdf_params.insert(kdf_params.end(), iter.begin(), iter.end());
  {
    base::Bytes prf(kHmacSha256.begin(), kHmacSha256.end());
    prf.push_back(0x05), prf.push_back(0x00);  // parameters NULL
    append_der(kdf_params, kSequence, prf);
  }
  kdf.assign(kPbkdf2.begin(), kPbkdf2.end());
  append_der(kdf, kSequence, kdf_params);
  const auto& aes = kek_.size() == 16 ? kAes128Cbc : kAes256Cbc;
  kea_params.assign(aes.begin(), aes.end());
  append_der(kea_params, kOctetString, iv);
  kea.assign(kPwriKek.begin(), kPwriKek.end());
  append_der(kea, kSequence, kea_params);

  body = {kInteger, 0x01, 0x00};               // version 0 (RFC 5652 6.2.4)
  append_der(body, kContext0, kdf);            // keyDerivationAlgorithm [0] IMPLICIT AlgorithmIdentifier
  append_der(body, kSequence, kea);            // keyEncryptionAlgorithm
  append_der(body, kOctetString, wrapped);     // encryptedKey
  append_der(ri, 0xA3, body);                  // RecipientInfo CHOICE pwri [3] IMPLICIT
  return ri;
}

base::Result<base::Bytes> PasswordKek::unwrap(base::ByteView iv, base::ByteView encrypted_key) const {
  const std::size_t n = encrypted_key.size();
  if (iv.size() != kBlock || n < 2 * kBlock || n % kBlock != 0) return Error{ErrorCode::kBadStructure, "not an RFC 3211 wrapped key"};
  // RFC 3211 2.3.2: decrypt the last block with the one before it as IV, which gives the IV of the
  // first pass' last block; then the inner pass, then the outer one.
  base::Bytes t(encrypted_key.begin(), encrypted_key.end());
  std::array<std::uint8_t, kBlock> last{}, inner_iv{};
  std::copy(t.end() - kBlock, t.end(), last.begin());
  DISCUS_CHECK(cbc(kek_, base::ByteView(t.data() + n - 2 * kBlock, kBlock), last.data(), kBlock, false));
  inner_iv = last;
  DISCUS_CHECK(cbc(kek_, inner_iv, t.data(), n, false));   // undoes the second pass
  DISCUS_CHECK(cbc(kek_, iv, t.data(), n, false));         // undoes the first
  const std::size_t len = t[0];
  bool ok = len >= 3 && 4 + len <= n;
  for (std::size_t i = 0; ok && i < 3; ++i) ok = static_cast<std::uint8_t>(~t[1 + i]) == t[4 + i];
  if (!ok) {
    OPENSSL_cleanse(t.data(), t.size());
    return Error{ErrorCode::kInvalidArgument, "wrong password (the RFC 3211 key check failed)"};
  }
  base::Bytes key(t.begin() + 4, t.begin() + 4 + static_cast<std::ptrdiff_t>(len));
  OPENSSL_cleanse(t.data(), t.size());
  return key;
}

}  // namespace discus::media::secure
