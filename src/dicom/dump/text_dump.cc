#include "dicom/dump/text_dump.h"

#include "dicom/dict/dictionary.h"
#include "dicom/dump/value_format.h"

namespace discus::dicom::dump {

namespace {

class TextDumper {
 public:
  TextDumper(fmt::memory_buffer& out, const TextDumpOptions& opt) : out_(out), opt_(opt) {}

  void dataset(const DataSet& ds, const charset::SpecificCharacterSet& inherited, int depth) {
    const charset::SpecificCharacterSet cs = charset_of(ds, inherited);
    for (const Element& e : ds) element(e, ds, cs, depth);
  }

 private:
  void element(const Element& e, const DataSet& ds, const charset::SpecificCharacterSet& cs, int depth) {
    const std::string indent(static_cast<std::size_t>(depth) * 2, ' ');
    const std::string length = e.kind == Element::Kind::kPrimitive ? fmt::format("{}", e.value.size())
                               : e.undefined_length                 ? std::string("undef")
                                                                    : std::string("def");
    fmt::format_to(std::back_inserter(out_), "{}{} {} {:>2} {:>8} {:<36} ", indent, to_string(e.tag), to_string(e.vr),
                   value_multiplicity(e), length, keyword_of(e, ds));
    switch (e.kind) {
      case Element::Kind::kSequence:
        fmt::format_to(std::back_inserter(out_), "({} item{})\n", e.items.size(), e.items.size() == 1 ? "" : "s");
        for (std::size_t i = 0; i < e.items.size(); ++i) {
          fmt::format_to(std::back_inserter(out_), "{}  > item {}\n", indent, i);
          dataset(e.items[i], cs, depth + 2);
        }
        return;
      case Element::Kind::kEncapsulated: {
        std::uint64_t total = 0;
        for (const Value& f : e.fragments) total += f.size();
        fmt::format_to(std::back_inserter(out_), "(encapsulated: offset table of {} bytes, {} fragment{}, {} bytes)\n",
                       e.fragments.empty() ? 0 : e.fragments[0].size(), e.fragments.empty() ? 0 : e.fragments.size() - 1,
                       e.fragments.size() == 2 ? "" : "s", total);
        return;
      }
      case Element::Kind::kPrimitive:
        out_.append(primitive(e, cs));
        out_.push_back('\n');
        return;
    }
  }

  std::string primitive(const Element& e, const charset::SpecificCharacterSet& cs) {
    if (e.value.is_deferred())
      return fmt::format("({} bytes left in the file at offset {})", e.value.deferred->length, e.value.deferred->offset);
    if (e.value.bytes.empty()) return "(no value)";
    std::string text;
    if (is_string(e.vr)) {
      std::vector<charset::CharsetIssue> issues;
      const auto values = decoded_strings(e, cs, &issues);
      for (std::size_t i = 0; i < values.size(); ++i) text += (i ? "\\" : "") + values[i];
      text = "[" + cut(std::move(text)) + "]";
      if (!issues.empty()) text += fmt::format("  # {} invalid in {}", issues.front().message, cs.describe());
      return text;
    }
    auto values = binary_values_as_text(e, opt_.max_binary_values);
    if (!values.empty() && (e.vr != VR::OW || e.value.bytes.size() <= 32)) {
      for (std::size_t i = 0; i < values.size(); ++i) text += (i ? "\\" : "") + values[i];
      if (values.size() < value_multiplicity(e)) text += "\\...";
      return text;
    }
    // OB, UN, large OW...: the first bytes in hex.
    const std::size_t shown = std::min<std::size_t>(e.value.bytes.size(), 16);
    for (std::size_t i = 0; i < shown; ++i) text += fmt::format("{}{:02x}", i ? "\\" : "", e.value.bytes[i]);
    if (shown < e.value.bytes.size()) text += "\\...";
    return text;
  }

  std::string cut(std::string s) const {
    if (s.size() <= opt_.max_value_chars) return s;
    std::size_t n = opt_.max_value_chars;
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;  // keep UTF-8 whole
    s.resize(n);
    return s + "...";
  }

  fmt::memory_buffer& out_;
  const TextDumpOptions& opt_;
};

}  // namespace

std::string keyword_of(const Element& e, const DataSet& context) {
  if (e.tag.is_private() && !e.tag.is_private_creator()) {
    if (e.tag.element() < 0x1000) return "Unknown";
    const auto creator = context.get_string(e.tag.private_creator_tag());
    return creator ? fmt::format("[{}]", *creator) : std::string("[no private creator]");
  }
  const dict::DictEntry* d = dict::find(e.tag);
  if (d == nullptr) return e.tag.is_group_length() ? "GroupLength" : "Unknown";
  return std::string(d->keyword.empty() ? d->name : d->keyword);
}

void dump_text(fmt::memory_buffer& out, const part10::DicomFile& file, const TextDumpOptions& options) {
  auto add = std::back_inserter(out);
  fmt::format_to(add, "# file: {}\n", file.path);
  if (file.transfer_syntax != nullptr)
    fmt::format_to(add, "# transfer syntax: {} ({})\n", file.transfer_syntax->name, file.transfer_syntax->uid);
  for (const auto& w : file.warnings)
    fmt::format_to(add, "# warning: offset {}{}{}: {}\n", w.offset, w.tag_path.empty() ? "" : " ", w.tag_path, w.message);
  TextDumper dumper(out, options);
  if (file.has_meta) {
    out.append(std::string_view("# File Meta Information\n"));
    dumper.dataset(file.meta, charset::SpecificCharacterSet(), 0);
  }
  out.append(std::string_view("# Data Set\n"));
  dumper.dataset(file.dataset, charset::SpecificCharacterSet(), 0);
  if (file.pixel_data) {
    const auto& p = *file.pixel_data;
    fmt::format_to(add, "{} {}          {} PixelData  (not read: value at offset {}{})\n", to_string(p.tag), to_string(p.vr),
                   p.length ? fmt::format("{:>8}", *p.length) : std::string("   undef"), p.value_offset,
                   p.offsets_in_inflated_stream ? " of the inflated data set" : "");
  }
}

}  // namespace discus::dicom::dump
