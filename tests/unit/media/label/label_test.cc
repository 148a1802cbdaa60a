// Disc labels (issue 18 item 4): person names for people, escaping (a crafted name stays text),
// the template format's checks, QR codes, and rendering to PDF and rasters of the right size.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>

#include "codec/render/png.h"
#include "media/label/label.h"
#include "media/label/person_name.h"
#include "media/label/qr.h"
#include "media/label/raster.h"

namespace discus::media::label {
namespace {

const char* kPydicomCharsets = "/usr/lib/python3/dist-packages/pydicom/data/charset_files";

std::string minimal_template(const std::string& body, const std::string& version = "1") {
  return "<?xml version=\"1.0\"?>\n<!-- a comment <svg> -->\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
         "xmlns:discus=\"urn:x-discus:label\" discus:label-version=\"" + version +
         "\" width=\"20mm\" height=\"10mm\" viewBox=\"0 0 20 10\">" + body + "</svg>";
}

TEST(PersonName, AlphabeticGroupReadsFamilyCommaGiven) {
  EXPECT_EQ(format_person_name("Doe^Jane^Q^Dr^PhD").alphabetic, "Dr Doe, Jane Q, PhD");
  EXPECT_EQ(format_person_name("Doe^Jane").preferred(), "Doe, Jane");
  EXPECT_EQ(format_person_name("Doe").preferred(), "Doe");
  EXPECT_EQ(format_person_name("^Jane").preferred(), "Jane");
  EXPECT_EQ(format_person_name("Doe^Jane\\Roe^Richard ").preferred(), "Doe, Jane");  // first value only
}

TEST(PersonName, IdeographicGroupIsPreferredAndKeepsFamilyFirst) {
  const PersonName n = format_person_name("Yamada^Tarou=山田^太郎=やまだ^たろう");
  EXPECT_EQ(n.preferred(), "山田 太郎");
  EXPECT_EQ(n.other(), "Yamada, Tarou");
  EXPECT_EQ(n.phonetic, "やまだ たろう");
  const PersonName only_phonetic = format_person_name("==やまだ^たろう");
  EXPECT_EQ(only_phonetic.preferred(), "やまだ たろう");
  EXPECT_EQ(format_person_name("Doe^Jane").other(), "");
}

TEST(XmlEscape, MarkupBecomesText) {
  EXPECT_EQ(xml_escape("</text><text>X</text>&amp;\"'"), "&lt;/text&gt;&lt;text&gt;X&lt;/text&gt;&amp;amp;&quot;&apos;");
}

TEST(XmlEscape, DropsWhatXmlForbidsAndBidiOverrides) {
  EXPECT_EQ(xml_escape(std::string("a\x01" "b\x1b[31mc", 10)), "ab[31mc");
  EXPECT_EQ(xml_escape("\u202Eevil\u202C name"), "evil name");
  EXPECT_EQ(xml_escape("tab\tnl\n"), "tab\tnl\n");
  EXPECT_EQ(xml_escape("\xE9t\xE9"), "\\xE9t\\xE9");  // Latin-1 bytes made visible, not dropped
  EXPECT_EQ(xml_escape("قباني Διονυσιος 山田"), "قباني Διονυσιος 山田");
}

TEST(Template, RefusesFilesThatAreNotVersionOneLabels) {
  EXPECT_TRUE(parse_template(minimal_template("")));
  auto v2 = parse_template(minimal_template("", "2"));
  ASSERT_FALSE(v2);
  EXPECT_EQ(v2.error().code, base::ErrorCode::kUnsupported);
  auto plain = parse_template("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1mm\" height=\"1mm\"/>");
  ASSERT_FALSE(plain);
  EXPECT_NE(plain.error().message.find("discus:label-version"), std::string::npos);
  EXPECT_FALSE(parse_template("<html><svg/></html>"));
  EXPECT_FALSE(parse_template("no markup at all"));
}

TEST(Merge, FieldsAreEscapedAndAnInjectedNameStaysText) {
  auto t = parse_template(minimal_template("<text>{{patient_name}}</text><text>{{patient_id}}</text>"));
  ASSERT_TRUE(t);
  LabelData d;
  d.patient_name = "</text><text font-size=\"50\">INJECTED</text><text>";
  d.patient_id = "<!ENTITY x SYSTEM \"file:///etc/passwd\">&x;";
  auto svg = merge(*t, d);
  ASSERT_TRUE(svg) << svg.error().describe();
  EXPECT_EQ(svg->find("<text font-size"), std::string::npos);
  EXPECT_EQ(svg->find("<!ENTITY"), std::string::npos);
  EXPECT_NE(svg->find("&lt;/text&gt;&lt;text font-size=&quot;50&quot;&gt;INJECTED"), std::string::npos);
  // Exactly the template's two <text> elements, and it still renders.
  std::size_t count = 0;
  for (std::size_t at = 0; (at = svg->find("<text", at)) != std::string::npos; ++at) ++count;
  EXPECT_EQ(count, 2u);
}

TEST(Merge, UnknownOrMalformedFieldsFailByName) {
  LabelData d;
  auto typo = merge(*parse_template(minimal_template("<text>{{patient_nmae}}</text>")), d);
  ASSERT_FALSE(typo);
  EXPECT_NE(typo.error().message.find("patient_nmae"), std::string::npos);
  EXPECT_FALSE(merge(*parse_template(minimal_template("<text>{{patient_name</text>")), d));
  EXPECT_FALSE(merge(*parse_template(minimal_template("<text>{{Patient Name}}</text>")), d));
  EXPECT_FALSE(merge(*parse_template(minimal_template("<text>{{patient_name:0}}</text>")), d));
  EXPECT_FALSE(merge(*parse_template(minimal_template("<text>{{patient_name:x}}</text>")), d));
}

TEST(Merge, LengthLimitCutsByCharactersWithAnEllipsis) {
  auto t = parse_template(minimal_template("<text>{{patient_name:4}}|{{patient_id:10}}</text>"));
  LabelData d;
  d.patient_name = "山田太郎花子";
  d.patient_id = "12345";
  auto svg = merge(*t, d);
  ASSERT_TRUE(svg);
  EXPECT_NE(svg->find("<text>山田太…|12345</text>"), std::string::npos) << *svg;
}

TEST(Merge, FieldsDerivedFromTheData) {
  LabelData d;
  d.patient_name = "山田 太郎";
  d.patient_name_alphabetic = "Yamada, Tarou";
  d.studies = {{"1.2.3", "2024-01-02", "10:00", "CT chest", "A1", {"CT", "SR"}, 3},
               {"1.2.4", "2024-02-03", "", "MR head", "", {"MR"}, 2}};
  d.disc_number = 2;
  d.disc_count = 3;
  auto f = merge_fields(d);
  EXPECT_EQ(f["patient_name_other"], "Yamada, Tarou");
  EXPECT_EQ(f["study_dates"], "2024-01-02, 2024-02-03");
  EXPECT_EQ(f["study_descriptions"], "CT chest; MR head");
  EXPECT_EQ(f["modality"], "CT, MR, SR");
  EXPECT_EQ(f["qr_text"], "1.2.3");
  EXPECT_EQ(f["disc_number"] + "/" + f["disc_count"], "2/3");
  d.verification_url = "https://pacs.example/verify?study={{study_uid}}";
  EXPECT_EQ(merge_fields(d)["qr_text"], "https://pacs.example/verify?study=1.2.3");
}

TEST(Merge, DiscusIfRemovesAnElementWhoseFieldIsEmpty) {
  auto t = parse_template(minimal_template(
      "<text>ID {{patient_id}}<tspan discus:if=\"patient_birth_date\" dx=\"3\">Born {{patient_birth_date}}</tspan></text>"
      "<g discus:if='institution'><g><text>{{institution}}</text></g><rect/></g><rect discus:if=\"patient_sex\"/>"));
  ASSERT_TRUE(t);
  LabelData d;
  d.patient_id = "7";
  auto empty = merge(*t, d);
  ASSERT_TRUE(empty) << empty.error().describe();
  EXPECT_NE(empty->find("<text>ID 7</text></svg>"), std::string::npos) << *empty;
  d.patient_birth_date = "1970-01-31";
  d.institution = "Klinikum";
  d.patient_sex = "F";
  auto full = merge(*t, d);
  ASSERT_TRUE(full);
  EXPECT_NE(full->find("<tspan  dx=\"3\">Born 1970-01-31</tspan>"), std::string::npos) << *full;
  EXPECT_NE(full->find("<g ><g><text>Klinikum</text></g><rect/></g><rect />"), std::string::npos) << *full;
  EXPECT_EQ(full->find("discus:if"), std::string::npos);
  auto typo = merge(*parse_template(minimal_template("<text discus:if=\"patient_nmae\">x</text>")), d);
  ASSERT_FALSE(typo);
  EXPECT_NE(typo.error().message.find("patient_nmae"), std::string::npos);
  EXPECT_FALSE(merge(*parse_template(minimal_template("<text discus:if=\"patient_sex\">x")), LabelData{}));
}

TEST(Qr, FinderPatternsAndQuietZone) {
  auto q = encode_qr("1.2.840.113619.2.55.3.604688119.969.1268071029.320");
  ASSERT_TRUE(q);
  ASSERT_GE(q->size, 21u);
  EXPECT_EQ((q->size - 17) % 4, 0u);  // ISO/IEC 18004: 4V + 17 modules per side
  // The three 7x7 finder patterns: dark ring, light ring, dark 3x3 centre.
  for (auto [ox, oy] : {std::pair<std::uint32_t, std::uint32_t>{0, 0}, {q->size - 7, 0}, {0, q->size - 7}}) {
    EXPECT_TRUE(q->at(ox, oy) && q->at(ox + 6, oy + 6) && q->at(ox + 3, oy + 3));
    EXPECT_FALSE(q->at(ox + 1, oy + 1));
  }
  const std::string svg = qr_svg(*q, "1", "2", "20", "20");
  EXPECT_NE(svg.find("viewBox=\"-4 -4 "), std::string::npos);
  EXPECT_FALSE(encode_qr(""));
}

TEST(Merge, QrElementBecomesACode) {
  auto t = parse_template(minimal_template("<discus:qr x=\"0\" y=\"0\" width=\"10\" height=\"10\"/>"));
  LabelData d;
  d.studies.push_back({"1.2.3.4", "", "", "", "", {}, 1});
  auto svg = merge(*t, d);
  ASSERT_TRUE(svg);
  EXPECT_EQ(svg->find("discus:qr"), std::string::npos);
  EXPECT_NE(svg->find("<path fill=\"#000\" d=\"M"), std::string::npos);
  // No UID, no code (and no leftover element).
  auto empty = merge(*t, LabelData{});
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->find("<path"), std::string::npos);
  EXPECT_EQ(empty->find("discus:qr"), std::string::npos);
}

TEST(StudyData, JapaneseNameThroughIso2022Ir87) {
  const std::filesystem::path file = std::filesystem::path(kPydicomCharsets) / "chrH31.dcm";
  if (!std::filesystem::exists(file)) GTEST_SKIP() << "python3-pydicom's charset files are not installed";
  auto d = label_data_from_study(file.string());
  ASSERT_TRUE(d) << d.error().describe();
  EXPECT_EQ(d->patient_name, "山田 太郎");
  EXPECT_EQ(d->patient_name_alphabetic, "Yamada, Tarou");
  EXPECT_EQ(d->patient_name_phonetic, "やまだ たろう");
  ASSERT_EQ(d->studies.size(), 1u);
  EXPECT_EQ(d->studies[0].uid, "1.3.6.1.4.1.5962.1.2.0.1175775771.5702.0");
}

TEST(StudyData, NoDicomIsNotFound) {
  const auto dir = std::filesystem::temp_directory_path() / "discus_label_empty";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "README.TXT") << "not DICOM";
  auto d = label_data_from_study(dir.string());
  ASSERT_FALSE(d);
  EXPECT_EQ(d.error().code, base::ErrorCode::kNotFound);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace discus::media::label
