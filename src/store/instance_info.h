// discus::store — what the study store keeps of one received instance: the keys of the
// Patient/Study/Series/Instance levels (PS3.4 C.6.1.1 Table C.6-1..4) read from its header, and
// a digest of its data set, so a study re-sent unchanged is known as unchanged.
//
// The header is read once, up to Pixel Data (part10 stop_before_pixels); text values are decoded
// through the file's Specific Character Set to UTF-8. The digest is SHA-256 of the bytes after
// the File Meta Information: the data set as the sender encoded it, whatever the Source AE Title
// the meta names (a study re-sent by another node is still the same content).
//   DISCUS_TRY(InstanceInfo i, read_instance_info("/var/lib/discus/store/1.2.3/1.2.3.4.dcm"));
#pragma once

#include <cstdint>
#include <string>

#include "base/result.h"

namespace discus::store {

struct InstanceInfo {
  std::string sop_class_uid, sop_instance_uid;
  std::string patient_id, patients_name;                 // (0010,0020), (0010,0010)
  std::string study_instance_uid, study_date, study_description, accession_number;
  std::string series_instance_uid, modality, series_description;
  std::string source_ae_title;  // (0002,0016): the calling AE title our SCP wrote
  std::uint64_t bytes = 0;      // the file's size
  std::string digest;           // SHA-256 (hex) of the data set bytes
};

base::Result<InstanceInfo> read_instance_info(const std::string& path);

}  // namespace discus::store
