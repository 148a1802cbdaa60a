// discus::app — staging: how a use case makes a folder appear only when it is finished.
//
// The guarantee. (1) A plain output folder (a file-set, a span's volumes, an encrypted or opened
// file-set) is built in a staging folder beside its target, "TARGET.partial" on the same file
// system, and renamed onto TARGET (rename(2): atomic) only when complete. A failed, cancelled or
// killed run therefore never leaves anything at TARGET that looks like a finished file-set; what
// it leaves is a "*.partial" folder, removed by the destructor, and a run killed with SIGKILL
// leaves one that the next run for the same TARGET removes first (crash-only: run it again).
// (2) A secure profile's plain file-set is staged in a private folder on RAM-backed /dev/shm
// (mode 0700, "discus-secure-PID-XXXXXX"), so plaintext patient data never reaches a disk. It is
// removed by the destructor on every normal or error return, by an atexit handler when the
// process calls exit(), and by remove_private_staging(), which the CLI calls from its signal
// handling before it re-raises the signal. After SIGKILL or a power cut the folder dies with the
// RAM at reboot, and the next PrivateStaging::create() removes folders whose process has gone.
//   DISCUS_TRY(StagedFolder out, StagedFolder::create("/srv/out/CASE1"));  write into out.path();
//   DISCUS_CHECK(out.commit());   // now /srv/out/CASE1 exists, complete
#pragma once

#include <filesystem>
#include <string>

#include "base/result.h"

namespace discus::app {

class StagedFolder {
 public:
  // Refuses a TARGET that exists and is not an empty folder. Removes a stale TARGET.partial (a
  // killed run's), then makes it, empty.
  static base::Result<StagedFolder> create(const std::string& target);
  StagedFolder(StagedFolder&& other) noexcept;
  StagedFolder& operator=(StagedFolder&&) = delete;
  StagedFolder(const StagedFolder&) = delete;
  ~StagedFolder();  // removes the staging folder unless committed

  const std::string& path() const { return path_; }      // where to write
  const std::string& target() const { return target_; }  // where it appears on commit()
  // Renames the staging folder onto TARGET (replacing an empty folder there), then fsyncs the
  // parent folder so the rename survives a power cut.
  base::Status commit();

 private:
  StagedFolder(std::string target, std::string path) : target_(std::move(target)), path_(std::move(path)) {}
  std::string target_, path_;
  std::filesystem::perms final_perms_ = std::filesystem::perms::unknown;  // the mode after commit()
  bool committed_ = false;
};

// One output file made by a writer that opens its target by name (e.g. a FAT image, which
// write_fat creates with O_EXCL): it is written as "TARGET.partial/NAME" in a private (0700)
// folder beside TARGET and renamed onto TARGET by commit(). A killed run leaves only the
// ".partial" folder, which the next create() for the same TARGET removes; nothing ever sits at
// TARGET that is not complete.
class StagedFile {
 public:
  // Refuses a TARGET that exists. Removes a stale TARGET.partial, then makes it, empty, 0700.
  static base::Result<StagedFile> create(const std::string& target);
  StagedFile(StagedFile&& other) noexcept;
  StagedFile& operator=(StagedFile&&) = delete;
  StagedFile(const StagedFile&) = delete;
  ~StagedFile();  // removes the staging folder and the file in it unless committed

  const std::string& path() const { return path_; }      // where the writer creates the file
  const std::string& target() const { return target_; }  // where it appears on commit()
  // Renames the file onto TARGET (never over a file that appeared meanwhile), removes the
  // staging folder and fsyncs the parent folder.
  base::Status commit();

 private:
  StagedFile(std::string target, std::string dir, std::string path)
      : target_(std::move(target)), dir_(std::move(dir)), path_(std::move(path)) {}
  std::string target_, dir_, path_;
  bool committed_ = false;
};

// An update in place (discus update) cannot be staged beside its target: it adds files to a
// file-set and then replaces its DICOMDIR (rename(2), atomic). What a killed update leaves is new
// files that no DICOMDIR references. The journal (journal_root()/discus-update-DEV-INO.journal,
// keyed by the file-set folder, mode 0600) lists the files present before the update and the
// DICOMDIR's inode; begin() first
// recovers from a dead process's journal: when the DICOMDIR is still the old one, the files the
// journal does not list are removed (the file-set is again exactly as it was); when it was
// replaced, the update had committed and nothing is removed. A live process's journal refuses the
// second update. The destructor (every return) removes the journal.
class UpdateJournal {
 public:
  static base::Result<UpdateJournal> begin(const std::string& root);
  UpdateJournal(UpdateJournal&& other) noexcept : path_(std::move(other.path_)), recovered_(other.recovered_) {
    other.path_.clear();
  }
  UpdateJournal& operator=(UpdateJournal&&) = delete;
  UpdateJournal(const UpdateJournal&) = delete;
  ~UpdateJournal();

  // How many files a dead update's journal had begin() remove (0 when there was none).
  std::size_t recovered() const { return recovered_; }

 private:
  explicit UpdateJournal(std::string path) : path_(std::move(path)) {}
  std::string path_;
  std::size_t recovered_ = 0;
};

// Where update journals are kept: /var/tmp (survives a reboot), or $DISCUS_JOURNAL_DIR.
std::string journal_root();

class PrivateStaging {
 public:
  static base::Result<PrivateStaging> create();
  PrivateStaging(PrivateStaging&& other) noexcept;
  PrivateStaging& operator=(PrivateStaging&&) = delete;
  PrivateStaging(const PrivateStaging&) = delete;
  ~PrivateStaging();  // removes the folder and everything in it

  const std::string& dir() const { return dir_; }

 private:
  explicit PrivateStaging(std::string dir) : dir_(std::move(dir)) {}
  std::string dir_;
};

// Removes every private staging folder this process still has. For the CLI's signal handling
// (call it from the thread that handles the signal, e.g. after sigwait, or from a handler that is
// about to end the process: it allocates, so not from one that returns) and for atexit.
void remove_private_staging() noexcept;

// Where private staging folders are made: "/dev/shm", RAM-backed (tests look there for leftovers).
const std::string& private_staging_root();

}  // namespace discus::app
