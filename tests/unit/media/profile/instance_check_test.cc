// check_instance: SOP Class, transfer syntax, pixel limits and security notes per profile.
#include "media/profile/instance_check.h"

#include <gtest/gtest.h>

#include "dicom/dict/tags.h"
#include "dicom/dict/uids.h"
#include "test_registry.h"

namespace discus::media::profile {
namespace {

using testing::profile;
namespace tags = dicom::tags;
namespace uids = dicom::uids;

dicom::DataSet instance(std::string_view sop_class, std::uint16_t rows = 512, std::uint16_t columns = 512) {
  dicom::DataSet ds;
  ds.set_string(tags::SOPClassUID, dicom::VR::UI, sop_class);
  ds.set_string(tags::SOPInstanceUID, dicom::VR::UI, "1.2.3.4.5");
  ds.set_uint16(tags::Rows, rows);
  ds.set_uint16(tags::Columns, columns);
  return ds;
}

TEST(CheckInstance, JpegCtOnStdGenCdIsRefusedNamingTheAllowedSyntax) {
  const auto f = check_instance(profile("STD-GEN-CD"), instance(uids::CTImageStorage), uids::JPEGBaseline8Bit, "CT1");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].rule, "profile.transfer-syntax");
  EXPECT_EQ(f[0].severity, base::Severity::kError);
  EXPECT_EQ(f[0].file, "CT1");
  EXPECT_EQ(f[0].tag_path, "(0002,0010)");
  EXPECT_EQ(f[0].reference, "PS3.11 Table D.3-1");
  EXPECT_EQ(f[0].message,
            "transfer syntax JPEG Baseline (Process 1) [1.2.840.10008.1.2.4.50] is not allowed for CT Image Storage "
            "[1.2.840.10008.5.1.4.1.1.2] on STD-GEN-CD; allowed: Explicit VR Little Endian [1.2.840.10008.1.2.1]");
}

TEST(CheckInstance, ExplicitLittleEndianCtOnStdGenCdPasses) {
  EXPECT_TRUE(check_instance(profile("STD-GEN-CD"), instance(uids::CTImageStorage), uids::ExplicitVRLittleEndian, "CT1").empty());
  EXPECT_TRUE(check_instance(profile("STD-GEN-DVD-JPEG"), instance(uids::CTImageStorage), uids::JPEGBaseline8Bit, "CT1").empty());
}

TEST(CheckInstance, CtOnStdXabcCdIsRefused) {
  const auto f = check_instance(profile("STD-XABC-CD"), instance(uids::CTImageStorage), uids::JPEGLosslessSV1, "CT1");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].rule, "profile.sop-class");
  EXPECT_EQ(f[0].tag_path, "(0008,0016)");
  EXPECT_EQ(f[0].reference, "PS3.11 Table A.3-1");
  EXPECT_NE(f[0].message.find("CT Image Storage [1.2.840.10008.5.1.4.1.1.2] is not allowed on STD-XABC-CD"), std::string::npos);
  EXPECT_NE(f[0].message.find("X-Ray Angiographic Image Storage"), std::string::npos);
}

TEST(CheckInstance, XaBeyond512OnXabcBreaksThePixelLimit) {
  const auto f = check_instance(profile("STD-XABC-CD"), instance(uids::XRayAngiographicImageStorage, 1024, 512),
                                uids::JPEGLosslessSV1, "XA1");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].rule, "profile.pixel-limit");
  EXPECT_EQ(f[0].tag_path, "(0028,0010)");
  EXPECT_EQ(f[0].reference, "PS3.11 A.3.4.1");
  EXPECT_TRUE(check_instance(profile("STD-XA1K-CD"), instance(uids::XRayAngiographicImageStorage, 1024, 1024),
                             uids::JPEGLosslessSV1, "XA1").empty());
}

TEST(CheckInstance, NonStorageAndRetiredClassesOnGeneralProfiles) {
  auto f = check_instance(profile("STD-GEN-CD"), instance(uids::MediaStorageDirectoryStorage), uids::ExplicitVRLittleEndian, "X");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].rule, "profile.sop-class");
  EXPECT_NE(f[0].message.find("is not a Media Storage SOP Class"), std::string::npos) << f[0].message;
  f = check_instance(profile("STD-GEN-CD"), instance("1.2.840.10008.5.1.4.1.1.6"), uids::ExplicitVRLittleEndian, "X");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_NE(f[0].message.find("retired"), std::string::npos) << f[0].message;
}

TEST(CheckInstance, MissingSopClassIsReported) {
  dicom::DataSet ds;
  const auto f = check_instance(profile("STD-GEN-CD"), ds, uids::ExplicitVRLittleEndian, "X");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].rule, "profile.sop-class");
}

TEST(CheckInstance, MpegOnlyForMultiFrameInstances) {
  const ApplicationProfile& bd = profile("STD-GEN-BD-MPEG2-MPML");
  auto ds = instance(uids::VideoEndoscopicImageStorage);
  auto f = check_instance(bd, ds, uids::MPEG2MPML, "V1");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].rule, "profile.transfer-syntax");
  EXPECT_NE(f[0].message.find("only for multi-frame"), std::string::npos);
  ds.set_string(tags::NumberOfFrames, dicom::VR::IS, "100");
  EXPECT_TRUE(check_instance(bd, ds, uids::MPEG2MPML, "V1").empty());
  EXPECT_FALSE(check_instance(profile("STD-GEN-BD-JPEG"), ds, uids::MPEG2MPML, "V1").empty());
}

TEST(CheckInstance, SecureProfilesAddANote) {
  auto f = check_instance(profile("STD-GEN-SEC-CD"), instance(uids::CTImageStorage), uids::ExplicitVRLittleEndian, "CT1");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].rule, "profile.secure");
  EXPECT_EQ(f[0].severity, base::Severity::kInfo);
  EXPECT_EQ(f[0].reference, "PS3.11 D.3.5");
  f = check_instance(profile("STD-GEN-SEC-ZIP-MAIL"), instance(uids::CTImageStorage), uids::ExplicitVRLittleEndian, "CT1");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_NE(f[0].message.find("secure e-mail"), std::string::npos);
}

TEST(CheckInstance, RetiredProfileWarns) {
  const auto f = check_instance(profile("STD-CTMR-MOD650"), instance(uids::CTImageStorage), uids::ExplicitVRLittleEndian, "CT1");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].rule, "profile.retired");
  EXPECT_EQ(f[0].severity, base::Severity::kWarning);
}

}  // namespace
}  // namespace discus::media::profile
