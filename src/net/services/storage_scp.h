// discus::net::services — the Storage SCP's receiving side (PS3.4 B.2.2): one instance at a time,
// streamed from P-DATA fragments into a temporary file in the output folder, never held in memory.
//
// The temporary file gets the preamble and a File Meta Information built from the C-STORE-RQ
// (SOP class and instance, the presentation context's transfer syntax, the calling AE title as
// Source AE), then the data set bytes exactly as received (bit-preserving). At the end it is
// fsynced (when configured), its header read back (the data set must parse and carry the
// instance UID the command named) and renamed to DIR/<Study Instance UID>/<SOP Instance UID>.dcm;
// only then is success answered. Duplicates follow DuplicatePolicy.
//
//   StorageReceiver r(options, "MODALITY");  r.begin(rq, ts_uid);  r.write(fragment) ...;
//   StoreOutcome o = r.finish();   // o.status is the C-STORE-RSP status
#pragma once

#include <cstdint>
#include <string>

#include "base/bytes.h"
#include "base/result.h"
#include "net/dimse/command.h"

namespace discus::net::services {

enum class DuplicatePolicy { kReplace, kKeep, kReject };

struct StorageOptions {
  std::string out_dir;
  bool fsync = true;
  DuplicatePolicy duplicates = DuplicatePolicy::kReplace;
  std::uint64_t max_instance_bytes = 0;  // 0: unlimited; above it the instance is refused (A700H)
};

struct StoreOutcome {
  std::uint16_t status = 0;
  std::string comment;  // ErrorComment for a failure
  std::string path;     // where it was stored
  std::uint64_t bytes = 0;
};

// Removes temporary files a killed SCP left in `out_dir` (crash-only); returns how many.
std::size_t sweep_incoming(const std::string& out_dir);
// PS3.5 9.1: a UID is 1-64 characters of digits and dots (so also a safe file name).
bool valid_uid(std::string_view uid);

class StorageReceiver {
 public:
  StorageReceiver(const StorageOptions& options, std::string calling_ae_title);
  ~StorageReceiver();
  StorageReceiver(const StorageReceiver&) = delete;
  StorageReceiver& operator=(const StorageReceiver&) = delete;

  // Starts an instance; a failure here is answered after the data set has been drained.
  void begin(const dimse::Command& rq, const std::string& transfer_syntax_uid);
  void write(base::ByteView fragment);
  StoreOutcome finish();
  // Drops the instance in progress (association aborted).
  void discard();

 private:
  base::Status flush();
  void fail(std::uint16_t status, std::string comment);

  const StorageOptions& options_;
  std::string calling_ae_;
  dimse::Command rq_;
  int fd_ = -1;
  std::string temp_;
  base::Bytes buf_;
  std::uint64_t bytes_ = 0;
  std::uint16_t status_ = 0;
  std::string comment_;
};

}  // namespace discus::net::services
