// Shared by the app tests: a recording Progress, a context over the repository's profiles, and
// generated inputs (author_test_support.h).
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "app/context.h"
#include "app/progress.h"
#include "author_test_support.h"
#include "codec/codec.h"

namespace discus::app::testing {

namespace fs = std::filesystem;
using media::author::testing::ct;
using media::author::testing::registry;
using media::author::testing::TempDir;
using media::author::testing::write;
using media::author::testing::write_text;

// Records every event (from any thread); `hook` runs on each progress event (to cancel mid-run).
class Recorder : public Progress {
 public:
  void on_stage(Stage s, std::string_view) override {
    std::lock_guard lock(mutex_);
    stages.push_back(s);
  }
  void on_progress(const ProgressEvent& e) override {
    {
      std::lock_guard lock(mutex_);
      events.push_back(e);
    }
    if (hook) hook(e);
  }
  void on_finding(const base::Finding& f) override {
    std::lock_guard lock(mutex_);
    findings.push_back(f);
  }
  // The highest `done` reported in `stage`, and the total it was reported against.
  std::pair<std::uint64_t, std::uint64_t> reached(Stage stage) const {
    std::pair<std::uint64_t, std::uint64_t> best{0, 0};
    for (const ProgressEvent& e : events)
      if (e.stage == stage && e.done >= best.first) best = {e.done, e.total};
    return best;
  }

  std::vector<Stage> stages;
  std::vector<ProgressEvent> events;
  std::vector<base::Finding> findings;
  std::function<void(const ProgressEvent&)> hook;

 private:
  std::mutex mutex_;
};

// `n` CT instances of one series under `dir`.
inline void make_inputs(const fs::path& dir, int n) {
  for (int i = 1; i <= n; ++i)
    write(dir / fmt::format("im{}.dcm", i), ct("P1", "1.2.826.0.1.3680043.10.7.5", "1.2.826.0.1.3680043.10.7.5.1", i));
}

// Private staging folders of this process left in /dev/shm.
inline std::vector<std::string> private_leftovers() {
  std::vector<std::string> out;
  const std::string prefix = fmt::format("discus-secure-{}-", ::getpid());
  std::error_code ec;
  for (fs::directory_iterator it("/dev/shm", ec), end; !ec && it != end; it.increment(ec))
    if (it->path().filename().string().starts_with(prefix)) out.push_back(it->path().string());
  return out;
}

struct TestContext {
  codec::CodecRegistry codecs = codec::all_codecs();
  base::SequentialUidSource uids{"1.2.826.0.1.3680043.10.998"};
  Context context{&registry(), &codecs, &uids, 2};
};

}  // namespace discus::app::testing
