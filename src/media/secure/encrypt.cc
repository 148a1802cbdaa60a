// Writing Secure DICOM Files: Enveloped-data around Signed-data or Digested-data around the
// DICOM File (PS3.15 D.1.1), streamed through two chained OpenSSL CMS streaming BIOs.
//
// RFC 5652 5.2 / 6.1: the encrypted content of an Enveloped-data whose content type is
// id-signedData (or id-digestedData) is that SignedData (DigestedData) value itself, not a
// ContentInfo. OpenSSL's streaming encoder always writes a ContentInfo, so the 15 octets that
// open it (SEQUENCE, OID, [0], all indefinite) and its 4 closing end-of-contents octets are
// checked and dropped between the inner and the outer encoder.
//
// Speed: large files are digested on a second thread (parallel_digest.h) while this one encrypts,
// and the envelope's output (OpenSSL's cipher BIO hands on 4 KiB pieces, each behind its own
// OCTET STRING header) is gathered into 1 MiB writes.
#include <fmt/format.h>
#include <openssl/crypto.h>
#include <openssl/objects.h>
#include <openssl/rsa.h>
#include <openssl/x509v3.h>

#include <array>
#include <cstring>
#include <memory>
#include <span>

#include "base/file.h"
#include "media/secure/credentials.h"
#include "media/secure/durable.h"
#include "media/secure/own_envelope.h"
#include "media/secure/parallel_digest.h"
#include "media/secure/secure.h"
#include "media/secure/ssl.h"

namespace discus::media::secure {

using base::Error;
using base::ErrorCode;

struct Encryptor::Impl {
  SecureOptions options;
  std::vector<ssl::SslPtr<X509>> recipients;
  Identity signer;
  const EVP_CIPHER* cipher = nullptr;
  // With a password: the medium's key-encryption key, derived once here (pwri.h), and our own
  // envelope writer (own_envelope.h) instead of OpenSSL's.
  std::optional<PasswordKek> kek;
};

Encryptor::Encryptor(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Encryptor::Encryptor(Encryptor&&) noexcept = default;
Encryptor::~Encryptor() = default;
bool Encryptor::sync() const { return impl_->options.sync; }

base::Result<Encryptor> Encryptor::create(const SecureOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  if (options.recipient_certs.empty() && options.password.empty())
    return Error{ErrorCode::kInvalidArgument, "no recipient: give at least one certificate or a password"};
  for (const std::string& path : options.recipient_certs) {
    DISCUS_TRY(auto cert, load_recipient_certificate(path));
    impl->recipients.push_back(std::move(cert));
  }
  if (!options.password.empty()) DISCUS_CHECK(check_password_rules(options.password));
  if (options.pbkdf2_iterations < 1000) return Error{ErrorCode::kInvalidArgument, "PBKDF2 needs at least 1000 iterations"};
  if (options.sign_key.empty() != options.sign_cert.empty())
    return Error{ErrorCode::kInvalidArgument, "signing needs both a key and its certificate"};
  if (!options.sign_key.empty()) {
    DISCUS_TRY(impl->signer, load_identity(options.sign_key, options.sign_cert));
    DISCUS_CHECK(check_certificate(impl->signer.cert.get(), options.sign_cert, KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION,
                                   "digitalSignature"));
  }
  impl->cipher = options.cipher == ContentCipher::kAes128Cbc ? EVP_aes_128_cbc() : EVP_aes_256_cbc();
  if (!options.password.empty()) {
    DISCUS_TRY(PasswordKek kek, PasswordKek::derive(options.password, options.pbkdf2_iterations,
                                                    static_cast<std::size_t>(EVP_CIPHER_get_key_length(impl->cipher))));
    impl->kek.emplace(std::move(kek));
  }
  return Encryptor(std::move(impl));
}

namespace {

constexpr std::size_t kReadSize = ParallelDigest::kChunkSize;
constexpr std::uint64_t kParallelFrom = 8u << 20;  // smaller files: a thread costs more than it saves
constexpr std::size_t kWriteSize = 1u << 20;
constexpr std::array<std::uint8_t, 13> kContentInfoOpen = {0x30, 0x80, 0x06, 0x09, 0x2A, 0x86, 0x48,
                                                           0x86, 0xF7, 0x0D, 0x01, 0x07, 0x00};  // + type, A0 80

// Drops the ContentInfo wrapper OpenSSL writes around the inner content (see the banner).
class WrapperStrip {
 public:
  WrapperStrip(BIO* next, std::uint8_t type_octet) : next_(next) {
    std::memcpy(prefix_.data(), kContentInfoOpen.data(), kContentInfoOpen.size());
    prefix_[12] = type_octet;
    prefix_[13] = 0xA0;
    prefix_[14] = 0x80;
  }
  ~WrapperStrip() { OPENSSL_cleanse(tail_.data(), tail_.size()); }  // the last plaintext octets
  WrapperStrip(const WrapperStrip&) = delete;
  WrapperStrip& operator=(const WrapperStrip&) = delete;
  bool write(const std::uint8_t* p, std::size_t n, std::optional<Error>& error) {
    while (n > 0 && seen_ < prefix_.size()) {
      if (*p != prefix_[seen_]) {
        error = Error{ErrorCode::kBadStructure, "unexpected ContentInfo encoding from OpenSSL"};
        return false;
      }
      ++p, --n, ++seen_;
    }
    if (n == 0) return true;
    if (n >= 4) {  // forward the held-back tail and all but the last 4 new octets
      if (!forward(tail_.data(), tail_len_, error) || !forward(p, n - 4, error)) return false;
      std::memcpy(tail_.data(), p + n - 4, 4);
      tail_len_ = 4;
      return true;
    }
    std::array<std::uint8_t, 8> joined{};
    std::memcpy(joined.data(), tail_.data(), tail_len_);
    std::memcpy(joined.data() + tail_len_, p, n);
    const std::size_t total = tail_len_ + n;
    const std::size_t out = total > 4 ? total - 4 : 0;
    if (!forward(joined.data(), out, error)) return false;
    std::memmove(tail_.data(), joined.data() + out, total - out);
    tail_len_ = total - out;
    return true;
  }
  bool finished_cleanly() const {
    return seen_ == prefix_.size() && tail_len_ == 4 && tail_[0] == 0 && tail_[1] == 0 && tail_[2] == 0 && tail_[3] == 0;
  }

 private:
  bool forward(const std::uint8_t* p, std::size_t n, std::optional<Error>& error) {
    while (n > 0) {
      const int chunk = static_cast<int>(std::min<std::size_t>(n, 1u << 30));
      if (BIO_write(next_, p, chunk) != chunk) {
        if (!error) error = ssl::ssl_error(ErrorCode::kIo, "encrypting failed");
        return false;
      }
      p += chunk;
      n -= static_cast<std::size_t>(chunk);
    }
    return true;
  }
  BIO* next_;
  std::array<std::uint8_t, 15> prefix_{};
  std::size_t seen_ = 0;
  std::array<std::uint8_t, 4> tail_{};
  std::size_t tail_len_ = 0;
};

// Gathers the envelope's many small writes (ciphertext only) into large ones.
class GatherSink {
 public:
  explicit GatherSink(base::AtomicOutputFile& out) : out_(out) { buf_.reserve(kWriteSize); }
  base::Status write(const std::uint8_t* p, std::size_t n) {
    if (buf_.size() + n > kWriteSize) DISCUS_CHECK(flush());
    if (n >= kWriteSize) return out_.write(base::ByteView(p, n));
    buf_.insert(buf_.end(), p, p + n);
    return {};
  }
  base::Status flush() {
    if (buf_.empty()) return {};
    base::Status s = out_.write(buf_);
    buf_.clear();
    return s;
  }

 private:
  base::AtomicOutputFile& out_;
  std::vector<std::uint8_t> buf_;
};

// Frees the BIO chains in the right order whatever way encrypt_file leaves.
struct Chains {
  BIO* inner_top = nullptr;
  BIO* env_top = nullptr;
  ssl::AdapterBio strip, sink, own;  // `own`: into our EnvelopeStream (password envelopes)
  ~Chains() {
    if (own.bio) BIO_free(own.bio);
    if (inner_top) ssl::free_chain(inner_top, strip.bio);
    if (strip.bio) BIO_free(strip.bio);
    if (env_top) ssl::free_chain(env_top, sink.bio);
    if (sink.bio) BIO_free(sink.bio);
  }
};

}  // namespace

base::Status Encryptor::encrypt_file(const std::string& in, const std::string& out, bool sync_dir) const {
  const Impl& m = *impl_;
  DISCUS_TRY(auto input, base::InputFile::open(in));
  {
    std::array<std::uint8_t, 4> magic{};
    if (input->size() < 132 || !input->read_at(128, magic) || std::memcmp(magic.data(), "DICM", 4) != 0)
      return Error{ErrorCode::kNotDicom, "not a DICOM File (no DICM prefix at offset 128): PS3.10 7.4 envelopes DICOM Files only"}.in_file(in);
  }
  const bool signing = static_cast<bool>(m.signer.key);

  // The envelope and its recipients: OpenSSL's (certificates only) or ours (with a password).
  const int inner_nid = signing ? NID_pkcs7_signed : NID_pkcs7_digest;
  const auto inner_type_octet = static_cast<std::uint8_t>(signing ? 0x02 : 0x05);
  ssl::SslPtr<CMS_ContentInfo> env;
  std::optional<ContentKey> own_key;
  if (m.kek) {
    DISCUS_TRY(ContentKey k, content_key(m.recipients, m.options.oaep, m.cipher, in));
    own_key.emplace(std::move(k));
  } else {
    env.reset(CMS_EnvelopedData_create(m.cipher));
    if (!env) return ssl::ssl_error(ErrorCode::kIo, "cannot create Enveloped-data", in);
    DISCUS_CHECK(add_transport_recipients(env.get(), m.recipients, m.options.oaep, in));
    if (!CMS_set1_eContentType(env.get(), OBJ_nid2obj(inner_nid)))
      return ssl::ssl_error(ErrorCode::kIo, "cannot set the encrypted content type", in);
  }

  // The inner Signed-data (SHA-256, RSA) or Digested-data (SHA-256).
  constexpr unsigned kFlags = CMS_BINARY | CMS_STREAM;
  ssl::SslPtr<CMS_ContentInfo> inner(signing ? CMS_sign(m.signer.cert.get(), m.signer.key.get(), nullptr, nullptr, kFlags | CMS_NOSMIMECAP)
                                             : CMS_digest_create(nullptr, EVP_sha256(), kFlags));
  if (!inner) return ssl::ssl_error(ErrorCode::kIo, signing ? "cannot create Signed-data" : "cannot create Digested-data", in);

  DISCUS_TRY(auto output, base::AtomicOutputFile::create(out));
  GatherSink gather(output);
  Chains c;
  ssl::SinkFn file_sink = [&](const std::uint8_t* p, std::size_t n) {
    auto s = gather.write(p, n);
    if (!s) c.sink.error = std::move(s).error();
    return static_cast<bool>(s);
  };
  std::unique_ptr<EnvelopeStream> own;
  ssl::SinkFn own_sink = [&](const std::uint8_t* p, std::size_t n) {
    auto s = own->write(p, n);
    if (!s) c.own.error = std::move(s).error();
    return static_cast<bool>(s);
  };
  BIO* outer = nullptr;
  if (own_key) {
    DISCUS_TRY(own, EnvelopeStream::start(m.cipher, *own_key, *m.kek, inner_type_octet,
                                          [&](const std::uint8_t* p, std::size_t n) { return gather.write(p, n); }));
    DISCUS_CHECK(ssl::make_sink_bio(&own_sink, c.own));
    outer = c.own.bio;
  } else {
    DISCUS_CHECK(ssl::make_sink_bio(&file_sink, c.sink));
    c.env_top = BIO_new_CMS(c.sink.bio, env.get());
    if (!c.env_top) return ssl::ssl_error(ErrorCode::kIo, "cannot start the envelope", in);
    outer = c.env_top;
  }
  WrapperStrip strip(outer, inner_type_octet);
  ssl::SinkFn strip_sink = [&](const std::uint8_t* p, std::size_t n) { return strip.write(p, n, c.strip.error); };
  DISCUS_CHECK(ssl::make_sink_bio(&strip_sink, c.strip));
  c.inner_top = BIO_new_CMS(c.strip.bio, inner.get());
  if (!c.inner_top) return ssl::ssl_error(ErrorCode::kIo, "cannot start the inner content", in);

  auto first_error = [&](const char* what) -> Error {
    if (c.sink.error) return Error(*c.sink.error).in_file(out);
    if (c.own.error) return Error(*c.own.error).in_file(out);
    if (c.strip.error) return Error(*c.strip.error).in_file(out);
    return ssl::ssl_error(ErrorCode::kIo, what, in);
  };
  // Plaintext is read into `hasher`'s ring (digested there on its thread, written below the
  // chain's digest BIOs) or, for small files or without a thread, into `buf` through the chain.
  std::unique_ptr<ParallelDigest> hasher;
  if (input->size() >= kParallelFrom) {
    auto h = ParallelDigest::start(c.inner_top);
    if (h) hasher = std::move(*h);
  }
  std::vector<std::uint8_t> buf(hasher ? 0 : kReadSize);
  BIO* plain_in = hasher ? hasher->write_bio() : c.inner_top;
  base::Status result;
  for (std::uint64_t pos = 0; pos < input->size();) {
    const std::span<std::uint8_t> chunk = hasher ? hasher->next_buffer() : std::span<std::uint8_t>(buf);
    auto got = input->read_some_at(pos, chunk);
    if (!got) { result = std::move(got).error(); break; }
    if (*got == 0) { result = Error{ErrorCode::kTruncated, "file shrank while being read"}.in_file(in); break; }
    if (hasher) hasher->submit(*got);
    if (BIO_write(plain_in, chunk.data(), static_cast<int>(*got)) != static_cast<int>(*got)) { result = first_error("encrypting failed"); break; }
    pos += *got;
  }
  if (result && hasher) result = hasher->finish();
  hasher.reset();  // joins the thread (if finish did not) and wipes its buffers
  OPENSSL_cleanse(buf.data(), buf.size());
  if (!result) return result;
  if (BIO_flush(c.inner_top) != 1) return first_error("finishing the inner content failed");
  if (!strip.finished_cleanly()) return Error{ErrorCode::kBadStructure, "unexpected end of the inner ContentInfo from OpenSSL"}.in_file(in);
  if (own) {
    if (c.own.error) return Error(*c.own.error).in_file(out);
    DISCUS_CHECK(own->finish());
  } else if (BIO_flush(c.env_top) != 1) {
    return first_error("finishing the envelope failed");
  }
  if (c.sink.error) return Error(*c.sink.error).in_file(out);
  DISCUS_CHECK(gather.flush());
  return commit_output(output, m.options.sync, sync_dir);
}

}  // namespace discus::media::secure
