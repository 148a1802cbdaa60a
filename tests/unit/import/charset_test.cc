// Specific Character Set (0008,0005) after coercion (import/text_encoding.h): the written
// instance declares a repertoire that holds every text value, and the values are re-encoded into
// it. The outside files are pydicom's real charset test files (python3-pydicom); the local
// identities are UTF-8, as the demographics sources give them.
#include <gtest/gtest.h>

#include <filesystem>

#include "dicom/dict/tags.h"
#include "dicom/part10/reader.h"
#include "import/coerce.h"
#include "import/reconcile.h"
#include "import/text_encoding.h"

namespace discus::import {
namespace {

namespace fs = std::filesystem;
namespace tags = dicom::tags;
using dicom::DataSet;
using dicom::VR;

const fs::path kCharsetFiles = "/usr/lib/python3/dist-packages/pydicom/data/charset_files";

DataSet pydicom_file(const std::string& name) {
  dicom::part10::ReadOptions ro;
  ro.stop_before_pixels = true;
  auto f = dicom::part10::read_file((kCharsetFiles / name).string(), ro);
  EXPECT_TRUE(f) << name << ": " << (f ? "" : f.error().describe());
  return f ? std::move(f->dataset) : DataSet();
}

#define NEED_PYDICOM_FILES()                                                                   \
  if (!fs::exists(kCharsetFiles / "chrH31.dcm")) GTEST_SKIP() << "python3-pydicom's charset files are not installed"

LocalIdentity local(const std::string& name) { return LocalIdentity{"L1", "HOSP", name, "19700101", "M", "", "", "", "", "test"}; }

const CoercionContext kContext{"20261207000000+0000", "DISCUS", "CD"};

std::string declared(const DataSet& ds) { return std::string(ds.get_string(tags::SpecificCharacterSet).value_or("")); }
std::string raw(const DataSet& ds, dicom::Tag t) { return std::string(ds.get_string(t).value_or("")); }

// The single item of the Modified Attributes Sequence of the last Original Attributes item.
const DataSet& previous(const DataSet& ds) {
  const dicom::Element* oas = ds.find(tags::OriginalAttributesSequence);
  const dicom::Element* mas = oas->items.back().find(tags::ModifiedAttributesSequence);
  return mas->items.front();
}

DataSet ascii_file() {
  DataSet ds;
  ds.set_string(tags::SOPInstanceUID, VR::UI, "1.2.3");
  ds.set_string(tags::PatientName, VR::PN, "DOE^JOHN");
  ds.set_string(tags::PatientID, VR::LO, "EXT1");
  ds.set_string(tags::StudyDescription, VR::LO, "CHEST");
  return ds;
}

TEST(CoerceCharset, LatinNameIntoAsciiFileDeclaresIsoIr100) {
  DataSet ds = ascii_file();
  coerce(ds, local("Gómez^José"), kContext);
  EXPECT_EQ(declared(ds), "ISO_IR 100");
  EXPECT_EQ(raw(ds, tags::PatientName), "G\xf3mez^Jos\xe9");  // Latin-1 bytes
  EXPECT_EQ(decoded_text(ds, tags::PatientName), "Gómez^José");
  EXPECT_EQ(raw(ds, tags::StudyDescription), "CHEST");
  EXPECT_EQ(raw(previous(ds), tags::PatientName), "DOE^JOHN");
}

TEST(CoerceCharset, CyrillicNameIntoAsciiFileDeclaresUtf8) {
  DataSet ds = ascii_file();
  coerce(ds, local("Иванов^Иван"), kContext);
  EXPECT_EQ(declared(ds), "ISO_IR 192");
  EXPECT_EQ(raw(ds, tags::PatientName), "Иванов^Иван");
  EXPECT_EQ(raw(ds, tags::StudyDescription), "CHEST");
}

TEST(CoerceCharset, AsciiNameKeepsTheDeclaration) {
  NEED_PYDICOM_FILES();
  DataSet ds = pydicom_file("chrH31.dcm");
  const std::string before = declared(ds);
  coerce(ds, local("YAMADA^TAROU"), kContext);
  EXPECT_EQ(declared(ds), before);  // "\ISO 2022 IR 87": ASCII is its G0 at every value's start
  EXPECT_EQ(raw(previous(ds), tags::PatientName).substr(0, 13), "Yamada^Tarou=");
  EXPECT_EQ(decoded_text(ds, tags::PatientName), "YAMADA^TAROU");
}

// A Latin name into a Japanese ISO 2022 file: the whole data set becomes UTF-8, the Japanese
// name kept (as characters) in the Original Attributes Sequence.
TEST(CoerceCharset, LatinNameIntoIso2022Ir87FileReencodesToUtf8) {
  NEED_PYDICOM_FILES();
  DataSet ds = pydicom_file("chrH31.dcm");
  coerce(ds, local("Müller^Hans"), kContext);
  EXPECT_EQ(declared(ds), "ISO_IR 192");
  EXPECT_EQ(raw(ds, tags::PatientName), "Müller^Hans");
  EXPECT_EQ(raw(previous(ds), tags::PatientName), "Yamada^Tarou=山田^太郎=やまだ^たろう");
  EXPECT_FALSE(previous(ds).contains(tags::SpecificCharacterSet));  // the item declares nothing: UTF-8 like the rest
}

TEST(CoerceCharset, CyrillicNameIntoLatin1FileReencodesEveryValue) {
  NEED_PYDICOM_FILES();
  DataSet ds = pydicom_file("chrFren.dcm");
  ASSERT_EQ(declared(ds), "ISO_IR 100");
  coerce(ds, local("Люксембург^Анна"), kContext);
  EXPECT_EQ(declared(ds), "ISO_IR 192");
  EXPECT_EQ(raw(ds, tags::PatientName), "Люксембург^Анна");
  EXPECT_EQ(raw(previous(ds), tags::PatientName), "Buc^Jérôme");  // was Latin-1 bytes, now UTF-8
}

TEST(CoerceCharset, Latin1FileTakesALatinNameInLatin1) {
  NEED_PYDICOM_FILES();
  DataSet ds = pydicom_file("chrGerm.dcm");
  coerce(ds, local("Ärger^Björn"), kContext);
  EXPECT_EQ(declared(ds), "ISO_IR 100");
  EXPECT_EQ(raw(ds, tags::PatientName), "\xc4rger^Bj\xf6rn");
  EXPECT_EQ(raw(previous(ds), tags::PatientName), "\xc4neas^R\xfc" "diger");  // Latin-1, as the data set declares
}

TEST(CoerceCharset, Utf8FileTakesAnything) {
  NEED_PYDICOM_FILES();
  DataSet ds = pydicom_file("chrX1.dcm");
  coerce(ds, local("Ñandú^Ωmega"), kContext);
  EXPECT_EQ(declared(ds), "ISO_IR 192");
  EXPECT_EQ(raw(ds, tags::PatientName), "Ñandú^Ωmega");
  EXPECT_EQ(raw(previous(ds), tags::PatientName), "Wang^XiaoDong=王^小東=");
}

// The outside name is compared as characters: a Latin-1 file and a UTF-8 worklist agree.
TEST(CoerceCharset, NamesAgreeAcrossRepertoires) {
  NEED_PYDICOM_FILES();
  const PatientKey k = patient_key(pydicom_file("chrGerm.dcm"));
  EXPECT_EQ(k.name, "Äneas^Rüdiger");
  EXPECT_TRUE(names_agree(k.name, "Äneas^RÜDIGER") || names_agree(k.name, "ÄNEAS^Rüdiger"));
  EXPECT_FALSE(names_agree(k.name, "Aneas^Rudiger"));
}

// A worklist answer declaring no repertoire: Latin-1 bytes (which can look like UTF-8 lead bytes:
// "ÜL" is DC 4C) are read as Latin-1, valid UTF-8 as UTF-8. Regression: the bench's MÜLLER^JÜRGEN
// was held because DC 4C passed for a two-byte sequence.
TEST(CoerceCharset, UndeclaredAnswerIsUtf8OrLatin1) {
  DataSet latin1, utf8;
  latin1.set_string(tags::PatientName, VR::PN, "M\xdcLLER^J\xdcRGEN");
  utf8.set_string(tags::PatientName, VR::PN, "MÜLLER^JÜRGEN");
  EXPECT_EQ(answer_text(latin1, tags::PatientName), "MÜLLER^JÜRGEN");
  EXPECT_EQ(answer_text(utf8, tags::PatientName), "MÜLLER^JÜRGEN");
}

}  // namespace
}  // namespace discus::import
