// discus::codec::render — Icon Image Sequence items for DICOMDIR records (PS3.3 F.7 and
// C.7.6.1.1.6; PS3.11 profile rules such as E.3.3.3: 64x64, MONOCHROME2 or PALETTE COLOR, Bits
// Allocated = Bits Stored = 8).
//
// The instance's first frame is rendered with its own display values (rendering.h), scaled by
// area averaging to fit a max_size x max_size square and centred on black, so the icon is exactly
// that size as the CT/MR and XA profiles demand. Grayscale becomes MONOCHROME2; colour becomes
// PALETTE COLOR with a fixed 256-entry palette (3 bits red, 3 green, 2 blue; 16-bit entries).
// Native, uncompressed, Pixel Data OB.
//
//   DISCUS_TRY(dicom::DataSet item, make_icon_item(file.dataset, *file.transfer_syntax, 64, codecs));
//   // record: Icon Image Sequence (0088,0200) with `item` as its single item
#pragma once

#include "base/result.h"
#include "codec/codec.h"
#include "dicom/core/dataset.h"
#include "dicom/dict/transfer_syntax.h"

namespace discus::codec::render {

// `instance` must hold its Pixel Data element: in memory, deferred (the reader's DeferredValue
// keeps the file open), or after a headers-only read the reference that
// dicom::part10::add_pixel_data_reference puts there. `ts` is the syntax of that Pixel Data;
// compressed data is decoded with `codecs`. max_size: 1..1024 (64 or 128 in the profiles).
base::Result<dicom::DataSet> make_icon_item(const dicom::DataSet& instance, const dicom::dict::TransferSyntax& ts,
                                            unsigned max_size, const CodecRegistry& codecs);

}  // namespace discus::codec::render
