// discus::media::web::detail — the medium's index read back from its DICOMDIR, shared by the
// disc viewer's data (viewer_content.cc) and the IHE PDI Web Content pages (pdi_web.cc): patients >
// studies > series > instances (record type, File ID, SOP Instance/Class UID, number, frames), text
// in UTF-8 through the DICOMDIR's Specific Character Set. Internal to src/media/web.
//   std::vector<SeriesWork> work;  DISCUS_TRY(auto index, medium_index(root, work));
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "base/result.h"
#include "dicom/charset/specific_character_set.h"
#include "dicom/core/dataset.h"

namespace discus::media::web::detail {

// Record keys as UTF-8 through the DICOMDIR's Specific Character Set (PS3.3 C.12.1.1.2).
class Text {
 public:
  explicit Text(const dicom::DataSet& dicomdir);
  std::string operator()(const dicom::DataSet& ds, dicom::Tag tag) const;

 private:
  dicom::charset::SpecificCharacterSet charset_;
};

double number_or(const std::string& s, double fallback);
std::vector<std::string> split(const std::string& s);  // at backslashes (PS3.5 6.4)

// A series the viewer's data wants presets and a thumbnail for: its middle IMAGE instance.
struct SeriesWork {
  nlohmann::ordered_json* series = nullptr;
  std::string uid;
  std::string path;                // a representative instance on the medium
  std::string thumbnail;           // data: URL
  nlohmann::ordered_json presets = nlohmann::ordered_json::array();
};

// {"version":1,"patients":[{name,id,birthDate,sex,studies:[{uid,date,time,description,id,accession,
// series:[{uid,number,modality,description,presets,instances:[{type,fileId,uid,sopClass,number,frames}]}]}]}]}
base::Result<nlohmann::ordered_json> medium_index(const std::string& root, std::vector<SeriesWork>& work);

}  // namespace discus::media::web::detail
