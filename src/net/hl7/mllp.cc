#include "net/hl7/mllp.h"

#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>

#include <fmt/format.h>

#include "net/ul/transport.h"

namespace discus::net::hl7 {
namespace {

using base::Error;
using base::ErrorCode;

}  // namespace

base::Bytes frame(std::string_view message) {
  base::Bytes out;
  out.reserve(message.size() + 3);
  out.push_back(kStartBlock);
  out.insert(out.end(), message.begin(), message.end());
  out.push_back(kEndBlock);
  out.push_back(kCarriageReturn);
  return out;
}

base::Status Deframer::feed(base::ByteView bytes) {
  for (std::uint8_t b : bytes) {
    switch (state_) {
      case State::kBroken:
        return Error{ErrorCode::kBadStructure, "MLLP stream already broken"};
      case State::kOutside:
        if (b == kStartBlock) {
          state_ = State::kInside;
          current_.clear();
        } else if (b != '\r' && b != '\n') {
          state_ = State::kBroken;
          return Error{ErrorCode::kBadStructure, fmt::format("byte {:#04x} outside an MLLP frame (expected 0x0b)", b)};
        }
        break;
      case State::kInside:
        if (b == kEndBlock) {
          state_ = State::kAfterEnd;
        } else if (b == kStartBlock) {
          state_ = State::kBroken;
          return Error{ErrorCode::kBadStructure, "an MLLP start block (0x0b) inside a frame"};
        } else {
          if (current_.size() >= max_) {
            state_ = State::kBroken;
            return Error{ErrorCode::kLimitExceeded, fmt::format("an MLLP frame above {} bytes", max_)};
          }
          current_.push_back(static_cast<char>(b));
        }
        break;
      case State::kAfterEnd:
        if (b != kCarriageReturn) {
          state_ = State::kBroken;
          return Error{ErrorCode::kBadStructure, fmt::format("MLLP end block followed by {:#04x}, not 0x0d", b)};
        }
        done_.push_back(std::move(current_));
        current_.clear();
        state_ = State::kOutside;
        break;
    }
  }
  return {};
}

std::optional<std::string> Deframer::next() {
  if (done_.empty()) return std::nullopt;
  std::string m = std::move(done_.front());
  done_.pop_front();
  return m;
}

base::Result<Endpoint> parse_endpoint(const std::string& text) {
  const auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) return Error{ErrorCode::kInvalidArgument, fmt::format("'{}' is not HOST:PORT", text)};
  Endpoint e;
  e.host = text.substr(0, colon);
  if (e.host.size() > 2 && e.host.front() == '[' && e.host.back() == ']') e.host = e.host.substr(1, e.host.size() - 2);
  const std::string port = text.substr(colon + 1);
  unsigned value = 0;
  auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (ec != std::errc() || ptr != port.data() + port.size() || value == 0 || value > 65535)
    return Error{ErrorCode::kInvalidArgument, fmt::format("'{}' is not a port number", port)};
  e.port = static_cast<std::uint16_t>(value);
  return e;
}

base::Result<std::string> exchange(const Endpoint& peer, std::string_view message, const ExchangeOptions& o) {
  DISCUS_TRY(std::unique_ptr<ul::TcpTransport> t, ul::connect_tcp(peer.host, peer.port, o.connect));
  const ul::Deadline deadline = ul::deadline_in(o.response);
  const base::Bytes wire = frame(message);
  if (auto st = t->write_all(wire, deadline); !st) {
    Error e = std::move(st).error();
    e.message = fmt::format("sending to the HL7 peer {}:{}: {}", peer.host, peer.port, e.message);
    return e;
  }
  // One frame is read: the socket is read in pieces as they come (a response is small; a peer
  // that trickles it or never ends it meets the deadline).
  Deframer d(o.max_response_bytes);
  std::uint8_t buf[8192];
  for (;;) {
    if (auto answer = d.next()) {
      t->close();
      return std::move(*answer);
    }
    if (auto st = t->wait(true, deadline); !st) {
      return Error{ErrorCode::kIo, fmt::format("no complete answer from the HL7 peer {}:{} within {} ms ({})", peer.host, peer.port,
                                               o.response.count(), st.error().message)};
    }
    const ssize_t n = ::read(t->fd(), buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) continue;
      return Error{ErrorCode::kIo, fmt::format("reading from the HL7 peer {}:{}: {}", peer.host, peer.port, std::strerror(errno))};
    }
    if (n == 0)
      return Error{ErrorCode::kIo, fmt::format("the HL7 peer {}:{} closed the connection {}", peer.host, peer.port,
                                               d.in_frame() ? "in the middle of its answer" : "without answering")};
    DISCUS_CHECK(d.feed(base::ByteView(buf, static_cast<std::size_t>(n))));
  }
}

}  // namespace discus::net::hl7
