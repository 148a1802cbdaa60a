#include "media/author/lossy_derivative.h"

#include <fmt/format.h>

#include "codec/frames/transcode_pixels.h"
#include "dicom/dict/tags.h"

namespace discus::media::author {

namespace tags = dicom::tags;
using dicom::DataSet;
using dicom::VR;

namespace {

std::string join(const std::vector<std::string>& values) {
  std::string out;
  for (const std::string& v : values) out += (out.empty() ? "" : "\\") + v;
  return out;
}

// Copies, not views: setting one attribute may move the others.
std::vector<std::string> strings(const DataSet& ds, dicom::Tag tag) {
  std::vector<std::string> out;
  for (std::string_view v : ds.get_strings(tag)) out.emplace_back(v);
  return out;
}

dicom::Element sequence(dicom::Tag tag, std::vector<DataSet> items) {
  dicom::Element e;
  e.tag = tag;
  e.vr = VR::SQ;
  e.kind = dicom::Element::Kind::kSequence;
  e.items = std::move(items);
  return e;
}

// Source Image Sequence item: the uncompressed predecessor (PS3.16 CID 7202, DCM 121320).
DataSet predecessor(std::string_view sop_class, std::string_view sop_instance) {
  DataSet code;
  code.set_string(tags::CodeValue, VR::SH, "121320");
  code.set_string(tags::CodingSchemeDesignator, VR::SH, "DCM");
  code.set_string(tags::CodeMeaning, VR::LO, "Uncompressed predecessor");
  DataSet item;
  item.set_string(tags::ReferencedSOPClassUID, VR::UI, sop_class);
  item.set_string(tags::ReferencedSOPInstanceUID, VR::UI, sop_instance);
  item.insert(sequence(tags::PurposeOfReferenceCodeSequence, {std::move(code)}));
  return item;
}

}  // namespace

void mark_lossy_derivative(DataSet& ds, DataSet& meta, const LossyStep& step) {
  const std::string old_uid(ds.get_string(tags::SOPInstanceUID).value_or(""));
  const std::string sop_class(ds.get_string(tags::SOPClassUID).value_or(""));
  ds.set_string(tags::LossyImageCompression, VR::CS, "01");
  std::vector<std::string> ratios = strings(ds, tags::LossyImageCompressionRatio);
  std::vector<std::string> methods = strings(ds, tags::LossyImageCompressionMethod);
  // C.7.6.1.1.5.2: one value per lossy step, in the order applied. DS holds at most 16
  // characters; two decimals are plenty for a ratio.
  ratios.push_back(fmt::format("{:.2f}", step.ratio));
  methods.push_back(step.method);
  ds.set_string(tags::LossyImageCompressionRatio, VR::DS, join(ratios));
  ds.set_string(tags::LossyImageCompressionMethod, VR::CS, join(methods));
  std::vector<std::string> type = strings(ds, tags::ImageType);
  if (type.empty()) type = {"DERIVED", "SECONDARY"};
  else type[0] = "DERIVED";
  ds.set_string(tags::ImageType, VR::CS, join(type));
  std::string description(ds.get_string(tags::DerivationDescription).value_or(""));
  if (!description.empty()) description += "; ";
  description += fmt::format("Lossy compression {} ratio {:.1f}:1 for removable media", step.method, step.ratio);
  ds.set_string(tags::DerivationDescription, VR::ST, description.substr(0, 1024));
  if (!old_uid.empty()) {
    std::vector<DataSet> items;
    if (const dicom::Element* old = ds.find(tags::SourceImageSequence); old && old->is_sequence()) items = old->items;
    items.push_back(predecessor(sop_class, old_uid));
    ds.insert(sequence(tags::SourceImageSequence, std::move(items)));
  }
  ds.set_string(tags::SOPInstanceUID, VR::UI, step.new_sop_instance_uid);
  meta.set_string(tags::MediaStorageSOPInstanceUID, VR::UI, step.new_sop_instance_uid);
}

base::Result<LossyStep> measure_lossy_step(const DataSet& ds, const dicom::dict::TransferSyntax& target,
                                           std::string new_sop_instance_uid) {
  DISCUS_TRY(const codec::FrameInfo info, codec::frame_info_from(ds));
  DISCUS_TRY(const std::uint32_t frames, codec::number_of_frames(ds));
  std::uint64_t compressed = 0;
  if (const auto* pixel = ds.find(tags::PixelData))  // fragment 0 is the Basic Offset Table
    for (std::size_t k = 1; k < pixel->fragments.size(); ++k) compressed += pixel->fragments[k].size();
  const double native = static_cast<double>(info.native_frame_size()) * frames;
  return LossyStep{std::move(new_sop_instance_uid), std::string(target.lossy_method),
                   compressed ? native / static_cast<double>(compressed) : 1.0};
}

}  // namespace discus::media::author
