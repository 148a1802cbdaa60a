#include "dicom/dict/dictionary.h"

#include <gtest/gtest.h>

#include "dicom/dict/tags.h"
#include "dicom/dict/transfer_syntax.h"
#include "dicom/dict/uid_registry.h"
#include "dicom/dict/uids.h"

namespace discus::dicom::dict {
namespace {

TEST(Dictionary, FindsByTag) {
  const DictEntry* e = find(Tag{0x0010, 0x0010});
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->keyword, "PatientName");
  EXPECT_EQ(e->vr, VR::PN);
  EXPECT_EQ(e->vm, "1");
}

TEST(Dictionary, FindsByKeyword) {
  const DictEntry* e = find_keyword("Rows");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->as_tag(), tags::Rows);
  EXPECT_EQ(find_keyword("NoSuchKeyword"), nullptr);
}

TEST(Dictionary, RepeatingGroupsMatchEvenGroupsOnly) {
  const DictEntry* overlay = find(Tag{0x6002, 0x3000});
  ASSERT_NE(overlay, nullptr);
  EXPECT_EQ(overlay->keyword, "OverlayData");
  EXPECT_EQ(find(Tag{0x6020, 0x3000}), nullptr);  // beyond 601E
  const DictEntry* curve = find(Tag{0x5004, 0x0005});
  ASSERT_NE(curve, nullptr);
  EXPECT_EQ(curve->keyword, "CurveDimensions");
  EXPECT_TRUE(curve->retired);
}

TEST(Dictionary, AmbiguousVrsAreListed) {
  const DictEntry* px = find(tags::PixelData);
  ASSERT_NE(px, nullptr);
  EXPECT_EQ(px->vr, VR::OB);
  EXPECT_EQ(px->vr2, VR::OW);
  EXPECT_TRUE(px->is_ambiguous_vr());
}

TEST(Dictionary, PrivateCreatorsAndPrivateElements) {
  const DictEntry* creator = find(Tag{0x0029, 0x0010});
  ASSERT_NE(creator, nullptr);
  EXPECT_EQ(creator->vr, VR::LO);
  EXPECT_EQ(find(Tag{0x0029, 0x1010}), nullptr);
  EXPECT_EQ(default_vr(Tag{0x0029, 0x1010}), VR::UN);
  EXPECT_EQ(Tag(0x0029, 0x1010).private_creator_tag(), Tag(0x0029, 0x0010));
}

TEST(Dictionary, CommandGroup) {
  const DictEntry* e = find(Tag{0x0000, 0x0100});
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->keyword, "CommandField");
}

TEST(TransferSyntax, PropertiesOfTheCoreSyntaxes) {
  const TransferSyntax* implicit = find_transfer_syntax(uids::ImplicitVRLittleEndian);
  ASSERT_NE(implicit, nullptr);
  EXPECT_FALSE(implicit->explicit_vr);
  const TransferSyntax* be = find_transfer_syntax("1.2.840.10008.1.2.2");
  ASSERT_NE(be, nullptr);
  EXPECT_TRUE(be->big_endian);
  EXPECT_TRUE(be->retired);
  const TransferSyntax* deflate = find_transfer_syntax(uids::DeflatedExplicitVRLittleEndian);
  ASSERT_NE(deflate, nullptr);
  EXPECT_TRUE(deflate->deflated);
  const TransferSyntax* htj2k = find_transfer_syntax("1.2.840.10008.1.2.4.201");
  ASSERT_NE(htj2k, nullptr);
  EXPECT_TRUE(htj2k->encapsulated());
  EXPECT_EQ(htj2k->compression, Compression::kLossless);
  const TransferSyntax* jpeg = find_transfer_syntax(uids::JPEGBaseline8Bit);
  ASSERT_NE(jpeg, nullptr);
  EXPECT_TRUE(jpeg->lossy());
  EXPECT_EQ(find_transfer_syntax("1.2.3"), nullptr);
}

TEST(UidRegistry, FindsSopClasses) {
  const UidEntry* ct = find_uid(uids::CTImageStorage);
  ASSERT_NE(ct, nullptr);
  EXPECT_EQ(ct->name, "CT Image Storage");
  EXPECT_EQ(ct->type, "SOP Class");
}

}  // namespace
}  // namespace discus::dicom::dict
