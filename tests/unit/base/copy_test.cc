// base::copy_file_read_back and base::copy_file_sha256: the copy has the source's bytes, the hash
// is the copy's (checked against FIPS 180-4's "abc" example and against a hash of the buffer),
// the source is never touched, and a source that changes while copied is an error.
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "base/file.h"
#include "base/sha256.h"

namespace discus::base {
namespace {

namespace fs = std::filesystem;

class CopyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("discus-copy-test-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string write(const std::string& name, const Bytes& bytes) {
    const std::string p = (dir_ / name).string();
    std::ofstream(p, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    return p;
  }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

  fs::path dir_;
};

Bytes random_bytes(std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  Bytes b(n);
  for (auto& x : b) x = static_cast<std::uint8_t>(rng());
  return b;
}

TEST_F(CopyTest, HashOfTheCopyMatchesTheStandardExample) {
  const std::string from = write("abc", Bytes{'a', 'b', 'c'});
  std::uint64_t size = 0;
  auto hex = copy_file_sha256(from, path("abc.copy"), &size);
  ASSERT_TRUE(hex) << hex.error().describe();
  // FIPS 180-4 / NIST example "abc".
  EXPECT_EQ(*hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(size, 3u);
  EXPECT_EQ(*read_whole_file(path("abc.copy")), (Bytes{'a', 'b', 'c'}));
}

TEST_F(CopyTest, LargeFileAcrossChunksIsCopiedExactlyAndSourceIsUntouched) {
  const Bytes data = random_bytes((3u << 20) + 12345, 7);  // several read-back chunks, odd tail
  const std::string from = write("big", data);
  struct stat before {};
  ASSERT_EQ(::stat(from.c_str(), &before), 0);
  std::uint64_t size = 0;
  auto hex = copy_file_sha256(from, path("big.copy"), &size);
  ASSERT_TRUE(hex) << hex.error().describe();
  EXPECT_EQ(size, data.size());
  EXPECT_EQ(*hex, sha256_hex(data));
  EXPECT_EQ(*read_whole_file(path("big.copy")), data);
  EXPECT_EQ(*sha256_file(path("big.copy")), *hex);
  struct stat after {};
  ASSERT_EQ(::stat(from.c_str(), &after), 0);
  EXPECT_EQ(after.st_mtim.tv_nsec, before.st_mtim.tv_nsec);
  EXPECT_EQ(after.st_mtim.tv_sec, before.st_mtim.tv_sec);
  EXPECT_EQ(*read_whole_file(from), data);
}

TEST_F(CopyTest, EmptyFileGivesTheHashOfNothing) {
  const std::string from = write("empty", Bytes{});
  auto hex = copy_file_sha256(from, path("empty.copy"));
  ASSERT_TRUE(hex) << hex.error().describe();
  EXPECT_EQ(*hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_TRUE(fs::exists(path("empty.copy")));
  EXPECT_EQ(fs::file_size(path("empty.copy")), 0u);
}

TEST_F(CopyTest, ExistingTargetIsNotOverwritten) {
  const std::string from = write("a", random_bytes(1000, 1));
  const Bytes old = random_bytes(10, 2);
  const std::string to = write("b", old);
  auto hex = copy_file_sha256(from, to);
  ASSERT_FALSE(hex);
  EXPECT_EQ(hex.error().code, ErrorCode::kIo);
  EXPECT_EQ(hex.error().file, to);
  EXPECT_EQ(*read_whole_file(to), old);
}

TEST_F(CopyTest, MissingSourceNamesItAndLeavesNoTarget) {
  auto hex = copy_file_sha256(path("nothing"), path("nothing.copy"));
  ASSERT_FALSE(hex);
  EXPECT_EQ(hex.error().file, path("nothing"));
  EXPECT_FALSE(fs::exists(path("nothing.copy")));
}

TEST_F(CopyTest, SourceChangedWhileCopiedIsAnErrorAndTheCopyIsRemoved) {
  const Bytes data = random_bytes(600000, 3);
  const std::string from = write("moving", data);
  bool appended = false;
  // The sink runs after the bytes were copied and before the source is checked again: a writer
  // that appends meanwhile is what the check must catch.
  auto n = copy_file_read_back(from, path("moving.copy"), [&](ByteView) {
    if (appended) return;
    appended = true;
    std::ofstream(from, std::ios::binary | std::ios::app) << "more";
  });
  ASSERT_TRUE(appended);
  ASSERT_FALSE(n);
  EXPECT_NE(n.error().message.find("changed while being copied"), std::string::npos) << n.error().message;
  EXPECT_EQ(n.error().file, from);
  EXPECT_FALSE(fs::exists(path("moving.copy")));
}

TEST_F(CopyTest, SinkSeesEveryByteInOrder) {
  const Bytes data = random_bytes(700001, 4);
  const std::string from = write("seen", data);
  Bytes seen;
  auto n = copy_file_read_back(from, path("seen.copy"), [&](ByteView b) { seen.insert(seen.end(), b.begin(), b.end()); });
  ASSERT_TRUE(n) << n.error().describe();
  EXPECT_EQ(*n, data.size());
  EXPECT_EQ(seen, data);
}

// Another file system (tmpfs in /dev/shm when there is one): copy_file_range may refuse to cross,
// and the copy must then go through the buffer with the same result.
TEST_F(CopyTest, CopyToAnotherFileSystemGivesTheSameBytes) {
  const fs::path shm = "/dev/shm";
  if (!fs::is_directory(shm) || ::access(shm.c_str(), W_OK) != 0) GTEST_SKIP() << "no writable /dev/shm";
  const Bytes data = random_bytes((1u << 20) + 3, 5);
  const std::string from = write("cross", data);
  const std::string to = (shm / ("discus-copy-test-" + std::to_string(::getpid()))).string();
  fs::remove(to);
  auto hex = copy_file_sha256(from, to);
  ASSERT_TRUE(hex) << hex.error().describe();
  EXPECT_EQ(*hex, sha256_hex(data));
  EXPECT_EQ(*read_whole_file(to), data);
  fs::remove(to);
}

}  // namespace
}  // namespace discus::base
