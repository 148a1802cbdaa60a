// discus::net::hl7 — HL7 v2.x messages as values (HL7 v2.5 Chapter 2: 2.5 message construction
// rules, 2.7 escape sequences), parsed from and encoded to the ER7 ("pipe and hat") text form.
//
// A message is its segments; a segment is its fields, kept in their escaped wire form so that
// splitting into repetitions (~), components (^) and subcomponents (&) never sees a delimiter that
// was data. unescape() turns a leaf value into text (\F\ \S\ \T\ \R\ \E\ and \Xhh..\). The
// delimiters are the message's own (MSH-1, MSH-2). Input is hostile: sizes are capped, a missing
// or malformed MSH is an error, never undefined behaviour.
//   DISCUS_TRY(Message m, parse(text));   auto pid = m.segments_named("PID");
//   std::string family = unescape(component(repetition(field(*pid[0], 5), 0), 1), m.delimiters);
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace discus::net::hl7 {

// HL7 v2.5 2.5.4: MSH-1 and MSH-2 name them; these are the recommended values.
struct Delimiters {
  char field = '|', component = '^', repetition = '~', escape = '\\', subcomponent = '&';
};

struct Segment {
  std::string id;                   // "MSH", "PID", ...
  std::vector<std::string> fields;  // fields[n] is field n (escaped); fields[0] is the id.
                                    // For MSH, fields[1] is the field separator, fields[2] MSH-2.
};

struct Message {
  Delimiters delimiters;
  std::vector<Segment> segments;

  std::vector<const Segment*> segments_named(std::string_view id) const;
  const Segment* first(std::string_view id) const;
};

struct ParseLimits {
  std::size_t max_bytes = 4u << 20;
  std::size_t max_segments = 20000;
  std::size_t max_fields = 1000;  // per segment
};

// Segments end at CR (HL7 2.5.3); LF and CR LF are accepted too (files and badly configured
// senders). An empty line is skipped.
base::Result<Message> parse(std::string_view text, const ParseLimits& limits = {});
// Segments joined by CR, no trailing framing.
std::string encode(const Message& message);

// Field n of a segment ("" when absent).
std::string_view field(const Segment& s, std::size_t n);
// Part k (0-based) of a value split at `sep` ("" when absent).
std::string_view part(std::string_view value, char sep, std::size_t k);
std::vector<std::string_view> split(std::string_view value, char sep);
// Shorthands with the message's delimiters: repetition k (0-based), component and subcomponent
// n (1-based as HL7 numbers them).
std::string_view repetition(std::string_view field_value, std::size_t k, const Delimiters& d);
std::string_view component(std::string_view value, std::size_t n, const Delimiters& d);
std::string_view subcomponent(std::string_view value, std::size_t n, const Delimiters& d);

// HL7 v2.5 2.7: \F\ \S\ \T\ \R\ \E\ become the delimiters; \Xhhhh\ the bytes; \H\ \N\ (highlight)
// are dropped; any other or unterminated sequence is kept as it was written.
std::string unescape(std::string_view value, const Delimiters& d);
// The reverse for data: every delimiter in `text` becomes its escape sequence; CR and LF (which
// would end a segment) become \X0D\ and \X0A\.
std::string escape(std::string_view text, const Delimiters& d);

}  // namespace discus::net::hl7
