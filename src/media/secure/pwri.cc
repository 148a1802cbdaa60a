// Our password recipient: PBKDF2 once per medium, RFC 3211 key wrap per file.
#include "media/secure/pwri.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <memory>

#include "media/secure/ber.h"
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

const EVP_CIPHER* kek_cipher(std::size_t key_bytes) {
  return key_bytes == 16 ? EVP_aes_128_cbc() : key_bytes == 24 ? EVP_aes_192_cbc() : EVP_aes_256_cbc();
}

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

base::Result<PasswordKek> PasswordKek::derive(const Secret& password, int iterations, std::size_t key_bytes, base::ByteView salt, Prf prf) {
  if (key_bytes != 16 && key_bytes != 24 && key_bytes != 32) return Error{ErrorCode::kInvalidArgument, "the key-encryption key must be AES"};
  if (iterations < 1) return Error{ErrorCode::kInvalidArgument, "PBKDF2 needs at least one iteration"};
  PasswordKek k;
  k.salt_.assign(salt.begin(), salt.end());
  k.iterations_ = iterations;
  k.prf_ = prf;
  k.kek_.resize(key_bytes);
  // RFC 3211 2.2: the KEK is PBKDF2's output of the KEK cipher's key length.
  const std::string_view pw = password.view();
  if (PKCS5_PBKDF2_HMAC(pw.data(), static_cast<int>(pw.size()), k.salt_.data(), static_cast<int>(k.salt_.size()), iterations, prf == Prf::kHmacSha1 ? EVP_sha1() : EVP_sha256(),
                        static_cast<int>(key_bytes), k.kek_.data()) != 1)
    return ssl::ssl_error(ErrorCode::kIo, "PBKDF2 failed");
  return k;
}

PasswordKek::PasswordKek(PasswordKek&& o) noexcept
    : salt_(std::move(o.salt_)), kek_(std::move(o.kek_)), iterations_(o.iterations_), prf_(o.prf_) {}

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
  if (prf_ == Prf::kHmacSha256) {  // HMAC-SHA-1 is the DEFAULT, so it is not written (DER)
    base::Bytes prf(kHmacSha256.begin(), kHmacSha256.end());
    prf.push_back(0x05), prf.push_back(0x00);  // parameters NULL
    append_der(kdf_params, kSequence, prf);
  }
  kdf.assign(kPbkdf2.begin(), kPbkdf2.end());
  append_der(kdf, kSequence, kdf_params);
  kea_params.assign(kAes128Cbc.begin(), kAes128Cbc.end());
  kea_params.back() = kek_.size() == 16 ? 0x02 : kek_.size() == 24 ? 0x16 : 0x2A;
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

namespace {

// One PasswordRecipientInfo element ([3] ...), or nullopt when it is not one our reader handles.
std::optional<PasswordRecipient> parse_one(base::ByteView element) {
  MemorySource m(element);
  BerReader r(m, "pwri");
  PasswordRecipient out;
  auto fail = [] { return std::optional<PasswordRecipient>(); };
  auto pwri = r.header();
  if (!pwri || pwri->indefinite) return fail();
  auto version = r.element(8);
  if (!version || *version != base::Bytes{kInteger, 0x01, 0x00}) return fail();
  auto kdf = r.header();
  if (!kdf || kdf->identifier != kContext0 || kdf->indefinite) return fail();
  auto kdf_oid = r.element(64);
  if (!kdf_oid || !std::equal(kdf_oid->begin(), kdf_oid->end(), kPbkdf2.begin(), kPbkdf2.end())) return fail();
  auto params = r.header();
  if (!params || params->identifier != kSequence || params->indefinite) return fail();
  const std::uint64_t params_end = r.offset() + params->length;
  auto salt = r.header();
  if (!salt || salt->identifier != kOctetString) return fail();
  auto salt_bytes = r.content(*salt, 1024);
  auto iterations = r.element(16);
  if (!salt_bytes || !iterations || (*iterations)[0] != kInteger || iterations->size() < 3 || iterations->size() > 6) return fail();
  out.salt = std::move(*salt_bytes);
  std::uint64_t n = 0;
  for (std::size_t i = 2; i < iterations->size(); ++i) n = n * 256 + (*iterations)[i];
  if (n == 0 || n > 2'000'000) return fail();  // envelope_limits.h refuses more before we get here
  out.iterations = static_cast<int>(n);
  std::uint64_t key_length = 0;
  while (r.offset() < params_end) {
    auto next = r.element(64);
    if (!next) return fail();
    if ((*next)[0] == kInteger) {
      for (std::size_t i = 2; i < next->size(); ++i) key_length = key_length * 256 + (*next)[i];
    } else if ((*next)[0] == kSequence && next->size() >= 2 + kHmacSha256.size() &&
               std::equal(kHmacSha256.begin(), kHmacSha256.end(), next->begin() + 2)) {
      out.prf = Prf::kHmacSha256;
    } else {
      return fail();  // another PRF: OpenSSL's reader
    }
  }
  auto kea = r.header();
  if (!kea || kea->identifier != kSequence || kea->indefinite) return fail();
  auto kea_oid = r.element(64);
  if (!kea_oid || !std::equal(kea_oid->begin(), kea_oid->end(), kPwriKek.begin(), kPwriKek.end())) return fail();
  auto kea_params = r.header();
  if (!kea_params || kea_params->identifier != kSequence || kea_params->indefinite) return fail();
  auto aes = r.element(64);
  if (!aes || aes->size() != kAes256Cbc.size() || !std::equal(kAes256Cbc.begin(), kAes256Cbc.end() - 1, aes->begin())) return fail();
  const std::uint8_t last = aes->back();
  out.kek_bytes = last == 0x02 ? 16 : last == 0x16 ? 24 : last == 0x2A ? 32 : 0;
  if (out.kek_bytes == 0 || (key_length != 0 && key_length != out.kek_bytes)) return fail();
  auto iv = r.header();
  if (!iv || iv->identifier != kOctetString || iv->length != kBlock) return fail();
  auto iv_bytes = r.content(*iv, kBlock);
  auto ek = r.header();
  if (!iv_bytes || !ek || ek->identifier != kOctetString) return fail();
  auto ek_bytes = r.content(*ek, 1024);
  if (!ek_bytes) return fail();
  out.iv = std::move(*iv_bytes);
  out.encrypted_key = std::move(*ek_bytes);
  return out;
}

}  // namespace

std::optional<PasswordRecipient> parse_password_recipient(base::ByteView recipient_infos) {
  MemorySource m(recipient_infos);
  BerReader r(m, "recipients");
  auto set = r.header();
  if (!set || set->identifier != kSet) return std::nullopt;
  for (;;) {
    if (set->indefinite) {
      auto end = r.take_end_of_contents();
      if (!end || *end) return std::nullopt;
    } else if (r.offset() >= set->raw.size() + set->length) {
      return std::nullopt;
    }
    auto kind = r.peek_identifier();
    auto ri = r.element();
    if (!kind || !ri) return std::nullopt;
    if (*kind == 0xA3) return parse_one(*ri);
  }
}

}  // namespace discus::media::secure
