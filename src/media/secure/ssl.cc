// OpenSSL adapter helpers: error queue, BIO adapters, credential loading.
#include "media/secure/ssl.h"

#include <fmt/format.h>
#include <openssl/err.h>
#include <openssl/pem.h>

#include <climits>

namespace discus::media::secure::ssl {

using base::Error;
using base::ErrorCode;

Error ssl_error(ErrorCode code, const std::string& what, const std::string& file) {
  std::string detail;
  unsigned long e = 0;
  while ((e = ERR_get_error()) != 0) {  // the last error is usually the most specific
    char buf[256];
    ERR_error_string_n(e, buf, sizeof buf);
    const char* reason = ERR_reason_error_string(e);
    detail = reason ? reason : buf;
  }
  Error err{code, detail.empty() ? what : fmt::format("{} ({})", what, detail)};
  if (!file.empty()) err.in_file(file);
  return err;
}

namespace {

struct Context {
  ByteSource* source = nullptr;
  SinkFn* sink = nullptr;
  AdapterBio* adapter = nullptr;
};

int source_read(BIO* b, char* out, int n) noexcept {
  auto* ctx = static_cast<Context*>(BIO_get_data(b));
  BIO_clear_retry_flags(b);
  if (ctx->adapter->error || n <= 0) return 0;
  auto got = ctx->source->read(reinterpret_cast<std::uint8_t*>(out), static_cast<std::size_t>(n));
  if (!got) {
    ctx->adapter->error = std::move(got).error();
    return -1;
  }
  return static_cast<int>(*got);
}

int sink_write(BIO* b, const char* in, int n) noexcept {
  auto* ctx = static_cast<Context*>(BIO_get_data(b));
  BIO_clear_retry_flags(b);
  if (ctx->adapter->error) return -1;
  if (n <= 0) return 0;
  try {
    if (!(*ctx->sink)(reinterpret_cast<const std::uint8_t*>(in), static_cast<std::size_t>(n))) return -1;
  } catch (...) {  // nothing may unwind through OpenSSL
    ctx->adapter->error = Error{ErrorCode::kIo, "write failed"};
    return -1;
  }
  return n;
}

long adapter_ctrl(BIO*, int cmd, long, void*) noexcept {
  return cmd == BIO_CTRL_FLUSH ? 1 : 0;
}

int adapter_destroy(BIO* b) noexcept {
  delete static_cast<Context*>(BIO_get_data(b));
  BIO_set_data(b, nullptr);
  return 1;
}

base::Status make_bio(Context* ctx, AdapterBio& adapter, const char* name) {
  std::unique_ptr<Context> owned(ctx);
  adapter.method.reset(BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, name));
  if (!adapter.method) return ssl_error(ErrorCode::kIo, "BIO_meth_new failed");
  if (ctx->source) BIO_meth_set_read(adapter.method.get(), source_read);
  if (ctx->sink) BIO_meth_set_write(adapter.method.get(), sink_write);
  BIO_meth_set_ctrl(adapter.method.get(), adapter_ctrl);
  BIO_meth_set_destroy(adapter.method.get(), adapter_destroy);
  adapter.bio = BIO_new(adapter.method.get());
  if (!adapter.bio) return ssl_error(ErrorCode::kIo, "BIO_new failed");
  BIO_set_data(adapter.bio, owned.release());
  BIO_set_init(adapter.bio, 1);
  return {};
}

}  // namespace

base::Status make_source_bio(ByteSource& source, AdapterBio& adapter) {
  return make_bio(new Context{&source, nullptr, &adapter}, adapter, "discus source");
}

base::Status make_sink_bio(SinkFn* sink, AdapterBio& adapter) {
  return make_bio(new Context{nullptr, sink, &adapter}, adapter, "discus sink");
}

void free_chain(BIO* top, BIO* stop) {
  while (top && top != stop) {
    BIO* next = BIO_pop(top);
    BIO_free(top);
    top = next;
  }
}

base::Result<SslPtr<X509>> load_certificate(const std::string& path) {
  SslPtr<BIO> in(BIO_new_file(path.c_str(), "rb"));
  if (!in) return ssl_error(ErrorCode::kIo, "cannot open certificate", path);
  SslPtr<X509> cert(PEM_read_bio_X509(in.get(), nullptr, nullptr, nullptr));
  if (!cert) {
    ERR_clear_error();
    BIO_reset(in.get());
    cert.reset(d2i_X509_bio(in.get(), nullptr));
  }
  if (!cert) return ssl_error(ErrorCode::kInvalidArgument, "not an X.509 certificate (PEM or DER)", path);
  return cert;
}

base::Result<SslPtr<EVP_PKEY>> load_private_key(const std::string& path) {
  SslPtr<BIO> in(BIO_new_file(path.c_str(), "rb"));
  if (!in) return ssl_error(ErrorCode::kIo, "cannot open private key", path);
  // No passphrase prompt: an appliance runs unattended (encrypted keys belong in a PKCS #12 keystore).
  SslPtr<EVP_PKEY> key(PEM_read_bio_PrivateKey(in.get(), nullptr, [](char*, int, int, void*) noexcept { return 0; }, nullptr));
  if (!key) {
    ERR_clear_error();
    BIO_reset(in.get());
    key.reset(d2i_PrivateKey_bio(in.get(), nullptr));
  }
  if (!key) return ssl_error(ErrorCode::kInvalidArgument, "not an unencrypted private key (PEM or DER)", path);
  return key;
}

std::string subject_of(X509* cert) {
  char buf[512];
  X509_NAME_oneline(X509_get_subject_name(cert), buf, sizeof buf);
  return buf;
}

}  // namespace discus::media::secure::ssl
