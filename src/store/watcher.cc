#include "store/watcher.h"

namespace discus::store {

StudyWatcher::StudyWatcher(Store& store, OnComplete on_complete, std::chrono::milliseconds poll, base::Logger* log)
    : store_(store), on_complete_(std::move(on_complete)), poll_(poll), log_(log), thread_([this] { run(); }) {}

StudyWatcher::~StudyWatcher() { stop(); }

void StudyWatcher::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void StudyWatcher::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    pass();
    lock.lock();
    cv_.wait_for(lock, poll_, [this] { return stopping_; });
  }
}

void StudyWatcher::pass() {
  if (auto done = store_.complete_quiet_studies(); !done) {
    if (log_) log_->warn("store: quiet studies: {}", done.error().describe());
    return;
  } else if (!done->empty() && log_) {
    for (const StudySummary& s : *done) log_->info("store: a study is complete ({} instances, {} bytes)", s.instances, s.bytes);
  }
  auto waiting = store_.studies_awaiting_rules();
  if (!waiting) {
    if (log_) log_->warn("store: studies awaiting rules: {}", waiting.error().describe());
    return;
  }
  const auto now = std::chrono::steady_clock::now();
  for (const StudySummary& s : *waiting) {
    if (auto it = retry_at_.find(s.study_instance_uid); it != retry_at_.end() && it->second > now) continue;
    if (auto st = on_complete_(s); !st) {
      if (log_) log_->warn("store: a complete study's rules failed (tried again in 5 s): {}", st.error().describe());
      retry_at_[s.study_instance_uid] = now + std::chrono::seconds(5);
    } else {
      retry_at_.erase(s.study_instance_uid);
    }
  }
}

}  // namespace discus::store
