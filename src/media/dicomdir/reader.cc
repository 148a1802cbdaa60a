// The tolerant DICOMDIR reader: flat records first, then the hierarchy by one of four plans.
//
//   A. follow the offsets from (0004,1200), as PS3.3 F.3.2.2 intends;
//   B. when A leaves records out but the offsets are otherwise sound, the root offset itself is
//      wrong: walk from the records no offset points at (seen on media an FSU rewrote);
//   C. when no record is reachable at all, rebuild from the order of the Directory Record
//      Sequence (creators write PATIENT, its STUDYs, their SERIES, their leaves in order);
//   D. otherwise keep A's tree and place each record A missed by sequence order.
// Every deviation is a Finding; nothing here fails once the file was read as DICOM.
#include "media/dicomdir/reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <optional>
#include <string_view>
#include <unordered_set>

#include "dicom/dict/tags.h"
#include "dicom/dict/uids.h"
#include "media/dicomdir/resolver.h"

namespace discus::media::dicomdir {
namespace {

using base::Finding;
using base::Severity;
namespace tags = dicom::tags;

constexpr unsigned kMaxDepth = 16;  // PATIENT/STUDY/SERIES/leaf plus PRIVATE levels; deeper is a loop

// PS3.3 Table F.4-1 (data/record_nesting.tsv): each record type and the type of the entity above
// it ("" = root, "*" = anywhere: PRIVATE). Retired types (tolerated on import) carry the parent
// they had.
struct RecordTypeInfo {
  std::string_view type;
  std::string_view parent;
  bool retired;
};
#include "record_nesting.inc"

const RecordTypeInfo* find_type(std::string_view type) {
  for (const RecordTypeInfo& t : kRecordTypes)
    if (t.type == type) return &t;
  return nullptr;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\0')) s.remove_prefix(1);
  return dicom::trim_padding(s);
}

// One item of (0004,1220), before any hierarchy: only what the hierarchy needs (no values).
struct Record {
  std::string_view type;  // into kRecordTypes or the Dicomdir's unknown types
  std::uint64_t offset = 0;
  std::uint32_t index = 0;
  std::uint32_t next = 0, lower = 0;
  bool in_use = true;
  bool has_file_id = false;
};

enum class State : std::uint8_t { kUnvisited, kInTree, kSkipped };

// A hierarchy over record indices; each record is in it at most once.
struct Tree {
  std::vector<std::size_t> roots;
  std::vector<std::vector<std::size_t>> children;
  std::vector<State> state;
  std::vector<Finding> problems;
  std::size_t in_tree = 0;

  explicit Tree(std::size_t n) : children(n), state(n, State::kUnvisited) {}
  std::size_t unreached(const std::vector<Record>& records) const {
    std::size_t n = 0;
    for (std::size_t i = 0; i < records.size(); ++i) n += state[i] == State::kUnvisited;
    return n;
  }
};

class Builder {
 public:
  Builder(const std::string& path, std::vector<Record>& records, std::vector<Finding>& findings)
      : path_(path), records_(records), findings_(findings) {
    for (std::size_t i = 0; i < records_.size(); ++i) by_offset_.emplace_back(records_[i].offset, i);
    std::sort(by_offset_.begin(), by_offset_.end());
  }

  // Returns the tree and whether it came from sequence order.
  std::pair<Tree, bool> build(std::uint32_t first_root, std::optional<std::uint32_t> last_root);

 private:
  std::string describe(std::size_t i) const {
    return fmt::format("{} record at offset {}", records_[i].type.empty() ? "untyped" : records_[i].type,
                       records_[i].offset);
  }
  std::string tag_path(std::size_t i) const { return fmt::format("(0004,1220)[{}]", i); }
  Finding finding(std::string rule, Severity s, std::string tag, std::string message) const {
    return Finding{std::move(rule), s, path_, std::move(tag), std::move(message), "PS3.3 F.3.2.2", false};
  }
  void walk_chain(Tree& t, std::uint32_t first, std::optional<std::size_t> parent, bool skipping, unsigned depth,
                  const std::string& source);
  std::optional<std::size_t> locate(Tree& t, std::uint32_t offset, const std::string& source);
  Tree walk_from(const std::vector<std::uint32_t>& starts, const std::string& source);
  Tree from_sequence_order();
  void place_orphans(Tree& t);
  // nullopt: no place; a nullopt inside: the root; else the parent record.
  std::optional<std::optional<std::size_t>> orphan_parent(const Tree& t, std::size_t i) const;
  std::vector<std::uint32_t> unreferenced_heads() const;

  const std::string& path_;
  std::vector<Record>& records_;
  std::vector<Finding>& findings_;
  std::vector<std::pair<std::uint64_t, std::size_t>> by_offset_;
};

std::optional<std::size_t> Builder::locate(Tree& t, std::uint32_t offset, const std::string& source) {
  auto it = std::lower_bound(by_offset_.begin(), by_offset_.end(), std::pair<std::uint64_t, std::size_t>{offset, 0});
  if (it != by_offset_.end() && it->first == offset) return it->second;
  std::string where = "no record starts there";
  if (it != by_offset_.begin() && it != by_offset_.end()) {
    where = fmt::format("it falls inside the {}", describe(std::prev(it)->second));
  } else if (it == by_offset_.end() && !by_offset_.empty()) {
    where = "it is past the last record (inside or after it)";
  } else if (!by_offset_.empty()) {
    where = "it is before the first record";
  }
  t.problems.push_back(finding("dicomdir.offset-dangling", Severity::kError, "",
                               fmt::format("{} is {}, which is not the (FFFE,E000) tag of any record: {}", source,
                                           offset, where)));
  return std::nullopt;
}

void Builder::walk_chain(Tree& t, std::uint32_t first, std::optional<std::size_t> parent, bool skipping,
                         unsigned depth, const std::string& first_source) {
  std::string source = first_source;
  for (std::uint32_t offset = first; offset != 0;) {
    const auto found = locate(t, offset, source);
    if (!found) return;
    const std::size_t i = *found;
    if (t.state[i] != State::kUnvisited) {
      t.problems.push_back(finding("dicomdir.offset-cycle", Severity::kError, tag_path(i),
                                   fmt::format("{} leads to the {} a second time (a cycle, or a record shared by two "
                                               "entities); the chain is cut there",
                                               source, describe(i))));
      return;
    }
    const Record& r = records_[i];
    const bool skip = skipping || !r.in_use;
    t.state[i] = skip ? State::kSkipped : State::kInTree;
    if (!skip) {
      (parent ? t.children[*parent] : t.roots).push_back(i);
      ++t.in_tree;
    }
    if (r.lower != 0) {
      const std::string lower_source = fmt::format("(0004,1420) of the {}", describe(i));
      if (depth + 1 >= kMaxDepth) {
        t.problems.push_back(finding("dicomdir.too-deep", Severity::kError, tag_path(i),
                                     fmt::format("{}: lower-level entities nested more than {} deep; not followed",
                                                 lower_source, kMaxDepth)));
      } else {
        walk_chain(t, r.lower, skip ? std::nullopt : std::optional<std::size_t>(i), skip, depth + 1, lower_source);
      }
    }
    source = fmt::format("(0004,1400) of the {}", describe(i));
    offset = r.next;
  }
}

Tree Builder::walk_from(const std::vector<std::uint32_t>& starts, const std::string& source) {
  Tree t(records_.size());
  for (std::uint32_t start : starts) walk_chain(t, start, std::nullopt, false, 0, source);
  return t;
}

// Records that no (0004,1400)/(0004,1420) of any record points at, in sequence order.
std::vector<std::uint32_t> Builder::unreferenced_heads() const {
  std::vector<bool> referenced(records_.size(), false);
  auto mark = [&](std::uint32_t offset) {
    auto it = std::lower_bound(by_offset_.begin(), by_offset_.end(), std::pair<std::uint64_t, std::size_t>{offset, 0});
    if (offset != 0 && it != by_offset_.end() && it->first == offset) referenced[it->second] = true;
  };
  for (const Record& r : records_) {
    mark(r.next);
    mark(r.lower);
  }
  std::vector<std::uint32_t> heads;
  for (std::size_t i = 0; i < records_.size(); ++i)
    if (!referenced[i]) heads.push_back(static_cast<std::uint32_t>(records_[i].offset));
  return heads;
}

// Plan C: PATIENT > STUDY > SERIES > leaf, by the order of the items. Each record goes under the
// nearest open record of its parent type; inactive records and everything under them are skipped.
Tree Builder::from_sequence_order() {
  Tree t(records_.size());
  std::vector<std::size_t> open;  // the current path from a root down
  // Depth of an inactive record whose entity we are in; kNone when none. (A plain number: GCC 12
  // at -O2 wrongly warns that an optional<size_t> here may be used uninitialised.)
  constexpr std::size_t kNone = static_cast<std::size_t>(-1);
  std::size_t skipped_level = kNone;
  for (std::size_t i = 0; i < records_.size(); ++i) {
    const Record& r = records_[i];
    const RecordTypeInfo* info = find_type(r.type);
    std::optional<std::size_t> parent_pos;
    bool placed = false;
    if (info && info->parent.empty()) {
      open.clear();
      placed = true;
    } else if (info && info->parent != "*") {
      for (std::size_t k = open.size(); k-- > 0;) {
        if (records_[open[k]].type == info->parent) {
          parent_pos = k;
          break;
        }
      }
      if (parent_pos) {
        open.resize(*parent_pos + 1);
        placed = true;
      }
    }
    if (skipped_level != kNone && open.size() <= skipped_level) skipped_level = kNone;
    if (!placed) {
      // PRIVATE, unknown types and records without an open parent: kept at the root, reported.
      t.problems.push_back(finding("dicomdir.sequence-order-unplaced", Severity::kWarning, tag_path(i),
                                   fmt::format("the {} has no parent of a known type before it in the sequence; "
                                               "listed at the root",
                                               describe(i))));
      open.clear();
      skipped_level = kNone;
    }
    if (!r.in_use || skipped_level != kNone) {
      t.state[i] = State::kSkipped;
      if (skipped_level == kNone) skipped_level = open.size();
    } else {
      t.state[i] = State::kInTree;
      ++t.in_tree;
      (open.empty() ? t.roots : t.children[open.back()]).push_back(i);
    }
    open.push_back(i);
  }
  return t;
}

// Plan D: each record the offsets missed goes under the nearest record before it in the sequence
// that has its parent type and is in the tree (root types go to the root); otherwise left out.
// Orphans that head a chain of their own (no other orphan points at them) bring that chain along.
std::optional<std::optional<std::size_t>> Builder::orphan_parent(const Tree& t, std::size_t i) const {
  const RecordTypeInfo* info = find_type(records_[i].type);
  if (info && info->parent.empty()) return std::optional<std::size_t>{};
  if (!info || info->parent == "*") return std::nullopt;
  for (std::size_t k = i; k-- > 0;)
    if (t.state[k] == State::kInTree && records_[k].type == info->parent) return std::optional<std::size_t>{k};
  return std::nullopt;
}

void Builder::place_orphans(Tree& t) {
  std::vector<bool> pointed_at(records_.size(), false);
  for (std::size_t i = 0; i < records_.size(); ++i) {
    if (t.state[i] != State::kUnvisited) continue;
    for (std::uint32_t o : {records_[i].next, records_[i].lower}) {
      auto it = std::lower_bound(by_offset_.begin(), by_offset_.end(), std::pair<std::uint64_t, std::size_t>{o, 0});
      if (o != 0 && it != by_offset_.end() && it->first == o && it->second != i) pointed_at[it->second] = true;
    }
  }
  for (int pass = 0; pass < 2; ++pass) {
    for (std::size_t i = 0; i < records_.size(); ++i) {
      if (t.state[i] != State::kUnvisited || (pass == 0 && pointed_at[i])) continue;
      const auto parent = orphan_parent(t, i);
      if (!records_[i].in_use || !parent) {
        t.state[i] = State::kSkipped;
        findings_.push_back(finding(
            records_[i].in_use ? "dicomdir.record-unreached" : "dicomdir.record-inactive",
            records_[i].in_use ? Severity::kError : Severity::kWarning, tag_path(i),
            records_[i].in_use ? fmt::format("the {} is not reached by any offset chain and its place cannot be told "
                                             "from the sequence order; left out",
                                             describe(i))
                               : fmt::format("the {} is inactive and not reached by any offset chain; skipped",
                                             describe(i))));
        continue;
      }
      const std::size_t before = t.in_tree;
      const std::size_t problems_before = t.problems.size();
      if (pass == 0) {
        walk_chain(t, static_cast<std::uint32_t>(records_[i].offset), *parent, false, 1, "an orphan record");
      } else {
        t.state[i] = State::kInTree;
        ++t.in_tree;
        (*parent ? t.children[**parent] : t.roots).push_back(i);
      }
      const std::string where = *parent ? fmt::format("under the {}, the nearest {} before it in the sequence",
                                                      describe(**parent), records_[**parent].type)
                                        : std::string("at the root");
      findings_.push_back(finding("dicomdir.record-unreached", Severity::kWarning, tag_path(i),
                                  fmt::format("the {} is not reached by any offset chain; placed {} ({} record(s) "
                                              "with those below it and after it in its own chain)",
                                              describe(i), where, t.in_tree - before)));
      for (std::size_t k = problems_before; k < t.problems.size(); ++k) findings_.push_back(t.problems[k]);
      t.problems.resize(problems_before);
    }
  }
}

std::pair<Tree, bool> Builder::build(std::uint32_t first_root, std::optional<std::uint32_t> last_root) {
  Tree a = walk_from({first_root}, "(0004,1200) Offset of the First Directory Record of the Root Directory Entity");
  const std::size_t a_unreached = a.unreached(records_);
  if (a.problems.empty() && a_unreached == 0) {
    if (last_root && !a.roots.empty() && records_[a.roots.back()].offset != *last_root) {
      findings_.push_back(finding("dicomdir.root-offset", Severity::kWarning, "(0004,1202)",
                                  fmt::format("(0004,1202) Offset of the Last Directory Record of the Root Directory "
                                              "Entity is {}, but the root chain ends at the {}",
                                              *last_root, describe(a.roots.back()))));
    }
    return {std::move(a), false};
  }

  // Plan B: the root offset is the one wrong value.
  const std::vector<std::uint32_t> heads = unreferenced_heads();
  Tree b = walk_from(heads, "a record no offset points at");
  // Only when the heads can stand at the root (else this is plan C's case: no usable offsets).
  const bool heads_fit_root = std::all_of(b.roots.begin(), b.roots.end(), [&](std::size_t i) {
    const RecordTypeInfo* info = find_type(records_[i].type);
    return !info || info->parent.empty() || info->parent == "*";
  });
  if (b.problems.empty() && b.unreached(records_) == 0 && !heads.empty() && heads_fit_root) {
    findings_.push_back(finding(
        "dicomdir.root-offset", Severity::kError, "(0004,1200)",
        fmt::format("following (0004,1200) = {} reaches {} of {} records; the root entity was rebuilt from the {} "
                    "record(s) no offset points at (first at offset {}), which reaches them all{}",
                    first_root, a.in_tree, records_.size(), heads.size(), heads.front(),
                    last_root && !b.roots.empty() && records_[b.roots.back()].offset == *last_root
                        ? " and ends at (0004,1202) as declared"
                        : "")));
    return {std::move(b), false};
  }

  // Plan C: nothing reachable at all.
  if (a.in_tree == 0 && a_unreached > 0) {
    for (Finding& f : a.problems) findings_.push_back(std::move(f));
    findings_.push_back(finding("dicomdir.sequence-order", Severity::kWarning, "",
                                fmt::format("the offsets reach none of the {} records; the hierarchy was rebuilt from "
                                            "the order of the Directory Record Sequence (PATIENT > STUDY > SERIES > "
                                            "leaf records)",
                                            records_.size())));
    Tree c = from_sequence_order();
    for (Finding& f : c.problems) findings_.push_back(std::move(f));
    return {std::move(c), true};
  }

  // Plan D.
  for (Finding& f : a.problems) findings_.push_back(std::move(f));
  a.problems.clear();
  place_orphans(a);
  return {std::move(a), false};
}

// Table F.4-1: is `child` allowed directly under `parent` ("" = the root)?
bool nesting_allowed(std::string_view parent, std::string_view child) {
  const RecordTypeInfo* c = find_type(child);
  if (!c || c->retired) return true;  // reported as unknown or retired already
  if (c->parent == "*" || parent == "PRIVATE") return true;
  const RecordTypeInfo* p = parent.empty() ? nullptr : find_type(parent);
  if (!parent.empty() && (!p || p->retired)) return true;
  return c->parent == parent;
}

// The nesting findings, depth first (the order a reader of the tree meets the records in).
void check_nesting(const std::vector<Record>& records, const Tree& t, std::size_t i, const std::string& path,
                   std::vector<Finding>& findings) {
  const Record& r = records[i];
  for (std::size_t c : t.children[i]) {
    if (!nesting_allowed(r.type, records[c].type)) {
      findings.push_back(Finding{"dicomdir.nesting", Severity::kWarning, path, fmt::format("(0004,1220)[{}]", c),
                                 fmt::format("a {} record (offset {}) under a {} record (offset {}) is not allowed by "
                                             "Table F.4-1",
                                             records[c].type, records[c].offset, r.type, r.offset),
                                 "PS3.3 F.4", false});
    }
    check_nesting(records, t, c, path, findings);
  }
}

Finding file_finding(const std::string& path, std::string rule, Severity s, std::string tag, std::string message,
                     std::string reference) {
  return Finding{std::move(rule), s, path, std::move(tag), std::move(message), std::move(reference), false};
}

void check_file_level(Dicomdir& dir) {
  const dicom::part10::DicomFile& f = dir.file;
  for (const auto& w : f.warnings)
    dir.findings.push_back(file_finding(dir.path, "dicomdir.read-warning", Severity::kInfo, w.tag_path,
                                        fmt::format("offset {}: {}", w.offset, w.message), "PS3.10 7.1"));
  if (f.transfer_syntax && f.transfer_syntax->uid != dicom::uids::ExplicitVRLittleEndian)
    dir.findings.push_back(file_finding(dir.path, "dicomdir.transfer-syntax", Severity::kWarning, "(0002,0010)",
                                        fmt::format("the DICOMDIR is encoded in {}, not Explicit VR Little Endian; read "
                                                    "anyway (offsets are still file offsets)",
                                                    f.transfer_syntax->name),
                                        "PS3.10 8.6"));
  if (f.transfer_syntax && f.transfer_syntax->deflated)
    dir.findings.push_back(file_finding(dir.path, "dicomdir.transfer-syntax", Severity::kError, "(0002,0010)",
                                        "the DICOMDIR is deflated: its record offsets cannot point into the file",
                                        "PS3.10 8.6"));
  const auto sop_class = f.meta.get_string(tags::MediaStorageSOPClassUID);
  if (sop_class != dicom::uids::MediaStorageDirectoryStorage)
    dir.findings.push_back(file_finding(dir.path, "dicomdir.sop-class", Severity::kWarning, "(0002,0002)",
                                        fmt::format("Media Storage SOP Class UID is '{}', not Media Storage Directory "
                                                    "Storage",
                                                    sop_class.value_or("(absent)")),
                                        "PS3.10 8.6"));
  if (f.dataset.get_uint16(tags::FileSetConsistencyFlag) == 0xFFFF)
    dir.findings.push_back(file_finding(dir.path, "dicomdir.consistency-flag", Severity::kWarning, "(0004,1212)",
                                        "File-set Consistency Flag is FFFFH (retired meaning: inconsistencies known)",
                                        "PS3.3 F.3.2.2"));
}

std::vector<std::string> file_id_of(const dicom::DataSet& item) {
  std::vector<std::string> id;
  for (std::string_view c : item.get_strings(tags::ReferencedFileID)) id.emplace_back(trim(c));
  if (id.size() == 1 && id[0].empty()) id.clear();
  return id;
}

}  // namespace

// One read of a DICOMDIR: the records as the Part 10 reader streams them, then the hierarchy.
struct Reading {
  Dicomdir dir;
  std::vector<Record> records;
  std::vector<Finding> record_findings;  // reported after the file-level ones, as they come first
  std::unordered_set<std::string_view> unknown;  // views of dir.unknown_types_
  bool items_seen = false;

  void read_from_memory(base::ByteView bytes) { dir.memory_ = bytes; }

  std::string_view intern(std::string_view type) {
    if (const RecordTypeInfo* info = find_type(type)) return info->type;
    if (auto it = unknown.find(type); it != unknown.end()) return *it;
    return *unknown.insert(dir.unknown_types_.emplace_back(type)).first;
  }

  dicom::part10::ReadOptions options() {
    dicom::part10::ReadOptions o;
    o.streamed_sequence = tags::DirectoryRecordSequence;
    o.item_sink = [this](const dicom::part10::ItemLocation& at, dicom::DataSet&& item) {
      // A second (0004,1220) (its items restart at 0) is a duplicate the reader drops: so here.
      if (at.index == 0 && items_seen) return base::Status{};
      items_seen = true;
      if (at.index == 0) dir.items_ = at;
      if (!at.rereadable) dir.kept_.push_back(item);  // deflated: keep, as nothing can be read again
      add(at, item);
      return base::Status{};
    };
    return o;
  }

  // The record and its own findings (missing offsets, types, flags, File IDs).
  void add(const dicom::part10::ItemLocation& at, const dicom::DataSet& item) {
    const std::string tag = fmt::format("(0004,1220)[{}]", at.index);
    auto note = [&](std::string rule, Severity s, std::string tag_path, std::string message, std::string reference) {
      record_findings.push_back(file_finding(dir.path, std::move(rule), s, std::move(tag_path), std::move(message),
                                             std::move(reference)));
    };
    Record r;
    r.offset = at.offset;
    r.index = static_cast<std::uint32_t>(at.index);
    const std::string_view type = trim(item.get_string(tags::DirectoryRecordType).value_or(""));
    r.type = intern(type);
    const std::vector<std::string> file_id = file_id_of(item);
    r.has_file_id = !file_id.empty();
    r.in_use = item.get_uint16(tags::RecordInUseFlag).value_or(0xFFFF) != 0x0000;
    auto offset_of = [&](dicom::Tag t, std::string_view name) -> std::uint32_t {
      if (auto v = item.get_uint32(t)) return *v;
      note("dicomdir.offset-missing", Severity::kWarning, tag,
           fmt::format("the {} record at offset {} has no {} (Type 1); taken as 0", r.type, r.offset, name),
           "PS3.3 F.3.2.2");
      return 0;
    };
    r.next = offset_of(tags::OffsetOfTheNextDirectoryRecord, "(0004,1400) Offset of the Next Directory Record");
    r.lower = offset_of(tags::OffsetOfReferencedLowerLevelDirectoryEntity,
                        "(0004,1420) Offset of Referenced Lower-Level Directory Entity");
    const RecordTypeInfo* info = find_type(r.type);
    if (!info) {
      note("dicomdir.record-type-unknown", Severity::kWarning, tag,
           fmt::format("record at offset {} has the unknown Directory Record Type '{}'; kept as it is", r.offset,
                       r.type),
           "PS3.3 F.5");
    } else if (info->retired) {
      note("dicomdir.record-type-retired", Severity::kInfo, tag,
           fmt::format("record at offset {} has the retired type {}; tolerated", r.offset, r.type), "PS3.3 F.5");
    }
    if (!r.in_use)
      note("dicomdir.record-inactive", Severity::kWarning, tag,
           fmt::format("the {} record at offset {} is inactive (in-use flag 0000H); it and its lower-level records "
                       "are skipped",
                       r.type, r.offset),
           "PS3.3 F.3.2.2");
    if (!file_id.empty()) {
      bool lower_case = false;
      if (auto ok = check_file_id(file_id, &lower_case); !ok) {
        note("dicomdir.file-id", Severity::kError, tag + "/(0004,1500)",
             fmt::format("the {} record at offset {}: {}; the file will not be opened", r.type, r.offset,
                         ok.error().message),
             "PS3.10 8.2");
      } else if (lower_case) {
        note("dicomdir.file-id-lower-case", Severity::kWarning, tag + "/(0004,1500)",
             fmt::format("the {} record at offset {}: File ID has lower-case letters; tolerated, matched "
                         "case-insensitively",
                         r.type, r.offset),
             "PS3.10 8.2");
      }
    }
    records.push_back(r);
  }

  // Everything after the Part 10 read: file-level checks, the hierarchy, the compact tree.
  Dicomdir finish(dicom::part10::DicomFile file) {
    dir.file = std::move(file);
    const std::string& path = dir.path;
    dir.fileset_id = std::string(trim(dir.file.dataset.get_string(tags::FileSetID).value_or("")));
    dir.fileset_uid = std::string(dir.file.meta.get_string(tags::MediaStorageSOPInstanceUID).value_or(""));
    check_file_level(dir);
    const dicom::Element* seq = dir.file.dataset.find(tags::DirectoryRecordSequence);
    if (!seq || !seq->is_sequence()) {
      dir.findings.push_back(file_finding(path, "dicomdir.no-record-sequence", Severity::kError, "(0004,1220)",
                                          seq ? "(0004,1220) Directory Record Sequence is not a sequence; no records"
                                              : "(0004,1220) Directory Record Sequence is absent (Type 2); no records",
                                          "PS3.3 F.3.2.2"));
      return std::move(dir);
    }
    for (Finding& f : record_findings) dir.findings.push_back(std::move(f));
    record_findings = {};
    const auto first_root = dir.file.dataset.get_uint32(tags::OffsetOfTheFirstDirectoryRecordOfTheRootDirectoryEntity);
    const auto last_root = dir.file.dataset.get_uint32(tags::OffsetOfTheLastDirectoryRecordOfTheRootDirectoryEntity);
    if (!first_root && !records.empty())
      dir.findings.push_back(file_finding(path, "dicomdir.offset-missing", Severity::kError, "(0004,1200)",
                                          "(0004,1200) Offset of the First Directory Record of the Root Directory "
                                          "Entity is absent (Type 1)",
                                          "PS3.3 F.3.2.2"));
    if (records.empty()) return std::move(dir);

    Builder builder(path, records, dir.findings);
    auto [tree, from_sequence] = builder.build(first_root.value_or(0), last_root);
    dir.hierarchy_from_sequence_order = from_sequence;
    for (std::size_t r : tree.roots) {
      if (!nesting_allowed("", records[r].type))
        dir.findings.push_back(file_finding(path, "dicomdir.nesting", Severity::kWarning,
                                            fmt::format("(0004,1220)[{}]", r),
                                            fmt::format("a {} record (offset {}) at the root is not allowed by Table "
                                                        "F.4-1",
                                                        records[r].type, records[r].offset),
                                            "PS3.3 F.4"));
      check_nesting(records, tree, r, path, dir.findings);
    }
    lay_out(tree);
    return std::move(dir);
  }

  // The tree breadth first into one array, so that each record's children are adjacent and a
  // RecordList is a pointer and a count.
  void lay_out(const Tree& t) {
    std::vector<std::size_t> order(t.roots.begin(), t.roots.end());
    std::vector<std::size_t> first_child;
    for (std::size_t pos = 0; pos < order.size(); ++pos) {
      first_child.push_back(order.size());
      for (std::size_t c : t.children[order[pos]]) order.push_back(c);
    }
    dir.records_.resize(order.size());
    for (std::size_t pos = 0; pos < order.size(); ++pos) {
      const Record& r = records[order[pos]];
      DirectoryRecord& out = dir.records_[pos];
      out.type = r.type;
      out.offset = r.offset;
      out.index = r.index;
      out.in_use = r.in_use;
      out.has_file_id = r.has_file_id;
      out.children = RecordList(dir.records_.data() + first_child[pos], t.children[order[pos]].size());
    }
    dir.roots = RecordList(dir.records_.data(), t.roots.size());
  }
};

std::size_t count_records(const RecordList& records) {
  std::size_t n = records.size();
  for (const DirectoryRecord& r : records) n += count_records(r.children);
  return n;
}

base::Result<Dicomdir> read_dicomdir(const std::string& path) {
  Reading reading;
  reading.dir.path = path;
  DISCUS_TRY(dicom::part10::DicomFile file, dicom::part10::read_file(path, reading.options()));
  return reading.finish(std::move(file));
}

base::Result<Dicomdir> read_dicomdir_memory(base::ByteView bytes, const std::string& name) {
  Reading reading;
  reading.dir.path = name;
  reading.read_from_memory(bytes);
  DISCUS_TRY(dicom::part10::DicomFile file, dicom::part10::read_memory(bytes, reading.options(), name));
  return reading.finish(std::move(file));
}

base::Result<RecordItem> Dicomdir::load(const DirectoryRecord& r) const {
  RecordItem out;
  if (!items_.rereadable) {
    if (r.index >= kept_.size())
      return base::Error{base::ErrorCode::kInvalidArgument, fmt::format("no record {} in {}", r.index, path)};
    out.keys = kept_[r.index];
  } else {
    dicom::part10::ItemLocation at = items_;
    at.index = r.index;
    at.offset = r.offset;
    if (file.source) {
      DISCUS_TRY(out.keys, dicom::part10::read_item(file.source, at));
    } else {
      DISCUS_TRY(out.keys, dicom::part10::read_item_memory(memory_, at, path));
    }
  }
  out.file_id = file_id_of(out.keys);
  return out;
}

}  // namespace discus::media::dicomdir
