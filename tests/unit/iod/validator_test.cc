// Tests for discus::iod::validate_instance with data sets built in memory.
#include "iod/validator.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "dicom/dict/tags.h"
#include "dicom/dict/uids.h"
#include "iod/tables.h"

namespace discus::iod {
namespace {

using dicom::DataSet;
using dicom::VR;
namespace tags = dicom::tags;

// A CT image with every Type 1 and Type 2 attribute of its mandatory modules.
DataSet valid_ct() {
  DataSet ds;
  ds.set_string(tags::SOPClassUID, VR::UI, dicom::uids::CTImageStorage);
  ds.set_string(tags::SOPInstanceUID, VR::UI, "1.2.3.4.5");
  ds.set_string(tags::PatientName, VR::PN, "Doe^Jane");
  ds.set_string(tags::PatientID, VR::LO, "ID1");
  ds.set_string(tags::PatientBirthDate, VR::DA, "19700101");
  ds.set_string(tags::PatientSex, VR::CS, "F");
  ds.set_string(tags::StudyInstanceUID, VR::UI, "1.2.3.1");
  ds.set_string(tags::StudyDate, VR::DA, "20240102");
  ds.set_string(tags::StudyTime, VR::TM, "101500");
  ds.set_string(tags::ReferringPhysicianName, VR::PN, "");
  ds.set_string(tags::StudyID, VR::SH, "S1");
  ds.set_string(tags::AccessionNumber, VR::SH, "");
  ds.set_string(tags::Modality, VR::CS, "CT");
  ds.set_string(tags::SeriesInstanceUID, VR::UI, "1.2.3.2");
  ds.set_string(tags::SeriesNumber, VR::IS, "1");
  ds.set_string(tags::PatientPosition, VR::CS, "HFS");
  ds.set_string(tags::BodyPartExamined, VR::CS, "CHEST");  // not paired: no Laterality needed
  ds.set_string(tags::FrameOfReferenceUID, VR::UI, "1.2.3.3");
  ds.set_string(tags::PositionReferenceIndicator, VR::LO, "");
  ds.set_string(tags::Manufacturer, VR::LO, "ACME");
  ds.set_string(tags::InstanceNumber, VR::IS, "1");
  ds.set_string(tags::PixelSpacing, VR::DS, "0.5\\0.5");
  ds.set_string(tags::ImageOrientationPatient, VR::DS, "1\\0\\0\\0\\1\\0");
  ds.set_string(tags::ImagePositionPatient, VR::DS, "0\\0\\0");
  ds.set_string(tags::SliceThickness, VR::DS, "1");
  ds.set_uint16(tags::SamplesPerPixel, 1);
  ds.set_string(tags::PhotometricInterpretation, VR::CS, "MONOCHROME2");
  ds.set_uint16(tags::Rows, 2);
  ds.set_uint16(tags::Columns, 2);
  ds.set_uint16(tags::BitsAllocated, 16);
  ds.set_uint16(tags::BitsStored, 12);
  ds.set_uint16(tags::HighBit, 11);
  ds.set_uint16(tags::PixelRepresentation, 0);
  ds.set_bytes(tags::PixelData, VR::OW, base::Bytes(8, 0));
  ds.set_string(tags::ImageType, VR::CS, "ORIGINAL\\PRIMARY\\AXIAL");
  ds.set_string(tags::RescaleIntercept, VR::DS, "-1024");
  ds.set_string(tags::RescaleSlope, VR::DS, "1");
  ds.set_string(tags::KVP, VR::DS, "120");
  ds.set_string(tags::AcquisitionNumber, VR::IS, "1");
  return ds;
}

dicom::Element sequence(dicom::Tag tag, std::vector<DataSet> items) {
  dicom::Element e;
  e.tag = tag;
  e.vr = VR::SQ;
  e.kind = dicom::Element::Kind::kSequence;
  e.items = std::move(items);
  return e;
}

const base::Finding* find(const std::vector<base::Finding>& fs, std::string_view rule, std::string_view path) {
  auto it = std::find_if(fs.begin(), fs.end(), [&](const auto& f) { return f.rule == rule && f.tag_path == path; });
  return it == fs.end() ? nullptr : &*it;
}

std::size_t errors(const std::vector<base::Finding>& fs) {
  return static_cast<std::size_t>(
      std::count_if(fs.begin(), fs.end(), [](const auto& f) { return f.severity == base::Severity::kError; }));
}

std::string describe(const std::vector<base::Finding>& fs) {
  std::string s;
  for (const auto& f : fs) s += f.rule + " " + f.tag_path + " " + f.message + "\n";
  return s;
}

TEST(Tables, EveryIodHasSopClassCommonAndPatient) {
  for (const auto& iod : all_iods()) {
    bool patient = false, sop_common = false;
    for (const auto& use : module_uses(iod)) {
      patient |= module(use).name == "Patient";
      sop_common |= module(use).name == "SOP Common";
    }
    EXPECT_TRUE(patient && sop_common) << iod.name;
  }
  EXPECT_GE(all_iods().size(), 35u);
  ASSERT_NE(find_iod(dicom::uids::CTImageStorage), nullptr);
  EXPECT_EQ(find_iod(dicom::uids::CTImageStorage)->name, "CT Image");
  EXPECT_EQ(find_iod("1.2.3"), nullptr);
}

TEST(Validate, CompleteCtHasNoFindings) {
  const auto fs = validate_instance(valid_ct(), "ct");
  EXPECT_TRUE(fs.empty()) << describe(fs);
}

TEST(Validate, Type1MissingAndEmpty) {
  DataSet ds = valid_ct();
  ds.erase(tags::SeriesInstanceUID);
  ds.set_string(tags::FrameOfReferenceUID, VR::UI, "");
  const auto fs = validate_instance(ds, "ct");
  const auto* missing = find(fs, "iod.type1-missing", "(0020,000E)");
  ASSERT_NE(missing, nullptr) << describe(fs);
  EXPECT_EQ(missing->severity, base::Severity::kError);
  EXPECT_EQ(missing->reference, "PS3.3 C.7.3.1");
  EXPECT_EQ(missing->file, "ct");
  EXPECT_NE(find(fs, "iod.type1-empty", "(0020,0052)"), nullptr) << describe(fs);
  EXPECT_EQ(errors(fs), 2u) << describe(fs);
}

TEST(Validate, Type2MissingButEmptyIsFine) {
  DataSet ds = valid_ct();
  ds.erase(tags::PatientID);
  const auto fs = validate_instance(ds, "ct");
  const auto* f = find(fs, "iod.type2-missing", "(0010,0020)");
  ASSERT_NE(f, nullptr) << describe(fs);
  EXPECT_NE(f->message.find("Patient ID is Type 2"), std::string::npos) << f->message;
  EXPECT_EQ(errors(fs), 1u) << describe(fs);
}

TEST(Validate, Type1cFollowsItsCondition) {
  DataSet ds = valid_ct();
  ds.set_string(tags::PatientIdentityRemoved, VR::CS, "YES");
  auto fs = validate_instance(ds, "ct");
  EXPECT_NE(find(fs, "iod.type1c-missing", "(0012,0063)"), nullptr) << describe(fs);
  ds.set_string(tags::DeidentificationMethod, VR::LO, "removed by policy 7");
  fs = validate_instance(ds, "ct");
  EXPECT_TRUE(fs.empty()) << describe(fs);
  ds.set_string(tags::PatientIdentityRemoved, VR::CS, "NO");
  ds.erase(tags::DeidentificationMethod);
  EXPECT_TRUE(validate_instance(ds, "ct").empty());
}

TEST(Validate, PlanarConfigurationRequiredForColour) {
  DataSet ds = valid_ct();
  ds.set_uint16(tags::SamplesPerPixel, 3);  // also breaks CT's enumerated value 1
  const auto fs = validate_instance(ds, "ct");
  EXPECT_NE(find(fs, "iod.type1c-missing", "(0028,0006)"), nullptr) << describe(fs);
  EXPECT_NE(find(fs, "iod.enumerated-value", "(0028,0002)"), nullptr) << describe(fs);
}

TEST(Validate, EnumeratedValuesPerValueIndex) {
  DataSet ds = valid_ct();
  ds.set_string(tags::ImageType, VR::CS, "ORIGINAL\\TERTIARY\\AXIAL");
  ds.set_string(tags::PhotometricInterpretation, VR::CS, "RGB");
  const auto fs = validate_instance(ds, "ct");
  const auto* it = find(fs, "iod.enumerated-value", "(0008,0008)");
  ASSERT_NE(it, nullptr) << describe(fs);
  EXPECT_NE(it->message.find("value 2 \"TERTIARY\""), std::string::npos) << it->message;
  EXPECT_NE(find(fs, "iod.enumerated-value", "(0028,0004)"), nullptr) << describe(fs);
  EXPECT_EQ(errors(fs), 2u) << describe(fs);
}

TEST(Validate, NestedSequenceItemsAreChecked) {
  DataSet ds = valid_ct();
  DataSet item;
  item.set_string(tags::ReferencedSOPClassUID, VR::UI, dicom::uids::CTImageStorage);
  dicom::Element seq = sequence(tags::SourceImageSequence, {item, item});
  seq.items[0].set_string(tags::ReferencedSOPInstanceUID, VR::UI, "1.2.9");
  ds.insert(seq);
  const auto fs = validate_instance(ds, "ct");
  EXPECT_EQ(find(fs, "iod.type1-missing", "(0008,2112)[0]/(0008,1155)"), nullptr) << describe(fs);
  EXPECT_NE(find(fs, "iod.type1-missing", "(0008,2112)[1]/(0008,1155)"), nullptr) << describe(fs);
  EXPECT_EQ(errors(fs), 1u) << describe(fs);
}

TEST(Validate, UserModuleCheckedOnlyWhenPresent) {
  DataSet ds = valid_ct();
  ds.set_string(tags::ClinicalTrialSponsorName, VR::LO, "Sponsor");  // Clinical Trial Subject (U)
  const auto fs = validate_instance(ds, "ct");
  EXPECT_NE(find(fs, "iod.type1-missing", "(0012,0020)"), nullptr) << describe(fs);  // Protocol ID
  EXPECT_NE(find(fs, "iod.type2-missing", "(0012,0030)"), nullptr) << describe(fs);  // Site ID
}

TEST(Validate, RecursiveSrContentItems) {
  DataSet ds;
  ds.set_string(tags::SOPClassUID, VR::UI, dicom::uids::BasicTextSRStorage);
  ds.set_string(tags::ValueType, VR::CS, "CONTAINER");
  DataSet text;
  text.set_string(tags::RelationshipType, VR::CS, "CONTAINS");
  text.set_string(tags::ValueType, VR::CS, "TEXT");  // no TextValue, no concept name
  DataSet container;
  container.set_string(tags::RelationshipType, VR::CS, "CONTAINS");
  container.set_string(tags::ValueType, VR::CS, "CONTAINER");
  container.set_string(tags::ContinuityOfContent, VR::CS, "SEPARATE");
  container.insert(sequence(tags::ContentSequence, {text}));
  ds.insert(sequence(tags::ContentSequence, {container}));
  const auto fs = validate_instance(ds, "sr");
  EXPECT_NE(find(fs, "iod.type1c-missing", "(0040,A730)[0]/(0040,A730)[0]/(0040,A160)"), nullptr) << describe(fs);
  EXPECT_NE(find(fs, "iod.type1c-missing", "(0040,A730)[0]/(0040,A730)[0]/(0040,A043)"), nullptr) << describe(fs);
  EXPECT_EQ(find(fs, "iod.type1c-missing", "(0040,A730)[0]/(0040,A043)"), nullptr) << describe(fs);
}

TEST(Validate, OverrideMakesModalityOptionalForSecondaryCapture) {
  DataSet ds = valid_ct();
  ds.set_string(tags::SOPClassUID, VR::UI, dicom::uids::SecondaryCaptureImageStorage);
  ds.erase(tags::Modality);
  ds.set_string(tags::ConversionType, VR::CS, "WSD");
  ds.erase(tags::RescaleIntercept);  // would make the Modality LUT Module present (RescaleType 1C)
  ds.erase(tags::RescaleSlope);
  ds.set_string(tags::PatientOrientation, VR::CS, "");  // SC has no Image Plane Module: 2C required
  const auto fs = validate_instance(ds, "sc");
  EXPECT_EQ(find(fs, "iod.type1-missing", "(0008,0060)"), nullptr) << describe(fs);
  EXPECT_EQ(errors(fs), 0u) << describe(fs);
}

TEST(Validate, PatientOrientationFollowsTheIodNotTheAttributesPresent) {
  DataSet ds = valid_ct();  // CT: Image Plane Module mandatory, so no Patient Orientation needed
  EXPECT_EQ(find(validate_instance(ds, "ct"), "iod.type2c-missing", "(0020,0020)"), nullptr);
  ds.set_string(tags::SOPClassUID, VR::UI, dicom::uids::SecondaryCaptureImageStorage);
  ds.set_string(tags::ConversionType, VR::CS, "WSD");  // Image Orientation (Patient) is still there
  EXPECT_NE(find(validate_instance(ds, "sc"), "iod.type2c-missing", "(0020,0020)"), nullptr);
}

TEST(Validate, UnknownSopClassIsOneWarning) {
  DataSet ds;
  ds.set_string(tags::SOPClassUID, VR::UI, "1.2.3.4");
  const auto fs = validate_instance(ds, "x");
  ASSERT_EQ(fs.size(), 1u) << describe(fs);
  EXPECT_EQ(fs[0].rule, "iod.unknown-sop-class");
  EXPECT_EQ(fs[0].severity, base::Severity::kWarning);
}

TEST(Validate, VrAndVmAgainstTheDictionary) {
  DataSet ds = valid_ct();
  ds.set_string(tags::PatientID, VR::SH, "ID1");                    // LO in PS3.6
  ds.set_string(tags::ImageOrientationPatient, VR::DS, "1\\0\\0");  // VM 6
  const auto fs = validate_instance(ds, "ct");
  EXPECT_NE(find(fs, "iod.vr-mismatch", "(0010,0020)"), nullptr) << describe(fs);
  EXPECT_NE(find(fs, "iod.vm-mismatch", "(0020,0037)"), nullptr) << describe(fs);
}

TEST(Validate, ValueFormatsOfSimpleVrs) {
  DataSet ds = valid_ct();
  ds.set_string(tags::StudyDate, VR::DA, "2024.01.02");
  ds.set_string(tags::SeriesInstanceUID, VR::UI, "1.02.3");
  const auto fs = validate_instance(ds, "ct");
  EXPECT_NE(find(fs, "iod.value-invalid", "(0008,0020)"), nullptr) << describe(fs);
  EXPECT_NE(find(fs, "iod.value-invalid", "(0020,000E)"), nullptr) << describe(fs);
}

// issue 11: "numbers compared as text": "1" and "1.0" (or " 0" and "0.0") are one number.
TEST(Validate, EnumeratedNumbersComparedAsNumbers) {
  DataSet ds = valid_ct();
  ds.set_string(tags::SOPClassUID, VR::UI, dicom::uids::PositronEmissionTomographyImageStorage);
  for (const char* zero : {"0", "0.0", " 0", "+0.00", "0E0"}) {
    ds.set_string(tags::RescaleIntercept, VR::DS, zero);  // PET Image Module: Enumerated Value 0
    const auto fs = validate_instance(ds, "pet");
    EXPECT_EQ(find(fs, "iod.enumerated-value", "(0028,1052)"), nullptr) << zero << "\n" << describe(fs);
  }
  ds.set_string(tags::RescaleIntercept, VR::DS, "0.5");
  EXPECT_NE(find(validate_instance(ds, "pet"), "iod.enumerated-value", "(0028,1052)"), nullptr);
}

// issue 11: "a defined term treated as an enumerated value": PS3.5 6.2 lets Defined Terms grow.
TEST(Validate, DefinedTermsWarnEnumeratedValuesFail) {
  DataSet ds = valid_ct();
  ds.set_string(tags::PatientPosition, VR::CS, "SITTING");  // not in the Defined Terms listed
  auto fs = validate_instance(ds, "ct");
  const auto* it = find(fs, "iod.defined-term", "(0018,5100)");
  ASSERT_NE(it, nullptr) << describe(fs);
  EXPECT_EQ(it->severity, base::Severity::kWarning);
  EXPECT_EQ(errors(fs), 0u) << describe(fs);
  ds.set_string(tags::PatientSex, VR::CS, "X");  // Enumerated Values M F O
  fs = validate_instance(ds, "ct");
  it = find(fs, "iod.enumerated-value", "(0010,0040)");
  ASSERT_NE(it, nullptr) << describe(fs);
  EXPECT_EQ(it->severity, base::Severity::kError);
}

TEST(Validate, UndecidableConditionWarnsInsteadOfFailing) {
  DataSet ds = valid_ct();
  ds.erase(tags::BodyPartExamined);  // nobody knows whether Laterality is needed
  auto fs = validate_instance(ds, "ct");
  const auto* it = find(fs, "iod.condition-undecided", "(0020,0060)");
  ASSERT_NE(it, nullptr) << describe(fs);
  EXPECT_EQ(it->severity, base::Severity::kWarning);
  ds.set_string(tags::BodyPartExamined, VR::CS, "KNEE");  // paired: required
  fs = validate_instance(ds, "ct");
  EXPECT_NE(find(fs, "iod.type2c-missing", "(0020,0060)"), nullptr) << describe(fs);
  ds.set_string(tags::BodyPartExamined, VR::CS, "CHEST");  // not paired: neither
  fs = validate_instance(ds, "ct");
  EXPECT_EQ(find(fs, "iod.condition-undecided", "(0020,0060)"), nullptr) << describe(fs);
  EXPECT_EQ(find(fs, "iod.type2c-missing", "(0020,0060)"), nullptr) << describe(fs);
}

TEST(Validate, SingleFrameIodWithManyFrames) {
  DataSet ds = valid_ct();
  ds.set_string(tags::NumberOfFrames, VR::IS, "2");
  ds.set_bytes(tags::PixelData, VR::OW, base::Bytes(16, 0));
  const auto fs = validate_instance(ds, "ct");
  EXPECT_NE(find(fs, "iod.single-frame", "(0028,0008)"), nullptr) << describe(fs);
  EXPECT_EQ(find(fs, "iod.pixel-data-length", "(7FE0,0010)"), nullptr) << describe(fs);
}

TEST(Validate, NativePixelDataLength) {
  DataSet ds = valid_ct();  // 2 x 2 x 16 bits = 8 bytes
  ds.set_bytes(tags::PixelData, VR::OW, base::Bytes(10, 0));
  auto fs = validate_instance(ds, "ct");
  EXPECT_NE(find(fs, "iod.pixel-data-length", "(7FE0,0010)"), nullptr) << describe(fs);
  ds.set_uint16(tags::BitsAllocated, 8);  // 4 bytes... but CT says 16: only the length rule is asked
  ds.set_bytes(tags::PixelData, VR::OW, base::Bytes(4, 0));
  fs = validate_instance(ds, "ct");
  EXPECT_EQ(find(fs, "iod.pixel-data-length", "(7FE0,0010)"), nullptr) << describe(fs);
  ds.set_uint16(tags::Columns, 3);  // 6 bytes
  ds.set_bytes(tags::PixelData, VR::OW, base::Bytes(6, 0));
  EXPECT_EQ(find(validate_instance(ds, "ct"), "iod.pixel-data-length", "(7FE0,0010)"), nullptr);
  ds.set_uint16(tags::Rows, 1);  // 3 bytes, padded to 4 (PS3.5 8.1.1)
  ds.set_bytes(tags::PixelData, VR::OW, base::Bytes(4, 0));
  EXPECT_EQ(find(validate_instance(ds, "ct"), "iod.pixel-data-length", "(7FE0,0010)"), nullptr);
}

TEST(Validate, PerFrameFunctionalGroupsOnePerFrame) {
  DataSet ds = valid_ct();
  ds.insert(sequence(tags::PerFrameFunctionalGroupsSequence, {DataSet{}, DataSet{}, DataSet{}}));
  const auto fs = validate_instance(ds, "ct");  // no Number of Frames: one frame
  EXPECT_NE(find(fs, "iod.per-frame-groups", "(5200,9230)"), nullptr) << describe(fs);
}

TEST(Validate, OneUidOneEntity) {
  DataSet ds = valid_ct();
  ds.set_string(tags::FrameOfReferenceUID, VR::UI, "1.2.3.1");  // the Study Instance UID
  EXPECT_NE(find(validate_instance(ds, "ct"), "iod.uid-reused", "(0020,000D)"), nullptr);
}

TEST(Validate, FrameNumberOnlyInReferencesToMultiFrameClasses) {
  DataSet ds = valid_ct();
  DataSet item;
  item.set_string(tags::ReferencedSOPClassUID, VR::UI, dicom::uids::CTImageStorage);
  item.set_string(tags::ReferencedSOPInstanceUID, VR::UI, "1.2.9");
  item.set_string(tags::ReferencedFrameNumber, VR::IS, "1");
  ds.insert(sequence(tags::SourceImageSequence, {item}));
  EXPECT_NE(find(validate_instance(ds, "ct"), "iod.frame-reference", "(0008,2112)[0]/(0008,1160)"), nullptr);
}

TEST(Validate, FileMetaAgainstTheDataSet) {
  const DataSet ds = valid_ct();
  DataSet meta;
  meta.set_string(tags::MediaStorageSOPClassUID, VR::UI, dicom::uids::CTImageStorage);
  meta.set_string(tags::MediaStorageSOPInstanceUID, VR::UI, "1.2.3.4.6");
  meta.set_string(tags::ImplementationClassUID, VR::UI, "1234567890.1998.310");
  const auto fs = validate_instance(ds, "ct", &meta);
  EXPECT_EQ(find(fs, "iod.meta-mismatch", "(0002,0002)"), nullptr) << describe(fs);
  EXPECT_NE(find(fs, "iod.meta-mismatch", "(0002,0003)"), nullptr) << describe(fs);
  EXPECT_NE(find(fs, "iod.value-invalid", "(0002,0012)"), nullptr) << describe(fs);
  DataSet dicomdir_meta;  // a DICOMDIR's data set has no SOP UIDs of its own (PS3.10 7.1)
  dicomdir_meta.set_string(tags::MediaStorageSOPClassUID, VR::UI, "1.2.840.10008.1.3.10");
  dicomdir_meta.set_string(tags::MediaStorageSOPInstanceUID, VR::UI, "1.2.3.99");
  EXPECT_EQ(validate_instance(DataSet{}, "DICOMDIR", &dicomdir_meta).size(), 1u);  // unknown class only
}

TEST(Validate, ControlCharactersInStrings) {
  DataSet ds = valid_ct();
  ds.set_string(tags::StudyID, VR::SH, std::string_view("S1\0\0", 4));
  ds.set_string(tags::StudyDescription, VR::LO, "Head\x1b$B");  // ESC is allowed (code extensions)
  const auto fs = validate_instance(ds, "ct");
  EXPECT_NE(find(fs, "iod.value-invalid", "(0020,0010)"), nullptr) << describe(fs);
  EXPECT_EQ(find(fs, "iod.value-invalid", "(0008,1030)"), nullptr) << describe(fs);
}

TEST(Validate, SrReferencesAreListedAsEvidence) {
  DataSet ds;
  ds.set_string(tags::SOPClassUID, VR::UI, dicom::uids::ComprehensiveSRStorage);
  ds.set_string(tags::ValueType, VR::CS, "CONTAINER");
  DataSet ref;
  ref.set_string(tags::ReferencedSOPClassUID, VR::UI, dicom::uids::CTImageStorage);
  ref.set_string(tags::ReferencedSOPInstanceUID, VR::UI, "1.2.3.77");
  DataSet image;
  image.set_string(tags::RelationshipType, VR::CS, "CONTAINS");
  image.set_string(tags::ValueType, VR::CS, "IMAGE");
  image.insert(sequence(tags::ReferencedSOPSequence, {ref}));
  ds.insert(sequence(tags::ContentSequence, {image}));
  const std::string path = "(0040,A730)[0]/(0008,1199)[0]/(0008,1155)";
  EXPECT_NE(find(validate_instance(ds, "sr"), "iod.sr-evidence", path), nullptr);
  DataSet series;
  series.set_string(tags::SeriesInstanceUID, VR::UI, "1.2.3.7");
  series.insert(sequence(tags::ReferencedSOPSequence, {ref}));
  DataSet study;
  study.set_string(tags::StudyInstanceUID, VR::UI, "1.2.3");
  study.insert(sequence(tags::ReferencedSeriesSequence, {series}));
  ds.insert(sequence(tags::PertinentOtherEvidenceSequence, {study}));
  EXPECT_EQ(find(validate_instance(ds, "sr"), "iod.sr-evidence", path), nullptr);
}

}  // namespace
}  // namespace discus::iod
