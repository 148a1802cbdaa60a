// discus::iod — whole-instance rules (see instance_checks.h).
#include "iod/instance_checks.h"

#include <fmt/format.h>

#include <optional>
#include <set>
#include <utility>

#include "dicom/dict/tags.h"
#include "iod/value_checks.h"

namespace discus::iod {
namespace {

using dicom::DataSet;
using dicom::Tag;
namespace tags = dicom::tags;

base::Finding error(std::string rule, const std::string& file, std::string path, std::string message,
                    std::string reference) {
  return {std::move(rule), base::Severity::kError, file, std::move(path), std::move(message), std::move(reference)};
}

// Number of Frames as a number; 1 when absent (PS3.3 C.7.6.6: absent means one frame).
std::optional<std::uint64_t> frame_count(const DataSet& ds) {
  const dicom::Element* e = ds.find(tags::NumberOfFrames);
  if (e == nullptr) return 1;
  const auto v = value_strings(*e);
  if (v.empty()) return std::nullopt;
  const auto n = as_number(v[0]);
  if (!n || *n < 0 || *n != static_cast<double>(static_cast<std::uint64_t>(*n))) return std::nullopt;
  return static_cast<std::uint64_t>(*n);
}

bool iod_has_frames(const IodDef& iod) {
  for (const ModuleUse& use : module_uses(iod))
    for (const AttributeRule& r : rules(module(use)))
      if (r.depth == 1 && Tag{r.path[0]} == tags::NumberOfFrames) return true;
  return false;
}

void check_frames(const DataSet& ds, const IodDef* iod, const std::string& file, std::vector<base::Finding>& out) {
  const auto frames = frame_count(ds);
  if (!frames) return;  // a malformed value is reported by the value checks
  if (iod != nullptr && *frames > 1 && !iod_has_frames(*iod))
    out.push_back(error("iod.single-frame", file, dicom::to_string(tags::NumberOfFrames),
                        fmt::format("Number of Frames is {}, but the {} IOD has no Multi-frame Module: one frame only",
                                    *frames, iod->name),
                        std::string(iod->section)));
  const dicom::Element* groups = ds.find(tags::PerFrameFunctionalGroupsSequence);
  if (groups != nullptr && groups->is_sequence() && groups->items.size() != *frames)
    out.push_back(error("iod.per-frame-groups", file, dicom::to_string(tags::PerFrameFunctionalGroupsSequence),
                        fmt::format("Per-frame Functional Groups Sequence has {} Items for {} frame{}",
                                    groups->items.size(), *frames, *frames == 1 ? "" : "s"),
                        "PS3.3 C.7.6.16"));
}

// Native (not encapsulated) Pixel Data: Rows x Columns x Samples x Frames x Bits Allocated,
// rounded up to whole bytes and to even length (PS3.5 8.1.1, 7.1.1).
void check_pixel_length(const DataSet& ds, const std::string& file, std::vector<base::Finding>& out) {
  const dicom::Element* e = ds.find(tags::PixelData);
  if (e == nullptr || e->kind != dicom::Element::Kind::kPrimitive) return;
  const std::string path = dicom::to_string(tags::PixelData);
  const auto& value = e->value;
  const auto rows = ds.get_uint16(tags::Rows), columns = ds.get_uint16(tags::Columns);
  const auto samples = ds.get_uint16(tags::SamplesPerPixel), bits = ds.get_uint16(tags::BitsAllocated);
  const auto frames = frame_count(ds);
  if (!rows || !columns || !samples || !bits || !frames || *bits == 0) return;
  const std::uint64_t pixel_bits = std::uint64_t{*rows} * *columns * *samples * *frames * *bits;
  std::uint64_t expected = (pixel_bits + 7) / 8;
  expected += expected % 2;
  if (value.size() == expected) return;
  out.push_back(error("iod.pixel-data-length", file, path,
                      fmt::format("Pixel Data has {} bytes; Rows {} x Columns {} x Samples per Pixel {} x {} frame{} x "
                                  "Bits Allocated {} need {}",
                                  value.size(), *rows, *columns, *samples, *frames, *frames == 1 ? "" : "s", *bits,
                                  expected),
                      "PS3.5 8.1.1"));
}

// PS3.5 9: a UID names one thing; a study that shares its UID with its frame of reference (or
// series, or instance) makes references ambiguous.
void check_distinct_uids(const DataSet& ds, const std::string& file, std::vector<base::Finding>& out) {
  static constexpr std::pair<Tag, const char*> kEntities[] = {
      {tags::StudyInstanceUID, "Study Instance UID"},
      {tags::SeriesInstanceUID, "Series Instance UID"},
      {tags::SOPInstanceUID, "SOP Instance UID"},
      {tags::FrameOfReferenceUID, "Frame of Reference UID"},
  };
  for (std::size_t i = 0; i < std::size(kEntities); ++i) {
    const auto a = ds.get_string(kEntities[i].first);
    if (!a || a->empty()) continue;
    for (std::size_t j = i + 1; j < std::size(kEntities); ++j) {
      const auto b = ds.get_string(kEntities[j].first);
      if (b && *a == *b)
        out.push_back(error("iod.uid-reused", file, dicom::to_string(kEntities[i].first),
                            fmt::format("{} has the same value as {}: {}", kEntities[i].second, kEntities[j].second, *a),
                            "PS3.5 9"));
    }
  }
}

// PS3.3 10.3 (Image SOP Instance Reference Macro): Referenced Frame Number is Type 1C, required
// when the referenced instance is multi-frame; PS3.5 7.4.3: a 1C attribute is absent when its
// condition does not hold, so it has no place in a reference to a single-frame SOP class.
void check_frame_references(const DataSet& ds, const std::string& prefix, const std::string& file,
                            std::vector<base::Finding>& out, unsigned depth) {
  if (depth > 32) return;
  if (ds.contains(tags::ReferencedFrameNumber)) {
    const auto cls = ds.get_string(tags::ReferencedSOPClassUID);
    const IodDef* referenced = cls ? find_iod(*cls) : nullptr;
    if (referenced != nullptr && !iod_has_frames(*referenced))
      out.push_back(error("iod.frame-reference", file, prefix + dicom::to_string(tags::ReferencedFrameNumber),
                          fmt::format("Referenced Frame Number is present, but the referenced {} is single-frame",
                                      referenced->name),
                          "PS3.3 10.3"));
  }
  for (const auto& e : ds) {
    if (!e.is_sequence()) continue;
    for (std::size_t i = 0; i < e.items.size(); ++i)
      check_frame_references(e.items[i], fmt::format("{}{}[{}]/", prefix, dicom::to_string(e.tag), i), file, out,
                             depth + 1);
  }
}

// Every Referenced SOP Instance UID at any depth below `ds` (the evidence sequences' hierarchy).
void collect_references(const DataSet& ds, std::set<std::string, std::less<>>& out, unsigned depth) {
  if (depth > 32) return;
  if (const auto uid = ds.get_string(tags::ReferencedSOPInstanceUID)) out.emplace(dicom::trim_padding(*uid));
  for (const auto& e : ds)
    if (e.is_sequence())
      for (const auto& item : e.items) collect_references(item, out, depth + 1);
}

// PS3.3 C.17.2.3: every composite instance an SR content item (IMAGE, COMPOSITE, WAVEFORM)
// references is listed in Current Requested Procedure Evidence or Pertinent Other Evidence.
void check_sr_references(const DataSet& item, const std::string& prefix, const std::set<std::string, std::less<>>& evidence,
                         const std::string& file, std::vector<base::Finding>& out, unsigned depth) {
  if (depth > 64) return;
  const dicom::Element* content = item.find(tags::ContentSequence);
  if (content == nullptr || !content->is_sequence()) return;
  for (std::size_t i = 0; i < content->items.size(); ++i) {
    const DataSet& child = content->items[i];
    const std::string here = fmt::format("{}{}[{}]/", prefix, dicom::to_string(tags::ContentSequence), i);
    const std::string type(dicom::trim_padding(child.get_string(tags::ValueType).value_or("")));
    if (type == "IMAGE" || type == "COMPOSITE" || type == "WAVEFORM") {
      // The referenced instance, and what it refers to in turn (an IMAGE's presentation state).
      std::vector<std::pair<const DataSet*, std::string>> stack{{&child, here}};
      while (!stack.empty()) {
        auto [ds, path] = stack.back();
        stack.pop_back();
        const dicom::Element* refs = ds->find(tags::ReferencedSOPSequence);
        if (refs == nullptr || !refs->is_sequence() || path.size() > 4096) continue;
        for (std::size_t r = 0; r < refs->items.size(); ++r) {
          const std::string ref_path = fmt::format("{}{}[{}]/", path, dicom::to_string(tags::ReferencedSOPSequence), r);
          const auto uid = refs->items[r].get_string(tags::ReferencedSOPInstanceUID);
          if (uid && !uid->empty() && !evidence.contains(dicom::trim_padding(*uid)))
            out.push_back(error("iod.sr-evidence", file, ref_path + dicom::to_string(tags::ReferencedSOPInstanceUID),
                                fmt::format("the {} content item references {}, which neither Current Requested "
                                            "Procedure Evidence nor Pertinent Other Evidence lists",
                                            type, dicom::trim_padding(*uid)),
                                "PS3.3 C.17.2.3"));
          stack.emplace_back(&refs->items[r], ref_path);
        }
      }
    }
    check_sr_references(child, here, evidence, file, out, depth + 1);
  }
}

void check_sr_evidence(const DataSet& ds, const IodDef* iod, const std::string& file, std::vector<base::Finding>& out) {
  if (iod == nullptr || !ds.contains(tags::ContentSequence) || !ds.contains(tags::ValueType)) return;
  bool sr = false;  // an SR IOD: one whose modules list the evidence sequences
  for (const ModuleUse& use : module_uses(*iod))
    for (const AttributeRule& r : rules(module(use)))
      sr = sr || (r.depth == 1 && Tag{r.path[0]} == tags::CurrentRequestedProcedureEvidenceSequence);
  if (!sr) return;
  std::set<std::string, std::less<>> evidence;
  for (Tag t : {tags::CurrentRequestedProcedureEvidenceSequence, tags::PertinentOtherEvidenceSequence})
    if (const dicom::Element* e = ds.find(t); e != nullptr && e->is_sequence())
      for (const auto& item : e->items) collect_references(item, evidence, 0);
  check_sr_references(ds, "", evidence, file, out, 0);
}

}  // namespace

void check_instance(const DataSet& ds, const IodDef* iod, const std::string& file, std::vector<base::Finding>& out) {
  check_frames(ds, iod, file, out);
  check_pixel_length(ds, file, out);
  check_distinct_uids(ds, file, out);
  check_frame_references(ds, "", file, out, 0);
  check_sr_evidence(ds, iod, file, out);
}

void check_file_meta(const DataSet& meta, const DataSet& ds, const std::string& file, std::vector<base::Finding>& out) {
  if (meta.empty()) return;
  // PS3.10 7.1, PS3.3 F.2: a DICOMDIR's data set is the Media Storage Directory, which has no SOP
  // Class or Instance UID of its own; the File Meta Information alone identifies it.
  if (meta.get_string(tags::MediaStorageSOPClassUID).value_or("") == "1.2.840.10008.1.3.10") {
    check_values(meta, file, out);
    return;
  }
  static constexpr std::pair<Tag, Tag> kPairs[] = {
      {tags::MediaStorageSOPClassUID, tags::SOPClassUID},
      {tags::MediaStorageSOPInstanceUID, tags::SOPInstanceUID},
  };
  for (const auto& [meta_tag, ds_tag] : kPairs) {
    const auto m = meta.get_string(meta_tag);
    if (!m) continue;
    const auto d = ds.get_string(ds_tag);
    const std::string path = dicom::to_string(meta_tag);
    if (m->empty())
      out.push_back(error("iod.meta-empty", file, path,
                          fmt::format("{} is Type 1 and empty [File Meta Information]", dicom::to_string(meta_tag)),
                          "PS3.10 7.1"));
    else if (!d || d->empty())
      out.push_back(error("iod.meta-mismatch", file, path,
                          fmt::format("File Meta Information names {}, but the data set has no {}", *m,
                                      dicom::to_string(ds_tag)),
                          "PS3.10 7.1"));
    else if (*d != *m)
      out.push_back(error("iod.meta-mismatch", file, path,
                          fmt::format("File Meta Information names {}, the data set {} {}", *m, dicom::to_string(ds_tag),
                                      *d),
                          "PS3.10 7.1"));
  }
  check_values(meta, file, out);
}

}  // namespace discus::iod
