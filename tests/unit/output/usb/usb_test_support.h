// Shared by the USB tests: a small file-set folder — authored by the real author library (three
// CT instances, DICOMDIR, README.TXT, SHA256.TXT; fileset_fixture.h) plus random payload files
// the manifest lists — in a temporary directory that is removed afterwards.
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
#include "fileset_fixture.h"

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

inline std::vector<std::uint8_t> read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline std::string payload_path(int n) { return fmt::format("DICOM/PAYLOAD/F{:07}", n); }

inline void write_file(const fs::path& p, const std::vector<std::uint8_t>& b) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary).write(reinterpret_cast<const char*>(b.data()), static_cast<std::streamsize>(b.size()));
}

// The authored file-set plus `instances` payload files of about `each` bytes (sizes off cluster
// boundaries) under DICOM/PAYLOAD, added to SHA256.TXT. `root` must not exist. Returns the root.
inline fs::path make_fileset(const fs::path& root, int instances, std::size_t each) {
  output::testing::author_small_fileset(root);
  std::ofstream manifest(root / "SHA256.TXT", std::ios::app);
  for (int i = 0; i < instances; ++i) {
    const std::string rel = payload_path(i + 1);
    const auto b = random_bytes(each + static_cast<std::size_t>(i) * 37, static_cast<unsigned>(i));
    write_file(root / rel, b);
    manifest << fmt::format("{}  {}\n", base::sha256_hex(b), rel);
  }
  return root;
}

}  // namespace discus::output::usb::testing
