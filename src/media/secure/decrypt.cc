// Reading Secure DICOM Files. OpenSSL decodes CMS only from memory, so the envelope is walked
// with BerReader: the small parts (recipient infos, algorithm) are re-encoded as an Enveloped-data
// without content and given to OpenSSL to open the content-encryption key; the ciphertext then
// streams through OpenSSL's cipher BIO, and the plaintext through the same walk for the inner
// Signed-data / Digested-data (inner_content.cc).
//
// With a password, an envelope whose password recipient uses PBKDF2 and AES is opened by our own
// RFC 3211 reader (pwri.h) and the content decrypted through OpenSSL's cipher BIO: the key-
// encryption key is derived once per (salt, iterations, PRF, size) and kept in this Decryptor, so
// a medium made with one salt (as Discus writes them) costs one PBKDF2, not one per file.
#include <fmt/format.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/objects.h>

#include <array>
#include <cstring>
#include <map>
#include <mutex>

#include "base/file.h"
#include "media/secure/credentials.h"
#include "media/secure/durable.h"
#include "media/secure/envelope_limits.h"
#include "media/secure/inner_content.h"
#include "media/secure/pwri.h"
#include "media/secure/secure.h"
#include "media/secure/ssl.h"

namespace discus::media::secure {

using base::Error;
using base::ErrorCode;

struct Decryptor::Impl {
  Identity identity;
  Secret password;
  ssl::SslPtr<X509_STORE> trust;  // null when no --trust was given
  bool sync = true;
  // Password media: the key-encryption keys derived so far (a few; a hostile medium with a salt
  // per file just derives each time, as OpenSSL would).
  static constexpr std::size_t kMaxKeks = 16;
  mutable std::mutex kek_mu;
  mutable std::map<std::string, std::shared_ptr<const PasswordKek>> keks;

  base::Result<base::Bytes> password_key(const PasswordRecipient& pr, const std::string& file) const {
    std::string id(pr.salt.begin(), pr.salt.end());
    id += fmt::format("|{}|{}|{}", pr.iterations, static_cast<int>(pr.prf), pr.kek_bytes);
    std::shared_ptr<const PasswordKek> kek;
    {
      std::lock_guard<std::mutex> lock(kek_mu);
      auto it = keks.find(id);
      if (it != keks.end()) kek = it->second;
    }
    if (!kek) {
      DISCUS_TRY(PasswordKek derived, PasswordKek::derive(password, pr.iterations, pr.kek_bytes, pr.salt, pr.prf));
      kek = std::make_shared<const PasswordKek>(std::move(derived));
      std::lock_guard<std::mutex> lock(kek_mu);
      if (keks.size() < kMaxKeks) keks.emplace(id, kek);
    }
    auto cek = kek->unwrap(pr.iv, pr.encrypted_key);
    if (!cek) return std::move(cek).error().in_file(file);
    return cek;
  }
};

Decryptor::Decryptor(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Decryptor::Decryptor(Decryptor&&) noexcept = default;
Decryptor::~Decryptor() = default;
bool Decryptor::sync() const { return impl_->sync; }

base::Result<Decryptor> Decryptor::create(const DecryptOptions& options) {
  auto impl = std::make_unique<Impl>();
  const int ways = !options.key.empty() + !options.keystore.empty() + !options.password.empty();
  if (ways != 1) return Error{ErrorCode::kInvalidArgument, "give exactly one of a private key, a keystore or a password"};
  if (!options.key.empty()) {
    DISCUS_TRY(impl->identity, load_identity(options.key, options.cert));
  } else if (!options.keystore.empty()) {
    DISCUS_TRY(impl->identity, load_keystore(options.keystore));
  } else {
    impl->password = options.password;
  }
  if (!options.trust.empty()) {
    DISCUS_TRY(impl->trust, load_trust_anchors(options.trust));
  }
  impl->sync = options.sync;
  return Decryptor(std::move(impl));
}

namespace {

constexpr std::array<std::uint8_t, 11> kEnvelopedDataOid = {0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x07, 0x03};

class FileSource : public ByteSource {
 public:
  explicit FileSource(std::shared_ptr<const base::InputFile> f) : f_(std::move(f)) {}
  base::Result<std::size_t> read(std::uint8_t* dst, std::size_t n) override {
    DISCUS_TRY(std::size_t got, f_->read_some_at(pos_, std::span<std::uint8_t>(dst, n)));
    pos_ += got;
    return got;
  }

 private:
  std::shared_ptr<const base::InputFile> f_;
  std::uint64_t pos_ = 0;
};

// The plaintext coming out of OpenSSL's cipher BIO. At the end the padding is checked: a wrong
// key or password, or a damaged envelope, fails here if nothing noticed it before.
class PlainSource : public ByteSource {
 public:
  PlainSource(BIO* plain, ssl::AdapterBio& cipher_source, std::string name)
      : plain_(plain), cipher_source_(cipher_source), name_(std::move(name)) {}
  base::Result<std::size_t> read(std::uint8_t* dst, std::size_t n) override {
    if (done_) return std::size_t{0};
    const int got = BIO_read(plain_, dst, static_cast<int>(std::min<std::size_t>(n, 1u << 30)));
    if (cipher_source_.error) return Error(*cipher_source_.error);
    if (got > 0) return static_cast<std::size_t>(got);
    if (got < 0 || !BIO_get_cipher_status(plain_))
      return ssl::ssl_error(ErrorCode::kBadStructure,
                            "decryption failed: wrong key or password, or the envelope was altered (bad padding)", name_);
    done_ = true;
    return std::size_t{0};
  }

 private:
  BIO* plain_;
  ssl::AdapterBio& cipher_source_;
  std::string name_;
  bool done_ = false;
};

// Opens the content-encryption key with whatever the Decryptor holds; names the recipient used.
base::Result<std::string> open_key(CMS_ContentInfo* cms, const Identity& id, const Secret& password, const std::string& name) {
  STACK_OF(CMS_RecipientInfo)* ris = CMS_get0_RecipientInfos(cms);
  if (!password.empty()) {
    std::string pw(password.view());
    const int ok = CMS_decrypt_set1_password(cms, reinterpret_cast<unsigned char*>(pw.data()), static_cast<ossl_ssize_t>(pw.size()));
    OPENSSL_cleanse(pw.data(), pw.size());
    if (ok == 1) return std::string("password");
    bool any = false;
    for (int i = 0; i < sk_CMS_RecipientInfo_num(ris); ++i) any |= CMS_RecipientInfo_type(sk_CMS_RecipientInfo_value(ris, i)) == CMS_RECIPINFO_PASS;
    ERR_clear_error();
    return Error{ErrorCode::kInvalidArgument, any ? "wrong password (the RFC 3211 key check failed)" : "the envelope has no password recipient"}.in_file(name);
  }
  int transport = 0;
  for (int i = 0; i < sk_CMS_RecipientInfo_num(ris); ++i) {
    CMS_RecipientInfo* ri = sk_CMS_RecipientInfo_value(ris, i);
    if (CMS_RecipientInfo_type(ri) != CMS_RECIPINFO_TRANS) continue;
    ++transport;
    if (id.cert && CMS_RecipientInfo_ktri_cert_cmp(ri, id.cert.get()) != 0) continue;
    EVP_PKEY_up_ref(id.key.get());  // the RecipientInfo owns (and frees) the reference it is given
    CMS_RecipientInfo_set0_pkey(ri, id.key.get());
    const int ok = CMS_RecipientInfo_decrypt(cms, ri);
    if (ok == 1) {
      ERR_clear_error();
      return id.cert ? ssl::subject_of(id.cert.get()) : std::string("private key");
    }
    if (id.cert) return ssl::ssl_error(ErrorCode::kInvalidArgument, "the recipient matches the certificate but its key does not open it", name);
  }
  ERR_clear_error();
  if (transport == 0) return Error{ErrorCode::kInvalidArgument, "the envelope has no RSA key transport recipient (password-protected?)"}.in_file(name);
  return Error{ErrorCode::kInvalidArgument, fmt::format("wrong key: none of the {} key transport recipients is for this {}", transport,
                                                        id.cert ? "certificate" : "private key")}.in_file(name);
}

// RecipientInfos of kMaxRecipients recipients, each with a certificate's issuer name: far below.
constexpr std::size_t kMaxRecipientInfosBytes = 1u << 20;

// The content-encryption AlgorithmIdentifier's OID prefixes PS3.15 D.1 allows, and their block
// size (0: not allowed). aes128/192/256-CBC 2.16.840.1.101.3.4.1.{2,22,42}; des-ede3-cbc
// 1.2.840.113549.3.7.
base::Result<std::size_t> content_cipher_block(const base::Bytes& algorithm) {
  static constexpr std::array<std::uint8_t, 11> aes = {0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x01, 0x00};
  static constexpr std::array<std::uint8_t, 10> des3 = {0x06, 0x08, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x03, 0x07};
  // SEQUENCE header (short or long form), then the OID element.
  if (algorithm.size() < 2 || algorithm[0] != kSequence) return std::size_t{0};
  std::size_t i = 2 + ((algorithm[1] & 0x80) ? (algorithm[1] & 0x7F) : 0);
  if (algorithm.size() >= i + aes.size() && std::equal(aes.begin(), aes.end() - 1, algorithm.begin() + static_cast<std::ptrdiff_t>(i))) {
    const std::uint8_t last = algorithm[i + aes.size() - 1];
    return std::size_t{last == 2 || last == 22 || last == 42 ? 16u : 0u};
  }
  if (algorithm.size() >= i + des3.size() && std::equal(des3.begin(), des3.end(), algorithm.begin() + static_cast<std::ptrdiff_t>(i)))
    return std::size_t{8};
  return std::size_t{0};
}

// AES-CBC content encryption and its IV from the AlgorithmIdentifier, for our own password path
// (null: leave the envelope to OpenSSL, e.g. Triple-DES).
const EVP_CIPHER* aes_cbc_of(const base::Bytes& algorithm, base::Bytes& iv) {
  MemorySource m(algorithm);
  BerReader r(m, "algorithm");
  auto seq = r.header();
  auto oid = r.element(64);
  auto param = r.header();
  if (!seq || !oid || !param || param->identifier != kOctetString || param->length != 16 || oid->size() != 11) return nullptr;
  auto bytes = r.content(*param, 16);
  if (!bytes) return nullptr;
  static constexpr std::array<std::uint8_t, 10> aes = {0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x01};
  if (!std::equal(aes.begin(), aes.end(), oid->begin())) return nullptr;
  iv = std::move(*bytes);
  switch (oid->back()) {
    case 0x02: return EVP_aes_128_cbc();
    case 0x16: return EVP_aes_192_cbc();
    case 0x2A: return EVP_aes_256_cbc();
    default: return nullptr;
  }
}

struct EnvelopeParts {
  base::Bytes version, originator, recipients, content_type, algorithm;
  std::size_t block_size = 0;
  Header outer, content, enveloped, encrypted_info, encrypted;
  std::uint64_t outer_start = 0, content_start = 0, enveloped_start = 0, info_start = 0;
};

// `file` (may be null) tells a plain DICOM File from other junk in the message.
base::Result<EnvelopeParts> read_envelope_head(BerReader& r, const base::InputFile* file) {
  EnvelopeParts e;
  DISCUS_TRY(int first, r.peek_identifier());
  if (first != kSequence) {
    std::array<std::uint8_t, 4> magic{};
    if (file && file->size() >= 132 && file->read_at(128, magic) && std::memcmp(magic.data(), "DICM", 4) == 0)
      return Error{ErrorCode::kInvalidArgument, "a plain DICOM File, not a Secure DICOM File"}.in_file(r.name());
    if (first == -1) return r.error("not a Secure DICOM File (empty)");
    return r.error("not a Secure DICOM File (no CMS ContentInfo SEQUENCE)");
  }
  DISCUS_TRY(e.outer, r.header());
  e.outer_start = r.offset();
  DISCUS_TRY(base::Bytes type, r.element(64));
  if (!std::equal(type.begin(), type.end(), kEnvelopedDataOid.begin(), kEnvelopedDataOid.end()))
    return r.error(fmt::format("content type {} is not Enveloped-data (1.2.840.113549.1.7.3), as PS3.15 D.1.1 requires", oid_text(type)));
  DISCUS_TRY(e.content, r.expect(kContext0, "[0] content"));
  e.content_start = r.offset();
  DISCUS_TRY(e.enveloped, r.expect(kSequence, "EnvelopedData SEQUENCE"));
  e.enveloped_start = r.offset();
  DISCUS_TRY(e.version, r.element(16));
  DISCUS_TRY(int next, r.peek_identifier());
  if (next == kContext0) {
    DISCUS_TRY(e.originator, r.element());
  }
  DISCUS_TRY(next, r.peek_identifier());
  if (next != kSet) return r.error("expected the RecipientInfos SET");
  const std::uint64_t recipients_at = r.offset();
  DISCUS_TRY(e.recipients, r.element(kMaxRecipientInfosBytes));
  // Before OpenSSL sees them: an envelope must not choose how long opening it takes.
  DISCUS_CHECK(check_recipient_costs(e.recipients, recipients_at, r.name()));
  DISCUS_TRY(e.encrypted_info, r.expect(kSequence, "EncryptedContentInfo SEQUENCE"));
  e.info_start = r.offset();
  DISCUS_TRY(e.content_type, r.element(64));
  const std::uint64_t algorithm_at = r.offset();
  DISCUS_TRY(e.algorithm, r.element(1024));
  DISCUS_TRY(e.block_size, content_cipher_block(e.algorithm));
  if (e.block_size == 0)
    return r.error_at(algorithm_at, "the content-encryption algorithm is none of AES-128/192/256-CBC and Triple-DES-CBC, "
                                    "the ones PS3.15 D.1 names");
  DISCUS_TRY(e.encrypted, r.header());
  if (e.encrypted.identifier != kContext0Primitive && e.encrypted.identifier != kContext0)
    return r.error_at(e.encrypted.offset, "no encrypted content: a detached envelope is not a Secure DICOM File");
  return e;
}

// The envelope without its content, in BER with indefinite lengths (no sizes to compute).
base::Bytes skeleton(const EnvelopeParts& e) {
  base::Bytes s;
  append_indefinite(s, kSequence);
  s.insert(s.end(), kEnvelopedDataOid.begin(), kEnvelopedDataOid.end());
  append_indefinite(s, kContext0);
  append_indefinite(s, kSequence);
  for (const base::Bytes* part : {&e.version, &e.originator, &e.recipients}) s.insert(s.end(), part->begin(), part->end());
  append_indefinite(s, kSequence);
  s.insert(s.end(), e.content_type.begin(), e.content_type.end());
  s.insert(s.end(), e.algorithm.begin(), e.algorithm.end());
  append_end_of_contents(s, 4);
  return s;
}

base::Status read_envelope_tail(BerReader& r, const EnvelopeParts& e) {
  DISCUS_CHECK(r.close(e.encrypted_info, e.info_start));
  DISCUS_TRY(int next, r.peek_identifier());
  if (next == kContext1) {  // unprotectedAttrs: nothing to check
    DISCUS_TRY(base::Bytes unprotected, r.element());
  }
  DISCUS_CHECK(r.close(e.enveloped, e.enveloped_start));
  DISCUS_CHECK(r.close(e.content, e.content_start));
  DISCUS_CHECK(r.close(e.outer, e.outer_start));
  DISCUS_TRY(next, r.peek_identifier());
  if (next != -1) return r.error("bytes after the end of the CMS message");
  return {};
}

struct DataInit {
  BIO* top = nullptr;
  BIO* bottom = nullptr;
  ~DataInit() {
    if (top) ssl::free_chain(top, bottom);
    if (bottom) BIO_free(bottom);
  }
};

}  // namespace

base::Result<DecryptReport> Decryptor::decrypt_stream(ByteSource& source, const std::string& in, const PlainSink& sink,
                                                      const base::InputFile* file) const {
  BerReader r(source, in);
  DISCUS_TRY(EnvelopeParts e, read_envelope_head(r, file));

  DecryptReport report;
  // Our password path (see the banner), else OpenSSL's CMS code opens the key.
  std::optional<PasswordRecipient> pr;
  const EVP_CIPHER* own_cipher = nullptr;
  base::Bytes own_iv, own_key;
  if (!impl_->password.empty()) pr = parse_password_recipient(e.recipients);
  if (pr) own_cipher = aes_cbc_of(e.algorithm, own_iv);
  ssl::SslPtr<CMS_ContentInfo> cms;
  if (own_cipher) {
    DISCUS_TRY(own_key, impl_->password_key(*pr, in));
    if (own_key.size() != static_cast<std::size_t>(EVP_CIPHER_get_key_length(own_cipher))) {
      OPENSSL_cleanse(own_key.data(), own_key.size());
      return Error{ErrorCode::kInvalidArgument, "wrong password (the unwrapped key does not fit the content cipher)"}.in_file(in);
    }
    report.recipient = "password";
  } else {
    const base::Bytes skel = skeleton(e);
    const unsigned char* p = skel.data();
    cms.reset(d2i_CMS_ContentInfo(nullptr, &p, static_cast<long>(skel.size())));
    if (!cms) return ssl::ssl_error(ErrorCode::kBadStructure, "the envelope's recipient infos or algorithm do not decode", in);
    DISCUS_TRY(report.recipient, open_key(cms.get(), impl_->identity, impl_->password, in));
  }

  OctetStream ciphertext(r, e.encrypted);
  ssl::AdapterBio cipher_source;
  DISCUS_CHECK(ssl::make_source_bio(ciphertext, cipher_source));
  DataInit chain;
  chain.bottom = cipher_source.bio;
  if (own_cipher) {
    BIO* cipher = BIO_new(BIO_f_cipher());
    const int set = cipher != nullptr ? BIO_set_cipher(cipher, own_cipher, own_key.data(), own_iv.data(), 0) : 0;
    OPENSSL_cleanse(own_key.data(), own_key.size());
    if (set != 1) {
      if (cipher) BIO_free(cipher);
      return ssl::ssl_error(ErrorCode::kIo, "cannot start decryption", in);
    }
    chain.top = BIO_push(cipher, cipher_source.bio);
  } else {
    chain.top = CMS_dataInit(cms.get(), cipher_source.bio);
  }
  if (!chain.top) return ssl::ssl_error(ErrorCode::kInvalidArgument, "cannot start decryption (unsupported content-encryption algorithm?)", in);
  {
    EVP_CIPHER_CTX* ctx = nullptr;
    BIO_get_cipher_ctx(chain.top, &ctx);
    if (ctx) report.cipher = OBJ_nid2sn(EVP_CIPHER_CTX_get_nid(ctx));
  }
  PlainSource plain(chain.top, cipher_source, in);

  const std::string type = oid_text(e.content_type);
  InnerResult inner;
  if (impl_->trust && type != "1.2.840.113549.1.7.2")
    return Error{ErrorCode::kBadStructure, "signers were to be checked against --trust anchors, but the content is not signed (no Signed-data)"}.in_file(in);
  if (type == "1.2.840.113549.1.7.1") {
    report.content_type = "data";
    DISCUS_TRY(inner, copy_data(plain, sink));
  } else if (type == "1.2.840.113549.1.7.2" || type == "1.2.840.113549.1.7.5") {
    report.content_type = type.back() == '2' ? "signed-data" : "digested-data";
    BerReader inner_reader(plain, in + " (decrypted content)");
    DISCUS_TRY(inner, type.back() == '2' ? read_signed_data(inner_reader, sink, impl_->trust.get()) : read_digested_data(inner_reader, sink));
  } else {
    return Error{ErrorCode::kUnsupported, fmt::format("encrypted content type {} is none of Signed-data, Digested-data, Data", type)}.in_file(in);
  }
  {
    std::uint8_t extra = 0;  // the plaintext must end with the inner message; this read also checks the padding
    DISCUS_TRY(std::size_t more, plain.read(&extra, 1));
    if (more != 0) return Error{ErrorCode::kBadStructure, "bytes after the end of the encrypted content's message"}.in_file(in);
  }
  if (!ciphertext.finished()) return r.error("the encrypted content continues after the decrypted message ended");
  DISCUS_CHECK(read_envelope_tail(r, e));
  report.digest = inner.digest;
  report.signers = inner.signers;
  report.signers_trusted = inner.signers_trusted;
  return report;
}

base::Result<DecryptReport> Decryptor::decrypt_file(const std::string& in, const std::string& out, bool sync_dir) const {
  DISCUS_TRY(auto file, base::InputFile::open(in));
  FileSource source(file);
  DISCUS_TRY(auto output, base::AtomicOutputFile::create(out));
  DISCUS_TRY(DecryptReport report, decrypt_stream(source, in, [&output](base::ByteView b) { return output.write(b); }, file.get()));
  DISCUS_CHECK(commit_output(output, impl_->sync, sync_dir));
  return report;
}

base::Result<DecryptReport> Decryptor::decrypt_to_memory(const std::string& in, base::Bytes& out, std::uint64_t cap) const {
  DISCUS_TRY(auto file, base::InputFile::open(in));
  FileSource source(file);
  out.clear();
  auto report = decrypt_stream(source, in, [&](base::ByteView b) -> base::Status {
    if (out.size() + b.size() > cap)
      return Error{ErrorCode::kLimitExceeded, fmt::format("the DICOM File inside is larger than {} bytes", cap)}.in_file(in);
    out.insert(out.end(), b.begin(), b.end());
    return {};
  }, file.get());
  if (!report) wipe(out);
  return report;
}

void wipe(base::Bytes& bytes) {
  bytes.resize(bytes.capacity());
  OPENSSL_cleanse(bytes.data(), bytes.size());
  bytes.clear();
}

base::Result<EnvelopeSummary> check_envelope(ByteSource& source, const std::string& name) {
  BerReader r(source, name);
  DISCUS_TRY(EnvelopeParts e, read_envelope_head(r, nullptr));
  const base::Bytes skel = skeleton(e);
  const unsigned char* p = skel.data();
  ssl::SslPtr<CMS_ContentInfo> cms(d2i_CMS_ContentInfo(nullptr, &p, static_cast<long>(skel.size())));
  if (!cms) return ssl::ssl_error(ErrorCode::kBadStructure, "the envelope's recipient infos or algorithm do not decode", name);
  EnvelopeSummary summary;
  STACK_OF(CMS_RecipientInfo)* ris = CMS_get0_RecipientInfos(cms.get());
  for (int i = 0; i < sk_CMS_RecipientInfo_num(ris); ++i) {
    const int type = CMS_RecipientInfo_type(sk_CMS_RecipientInfo_value(ris, i));
    summary.recipients.push_back(type == CMS_RECIPINFO_PASS ? "password" : type == CMS_RECIPINFO_TRANS ? "RSA key transport" : "other");
  }
  const std::string type = oid_text(e.content_type);
  summary.content_type = type == "1.2.840.113549.1.7.2" ? "signed-data" : type == "1.2.840.113549.1.7.5" ? "digested-data"
                         : type == "1.2.840.113549.1.7.1" ? "data" : type;
  const std::uint64_t content_at = e.encrypted.offset;
  OctetStream ciphertext(r, e.encrypted);
  std::vector<std::uint8_t> buf(256 * 1024);
  for (;;) {
    DISCUS_TRY(std::size_t got, ciphertext.read(buf.data(), buf.size()));
    if (got == 0) break;
    summary.encrypted_bytes += got;
  }
  if (summary.encrypted_bytes == 0 || summary.encrypted_bytes % e.block_size != 0)
    return r.error_at(content_at, fmt::format("{} bytes of encrypted content: not a whole number of {}-byte cipher blocks",
                                              summary.encrypted_bytes, e.block_size));
  DISCUS_CHECK(read_envelope_tail(r, e));
  ERR_clear_error();
  return summary;
}



bool looks_secure(base::ByteView head) {
  std::size_t i = 0;
  if (head.size() < 2 || head[i++] != kSequence) return false;
  const std::uint8_t len = head[i++];
  if (len & 0x80) i += len & 0x7F;  // long or indefinite form
  return i + kEnvelopedDataOid.size() <= head.size() &&
         std::memcmp(head.data() + i, kEnvelopedDataOid.data(), kEnvelopedDataOid.size()) == 0;
}

base::Result<bool> is_secure_file(const std::string& path) {
  DISCUS_TRY(auto file, base::InputFile::open(path));
  std::array<std::uint8_t, 32> head{};
  DISCUS_TRY(std::size_t got, file->read_some_at(0, head));
  return looks_secure(base::ByteView(head.data(), got));
}

}  // namespace discus::media::secure
