// Shared by the USB tests: a small file-set folder (random bytes under File ID paths, with a
// real SHA256.TXT manifest) in a temporary directory that is removed afterwards.
#pragma once

#include <gtest/gtest.h>
#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "base/sha256.h"

namespace discus::output::usb::testing {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = fs::temp_directory_path() / fmt::format("discus_usb_{}_{}", ::getpid(), rd());
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

inline std::vector<std::uint8_t> random_bytes(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::vector<std::uint8_t> b(n);
  for (auto& x : b) x = static_cast<std::uint8_t>(rng());
  return b;
}

inline void write_file(const fs::path& p, const std::vector<std::uint8_t>& b) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary).write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
}

// `instances` files of about `each` bytes in two patients' folders, plus DICOMDIR, README.TXT
// and SHA256.TXT at the root. Returns the root.
inline fs::path make_fileset(const fs::path& root, int instances, std::size_t each) {
  std::string manifest;
  auto add = [&](const std::string& rel, const std::vector<std::uint8_t>& b) {
    write_file(root / rel, b);
    manifest += fmt::format("{}  {}\n", base::sha256_hex(b), rel);
  };
  for (int i = 0; i < instances; ++i) {
    const std::string rel = fmt::format("DICOM/P000000{}/S0000001/E0000001/I{:07}", 1 + i % 2, i + 1);
    add(rel, random_bytes(each + static_cast<std::size_t>(i) * 37, static_cast<unsigned>(i)));  // sizes off cluster boundaries
  }
  add("DICOMDIR", random_bytes(3000, 99));
  add("README.TXT", std::vector<std::uint8_t>{'h', 'i', '\r', '\n'});
  std::ofstream(root / "SHA256.TXT") << manifest;
  return root;
}

}  // namespace discus::output::usb::testing
