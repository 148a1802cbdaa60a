// discus::codec::render — a rendered image as a JPEG file, through the registry's JPEG Baseline
// (Process 1, 1.2.840.10008.1.2.4.50) encoder: no JPEG library is used here.
//
// The DICOM encoder writes a bare JPEG stream; viewers decide its colour space from an APP0 JFIF
// or APP14 Adobe marker, so one is added after SOI when the stream has neither: JFIF for gray and
// YCbCr, Adobe with transform 0 for RGB components.
//
//   DISCUS_TRY(base::Bytes jpg, encode_jpeg_file(img, codecs));   // kUnsupported without encoder
#pragma once

#include "base/bytes.h"
#include "base/result.h"
#include "codec/codec.h"
#include "codec/render/pipeline.h"

namespace discus::codec::render {

base::Result<base::Bytes> encode_jpeg_file(const Image& img, const CodecRegistry& codecs);

}  // namespace discus::codec::render
