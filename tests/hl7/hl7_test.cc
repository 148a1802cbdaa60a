// HL7 v2 messages, escapes, MLLP framing and the PDQ (ITI-21) Consumer's query and answer
// parsing (issue 17 item 3), including hostile answers; and PdqSource's mapping of a PID to a
// local identity. The corpus under tests/hl7/corpus replays as the Hl7FuzzCorpus suite.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "hl7_fuzz_body.h"
#include "import/pdq_source.h"
#include "net/hl7/message.h"
#include "net/hl7/mllp.h"
#include "net/hl7/pdq.h"

namespace discus::net::hl7 {
namespace {

std::string cr(std::string s) {
  for (char& c : s)
    if (c == '\n') c = '\r';
  return s;
}

TEST(Hl7Message, ParsesSegmentsFieldsAndMshNumbering) {
  auto m = parse(cr("MSH|^~\\&|SUP|FAC|DISCUS||20261207||RSP^K22^RSP_K21|42|P|2.5\nMSA|AA|Q1\nPID|||123^^^HOSP||DOE^JOHN||19700101|M\n"));
  ASSERT_TRUE(m) << m.error().message;
  ASSERT_EQ(m->segments.size(), 3u);
  const Segment& msh = m->segments[0];
  EXPECT_EQ(field(msh, 1), "|");
  EXPECT_EQ(field(msh, 2), "^~\\&");
  EXPECT_EQ(field(msh, 3), "SUP");
  EXPECT_EQ(field(msh, 9), "RSP^K22^RSP_K21");
  EXPECT_EQ(field(msh, 10), "42");
  EXPECT_EQ(field(msh, 40), "");
  const Segment* pid = m->first("PID");
  ASSERT_NE(pid, nullptr);
  EXPECT_EQ(component(field(*pid, 3), 4, m->delimiters), "HOSP");
  EXPECT_EQ(component(field(*pid, 5), 2, m->delimiters), "JOHN");
}

TEST(Hl7Message, EncodeThenParseIsIdentity) {
  const std::string text = cr("MSH|^~\\&|A|B|C|D|20261207||QBP^Q22^QBP_Q21|7|P|2.5\nQPD|IHE PDQ Query|7|@PID.5.1.1^DOE\nRCP|I|10^RD\n");
  auto m = parse(text);
  ASSERT_TRUE(m);
  EXPECT_EQ(encode(*m), text);
}

TEST(Hl7Message, OtherDelimitersAreHonoured) {
  auto m = parse(cr("MSH#$*!%#A#B\nPID###1$$$X%Y##DOE$JOHN\n"));
  ASSERT_TRUE(m) << m.error().message;
  const Delimiters& d = m->delimiters;
  EXPECT_EQ(d.field, '#');
  EXPECT_EQ(d.component, '$');
  EXPECT_EQ(d.repetition, '*');
  EXPECT_EQ(d.escape, '!');
  EXPECT_EQ(d.subcomponent, '%');
  const Segment* pid = m->first("PID");
  EXPECT_EQ(subcomponent(component(field(*pid, 3), 4, d), 2, d), "Y");
  EXPECT_EQ(component(field(*pid, 5), 1, d), "DOE");
}

TEST(Hl7Message, AcceptsLfAndCrLfSegmentEnds) {
  auto m = parse("MSH|^~\\&|A\r\nPID|1\n\nZZ1|x\r");
  ASSERT_TRUE(m) << m.error().message;
  EXPECT_EQ(m->segments.size(), 3u);
}

TEST(Hl7Message, RefusesHostileHeaders) {
  EXPECT_FALSE(parse(""));
  EXPECT_FALSE(parse("PID|1|2\r"));                     // no MSH
  EXPECT_FALSE(parse("MSH|^~\r"));                      // MSH-2 short
  EXPECT_FALSE(parse("MSH|^^\\&|A\r"));                 // two delimiters alike
  EXPECT_FALSE(parse("MSHA^~\\&A\r"));                  // a letter as separator
  EXPECT_FALSE(parse("MSH|^~\\&|A\rMSH|^~\\&|B\r"));    // two MSH
  EXPECT_FALSE(parse("MSH|^~\\&|A\rpid|1\r"));          // lower-case segment ID
  EXPECT_FALSE(parse("MSH|^~\\&|A\rPIDX|1\r"));         // four-letter segment ID
  EXPECT_FALSE(parse("MSH|^~\\&|A\r\x01ID|1\r"));         // a control character as segment ID
}

TEST(Hl7Message, LimitsAreErrors) {
  ParseLimits l;
  l.max_segments = 3;
  EXPECT_FALSE(parse("MSH|^~\\&|A\rPID|1\rPID|2\rPID|3\r", l));
  l = {};
  l.max_fields = 5;
  EXPECT_FALSE(parse("MSH|^~\\&|A\rPID|1|2|3|4|5|6|7\r", l));
  l = {};
  l.max_bytes = 10;
  auto r = parse("MSH|^~\\&|A|B|C\r", l);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, base::ErrorCode::kLimitExceeded);
}

TEST(Hl7Escape, EveryDelimiterRoundTrips) {
  const Delimiters d;
  const std::string data = "A|B^C~D\\E&F\rG\nH";
  const std::string e = escape(data, d);
  EXPECT_EQ(e, "A\\F\\B\\S\\C\\R\\D\\E\\E\\T\\F\\X0D\\G\\X0A\\H");
  EXPECT_EQ(unescape(e, d), data);
}

TEST(Hl7Escape, HexHighlightAndUnknownSequences) {
  const Delimiters d;
  EXPECT_EQ(unescape("M\\XC3BC\\LLER", d), "M\xC3\xBCLLER");
  EXPECT_EQ(unescape("\\H\\BOLD\\N\\", d), "BOLD");
  EXPECT_EQ(unescape("x\\.br\\y", d), "x\\.br\\y");    // formatting we do not interpret: kept
  EXPECT_EQ(unescape("a\\XZZ\\b", d), "a\\XZZ\\b");    // not hex: kept
  EXPECT_EQ(unescape("a\\X0\\b", d), "a\\X0\\b");      // odd digits: kept
  EXPECT_EQ(unescape("trail\\F", d), "trail\\F");      // unterminated: data
  EXPECT_EQ(unescape("\\", d), "\\");
  EXPECT_EQ(unescape("\\\\", d), "\\\\");              // empty sequence: kept
}

TEST(Mllp, FramesAndDeframesInAnySplit) {
  const base::Bytes wire = frame("MSH|^~\\&|A\r");
  ASSERT_EQ(wire.front(), kStartBlock);
  ASSERT_EQ(wire[wire.size() - 2], kEndBlock);
  ASSERT_EQ(wire.back(), kCarriageReturn);
  base::Bytes two = wire;
  two.push_back('\n');  // tolerated between frames
  two.insert(two.end(), wire.begin(), wire.end());
  for (std::size_t cut = 0; cut <= two.size(); ++cut) {
    Deframer d(1024);
    ASSERT_TRUE(d.feed(base::ByteView(two.data(), cut)));
    ASSERT_TRUE(d.feed(base::ByteView(two.data() + cut, two.size() - cut)));
    EXPECT_EQ(d.next().value_or(""), "MSH|^~\\&|A\r");
    EXPECT_EQ(d.next().value_or(""), "MSH|^~\\&|A\r");
    EXPECT_FALSE(d.next());
  }
}

TEST(Mllp, BrokenFramesAreErrors) {
  auto feed = [](std::string bytes, std::size_t limit = 1024) {
    Deframer d(limit);
    return d.feed(base::as_bytes(bytes));
  };
  EXPECT_FALSE(feed("MSH|^~\\&"));                      // no start block
  EXPECT_FALSE(feed("\x0bMSH\x0bMSH\x1c\r"));           // start inside a frame
  EXPECT_FALSE(feed("\x0bMSH\x1cX"));                   // end block without CR
  EXPECT_FALSE(feed("\x0b" + std::string(2000, 'A') + "\x1c\r"));  // above the limit
  Deframer d(16);
  EXPECT_FALSE(d.feed(base::as_bytes(std::string_view("junk"))));
  EXPECT_FALSE(d.feed(base::as_bytes(std::string_view("\x0b" "MSH\x1c\r"))));  // broken stays broken
  EXPECT_TRUE(feed("\x0bMSH"));  // incomplete is not an error, just not a message
}

TEST(Mllp, Endpoints) {
  auto e = parse_endpoint("pdq.example:3600");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->host, "pdq.example");
  EXPECT_EQ(e->port, 3600);
  auto v6 = parse_endpoint("[::1]:2575");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->host, "::1");
  EXPECT_FALSE(parse_endpoint("host"));
  EXPECT_FALSE(parse_endpoint("host:0"));
  EXPECT_FALSE(parse_endpoint("host:70000"));
  EXPECT_FALSE(parse_endpoint(":104"));
}

TEST(Pdq, QueryCarriesDemographicsInQpd3) {
  PdqQuery q;
  q.family = "O|BRIEN";
  q.birth_date = "19700101";
  q.what_domains_returned = "HOSP";
  PdqOptions o;
  o.receiving_application = "PDQSUP";
  o.receiving_facility = "HOSPFAC";
  const std::string text = build_query(q, o, "CTRL1", "TAG1", "20261207031500+0000");
  auto m = parse(text);
  ASSERT_TRUE(m) << m.error().message;
  const Segment& msh = m->segments[0];
  EXPECT_EQ(field(msh, 3), "DISCUS");
  EXPECT_EQ(field(msh, 5), "PDQSUP");
  EXPECT_EQ(field(msh, 6), "HOSPFAC");
  EXPECT_EQ(field(msh, 9), "QBP^Q22^QBP_Q21");
  EXPECT_EQ(field(msh, 10), "CTRL1");
  EXPECT_EQ(field(msh, 12), "2.5");
  EXPECT_EQ(field(msh, 18), "");  // ASCII query: the default character set
  const Segment* qpd = m->first("QPD");
  ASSERT_NE(qpd, nullptr);
  EXPECT_EQ(field(*qpd, 1), "IHE PDQ Query");
  EXPECT_EQ(field(*qpd, 2), "TAG1");
  EXPECT_EQ(field(*qpd, 3), "@PID.5.1.1^O\\F\\BRIEN~@PID.7^19700101");
  EXPECT_EQ(unescape(component(repetition(field(*qpd, 3), 0, m->delimiters), 2, m->delimiters), m->delimiters), "O|BRIEN");
  EXPECT_EQ(field(*qpd, 8), "^^^HOSP");
  EXPECT_EQ(field(*m->first("RCP"), 2), "50^RD");
}

TEST(Pdq, NonAsciiQueryDeclaresUtf8) {
  PdqQuery q;
  q.family = "M\xC3\xBCLLER";
  auto m = parse(build_query(q, {}, "C", "T", "20261207"));
  ASSERT_TRUE(m);
  EXPECT_EQ(field(m->segments[0], 18), "UNICODE UTF-8");
}

const char* kAnswer =
    "MSH|^~\\&|PDQSUP|HOSPFAC|DISCUS||20261207031501||RSP^K22^RSP_K21|S1|P|2.5\n"
    "MSA|AA|CTRL1\n"
    "QAK|CTRL1|OK\n"
    "QPD|IHE PDQ Query|CTRL1|@PID.5.1.1^ROE\n"
    "PID|1||OTHER9^^^ELSEWHERE~L-100^^^HOSP&1.2.3&ISO^MR||ROE^RICHARD^Q^JR^DR||19650304|M\n"
    "PID|2||L-200^^^HOSP||O\\S\\ROE^ANN~ROE^ANNIE^^^^^L||196612|F\n";

TEST(Pdq, ReadsPatientsFromRspK22) {
  auto r = parse_response(cr(kAnswer), "CTRL1");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->acknowledgment_code, "AA");
  EXPECT_EQ(r->query_status, "OK");
  ASSERT_EQ(r->patients.size(), 2u);
  const PdqPatient& a = r->patients[0];
  ASSERT_EQ(a.identifiers.size(), 2u);
  EXPECT_EQ(a.identifiers[1].id, "L-100");
  EXPECT_EQ(a.identifiers[1].authority, "HOSP");
  EXPECT_EQ(a.identifiers[1].universal_id, "1.2.3");
  EXPECT_EQ(a.identifiers[1].universal_id_type, "ISO");
  EXPECT_EQ(a.identifiers[1].type_code, "MR");
  EXPECT_EQ(a.dicom_name(), "ROE^RICHARD^Q^DR^JR");  // XPN prefix/suffix swap into PN order
  EXPECT_EQ(a.birth_date, "19650304");
  EXPECT_EQ(a.sex, "M");
  const PdqPatient& b = r->patients[1];
  EXPECT_EQ(b.family, "ROE");  // the repetition marked L (legal) wins
  EXPECT_EQ(b.given, "ANNIE");
  EXPECT_EQ(b.birth_date, "");  // a month is not a birth date
  EXPECT_FALSE(r->more);
}

TEST(Pdq, EscapedDelimitersInNamesNeverSplitDicomComponents) {
  auto r = parse_response(cr("MSH|^~\\&|S||||||RSP^K22|1|P|2.5\nMSA|AA|C\nQAK|C|OK\nPID|||1^^^H||O\\S\\ROE=X\\E\\Y^ANN\n"), "C");
  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(r->patients.size(), 1u);
  EXPECT_EQ(r->patients[0].family, "O^ROE=X\\Y");
  EXPECT_EQ(r->patients[0].dicom_name(), "O ROE X Y^ANN");
}

TEST(Pdq, ErrorsCarryTheSuppliersText) {
  auto ae = parse_response(cr("MSH|^~\\&|S||||||RSP^K22|1|P|2.5\nMSA|AE|C|bad QPD\nERR||QPD^1^3|207^Application internal error^HL70357|E||||Unknown field @PID.99\nQAK|C|AE\n"), "C");
  ASSERT_FALSE(ae);
  EXPECT_NE(ae.error().message.find("MSA-1 AE"), std::string::npos) << ae.error().message;
  EXPECT_NE(ae.error().message.find("Unknown field @PID.99"), std::string::npos) << ae.error().message;
  EXPECT_NE(ae.error().message.find("Application internal error"), std::string::npos) << ae.error().message;
  // Enhanced mode reject, as an ACK.
  auto cr_ = parse_response(cr("MSH|^~\\&|S||||||ACK^Q22|1|P|2.5\nMSA|CR|C\nERR|^^^200&Unsupported message type\n"), "C");
  ASSERT_FALSE(cr_);
  EXPECT_NE(cr_.error().message.find("Unsupported message type"), std::string::npos) << cr_.error().message;
  // Accepted, but the query failed.
  auto qak = parse_response(cr("MSH|^~\\&|S||||||RSP^K22|1|P|2.5\nMSA|AA|C\nQAK|C|AR\n"), "C");
  ASSERT_FALSE(qak);
  EXPECT_NE(qak.error().message.find("QAK-2 AR"), std::string::npos);
}

TEST(Pdq, NoDataFoundIsZeroPatients) {
  auto r = parse_response(cr("MSH|^~\\&|S||||||RSP^K22|1|P|2.5\nMSA|AA|C\nQAK|C|NF\nQPD|IHE PDQ Query|C|@PID.5.1.1^NOBODY\n"), "C");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->query_status, "NF");
  EXPECT_TRUE(r->patients.empty());
}

TEST(Pdq, AnswersToSomethingElseAreRefused) {
  EXPECT_FALSE(parse_response(cr("MSH|^~\\&|S||||||RSP^K22|1|P|2.5\nMSA|AA|SOMEONE-ELSE\nQAK|X|OK\nPID|||1^^^H||A^B\n"), "C"));
  EXPECT_FALSE(parse_response(cr("MSH|^~\\&|S||||||ADT^A01|1|P|2.5\nMSA|AA|C\n"), "C"));
  EXPECT_FALSE(parse_response(cr("MSH|^~\\&|S||||||RSP^K22|1|P|2.5\nQAK|C|OK\n"), "C"));  // no MSA
  EXPECT_FALSE(parse_response(cr("MSH|^~\\&|S||||||ACK|1|P|2.5\nMSA|AA|C\n"), "C"));     // accepted, no RSP
  EXPECT_FALSE(parse_response(cr("MSH|^~\\&|S||||||RSP^K22|1|P|2.5||||||ISO IR87\nMSA|AA|C\n"), "C"));
}

TEST(Pdq, Latin1AnswersBecomeUtf8) {
  auto r = parse_response(cr("MSH|^~\\&|S||||||RSP^K22|1|P|2.5||||||8859/1\nMSA|AA|C\nQAK|C|OK\nPID|||1^^^H||M\xFCLLER^J\xD6RG\n"), "C");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->patients.at(0).dicom_name(), "M\xC3\xBCLLER^J\xC3\x96RG");
}

TEST(Pdq, ContinuationIsReported) {
  auto r = parse_response(cr("MSH|^~\\&|S||||||RSP^K22|1|P|2.5\nMSA|AA|C\nQAK|C|OK\nPID|||1^^^H||A^B\nDSC|PTR1|I\n"), "C");
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->more);
}

TEST(PdqSource, TakesTheIdentifierOfOurDomain) {
  auto r = parse_response(cr(kAnswer), "CTRL1");
  ASSERT_TRUE(r);
  const auto l = import::PdqSource::identity_of(r->patients[0], "HOSP", "PDQ test");
  EXPECT_EQ(l.patient_id, "L-100");
  EXPECT_EQ(l.issuer, "HOSP");
  EXPECT_EQ(l.name, "ROE^RICHARD^Q^DR^JR");
  EXPECT_EQ(l.birth_date, "19650304");
  EXPECT_EQ(l.sex, "M");
  // By universal ID too; none of ours: no ID (a person sees the candidate, the rule holds it).
  EXPECT_EQ(import::PdqSource::identity_of(r->patients[0], "1.2.3", "t").patient_id, "L-100");
  EXPECT_EQ(import::PdqSource::identity_of(r->patients[0], "NOWHERE", "t").patient_id, "");
  EXPECT_EQ(import::PdqSource::identity_of(r->patients[0], "", "t").patient_id, "OTHER9");
}

TEST(PdqSource, UnknownSexAndHostileIdsAreNotTakenAsData) {
  auto r = parse_response(cr("MSH|^~\\&|S||||||RSP^K22|1|P|2.5\nMSA|AA|C\nQAK|C|OK\nPID|||A\\E\\B^^^H~GOOD^^^H||A^B||19700101|U\n"), "C");
  ASSERT_TRUE(r) << r.error().message;
  const auto l = import::PdqSource::identity_of(r->patients[0], "H", "t");
  EXPECT_EQ(l.patient_id, "GOOD");  // an ID with a backslash cannot be a DICOM LO value
  EXPECT_EQ(l.sex, "");             // U has no DICOM value: never agrees with the medium's
}

// The corpus: every file goes through the fuzz body (deframer, parser, PDQ answer reader, and the
// escape and encode round trips); none may crash, hang or break an invariant (ASan in CI).
TEST(Hl7FuzzCorpus, ReplaysWithoutCrashing) {
  const std::filesystem::path dir = DISCUS_HL7_CORPUS;
  std::size_t n = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    std::ifstream in(e.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string bytes = ss.str();
    const auto why = fuzz::run_hl7_body(base::as_bytes(bytes));
    EXPECT_FALSE(why) << e.path().filename() << ": " << *why;
    ++n;
  }
  EXPECT_GE(n, 10u);
}

}  // namespace
}  // namespace discus::net::hl7
