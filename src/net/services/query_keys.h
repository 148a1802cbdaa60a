// discus::net::services — Query/Retrieve information models, levels and matching keys
// (PS3.4 C.3, C.6 and K.6): the SOP classes of each model, and identifiers built from
// KEY=VALUE text as dcmtk's findscu -k takes it.
//
// KEY is a PS3.6 keyword or a tag ("(0010,0020)", "0010,0020"); a path of them reaches into a
// sequence ("ScheduledProcedureStepSequence.Modality": PS3.4 C.2.2.2.6 sequence matching, one
// item shared by every key of that sequence). VALUE is the matching value as PS3.4 C.2.2.2 reads
// it: single value, wild cards * and ?, ranges A-B, lists of UIDs u1\u2; empty asks for the
// attribute to be returned (universal matching). A value outside ASCII makes the identifier
// carry Specific Character Set ISO_IR 192 (UTF-8), unless the keys name one.
//
//   DISCUS_TRY(dicom::DataSet id, build_identifier({"PatientID=12*", "StudyDate=20250101-", "StudyInstanceUID"},
//                                                  QueryLevel::kStudy));
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "dicom/core/dataset.h"

namespace discus::net::services {

// PS3.4 C.3.1/C.3.2 (Patient Root, Study Root) and K.6 (Modality Worklist).
enum class QueryModel { kPatientRoot, kStudyRoot, kWorklist };
// PS3.4 C.2.2.1 Query/Retrieve Level (0008,0052).
enum class QueryLevel { kPatient, kStudy, kSeries, kImage };

std::string_view level_name(QueryLevel level);  // "PATIENT" ...
std::optional<QueryLevel> parse_level(std::string_view text);  // case-insensitive
std::string_view model_name(QueryModel model);  // "Patient Root", "Study Root", "Modality Worklist"

// The model's FIND / MOVE / GET SOP Class UIDs (PS3.4 C.6, K.6; worklist has FIND only: "").
std::string_view find_sop_class(QueryModel model);
std::string_view move_sop_class(QueryModel model);
std::string_view get_sop_class(QueryModel model);

// The unique key of a level (PS3.4 C.6.1.1 / C.6.2.1): PatientID, StudyInstanceUID, ...
dicom::Tag unique_key(QueryLevel level);

// "PatientID", "(0010,0020)", "0010,0020", "00100020".
base::Result<dicom::Tag> parse_tag(std::string_view text);

// Adds one "KEY=VALUE" (or "KEY": return it) to `identifier`, creating sequences on a path.
base::Status add_key(dicom::DataSet& identifier, std::string_view key_value);

// An identifier from keys; with a level, Query/Retrieve Level is set and the level's unique key is
// asked for when no key names it. Worklist identifiers are built with no level.
base::Result<dicom::DataSet> build_identifier(const std::vector<std::string>& keys, std::optional<QueryLevel> level);

}  // namespace discus::net::services
