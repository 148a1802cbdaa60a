// discus::base — SHA-256 of files and buffers (FIPS 180-4), through OpenSSL's libcrypto.
//
// Used for the file-set manifest and read-back verification. OpenSSL stays inside sha256.cc.
//   DISCUS_TRY(std::string hex, sha256_file("DICOM/P0000001/..."));
#pragma once

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
// Streams the file in 1 MiB reads.
Result<std::string> sha256_file(const std::string& path);
// Copies `from` to a new file `to` (which must not exist) and returns the SHA-256 of the bytes
// written: one pass over the data where a copy followed by a hash of the copy takes two.
Result<std::string> copy_file_sha256(const std::string& from, const std::string& to);

}  // namespace discus::base
