#include "dicom/charset/value_decoder.h"

#include <array>
#include <optional>
#include <utility>

#include <fmt/format.h>

#include "dicom/charset/iconv_converter.h"

namespace discus::dicom::charset {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD in UTF-8
constexpr std::uint8_t kEsc = 0x1B;

std::uint32_t bit(CodedSet s) { return 1u << static_cast<unsigned>(s); }

std::string hex(base::ByteView b) {
  std::string s;
  for (std::uint8_t c : b) s += fmt::format("{}{:02X}H", s.empty() ? "" : " ", c);
  return s;
}

// "ESC $ ) C": the notation PS3.3 Table C.12-4 uses, easier to match than hex.
std::string escape_text(base::ByteView seq) {
  std::string s = "ESC";
  for (std::size_t k = 1; k < seq.size(); ++k) s += fmt::format(" {}", static_cast<char>(seq[k]));
  return s;
}

// Records problems; a replaced sequence also puts one U+FFFD in the output so it is visible.
class Reporter {
 public:
  Reporter(base::ByteView in, std::string& out, IssueSink& sink) : in_(in), out_(out), sink_(sink) {}
  void replace(std::size_t offset, std::size_t length, std::string_view why,
               base::ErrorCode code = base::ErrorCode::kCharset) {
    out_ += kReplacement;
    note(offset, fmt::format("{} [{}]", why, hex(in_.subspan(offset, length))), code);
  }
  void note(std::size_t offset, std::string message, base::ErrorCode code = base::ErrorCode::kCharset) {
    sink_.issues.push_back({offset, std::move(message), code});
  }
  bool done() const { return sink_.done(); }

 private:
  base::ByteView in_;
  std::string& out_;
  IssueSink& sink_;
};

// PS3.5 6.1.2.5: G0 is invoked into GL (21H-7EH), G1 into GR (A1H-FEH, A0H-FFH for a 96-set);
// escape sequences change the designations. PS3.5 6.1.2.5.3: the sets of value 1 become active
// again at control characters, at the value delimiter and at the PN component/group delimiters.
class Iso2022Decoder {
 public:
  Iso2022Decoder(const DecodePlan& plan, base::ByteView in, VR vr, IssueSink& sink)
      : plan_(plan), in_(in), report_(in, out_, sink),
        // LT, ST and UT are single-valued, so a backslash there is text, not a delimiter (PS3.5 6.2).
        backslash_delimits_(vr != VR::LT && vr != VR::ST && vr != VR::UT && vr != VR::UR),
        pn_(vr == VR::PN) {}

  std::string run() {
    out_.reserve(in_.size());
    reset();
    std::size_t i = 0;
    while (i < in_.size() && !report_.done()) {
      const std::uint8_t b = in_[i];
      if (b == kEsc) {
        i = on_escape(i);
      } else if (b < 0x20 || b == 0x7F) {  // CR, LF, FF, TAB...: "any control other than ESC"
        out_ += static_cast<char>(b);
        reset();
        ++i;
      } else if (b == 0x20) {  // SPACE is fixed in ISO 2022, whatever G0 holds
        out_ += ' ';
        ++i;
      } else if (b < 0x80) {
        i = on_left(i);
      } else if (b < 0xA0) {  // C1 controls are not among PS3.5 6.1.3's permitted controls
        report_.replace(i, 1, "C1 control byte is not permitted in a DICOM string");
        ++i;
      } else {
        i = on_right(i);
      }
    }
    return std::move(out_);
  }

 private:
  void reset() {
    g0_ = plan_.initial_g0;
    g1_ = plan_.initial_g1;
  }

  bool is_delimiter(std::uint8_t b) const {
    return (b == '\\' && backslash_delimits_) || (pn_ && (b == '^' || b == '='));
  }

  std::size_t on_left(std::size_t i) {
    const std::uint8_t b = in_[i];
    const CodedSetInfo& set = coded_set_info(g0_);
    if (set.bytes_per_char == 1) {
      // Delimiters are recognised only while G0 is a single-byte set: inside JIS X 0208 text the
      // same bytes are halves of characters, which is why 6.1.2.5.3 makes writers switch back first.
      if (is_delimiter(b)) {
        out_ += static_cast<char>(b);  // a delimiter stays '\' even where Romaji shows 5CH as YEN
        reset();
      } else if (g0_ == CodedSet::kIsoIr6) {
        out_ += static_cast<char>(b);
      } else {
        convert(set, i, 1);
      }
      return i + 1;
    }
    if (i + 1 >= in_.size() || in_[i + 1] < 0x21 || in_[i + 1] > 0x7E) {
      report_.replace(i, 1, fmt::format("incomplete two-byte character of {}", set.name));
      return i + 1;
    }
    convert(set, i, 2);
    return i + 2;
  }

  std::size_t on_right(std::size_t i) {
    const std::uint8_t b = in_[i];
    if (g1_ == CodedSet::kNone) {
      report_.replace(i, 1, fmt::format("byte above 7FH but {} designates no G1 set", plan_.name));
      return i + 1;
    }
    const CodedSetInfo& set = coded_set_info(g1_);
    if (set.chars_per_row == 94 && (b == 0xA0 || b == 0xFF)) {
      report_.replace(i, 1, fmt::format("A0H and FFH are not characters of the 94-set {}", set.name));
      return i + 1;
    }
    if (set.bytes_per_char == 1) {
      convert(set, i, 1);
      return i + 1;
    }
    if (i + 1 >= in_.size() || in_[i + 1] < 0xA1 || in_[i + 1] > 0xFE) {
      report_.replace(i, 1, fmt::format("incomplete two-byte character of {}", set.name));
      return i + 1;
    }
    convert(set, i, 2);
    return i + 2;
  }

  // ISO 2022 escape sequence: ESC, intermediate bytes 20H-2FH, one final byte 30H-7EH.
  std::size_t on_escape(std::size_t i) {
    std::size_t j = i + 1;
    while (j < in_.size() && in_[j] >= 0x20 && in_[j] <= 0x2F) ++j;
    if (j >= in_.size()) {
      report_.replace(i, j - i, "escape sequence cut off by the end of the value");
      return j;
    }
    if (in_[j] < 0x30 || in_[j] > 0x7E) {
      report_.replace(i, j - i, "ESC not followed by a complete escape sequence");
      return j;  // the byte that broke the sequence is decoded on its own
    }
    const base::ByteView seq = in_.subspan(i, j - i + 1);
    const CodedSetInfo* set = find_by_escape(base::as_chars(seq.subspan(1)));
    if (set == nullptr) {
      report_.replace(i, seq.size(), fmt::format("unknown escape sequence {}", escape_text(seq)));
      return j + 1;
    }
    // A known designation the declaration does not cover is still followed when tolerant: the
    // intent is unambiguous, and strict decoding fails on the issue anyway.
    if (!plan_.code_extensions) {
      report_.note(i, fmt::format("escape sequence {} used but '{}' permits no code extensions; decoded as {}",
                                  escape_text(seq), plan_.name, set->name));
    } else if ((plan_.declared & bit(set->set)) == 0) {
      report_.note(i, fmt::format("escape sequence {} designates {}, which '{}' does not declare; decoded anyway",
                                  escape_text(seq), set->name, plan_.name));
    }
    (set->element == 0 ? g0_ : g1_) = set->set;
    return j + 1;
  }

  void convert(const CodedSetInfo& set, std::size_t i, std::size_t width) {
    IconvConverter* cv = converter(set);
    if (cv == nullptr) {
      report_.replace(i, width, fmt::format("this system's iconv has no {} for {}", set.iconv_name, set.name),
                      base::ErrorCode::kUnsupported);
      return;
    }
    std::string unit(set.iconv_prefix);
    for (std::size_t k = 0; k < width; ++k)
      unit += static_cast<char>(set.iconv_high_bit ? (in_[i + k] | 0x80) : in_[i + k]);
    if (cv->convert(base::as_bytes(unit), out_).status != IconvConverter::Status::kOk)
      report_.replace(i, width, fmt::format("not a character of {}", set.name));
  }

  IconvConverter* converter(const CodedSetInfo& set) {
    auto& slot = converters_[static_cast<std::size_t>(set.set)];
    if (!slot.tried) {
      slot.tried = true;
      if (auto cv = IconvConverter::open(set.iconv_name)) slot.converter.emplace(std::move(*cv));
    }
    return slot.converter ? &*slot.converter : nullptr;
  }

  struct Slot {
    bool tried = false;
    std::optional<IconvConverter> converter;
  };

  const DecodePlan& plan_;
  base::ByteView in_;
  std::string out_;
  Reporter report_;
  bool backslash_delimits_;
  bool pn_;
  CodedSet g0_ = CodedSet::kIsoIr6;
  CodedSet g1_ = CodedSet::kNone;
  std::array<Slot, kCodedSetCount> converters_;  // opened on first use, per decode call
};

// ISO_IR 192. Checked here rather than by iconv so that overlong forms, surrogates and code
// points past U+10FFFF are caught the same way on every libc; bad input is replaced per
// "maximal subpart" (Unicode 3.9), one U+FFFD per broken sequence.
std::string decode_utf8(base::ByteView in, IssueSink& sink) {
  std::string out;
  out.reserve(in.size());
  Reporter report(in, out, sink);
  std::size_t i = 0;
  while (i < in.size() && !report.done()) {
    const std::uint8_t b = in[i];
    if (b < 0x80) {
      out += static_cast<char>(b);
      ++i;
      continue;
    }
    std::size_t need = 0;
    std::uint8_t lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (b >= 0xC2 && b <= 0xDF) need = 1;
    else if (b >= 0xE0 && b <= 0xEF) need = 2, lo = b == 0xE0 ? 0xA0 : 0x80, hi = b == 0xED ? 0x9F : 0xBF;
    else if (b >= 0xF0 && b <= 0xF4) need = 3, lo = b == 0xF0 ? 0x90 : 0x80, hi = b == 0xF4 ? 0x8F : 0xBF;
    if (need == 0) {
      report.replace(i, 1, "byte cannot start a UTF-8 sequence");
      ++i;
      continue;
    }
    std::size_t k = 1;
    for (; k <= need && i + k < in.size(); ++k) {
      const std::uint8_t c = in[i + k];
      if (k == 1 ? (c < lo || c > hi) : (c < 0x80 || c > 0xBF)) break;
    }
    if (k > need) {
      out.append(base::as_chars(in.subspan(i, need + 1)));
    } else {
      report.replace(i, k, i + k >= in.size() ? "UTF-8 sequence cut off by the end of the value"
                                              : "invalid UTF-8 sequence");
    }
    i += k;
  }
  return out;
}

// GB18030 and GBK have no shift state and their trail bytes include 5CH, so the value is converted
// as a whole and never split on '\' before conversion (PS3.5 6.1.2.5.3 only concerns ISO 2022).
std::string decode_whole_value(const DecodePlan& plan, base::ByteView in, IssueSink& sink) {
  std::string out;
  if (in.empty()) return out;
  Reporter report(in, out, sink);
  auto cv = IconvConverter::open(plan.whole_value_iconv);
  if (!cv) {
    report.replace(0, in.size(), cv.error().message, base::ErrorCode::kUnsupported);
    return out;
  }
  std::size_t i = 0;
  while (i < in.size() && !report.done()) {
    const auto r = cv->convert(in.subspan(i), out);
    i += r.consumed;
    if (r.status == IconvConverter::Status::kOk) break;
    if (r.status == IconvConverter::Status::kIncomplete) {
      report.replace(i, in.size() - i, fmt::format("{} character cut off by the end of the value", plan.name));
      break;
    }
    report.replace(i, 1, fmt::format("byte does not start a valid {} character", plan.name));
    ++i;
  }
  return out;
}

}  // namespace

std::string decode_value(const DecodePlan& plan, base::ByteView value, VR vr, IssueSink& sink) {
  switch (plan.kind) {
    case TermKind::kUtf8: return decode_utf8(value, sink);
    case TermKind::kWholeValue: return decode_whole_value(plan, value, sink);
    case TermKind::kDefault:
    case TermKind::kSingleByte:
    case TermKind::kIso2022: break;
  }
  return Iso2022Decoder(plan, value, vr, sink).run();
}

}  // namespace discus::dicom::charset
