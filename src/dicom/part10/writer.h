// discus::dicom::part10 — the Part 10 file writer (PS3.10 7.1, PS3.5 7 and Annex A).
//
// Writes the preamble, DICM, File Meta Information (explicit VR LE, group length computed,
// our Implementation Class UID and Version Name) and the data set in explicit VR LE, implicit
// VR LE or deflated explicit VR LE; encapsulated syntaxes are written when the pixel data is
// already encapsulated in them (transcoding compressed pixels is the codec layer's job). Values
// are padded to even length by VR; deferred values (pixel data left in the source) are copied in
// 1 MiB chunks, so a 2 GB multi-frame never sits in memory. Files are written to a temporary
// name and renamed into place.
//
//   WriteOptions opt;  opt.transfer_syntax_uid = std::string(uids::ExplicitVRLittleEndian);
//   DISCUS_CHECK(write_file("out.dcm", file.dataset, &file.meta, opt));
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "dicom/core/dataset.h"
#include "dicom/dict/transfer_syntax.h"
#include "dicom/encoding/output_stream.h"

namespace discus::dicom::part10 {

// Identifies Discus as the implementation that last wrote a file (PS3.10 7.1, PS3.7 D.3.3.2).
// A UUID-derived UID (PS3.5 B.2) generated once for the product; never change it per build.
inline constexpr std::string_view kImplementationClassUID = "2.25.282328317336255365147098045504081765444";
inline constexpr std::string_view kImplementationVersionName = "DISCUS_0.1.0";

enum class SequenceLengths { kAsRead, kDefined, kUndefined };

struct WriteOptions {
  std::string transfer_syntax_uid;  // empty: explicit VR little endian
  SequenceLengths sequence_lengths = SequenceLengths::kAsRead;
  bool keep_group_lengths = false;  // retired (gggg,0000) in the data set are dropped (PS3.5 7.2)
  std::string source_ae_title;      // (0002,0016); empty keeps the source meta's, if any
  int deflate_level = 6;
  bool sync = true;                 // fsync before renaming into place
  // PS3.10 7.1 makes (0002,0002)/(0002,0003) type 1. When false, a data set without SOP Class or
  // Instance UID is still written (meta values empty) so that nothing it holds is lost.
  bool require_sop_uids = true;
};

// The File Meta Information a file of `dataset` in `ts` gets. Media Storage SOP Class/Instance
// come from (0008,0016)/(0008,0018), else from `source_meta`; the network provenance elements
// (0002,0016-0018, 0026-0028) and private information (0002,0100/0102) of `source_meta` are kept.
base::Result<DataSet> build_file_meta(const DataSet& dataset, const dict::TransferSyntax& ts,
                                      const DataSet* source_meta, const WriteOptions& options);

// Encodes a data set (no preamble or meta) in `ts` into `out`; deflates when `ts` says so.
base::Status write_dataset(OutputStream& out, const DataSet& dataset, const dict::TransferSyntax& ts,
                           const WriteOptions& options);

// Bytes `item` takes when encoded as the items of a sequence in `ts` would be (for DICOMDIR
// record offsets), counted by the encoder itself.
base::Result<std::uint64_t> encoded_size(const DataSet& dataset, const dict::TransferSyntax& ts,
                                         const WriteOptions& options);

base::Status write_file(const std::string& path, const DataSet& dataset, const DataSet* source_meta,
                        const WriteOptions& options);
base::Result<base::Bytes> write_memory(const DataSet& dataset, const DataSet* source_meta, const WriteOptions& options);

}  // namespace discus::dicom::part10
