// discus::base — files opened for positioned reads, and files written atomically.
//
// InputFile is shared by every value a reader left in the file (deferred pixel data), so a
// writer can copy those bytes later in bounded chunks. AtomicOutputFile writes to a temporary
// name beside the target and renames on commit(): a crash never leaves half a DICOM file.
// Temporaries may hold plaintext (a decrypted file): they are private while they exist (mode
// 0600 from creation; the final mode is set at commit) and never outlive their process — see
// "Temporary files never outlive their process" below.
//
//   DISCUS_TRY(auto in, InputFile::open("a.dcm"));  in->read_at(128, buf);
//   DISCUS_TRY(auto out, AtomicOutputFile::create("b.dcm")); out.write(bytes); out.commit();
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>

#include "base/bytes.h"
#include "base/result.h"

namespace discus::base {

// Device and inode of a file, so that a file reached by two paths (a hard link, a folder named
// twice) is taken once. Comes free with the fstat an InputFile makes when it opens.
struct FileIdentity {
  std::uint64_t device = 0;
  std::uint64_t inode = 0;
  bool known = false;  // false when the file could not be looked at
  bool operator==(const FileIdentity&) const = default;
};

// The identity by a stat (links followed), for files that are listed but not opened.
FileIdentity identity_of(const std::string& path);

// Refuses an output that is its input, or lies inside it (writing into the folder being read),
// and an input inside the output, compared by device and inode (a second name, a link or
// "a/../a" changes nothing). kInvalidArgument naming both; fine when either does not exist yet.
Status check_apart(const std::string& input, const std::string& output);

// Only regular files are opened: a FIFO, a device or a socket is refused at open (which never
// waits for a FIFO's writer) with "is a FIFO, not a regular file" naming the file.
class InputFile {
 public:
  static Result<std::shared_ptr<const InputFile>> open(const std::string& path);
  ~InputFile();
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;

  const std::string& path() const { return path_; }
  std::uint64_t size() const { return size_; }
  const FileIdentity& identity() const { return identity_; }
  // Reads exactly dst.size() bytes at `offset` or fails (kTruncated past the end, kIo otherwise).
  Status read_at(std::uint64_t offset, std::span<std::uint8_t> dst) const;
  // Reads up to dst.size() bytes; returns how many (0 at end of file).
  Result<std::size_t> read_some_at(std::uint64_t offset, std::span<std::uint8_t> dst) const;

 private:
  InputFile(int fd, std::string path, std::uint64_t size, FileIdentity id)
      : fd_(fd), path_(std::move(path)), size_(size), identity_(id) {}
  int fd_;
  std::string path_;
  std::uint64_t size_;
  FileIdentity identity_;
};

class AtomicOutputFile {
 public:
  static Result<AtomicOutputFile> create(const std::string& path);
  AtomicOutputFile(AtomicOutputFile&& other) noexcept;
  AtomicOutputFile& operator=(AtomicOutputFile&&) = delete;
  ~AtomicOutputFile();  // removes the temporary file unless committed

  Status write(ByteView bytes);
  // Gives the temporary its final mode (0644), fsyncs it (when `sync`), then renames it over the
  // target.
  Status commit(bool sync = true);
  const std::string& path() const { return path_; }

 private:
  AtomicOutputFile(int fd, std::string path, std::string temp) : fd_(fd), path_(std::move(path)), temp_(std::move(temp)) {}
  int fd_ = -1;
  std::string path_;
  std::string temp_;
  int live_slot_ = -1;  // its entry in the table of live temporaries, or -1
  bool committed_ = false;
};

// ---- Temporary files never outlive their process
// The guarantee: an AtomicOutputFile temporary is named "TARGET.discus-tmp-PID-XXXXXX" and
// created mode 0600 (mkostemp), so no other user can read it while it exists. It is removed
// (1) by the destructor on every return, normal or error; (2) by unlink_live_temporaries(), which
// the CLI's handler for SIGINT/SIGTERM/SIGHUP calls before the process ends; (3) after SIGKILL or
// a power cut, by the next process that writes into the same folder: its first create() there
// removes temporaries whose PID names a process that no longer exists (never one of a live
// process; a PID reused since is left alone, which errs on the safe side).

// Unlinks every temporary this process has open. Async-signal-safe (reads a fixed table of
// atomics and calls unlink(2) only): for signal handlers that are about to end the process.
void unlink_live_temporaries() noexcept;
// Removes "*.discus-tmp-PID-*" files in `dir` whose process is gone; returns how many.
std::size_t sweep_stale_temporaries(const std::string& dir);

// Copies `from` into a new file `to` (which must not exist) and hands every byte of the copy, read
// back from `to` in order, to `sink` (e.g. a hash for the medium's manifest: it then covers what
// was written, not what was meant to be). The copy runs in the kernel (copy_file_range, as cp
// does) where the file systems allow it, else through a buffer; the read-back comes from the
// page cache the copy just filled. Fails, and removes `to`, when `from` changes size or
// modification time while it is copied. Returns the number of bytes copied. Nothing is fsynced.
// `head`, when given, is written over the first bytes of the copy before the read-back (a Part 10
// preamble of our own instead of the source's, issue 12).
Result<std::uint64_t> copy_file_read_back(const std::string& from, const std::string& to,
                                          const std::function<void(ByteView)>& sink, ByteView head = {});

// Whole-file read for small inputs (tests, tables). Fails above `max_size`.
Result<Bytes> read_whole_file(const std::string& path, std::uint64_t max_size = 1ull << 30);

}  // namespace discus::base
