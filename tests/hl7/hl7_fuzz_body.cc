#include "hl7_fuzz_body.h"

#include "net/hl7/message.h"
#include "net/hl7/mllp.h"
#include "net/hl7/pdq.h"

namespace discus::fuzz {

std::optional<std::string> run_hl7_body(base::ByteView data) {
  namespace hl7 = net::hl7;
  const std::string text(base::as_chars(data));
  // The bytes as a stream of MLLP frames, and as one message.
  hl7::Deframer d(1 << 16);
  (void)d.feed(data);
  while (auto m = d.next()) (void)hl7::parse_response(*m, "C");
  (void)hl7::parse_response(text, "C");
  const hl7::Delimiters plain;
  if (hl7::unescape(hl7::escape(text, plain), plain) != text) return "unescape(escape(x)) != x";
  auto m = hl7::parse(text);
  if (!m) return std::nullopt;
  for (const hl7::Segment& s : m->segments)
    for (const std::string& f : s.fields) (void)hl7::unescape(f, m->delimiters);
  auto again = hl7::parse(hl7::encode(*m));
  if (!again) return "a parsed message, encoded, does not parse: " + again.error().message;
  if (again->segments.size() != m->segments.size()) return "encode/parse changed the number of segments";
  for (std::size_t i = 0; i < m->segments.size(); ++i)
    if (again->segments[i].fields != m->segments[i].fields) return "encode/parse changed segment " + m->segments[i].id;
  return std::nullopt;
}

}  // namespace discus::fuzz
