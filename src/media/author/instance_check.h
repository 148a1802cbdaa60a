// discus::media::author — what author checks of an instance beyond its header: that every
// compressed frame decodes (issue 12: a disc holds no stream its reader cannot show), and whether
// two files with one SOP Instance UID are one instance (issue 11: same attributes apart from what
// the encoding changes, same pixels compared decoded; PS3.3 C.12.1.1.1: one UID, one instance).
//   DISCUS_CHECK(decode_every_frame("IM1", codecs));
//   Comparison c = compare_instances(a, b, codecs);  if (!c.same()) report(c.differences);
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/result.h"
#include "codec/codec.h"
#include "dicom/part10/reader.h"
#include "media/author/author.h"

namespace discus::media::author {

// Decodes every frame of the file's encapsulated Pixel Data with `codecs` (nothing to do for a
// syntax without a decoder, e.g. video). The error names the frame and the byte offset of its
// first fragment. Native Pixel Data gets check_native_length.
base::Status decode_every_frame(const std::string& path, const codec::CodecRegistry& codecs);

// Native Pixel Data at least as long as the Image Pixel module says (rows x columns x samples x
// bits x frames), from a header read (no pixel bytes touched): a cut file is refused.
base::Status check_native_length(const dicom::part10::DicomFile& header);

// The pixels have been through lossy compression: a lossy syntax, or Lossy Image Compression 01
// (PS3.3 C.7.6.1.1.5).
bool is_lossy(const dicom::part10::DicomFile& f);

struct Comparison {
  std::vector<Difference> differences;  // empty (and no failure): one instance
  // A side whose pixel data could not be decoded (0: first, 1: second): it is broken, not a twin.
  std::optional<std::pair<int, base::Error>> failure;
  bool same() const { return differences.empty() && !failure; }
};

// Compares two full reads (read_file without stop_before_pixels): every element but those an
// encoding changes (group 0002, group lengths, lossy compression bookkeeping, offset tables) by
// value, nested sequences item by item, and the pixel data decoded. Both data sets are modified
// (pixels decoded in place). A file that does not decode is named in `failure`.
Comparison compare_instances(dicom::part10::DicomFile& a, dicom::part10::DicomFile& b,
                                                           const codec::CodecRegistry& codecs);

}  // namespace discus::media::author
