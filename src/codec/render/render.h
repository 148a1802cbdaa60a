// discus::codec::render — one frame of an image instance to an 8-bit gray or RGB picture
// (PS3.3 C.11 and C.7.6.3, PS3.4 Annex N), compressed pixel data decoded through the registry.
//
// Grayscale goes through Modality LUT, VOI LUT and Presentation LUT (pipeline.h); PALETTE COLOR
// through its LUTs; RGB and YBR_FULL(_422) are converted to RGB. Overlays (60xx,3000) are burnt
// in white on request (PS3.3 C.9.2). Nothing here writes files (see png.h, jpeg_file.h).
//
//   RenderOptions o;  o.frame = 0;  o.overlays = true;
//   DISCUS_TRY(Image img, render_instance(file.dataset, *file.transfer_syntax, o, codecs));
#pragma once

#include <optional>

#include "base/result.h"
#include "codec/codec.h"
#include "codec/render/pipeline.h"
#include "dicom/core/dataset.h"
#include "dicom/dict/transfer_syntax.h"

namespace discus::codec::render {

struct RenderOptions {
  std::uint32_t frame = 0;             // 0-based (the CLI's --frame is 1-based like PS3)
  std::optional<Window> window;        // replaces the data set's VOI stage when set
  bool overlays = false;               // burn (60xx,3000) overlays in
};

// Renders native frame bytes described by `info` (taken from `ds` by frame_info_from, possibly
// adjusted by a decoder); `ds` supplies the LUTs, windows and overlays.
base::Result<Image> render_frame(const dicom::DataSet& ds, const FrameInfo& info, base::ByteView frame,
                                 const RenderOptions& options);

// Finds frame `options.frame` in the Pixel Data of `ds` (encoded in `ts`), decodes it when
// compressed and renders it.
base::Result<Image> render_instance(const dicom::DataSet& ds, const dicom::dict::TransferSyntax& ts,
                                    const RenderOptions& options, const CodecRegistry& codecs);

// Sets to white every pixel of `img` that an overlay plane of `ds` marks for frame `frame_index`
// (PS3.3 C.9.2: Overlay Rows/Columns, Origin, Bits Allocated 1, Bit Position 0, Data; multi-frame
// overlays through Number of Frames in Overlay and Image Frame Origin).
base::Status burn_overlays(Image& img, const dicom::DataSet& ds, std::uint32_t frame_index);

}  // namespace discus::codec::render
