// discus::app — how a use case tells its caller what it is doing, and how the caller stops it.
//
// Every use case in src/app (author, update, span, transcode, iso, burn, usb, verify, encrypt,
// decrypt, later import) takes a Progress& and a CancelToken&. It never prints: the CLI draws a
// progress bar and a summary from these events, the daemon stores them with the job, the kiosk
// shows them. Events come from worker threads: a Progress must be thread-safe.
//
//   struct Bar : app::Progress { void on_progress(const app::ProgressEvent& e) override {...} };
//   app::CancelToken cancel;  // cancel.request() from a signal handler or another thread
//   auto result = app::author(request, context, bar, cancel);
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

#include "base/finding.h"

namespace discus::app {

// The steps a use case goes through, in the order they usually happen. A use case announces each
// stage it enters (on_stage) and then reports progress within it.
enum class Stage {
  kScan,        // listing input files
  kRead,        // reading and validating headers
  kPlan,        // File IDs, volumes, capacity
  kCopy,        // copying or re-encoding instances onto the file-set
  kDicomdir,    // building and writing the DICOMDIR
  kEnvelope,    // Secure DICOM Files (encrypt; secure profiles)
  kOpen,        // opening Secure DICOM Files (decrypt)
  kTranscode,   // transcode: files re-encoded
  kImage,       // writing an ISO 9660 image
  kBurn,        // writing a disc through libburn
  kUsb,         // writing a USB stick or FAT image
  kVerify,      // reading a medium back and checking it
};
std::string_view to_string(Stage s);

enum class Unit { kFiles, kBytes };

struct ProgressEvent {
  Stage stage = Stage::kScan;
  Unit unit = Unit::kFiles;
  std::uint64_t done = 0;   // files or bytes done in this stage
  std::uint64_t total = 0;  // 0 when not known yet
  std::string current;      // the item being worked on (a path), may be empty
};

// The listener. Default implementations ignore everything, so a caller overrides what it shows.
class Progress {
 public:
  virtual ~Progress() = default;
  virtual void on_stage(Stage /*stage*/, std::string_view /*detail*/) {}
  virtual void on_progress(const ProgressEvent& /*event*/) {}
  // A finding as soon as it is known (validation, repairs, exclusions); the result lists them all
  // again, so a listener may ignore these.
  virtual void on_finding(const base::Finding& /*finding*/) {}
};

// A Progress that shows nothing (tests, batch callers).
inline Progress& no_progress() {
  static Progress silent;
  return silent;
}

// Asked for by the caller (Ctrl-C, a cancelled job), honoured by the use case at its next safe
// point: between files, between chunks of an image. A cancelled use case returns an error of code
// kCancelled and leaves nothing that looks finished. Safe to request from a signal handler.
class CancelToken {
 public:
  void request() noexcept { requested_.store(true, std::memory_order_relaxed); }
  bool requested() const noexcept { return requested_.load(std::memory_order_relaxed); }
  // For engine functions that take a plain flag (libburn's burn loop, the ISO writer).
  const std::atomic<bool>* flag() const noexcept { return &requested_; }

 private:
  std::atomic<bool> requested_{false};
};

}  // namespace discus::app
