#include "daemon/access/secret.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <vector>

namespace discus::daemon::access {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

// RFC 4648 section 5 (base64url), no padding: safe in JSON, headers and file names.
std::string encode(const unsigned char* p, std::size_t n) {
  std::string out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (std::size_t i = 0; i < n; ++i) {
    acc = (acc << 8) | p[i];
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += kAlphabet[(acc >> bits) & 63];
    }
  }
  if (bits > 0) out += kAlphabet[(acc << (6 - bits)) & 63];
  return out;
}

bool derive(std::string_view secret, const std::string& salt, int iterations, unsigned char (&out)[32]) {
  return PKCS5_PBKDF2_HMAC(secret.data(), static_cast<int>(secret.size()), reinterpret_cast<const unsigned char*>(salt.data()),
                           static_cast<int>(salt.size()), iterations, EVP_sha256(), sizeof out, out) == 1;
}

}  // namespace

base::Result<std::string> random_text(std::size_t bytes) {
  std::vector<unsigned char> buf(bytes);
  if (RAND_bytes(buf.data(), static_cast<int>(buf.size())) != 1)
    return base::Error{base::ErrorCode::kIo, "the random generator failed (RAND_bytes)"};
  return encode(buf.data(), buf.size());
}

base::Result<HashedSecret> hash_secret(std::string_view secret, int iterations) {
  if (iterations < 1) return base::Error{base::ErrorCode::kInvalidArgument, "PBKDF2 needs at least one iteration"};
  HashedSecret h;
  h.iterations = iterations;
  DISCUS_TRY(h.salt, random_text(16));
  unsigned char out[32];
  if (!derive(secret, h.salt, iterations, out)) return base::Error{base::ErrorCode::kIo, "PBKDF2 failed"};
  h.hash = encode(out, sizeof out);
  return h;
}

bool verify_secret(std::string_view secret, const HashedSecret& stored) {
  if (stored.iterations < 1 || stored.salt.empty()) return false;
  unsigned char out[32];
  if (!derive(secret, stored.salt, stored.iterations, out)) return false;
  const std::string mine = encode(out, sizeof out);
  return mine.size() == stored.hash.size() && CRYPTO_memcmp(mine.data(), stored.hash.data(), mine.size()) == 0;
}

}  // namespace discus::daemon::access
