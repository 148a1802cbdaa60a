#include "base/sha256.h"

#include <openssl/evp.h>

#include <fmt/format.h>

#include "base/file.h"

namespace discus::base {

struct Sha256::Ctx {
  EVP_MD_CTX* md = EVP_MD_CTX_new();
  ~Ctx() { EVP_MD_CTX_free(md); }
};

Sha256::Sha256() : ctx_(std::make_unique<Ctx>()) { EVP_DigestInit_ex(ctx_->md, EVP_sha256(), nullptr); }
Sha256::~Sha256() = default;

void Sha256::update(ByteView data) { EVP_DigestUpdate(ctx_->md, data.data(), data.size()); }

std::string Sha256::hex_digest() {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_DigestFinal_ex(ctx_->md, digest, &n);
  std::string out;
  out.reserve(n * 2);
  for (unsigned int i = 0; i < n; ++i) out += fmt::format("{:02x}", digest[i]);
  return out;
}

std::string sha256_hex(ByteView data) {
  Sha256 h;
  h.update(data);
  return h.hex_digest();
}

Result<std::string> sha256_file(const std::string& path) {
  DISCUS_TRY(auto file, InputFile::open(path));
  Sha256 h;
  // One buffer per thread, not zero-filled: a fresh 1 MiB per file cost an mmap, a munmap and
  // 256 page faults per file (bench/RESULTS.md, author row).
  constexpr std::size_t kChunk = 1u << 20;
  thread_local std::unique_ptr<std::uint8_t[]> buf(new std::uint8_t[kChunk]);
  for (std::uint64_t off = 0; off < file->size();) {
    DISCUS_TRY(const std::size_t n, file->read_some_at(off, std::span(buf.get(), kChunk)));
    if (n == 0) return Error{ErrorCode::kTruncated, "file shrank while being hashed"}.in_file(path).at_offset(off);
    h.update(ByteView(buf.get(), n));
    off += n;
  }
  return h.hex_digest();
}

}  // namespace discus::base
