// discus::dicom::charset — Specific Character Set (0008,0005) and decoding of text values to UTF-8.
//
// Every Defined Term of PS3.3 C.12.1.1.2 (Tables C.12-2 to C.12-5): single-byte sets with and
// without code extensions, the ISO 2022 multi-byte sets (JIS X 0208/0212, KS X 1001, GB 2312)
// and the stateless ISO_IR 192, GB18030 and GBK. ISO 2022 switching follows PS3.5 6.1.2.5,
// including the reset to value 1's sets at delimiters (6.1.2.5.3), which depends on the VR.
//   DISCUS_TRY(auto cs, SpecificCharacterSet::parse("\\ISO 2022 IR 87"));
//   DISCUS_TRY(std::string name, cs.decode(raw_patient_name, VR::PN));
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "base/bytes.h"
#include "base/result.h"
#include "dicom/core/vr.h"

namespace discus::dicom::charset {

struct DefinedTerm;

struct CharsetIssue {
  std::size_t byte_offset;  // inside the value handed to decode_lossy / parse_lenient
  std::string message;
};

class SpecificCharacterSet {
 public:
  SpecificCharacterSet();  // the default repertoire (ISO-IR 6, ASCII)

  // `value` is the raw (0008,0005) value: backslash-separated terms, possibly space/NUL padded;
  // an empty value 1 of a multi-valued declaration means ISO 2022 IR 6 (PS3.3 C.12.1.1.2).
  // An unknown or misspelt term is Error kCharset naming it.
  static base::Result<SpecificCharacterSet> parse(std::string_view value);
  // Also accepts the spellings real writers get wrong (case, '-' or '_' for ' ', missing spaces,
  // empty later values, ISO_IR n where ISO 2022 IR n was needed); each repair is one issue.
  static base::Result<SpecificCharacterSet> parse_lenient(std::string_view value,
                                                          std::vector<CharsetIssue>* issues);

  // Strict: a byte sequence invalid in the declared sets (or an escape sequence the declaration
  // does not permit) is Error kCharset whose message gives the byte offset inside the value.
  // VRs not affected by (0008,0005) (PS3.5 6.1.2.3, e.g. CS, UI) are decoded as ISO-IR 6.
  base::Result<std::string> decode(base::ByteView value, VR vr) const;
  // Tolerant: each invalid sequence becomes one U+FFFD and one entry in `issues` (may be null).
  std::string decode_lossy(base::ByteView value, VR vr, std::vector<CharsetIssue>* issues) const;

  bool is_default() const;
  bool is_utf8() const;
  // Normalised terms, e.g. "ISO 2022 IR 6\ISO 2022 IR 87"; "ISO_IR 6" for the default.
  std::string_view describe() const { return description_; }

 private:
  static base::Result<SpecificCharacterSet> build(std::vector<const DefinedTerm*> terms);

  std::vector<const DefinedTerm*> terms_;  // never empty; points into the static term table
  std::string description_;
};

}  // namespace discus::dicom::charset
