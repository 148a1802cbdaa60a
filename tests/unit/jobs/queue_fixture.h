// Test support for the queue: a temporary folder removed at the end, specs of each kind, and a
// clock the test moves by hand (leases expire without sleeping).
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <memory>
#include <string>

#include "jobs/repository.h"
#include "jobs/sqlite/sqlite_repository.h"

namespace discus::jobs::testing {

class TempDir {
 public:
  explicit TempDir(const std::string& name) {
    path_ = std::filesystem::temp_directory_path() / ("discus-jobs-" + name + "-" + std::to_string(::getpid()));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::filesystem::path operator/(const std::string& s) const { return path_ / s; }

 private:
  std::filesystem::path path_;
};

struct ManualClock {
  std::shared_ptr<std::atomic<std::int64_t>> now = std::make_shared<std::atomic<std::int64_t>>(1'000'000);
  Clock clock() const {
    auto n = now;
    return [n] { return n->load(); };
  }
  void advance(std::int64_t ms) { *now += ms; }
};

inline JobSpec noop_spec() { return JobSpec{}; }

inline JobSpec author_spec(int copies, const std::string& where = "/out") {
  JobSpec s;
  s.kind = JobKind::kAuthor;
  s.submitted_by = "operator1";
  s.author.profile = "STD-GEN-CD";
  s.author.inputs = {"/in/study"};
  s.author.copies = copies;
  s.author.target = {TargetKind::kImageDir, where};
  return s;
}

inline std::unique_ptr<Repository> open_or_die(const std::filesystem::path& p, Clock clock = system_clock()) {
  auto r = open_sqlite_repository(p.string(), std::move(clock));
  if (!r) ADD_FAILURE() << r.error().describe();
  return r ? std::move(*r) : nullptr;
}

}  // namespace discus::jobs::testing
