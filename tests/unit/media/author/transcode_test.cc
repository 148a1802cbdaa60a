// Pixel data on the way to a medium: the transfer syntax chosen for each instance
// (transfer_syntax_choice.h), `discus author` decompressing what a profile forbids and
// compressing on request, and the record of a lossy step (lossy_derivative.h).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "author_test_support.h"
#include "codec/frames/transcode_pixels.h"
#include "codec/jpeg_lossless/jpeg_lossless.h"
#include "codec/rle/rle.h"
#include "dicom/dict/transfer_syntax.h"
#include "dicom/part10/reader.h"
#include "media/author/author.h"
#include "media/author/lossy_derivative.h"
#include "media/author/transfer_syntax_choice.h"
#include "media/dicomdir/reader.h"

namespace discus::media::author {
namespace {

using namespace testing;
namespace tags = dicom::tags;
namespace uids = dicom::uids;

// The codecs of our own that these tests rely on; the library codecs may or may not be present.
codec::CodecRegistry own_codecs() {
  codec::CodecRegistry r;
  codec::register_rle(r);
  codec::register_jpeg_lossless(r);
  return r;
}

const dicom::dict::TransferSyntax* ts(std::string_view uid) { return dicom::dict::find_transfer_syntax(uid); }

std::vector<std::string> list(std::initializer_list<std::string_view> v) { return {v.begin(), v.end()}; }

TEST(TransferSyntaxChoice, KeepsWhatTheProfileAllowsUnlessCompressionIsAsked) {
  const auto codecs = own_codecs();
  const auto dvd = list({uids::ExplicitVRLittleEndian, uids::JPEGLosslessSV1, uids::JPEGBaseline8Bit});
  ChoiceInput in{dvd, ts(uids::ExplicitVRLittleEndian), true, 12, Compression::kNone};
  EXPECT_EQ(*choose_transfer_syntax(in, codecs), uids::ExplicitVRLittleEndian);
  in.compression = Compression::kLossless;
  EXPECT_EQ(*choose_transfer_syntax(in, codecs), uids::JPEGLosslessSV1);
  // Without pixel data there is nothing to compress.
  in.has_pixel_data = false;
  EXPECT_EQ(*choose_transfer_syntax(in, codecs), uids::ExplicitVRLittleEndian);
}

TEST(TransferSyntaxChoice, DecompressesWhatTheProfileForbids) {
  const auto codecs = own_codecs();
  ChoiceInput in{list({uids::ExplicitVRLittleEndian}), ts(uids::JPEGLosslessSV1), true, 16, Compression::kNone};
  EXPECT_EQ(*choose_transfer_syntax(in, codecs), uids::ExplicitVRLittleEndian);
  in.source = ts(uids::RLELossless);
  in.compression = Compression::kLossless;  // nothing lossless is allowed: decompress
  EXPECT_EQ(*choose_transfer_syntax(in, codecs), uids::ExplicitVRLittleEndian);
  in.source = ts(uids::ImplicitVRLittleEndian);
  EXPECT_EQ(*choose_transfer_syntax(in, codecs), uids::ExplicitVRLittleEndian);
}

TEST(TransferSyntaxChoice, RefusesWithoutADecoderAndNamesTheSyntax) {
  const codec::CodecRegistry none;
  ChoiceInput in{list({uids::ExplicitVRLittleEndian}), ts(uids::RLELossless), true, 16, Compression::kNone};
  auto r = choose_transfer_syntax(in, none);
  ASSERT_FALSE(r);
  EXPECT_THAT(r.error().message, ::testing::HasSubstr("RLE Lossless"));
  EXPECT_THAT(r.error().message, ::testing::HasSubstr("no decoder"));
}

TEST(TransferSyntaxChoice, LossyOnlyOnRequestAndJpegBaselineOnlyForEightBits) {
  codec::CodecRegistry r = own_codecs();
  struct FakeBaseline : codec::Encoder {  // stands for the libjpeg-turbo encoder: only its presence matters here
    base::Result<base::Bytes> encode(base::ByteView, codec::FrameInfo&) const override { return base::Bytes{}; }
  };
  r.add_encoder(std::string(uids::JPEGBaseline8Bit), std::make_shared<FakeBaseline>());
  const auto dvd = list({uids::ExplicitVRLittleEndian, uids::JPEGLosslessSV1, uids::JPEGBaseline8Bit});
  ChoiceInput in{dvd, ts(uids::ExplicitVRLittleEndian), true, 8, Compression::kLossless};
  EXPECT_EQ(*choose_transfer_syntax(in, r), uids::JPEGLosslessSV1);
  in.compression = Compression::kLossy;
  EXPECT_EQ(*choose_transfer_syntax(in, r), uids::JPEGBaseline8Bit);
  in.bits_stored = 12;  // baseline cannot hold it: lossless instead
  EXPECT_EQ(*choose_transfer_syntax(in, r), uids::JPEGLosslessSV1);
  EXPECT_FALSE(parse_compression("maybe"));
  EXPECT_EQ(*parse_compression("lossy"), Compression::kLossy);
}

// A CT written in `syntax`, its pixel data compressed by our own encoders.
void write_compressed(const fs::path& path, dicom::DataSet ds, std::string_view syntax) {
  const auto codecs = own_codecs();
  auto st = codec::transcode_pixel_data(ds, *ts(uids::ExplicitVRLittleEndian), *ts(syntax), codecs);
  ASSERT_TRUE(st) << st.error().describe();
  write(path, ds, syntax);
}

base::Bytes native_pixels(const fs::path& path) {
  auto f = dicom::part10::read_file(path.string(), {});
  EXPECT_TRUE(f) << path;
  if (!f) return {};
  const auto codecs = own_codecs();
  auto st = codec::transcode_pixel_data(f->dataset, *f->transfer_syntax, *ts(uids::ExplicitVRLittleEndian), codecs);
  EXPECT_TRUE(st) << st.error().describe();
  const dicom::Element* e = f->dataset.find(tags::PixelData);
  if (e == nullptr) return {};
  auto loaded = e->value.load();
  return loaded ? *loaded : base::Bytes{};
}

TEST(AuthorTranscode, RleStudyOnACdIsDecompressedAndTheDicomdirSaysSo) {
  TempDir tmp("rle-on-cd");
  const auto original = ct("P1", "1.2.826.0.1.3680043.10.7.2", "1.2.826.0.1.3680043.10.7.2.1", 1);
  write_compressed(tmp / "in" / "a.dcm", original, uids::RLELossless);
  const auto codecs = own_codecs();
  AuthorOptions opt;
  opt.inputs = {(tmp / "in").string()};
  opt.out_dir = (tmp / "set").string();
  opt.codecs = &codecs;
  base::SequentialUidSource uids("1.2.826.0.1.3680043.10.999");
  auto r = author(opt, profile_of("STD-GEN-CD"), uids);
  ASSERT_TRUE(r) << r.error().describe();
  ASSERT_EQ(r->files.size(), 1u);
  EXPECT_EQ(r->files[0].outcome, Outcome::kRewritten);
  EXPECT_EQ(r->files[0].transfer_syntax, uids::ExplicitVRLittleEndian);
  const fs::path written = tmp / "set" / r->files[0].file_id;
  auto f = dicom::part10::read_file(written.string(), {});
  ASSERT_TRUE(f);
  EXPECT_EQ(f->transfer_syntax->uid, uids::ExplicitVRLittleEndian);
  EXPECT_EQ(native_pixels(written), original.find(tags::PixelData)->value.bytes);
  expect_manifest_matches(tmp / "set");
  // The IMAGE record names the syntax of the file on the medium (PS3.3 F.5, (0004,1512)).
  auto dir = dicomdir::read_dicomdir((tmp / "set" / "DICOMDIR").string());
  ASSERT_TRUE(dir) << dir.error().describe();
  const dicomdir::DirectoryRecord* rec = &dir->roots.at(0);
  while (!rec->children.empty()) rec = &rec->children.at(0);
  EXPECT_EQ(rec->type, "IMAGE");
  const auto item = dir->load(*rec);
  ASSERT_TRUE(item);
  EXPECT_EQ(item->keys.get_string(tags::ReferencedTransferSyntaxUIDInFile), uids::ExplicitVRLittleEndian);
}

TEST(AuthorTranscode, WithoutCodecsACompressedStudyIsExcludedWithTheReason) {
  TempDir tmp("rle-no-codec");
  write_compressed(tmp / "in" / "a.dcm", ct("P1", "1.2.826.0.1.3680043.10.7.3", "1.2.826.0.1.3680043.10.7.3.1", 1), uids::RLELossless);
  AuthorOptions opt;
  opt.inputs = {(tmp / "in").string()};
  opt.out_dir = (tmp / "set").string();
  base::SequentialUidSource uids("1.2.826.0.1.3680043.10.999");
  auto r = author(opt, profile_of("STD-GEN-CD"), uids);
  ASSERT_FALSE(r);  // nothing can go on the medium
  EXPECT_THAT(r.error().message, ::testing::HasSubstr("no DICOM instance"));
}

// Issue 11: a stream that does not decode leaves only its own file off the medium. The
// DICOMDIR (encoded alongside the copies on a CD) is encoded again without it, no partial output
// stays behind, and the record says why.
TEST(AuthorTranscode, AnUndecodableInstanceIsLeftOffAndTheJobGoesOn) {
  TempDir tmp("rle-broken");
  const std::string study = "1.2.826.0.1.3680043.10.7.9", series = study + ".1";
  write_compressed(tmp / "in" / "a.dcm", ct("P1", study, series, 1), uids::RLELossless);
  write_compressed(tmp / "in" / "b.dcm", ct("P1", study, series, 2), uids::RLELossless);
  write_compressed(tmp / "in" / "c.dcm", ct("P1", study, series, 3), uids::RLELossless);
  {
    // b.dcm: the RLE header (PS3.5 G.5) of its frame claims 15 segments where 2 are.
    std::fstream f(tmp / "in" / "b.dcm", std::ios::in | std::ios::out | std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(f)), {});
    const std::string header("\x02\x00\x00\x00\x40\x00\x00\x00", 8);
    const auto at = bytes.find(header);
    ASSERT_NE(at, std::string::npos);
    f.seekp(static_cast<std::streamoff>(at));
    f.put('\x0f');
  }
  fs::copy_file(tmp / "in" / "b.dcm", tmp / "in" / "d.dcm");  // a copy fails the same way: not a "duplicate"
  const auto codecs = own_codecs();
  AuthorOptions opt;
  opt.inputs = {(tmp / "in").string()};
  opt.out_dir = (tmp / "set").string();
  opt.codecs = &codecs;
  base::SequentialUidSource uids("1.2.826.0.1.3680043.10.999");
  auto r = author(opt, profile_of("STD-GEN-CD"), uids);
  ASSERT_TRUE(r) << r.error().describe();
  ASSERT_EQ(r->files.size(), 4u);
  std::size_t on = 0;
  for (const FileRecord& f : r->files) {
    if (f.source.ends_with("b.dcm") || f.source.ends_with("d.dcm")) {
      EXPECT_THAT(f.outcome, ::testing::AnyOf(Outcome::kUnreadable, Outcome::kExcluded));
      EXPECT_THAT(f.reason, ::testing::HasSubstr("(7FE0,0010)")) << f.source;
      EXPECT_TRUE(f.file_id.empty());
    } else {
      EXPECT_EQ(f.outcome, Outcome::kRewritten);
      ++on;
    }
  }
  EXPECT_EQ(on, 2u);
  EXPECT_FALSE(r->complete());
  EXPECT_EQ(r->instances, 2u);
  EXPECT_TRUE(std::any_of(r->findings.begin(), r->findings.end(), [](const base::Finding& x) {
    return x.file.ends_with("b.dcm") && x.severity == base::Severity::kError;
  }));
  // Only the two good instances are in the file-set (no empty folder either), and the DICOMDIR
  // names exactly those.
  std::size_t files = 0;
  for (const auto& e : fs::recursive_directory_iterator(tmp / "set" / "DICOM")) {
    if (e.is_regular_file()) ++files;
    else EXPECT_FALSE(fs::is_empty(e.path())) << e.path();
  }
  EXPECT_EQ(files, 2u);
  expect_manifest_matches(tmp / "set");
  auto dir = dicomdir::read_dicomdir((tmp / "set" / "DICOMDIR").string());
  ASSERT_TRUE(dir) << dir.error().describe();
  const dicomdir::DirectoryRecord* s = &dir->roots.at(0);
  while (s->type != "SERIES") s = &s->children.at(0);
  ASSERT_EQ(s->children.size(), 2u);
  for (const auto& image : s->children) {
    auto item = dir->load(image);
    ASSERT_TRUE(item);
    EXPECT_NE(item->keys.get_string(tags::ReferencedSOPInstanceUIDInFile), series + ".2");
    EXPECT_FALSE(item->file_id.empty());
  }
  // The README.TXT counts what was left off (no names).
  std::ifstream readme(tmp / "set" / "README.TXT");
  const std::string text((std::istreambuf_iterator<char>(readme)), {});
  EXPECT_THAT(text, ::testing::HasSubstr("What was left off this medium"));
  EXPECT_THAT(text, ::testing::Not(::testing::HasSubstr("b.dcm")));
}

TEST(AuthorTranscode, CompressLosslessOnADvdWritesJpegLosslessThatDecodesToTheOriginal) {
  TempDir tmp("lossless-dvd");
  const auto original = ct("P1", "1.2.826.0.1.3680043.10.7.4", "1.2.826.0.1.3680043.10.7.4.1", 1);
  write(tmp / "in" / "a.dcm", original);
  const auto codecs = own_codecs();
  AuthorOptions opt;
  opt.inputs = {(tmp / "in").string()};
  opt.out_dir = (tmp / "set").string();
  opt.codecs = &codecs;
  opt.compression = Compression::kLossless;
  base::SequentialUidSource uids("1.2.826.0.1.3680043.10.999");
  auto r = author(opt, profile_of("STD-GEN-DVD-JPEG"), uids);
  ASSERT_TRUE(r) << r.error().describe();
  ASSERT_EQ(r->files.size(), 1u);
  EXPECT_EQ(r->files[0].transfer_syntax, uids::JPEGLosslessSV1);
  const fs::path written = tmp / "set" / r->files[0].file_id;
  EXPECT_EQ(native_pixels(written), original.find(tags::PixelData)->value.bytes);
  // Lossless: the instance keeps its identity.
  auto f = dicom::part10::read_file(written.string(), {});
  ASSERT_TRUE(f);
  EXPECT_EQ(f->dataset.get_string(tags::SOPInstanceUID), original.get_string(tags::SOPInstanceUID));
}

TEST(AuthorTranscode, CompressLossyOnAJ2kDvdMakesANewInstanceAndTheDicomdirNamesIt) {
  TempDir tmp("lossy-dvd");
  const auto original = ct("P1", "1.2.826.0.1.3680043.10.7.5", "1.2.826.0.1.3680043.10.7.5.1", 1);
  write(tmp / "in" / "a.dcm", original);
  const auto codecs = codec::all_codecs();  // JPEG 2000 through OpenJPEG
  ASSERT_NE(codecs.encoder(uids::JPEG2000), nullptr);
  AuthorOptions opt;
  opt.inputs = {(tmp / "in").string()};
  opt.out_dir = (tmp / "set").string();
  opt.codecs = &codecs;
  opt.compression = Compression::kLossy;
  base::SequentialUidSource uids("1.2.826.0.1.3680043.10.999");
  auto r = author(opt, profile_of("STD-GEN-DVD-J2K"), uids);
  ASSERT_TRUE(r) << r.error().describe();
  ASSERT_EQ(r->files.size(), 1u);
  EXPECT_EQ(r->files[0].transfer_syntax, uids::JPEG2000);
  auto f = dicom::part10::read_file((tmp / "set" / r->files[0].file_id).string(), {});
  ASSERT_TRUE(f);
  const std::string new_uid(f->dataset.get_string(tags::SOPInstanceUID).value_or(""));
  EXPECT_NE(new_uid, original.get_string(tags::SOPInstanceUID).value_or(""));
  EXPECT_EQ(f->meta.get_string(tags::MediaStorageSOPInstanceUID), new_uid);
  EXPECT_EQ(f->dataset.get_string(tags::LossyImageCompression), "01");
  EXPECT_EQ(f->dataset.get_string(tags::LossyImageCompressionMethod), "ISO_15444_1");
  ASSERT_TRUE(f->dataset.find(tags::SourceImageSequence));
  auto dir = dicomdir::read_dicomdir((tmp / "set" / "DICOMDIR").string());
  ASSERT_TRUE(dir) << dir.error().describe();
  const dicomdir::DirectoryRecord* rec = &dir->roots.at(0);
  while (!rec->children.empty()) rec = &rec->children.at(0);
  const auto item = dir->load(*rec);
  ASSERT_TRUE(item);
  EXPECT_EQ(item->keys.get_string(tags::ReferencedSOPInstanceUIDInFile), new_uid);
  EXPECT_EQ(item->keys.get_string(tags::ReferencedTransferSyntaxUIDInFile), uids::JPEG2000);
}

TEST(AuthorIcons, XaCdRecordsCarryA128PixelIconRenderedFromTheImage) {
  TempDir tmp("xa-icons");
  auto xa = ct("P1", "1.2.826.0.1.3680043.10.7.6", "1.2.826.0.1.3680043.10.7.6.1", 1, uids::XRayAngiographicImageStorage);
  xa.set_string(tags::Modality, dicom::VR::CS, "XA");
  xa.set_string(tags::ImageType, dicom::VR::CS, "ORIGINAL\\PRIMARY\\SINGLE PLANE");  // a Type 1 key of STD-XABC-CD
  xa.set_uint16(tags::BitsAllocated, 8);
  xa.set_uint16(tags::BitsStored, 8);
  xa.set_uint16(tags::HighBit, 7);
  base::Bytes pixels(8 * 8);
  for (std::size_t i = 0; i < pixels.size(); ++i) pixels[i] = static_cast<std::uint8_t>(i < 32 ? 0 : 255);  // dark top, bright bottom
  xa.set_bytes(tags::PixelData, dicom::VR::OB, pixels);
  write(tmp / "in" / "a.dcm", xa);
  const auto codecs = codec::all_codecs();
  AuthorOptions opt;
  opt.inputs = {(tmp / "in").string()};
  opt.out_dir = (tmp / "set").string();
  opt.codecs = &codecs;
  base::SequentialUidSource uids("1.2.826.0.1.3680043.10.999");
  auto r = author(opt, profile_of("STD-XABC-CD"), uids);
  ASSERT_TRUE(r) << r.error().describe();
  // (The minimal XA lacks XA modules the IOD check reports; the icon and DICOMDIR must be clean.)
  for (const auto& f : r->findings)
    if (f.rule.starts_with("author.") || f.rule.starts_with("dicomdir.")) ADD_FAILURE() << f.rule << ": " << f.message;
  auto dir = dicomdir::read_dicomdir((tmp / "set" / "DICOMDIR").string());
  ASSERT_TRUE(dir) << dir.error().describe();
  const dicomdir::DirectoryRecord* rec = &dir->roots.at(0);
  while (!rec->children.empty()) rec = &rec->children.at(0);
  ASSERT_EQ(rec->type, "IMAGE");
  const auto record = dir->load(*rec);
  ASSERT_TRUE(record);
  const dicom::Element* icon = record->keys.find(tags::IconImageSequence);
  ASSERT_TRUE(icon && icon->is_sequence() && icon->items.size() == 1);
  const dicom::DataSet& item = icon->items[0];
  EXPECT_EQ(item.get_uint16(tags::Rows), 128);
  EXPECT_EQ(item.get_uint16(tags::Columns), 128);
  EXPECT_EQ(item.get_string(tags::PhotometricInterpretation), "MONOCHROME2");
  const auto icon_pixels = item.find(tags::PixelData)->value.load();
  ASSERT_TRUE(icon_pixels && icon_pixels->size() == 128u * 128u);
  // The picture survives the trip: the top rows are dark, the bottom rows bright.
  EXPECT_LT((*icon_pixels)[10 * 128 + 64], 64);
  EXPECT_GT((*icon_pixels)[118 * 128 + 64], 192);
}

TEST(LossyDerivative, NewInstanceThatNamesItsPredecessor) {
  auto ds = ct("P1", "1.2.3", "1.2.3.4", 7);
  ds.set_string(tags::ImageType, dicom::VR::CS, "ORIGINAL\\PRIMARY\\AXIAL");
  dicom::DataSet meta;
  mark_lossy_derivative(ds, meta, LossyStep{"1.2.3.4.99", "ISO_10918_1", 12.5});
  EXPECT_EQ(ds.get_string(tags::SOPInstanceUID), "1.2.3.4.99");
  EXPECT_EQ(meta.get_string(tags::MediaStorageSOPInstanceUID), "1.2.3.4.99");
  EXPECT_EQ(ds.get_string(tags::LossyImageCompression), "01");
  EXPECT_EQ(ds.get_string(tags::LossyImageCompressionRatio), "12.50");
  EXPECT_EQ(ds.get_string(tags::LossyImageCompressionMethod), "ISO_10918_1");
  EXPECT_EQ(ds.get_strings(tags::ImageType).at(0), "DERIVED");
  EXPECT_EQ(ds.get_strings(tags::ImageType).at(2), "AXIAL");
  const dicom::Element* src = ds.find(tags::SourceImageSequence);
  ASSERT_TRUE(src && src->is_sequence() && src->items.size() == 1);
  EXPECT_EQ(src->items[0].get_string(tags::ReferencedSOPInstanceUID), "1.2.3.4.7");
  const dicom::Element* purpose = src->items[0].find(tags::PurposeOfReferenceCodeSequence);
  ASSERT_TRUE(purpose && purpose->items.size() == 1);
  EXPECT_EQ(purpose->items[0].get_string(tags::CodeValue), "121320");
  // A second lossy step appends its ratio and method and a second predecessor.
  mark_lossy_derivative(ds, meta, LossyStep{"1.2.3.4.100", "ISO_15444_1", 8});
  EXPECT_EQ(ds.get_strings(tags::LossyImageCompressionMethod).size(), 2u);
  EXPECT_EQ(ds.get_strings(tags::LossyImageCompressionRatio).size(), 2u);
  EXPECT_EQ(ds.find(tags::SourceImageSequence)->items.size(), 2u);
}

}  // namespace
}  // namespace discus::media::author
