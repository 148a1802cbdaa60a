// discus::net::services — the Storage SCU (PS3.4 B.2.1): files out to a peer, a per-file outcome.
//
// Headers are read first (stop before pixels). Each file's SOP class is proposed in the file's own
// transfer syntax and, separately, in Explicit/Implicit VR Little Endian as a fallback, so a peer
// that refuses the file's syntax still takes the instance, transcoded by our codecs. A file in an
// accepted syntax is streamed from its data set's first byte (never loaded); a transcoded one is
// built in memory. More than 128 contexts split the files over several associations. A broken
// association is reopened for the files left, up to `retries` times.
//
//   SendOptions o;  o.scu.peer = peer;  o.codecs = &registry;
//   SendResult r = send_files({"study/"}, o, [](const FileOutcome& f) { print(f); });
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "codec/codec.h"
#include "net/services/scu.h"

namespace discus::net::services {

struct FileOutcome;

struct SendOptions {
  ScuOptions scu;
  int retries = 2;
  std::chrono::milliseconds retry_delay{500};
  const codec::CodecRegistry* codecs = nullptr;  // null: no transcoding fallback
  // Called just before each file's C-STORE-RQ goes out (import's ledger records the attempt, so
  // an interrupted import knows which single instance may be in doubt).
  std::function<void(const FileOutcome&)> before_send;
};

struct FileOutcome {
  std::string path;
  std::string sop_class_uid, sop_instance_uid;
  std::string transfer_syntax;  // as sent
  bool transcoded = false;
  std::optional<std::uint16_t> status;  // the C-STORE-RSP status, when one came
  std::string error;                    // why it failed, when it did
  bool ok() const;                      // success or warning
};

struct SendResult {
  std::vector<FileOutcome> files;
  std::optional<ul::AssociateRj> rejected;  // the peer refused the association
  std::string association_error;            // could not connect / lost the association for good
  std::size_t failed() const;
};

// `inputs` are files and folders (searched recursively, sorted).
SendResult send_files(const std::vector<std::string>& inputs, const SendOptions& options,
                      const std::function<void(const FileOutcome&)>& on_file = {});

}  // namespace discus::net::services
