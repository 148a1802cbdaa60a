#include "dicom/encoding/input_stream.h"

#include <fmt/format.h>
#include <zlib.h>

#include <algorithm>
#include <cstring>

namespace discus::dicom {

using base::Error;
using base::ErrorCode;
using base::Result;
using base::Status;

namespace {
constexpr std::size_t kFirstRead = 8 * 1024;
constexpr std::size_t kMaxBuffer = 64 * 1024;
constexpr std::size_t kInflateChunk = 64 * 1024;

Error truncated(std::uint64_t at, std::uint64_t wanted) {
  return Error{ErrorCode::kTruncated, fmt::format("data ends {} bytes short", wanted)}.at_offset(at);
}
}  // namespace

Status read_exact(InputStream& in, std::uint8_t* dst, std::size_t n) {
  const std::uint64_t at = in.position();
  DISCUS_TRY(const std::size_t got, in.read(dst, n));
  if (got != n) return truncated(at + got, n - got);
  return {};
}

Status InputStream::read_bytes(base::Bytes& out, std::size_t n) {
  out.resize(n);
  return read_exact(*this, out.data(), n);
}

// ---- FileInputStream ----

Status FileInputStream::read_bytes(base::Bytes& out, std::size_t n) {
  if (pos_ >= buf_start_ && pos_ + n <= buf_start_ + buf_len_) {
    const std::uint8_t* p = buf_.get() + (pos_ - buf_start_);
    out.assign(p, p + n);
    pos_ += n;
    return {};
  }
  return InputStream::read_bytes(out, n);
}

FileInputStream::FileInputStream(std::shared_ptr<const base::InputFile> file, std::uint64_t start)
    : file_(std::move(file)), pos_(start) {}

Status FileInputStream::fill(std::size_t want) {
  const std::size_t next = buf_cap_ == 0 ? kFirstRead : std::min(buf_cap_ * 2, kMaxBuffer);
  if (next > buf_cap_ || want > buf_cap_) {
    buf_cap_ = std::max(next, want);
    buf_.reset(new std::uint8_t[buf_cap_]);  // no zero fill: every byte used is read first
  }
  // Keep the buffer aligned on the current position; one pread serves many small headers.
  buf_start_ = pos_;
  DISCUS_TRY(buf_len_, file_->read_some_at(pos_, std::span(buf_.get(), buf_cap_)));
  return {};
}

Result<std::size_t> FileInputStream::read(std::uint8_t* dst, std::size_t n) {
  if (n < kMaxBuffer) {
    DISCUS_TRY(const std::size_t got, peek(dst, n));
    pos_ += got;
    return got;
  }
  // Large values bypass the buffer: take what it holds, then read the rest straight through.
  std::size_t done = 0;
  if (pos_ >= buf_start_ && pos_ < buf_start_ + buf_len_) {
    done = static_cast<std::size_t>(buf_start_ + buf_len_ - pos_);
    std::memcpy(dst, buf_.get() + (pos_ - buf_start_), done);
    pos_ += done;
  }
  DISCUS_TRY(const std::size_t got, file_->read_some_at(pos_, std::span(dst + done, n - done)));
  pos_ += got;
  return done + got;
}

Result<std::size_t> FileInputStream::peek(std::uint8_t* dst, std::size_t n) {
  if (pos_ < buf_start_ || pos_ + n > buf_start_ + buf_len_) DISCUS_CHECK(fill(n));
  const std::size_t avail = static_cast<std::size_t>(buf_start_ + buf_len_ - pos_);
  const std::size_t take = std::min(n, avail);
  std::memcpy(dst, buf_.get() + (pos_ - buf_start_), take);
  return take;
}

Status FileInputStream::skip(std::uint64_t n) {
  if (n > file_->size() - pos_) return truncated(file_->size(), n - (file_->size() - pos_));
  pos_ += n;
  return {};
}

// ---- MemoryInputStream ----

Result<std::size_t> MemoryInputStream::read(std::uint8_t* dst, std::size_t n) {
  DISCUS_TRY(const std::size_t got, peek(dst, n));
  pos_ += got;
  return got;
}

Result<std::size_t> MemoryInputStream::peek(std::uint8_t* dst, std::size_t n) {
  const std::size_t take = static_cast<std::size_t>(std::min<std::uint64_t>(n, data_.size() - pos_));
  if (take != 0) std::memcpy(dst, data_.data() + pos_, take);
  return take;
}

Status MemoryInputStream::skip(std::uint64_t n) {
  if (n > data_.size() - pos_) return truncated(data_.size(), n - (data_.size() - pos_));
  pos_ += n;
  return {};
}

// ---- InflateInputStream ----

struct InflateInputStream::Z {
  z_stream s{};
  bool initialised = false;
};

InflateInputStream::InflateInputStream(InputStream& source, std::uint64_t max_output)
    : source_(source), z_(std::make_unique<Z>()), max_output_(max_output), in_(kInflateChunk), out_(kInflateChunk) {}

InflateInputStream::~InflateInputStream() {
  if (z_ && z_->initialised) inflateEnd(&z_->s);
}

Result<std::unique_ptr<InflateInputStream>> InflateInputStream::create(InputStream& source, std::uint64_t max_output) {
  std::unique_ptr<InflateInputStream> s(new InflateInputStream(source, max_output));
  // PS3.5 A.5: raw deflate (RFC 1951), no zlib header: negative window bits.
  if (inflateInit2(&s->z_->s, -MAX_WBITS) != Z_OK)
    return Error{ErrorCode::kDeflate, "cannot initialise the inflater"};
  s->z_->initialised = true;
  return s;
}

Status InflateInputStream::refill() {
  out_pos_ = out_len_ = 0;
  if (ended_) return {};
  z_stream& zs = z_->s;
  while (out_len_ == 0 && !ended_) {
    if (zs.avail_in == 0) {
      DISCUS_TRY(const std::size_t got, source_.read(in_.data(), in_.size()));
      if (got == 0)
        return Error{ErrorCode::kTruncated, "deflated data set ends before the end of its deflate stream"}.at_offset(produced_);
      zs.next_in = in_.data();
      zs.avail_in = static_cast<uInt>(got);
    }
    zs.next_out = out_.data();
    zs.avail_out = static_cast<uInt>(out_.size());
    const int rc = ::inflate(&zs, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR)
      return Error{ErrorCode::kDeflate, fmt::format("corrupt deflate stream: {}", zs.msg ? zs.msg : "inflate failed")}
          .at_offset(produced_);
    out_len_ = out_.size() - zs.avail_out;
    produced_ += out_len_;
    if (produced_ > max_output_)
      return Error{ErrorCode::kLimitExceeded,
                   fmt::format("deflated data set inflates beyond the limit of {} bytes", max_output_)}
          .at_offset(max_output_);
    if (rc == Z_STREAM_END) ended_ = true;  // PS3.5 A.5: a single 00H pad byte may follow
  }
  return {};
}

Result<std::size_t> InflateInputStream::read(std::uint8_t* dst, std::size_t n) {
  std::size_t done = 0;
  while (done < n) {
    if (out_pos_ == out_len_) {
      DISCUS_CHECK(refill());
      if (out_len_ == 0) break;
    }
    const std::size_t take = std::min(n - done, out_len_ - out_pos_);
    std::memcpy(dst + done, out_.data() + out_pos_, take);
    out_pos_ += take;
    done += take;
  }
  return done;
}

Result<std::size_t> InflateInputStream::peek(std::uint8_t* dst, std::size_t n) {
  // Compact the unread tail to the front and top it up so a short peek always sees n bytes.
  if (out_len_ - out_pos_ < n) {
    base::Bytes tail(out_.begin() + static_cast<std::ptrdiff_t>(out_pos_), out_.begin() + static_cast<std::ptrdiff_t>(out_len_));
    base::Bytes merged = std::move(tail);
    while (merged.size() < n) {
      DISCUS_CHECK(refill());
      if (out_len_ == 0) break;
      merged.insert(merged.end(), out_.begin(), out_.begin() + static_cast<std::ptrdiff_t>(out_len_));
    }
    // Put everything back as the current output window (position() stays right: the unread
    // count is now merged.size()).
    if (merged.size() > out_.size()) out_.resize(merged.size());
    std::copy(merged.begin(), merged.end(), out_.begin());
    out_pos_ = 0;
    out_len_ = merged.size();
  }
  const std::size_t take = std::min(n, out_len_ - out_pos_);
  std::memcpy(dst, out_.data() + out_pos_, take);
  return take;
}

Status InflateInputStream::skip(std::uint64_t n) {
  std::uint8_t scratch[4096];
  while (n > 0) {
    const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(n, sizeof scratch));
    DISCUS_TRY(const std::size_t got, read(scratch, want));
    if (got == 0) return Error{ErrorCode::kTruncated, "deflated data set ends inside a value"}.at_offset(position());
    n -= got;
  }
  return {};
}

}  // namespace discus::dicom
