// Golden table: SHA-256 of every decoded frame of pydicom's JPEG baseline/extended test files
// (PS3.5 A.4.1 .4.50/.4.51). The hashes were taken from our decoder after
// tests/oracle/jpeg_dct_oracle.py compared the same decodes with dcmdjpeg (8-bit: identical
// bytes; 12-bit: within the bound stated there); a change in either decoder path shows here.
#include <gtest/gtest.h>

#include "base/sha256.h"
#include "codec/jpeg/jpeg.h"
#include "jpeg_test_support.h"

namespace discus::codec {
namespace {

struct Golden {
  const char* file;
  const char* photometric_after;
  const char* sha256;  // of all frames, concatenated, colour-by-pixel
};

constexpr Golden kGolden[] = {
#include "jpeg_golden.inc"
};

TEST(JpegGolden, DecodedFramesMatchTheTable) {
  for (const Golden& g : kGolden) {
    auto file = dicom::part10::read_file(jpeg_test::kPydicomFiles + g.file);
    ASSERT_TRUE(file) << g.file;
    auto info = frame_info_from(file->dataset);
    ASSERT_TRUE(info) << g.file;
    const dicom::Element* pixel = file->dataset.find(dicom::tags::PixelData);
    ASSERT_NE(pixel, nullptr);
    auto frames = encapsulated_frames(*pixel, number_of_frames(file->dataset).value_or(1), file->dataset);
    ASSERT_TRUE(frames) << g.file;
    base::Sha256 hash;
    FrameInfo out = *info;
    for (const base::Bytes& frame : *frames) {
      out = *info;
      out.planar_configuration = 0;
      auto native = jpeg::decode(frame, out);
      ASSERT_TRUE(native) << g.file << ": " << native.error().describe();
      ASSERT_EQ(native->size(), info->native_frame_size()) << g.file;
      hash.update(*native);
    }
    EXPECT_EQ(out.photometric_interpretation, g.photometric_after) << g.file;
    EXPECT_EQ(hash.hex_digest(), g.sha256) << g.file;
  }
}

}  // namespace
}  // namespace discus::codec
