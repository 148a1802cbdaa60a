// discus::media::secure — the OpenSSL adapter's private helpers (this folder only includes
// OpenSSL headers; nothing here leaves src/media/secure).
//
// Owning pointers for OpenSSL objects, OpenSSL's error queue as an Error, and BIOs that read from
// a ByteSource or write to a sink function, so CMS streams through our files and parsers.
//   SslPtr<BIO> b = source_bio(stream, state);  ... if (state.error) return *state.error;
#pragma once

#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "base/bytes.h"
#include "base/result.h"
#include "media/secure/ber.h"

namespace discus::media::secure::ssl {

struct Free {
  void operator()(BIO* p) const { BIO_free(p); }
  void operator()(BIO_METHOD* p) const { BIO_meth_free(p); }
  void operator()(CMS_ContentInfo* p) const { CMS_ContentInfo_free(p); }
  void operator()(X509* p) const { X509_free(p); }
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
  void operator()(EVP_CIPHER* p) const { EVP_CIPHER_free(p); }
  void operator()(X509_STORE* p) const { X509_STORE_free(p); }
  void operator()(X509_STORE_CTX* p) const { X509_STORE_CTX_free(p); }
  void operator()(STACK_OF(X509)* p) const { sk_X509_pop_free(p, X509_free); }
};
template <typename T>
using SslPtr = std::unique_ptr<T, Free>;

// The message of OpenSSL's most recent error (the queue is cleared), prefixed with `what`.
base::Error ssl_error(base::ErrorCode code, const std::string& what, const std::string& file = "");

// A BIO and the method it was made from (a BIO_METHOD must outlive its BIOs).
struct AdapterBio {
  SslPtr<BIO_METHOD> method;
  BIO* bio = nullptr;  // owned by whoever frees the chain it ends; see free_chain
  std::optional<base::Error> error;  // what went wrong inside a callback
};
// A source-sink BIO reading from `source` (errors land in adapter.error, the BIO sees end of data).
base::Status make_source_bio(ByteSource& source, AdapterBio& adapter);
// A source-sink BIO handing every write to `sink`, which returns false after setting adapter.error.
using SinkFn = std::function<bool(const std::uint8_t*, std::size_t)>;
base::Status make_sink_bio(SinkFn* sink, AdapterBio& adapter);
// BIO_pop/BIO_free from `top` down to, not including, `stop`.
void free_chain(BIO* top, BIO* stop);

// Loading credentials: PEM first, then DER.
base::Result<SslPtr<X509>> load_certificate(const std::string& path);
base::Result<SslPtr<EVP_PKEY>> load_private_key(const std::string& path);
std::string subject_of(X509* cert);

}  // namespace discus::media::secure::ssl
