// discus::codec::render — the display pipeline's values pulled from a data set (PS3.3 C.11.1
// Modality LUT, C.11.2 VOI LUT, C.11.6 Presentation LUT Shape, C.7.6.3.1.5 Palette Color LUTs).
//
// Enhanced multi-frame objects carry rescale and window per frame in functional groups
// (PS3.3 C.7.6.16): the frame's Per-frame item is searched first, then the Shared item, then the
// top level.
//
//   DISCUS_TRY(GrayscalePipeline p, grayscale_pipeline(ds, frame_index));
#pragma once

#include <optional>
#include <string_view>

#include "base/result.h"
#include "codec/render/pipeline.h"
#include "dicom/core/dataset.h"

namespace discus::codec::render {

// A decimal string (DS) value: optional spaces and sign, as PS3.5 6.2 allows; nullopt otherwise.
std::optional<double> parse_decimal(std::string_view s);

// A LUT from its descriptor (entries, first mapped value, bits: US or SS, the second value signed
// when `signed_first` says so) and its data (16-bit words, or for 8-bit entries bytes packed two
// per word as PS3.3 C.7.6.3.1.5 prescribes for palettes).
base::Result<Lut> lut_from(const dicom::DataSet& ds, dicom::Tag descriptor, dicom::Tag data, bool signed_first);

// Everything the grayscale pipeline needs for frame `frame_index` (0-based).
base::Result<GrayscalePipeline> grayscale_pipeline(const dicom::DataSet& ds, std::uint32_t frame_index = 0);

// The Red, Green and Blue Palette Color LUTs of a PALETTE COLOR image. Segmented palettes
// ((0028,1221)-(0028,1223)) are refused with kUnsupported.
base::Result<Palette> palette_from(const dicom::DataSet& ds);

}  // namespace discus::codec::render
