// Invalid UIDs found, derived and replaced with the old values kept (PS3.5 9.1, PS3.3 C.12.1.1.9).
#include "media/author/uid_repair.h"

#include <gtest/gtest.h>

#include "base/uid.h"
#include "dicom/dict/tags.h"

namespace discus::media::author {
namespace {

namespace tags = dicom::tags;
using dicom::DataSet;
using dicom::Element;
using dicom::VR;

DataSet with_bad_uids() {
  DataSet ds;
  ds.set_string(tags::SOPClassUID, VR::UI, "1.2.840.10008.5.1.4.1.1.2");
  ds.set_string(tags::SOPInstanceUID, VR::UI, "1.2.3.deadbeef");
  ds.set_string(tags::StudyInstanceUID, VR::UI, "1.2.03.4");
  ds.set_string(tags::SeriesInstanceUID, VR::UI, "1.2.3.4");  // valid: left alone
  DataSet ref;
  ref.set_string(tags::ReferencedSOPClassUID, VR::UI, "1.2.840.10008.5.1.4.1.1.2");
  ref.set_string(tags::ReferencedSOPInstanceUID, VR::UI, "1.2.3.deadbeef");
  Element seq;
  seq.tag = tags::ReferencedImageSequence;
  seq.vr = VR::SQ;
  seq.kind = Element::Kind::kSequence;
  seq.items.push_back(ref);
  ds.insert(seq);
  return ds;
}

TEST(UidRepairTest, FindsEveryInvalidValueWithItsPath) {
  const auto found = find_invalid_uids(with_bad_uids());
  ASSERT_EQ(found.size(), 3u);
  EXPECT_EQ(found[0].tag_path, "(0008,0018)");
  EXPECT_EQ(found[1].tag_path, "(0008,1140)[1]/(0008,1155)");
  EXPECT_EQ(found[2].value, "1.2.03.4");
  EXPECT_TRUE(found[0].replaceable);
  EXPECT_NE(describe_invalid_uids(found).find("(0008,0018) SOPInstanceUID '1.2.3.deadbeef' and 2 more"), std::string::npos);
}

TEST(UidRepairTest, ClassUidsAreNotReplaceable) {
  DataSet ds;
  ds.set_string(tags::SOPClassUID, VR::UI, "1.2.840.10008.5.1.4.1.1.02");
  const auto found = find_invalid_uids(ds);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_FALSE(found[0].replaceable);
}

TEST(UidRepairTest, DerivedUidsAreValidAndDependOnTheOldValueAlone) {
  for (std::string_view root : {std::string_view{}, std::string_view{"1.2.826.0.1.3680043.10.999"},
                                std::string_view{"1.2.826.0.1.3680043.10.999.12345678901234"}}) {
    const std::string a = derive_uid(root, "1.2.3.deadbeef");
    EXPECT_TRUE(base::is_valid_uid(a)) << a;
    EXPECT_EQ(a, derive_uid(root, "1.2.3.deadbeef"));
    EXPECT_NE(a, derive_uid(root, "1.2.3.deadbeee"));
    if (!root.empty()) EXPECT_EQ(a.rfind(std::string(root) + ".", 0), 0u) << a;
    else EXPECT_EQ(a.rfind("2.25.", 0), 0u) << a;
  }
}

TEST(UidRepairTest, ReplacesReferencesConsistentlyAndKeepsTheOldValues) {
  DataSet ds = with_bad_uids();
  EXPECT_EQ(replace_invalid_uids(ds, "1.2.826.0.1.3680043.10.999", "20261206120000+0000"), 3u);
  EXPECT_TRUE(find_invalid_uids(ds).empty());
  const std::string sop(ds.get_string(tags::SOPInstanceUID).value());
  EXPECT_EQ(sop, derive_uid("1.2.826.0.1.3680043.10.999", "1.2.3.deadbeef"));
  EXPECT_EQ(ds.find(tags::ReferencedImageSequence)->items[0].get_string(tags::ReferencedSOPInstanceUID).value(), sop);
  EXPECT_EQ(ds.get_string(tags::SeriesInstanceUID).value(), "1.2.3.4");

  const Element* oas = ds.find(tags::OriginalAttributesSequence);
  ASSERT_NE(oas, nullptr);
  ASSERT_EQ(oas->items.size(), 1u);
  const DataSet& item = oas->items[0];
  EXPECT_EQ(item.get_string(tags::ReasonForTheAttributeModification).value(), "CORRECT");
  EXPECT_EQ(item.get_string(tags::ModifyingSystem).value(), "DISCUS");
  // C.12.1.1.9.1: nonconforming values with zero length; a nested one as its whole top-level sequence.
  const DataSet& modified = item.find(tags::ModifiedAttributesSequence)->items.at(0);
  EXPECT_EQ(modified.find(tags::SOPInstanceUID)->value.bytes.size(), 0u);
  EXPECT_EQ(modified.find(tags::StudyInstanceUID)->value.bytes.size(), 0u);
  EXPECT_EQ(modified.find(tags::ReferencedImageSequence)->items.at(0).get_string(tags::ReferencedSOPClassUID).value(),
            "1.2.840.10008.5.1.4.1.1.2");
  EXPECT_FALSE(modified.contains(tags::SeriesInstanceUID));
  // C.12.1.1.9.2: the old bytes, each addressed by the Selector Attribute Macro.
  const Element* nonconforming = item.find(tags::NonconformingModifiedAttributesSequence);
  ASSERT_EQ(nonconforming->items.size(), 3u);
  bool nested = false;
  for (const DataSet& x : nonconforming->items) {
    const std::string old(reinterpret_cast<const char*>(x.find(tags::NonconformingDataElementValue)->value.bytes.data()),
                          x.find(tags::NonconformingDataElementValue)->value.bytes.size());
    EXPECT_TRUE(old.rfind("1.2.3.deadbeef", 0) == 0 || old.rfind("1.2.03.4", 0) == 0) << old;
    if (x.contains(tags::SelectorSequencePointer)) {
      nested = true;
      EXPECT_EQ(x.get_string(tags::SelectorSequencePointerItems).value(), "1");
    }
  }
  EXPECT_TRUE(nested);

  // A second repair keeps the first item (C.12.1.1.9: existing items are preserved).
  ds.set_string(tags::StudyInstanceUID, VR::UI, "1.2.3.0x");
  replace_invalid_uids(ds, "", "20261206120000+0000");
  EXPECT_EQ(ds.find(tags::OriginalAttributesSequence)->items.size(), 2u);
}

}  // namespace
}  // namespace discus::media::author
