// discus::base — SHA-256 of files and buffers (FIPS 180-4), through OpenSSL's libcrypto.
//
// Used for the file-set manifest and read-back verification. OpenSSL stays inside sha256.cc.
//   DISCUS_TRY(std::string hex, sha256_file("DICOM/P0000001/..."));
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "base/bytes.h"
#include "base/result.h"

namespace discus::base {

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void update(ByteView data);
  std::string hex_digest();  // finishes the hash

 private:
  struct Ctx;
  std::unique_ptr<Ctx> ctx_;
};

std::string sha256_hex(ByteView data);
// Streams the file in 256 KiB reads.
Result<std::string> sha256_file(const std::string& path);
// Copies `from` to a new file `to` (which must not exist; base::copy_file_read_back: in the
// kernel, failing when `from` changes meanwhile) and returns the SHA-256 of the copy as read
// back from the page cache. `size`, when given, receives the number of bytes copied; `head`, when
// given, replaces the first bytes of the copy (copy_file_read_back).
Result<std::string> copy_file_sha256(const std::string& from, const std::string& to, std::uint64_t* size = nullptr,
                                     ByteView head = {});

}  // namespace discus::base
