#include "net/hl7/pdq.h"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <ctime>

#include <fmt/format.h>

#include "net/hl7/message.h"

namespace discus::net::hl7 {
namespace {

using base::Error;
using base::ErrorCode;

enum class Charset { kAsciiOrUtf8, kLatin1 };

std::string latin1_to_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x80) {
      out.push_back(c);
    } else {
      out.push_back(static_cast<char>(0xC0 | (u >> 6)));
      out.push_back(static_cast<char>(0x80 | (u & 0x3F)));
    }
  }
  return out;
}

struct Reader {
  const Delimiters& d;
  Charset cs;
  std::string text(std::string_view escaped) const {
    std::string t = unescape(escaped, d);
    return cs == Charset::kLatin1 ? latin1_to_utf8(t) : t;
  }
};

bool has_non_ascii(const PdqQuery& q) {
  for (const std::string* s : {&q.family, &q.given, &q.patient_id, &q.assigning_authority})
    for (char c : *s)
      if (static_cast<unsigned char>(c) >= 0x80) return true;
  return false;
}

std::string now_dtm() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  return fmt::format("{:04}{:02}{:02}{:02}{:02}{:02}+0000", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

std::string new_control_id() {
  static std::atomic<unsigned> counter{0};
  return fmt::format("DISCUS{}{}{}", ::getpid(), std::time(nullptr) % 100000, ++counter);
}

PdqPatient read_pid(const Segment& pid, const Reader& r) {
  const Delimiters& d = r.d;
  PdqPatient p;
  for (std::string_view cx : split(field(pid, 3), d.repetition)) {
    PatientIdentifier id;
    id.id = r.text(component(cx, 1, d));
    const std::string_view hd = component(cx, 4, d);
    id.authority = r.text(subcomponent(hd, 1, d));
    id.universal_id = r.text(subcomponent(hd, 2, d));
    id.universal_id_type = r.text(subcomponent(hd, 3, d));
    id.type_code = r.text(component(cx, 5, d));
    if (!id.id.empty()) p.identifiers.push_back(std::move(id));
  }
  // PID-5 (XPN, repeating): the legal name (XPN-7 "L") when one is marked, else the first.
  const auto names = split(field(pid, 5), d.repetition);
  std::string_view name = names.empty() ? std::string_view() : names.front();
  for (std::string_view n : names)
    if (component(n, 7, d) == "L") {
      name = n;
      break;
    }
  // XPN-1 is FN: its first subcomponent is the surname (HL7 v2.5 2.A.30).
  p.family = r.text(subcomponent(component(name, 1, d), 1, d));
  p.given = r.text(component(name, 2, d));
  p.middle = r.text(component(name, 3, d));
  p.suffix = r.text(component(name, 4, d));
  p.prefix = r.text(component(name, 5, d));
  // PID-7 DTM (v2.5 TS: its first component): YYYY[MM[DD[...]]]: only a full date is a date.
  std::string birth = r.text(component(field(pid, 7), 1, d));
  p.birth_date = birth.size() >= 8 ? birth.substr(0, 8) : std::string();
  p.sex = r.text(component(field(pid, 8), 1, d));
  return p;
}

std::string error_text(const Message& m, const Reader& r) {
  const Delimiters& d = m.delimiters;
  std::string out;
  auto add = [&](std::string s) {
    if (s.empty() || out.find(s) != std::string::npos) return;
    out += (out.empty() ? "" : "; ") + s;
  };
  if (const Segment* msa = m.first("MSA")) add(r.text(field(*msa, 3)));
  for (const Segment* err : m.segments_named("ERR")) {
    add(r.text(field(*err, 8)));                    // v2.5 ERR-8 User Message
    add(r.text(component(field(*err, 3), 2, d)));   // ERR-3 HL7 Error Code, its text
    const std::string_view eld = field(*err, 1);    // v2.4 ERR-1 ELD: ...^code&text
    add(r.text(subcomponent(component(eld, 4, d), 2, d)));
    if (std::string code(component(field(*err, 3), 1, d)); !code.empty()) add("HL7 error " + r.text(code));
  }
  return out;
}

}  // namespace

std::string PdqPatient::dicom_name() const {
  // A component may not carry PN's own delimiters (PS3.5 6.2: ^ = \) nor control characters:
  // an escaped "\S\" in an HL7 name is data there, a component split here.
  auto clean = [](std::string s) {
    for (char& c : s)
      if (c == '^' || c == '=' || c == '\\' || static_cast<unsigned char>(c) < 0x20) c = ' ';
    return s;
  };
  std::string pn = clean(family) + "^" + clean(given) + "^" + clean(middle) + "^" + clean(prefix) + "^" + clean(suffix);
  while (!pn.empty() && pn.back() == '^') pn.pop_back();
  return pn;
}

std::string build_query(const PdqQuery& q, const PdqOptions& o, std::string_view control_id, std::string_view query_tag,
                        std::string_view now) {
  const Delimiters d;
  auto e = [&](std::string_view s) { return escape(s, d); };
  Message m;
  // HL7 v2.5 2.14.9 MSH; IHE ITI TF-2a 3.21.4.1.2: QBP^Q22^QBP_Q21, version 2.5.
  Segment msh{"MSH", {"MSH", "|", "^~\\&", e(o.sending_application), e(o.sending_facility), e(o.receiving_application),
                      e(o.receiving_facility), std::string(now), "", "QBP^Q22^QBP_Q21", e(control_id), "P", "2.5"}};
  if (has_non_ascii(q)) {
    msh.fields.resize(19);
    msh.fields[18] = "UNICODE UTF-8";  // MSH-18; ASCII is the default when it is empty
  }
  m.segments.push_back(std::move(msh));
  // QPD-3: one repetition per parameter, "@<field path>^<value>" (ITI TF-2a 3.21.4.1.2.2).
  std::string params;
  auto param = [&](std::string_view path, const std::string& value) {
    if (value.empty()) return;
    if (!params.empty()) params.push_back(d.repetition);
    params += std::string(path) + d.component + e(value);
  };
  param("@PID.3.1", q.patient_id);
  param("@PID.3.4.1", q.assigning_authority);
  param("@PID.5.1.1", q.family);
  param("@PID.5.2", q.given);
  param("@PID.7", q.birth_date);
  param("@PID.8", q.sex);
  Segment qpd{"QPD", {"QPD", "IHE PDQ Query", e(query_tag), params}};
  if (!q.what_domains_returned.empty()) {
    qpd.fields.resize(9);
    qpd.fields[8] = "^^^" + e(q.what_domains_returned);  // QPD-8 What Domains Returned (CX.4)
  }
  m.segments.push_back(std::move(qpd));
  // RCP-1 I (immediate), RCP-2 quantity limit in records.
  m.segments.push_back(Segment{"RCP", {"RCP", "I", fmt::format("{}^RD", o.quantity_limit)}});
  return encode(m);
}

base::Result<PdqResponse> parse_response(std::string_view text, std::string_view control_id) {
  DISCUS_TRY(Message m, parse(text));
  const Delimiters& d = m.delimiters;
  const Segment& msh = m.segments.front();
  const std::string_view type = component(field(msh, 9), 1, d);
  if (type != "RSP" && type != "ACK")
    return Error{ErrorCode::kBadStructure, fmt::format("the PDQ supplier answered with a {} message, not RSP^K22", std::string(field(msh, 9)))};
  const std::string_view charset = field(msh, 18);
  Charset cs = Charset::kAsciiOrUtf8;
  if (charset == "8859/1") cs = Charset::kLatin1;
  else if (!charset.empty() && charset != "ASCII" && charset != "UNICODE UTF-8")
    return Error{ErrorCode::kUnsupported, fmt::format("the PDQ answer is in character set {} (MSH-18): only ASCII, 8859/1 and UTF-8 are read", std::string(charset))};
  const Reader r{d, cs};
  const Segment* msa = m.first("MSA");
  if (msa == nullptr) return Error{ErrorCode::kBadStructure, "the PDQ answer has no MSA segment"};
  PdqResponse out;
  out.acknowledgment_code = r.text(field(*msa, 1));
  if (const std::string echoed = r.text(field(*msa, 2)); echoed != control_id)
    return Error{ErrorCode::kBadStructure, fmt::format("the PDQ answer acknowledges message {}, not ours ({})", echoed, control_id)};
  if (const Segment* qak = m.first("QAK")) out.query_status = r.text(field(*qak, 2));
  out.text = error_text(m, r);
  const std::string& ack = out.acknowledgment_code;
  if (ack != "AA" && ack != "CA")
    return Error{ErrorCode::kIo, fmt::format("the PDQ supplier refused the query ({}{}{})", ack.empty() ? "no MSA-1" : "MSA-1 " + ack,
                                             out.text.empty() ? "" : ": ", out.text)};
  if (out.query_status == "AE" || out.query_status == "AR")
    return Error{ErrorCode::kIo, fmt::format("the PDQ supplier could not run the query (QAK-2 {}{}{})", out.query_status,
                                             out.text.empty() ? "" : ": ", out.text)};
  if (type == "ACK") return Error{ErrorCode::kBadStructure, "the PDQ supplier accepted the query but sent no RSP^K22"};
  for (const Segment* pid : m.segments_named("PID")) out.patients.push_back(read_pid(*pid, r));
  out.more = m.first("DSC") != nullptr;
  return out;
}

base::Result<PdqResponse> query(const Endpoint& supplier, const PdqQuery& q, const PdqOptions& o) {
  const std::string control_id = new_control_id();
  const std::string request = build_query(q, o, control_id, control_id, now_dtm());
  auto answer = exchange(supplier, request, o.exchange);
  if (!answer) {
    Error e = std::move(answer).error();
    e.message = fmt::format("PDQ (ITI-21) to {}:{}: {}", supplier.host, supplier.port, e.message);
    return e;
  }
  auto parsed = parse_response(*answer, control_id);
  if (!parsed) {
    Error e = std::move(parsed).error();
    e.message = fmt::format("PDQ (ITI-21) to {}:{}: {}", supplier.host, supplier.port, e.message);
    return e;
  }
  return parsed;
}

}  // namespace discus::net::hl7
