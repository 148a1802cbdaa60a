// discus::dicom — byte sources the Part 10 reader pulls from.
//
// The reader never needs the whole file: it pulls headers and values through an InputStream.
//   - FileInputStream: buffered positioned reads; knows what is left, so every length read from
//     the file is checked before anything is allocated, and large values can stay in the file;
//   - MemoryInputStream: the same over a byte span (fuzzing, DICOMDIR in memory, tests);
//   - InflateInputStream: raw deflate (PS3.5 A.5) over another stream, with an output cap,
//     because a deflated data set does not say how large it will become.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>

#include "base/bytes.h"
#include "base/file.h"
#include "base/result.h"

namespace discus::dicom {

class InputStream {
 public:
  virtual ~InputStream() = default;
  // Reads up to n bytes; fewer only at the end of the stream.
  virtual base::Result<std::size_t> read(std::uint8_t* dst, std::size_t n) = 0;
  // Copies up to n bytes without consuming them (n <= 256).
  virtual base::Result<std::size_t> peek(std::uint8_t* dst, std::size_t n) = 0;
  // Skips n bytes; kTruncated when fewer are left.
  virtual base::Status skip(std::uint64_t n) = 0;
  // Bytes consumed so far, counted from the start of the underlying file or buffer
  // (for an inflate stream: from the start of the inflated data set).
  virtual std::uint64_t position() const = 0;
  // Bytes left when the stream knows it; nullopt for inflated data.
  virtual std::optional<std::uint64_t> remaining() const = 0;
  // The most bytes the stream may still deliver before a configured cap (inflated data).
  virtual std::optional<std::uint64_t> cap_remaining() const { return std::nullopt; }
  // Replaces `out` with the next n bytes; kTruncated when fewer are left. Streams with a buffer
  // copy straight from it (no zero-filled intermediate).
  virtual base::Status read_bytes(base::Bytes& out, std::size_t n);
  // The file behind the stream, when a value can be left in it and read later.
  virtual std::shared_ptr<const base::InputFile> file() const { return nullptr; }
};

class FileInputStream final : public InputStream {
 public:
  explicit FileInputStream(std::shared_ptr<const base::InputFile> file, std::uint64_t start = 0);
  base::Result<std::size_t> read(std::uint8_t* dst, std::size_t n) override;
  base::Result<std::size_t> peek(std::uint8_t* dst, std::size_t n) override;
  base::Status skip(std::uint64_t n) override;
  std::uint64_t position() const override { return pos_; }
  std::optional<std::uint64_t> remaining() const override { return file_->size() - pos_; }
  std::shared_ptr<const base::InputFile> file() const override { return file_; }
  base::Status read_bytes(base::Bytes& out, std::size_t n) override;

 private:
  base::Status fill(std::size_t want);
  std::shared_ptr<const base::InputFile> file_;
  std::uint64_t pos_;
  // Starts small and doubles on each refill: most headers fit the first read, and a large
  // buffer per file costs more in page faults than it saves in reads.
  std::unique_ptr<std::uint8_t[]> buf_;
  std::size_t buf_cap_ = 0;
  std::uint64_t buf_start_ = 0;  // file offset of buf_[0]
  std::size_t buf_len_ = 0;
};

class MemoryInputStream final : public InputStream {
 public:
  explicit MemoryInputStream(base::ByteView data, std::uint64_t start = 0) : data_(data), pos_(start) {}
  base::Result<std::size_t> read(std::uint8_t* dst, std::size_t n) override;
  base::Result<std::size_t> peek(std::uint8_t* dst, std::size_t n) override;
  base::Status skip(std::uint64_t n) override;
  std::uint64_t position() const override { return pos_; }
  std::optional<std::uint64_t> remaining() const override { return data_.size() - pos_; }

 private:
  base::ByteView data_;
  std::uint64_t pos_;
};

class InflateInputStream final : public InputStream {
 public:
  // Inflates everything `source` has left. More than `max_output` inflated bytes is an error
  // (kLimitExceeded): the defence against a deflate bomb.
  static base::Result<std::unique_ptr<InflateInputStream>> create(InputStream& source, std::uint64_t max_output);
  ~InflateInputStream() override;
  base::Result<std::size_t> read(std::uint8_t* dst, std::size_t n) override;
  base::Result<std::size_t> peek(std::uint8_t* dst, std::size_t n) override;
  base::Status skip(std::uint64_t n) override;
  std::uint64_t position() const override { return produced_ - (out_len_ - out_pos_); }
  std::optional<std::uint64_t> remaining() const override { return std::nullopt; }
  std::optional<std::uint64_t> cap_remaining() const override { return max_output_ - position(); }

 private:
  struct Z;
  InflateInputStream(InputStream& source, std::uint64_t max_output);
  base::Status refill();
  InputStream& source_;
  std::unique_ptr<Z> z_;
  std::uint64_t max_output_;
  std::uint64_t produced_ = 0;  // inflated bytes handed to out_ so far
  base::Bytes in_, out_;
  std::size_t out_pos_ = 0, out_len_ = 0;
  bool ended_ = false;
};

// Reads exactly n bytes or fails with kTruncated at the stream position where data ran out.
base::Status read_exact(InputStream& in, std::uint8_t* dst, std::size_t n);

}  // namespace discus::dicom
