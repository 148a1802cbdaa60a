// discus::dicom::charset — the byte-level decoders behind SpecificCharacterSet (internal).
//
// Three engines: the ISO 2022 state machine (PS3.5 6.1.2.5: G0/G1 designations by escape
// sequence, reset at value delimiters per 6.1.2.5.3) that also serves the single-byte terms
// without extensions, a UTF-8 validator for ISO_IR 192, and whole-value iconv for GB18030/GBK.
// Every invalid byte sequence becomes one U+FFFD plus one DecodeIssue; nothing is dropped.
//   std::string s = decode_value(plan, bytes, VR::PN, sink);
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/bytes.h"
#include "base/error.h"
#include "dicom/charset/coded_sets.h"
#include "dicom/core/vr.h"

namespace discus::dicom::charset {

// What SpecificCharacterSet::parse worked out from (0008,0005).
struct DecodePlan {
  TermKind kind = TermKind::kDefault;  // kDefault/kSingleByte/kIso2022 all use the ISO 2022 engine
  CodedSet initial_g0 = CodedSet::kIsoIr6;  // active at the start and after every delimiter
  CodedSet initial_g1 = CodedSet::kNone;
  std::uint32_t declared = 0;         // bit (1 << CodedSet) for each set an escape may designate
  bool code_extensions = false;       // ESC sequences permitted (only ISO 2022 terms)
  const char* whole_value_iconv = nullptr;  // kWholeValue
  std::string_view name;              // the describe() text, for messages
};

struct DecodeIssue {
  std::size_t offset;  // inside the value
  std::string message;
  base::ErrorCode code = base::ErrorCode::kCharset;
};

struct IssueSink {
  std::vector<DecodeIssue> issues;
  bool stop_at_first = false;  // strict decoding wants only the first problem
  bool done() const { return stop_at_first && !issues.empty(); }
};

std::string decode_value(const DecodePlan& plan, base::ByteView value, VR vr, IssueSink& sink);

}  // namespace discus::dicom::charset
