// discus::net::dimse — DIMSE messages over P-DATA: fragmentation into PDVs and reassembly
// (PS3.7 6.3.1, PS3.8 9.3.5, Annex E). Command fragments are gathered (at most
// kMaxCommandLength); data set fragments are handed on as they arrive, never gathered, so a
// Storage SCP can stream a 2 GB data set to disk.
//
//   MemorySource ds(bytes);  DISCUS_CHECK(send_message(assoc, pc, peer_max, c_store_rq(...), &ds));
//   MessageReceiver r;  for (;;) { ...  DISCUS_CHECK(r.feed(std::get<PDataTf>(in), handler)); }
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "base/bytes.h"
#include "base/result.h"
#include "net/dimse/command.h"
#include "net/ul/association.h"

namespace discus::net::dimse {

// A data set to send, read in pieces (a file region, or bytes in memory).
class DataSource {
 public:
  virtual ~DataSource() = default;
  // Fills up to buf.size() bytes; 0 at the end.
  virtual base::Result<std::size_t> read(std::span<std::uint8_t> buf) = 0;
};

class MemorySource final : public DataSource {
 public:
  explicit MemorySource(base::ByteView bytes) : b_(bytes) {}
  base::Result<std::size_t> read(std::span<std::uint8_t> buf) override;

 private:
  base::ByteView b_;
  std::size_t pos_ = 0;
};

// Bytes [offset, end of file) of a file, read with pread in large pieces.
class FileSource final : public DataSource {
 public:
  static base::Result<FileSource> open(const std::string& path, std::uint64_t offset);
  FileSource(FileSource&& o) noexcept : fd_(o.fd_), pos_(o.pos_), path_(std::move(o.path_)) { o.fd_ = -1; }
  ~FileSource() override;
  base::Result<std::size_t> read(std::span<std::uint8_t> buf) override;

 private:
  FileSource(int fd, std::uint64_t pos, std::string path) : fd_(fd), pos_(pos), path_(std::move(path)) {}
  int fd_;
  std::uint64_t pos_;
  std::string path_;
};

// The largest PDV fragment a P-DATA-TF to a peer announcing `peer_max_pdu` (0: unlimited) may carry.
std::uint32_t max_fragment(std::uint32_t peer_max_pdu);

// Sends the command, then the data set (when `data` is given), fragmented for the peer.
base::Status send_message(ul::Association& assoc, std::uint8_t context_id, std::uint32_t peer_max_pdu, const Command& command,
                          DataSource* data = nullptr);

// Reassembles messages from P-DATA-TF PDUs (PS3.8 Annex E: a command then its data set on the
// same presentation context, never interleaved).
class MessageReceiver {
 public:
  class Handler {
   public:
    virtual ~Handler() = default;
    // A command set is complete. Its data set (if any) follows through on_data.
    virtual base::Status on_command(std::uint8_t context_id, const Command& command) = 0;
    // One data set fragment, in order.
    virtual base::Status on_data(base::ByteView fragment) = 0;
    // The message is complete (the command had no data set, or its last fragment arrived).
    virtual base::Status on_message(std::uint8_t context_id, const Command& command) = 0;
  };
  base::Status feed(const ul::PDataTf& pdata, Handler& handler);
  bool idle() const { return phase_ == Phase::kIdle; }

 private:
  enum class Phase { kIdle, kCommand, kData };
  Phase phase_ = Phase::kIdle;
  std::uint8_t context_id_ = 0;
  base::Bytes command_bytes_;
  Command command_;
};

// For an SCU awaiting a response without a data set: reads PDUs until one command message is
// complete. A data set, a release or an abort instead is an error.
base::Result<std::pair<std::uint8_t, Command>> receive_command(ul::Association& assoc);

}  // namespace discus::net::dimse
