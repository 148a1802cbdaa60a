// discus::net::hl7 — the Minimal Lower Layer Protocol (HL7 v2.5 Implementation Guide, Appendix C
// "MLLP"; IHE ITI TF-2 Appendix C): a message travels as 0x0B <message> 0x1C 0x0D over TCP.
//
// Framing and deframing are pure (fuzzable); exchange() is the I/O: connect, send one framed
// request, read one framed answer, every step under a deadline, the answer capped in size.
//   base::Bytes wire = frame(text);
//   Deframer d(1 << 20);  DISCUS_CHECK(d.feed(bytes));  if (auto m = d.next()) use(*m);
//   DISCUS_TRY(std::string answer, exchange({"pdq.example", 3600}, request_text, {}));
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <string_view>

#include "base/bytes.h"
#include "base/result.h"

namespace discus::net::hl7 {

inline constexpr std::uint8_t kStartBlock = 0x0B;  // <VT>
inline constexpr std::uint8_t kEndBlock = 0x1C;    // <FS>
inline constexpr std::uint8_t kCarriageReturn = 0x0D;

base::Bytes frame(std::string_view message);

// Bytes in, whole messages out. Between frames only CR and LF are tolerated (some senders end a
// frame with CR LF); anything else outside a frame, a start block inside a frame, an end block
// not followed by CR, or a frame above the limit is an error, after which the stream is unusable.
class Deframer {
 public:
  explicit Deframer(std::size_t max_message_bytes) : max_(max_message_bytes) {}
  base::Status feed(base::ByteView bytes);
  std::optional<std::string> next();  // the oldest complete message
  bool in_frame() const { return state_ != State::kOutside; }

 private:
  enum class State { kOutside, kInside, kAfterEnd, kBroken };
  State state_ = State::kOutside;
  std::size_t max_;
  std::string current_;
  std::deque<std::string> done_;
};

struct Endpoint {
  std::string host;
  std::uint16_t port = 0;
};
// "HOST:PORT" ("[v6]:PORT" for IPv6).
base::Result<Endpoint> parse_endpoint(const std::string& text);

struct ExchangeOptions {
  std::chrono::milliseconds connect{10'000};
  std::chrono::milliseconds response{30'000};  // the whole answer must arrive within this
  std::size_t max_response_bytes = 4u << 20;
};

// One request, one response, on a fresh connection (closed afterwards).
base::Result<std::string> exchange(const Endpoint& peer, std::string_view message, const ExchangeOptions& options);

}  // namespace discus::net::hl7
