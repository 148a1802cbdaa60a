// Tests for the PS3.5 6.2 value-format and PS3.6 VM helpers of discus::iod.
#include "iod/value_checks.h"

#include <gtest/gtest.h>

namespace discus::iod {
namespace {

using dicom::VR;

TEST(ValueFormat, Dates) {
  EXPECT_EQ(value_format_problem(VR::DA, "20240102"), "");
  EXPECT_NE(value_format_problem(VR::DA, "1997.04.24"), "");
  EXPECT_NE(value_format_problem(VR::DA, "2024010"), "");
}

TEST(ValueFormat, Times) {
  EXPECT_EQ(value_format_problem(VR::TM, "1015"), "");
  EXPECT_EQ(value_format_problem(VR::TM, "101500.123456"), "");
  EXPECT_NE(value_format_problem(VR::TM, "14:04:38"), "");
  EXPECT_NE(value_format_problem(VR::TM, "1015.5"), "");
}

TEST(ValueFormat, Uids) {
  EXPECT_EQ(value_format_problem(VR::UI, "1.2.840.10008.1.2"), "");
  EXPECT_EQ(value_format_problem(VR::UI, "1.2.0.3"), "");
  EXPECT_NE(value_format_problem(VR::UI, "1.2.03"), "");
  EXPECT_NE(value_format_problem(VR::UI, "0"), "");
  EXPECT_NE(value_format_problem(VR::UI, "1..2"), "");
  EXPECT_NE(value_format_problem(VR::UI, std::string(65, '1')), "");
}

TEST(ValueFormat, CodeAgeIntegerDecimal) {
  EXPECT_EQ(value_format_problem(VR::CS, "ORIGINAL"), "");
  EXPECT_NE(value_format_problem(VR::CS, "original"), "");
  EXPECT_EQ(value_format_problem(VR::AS, "045Y"), "");
  EXPECT_NE(value_format_problem(VR::AS, "45Y"), "");
  EXPECT_EQ(value_format_problem(VR::IS, " -12"), "");
  EXPECT_NE(value_format_problem(VR::IS, "1.5"), "");
  EXPECT_NE(value_format_problem(VR::IS, "3000000000"), "");
  EXPECT_EQ(value_format_problem(VR::DS, "-1.5e3"), "");
  EXPECT_NE(value_format_problem(VR::DS, "1,5"), "");
}

TEST(Vm, Forms) {
  EXPECT_TRUE(vm_allows("1", 1));
  EXPECT_FALSE(vm_allows("1", 2));
  EXPECT_TRUE(vm_allows("1-3", 3));
  EXPECT_FALSE(vm_allows("1-3", 4));
  EXPECT_TRUE(vm_allows("2-n", 7));
  EXPECT_FALSE(vm_allows("2-n", 1));
  EXPECT_TRUE(vm_allows("3-3n", 6));
  EXPECT_FALSE(vm_allows("3-3n", 4));
}

TEST(Values, BinaryAndStrings) {
  dicom::DataSet ds;
  ds.set_uint16(dicom::Tag{0x0028, 0x0002}, 3);
  ds.set_string(dicom::Tag{0x0008, 0x0008}, VR::CS, "ORIGINAL\\PRIMARY ");
  EXPECT_EQ(value_strings(*ds.find(dicom::Tag{0x0028, 0x0002})), std::vector<std::string>{"3"});
  EXPECT_EQ(value_strings(*ds.find(dicom::Tag{0x0008, 0x0008})), (std::vector<std::string>{"ORIGINAL", "PRIMARY"}));
  EXPECT_EQ(value_count(*ds.find(dicom::Tag{0x0008, 0x0008})), 2u);
}

TEST(ValueFormat, UidRootArc) {
  // PS3.5 9.1: ISO/IEC 8824 object identifiers start with arc 0, 1 or 2.
  EXPECT_NE(value_format_problem(VR::UI, "1234567890.1998.310"), "");
  EXPECT_NE(value_format_problem(VR::UI, "3.4.5"), "");
  EXPECT_NE(value_format_problem(VR::UI, "1.40.5"), "");
  EXPECT_EQ(value_format_problem(VR::UI, "2.25.1234567890"), "");
}

TEST(Numbers, TextAndPaddingDoNotMatter) {
  EXPECT_EQ(as_number("1"), 1.0);
  EXPECT_EQ(as_number("1.0"), 1.0);
  EXPECT_EQ(as_number(" 5 "), 5.0);
  EXPECT_EQ(as_number("+1E0"), 1.0);
  EXPECT_EQ(as_number("-1"), -1.0);
  EXPECT_EQ(as_number(std::string_view("0\0", 2)), 0.0);
  EXPECT_FALSE(as_number(""));
  EXPECT_FALSE(as_number("MONOCHROME2"));
  EXPECT_FALSE(as_number("1.0.0"));
  EXPECT_FALSE(as_number("++1"));
}

}  // namespace
}  // namespace discus::iod
