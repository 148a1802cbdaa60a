#include "dicom/encoding/output_stream.h"

#include <zlib.h>

#include <algorithm>

namespace discus::dicom {

using base::Error;
using base::ErrorCode;
using base::Status;

namespace {
constexpr std::size_t kBuffer = 1u << 20;
}

FileOutputStream::FileOutputStream(base::AtomicOutputFile file, bool sync) : file_(std::move(file)), sync_(sync) { buf_.reserve(kBuffer); }

Status FileOutputStream::write(base::ByteView bytes) {
  written_ += bytes.size();
  if (buf_.size() + bytes.size() > kBuffer) {
    DISCUS_CHECK(flush());
    if (bytes.size() >= kBuffer) return file_.write(bytes);
  }
  buf_.insert(buf_.end(), bytes.begin(), bytes.end());
  return {};
}

Status FileOutputStream::flush() {
  if (buf_.empty()) return {};
  DISCUS_CHECK(file_.write(buf_));
  buf_.clear();
  return {};
}

Status FileOutputStream::commit() {
  DISCUS_CHECK(flush());
  return file_.commit(sync_);
}

struct DeflateOutputStream::Z {
  z_stream s{};
  bool initialised = false;
};

DeflateOutputStream::DeflateOutputStream(OutputStream& sink) : sink_(sink), z_(std::make_unique<Z>()), out_(64 * 1024) {}

DeflateOutputStream::~DeflateOutputStream() {
  if (z_ && z_->initialised) deflateEnd(&z_->s);
}

base::Result<std::unique_ptr<DeflateOutputStream>> DeflateOutputStream::create(OutputStream& sink, int level) {
  std::unique_ptr<DeflateOutputStream> s(new DeflateOutputStream(sink));
  // PS3.5 A.5: raw RFC 1951 deflate, no zlib header or checksum.
  if (deflateInit2(&s->z_->s, level, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    return Error{ErrorCode::kDeflate, "cannot initialise the deflater"};
  s->z_->initialised = true;
  return s;
}

Status DeflateOutputStream::pump(int flush) {
  z_stream& zs = z_->s;
  while (true) {
    zs.next_out = out_.data();
    zs.avail_out = static_cast<uInt>(out_.size());
    const int rc = ::deflate(&zs, flush);
    if (rc == Z_STREAM_ERROR) return Error{ErrorCode::kDeflate, "deflate failed"};
    const std::size_t n = out_.size() - zs.avail_out;
    if (n != 0) {
      DISCUS_CHECK(sink_.write(base::ByteView(out_.data(), n)));
      produced_ += n;
    }
    if (flush == Z_FINISH ? rc == Z_STREAM_END : (zs.avail_in == 0 && zs.avail_out != 0)) return {};
  }
}

Status DeflateOutputStream::write(base::ByteView bytes) {
  z_stream& zs = z_->s;
  consumed_ += bytes.size();
  // zlib counts in 32-bit uInt: feed large buffers in slices.
  while (!bytes.empty()) {
    const std::size_t n = std::min<std::size_t>(bytes.size(), 1u << 30);
    zs.next_in = const_cast<Bytef*>(bytes.data());
    zs.avail_in = static_cast<uInt>(n);
    DISCUS_CHECK(pump(Z_NO_FLUSH));
    bytes = bytes.subspan(n);
  }
  return {};
}

base::Result<std::uint64_t> DeflateOutputStream::finish() {
  z_->s.next_in = nullptr;
  z_->s.avail_in = 0;
  DISCUS_CHECK(pump(Z_FINISH));
  return produced_;
}

}  // namespace discus::dicom
