// discus::media::secure — the inner content's digest (PS3.15 D.1: SHA-256 over the DICOM File)
// computed on a second thread while the calling thread encrypts the same plaintext.
//
// OpenSSL's streaming CMS encoder hashes in digest BIOs at the top of the inner chain, on the
// thread that then encrypts, one step after the other. Here the plaintext is written below those
// BIOs, a worker hashes the same chunks with its own digest contexts, and finish() copies the
// worker's (unfinalised) states into the BIOs' contexts. OpenSSL then finalises the digest
// (Digested-data) or the messageDigest attribute and signature (Signed-data) from them when the
// inner content is flushed; both follow the content in the encoding (RFC 5652 5.1, 7.1), so
// nothing has to be known before the content is written.
// Chunks live in a small ring of reused buffers, wiped when the hasher is destroyed.
//   DISCUS_TRY(auto h, ParallelDigest::start(inner_top));
//   auto buf = h->next_buffer(); ... read n bytes ...; h->submit(n); BIO_write(h->write_bio(), ...);
//   DISCUS_CHECK(h->finish());  BIO_flush(inner_top);
#pragma once

#include <openssl/bio.h>
#include <openssl/evp.h>

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <thread>
#include <vector>

#include "base/result.h"

namespace discus::media::secure {

class ParallelDigest {
 public:
  static constexpr std::size_t kChunkSize = 1u << 20;
  static constexpr std::size_t kRing = 4;

  // Takes over the digest BIOs from `top` down (there must be at least one) and starts the worker.
  static base::Result<std::unique_ptr<ParallelDigest>> start(BIO* top);
  ParallelDigest(const ParallelDigest&) = delete;
  ParallelDigest& operator=(const ParallelDigest&) = delete;
  ~ParallelDigest();  // stops the worker if finish() was not reached; wipes every buffer

  // The first BIO below the digest BIOs: plaintext written here is encrypted, not hashed again.
  BIO* write_bio() const { return below_; }
  // The buffer for the next chunk, once the worker is done with what it last held.
  std::span<std::uint8_t> next_buffer();
  // The buffer from next_buffer() now holds `n` bytes: queue them for hashing.
  void submit(std::size_t n);
  // Waits for the worker and hands its digest states to the digest BIOs.
  base::Status finish();

 private:
  ParallelDigest() = default;
  void work() noexcept;
  void stop() noexcept;

  std::vector<BIO*> md_bios_;
  std::vector<EVP_MD_CTX*> ctxs_;  // one per digest BIO, owned
  BIO* below_ = nullptr;
  std::vector<std::vector<std::uint8_t>> ring_;
  std::vector<std::size_t> sizes_;
  std::mutex mu_;
  std::condition_variable to_worker_, to_caller_;
  std::uint64_t submitted_ = 0, hashed_ = 0;
  bool closed_ = false, failed_ = false;
  std::thread worker_;
};

}  // namespace discus::media::secure
