// Certificates, keys, passwords and the keystore.
#include "media/secure/credentials.h"

#include <fmt/format.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "media/secure/secure.h"

namespace discus::media::secure {

using base::Error;
using base::ErrorCode;
namespace fs = std::filesystem;

Secret& Secret::operator=(const Secret& o) {
  if (this != &o) {
    OPENSSL_cleanse(s_.data(), s_.size());
    s_ = o.s_;
  }
  return *this;
}
Secret::~Secret() { OPENSSL_cleanse(s_.data(), s_.size()); }

base::Result<Secret> read_password_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{ErrorCode::kIo, "cannot read the password file"}.in_file(path);
  Secret line;
  {
    std::string s;
    std::getline(in, s);
    if (!s.empty() && s.back() == '\r') s.pop_back();
    line = Secret(s);
    OPENSSL_cleanse(s.data(), s.size());
  }
  if (line.empty()) return Error{ErrorCode::kInvalidArgument, "the password file's first line is empty"}.in_file(path);
  for (char c : line.view())
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7E)
      return Error{ErrorCode::kInvalidArgument,
                   "the password has a character outside the DICOM Default Character Repertoire (PS3.15 D.1.1 allows "
                   "printable US-ASCII only)"}.in_file(path);
  return line;
}

base::Status check_password_rules(const Secret& password) {
  if (password.view().size() < kMinPasswordLength)
    return Error{ErrorCode::kInvalidArgument,
                 fmt::format("the password has {} characters; media passwords need at least {}", password.view().size(),
                             kMinPasswordLength)};
  for (char c : password.view())
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7E)
      return Error{ErrorCode::kInvalidArgument, "the password has a character outside printable US-ASCII (PS3.15 D.1.1)"};
  return {};
}

base::Status check_certificate(X509* cert, const std::string& path, unsigned purpose_usage, const char* purpose) {
  auto fail = [&](std::string why) { return Error{ErrorCode::kInvalidArgument, fmt::format("certificate {}: {}", ssl::subject_of(cert), why)}.in_file(path); };
  if (X509_cmp_current_time(X509_get0_notBefore(cert)) >= 0) return fail("not valid yet (notBefore is in the future)");
  if (X509_cmp_current_time(X509_get0_notAfter(cert)) <= 0) return fail("expired (notAfter is in the past)");
  if ((X509_get_extension_flags(cert) & EXFLAG_KUSAGE) && !(X509_get_key_usage(cert) & purpose_usage))
    return fail(fmt::format("its Key Usage does not allow {}", purpose));
  EVP_PKEY* pub = X509_get0_pubkey(cert);
  if (!pub || !EVP_PKEY_is_a(pub, "RSA")) return fail("not an RSA key (PS3.15 D.1 uses RSA)");
  if (EVP_PKEY_get_bits(pub) < kMinRsaBits) return fail(fmt::format("RSA key of {} bits; at least {} required", EVP_PKEY_get_bits(pub), kMinRsaBits));
  return {};
}

base::Result<ssl::SslPtr<X509>> load_recipient_certificate(const std::string& path) {
  DISCUS_TRY(auto cert, ssl::load_certificate(path));
  DISCUS_CHECK(check_certificate(cert.get(), path, KU_KEY_ENCIPHERMENT, "keyEncipherment"));
  return cert;
}

base::Result<Identity> load_identity(const std::string& key_path, const std::string& cert_path) {
  Identity id;
  DISCUS_TRY(id.key, ssl::load_private_key(key_path));
  if (!cert_path.empty()) {
    DISCUS_TRY(id.cert, ssl::load_certificate(cert_path));
    if (X509_check_private_key(id.cert.get(), id.key.get()) != 1)
      return ssl::ssl_error(ErrorCode::kInvalidArgument, fmt::format("the key in {} does not belong to this certificate", key_path), cert_path);
  }
  return id;
}

namespace {

base::Status check_private_file(const std::string& path) {
  struct stat st{};
  if (::stat(path.c_str(), &st) != 0) return Error{ErrorCode::kIo, "missing"}.in_file(path);
  if (st.st_mode & 077)
    return Error{ErrorCode::kInvalidArgument, fmt::format("keystore file is readable by group or others (mode {:o}); chmod 600 it", st.st_mode & 0777)}.in_file(path);
  return {};
}

base::Result<Identity> load_pkcs12(const std::string& p12, const std::string& pass_file) {
  DISCUS_CHECK(check_private_file(p12));
  Secret pass;
  if (fs::exists(pass_file)) {
    DISCUS_CHECK(check_private_file(pass_file));
    DISCUS_TRY(pass, read_password_file(pass_file));
  }
  ssl::SslPtr<BIO> in(BIO_new_file(p12.c_str(), "rb"));
  if (!in) return ssl::ssl_error(ErrorCode::kIo, "cannot open", p12);
  std::unique_ptr<PKCS12, decltype(&PKCS12_free)> bundle(d2i_PKCS12_bio(in.get(), nullptr), PKCS12_free);
  if (!bundle) return ssl::ssl_error(ErrorCode::kInvalidArgument, "not a PKCS #12 file", p12);
  EVP_PKEY* key = nullptr;
  X509* cert = nullptr;
  const std::string pw(pass.view());
  const int ok = PKCS12_parse(bundle.get(), pw.c_str(), &key, &cert, nullptr);
  OPENSSL_cleanse(const_cast<char*>(pw.data()), pw.size());
  if (ok != 1) return ssl::ssl_error(ErrorCode::kInvalidArgument, "cannot open the PKCS #12 keystore (wrong identity.pass?)", p12);
  Identity id;
  id.key.reset(key);
  id.cert.reset(cert);
  if (!id.key || !id.cert) return Error{ErrorCode::kInvalidArgument, "the PKCS #12 file needs both a key and a certificate"}.in_file(p12);
  return id;
}

}  // namespace

base::Result<Identity> load_keystore(const std::string& dir) {
  const fs::path d(dir);
  if (!fs::is_directory(d)) return Error{ErrorCode::kNotFound, "keystore directory not found"}.in_file(dir);
  if (fs::exists(d / "identity.p12")) return load_pkcs12((d / "identity.p12").string(), (d / "identity.pass").string());
  const std::string key = (d / "key.pem").string(), cert = (d / "cert.pem").string();
  if (!fs::exists(key) || !fs::exists(cert))
    return Error{ErrorCode::kNotFound, "keystore holds neither identity.p12 nor key.pem + cert.pem"}.in_file(dir);
  DISCUS_CHECK(check_private_file(key));
  return load_identity(key, cert);
}

base::Result<ssl::SslPtr<X509_STORE>> load_trust_anchors(const std::vector<std::string>& paths) {
  ssl::SslPtr<X509_STORE> store(X509_STORE_new());
  if (!store) return ssl::ssl_error(ErrorCode::kIo, "cannot create a certificate store");
  for (const std::string& path : paths) {
    ssl::SslPtr<BIO> in(BIO_new_file(path.c_str(), "rb"));
    if (!in) return ssl::ssl_error(ErrorCode::kIo, "cannot open trust anchor", path);
    int added = 0;
    while (X509* c = PEM_read_bio_X509(in.get(), nullptr, nullptr, nullptr)) {
      ssl::SslPtr<X509> cert(c);
      if (X509_STORE_add_cert(store.get(), cert.get()) != 1) return ssl::ssl_error(ErrorCode::kIo, "cannot add a trust anchor", path);
      ++added;
    }
    ERR_clear_error();  // the end of the PEM file reads as an error
    if (added == 0) {
      DISCUS_TRY(auto cert, ssl::load_certificate(path));  // one DER certificate
      if (X509_STORE_add_cert(store.get(), cert.get()) != 1) return ssl::ssl_error(ErrorCode::kIo, "cannot add a trust anchor", path);
    }
  }
  return store;
}

base::Status check_signer_trust(X509* signer, STACK_OF(X509)* intermediates, X509_STORE* trust, const std::string& file) {
  const std::string who = ssl::subject_of(signer);
  ssl::SslPtr<X509_STORE_CTX> ctx(X509_STORE_CTX_new());
  if (!ctx || X509_STORE_CTX_init(ctx.get(), trust, signer, intermediates) != 1)
    return ssl::ssl_error(ErrorCode::kIo, "cannot start certificate verification", file);
  if (X509_verify_cert(ctx.get()) != 1) {
    const int why = X509_STORE_CTX_get_error(ctx.get());
    ERR_clear_error();
    return Error{ErrorCode::kBadStructure, fmt::format("the signer {} is untrusted: its certificate does not chain to a --trust anchor ({})", who,
                                                       X509_verify_cert_error_string(why))}.in_file(file);
  }
  if ((X509_get_extension_flags(signer) & EXFLAG_KUSAGE) && !(X509_get_key_usage(signer) & (KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION)))
    return Error{ErrorCode::kBadStructure, fmt::format("the signer {} is untrusted: its Key Usage allows neither digitalSignature nor nonRepudiation", who)}.in_file(file);
  return {};
}

}  // namespace discus::media::secure
