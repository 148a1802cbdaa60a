// The inner digest on a second thread (see parallel_digest.h).
#include "media/secure/parallel_digest.h"

#include <openssl/crypto.h>

#include <system_error>

#include "media/secure/ssl.h"

namespace discus::media::secure {

using base::Error;
using base::ErrorCode;

base::Result<std::unique_ptr<ParallelDigest>> ParallelDigest::start(BIO* top) {
  std::unique_ptr<ParallelDigest> p(new ParallelDigest());
  BIO* b = top;
  for (; b && BIO_method_type(b) == BIO_TYPE_MD; b = BIO_next(b)) {
    EVP_MD_CTX* bio_ctx = nullptr;
    if (BIO_get_md_ctx(b, &bio_ctx) != 1 || !bio_ctx) return ssl::ssl_error(ErrorCode::kIo, "no digest context in the inner content's chain");
    EVP_MD_CTX* own = EVP_MD_CTX_new();
    if (!own) return Error{ErrorCode::kIo, "out of memory"};
    p->ctxs_.push_back(own);
    // The BIO's context is initialised and has seen nothing yet: start from a copy of it.
    if (EVP_MD_CTX_copy_ex(own, bio_ctx) != 1) return ssl::ssl_error(ErrorCode::kIo, "cannot copy a digest context");
    p->md_bios_.push_back(b);
  }
  if (p->md_bios_.empty() || !b) return Error{ErrorCode::kIo, "the inner content's chain has no digest BIO to take over"};
  p->below_ = b;
  p->ring_.assign(kRing, std::vector<std::uint8_t>(kChunkSize));
  // A thread of its own, not base::parallel_for: this is a two-stage pipeline, not a pool of
  // independent tasks. The caller's thread encrypts and this one hashes the same stream, chunk
  // after chunk in order, through the ring, for as long as the stream lasts; parallel_for hands
  // out independent indices and returns only when all are done, so it cannot express that.
  p->sizes_.assign(kRing, 0);
  try {
    p->worker_ = std::thread([raw = p.get()] { raw->work(); });
  } catch (const std::system_error& e) {  // no thread: the caller hashes in the chain instead
    return Error{ErrorCode::kIo, std::string("cannot start the digest thread: ") + e.what()};
  }
  return p;
}

ParallelDigest::~ParallelDigest() {
  stop();
  for (auto& buf : ring_) OPENSSL_cleanse(buf.data(), buf.size());
  for (EVP_MD_CTX* c : ctxs_) EVP_MD_CTX_free(c);  // cleanses the state
}

void ParallelDigest::work() noexcept {
  for (std::uint64_t j = 0;; ++j) {
    {
      std::unique_lock lock(mu_);
      to_worker_.wait(lock, [&] { return submitted_ > j || closed_; });
      if (submitted_ <= j) return;  // closed and drained
    }
    const auto& buf = ring_[j % kRing];
    const std::size_t n = sizes_[j % kRing];
    bool ok = true;
    for (EVP_MD_CTX* c : ctxs_) ok &= EVP_DigestUpdate(c, buf.data(), n) == 1;
    {
      std::lock_guard lock(mu_);
      failed_ |= !ok;
      hashed_ = j + 1;
    }
    to_caller_.notify_one();
  }
}

std::span<std::uint8_t> ParallelDigest::next_buffer() {
  std::unique_lock lock(mu_);
  to_caller_.wait(lock, [&] { return hashed_ + kRing > submitted_; });
  return ring_[submitted_ % kRing];
}

void ParallelDigest::submit(std::size_t n) {
  {
    std::lock_guard lock(mu_);
    sizes_[submitted_ % kRing] = n;
    ++submitted_;
  }
  to_worker_.notify_one();
}

void ParallelDigest::stop() noexcept {
  {
    std::lock_guard lock(mu_);
    closed_ = true;
  }
  to_worker_.notify_one();
  if (worker_.joinable()) worker_.join();
}

base::Status ParallelDigest::finish() {
  stop();
  if (failed_ || hashed_ != submitted_) return ssl::ssl_error(ErrorCode::kIo, "digesting the DICOM File failed");
  for (std::size_t i = 0; i < md_bios_.size(); ++i) {
    EVP_MD_CTX* bio_ctx = nullptr;
    if (BIO_get_md_ctx(md_bios_[i], &bio_ctx) != 1 || !bio_ctx || EVP_MD_CTX_copy_ex(bio_ctx, ctxs_[i]) != 1)
      return ssl::ssl_error(ErrorCode::kIo, "cannot hand the digest to the inner content");
  }
  return {};
}

}  // namespace discus::media::secure
