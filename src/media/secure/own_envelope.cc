// The outer Enveloped-data for envelopes with our password recipient.
//
// How the RSA recipients' content key is learnt: OpenSSL draws the content-encryption key itself
// and has no call to set or read it for Enveloped-data. So a small envelope of no content is made
// by OpenSSL with the certificate recipients plus one KEK recipient (RFC 5652 6.2.3) under a
// random AES-256 key of ours; unwrapping that recipient's key (RFC 3394) gives the content key,
// the key transport RecipientInfos are taken as OpenSSL encoded them, and the KEK recipient is
// dropped. The content itself is then encrypted here under that key with a fresh IV.
#include "media/secure/own_envelope.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>

#include <array>
#include <cstring>

#include "media/secure/ber.h"

namespace discus::media::secure {

using base::Error;
using base::ErrorCode;

namespace {

constexpr std::array<std::uint8_t, 11> kEnvelopedDataOid = {0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x03};
constexpr std::array<std::uint8_t, 11> kPkcs7Oid = {0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x00};  // + type
constexpr std::array<std::uint8_t, 11> kAesCbcOid = {0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x01, 0x00};  // + 2 / 42
constexpr std::size_t kChunkBytes = 256u << 10;
constexpr std::size_t kKekriKeyBytes = 32;

struct CtxFree {
  void operator()(EVP_CIPHER_CTX* c) const { EVP_CIPHER_CTX_free(c); }
};

base::Result<base::Bytes> unwrap_aes_kw(const std::uint8_t* kek, base::ByteView wrapped, const std::string& file) {
  std::unique_ptr<EVP_CIPHER_CTX, CtxFree> ctx(EVP_CIPHER_CTX_new());
  base::Bytes out(wrapped.size() + 16);
  int n = 0;
  if (!ctx) return ssl::ssl_error(ErrorCode::kIo, "out of memory", file);
  EVP_CIPHER_CTX_set_flags(ctx.get(), EVP_CIPHER_CTX_FLAG_WRAP_ALLOW);
  if (EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_wrap(), nullptr, kek, nullptr) != 1 ||
      EVP_DecryptUpdate(ctx.get(), out.data(), &n, wrapped.data(), static_cast<int>(wrapped.size())) != 1 || n <= 0)
    return ssl::ssl_error(ErrorCode::kIo, "cannot unwrap the content key", file);
  out.resize(static_cast<std::size_t>(n));
  return out;
}

// The encryptedKey of a KEKRecipientInfo element ([2] { version, kekid, keyEncryptionAlgorithm, encryptedKey }).
base::Result<base::Bytes> kekri_encrypted_key(const base::Bytes& element, const std::string& file) {
  MemorySource src(element);
  BerReader r(src, file + " (KEK recipient)");
  DISCUS_TRY(Header h, r.header());
  for (int i = 0; i < 3; ++i) {
    DISCUS_TRY(base::Bytes skipped, r.element());
  }
  DISCUS_TRY(Header key, r.expect(kOctetString, "encryptedKey"));
  return r.content(key, 1024);
}

}  // namespace

ContentKey::~ContentKey() { OPENSSL_cleanse(key.data(), key.size()); }

base::Status add_transport_recipients(CMS_ContentInfo* env, const std::vector<ssl::SslPtr<X509>>& certs, bool oaep, const std::string& file) {
  for (const auto& cert : certs) {
    CMS_RecipientInfo* ri = CMS_add1_recipient_cert(env, cert.get(), oaep ? CMS_KEY_PARAM : 0);
    if (!ri) return ssl::ssl_error(ErrorCode::kInvalidArgument, "cannot add recipient " + ssl::subject_of(cert.get()), file);
    if (oaep) {
      EVP_PKEY_CTX* pctx = CMS_RecipientInfo_get0_pkey_ctx(ri);
      if (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_OAEP_PADDING) <= 0 || EVP_PKEY_CTX_set_rsa_oaep_md(pctx, EVP_sha256()) <= 0 ||
          EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, EVP_sha256()) <= 0)
        return ssl::ssl_error(ErrorCode::kInvalidArgument, "cannot select RSA-OAEP", file);
    }
  }
  return {};
}

base::Result<ContentKey> content_key(const std::vector<ssl::SslPtr<X509>>& certs, bool oaep, const EVP_CIPHER* cipher, const std::string& file) {
  ContentKey k;
  const int key_bytes = EVP_CIPHER_get_key_length(cipher);
  if (certs.empty()) {
    k.key.resize(static_cast<std::size_t>(key_bytes));
    if (RAND_bytes(k.key.data(), key_bytes) != 1) return ssl::ssl_error(ErrorCode::kIo, "no random content key", file);
    return k;
  }
  ssl::SslPtr<CMS_ContentInfo> env(CMS_EnvelopedData_create(cipher));
  if (!env) return ssl::ssl_error(ErrorCode::kIo, "cannot create Enveloped-data", file);
  DISCUS_CHECK(add_transport_recipients(env.get(), certs, oaep, file));
  std::array<std::uint8_t, kKekriKeyBytes> kek{};
  auto* owned_key = static_cast<unsigned char*>(OPENSSL_malloc(kKekriKeyBytes));  // both owned by the CMS structure
  auto* owned_id = static_cast<unsigned char*>(OPENSSL_malloc(1));
  if (!owned_key || !owned_id || RAND_bytes(kek.data(), static_cast<int>(kek.size())) != 1) {
    OPENSSL_free(owned_key), OPENSSL_free(owned_id);
    return ssl::ssl_error(ErrorCode::kIo, "no random key", file);
  }
  std::memcpy(owned_key, kek.data(), kek.size());
  owned_id[0] = 'K';
  if (!CMS_add0_recipient_key(env.get(), NID_undef, owned_key, kKekriKeyBytes, owned_id, 1, nullptr, nullptr, nullptr)) {
    OPENSSL_clear_free(owned_key, kKekriKeyBytes), OPENSSL_free(owned_id);
    return ssl::ssl_error(ErrorCode::kIo, "cannot add the KEK recipient", file);
  }
  ssl::SslPtr<BIO> empty(BIO_new(BIO_s_mem()));
  if (!empty || CMS_final(env.get(), empty.get(), nullptr, CMS_BINARY) != 1)
    return ssl::ssl_error(ErrorCode::kIo, "cannot make the key transport recipients", file);
  unsigned char* der = nullptr;
  const int der_len = i2d_CMS_ContentInfo(env.get(), &der);
  if (der_len <= 0) return ssl::ssl_error(ErrorCode::kIo, "cannot encode the key transport recipients", file);
  base::Bytes bytes(der, der + der_len);
  OPENSSL_free(der);

  MemorySource src(bytes);
  BerReader r(src, file + " (key transport)");
  DISCUS_TRY(Header ci, r.header());
  DISCUS_TRY(base::Bytes type, r.element(64));
  DISCUS_TRY(Header content, r.expect(kContext0, "[0] content"));
  DISCUS_TRY(Header enveloped, r.expect(kSequence, "EnvelopedData"));
  DISCUS_TRY(base::Bytes version, r.element(16));
  DISCUS_TRY(Header set, r.expect(kSet, "RecipientInfos"));
  const std::uint64_t end = r.offset() + set.length;
  bool found = false;
  while (r.offset() < end) {
    DISCUS_TRY(base::Bytes ri, r.element());
    if (ri[0] == kSequence) {
      k.transport_infos.insert(k.transport_infos.end(), ri.begin(), ri.end());
    } else if (ri[0] == 0xA2) {
      DISCUS_TRY(base::Bytes wrapped, kekri_encrypted_key(ri, file));
      auto key = unwrap_aes_kw(kek.data(), wrapped, file);
      OPENSSL_cleanse(kek.data(), kek.size());
      if (!key) return std::move(key).error();
      k.key = std::move(*key);
      found = true;
    }
  }
  if (!found || k.key.size() != static_cast<std::size_t>(key_bytes))
    return Error{ErrorCode::kBadStructure, "OpenSSL's envelope lacks the KEK recipient's content key"}.in_file(file);
  return k;
}

base::Result<std::unique_ptr<EnvelopeStream>> EnvelopeStream::start(const EVP_CIPHER* cipher, const ContentKey& key, const PasswordKek& kek,
                                                                    std::uint8_t inner_type_octet, CipherSink sink) {
  std::unique_ptr<EnvelopeStream> s(new EnvelopeStream());
  s->sink_ = std::move(sink);
  std::array<std::uint8_t, 16> iv{};
  if (RAND_bytes(iv.data(), static_cast<int>(iv.size())) != 1) return ssl::ssl_error(ErrorCode::kIo, "no random IV");
  s->ctx_ = EVP_CIPHER_CTX_new();
  if (!s->ctx_ || EVP_EncryptInit_ex(s->ctx_, cipher, nullptr, key.key.data(), iv.data()) != 1)
    return ssl::ssl_error(ErrorCode::kIo, "cannot start the content encryption");

  DISCUS_TRY(base::Bytes pwri, kek.recipient_info(key.key));
  base::Bytes recipients(key.transport_infos);
  recipients.insert(recipients.end(), pwri.begin(), pwri.end());
  base::Bytes algorithm(kAesCbcOid.begin(), kAesCbcOid.end());
  algorithm.back() = EVP_CIPHER_get_key_length(cipher) == 16 ? 0x02 : 0x2A;
  append_der(algorithm, kOctetString, iv);

  base::Bytes h;
  append_indefinite(h, kSequence);                                   // ContentInfo
  h.insert(h.end(), kEnvelopedDataOid.begin(), kEnvelopedDataOid.end());
  append_indefinite(h, kContext0);
  append_indefinite(h, kSequence);                                   // EnvelopedData
  h.insert(h.end(), {kInteger, 0x01, 0x03});                         // RFC 5652 6.1: version 3 with a pwri
  append_der(h, kSet, recipients);
  append_indefinite(h, kSequence);                                   // EncryptedContentInfo
  h.insert(h.end(), kPkcs7Oid.begin(), kPkcs7Oid.end());
  h.back() = inner_type_octet;
  append_der(h, kSequence, algorithm);
  append_indefinite(h, kContext0);                                   // encryptedContent [0] IMPLICIT, in chunks
  DISCUS_CHECK(s->sink_(h.data(), h.size()));
  s->out_.reserve(kChunkBytes + 64);
  return s;
}

EnvelopeStream::~EnvelopeStream() { EVP_CIPHER_CTX_free(ctx_); }

base::Status EnvelopeStream::emit_chunk() {
  if (out_.empty()) return {};
  // A definite-length OCTET STRING chunk of the constructed encryptedContent (X.690 8.7.3).
  base::Bytes head{kOctetString};
  const std::size_t n = out_.size();
  if (n < 0x80) {
    head.push_back(static_cast<std::uint8_t>(n));
  } else {
    int octets = 0;
    for (std::size_t v = n; v != 0; v >>= 8) ++octets;
    head.push_back(static_cast<std::uint8_t>(0x80 | octets));
    for (int i = octets - 1; i >= 0; --i) head.push_back(static_cast<std::uint8_t>(n >> (8 * i)));
  }
  DISCUS_CHECK(sink_(head.data(), head.size()));
  DISCUS_CHECK(sink_(out_.data(), out_.size()));
  out_.clear();
  return {};
}

base::Status EnvelopeStream::write(const std::uint8_t* p, std::size_t n) {
  while (n > 0) {
    const std::size_t take = std::min(n, kChunkBytes);
    const std::size_t at = out_.size();
    out_.resize(at + take + 16);
    int got = 0;
    if (EVP_EncryptUpdate(ctx_, out_.data() + at, &got, p, static_cast<int>(take)) != 1)
      return ssl::ssl_error(ErrorCode::kIo, "content encryption failed");
    out_.resize(at + static_cast<std::size_t>(got));
    if (out_.size() >= kChunkBytes) DISCUS_CHECK(emit_chunk());
    p += take;
    n -= take;
  }
  return {};
}

base::Status EnvelopeStream::finish() {
  const std::size_t at = out_.size();
  out_.resize(at + 16);
  int got = 0;
  if (EVP_EncryptFinal_ex(ctx_, out_.data() + at, &got) != 1) return ssl::ssl_error(ErrorCode::kIo, "content encryption failed");
  out_.resize(at + static_cast<std::size_t>(got));
  DISCUS_CHECK(emit_chunk());
  static constexpr std::array<std::uint8_t, 10> kEnds{};  // [0] content, EncryptedContentInfo, EnvelopedData, [0], ContentInfo
  return sink_(kEnds.data(), kEnds.size());
}

}  // namespace discus::media::secure
