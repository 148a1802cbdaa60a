// discus::media::secure — the outer Enveloped-data (RFC 5652 6.1) written by us, for envelopes
// with a password recipient: OpenSSL cannot be given a PBKDF2 salt for its password recipient,
// so the envelope around the inner Signed-data / Digested-data is encoded here (BER, indefinite
// outer lengths, the encrypted content in OCTET STRING chunks, as OpenSSL's streaming writes it)
// with the RecipientInfos: RSA key transport ones made by OpenSSL (see own_envelope.cc for how
// their content key is learnt) and our PasswordRecipientInfo (pwri.h).
//   DISCUS_TRY(ContentKey k, content_key(certs, oaep, cipher));
//   DISCUS_TRY(EnvelopeStream s, EnvelopeStream::start(cipher, k, kek, inner_type, sink));  s.write(..); s.finish();
#pragma once

#include <functional>
#include <memory>
#include <vector>

#include "base/bytes.h"
#include "base/result.h"
#include "media/secure/pwri.h"
#include "media/secure/ssl.h"

namespace discus::media::secure {

// A fresh content-encryption key and the RSA key transport RecipientInfos (DER, concatenated;
// empty without certificates) that carry it.
struct ContentKey {
  base::Bytes key;
  base::Bytes transport_infos;
  ContentKey() = default;
  ContentKey(ContentKey&&) noexcept = default;
  ContentKey& operator=(ContentKey&&) noexcept = default;
  ~ContentKey();
};
// CMS_add1_recipient_cert for each certificate (RSAES-OAEP with SHA-256 when `oaep`).
base::Status add_transport_recipients(CMS_ContentInfo* env, const std::vector<ssl::SslPtr<X509>>& certs, bool oaep, const std::string& file);
base::Result<ContentKey> content_key(const std::vector<ssl::SslPtr<X509>>& certs, bool oaep, const EVP_CIPHER* cipher,
                                     const std::string& file);

using CipherSink = std::function<base::Status(const std::uint8_t*, std::size_t)>;

// Encrypts the plaintext handed to write() (the inner content's encoding) and writes the whole
// ContentInfo to `sink`.
class EnvelopeStream {
 public:
  // `inner_type_octet` is the last octet of the inner content type's OID (2: signed, 5: digested).
  static base::Result<std::unique_ptr<EnvelopeStream>> start(const EVP_CIPHER* cipher, const ContentKey& key, const PasswordKek& kek,
                                                             std::uint8_t inner_type_octet, CipherSink sink);
  ~EnvelopeStream();
  base::Status write(const std::uint8_t* p, std::size_t n);
  base::Status finish();

 private:
  EnvelopeStream() = default;
  base::Status emit_chunk();
  EVP_CIPHER_CTX* ctx_ = nullptr;
  CipherSink sink_;
  base::Bytes out_;  // ciphertext not yet written, one OCTET STRING chunk's worth at most
};

}  // namespace discus::media::secure
