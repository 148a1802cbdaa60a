#include "daemon/audit/inventory.h"

#include <filesystem>
#include <map>

#include "dicom/dict/tags.h"
#include "media/dicomdir/reader.h"

namespace discus::daemon::audit {
namespace {

namespace dd = media::dicomdir;
namespace tags = dicom::tags;

std::string text(const dicom::DataSet& keys, dicom::Tag tag) {
  auto v = keys.get_string(tag);
  return v ? std::string(*v) : std::string();
}

// Counts the SOP Classes of the leaf records below `r` (series, then instances; any depth).
void count_sop_classes(const dd::Dicomdir& dir, const dd::DirectoryRecord& r, std::map<std::string, int>& counts) {
  for (const dd::DirectoryRecord& child : r.children) {
    if (child.has_file_id) {
      if (auto item = dir.load(child); item) {
        const std::string uid = text(item->keys, tags::ReferencedSOPClassUIDInFile);
        if (!uid.empty()) ++counts[uid];
      }
    }
    count_sop_classes(dir, child, counts);
  }
}

}  // namespace

base::Result<Inventory> inventory_of_fileset(const std::string& path) {
  std::string file = path;
  if (std::filesystem::is_directory(path)) file = (std::filesystem::path(path) / "DICOMDIR").string();
  DISCUS_TRY(dd::Dicomdir dir, dd::read_dicomdir(file));
  Inventory inv;
  inv.fileset_uid = dir.fileset_uid;
  for (const dd::DirectoryRecord& patient : dir.roots) {
    if (patient.type != "PATIENT") continue;
    DISCUS_TRY(dd::RecordItem p, dir.load(patient));
    Patient who{text(p.keys, tags::PatientID), text(p.keys, tags::PatientName)};
    for (const dd::DirectoryRecord& study : patient.children) {
      if (study.type != "STUDY") continue;
      DISCUS_TRY(dd::RecordItem s, dir.load(study));
      Study st;
      st.study_instance_uid = text(s.keys, tags::StudyInstanceUID);
      st.accession_number = text(s.keys, tags::AccessionNumber);
      st.patient_id = who.patient_id;
      std::map<std::string, int> counts;
      count_sop_classes(dir, study, counts);
      for (const auto& [uid, n] : counts) st.sop_classes.push_back({uid, n});
      inv.studies.push_back(std::move(st));
    }
    inv.patients.push_back(std::move(who));
  }
  return inv;
}

}  // namespace discus::daemon::audit
