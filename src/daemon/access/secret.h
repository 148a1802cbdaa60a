// discus::daemon::access — secrets stored as salted PBKDF2-HMAC-SHA256 hashes (RFC 8018 5.2).
//
// Local users' secrets and the bearer tokens of TCP clients are never stored, only
// {iterations, salt, hash}; a check recomputes the hash and compares in constant time
// (CRYPTO_memcmp), so the time taken says nothing about how much of a guess was right.
// OpenSSL's header is included in secret.cc only.
//   DISCUS_TRY(HashedSecret h, hash_secret("correct horse", kUserIterations));  verify_secret(guess, h);
#pragma once

#include <string>
#include <string_view>

#include "base/result.h"

namespace discus::daemon::access {

// A person's secret may be guessable: OWASP's 2023 figure for PBKDF2-HMAC-SHA256.
constexpr int kUserIterations = 600000;
// A token is 256 random bits: no dictionary to slow down, so a few iterations suffice and every
// TCP request stays cheap.
constexpr int kTokenIterations = 1000;

struct HashedSecret {
  int iterations = 0;
  std::string salt;  // base64url
  std::string hash;  // base64url of 32 bytes
};

base::Result<HashedSecret> hash_secret(std::string_view secret, int iterations);
bool verify_secret(std::string_view secret, const HashedSecret& stored);

// `bytes` random bytes from the OS generator (RAND_bytes), as base64url without padding.
base::Result<std::string> random_text(std::size_t bytes);

}  // namespace discus::daemon::access
