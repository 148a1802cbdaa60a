#include "net/dimse/message.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace discus::net::dimse {
namespace {

using base::Error;
using base::ErrorCode;
using base::Status;

// Our own cap when the peer announces no maximum: large PDUs, few syscalls.
constexpr std::uint32_t kUnlimitedFragment = 1u << 20;
Error protocol(std::string what) { return Error{ErrorCode::kBadStructure, std::move(what)}; }

}  // namespace

base::Result<std::size_t> MemorySource::read(std::span<std::uint8_t> buf) {
  const std::size_t n = std::min(buf.size(), b_.size() - pos_);
  std::copy_n(b_.begin() + static_cast<std::ptrdiff_t>(pos_), n, buf.begin());
  pos_ += n;
  return n;
}

base::Result<FileSource> FileSource::open(const std::string& path, std::uint64_t offset) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Error{ErrorCode::kIo, fmt::format("cannot open: {}", std::strerror(errno))}.in_file(path);
  posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  return FileSource(fd, offset, path);
}

FileSource::~FileSource() {
  if (fd_ >= 0) ::close(fd_);
}

base::Result<std::size_t> FileSource::read(std::span<std::uint8_t> buf) {
  for (;;) {
    const ssize_t n = ::pread(fd_, buf.data(), buf.size(), static_cast<off_t>(pos_));
    if (n >= 0) {
      pos_ += static_cast<std::uint64_t>(n);
      return static_cast<std::size_t>(n);
    }
    if (errno != EINTR) return Error{ErrorCode::kIo, fmt::format("read: {}", std::strerror(errno))}.in_file(path_);
  }
}

std::uint32_t max_fragment(std::uint32_t peer_max_pdu) {
  if (peer_max_pdu == 0) return kUnlimitedFragment;
  // PDU-length = 6 (PDV item length + PC-ID + control) + fragment (PS3.8 9.3.5).
  const std::uint32_t f = peer_max_pdu > ul::kPdvHeaderLength ? peer_max_pdu - static_cast<std::uint32_t>(ul::kPdvHeaderLength) : 1;
  // Even, as PS3.5 7.1 values are; DCMTK refuses odd data set fragments.
  return std::max<std::uint32_t>(std::min(f, kUnlimitedFragment) & ~1u, 2);
}

Status send_message(ul::Association& assoc, std::uint8_t pc, std::uint32_t peer_max_pdu, const Command& command,
                    DataSource* data) {
  const std::uint32_t frag = max_fragment(peer_max_pdu);
  const base::Bytes cmd = encode_command(command);
  for (std::size_t at = 0; at < cmd.size(); at += frag) {
    const std::size_t n = std::min<std::size_t>(frag, cmd.size() - at);
    const bool last = at + n == cmd.size();
    DISCUS_CHECK(assoc.send_p_data(pc, last ? 0x03 : 0x01, base::ByteView(cmd).subspan(at, n)));
  }
  if (data == nullptr) return {};
  // Read one fragment ahead, so the last one is known to be last when it is sent.
  base::Bytes a(frag), b(frag);
  DISCUS_TRY(std::size_t have, data->read(a));
  for (;;) {
    // Fill `a` completely (a source may return short reads).
    while (have < a.size()) {
      DISCUS_TRY(std::size_t more, data->read(std::span<std::uint8_t>(a).subspan(have)));
      if (more == 0) break;
      have += more;
    }
    std::size_t next = 0;
    if (have == a.size()) {
      DISCUS_TRY(next, data->read(b));
    }
    const bool last = next == 0;
    // PS3.5 A.5: a deflated stream of odd length ends with one 00H pad byte; any odd data set is
    // so padded (DCMTK refuses odd fragments). `a` has room: its capacity is even.
    if (last && have % 2 != 0 && have < a.size()) a[have++] = 0;
    DISCUS_CHECK(assoc.send_p_data(pc, last ? 0x02 : 0x00, base::ByteView(a.data(), have)));
    if (last) return {};
    std::swap(a, b);
    have = next;
  }
}

Status MessageReceiver::feed(const ul::PDataTf& pdata, Handler& handler) {
  for (const ul::Pdv& pdv : pdata.pdvs) {
    if (pdv.is_command()) {
      if (phase_ == Phase::kData) return protocol("command fragment while a data set was expected");
      if (phase_ == Phase::kCommand && pdv.context_id != context_id_)
        return protocol(fmt::format("command fragments on presentation contexts {} and {}", context_id_, pdv.context_id));
      if (phase_ == Phase::kIdle) {
        phase_ = Phase::kCommand;
        context_id_ = pdv.context_id;
        command_bytes_.clear();
      }
      if (pdv.data.size() > kMaxCommandLength - command_bytes_.size())
        return Error{ErrorCode::kLimitExceeded, fmt::format("command set longer than {} bytes", kMaxCommandLength)};
      command_bytes_.insert(command_bytes_.end(), pdv.data.begin(), pdv.data.end());
      if (!pdv.is_last()) continue;
      DISCUS_TRY(command_, decode_command(command_bytes_));
      DISCUS_CHECK(handler.on_command(context_id_, command_));
      if (command_.has_data_set()) {
        phase_ = Phase::kData;
      } else {
        phase_ = Phase::kIdle;
        DISCUS_CHECK(handler.on_message(context_id_, command_));
      }
      continue;
    }
    if (phase_ != Phase::kData) return protocol("data set fragment without a command announcing it");
    if (pdv.context_id != context_id_)
      return protocol(fmt::format("data set on presentation context {} after a command on {}", pdv.context_id, context_id_));
    DISCUS_CHECK(handler.on_data(pdv.data));
    if (pdv.is_last()) {
      phase_ = Phase::kIdle;
      DISCUS_CHECK(handler.on_message(context_id_, command_));
    }
  }
  return {};
}

namespace {
class CommandOnly final : public MessageReceiver::Handler {
 public:
  Status on_command(std::uint8_t, const Command&) override { return {}; }
  Status on_data(base::ByteView) override { return protocol("unexpected data set in a response"); }
  Status on_message(std::uint8_t pc, const Command& c) override {
    done = true;
    pc_ = pc;
    command = c;
    return {};
  }
  bool done = false;
  std::uint8_t pc_ = 0;
  Command command;
};
}  // namespace

base::Result<std::pair<std::uint8_t, Command>> receive_command(ul::Association& assoc) {
  MessageReceiver r;
  CommandOnly h;
  while (!h.done) {
    DISCUS_TRY(ul::Incoming in, assoc.receive());
    if (auto* p = std::get_if<ul::PDataTf>(&in)) {
      if (auto st = r.feed(*p, h); !st) {
        assoc.abort(ul::AbortSource::kServiceUser, 0);
        return std::move(st).error();
      }
      continue;
    }
    if (std::holds_alternative<ul::Aborted>(in)) return Error{ErrorCode::kIo, "association aborted by the peer"};
    if (std::holds_alternative<ul::ReleaseRequested>(in)) {
      assoc.answer_release();
      return Error{ErrorCode::kIo, "the peer released the association before answering"};
    }
    return Error{ErrorCode::kIo, "association ended before the response"};
  }
  return std::make_pair(h.pc_, std::move(h.command));
}

}  // namespace discus::net::dimse
