// Tests for discus::iod::validate_consistency.
#include "iod/consistency.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace discus::iod
