// discus::media::secure — Secure DICOM Files (PS3.10 7.4) as the Basic DICOM Media Security
// Profile (PS3.15 D.1) writes them: CMS Enveloped-data (AES-CBC content encryption; RSA key
// transport and/or an RFC 3211 password recipient with PBKDF2) whose encrypted content is a
// Signed-data (when a signing key is given) or a Digested-data (SHA-256) wrapping the whole DICOM
// File. Reading also accepts Triple-DES and envelopes whose content is the bare DICOM File
// (what `openssl cms -encrypt` writes). Files of any size are streamed in constant memory; output
// goes to a temporary name beside the target, is fsync'ed (unless `sync` is off) and renamed only
// when complete, then its directory is fsync'ed.
//   DISCUS_TRY(Encryptor e, Encryptor::create(options));  DISCUS_CHECK(e.encrypt_file("IM1", "IM1.sec"));
//   DISCUS_TRY(Decryptor d, Decryptor::create(dopts));    DISCUS_TRY(DecryptReport r, d.decrypt_file("IM1.sec", "IM1"));
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/file.h"
#include "base/result.h"
#include "media/secure/ber.h"

namespace discus::media::secure {

// A password held in memory and wiped when dropped. Passwords for new media must pass
// check_password_rules: at least kMinPasswordLength characters, all from the DICOM Default
// Character Repertoire's graphic characters plus space (20H-7EH), as PS3.15 D.1.1 asks.
class Secret {
 public:
  Secret() = default;
  explicit Secret(std::string s) : s_(std::move(s)) {}
  Secret(const Secret& o) : s_(o.s_) {}
  Secret& operator=(const Secret& o);
  ~Secret();
  std::string_view view() const { return s_; }
  bool empty() const { return s_.empty(); }

 private:
  std::string s_;
};
inline constexpr std::size_t kMinPasswordLength = 12;
// The first line of `path` (its line end dropped), checked against the repertoire.
base::Result<Secret> read_password_file(const std::string& path);
base::Status check_password_rules(const Secret& password);

enum class ContentCipher { kAes128Cbc, kAes256Cbc };

struct SecureOptions {
  std::vector<std::string> recipient_certs;  // X.509 certificates (PEM or DER), RSA >= 2048 bits
  Secret password;                           // an RFC 3211 password recipient when not empty
  std::string sign_key, sign_cert;           // both or neither: Signed-data, else Digested-data
  ContentCipher cipher = ContentCipher::kAes256Cbc;
  bool oaep = false;                  // RSAES-OAEP (SHA-256) key transport instead of PKCS #1 v1.5
  int pbkdf2_iterations = 10000;      // for the password recipient: one salt and KEK per Encryptor (pwri.h)
  unsigned threads = 2;               // file-sets: files enveloped in parallel
  bool sync = true;                   // fsync outputs before renaming them into place (durable.h)
};

class Encryptor {
 public:
  // Loads and checks every certificate and key (validity period, key usage, RSA size).
  static base::Result<Encryptor> create(const SecureOptions& options);
  Encryptor(Encryptor&&) noexcept;
  ~Encryptor();
  // Envelopes the file `in` (a DICOM File) into `out`; safe to call from several threads. Large
  // files are digested on a second thread while this one encrypts. `sync_dir` false leaves the
  // fsync of out's directory to the caller (a file-set syncs its directories once at the end).
  base::Status encrypt_file(const std::string& in, const std::string& out, bool sync_dir = true) const;
  bool sync() const;

  struct Impl;
 private:
  explicit Encryptor(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

struct DecryptOptions {
  std::string key, cert;  // a private key (PEM/DER) and optionally its certificate
  std::string keystore;   // or a keystore directory (see keystore.h)
  Secret password;        // or a password
  // Trust anchors (PEM or DER certificates, a PEM file may hold several). When given, every signer
  // of signed content must chain to one of them, and content that is not signed is refused.
  std::vector<std::string> trust;
  bool sync = true;       // fsync outputs before renaming them into place (durable.h)
  bool any() const { return !key.empty() || !keystore.empty() || !password.empty(); }  // a way to open files was given
};

struct DecryptReport {
  std::string content_type;     // of the encrypted content: "signed-data", "digested-data", "data"
  std::string cipher;           // content encryption, e.g. "AES-256-CBC"
  std::string recipient;        // which recipient opened it: "password" or the certificate's subject
  std::string digest;           // inner digest algorithm, when there is one
  std::vector<std::string> signers;  // subject of each signer whose signature verified
  bool signers_trusted = false;      // ... and whose certificate chained to a trust anchor
};

class Decryptor {
 public:
  static base::Result<Decryptor> create(const DecryptOptions& options);
  Decryptor(Decryptor&&) noexcept;
  ~Decryptor();
  // Writes the DICOM File inside `in` to `out` after checking padding, inner digest and every
  // signature (and, with trust anchors, every signer's certificate chain); on any failure `out` is
  // not created. `sync_dir` as for Encryptor::encrypt_file.
  base::Result<DecryptReport> decrypt_file(const std::string& in, const std::string& out, bool sync_dir = true) const;
  // The same checks, the DICOM File streamed to `sink` instead of a file: for reading a secure
  // medium in memory (never plaintext on disk). The sink sees the plaintext before the padding,
  // digest and signatures are checked at the end, so on an error the caller discards (and
  // wipes) what it received. `file` (may be null) only improves the message for a plain file.
  base::Result<DecryptReport> decrypt_stream(ByteSource& source, const std::string& name, const PlainSink& sink,
                                             const base::InputFile* file = nullptr) const;
  // The DICOM File inside `in` into `out` (at most `cap` bytes; wiped on failure; wipe() it after use).
  base::Result<DecryptReport> decrypt_to_memory(const std::string& in, base::Bytes& out, std::uint64_t cap) const;
  bool sync() const;

  struct Impl;
 private:
  explicit Decryptor(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// A secure DICOMDIR opened in memory is at most this large (PS3.10 8.6: one per file-set).
inline constexpr std::uint64_t kMaxSecureDicomdirBytes = 512ull << 20;
// Overwrites and empties a buffer that held plaintext (the compiler may not drop the writes).
void wipe(base::Bytes& bytes);

// True when the file starts like a CMS Enveloped-data ContentInfo (a Secure DICOM File).
base::Result<bool> is_secure_file(const std::string& path);
// The same test on a file's first bytes (at least 16 of them, when the file has that many).
bool looks_secure(base::ByteView head);

// What can be known of an envelope without a key.
struct EnvelopeSummary {
  std::string content_type;              // of the encrypted content: "signed-data", "digested-data", "data"
  std::vector<std::string> recipients;   // "password", "RSA key transport", "other", in order
  std::uint64_t encrypted_bytes = 0;
};
// Walks a whole envelope without opening it (no key needed): the BER structure from the first
// octet to the last, the Enveloped-data content type PS3.15 D.1.1 requires, an allowed content
// cipher, the cost bounds of envelope_limits.h, encrypted content of whole cipher blocks, and
// nothing after the message. Errors name `name` and the byte offset.
base::Result<EnvelopeSummary> check_envelope(ByteSource& source, const std::string& name);

}  // namespace discus::media::secure
