// A small authored file-set for the output-layer tests (verify, iso, burn): two patients, three
// CT instances, authored by the real `discus author` library for STD-GEN-CD, so the DICOMDIR,
// README.TXT and SHA256.TXT are exactly what a medium would carry.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "author_test_support.h"
#include "media/author/author.h"

namespace discus::output::testing {

namespace fs = std::filesystem;
using media::author::testing::TempDir;

// Authors the file-set into `dir` (which must not exist); fails the test on error.
inline void author_small_fileset(const fs::path& dir, const std::string& fileset_id = "DISCUSTEST") {
  namespace at = media::author::testing;
  const fs::path in = dir.parent_path() / (dir.filename().string() + "-in");
  at::write(in / "a.dcm", at::ct("P1", "1.2.826.0.1.3680043.10.7.1", "1.2.826.0.1.3680043.10.7.1.1", 1));
  at::write(in / "b.dcm", at::ct("P1", "1.2.826.0.1.3680043.10.7.1", "1.2.826.0.1.3680043.10.7.1.1", 2));
  at::write(in / "c.dcm", at::ct("P2", "1.2.826.0.1.3680043.10.7.2", "1.2.826.0.1.3680043.10.7.2.1", 1));
  media::author::AuthorOptions opt;
  opt.inputs = {in.string()};
  opt.out_dir = dir.string();
  opt.fileset_id = fileset_id;
  base::SequentialUidSource uids("1.2.826.0.1.3680043.10.998");
  auto r = media::author::author(opt, at::profile_of("STD-GEN-CD"), uids);
  ASSERT_TRUE(r) << r.error().describe();
  ASSERT_EQ(r->instances, 3u);
}

// Flips one byte of `file` at `offset`.
inline void flip_byte(const fs::path& file, std::uint64_t offset) {
  std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
  ASSERT_TRUE(f) << file;
  f.seekg(static_cast<std::streamoff>(offset));
  char c = 0;
  f.get(c);
  f.seekp(static_cast<std::streamoff>(offset));
  f.put(static_cast<char>(c ^ 0x5A));
}

}  // namespace discus::output::testing
