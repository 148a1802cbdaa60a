// discus::store — the thread that turns quiet studies into complete-study events.
//
// Every poll interval it asks the Store for studies quiet long enough (Store::
// complete_quiet_studies) and hands each study whose rules have not run (kQuiet, also those a
// restart left so) to `on_complete`, which runs the auto-burn rules and then marks the study
// done. A study whose handling failed (the queue unreachable) is tried again 5 s later; an error
// is logged without PHI (counts only).
//   StudyWatcher w(store, [&](const StudySummary& s) { return autoburn.evaluate(s).status(); }, 250ms, &log);
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <thread>

#include "base/log.h"
#include "base/result.h"
#include "store/store.h"

namespace discus::store {

class StudyWatcher {
 public:
  using OnComplete = std::function<base::Status(const StudySummary&)>;
  StudyWatcher(Store& store, OnComplete on_complete, std::chrono::milliseconds poll, base::Logger* log);
  ~StudyWatcher();  // stops and joins
  StudyWatcher(const StudyWatcher&) = delete;
  StudyWatcher& operator=(const StudyWatcher&) = delete;
  void stop();

 private:
  void run();
  void pass();

  Store& store_;
  OnComplete on_complete_;
  std::chrono::milliseconds poll_;
  base::Logger* log_;
  std::map<std::string, std::chrono::steady_clock::time_point> retry_at_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace discus::store
