// discus::iod — validate_instance: the PS3.3 tables applied to one data set (see validator.h).
#include "iod/validator.h"

#include <fmt/format.h>

#include <set>
#include <utility>

#include "dicom/dict/dictionary.h"
#include "dicom/dict/tags.h"
#include "iod/instance_checks.h"
#include "iod/tables.h"
#include "iod/value_checks.h"

namespace discus::iod {
namespace {

using dicom::DataSet;
using dicom::Element;
using dicom::Tag;

bool is_empty(const Element& e) {
  switch (e.kind) {
    case Element::Kind::kPrimitive: return e.value.size() == 0;
    case Element::Kind::kSequence: return e.items.empty();
    case Element::Kind::kEncapsulated: return false;  // pixel data placeholder or fragments
  }
  return true;
}

// PS3.3 lists enumerated values of numeric attributes as numbers: "1" names the value one,
// whether the IS/DS text says "1", " 1" or "1.0", or a US holds 1 (issue 11: "numbers
// compared as text").
bool numeric_vr(dicom::VR vr) {
  using dicom::VR;
  switch (vr) {
    case VR::IS: case VR::DS: case VR::US: case VR::SS: case VR::UL: case VR::SL: case VR::FL: case VR::FD:
    case VR::UV: case VR::SV: return true;
    default: return false;
  }
}

bool matches_any(std::string_view value, std::string_view alternatives, bool numeric = false) {
  const auto number = numeric ? as_number(value) : std::nullopt;
  while (true) {
    const auto bar = alternatives.find('|');
    const std::string_view alternative = alternatives.substr(0, bar);
    if (value == alternative) return true;
    if (number) {
      const auto other = as_number(alternative);
      if (other && *other == *number) return true;
    }
    if (bar == std::string_view::npos) return false;
    alternatives.remove_prefix(bar + 1);
  }
}

std::string attribute_name(Tag tag) {
  const auto* e = dicom::dict::find(tag);
  return e != nullptr ? std::string(e->name) : dicom::to_string(tag);
}

// Where a condition is evaluated: the data set or item holding the attribute (an SR content
// item's Value Type is its own, never the root's); sopclass() looks at the instance.
struct Scope {
  const DataSet& item;
  std::string_view sop_class;

  const Element* find(Tag t) const { return item.find(t); }
};

bool evaluate(std::size_t index, const Scope& s) {
  const auto nodes = condition_nodes();
  const ConditionNode& n = nodes[index];
  const Element* e = (n.op <= CondOp::kGreater) ? s.find(Tag{n.tag}) : nullptr;
  const bool present = e != nullptr && !is_empty(*e);
  auto values = [&] {
    std::vector<std::string> v = present ? value_strings(*e) : std::vector<std::string>{};
    if (n.value_index > 0) {
      if (v.size() < n.value_index) return std::vector<std::string>{};
      return std::vector<std::string>{v[n.value_index - 1u]};
    }
    return v;
  };
  const bool numeric = e != nullptr && numeric_vr(e->vr);
  auto any_equal = [&] {
    for (const auto& v : values())
      if (matches_any(v, n.arg, numeric)) return true;
    return false;
  };
  switch (n.op) {
    case CondOp::kPresent: return present;
    case CondOp::kAbsent: return !present;
    case CondOp::kEquals: return any_equal();
    case CondOp::kNotEquals: return present && !any_equal();
    case CondOp::kGreater: {
      const auto v = values();
      if (v.empty()) return false;
      const auto lhs = as_number(v[0]);
      const auto rhs = as_number(n.arg);
      return lhs && rhs && *lhs > *rhs;
    }
    case CondOp::kSopClass: return matches_any(s.sop_class, n.arg);
    case CondOp::kAnd:
    case CondOp::kOr: {
      std::size_t child = index + 1;
      for (unsigned i = 0; i < n.child_count; ++i) {
        const bool r = evaluate(child, s);
        if (n.op == CondOp::kAnd && !r) return false;
        if (n.op == CondOp::kOr && r) return true;
        child += nodes[child].size;
      }
      return n.op == CondOp::kAnd;
    }
    case CondOp::kNot: return !evaluate(index + 1, s);
  }
  return false;
}

class Checker {
 public:
  Checker(const DataSet& root, const std::string& file, std::string_view sop_class)
      : root_(root), file_(file), sop_class_(sop_class) {}

  void check_module(const ModuleDef& m) {
    module_ = &m;
    for (const AttributeRule& r : rules(m)) apply(r, root_, 0, "");
  }

  std::vector<base::Finding> take() { return std::move(out_); }
  void add(base::Finding f) {
    if (seen_.insert({f.rule, f.tag_path}).second) out_.push_back(std::move(f));
  }

 private:
  void apply(const AttributeRule& r, const DataSet& ds, std::size_t level, const std::string& prefix) {
    const Tag tag{r.path[level]};
    if (level + 1 == r.depth) {
      check_attribute(r, ds, tag, prefix + dicom::to_string(tag));
      return;
    }
    const Element* seq = ds.find(tag);
    if (seq == nullptr || !seq->is_sequence()) return;
    const bool recursive = (r.recursive_mask >> level) & 1u;
    for (std::size_t i = 0; i < seq->items.size(); ++i) {
      const std::string item_prefix = fmt::format("{}{}[{}]/", prefix, dicom::to_string(tag), i);
      apply(r, seq->items[i], level + 1, item_prefix);
      if (recursive) apply(r, seq->items[i], level, item_prefix);
    }
  }

  void check_attribute(const AttributeRule& r, const DataSet& ds, Tag tag, const std::string& path) {
    const Element* e = ds.find(tag);
    const Scope scope{ds, sop_class_};
    const bool conditional = r.type == AttributeType::k1C || r.type == AttributeType::k2C;
    const bool required = !conditional || (r.condition >= 0 && evaluate(static_cast<std::size_t>(r.condition), scope));
    const std::string type(to_string(r.type));
    const std::string why = conditional ? fmt::format(" ({})", r.condition_text) : std::string();
    auto report = [&](std::string_view what) {
      std::string rule = "iod.type" + type + "-" + std::string(what);
      for (auto& c : rule) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      add({std::move(rule), base::Severity::kError, file_, path,
           fmt::format("{} is Type {} and {}{} [{} Module]", attribute_name(tag), type, what, why, module_->name),
           std::string(module_->section)});
    };
    if (required && (r.type == AttributeType::k1 || r.type == AttributeType::k1C)) {
      if (e == nullptr) return report("missing");
      if (is_empty(*e)) return report("empty");
    }
    if (required && (r.type == AttributeType::k2 || r.type == AttributeType::k2C) && e == nullptr)
      return report("missing");
    if (!required && e == nullptr && r.undecided >= 0 && evaluate(static_cast<std::size_t>(r.undecided), scope)) {
      add({"iod.condition-undecided", base::Severity::kWarning, file_, path,
           fmt::format("{} (Type {}) is absent and the data set does not say whether it is required{} [{} Module]",
                       attribute_name(tag), type, why, module_->name),
           std::string(module_->section)});
      return;
    }
    if (e != nullptr && !is_empty(*e) && r.enum_count > 0) check_enums(r, *e, tag, path);
  }

  void check_enums(const AttributeRule& r, const Element& e, Tag tag, const std::string& path) {
    const auto values = value_strings(e);
    const bool numeric = numeric_vr(e.vr);
    for (const EnumSpec& spec : enum_specs(r)) {
      for (std::size_t i = 0; i < values.size(); ++i) {
        if (spec.value_index != 0 && spec.value_index != i + 1) continue;
        if (values[i].empty() || matches_any(values[i], spec.values, numeric)) continue;
        std::string allowed(spec.values);
        for (auto& c : allowed) c = c == '|' ? ',' : c;
        // PS3.5 6.2: Enumerated Values are the only values allowed; Defined Terms may be
        // extended by an implementation, so an unknown one is worth a warning only.
        if (spec.defined_terms)
          add({"iod.defined-term", base::Severity::kWarning, file_, path,
               fmt::format("{} value {} \"{}\" is not a defined term ({}) [{} Module]", attribute_name(tag), i + 1,
                           values[i], allowed, module_->name),
               std::string(module_->section)});
        else
          add({"iod.enumerated-value", base::Severity::kError, file_, path,
               fmt::format("{} value {} \"{}\" is not an enumerated value ({}) [{} Module]", attribute_name(tag),
                           i + 1, values[i], allowed, module_->name),
               std::string(module_->section)});
      }
    }
  }

  const DataSet& root_;
  const std::string& file_;
  std::string_view sop_class_;
  const ModuleDef* module_ = nullptr;
  std::vector<base::Finding> out_;
  std::set<std::pair<std::string, std::string>> seen_;
};

bool module_present(const ModuleUse& use, const DataSet& ds) {
  for (std::uint32_t t : signature(use))
    if (ds.contains(Tag{t})) return true;
  return false;
}

}  // namespace

std::vector<base::Finding> validate_instance(const DataSet& ds, const std::string& file, const DataSet* meta) {
  const std::string sop_class(ds.get_string(dicom::tags::SOPClassUID).value_or(""));
  Checker checker(ds, file, sop_class);
  const IodDef* iod = find_iod(sop_class);
  if (iod != nullptr) {
    const Scope scope{ds, sop_class};
    for (const ModuleUse& use : module_uses(*iod)) {
      bool check = use.usage == 'M';
      if (use.usage == 'C' && use.condition >= 0) check = evaluate(static_cast<std::size_t>(use.condition), scope);
      if (!check) check = module_present(use, ds);
      if (check) checker.check_module(module(use));
    }
  } else {
    checker.add({"iod.unknown-sop-class", base::Severity::kWarning, file, "(0008,0016)",
                 sop_class.empty() ? std::string("SOP Class UID is absent: no IOD to check against")
                                   : fmt::format("SOP Class UID {} is not an IOD Discus checks", sop_class),
                 "PS3.3 A"});
  }
  std::vector<base::Finding> out = checker.take();
  check_values(ds, file, out);
  check_instance(ds, iod, file, out);
  if (meta != nullptr) check_file_meta(*meta, ds, file, out);
  return out;
}

std::vector<base::Finding> validate_file(const dicom::part10::DicomFile& f, const std::string& file) {
  std::vector<base::Finding> out;
  for (const auto& w : f.warnings)
    out.push_back({"part10.read-warning", base::Severity::kWarning, file, w.tag_path,
                   fmt::format("{} (offset {})", w.message, w.offset), "PS3.10 7"});
  // PS3.5 7.1: a value is as long as its length says; a cut file loses the end of Pixel Data.
  // Offsets of a deflated data set count in the inflated stream, so they say nothing here.
  if (const auto& px = f.pixel_data; px && px->length && !px->offsets_in_inflated_stream && f.source &&
                                     px->value_offset + *px->length > f.source->size())
    out.push_back({"iod.pixel-data-truncated", base::Severity::kError, file, dicom::to_string(px->tag),
                   fmt::format("Pixel Data at offset {} declares {} bytes, but the file ends {} bytes after its start",
                               px->element_offset, *px->length,
                               f.source->size() > px->value_offset ? f.source->size() - px->value_offset : 0),
                   "PS3.5 7.1"});
  // PS3.5 8.2.1: a colour-transformed JPEG lossy stream is YBR_FULL_422 when its chrominance is
  // subsampled (the usual case); whether YBR_FULL is right depends on the stream's sampling
  // factors, which a header check does not read, so anything but YBR_FULL_422 or RGB warns.
  if (f.transfer_syntax != nullptr &&
      (f.transfer_syntax->uid == "1.2.840.10008.1.2.4.50" || f.transfer_syntax->uid == "1.2.840.10008.1.2.4.51") &&
      f.dataset.get_uint16(dicom::tags::SamplesPerPixel).value_or(0) == 3) {
    const std::string pi(dicom::trim_padding(f.dataset.get_string(dicom::tags::PhotometricInterpretation).value_or("")));
    if (pi != "YBR_FULL_422" && pi != "RGB")
      out.push_back({"iod.photometric-jpeg", base::Severity::kWarning, file,
                     dicom::to_string(dicom::tags::PhotometricInterpretation),
                     fmt::format("Photometric Interpretation is {} in {}: YBR_FULL_422 is expected for subsampled "
                                 "colour (YBR_FULL only when the stream is not subsampled)",
                                 pi, f.transfer_syntax->name),
                     "PS3.5 8.2.1"});
  }
  auto rest = validate_instance(f.dataset, file, f.has_meta ? &f.meta : nullptr);
  out.insert(out.end(), std::make_move_iterator(rest.begin()), std::make_move_iterator(rest.end()));
  return out;
}

}  // namespace discus::iod
