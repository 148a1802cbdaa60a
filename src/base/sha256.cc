#include "base/sha256.h"

#include <openssl/evp.h>

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
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(n * 2, '0');
  for (unsigned int i = 0; i < n; ++i) {
    out[2 * i] = kHex[digest[i] >> 4];
    out[2 * i + 1] = kHex[digest[i] & 0x0f];
  }
  return out;
}

std::string sha256_hex(ByteView data) {
  Sha256 h;
  h.update(data);
  return h.hex_digest();
}

namespace {
// 256 KiB: the buffer stays in L2 while it is hashed (1 MiB did not).
constexpr std::size_t kChunk = 256u << 10;

// One buffer per thread, not zero-filled: a fresh 1 MiB per file cost an mmap, a munmap and
// 256 page faults per file (bench/RESULTS.md, author row).
std::uint8_t* chunk_buffer() {
  thread_local std::unique_ptr<std::uint8_t[]> buf(new std::uint8_t[kChunk]);
  return buf.get();
}
}  // namespace

Result<std::string> copy_file_sha256(const std::string& from, const std::string& to, std::uint64_t* size, ByteView head) {
  Sha256 h;
  DISCUS_TRY(const std::uint64_t n, copy_file_read_back(from, to, [&](ByteView piece) { h.update(piece); }, head));
  if (size != nullptr) *size = n;
  return h.hex_digest();
}

Result<std::string> sha256_file(const std::string& path) {
  DISCUS_TRY(auto file, InputFile::open(path));
  Sha256 h;
  std::uint8_t* buf = chunk_buffer();
  for (std::uint64_t off = 0; off < file->size();) {
    DISCUS_TRY(const std::size_t n, file->read_some_at(off, std::span(buf, kChunk)));
    if (n == 0) return Error{ErrorCode::kTruncated, "file shrank while being hashed"}.in_file(path).at_offset(off);
    h.update(ByteView(buf, n));
    off += n;
  }
  return h.hex_digest();
}

}  // namespace discus::base
