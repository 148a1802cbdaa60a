// discus::codec — re-encoding Pixel Data between transfer syntaxes, one frame at a time.
//
// Encapsulated -> native decodes every frame with the registry's decoder for the source syntax;
// native -> encapsulated encodes every frame with the encoder for the target and writes a Basic
// (or, past 4 GiB, Extended) Offset Table (PS3.5 A.4, PS3.3 C.7.6.3.1.8). Planar Configuration is
// set to what the new pixel data holds. Native <-> native and same-syntax moves change nothing.
//
//   CodecRegistry r;  register_rle(r);
//   DISCUS_CHECK(transcode_pixel_data(ds, *from, *to, r));  // then write ds in `to`
#pragma once

#include "base/result.h"
#include "codec/codec.h"
#include "dicom/core/dataset.h"
#include "dicom/dict/transfer_syntax.h"

namespace discus::codec {

// The Image Pixel module attributes of `ds` (PS3.3 C.7.6.3) as a FrameInfo.
base::Result<FrameInfo> frame_info_from(const dicom::DataSet& ds);
// Number of Frames (0028,0008), 1 when absent; an error when present but not a positive integer.
base::Result<std::uint32_t> number_of_frames(const dicom::DataSet& ds);

base::Status transcode_pixel_data(dicom::DataSet& ds, const dicom::dict::TransferSyntax& from,
                                  const dicom::dict::TransferSyntax& to, const CodecRegistry& registry);

}  // namespace discus::codec
