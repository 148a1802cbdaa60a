// The label's data from a study folder: one headers-only, key-only scan (media/author/scan.h),
// text decoded through each file's Specific Character Set (PS3.3 C.12.1.1.2) to UTF-8.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "base/text.h"
#include "dicom/charset/specific_character_set.h"
#include "dicom/dict/tags.h"
#include "media/author/scan.h"
#include "media/label/label.h"
#include "media/label/person_name.h"

namespace discus::media::label {
namespace {

namespace tags = dicom::tags;
using base::Error;
using base::ErrorCode;

// Text values of one data set as UTF-8, through its own (0008,0005).
class Text {
 public:
  explicit Text(const dicom::DataSet& ds) : ds_(ds) {
    if (auto v = ds.get_string(tags::SpecificCharacterSet)) {
      if (auto cs = dicom::charset::SpecificCharacterSet::parse_lenient(*v, nullptr)) charset_ = std::move(*cs);
    }
  }
  std::string operator()(dicom::Tag tag) const {
    const dicom::Element* e = ds_.find(tag);
    auto v = ds_.get_string(tag);
    if (e == nullptr || !v) return {};
    const std::string s = charset_.decode_lossy(base::as_bytes(*v), e->vr, nullptr);
    return base::to_valid_utf8(std::string(dicom::trim_padding(s)));
  }

 private:
  const dicom::DataSet& ds_;
  dicom::charset::SpecificCharacterSet charset_;
};

// DA (PS3.5 6.2): "YYYYMMDD", or the ACR-NEMA "YYYY.MM.DD"; anything else is shown as stored.
std::string format_date(std::string da) {
  if (da.size() == 10 && da[4] == '.' && da[7] == '.') da = da.substr(0, 4) + da.substr(5, 2) + da.substr(8, 2);
  if (da.size() == 8 && std::all_of(da.begin(), da.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return da.substr(0, 4) + "-" + da.substr(4, 2) + "-" + da.substr(6, 2);
  return da;
}

// TM (PS3.5 6.2): "HHMM..." shown as "HH:MM"; "HH:MM" (ACR-NEMA) kept.
std::string format_time(const std::string& tm) {
  if (tm.size() >= 4 && std::all_of(tm.begin(), tm.begin() + 4, [](char c) { return c >= '0' && c <= '9'; }))
    return tm.substr(0, 2) + ":" + tm.substr(2, 2);
  return tm.substr(0, 5);
}

std::vector<std::string> split_values(const std::string& s) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    const auto bs = s.find('\\', start);
    std::string v = s.substr(start, bs == std::string::npos ? std::string::npos : bs - start);
    while (!v.empty() && v.back() == ' ') v.pop_back();
    while (!v.empty() && v.front() == ' ') v.erase(v.begin());
    if (!v.empty()) out.push_back(std::move(v));
    if (bs == std::string::npos) return out;
    start = bs + 1;
  }
}

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (const std::string& p : parts) {
    if (p.empty()) continue;
    if (!out.empty()) out += sep;
    out += p;
  }
  return out;
}

void add_unique(std::vector<std::string>& list, const std::string& v) {
  if (!v.empty() && std::find(list.begin(), list.end(), v) == list.end()) list.push_back(v);
}

}  // namespace

base::Result<LabelData> label_data_from_study(const std::string& path) {
  author::ScanOptions options;
  options.wanted = dicom::part10::TagSet({tags::SpecificCharacterSet, tags::PatientName, tags::PatientID,
                                          tags::PatientBirthDate, tags::PatientSex, tags::StudyInstanceUID,
                                          tags::StudyDate, tags::StudyTime, tags::StudyDescription,
                                          tags::AccessionNumber, tags::Modality, tags::ModalitiesInStudy,
                                          tags::InstitutionName});
  const std::vector<author::ScannedFile> files = author::scan({path}, options);
  LabelData data;
  std::map<std::string, StudyLabel> studies;
  std::vector<std::string> study_order;
  std::set<std::string> patients;
  bool named = false;
  std::size_t dicom_files = 0;
  for (const author::ScannedFile& f : files) {
    if (!f.dicom) {
      if (f.error && f.error->code == ErrorCode::kIo && files.size() == 1) return *f.error;
      continue;  // not DICOM (a README, an autorun file): nothing to show
    }
    const dicom::DataSet& ds = f.dicom->dataset;
    const Text text(ds);
    const std::string study_uid = text(tags::StudyInstanceUID);
    if (study_uid.empty()) continue;  // a DICOMDIR, or a file that names no study
    ++dicom_files;
    const std::string patient_id = text(tags::PatientID), raw_name = text(tags::PatientName);
    patients.insert(patient_id + '\x1f' + raw_name);
    if (!named) {
      named = true;
      const PersonName name = format_person_name(raw_name);
      data.patient_name = name.preferred();
      data.patient_name_alphabetic = name.alphabetic;
      data.patient_name_ideographic = name.ideographic;
      data.patient_name_phonetic = name.phonetic;
      data.patient_id = patient_id;
      data.patient_birth_date = format_date(text(tags::PatientBirthDate));
      data.patient_sex = text(tags::PatientSex);
    }
    if (data.institution.empty()) data.institution = text(tags::InstitutionName);
    auto [it, inserted] = studies.try_emplace(study_uid);
    StudyLabel& s = it->second;
    if (inserted) {
      study_order.push_back(study_uid);
      s.uid = study_uid;
    }
    if (s.date.empty()) s.date = format_date(text(tags::StudyDate));
    if (s.time.empty()) s.time = format_time(text(tags::StudyTime));
    if (s.description.empty()) s.description = text(tags::StudyDescription);
    if (s.accession_number.empty()) s.accession_number = text(tags::AccessionNumber);
    add_unique(s.modalities, text(tags::Modality));
    for (const std::string& m : split_values(text(tags::ModalitiesInStudy))) add_unique(s.modalities, m);
    ++s.instances;
  }
  if (dicom_files == 0) return Error{ErrorCode::kNotFound, fmt::format("no DICOM file of a study under '{}'", path)};
  data.other_patients = static_cast<std::uint32_t>(patients.size() - 1);
  for (const std::string& uid : study_order) {
    StudyLabel s = std::move(studies[uid]);
    std::sort(s.modalities.begin(), s.modalities.end());
    data.studies.push_back(std::move(s));
  }
  // Oldest first; undated studies last, in the order found.
  std::stable_sort(data.studies.begin(), data.studies.end(), [](const StudyLabel& a, const StudyLabel& b) {
    if (a.date.empty() != b.date.empty()) return b.date.empty();
    return a.date + a.time < b.date + b.time;
  });
  return data;
}

std::map<std::string, std::string> merge_fields(const LabelData& d) {
  std::map<std::string, std::string> f = d.extra;
  auto set = [&f](const char* name, std::string value) { f[name] = std::move(value); };
  set("patient_name", d.patient_name);
  set("patient_name_alphabetic", d.patient_name_alphabetic);
  set("patient_name_ideographic", d.patient_name_ideographic);
  set("patient_name_phonetic", d.patient_name_phonetic);
  set("patient_name_other", d.patient_name != d.patient_name_alphabetic ? d.patient_name_alphabetic : std::string());
  set("patient_id", d.patient_id);
  set("patient_birth_date", d.patient_birth_date);
  set("patient_sex", d.patient_sex);
  set("other_patients", d.other_patients == 0 ? std::string()
                        : fmt::format("and {} other patient{}", d.other_patients, d.other_patients == 1 ? "" : "s"));
  set("institution", d.institution);
  const StudyLabel first = d.studies.empty() ? StudyLabel{} : d.studies.front();
  set("study_uid", first.uid);
  set("study_date", first.date);
  set("study_time", first.time);
  set("study_description", first.description);
  set("accession_number", first.accession_number);
  std::vector<std::string> dates, descriptions, modalities;
  for (const StudyLabel& s : d.studies) {
    add_unique(dates, s.date);
    add_unique(descriptions, s.description);
    for (const std::string& m : s.modalities) add_unique(modalities, m);
  }
  std::sort(modalities.begin(), modalities.end());
  set("study_dates", join(dates, ", "));
  set("study_descriptions", join(descriptions, "; "));
  set("study_count", std::to_string(d.studies.size()));
  set("modality", join(modalities, ", "));
  set("disc_number", std::to_string(d.disc_number));
  set("disc_count", std::to_string(d.disc_count));
  set("confidential_notice", d.confidential_notice);
  std::string qr = first.uid;
  if (!d.verification_url.empty()) {
    qr = d.verification_url;
    for (std::size_t at; (at = qr.find("{{study_uid}}")) != std::string::npos;) qr.replace(at, 13, first.uid);
  }
  set("qr_text", qr);
  set("label_date", d.label_date);
  return f;
}

}  // namespace discus::media::label
