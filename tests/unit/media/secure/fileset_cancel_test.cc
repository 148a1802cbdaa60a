// Cancelling a file-set encrypt or decrypt between files (the CancelToken's flag in
// FileSetHooks): the run fails with kCancelled after the file in progress, and OUT is left as it
// was found — no OUT, no OUT.partial (whose plaintext a decrypt would otherwise leave).
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>

#include "media/secure/fileset.h"

namespace discus::media::secure {
namespace {

namespace fs = std::filesystem;

class Cancel : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("discus-cancel-" + std::to_string(::getpid()));
    fs::create_directories(dir_ / "plain" / "DICOM");
    int i = 0;
    for (const char* f : {"CT_small.dcm", "MR_small.dcm", "rtplan.dcm", "JPEG2000.dcm"})
      fs::copy_file(std::string(DISCUS_TEST_PYDICOM) + "/" + f, dir_ / "plain" / "DICOM" / ("IM" + std::to_string(i++)));
    password_.password = Secret("correct horse battery staple");
    password_.sync = false;
  }
  void TearDown() override { fs::remove_all(dir_); }
  // Cancels once `after` files are done.
  FileSetHooks cancel_after(std::size_t after) {
    FileSetHooks h;
    h.cancel = &flag_;
    h.progress = [this, after](std::size_t done, std::size_t, const std::string&) {
      ++seen_;
      if (done >= after) flag_ = true;
    };
    return h;
  }
  fs::path dir_;
  std::atomic<bool> flag_{false};
  std::size_t seen_ = 0;
  SecureOptions password_;
};

TEST_F(Cancel, EncryptStopsBetweenFilesAndLeavesNothing) {
  auto e = Encryptor::create(password_);
  ASSERT_TRUE(e) << e.error().describe();
  auto r = secure_file_set((dir_ / "plain").string(), (dir_ / "secure").string(), *e, 1, cancel_after(1));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, base::ErrorCode::kCancelled) << r.error().describe();
  EXPECT_EQ(seen_, 1u);  // no file started after the flag
  EXPECT_FALSE(fs::exists(dir_ / "secure"));
  EXPECT_FALSE(fs::exists(dir_ / "secure.partial"));
}

TEST_F(Cancel, DecryptStopsBetweenFilesAndLeavesNoPlaintext) {
  auto e = Encryptor::create(password_);
  ASSERT_TRUE(e);
  ASSERT_TRUE(secure_file_set((dir_ / "plain").string(), (dir_ / "secure").string(), *e, 2));
  DecryptOptions d;
  d.password = password_.password;
  d.sync = false;
  auto dec = Decryptor::create(d);
  ASSERT_TRUE(dec);
  auto r = open_secure_file_set((dir_ / "secure").string(), (dir_ / "opened").string(), *dec, 1, cancel_after(2));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, base::ErrorCode::kCancelled);
  EXPECT_EQ(seen_, 2u);
  EXPECT_FALSE(fs::exists(dir_ / "opened"));
  EXPECT_FALSE(fs::exists(dir_ / "opened.partial"));
  // Not cancelled: the whole set, and progress for every file.
  seen_ = 0;
  flag_ = false;
  FileSetHooks watch;
  watch.cancel = &flag_;
  watch.progress = [this](std::size_t, std::size_t, const std::string&) { ++seen_; };
  auto ok = open_secure_file_set((dir_ / "secure").string(), (dir_ / "opened").string(), *dec, 2, watch);
  ASSERT_TRUE(ok) << ok.error().describe();
  EXPECT_EQ(ok->enveloped, 4u);
  EXPECT_EQ(seen_, 4u);
}

}  // namespace
}  // namespace discus::media::secure
