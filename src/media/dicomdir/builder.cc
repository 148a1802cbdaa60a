#include "media/dicomdir/builder.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <map>

#include "base/endian.h"
#include "dicom/dict/dictionary.h"
#include "dicom/dict/transfer_syntax.h"
#include "dicom/encoding/output_stream.h"
#include "dicom/dict/tags.h"
#include "dicom/dict/uids.h"
#include "dicom/part10/reader.h"
#include "dicom/part10/writer.h"
#include "media/dicomdir/record_types.h"

namespace discus::media::dicomdir {

using base::Error;
using base::ErrorCode;
using base::Finding;
using base::Result;
using base::Severity;
using dicom::DataSet;
using dicom::Element;
using dicom::Tag;
using dicom::VR;
namespace tags = dicom::tags;

namespace {

std::string text(const DataSet& ds, Tag tag) { return std::string(ds.get_string(tag).value_or("")); }

long long number(const DataSet& ds, Tag tag) {
  const std::string s = text(ds, tag);
  long long v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return (ec == std::errc() && p == s.data() + s.size()) ? v : std::numeric_limits<long long>::max();
}

// PS3.11 D.3.3.1 lets the FSC supply a missing Patient ID; one derived from the name and birth
// date keeps every instance of one unidentified patient under one PATIENT record.
std::string synthesized_patient_id(const DataSet& ds) {
  std::uint32_t h = 2166136261u;  // FNV-1a
  for (char c : text(ds, tags::PatientName) + "|" + text(ds, tags::PatientBirthDate)) {
    h ^= static_cast<unsigned char>(c);
    h *= 16777619u;
  }
  return fmt::format("DISCUS_{:08X}", h);
}

struct Group {
  std::size_t first = 0;                 // instance whose data set supplies the record keys
  std::vector<std::size_t> members;      // instances (series level) or child group keys
};

struct Series {
  std::size_t first;
  std::vector<std::size_t> instances;
};
struct Study {
  std::size_t first;
  std::map<std::string, Series> series;
};
struct Patient {
  std::size_t first;
  std::string id;
  bool id_supplied = false;
  std::map<std::string, Study> studies;
};

// One directory record on its way into the sequence.
struct Node {
  DataSet item;
  std::vector<std::size_t> children;
};

class Builder {
 public:
  Builder(const std::vector<InstanceEntry>& in, const BuildOptions& opt) : in_(in), opt_(opt) {}

  Result<BuiltDicomdir> run() {
    group();
    std::vector<std::size_t> roots;
    for (auto& [id, patient] : patients_) roots.push_back(add_patient(patient));
    for (std::size_t i : root_level_) roots.push_back(add_leaf(i, rule_of_[i], 0));
    return encode(roots);
  }

 private:
  void group() {
    rule_of_.resize(in_.size(), nullptr);
    for (std::size_t i = 0; i < in_.size(); ++i) {
      const DataSet& ds = *in_[i].header;
      const std::string sop_class = text(ds, tags::SOPClassUID);
      const RecordTypeRule* rule = record_type_for(sop_class);
      if (rule == nullptr) {
        findings_.push_back(Finding{"dicomdir.no-record-type", Severity::kError, in_[i].source, "(0008,0016)",
                                    fmt::format("no directory record type references SOP Class '{}'; the instance "
                                                "cannot be listed in a DICOMDIR",
                                                sop_class),
                                    "PS3.3 F.4-1", false});
        continue;
      }
      rule_of_[i] = rule;
      if (rule->root_level) {
        root_level_.push_back(i);
        continue;
      }
      std::string pid = text(ds, tags::PatientID);
      const bool supplied = pid.empty();
      if (supplied) pid = synthesized_patient_id(ds);
      auto [pit, new_patient] = patients_.try_emplace(pid, Patient{i, pid, supplied, {}});
      auto [sit, new_study] = pit->second.studies.try_emplace(text(ds, tags::StudyInstanceUID), Study{i, {}});
      auto [eit, new_series] = sit->second.series.try_emplace(text(ds, tags::SeriesInstanceUID), Series{i, {}});
      eit->second.instances.push_back(i);
    }
  }

  std::size_t add_patient(const Patient& p) {
    const std::size_t node = new_node("PATIENT", *in_[p.first].header);
    DataSet& item = nodes_[node].item;
    copy_keys(item, "PATIENT", p.first, 0);
    item.set_string(tags::PatientID, VR::LO, p.id);
    if (p.id_supplied)
      supplied(p.first, tags::PatientID, "PATIENT", p.id, "PS3.3 F.5.1");
    // Studies in date order, then by UID, so the tree reads like a timeline.
    std::vector<const Study*> studies;
    for (const auto& [uid, s] : p.studies) studies.push_back(&s);
    std::stable_sort(studies.begin(), studies.end(), [&](const Study* a, const Study* b) {
      const DataSet& x = *in_[a->first].header;
      const DataSet& y = *in_[b->first].header;
      return std::tuple(text(x, tags::StudyDate), text(x, tags::StudyTime)) <
             std::tuple(text(y, tags::StudyDate), text(y, tags::StudyTime));
    });
    std::size_t ordinal = 0;
    for (const Study* s : studies) {
      const std::size_t child = add_study(*s, ++ordinal);
      nodes_[node].children.push_back(child);
    }
    return node;
  }

  std::size_t add_study(const Study& s, std::size_t ordinal) {
    const std::size_t node = new_node("STUDY", *in_[s.first].header);
    copy_keys(nodes_[node].item, "STUDY", s.first, ordinal);
    std::vector<const Series*> series;
    for (const auto& [uid, e] : s.series) series.push_back(&e);
    std::stable_sort(series.begin(), series.end(), [&](const Series* a, const Series* b) {
      return number(*in_[a->first].header, tags::SeriesNumber) < number(*in_[b->first].header, tags::SeriesNumber);
    });
    std::size_t n = 0;
    for (const Series* e : series) {
      const std::size_t child = add_series(*e, ++n);
      nodes_[node].children.push_back(child);
    }
    return node;
  }

  std::size_t add_series(const Series& s, std::size_t ordinal) {
    const std::size_t node = new_node("SERIES", *in_[s.first].header);
    copy_keys(nodes_[node].item, "SERIES", s.first, ordinal);
    std::vector<std::size_t> instances = s.instances;
    std::stable_sort(instances.begin(), instances.end(), [&](std::size_t a, std::size_t b) {
      const auto na = number(*in_[a].header, tags::InstanceNumber), nb = number(*in_[b].header, tags::InstanceNumber);
      return na != nb ? na < nb : in_[a].file_id < in_[b].file_id;
    });
    std::size_t n = 0;
    for (std::size_t i : instances) {
      const std::size_t child = add_leaf(i, rule_of_[i], ++n);
      nodes_[node].children.push_back(child);
    }
    return node;
  }

  std::size_t add_leaf(std::size_t i, const RecordTypeRule* rule, std::size_t ordinal) {
    const DataSet& ds = *in_[i].header;
    const std::string type(rule->record_type);
    const std::size_t node = new_node(type, ds);
    DataSet& item = nodes_[node].item;
    std::string file_id;
    for (const std::string& c : in_[i].file_id) file_id += (file_id.empty() ? "" : "\\") + c;
    item.set_string(tags::ReferencedFileID, VR::CS, file_id);
    item.set_string(tags::ReferencedSOPClassUIDInFile, VR::UI, text(ds, tags::SOPClassUID));
    item.set_string(tags::ReferencedSOPInstanceUIDInFile, VR::UI, text(ds, tags::SOPInstanceUID));
    item.set_string(tags::ReferencedTransferSyntaxUIDInFile, VR::UI, in_[i].transfer_syntax_uid);
    // PS3.3 F.3-3: required when the instance names Related General SOP Classes.
    if (const Element* related = ds.find(tags::RelatedGeneralSOPClassUID); related && related->value.size() != 0) {
      Element copy = *related;
      copy.tag = tags::ReferencedRelatedGeneralSOPClassUIDInFile;
      item.insert(copy);
    }
    copy_keys(item, type, i, ordinal);
    if (in_[i].icon != nullptr) {  // PS3.3 F.7: one item, the icon of the record's instance
      Element icon;
      icon.tag = tags::IconImageSequence;
      icon.vr = VR::SQ;
      icon.kind = Element::Kind::kSequence;
      icon.items.push_back(*in_[i].icon);
      item.insert(std::move(icon));
    }
    return node;
  }

  std::size_t new_node(const std::string& type, const DataSet& source) {
    Node n;
    n.item.set_uint32(tags::OffsetOfTheNextDirectoryRecord, 0);
    n.item.set_uint16(tags::RecordInUseFlag, 0xFFFF);  // PS3.3 F.3-3: always FFFFH
    n.item.set_uint32(tags::OffsetOfReferencedLowerLevelDirectoryEntity, 0);
    n.item.set_string(tags::DirectoryRecordType, VR::CS, type);
    // Text keys are copied byte for byte, so the record declares the source's character set.
    if (const Element* cs = source.find(tags::SpecificCharacterSet); cs && cs->value.size() != 0) n.item.insert(*cs);
    nodes_.push_back(std::move(n));
    return nodes_.size() - 1;
  }

  void copy_keys(DataSet& item, const std::string& type, std::size_t i, std::size_t ordinal) {
    const DataSet& ds = *in_[i].header;
    for (const RecordKey& k : keys_of(type)) copy_key(item, ds, i, type, k.tag, k.type, k.synthesize, std::string(k.reference), ordinal);
    for (const ExtraKey& k : opt_.extra_keys) {
      if (k.record_type != type) continue;
      const KeyType t = k.type == "1" ? KeyType::kType1 : k.type == "2" ? KeyType::kType2 : KeyType::kType1C;
      copy_key(item, ds, i, type, k.tag, t, Synthesize::kNone, k.reference, ordinal);
    }
  }

  void copy_key(DataSet& item, const DataSet& ds, std::size_t i, const std::string& type, Tag tag, KeyType t,
                Synthesize synth, const std::string& reference, std::size_t ordinal) {
    if (item.contains(tag)) return;
    const Element* e = find_key(ds, tag);
    const bool has_value = e != nullptr && (e->is_sequence() ? !e->items.empty() : e->value.size() != 0);
    if (has_value || (e != nullptr && t != KeyType::kType1)) {
      item.insert(normalized(*e, i, type));
      return;
    }
    if (t == KeyType::kType2 || t == KeyType::kType2C) {
      insert_empty(item, tag);
      return;
    }
    if (t != KeyType::kType1) return;  // 1C and 3 keys absent from the instance stay absent
    if (synth == Synthesize::kPatientId) return;  // supplied per patient by add_patient()
    const VR vr = dicom::dict::default_vr(tag);
    if (synth == Synthesize::kNone && !(vr == VR::CS || vr == VR::SH || vr == VR::LO || vr == VR::DA || vr == VR::TM)) {
      findings_.push_back(Finding{"dicomdir.key-missing", Severity::kError, in_[i].source, to_string(tag),
                                  fmt::format("{} is a Type 1 key of {} records and the instance has no value for it",
                                              keyword(tag), type),
                                  reference, false});
      insert_empty(item, tag);
      return;
    }
    // PS3.11 D.3.3.1: the FSC supplies a Type 1 key "in some other way"; text keys without a
    // better source get UNKNOWN, dates and times the instance's nearest other date or time.
    if (synth == Synthesize::kNone) synth = vr == VR::DA ? Synthesize::kStudyDate : vr == VR::TM ? Synthesize::kStudyTime : synth;
    const std::string value = synth == Synthesize::kNone ? std::string("UNKNOWN") : synthesized(ds, synth, ordinal);
    item.set_string(tag, dicom::dict::default_vr(tag), value);
    supplied(i, tag, type, value, reference);
  }

  // The key as the record needs it. Verification DateTime sits in the last Verifying Observer
  // item of an SR (PS3.3 C.17.2) but at the top of an SR DOCUMENT record (PS3.3 F.5.18).
  static const Element* find_key(const DataSet& ds, Tag tag) {
    if (const Element* e = ds.find(tag)) return e;
    if (tag == tags::VerificationDateTime)
      if (const Element* seq = ds.find(tags::VerifyingObserverSequence); seq && !seq->items.empty())
        return seq->items.back().find(tag);
    return nullptr;
  }

  // Dates and times in the ACR-NEMA forms "1997.04.24" and "14:04:38" (PS3.5 6.2 notes they were
  // used before DICOM) become "19970424" and "140438" in the record, with a finding.
  Element normalized(const Element& e, std::size_t i, const std::string& type) {
    if ((e.vr != VR::DA && e.vr != VR::TM) || e.value.is_deferred()) return e;
    const std::string raw(base::as_chars(e.value.bytes));
    const char sep = e.vr == VR::DA ? '.' : ':';
    if (raw.find(sep) == std::string::npos) return e;
    std::string fixed;
    for (char c : raw)
      if (c != sep && c != ' ') fixed += c;
    Element out = e;
    out.value.bytes = base::to_bytes(fixed);
    if (out.value.bytes.size() % 2) out.value.bytes.push_back(' ');
    findings_.push_back(Finding{"dicomdir.value-normalized", Severity::kWarning, in_[i].source, to_string(e.tag),
                                fmt::format("{} \"{}\" is in the pre-DICOM form; the {} record carries \"{}\"",
                                            keyword(e.tag), dicom::trim_padding(raw), type, fixed),
                                "PS3.5 6.2", true});
    return out;
  }

  static std::string synthesized(const DataSet& ds, Synthesize synth, std::size_t ordinal) {
    auto first_of = [&](std::initializer_list<Tag> candidates, const char* fallback) {
      for (Tag t : candidates)
        if (auto v = ds.get_string(t); v && !v->empty()) return std::string(*v);
      return std::string(fallback);
    };
    switch (synth) {
      case Synthesize::kStudyDate:
        return first_of({tags::SeriesDate, tags::AcquisitionDate, tags::ContentDate, tags::InstanceCreationDate}, "19000101");
      case Synthesize::kStudyTime:
        return first_of({tags::SeriesTime, tags::AcquisitionTime, tags::ContentTime, tags::InstanceCreationTime}, "000000");
      default:
        return std::to_string(ordinal);  // Study ID, Series Number, Instance Number: position in the tree
    }
  }

  void supplied(std::size_t i, Tag tag, const std::string& type, const std::string& value, const std::string& reference) {
    findings_.push_back(Finding{"dicomdir.key-supplied", Severity::kWarning, in_[i].source, to_string(tag),
                                fmt::format("{} is a Type 1 key of {} records and the instance has no value for it; "
                                            "the record carries \"{}\" (the instance is unchanged)",
                                            keyword(tag), type, value),
                                reference + "; PS3.11 D.3.3.1", true});
  }

  static std::string keyword(Tag tag) {
    const auto* d = dicom::dict::find(tag);
    return d ? fmt::format("{} {}", d->keyword, to_string(tag)) : to_string(tag);
  }

  static void insert_empty(DataSet& item, Tag tag) {
    Element e;
    e.tag = tag;
    e.vr = dicom::dict::default_vr(tag);
    if (e.vr == VR::SQ) e.kind = Element::Kind::kSequence;
    item.insert(std::move(e));
  }

  // Depth-first order puts every record right after its parent, as readers expect.
  void flatten(std::size_t node, std::vector<std::size_t>& order) const {
    order.push_back(node);
    for (std::size_t c : nodes_[node].children) flatten(c, order);
  }

  // Each record is encoded once, with zero offsets. An item's offset in the file is then known
  // (the part before the record sequence does not depend on the offsets' values: every offset is
  // a 4-byte UL), and the offsets are patched into the encoded bytes in place.
  Result<BuiltDicomdir> encode(const std::vector<std::size_t>& roots) {
    std::vector<std::size_t> order;
    for (std::size_t r : roots) flatten(r, order);
    std::vector<std::size_t> position(nodes_.size());
    for (std::size_t i = 0; i < order.size(); ++i) position[order[i]] = i;

    DataSet meta;
    meta.set_string(tags::MediaStorageSOPClassUID, VR::UI, dicom::uids::MediaStorageDirectoryStorage);
    meta.set_string(tags::MediaStorageSOPInstanceUID, VR::UI, opt_.fileset_uid);
    dicom::part10::WriteOptions w;
    w.transfer_syntax_uid = std::string(dicom::uids::ExplicitVRLittleEndian);  // PS3.10 8.6
    w.sequence_lengths = dicom::part10::SequenceLengths::kDefined;
    const dicom::dict::TransferSyntax& ts = dicom::dict::explicit_vr_little_endian();

    // The record sequence's items, each an item header (PS3.5 7.5.2) and the record.
    dicom::MemoryOutputStream items;
    std::vector<std::uint64_t> item_at(order.size());  // of each item's header, in `items`
    for (std::size_t k = 0; k < order.size(); ++k) {
      item_at[k] = items.bytes_written();
      DISCUS_CHECK(items.write(kItemHeader));
      DISCUS_CHECK(dicom::part10::write_dataset(items, nodes_[order[k]].item, ts, w));
      const std::uint64_t size = items.bytes_written() - item_at[k] - 8;
      if (size >= 0xFFFFFFFFull) return Error{ErrorCode::kLimitExceeded, "a DICOMDIR record is too long for a defined length"};
      put_u32(items.bytes(), item_at[k] + 4, static_cast<std::uint32_t>(size));
    }
    base::Bytes& records = items.bytes();
    if (records.size() >= 0xFFFFFFFFull)
      return Error{ErrorCode::kLimitExceeded, "DICOMDIR larger than 4 GiB: its 32-bit offsets cannot address it"};

    // Everything before the items: meta and the top-level elements, the sequence last (PS3.3 F.3-3).
    DISCUS_TRY(const base::Bytes probe, head(meta, w, 0, 0));
    const std::uint64_t head_size = probe.size();
    std::vector<std::uint64_t> offsets(order.size());
    for (std::size_t k = 0; k < order.size(); ++k) offsets[k] = head_size + item_at[k];
    if (head_size + records.size() > 0xFFFFFFFFull)
      return Error{ErrorCode::kLimitExceeded, "DICOMDIR larger than 4 GiB: its 32-bit offsets cannot address it"};
    const auto offset_of = [&](std::size_t node) { return static_cast<std::uint32_t>(offsets[position[node]]); };

    for (std::size_t n = 0; n < nodes_.size(); ++n) {
      const auto& children = nodes_[n].children;
      if (!children.empty())
        DISCUS_CHECK(patch(records, item_at[position[n]], tags::OffsetOfReferencedLowerLevelDirectoryEntity, offset_of(children.front())));
      for (std::size_t c = 0; c + 1 < children.size(); ++c)
        DISCUS_CHECK(patch(records, item_at[position[children[c]]], tags::OffsetOfTheNextDirectoryRecord, offset_of(children[c + 1])));
    }
    for (std::size_t r = 0; r + 1 < roots.size(); ++r)
      DISCUS_CHECK(patch(records, item_at[position[roots[r]]], tags::OffsetOfTheNextDirectoryRecord, offset_of(roots[r + 1])));

    DISCUS_TRY(base::Bytes bytes, head(meta, w, roots.empty() ? 0 : offset_of(roots.front()), roots.empty() ? 0 : offset_of(roots.back())));
    // The sequence was written empty: its 12-byte header ends the head; give it the items' length.
    constexpr std::uint8_t kSeqHeader[8] = {0x04, 0x00, 0x20, 0x12, 'S', 'Q', 0x00, 0x00};
    if (bytes.size() != head_size || bytes.size() < 12 || !std::equal(kSeqHeader, kSeqHeader + 8, bytes.end() - 12) ||
        base::load_le<std::uint32_t>(bytes.data() + bytes.size() - 4) != 0)
      return Error{ErrorCode::kInvalidArgument, "DICOMDIR record sequence is not where it was expected"};
    put_u32(bytes, bytes.size() - 4, static_cast<std::uint32_t>(records.size()));
    bytes.insert(bytes.end(), records.begin(), records.end());

    BuiltDicomdir out;
    out.bytes = std::move(bytes);
    out.findings = std::move(findings_);
    out.record_count = order.size();
    for (const Node& n : nodes_) {
      const auto type = n.item.get_string(tags::DirectoryRecordType).value_or("");
      out.patients += type == "PATIENT";
      out.studies += type == "STUDY";
      out.series += type == "SERIES";
    }
    return out;
  }

  static constexpr std::uint8_t kItemHeader[8] = {0xFE, 0xFF, 0x00, 0xE0, 0, 0, 0, 0};

  static void put_u32(base::Bytes& b, std::uint64_t at, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) b[static_cast<std::size_t>(at) + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(v >> (8 * i));
  }

  // Writes `value` into the UL element `tag` of the record whose item header is at `item`, found
  // by walking the record's top-level elements (explicit VR little endian, as just encoded).
  static base::Status patch(base::Bytes& b, std::uint64_t item, Tag tag, std::uint32_t value) {
    const std::uint64_t end = item + 8 + base::load_le<std::uint32_t>(b.data() + item + 4);
    for (std::uint64_t p = item + 8; p + 8 <= end;) {
      const Tag t{base::load_le<std::uint16_t>(b.data() + p), base::load_le<std::uint16_t>(b.data() + p + 2)};
      const auto vr = dicom::vr_from_chars(static_cast<char>(b[p + 4]), static_cast<char>(b[p + 5]));
      if (!vr) break;
      const bool long_header = dicom::has_long_header(*vr);
      const std::uint64_t header = long_header ? 12 : 8;
      const std::uint64_t length =
          long_header ? base::load_le<std::uint32_t>(b.data() + p + 8) : base::load_le<std::uint16_t>(b.data() + p + 6);
      if (t == tag) {
        if (*vr != VR::UL || length != 4 || p + header + 4 > end) break;
        put_u32(b, p + header, value);
        return {};
      }
      if (t > tag) break;
      p += header + length;
    }
    return Error{ErrorCode::kInvalidArgument, fmt::format("DICOMDIR record has no {} to patch", to_string(tag))};
  }

  // The DICOMDIR up to and including the header of an empty Directory Record Sequence.
  Result<base::Bytes> head(const DataSet& meta, const dicom::part10::WriteOptions& w, std::uint32_t first,
                           std::uint32_t last) const {
    DataSet top;
    top.set_string(tags::FileSetID, VR::CS, opt_.fileset_id);
    top.set_uint32(tags::OffsetOfTheFirstDirectoryRecordOfTheRootDirectoryEntity, first);
    top.set_uint32(tags::OffsetOfTheLastDirectoryRecordOfTheRootDirectoryEntity, last);
    top.set_uint16(tags::FileSetConsistencyFlag, 0x0000);  // PS3.3 F.3-3: FFFFH is never written
    Element seq;
    seq.tag = tags::DirectoryRecordSequence;
    seq.vr = VR::SQ;
    seq.kind = Element::Kind::kSequence;
    top.insert(std::move(seq));
    return dicom::part10::write_memory(top, &meta, w);
  }

  const std::vector<InstanceEntry>& in_;
  const BuildOptions& opt_;
  std::vector<const RecordTypeRule*> rule_of_;
  std::map<std::string, Patient> patients_;
  std::vector<std::size_t> root_level_;
  std::vector<Node> nodes_;
  std::vector<Finding> findings_;
};

}  // namespace

std::vector<Tag> directory_key_tags(const std::vector<ExtraKey>& extra_keys) {
  // What the builder and profile::check_instance read besides the record keys of record_keys.tsv.
  static constexpr Tag kAlsoRead[] = {
      tags::SpecificCharacterSet, tags::SOPClassUID, tags::SOPInstanceUID, tags::RelatedGeneralSOPClassUID,
      tags::PatientID, tags::PatientName, tags::PatientBirthDate, tags::StudyInstanceUID, tags::SeriesInstanceUID,
      tags::StudyDate, tags::StudyTime, tags::SeriesDate, tags::SeriesTime, tags::AcquisitionDate, tags::AcquisitionTime,
      tags::ContentDate, tags::ContentTime, tags::InstanceCreationDate, tags::InstanceCreationTime, tags::InstanceNumber,
      tags::SeriesNumber, tags::VerifyingObserverSequence, tags::NumberOfFrames, tags::Rows, tags::Columns, tags::PixelData};
  std::vector<Tag> v(std::begin(kAlsoRead), std::end(kAlsoRead));
  for (const RecordKey& k : all_record_keys()) v.push_back(k.tag);
  for (const ExtraKey& k : extra_keys) v.push_back(k.tag);
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  return v;
}

void keep_only_directory_keys(DataSet& header, const std::vector<Tag>& sorted_tags) {
  header.retain([&](const Element& e) { return std::binary_search(sorted_tags.begin(), sorted_tags.end(), e.tag); });
}

void keep_only_directory_keys(DataSet& header, const std::vector<ExtraKey>& extra_keys) {
  static const std::vector<Tag> kept = directory_key_tags({});
  header.retain([&](const Element& e) {
    if (std::binary_search(kept.begin(), kept.end(), e.tag)) return true;
    return std::any_of(extra_keys.begin(), extra_keys.end(), [&](const ExtraKey& k) { return k.tag == e.tag; });
  });
}

Result<BuiltDicomdir> build_dicomdir(const std::vector<InstanceEntry>& instances, const BuildOptions& options) {
  for (const InstanceEntry& e : instances)
    if (e.header == nullptr || e.file_id.empty())
      return Error{ErrorCode::kInvalidArgument, fmt::format("instance '{}' has no header or no File ID", e.source)};
  return Builder(instances, options).run();
}

}  // namespace discus::media::dicomdir
