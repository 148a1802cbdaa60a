// Tests for discus::iod::validate_consistency.
#include "iod/consistency.h"

#include <gtest/gtest.h>

#include "dicom/dict/tags.h"

namespace discus::iod {
namespace {

InstanceSummary make(std::string file, std::string sop, std::string digest = "d") {
  InstanceSummary s;
  s.file = std::move(file);
  s.patient_id = "P1";
  s.patient_name = "Doe^Jane";
  s.patient_birth_date = "19700101";
  s.patient_sex = "F";
  s.study_uid = "1.1";
  s.series_uid = "1.1.1";
  s.sop_class_uid = "1.2.840.10008.5.1.4.1.1.2";
  s.sop_instance_uid = std::move(sop);
  s.content_digest = std::move(digest);
  return s;
}

bool has(const std::vector<base::Finding>& fs, std::string_view rule) {
  for (const auto& f : fs)
    if (f.rule == rule) return true;
  return false;
}

TEST(Consistency, ConsistentSetHasNoFindings) {
  EXPECT_TRUE(validate_consistency({make("a", "1.1.1.1"), make("b", "1.1.1.2")}).empty());
}

TEST(Consistency, PatientAttributesDiffer) {
  auto b = make("b", "1.1.1.2");
  b.patient_name = "Doe^John";
  b.patient_birth_date = "19710101";
  b.patient_sex = "M";
  const auto fs = validate_consistency({make("a", "1.1.1.1"), b});
  EXPECT_TRUE(has(fs, "consistency.patient-name"));
  EXPECT_TRUE(has(fs, "consistency.patient-birth-date"));
  EXPECT_TRUE(has(fs, "consistency.patient-sex"));
  EXPECT_EQ(fs[0].file, "b");
  EXPECT_NE(fs[0].message.find("in a"), std::string::npos) << fs[0].message;
}

TEST(Consistency, SopInstanceUidReused) {
  auto fs = validate_consistency({make("a", "1.1.1.1", "x"), make("b", "1.1.1.1", "y")});
  EXPECT_TRUE(has(fs, "consistency.sop-instance-content"));
  auto c = make("c", "1.1.1.1", "x");
  c.sop_class_uid = "1.2.840.10008.5.1.4.1.1.4";
  fs = validate_consistency({make("a", "1.1.1.1", "x"), c});
  EXPECT_TRUE(has(fs, "consistency.sop-instance-class"));
  fs = validate_consistency({make("a", "1.1.1.1", "x"), make("d", "1.1.1.1", "x")});
  ASSERT_EQ(fs.size(), 1u);
  EXPECT_EQ(fs[0].severity, base::Severity::kWarning);
}

TEST(Consistency, StudyUnderTwoPatientsAndSeriesUnderTwoStudies) {
  auto b = make("b", "1.1.1.2");
  b.patient_id = "P2";
  auto c = make("c", "1.1.1.3");
  c.study_uid = "1.2";
  const auto fs = validate_consistency({make("a", "1.1.1.1"), b, c});
  EXPECT_TRUE(has(fs, "consistency.study-patient"));
  EXPECT_TRUE(has(fs, "consistency.series-study"));
}

dicom::DataSet instance(std::string_view charset, std::string_view name_bytes, std::string_view sop) {
  namespace tags = dicom::tags;
  using dicom::VR;
  dicom::DataSet ds;
  if (!charset.empty()) ds.set_string(tags::SpecificCharacterSet, VR::CS, charset);
  ds.set_string(tags::PatientName, VR::PN, name_bytes);
  ds.set_string(tags::PatientID, VR::LO, "P1");
  ds.set_string(tags::StudyInstanceUID, VR::UI, "1.1");
  ds.set_string(tags::SeriesInstanceUID, VR::UI, "1.1.1");
  ds.set_string(tags::SOPInstanceUID, VR::UI, sop);
  ds.set_string(tags::SOPClassUID, VR::UI, "1.2.840.10008.5.1.4.1.1.2");
  return ds;
}

// Issue 12 bullet: "the cross-file check compares raw bytes, so one name in two character sets
// is two names". The same name in ISO_IR 100 (Latin-1) and ISO_IR 192 (UTF-8), with different
// trailing separators and padding, is one name now.
TEST(Consistency, CrossFileCheckComparesRawBytesSoOneNameInTwoCharacterSetsIsTwoNames) {
  const auto latin1 = summarize(instance("ISO_IR 100", "M\xFCller^J\xFCrgen ", "1.1.1.1"), "latin1.dcm", "a");
  const auto utf8 = summarize(instance("ISO_IR 192", "M\xC3\xBCller^J\xC3\xBCrgen^^^", "1.1.1.2"), "utf8.dcm", "b");
  EXPECT_EQ(latin1.patient_name, "M\xC3\xBCller^J\xC3\xBCrgen");  // decoded to UTF-8, padding gone
  const auto fs = validate_consistency({latin1, utf8});
  EXPECT_FALSE(has(fs, "consistency.patient-name"));
  EXPECT_TRUE(fs.empty());
}

TEST(Consistency, DifferentNamesInTwoCharacterSetsAreReportedNeverMerged) {
  auto a = summarize(instance("ISO_IR 100", "M\xFCller^J\xFCrgen", "1.1.1.1"), "a.dcm", "a");
  auto b = summarize(instance("ISO_IR 192", "M\xC3\xBCller^Hans", "1.1.1.2"), "b.dcm", "b");
  const auto fs = validate_consistency({a, b});
  ASSERT_TRUE(has(fs, "consistency.patient-name"));
  EXPECT_NE(fs[0].message.find("M\xC3\xBCller^Hans"), std::string::npos) << fs[0].message;  // UTF-8 in messages
  EXPECT_EQ(b.patient_name, "M\xC3\xBCller^Hans");  // the summaries are left as they were
}

TEST(Consistency, PersonNamesByComponents) {
  EXPECT_TRUE(same_person_name("Doe^Jane", "Doe^Jane^^^"));
  EXPECT_TRUE(same_person_name("Doe^Jane ", " Doe ^Jane"));
  EXPECT_TRUE(same_person_name("Doe^Jane=", "Doe^Jane"));
  EXPECT_TRUE(same_person_name("Yamada^Tarou=\xE5\xB1\xB1\xE7\x94\xB0^\xE5\xA4\xAA\xE9\x83\x8E=",
                               "Yamada^Tarou^^^=\xE5\xB1\xB1\xE7\x94\xB0^\xE5\xA4\xAA\xE9\x83\x8E"));
  EXPECT_FALSE(same_person_name("Doe^Jane", "Doe^^Jane"));      // given name vs middle name
  EXPECT_FALSE(same_person_name("Doe^Jane", "DOE^JANE"));       // case is data
  EXPECT_FALSE(same_person_name("Doe^Jane", "Doe^Jane=Doe"));   // an ideographic group only on one side
  EXPECT_FALSE(same_person_name("Doe^Jane", "Doe Jane"));
  EXPECT_EQ(normalize_person_name("Doe^Jane^^^=^="), "Doe^Jane");
}

TEST(Consistency, IsoIr2022NameMatchesUtf8) {
  // "Yamada^Tarou=山田^太郎" in ISO 2022 IR 87 (JIS X 0208 via ESC $ B) and in UTF-8.
  const std::string jis = "Yamada^Tarou=\x1B$B;3ED\x1B(B^\x1B$BB@O:\x1B(B";
  const auto a = summarize(instance("\\ISO 2022 IR 87", jis, "1.1.1.1"), "jis.dcm", "a");
  const auto b = summarize(
      instance("ISO_IR 192", "Yamada^Tarou=\xE5\xB1\xB1\xE7\x94\xB0^\xE5\xA4\xAA\xE9\x83\x8E", "1.1.1.2"), "utf8.dcm",
      "b");
  EXPECT_EQ(a.patient_name, b.patient_name);
  EXPECT_TRUE(validate_consistency({a, b}).empty());
}

TEST(Consistency, StudyAttributesDisagreeingAreWarnings) {
  auto a = make("a", "1.1.1.1");
  auto b = make("b", "1.1.1.2");
  a.study_date = "20240101";
  b.study_date = "20240102";
  a.accession_number = "A1";
  b.accession_number = "A2";
  a.referring_physician = "Who^Doctor";
  b.referring_physician = "Who^Doctor^^";  // the same name
  const auto fs = validate_consistency({a, b});
  EXPECT_TRUE(has(fs, "consistency.study-date"));
  EXPECT_TRUE(has(fs, "consistency.accession-number"));
  EXPECT_FALSE(has(fs, "consistency.referring-physician"));
  for (const auto& f : fs) EXPECT_EQ(f.severity, base::Severity::kWarning) << f.rule;
}

TEST(Consistency, AnEmptyValueIsUnknownNotDifferent) {
  auto a = make("a", "1.1.1.1");
  auto b = make("b", "1.1.1.2");
  b.patient_birth_date = "";  // Type 2, unknown here
  auto fs = validate_consistency({a, b});
  ASSERT_TRUE(has(fs, "consistency.patient-birth-date"));
  EXPECT_EQ(fs[0].severity, base::Severity::kWarning);
  b.patient_birth_date = "19710101";
  fs = validate_consistency({a, b});
  ASSERT_TRUE(has(fs, "consistency.patient-birth-date"));
  EXPECT_EQ(fs[0].severity, base::Severity::kError);
}

}  // namespace
}  // namespace discus::iod
