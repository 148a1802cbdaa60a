// base::InputFile opens regular files only: a FIFO (which a plain open would wait on for a
// writer forever), a device or a folder is refused at once, naming the file and what it is.
// base::check_apart: an output that is its input, or nests with it, found by device and inode.
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>

#include "base/file.h"

namespace discus::base {
namespace {

namespace fs = std::filesystem;

class FileKindTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("discus-file-kind-test-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  std::string write(const std::string& name, const std::string& text) {
    std::ofstream(path(name), std::ios::binary) << text;
    return path(name);
  }
  fs::path dir_;
};

TEST_F(FileKindTest, FifoIsRefusedAtOpenWithoutWaitingForAWriter) {
  const std::string fifo = path("pipe");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const auto start = std::chrono::steady_clock::now();
  auto r = InputFile::open(fifo);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  ASSERT_FALSE(r);
  const std::string text = r.error().describe();
  EXPECT_NE(text.find("is a FIFO, not a regular file"), std::string::npos) << text;
  EXPECT_NE(text.find(fifo), std::string::npos) << text;
  EXPECT_FALSE(read_whole_file(fifo));
  EXPECT_FALSE(copy_file_read_back(fifo, path("copy"), [](ByteView) {}));
  EXPECT_FALSE(fs::exists(path("copy")));
}

TEST_F(FileKindTest, CharacterDeviceAndFolderAreRefused) {
  auto dev = InputFile::open("/dev/null");
  ASSERT_FALSE(dev);
  EXPECT_NE(dev.error().describe().find("is a character device, not a regular file"), std::string::npos);
  auto dir = InputFile::open(dir_.string());
  ASSERT_FALSE(dir);
  EXPECT_NE(dir.error().describe().find("is a folder"), std::string::npos) << dir.error().describe();
}

TEST_F(FileKindTest, RegularFileIsReadBlockingAfterTheCheck) {
  const std::string f = write("a", "hello");
  auto r = InputFile::open(f);
  ASSERT_TRUE(r) << r.error().describe();
  std::uint8_t buf[5];
  ASSERT_TRUE((*r)->read_at(0, buf));
  EXPECT_EQ(std::string(reinterpret_cast<char*>(buf), 5), "hello");
}

TEST_F(FileKindTest, InputAndOutputSameOrNestedAreRefusedByInode) {
  const std::string in = write("in.bin", "x");
  fs::create_directories(path("set/sub"));
  // The same file by another name: a hard link, and a path through "..".
  ASSERT_EQ(::link(in.c_str(), path("hard.bin").c_str()), 0);
  EXPECT_FALSE(check_apart(in, in));
  EXPECT_FALSE(check_apart(in, path("hard.bin")));
  EXPECT_FALSE(check_apart(in, path("set/../in.bin")));
  // An output inside the input folder, existing or not; an input inside the output folder.
  EXPECT_FALSE(check_apart(path("set"), path("set/x.iso")));
  EXPECT_FALSE(check_apart(path("set"), path("set/sub/new/x.iso")));
  EXPECT_FALSE(check_apart(path("set/sub"), path("set")));
  fs::create_directory_symlink(path("set"), path("link"));
  EXPECT_FALSE(check_apart(path("link"), path("set/x.iso")));
  // Apart: siblings, and a missing input (the use case says that in its own words).
  EXPECT_TRUE(check_apart(in, path("out.bin")));
  EXPECT_TRUE(check_apart(path("set"), path("set.iso")));
  EXPECT_TRUE(check_apart(path("missing"), in));
}

}  // namespace
}  // namespace discus::base
