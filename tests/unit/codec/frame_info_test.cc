#include "codec/codec.h"

#include <gtest/gtest.h>

namespace discus::codec {
namespace {

TEST(FrameInfo, NativeFrameSize) {
  FrameInfo ct{512, 512, 1, 16, 12, 0, 0, "MONOCHROME2"};
  EXPECT_EQ(ct.native_frame_size(), 512u * 512u * 2u);
  FrameInfo rgb{100, 200, 3, 8, 8, 0, 0, "RGB"};
  EXPECT_EQ(rgb.native_frame_size(), 100u * 200u * 3u);
  FrameInfo bogus{0xFFFFFFFF, 0xFFFFFFFF, 3, 16, 16, 0, 0, "RGB"};
  EXPECT_EQ(bogus.native_frame_size(), 0u);  // refused, not wrapped
  FrameInfo bitmap{8, 8, 1, 1, 1, 0, 0, "MONOCHROME2"};
  EXPECT_EQ(bitmap.native_frame_size(), 0u);
}

}  // namespace
}  // namespace discus::codec
