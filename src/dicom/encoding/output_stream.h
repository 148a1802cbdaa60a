// discus::dicom — byte sinks the Part 10 writer pushes into.
//
//   - MemoryOutputStream: into a byte vector (DICOMDIR, tests);
//   - FileOutputStream: buffered into an AtomicOutputFile (renamed into place on commit);
//   - CountingOutputStream: counts only, so defined lengths of sequences and items can be
//     computed by running the same encoder that writes them (one source of truth);
//   - DeflateOutputStream: raw deflate (PS3.5 A.5) into another stream.
#pragma once

#include <cstdint>
#include <memory>

#include "base/bytes.h"
#include "base/file.h"
#include "base/result.h"

namespace discus::dicom {

class OutputStream {
 public:
  virtual ~OutputStream() = default;
  virtual base::Status write(base::ByteView bytes) = 0;
  virtual std::uint64_t bytes_written() const = 0;
  // True when bytes need not be produced, only counted (deferred values are then not read).
  virtual bool counting_only() const { return false; }
  // Adds n bytes without data; only valid when counting_only().
  virtual void count(std::uint64_t) {}
};

class MemoryOutputStream final : public OutputStream {
 public:
  base::Status write(base::ByteView bytes) override {
    bytes_.insert(bytes_.end(), bytes.begin(), bytes.end());
    return {};
  }
  std::uint64_t bytes_written() const override { return bytes_.size(); }
  base::Bytes& bytes() { return bytes_; }

 private:
  base::Bytes bytes_;
};

class CountingOutputStream final : public OutputStream {
 public:
  base::Status write(base::ByteView bytes) override {
    n_ += bytes.size();
    return {};
  }
  std::uint64_t bytes_written() const override { return n_; }
  bool counting_only() const override { return true; }
  void count(std::uint64_t n) override { n_ += n; }

 private:
  std::uint64_t n_ = 0;
};

class FileOutputStream final : public OutputStream {
 public:
  explicit FileOutputStream(base::AtomicOutputFile file, bool sync = true);
  base::Status write(base::ByteView bytes) override;
  std::uint64_t bytes_written() const override { return written_; }
  // Flushes the buffer and renames the file into place.
  base::Status commit();

 private:
  base::Status flush();
  base::AtomicOutputFile file_;
  bool sync_;
  base::Bytes buf_;
  std::uint64_t written_ = 0;
};

class DeflateOutputStream final : public OutputStream {
 public:
  static base::Result<std::unique_ptr<DeflateOutputStream>> create(OutputStream& sink, int level);
  ~DeflateOutputStream() override;
  base::Status write(base::ByteView bytes) override;
  std::uint64_t bytes_written() const override { return consumed_; }
  // Ends the deflate stream; returns the number of compressed bytes written to the sink.
  base::Result<std::uint64_t> finish();

 private:
  struct Z;
  explicit DeflateOutputStream(OutputStream& sink);
  base::Status pump(int flush);
  OutputStream& sink_;
  std::unique_ptr<Z> z_;
  base::Bytes out_;
  std::uint64_t consumed_ = 0, produced_ = 0;
};

}  // namespace discus::dicom
