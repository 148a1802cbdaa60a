#include "base/sha256.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>

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

namespace {
constexpr std::size_t kChunk = 1u << 20;

// One buffer per thread, not zero-filled: a fresh 1 MiB per file cost an mmap, a munmap and
// 256 page faults per file (bench/RESULTS.md, author row).
std::uint8_t* chunk_buffer() {
  thread_local std::unique_ptr<std::uint8_t[]> buf(new std::uint8_t[kChunk]);
  return buf.get();
}
}  // namespace

Result<std::string> copy_file_sha256(const std::string& from, const std::string& to) {
  DISCUS_TRY(auto in, InputFile::open(from));
  const int fd = ::open(to.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return Error{ErrorCode::kIo, fmt::format("cannot create: {}", std::strerror(errno))}.in_file(to);
  Sha256 h;
  std::uint8_t* buf = chunk_buffer();
  Status status;
  for (std::uint64_t off = 0; off < in->size() && status;) {
    auto n = in->read_some_at(off, std::span(buf, kChunk));
    if (!n) { status = std::move(n).error(); break; }
    if (*n == 0) { status = Error{ErrorCode::kTruncated, "file shrank while being copied"}.in_file(from).at_offset(off); break; }
    h.update(ByteView(buf, *n));
    for (std::size_t done = 0; done < *n;) {
      const ssize_t w = ::write(fd, buf + done, *n - done);
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) { status = Error{ErrorCode::kIo, fmt::format("write failed: {}", std::strerror(errno))}.in_file(to); break; }
      done += static_cast<std::size_t>(w);
    }
    off += *n;
  }
  if (::close(fd) != 0 && status) status = Error{ErrorCode::kIo, fmt::format("close failed: {}", std::strerror(errno))}.in_file(to);
  if (!status) {
    ::unlink(to.c_str());
    return std::move(status).error();
  }
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
