// discus::codec::jpeg_lossless — decodes the entropy-coded data of one lossless scan (T.81 H.2)
// into component planes, honouring restart intervals (RSTn, F.1.2.3 / H.2.1).
//
// A one-component scan (grey images, and colour coded one scan per component) runs a loop per
// line made for its predictor: the first sample of a line or restart interval is predicted on its
// own, the rest with no per-sample position tests. Interleaved scans take the general loop.
//
//   ScanDecoder d(stream, frame, scan, tables, restart_interval, sos_offset);
//   DISCUS_TRY(std::size_t end, d.run(start, planes));  // end: where the next marker starts
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "base/result.h"
#include "codec/jpeg_lossless/bit_reader.h"
#include "codec/jpeg_lossless/huffman.h"
#include "codec/jpeg_lossless/markers.h"
#include "codec/jpeg_lossless/predictor.h"

namespace discus::codec::jpeg_lossless {

// One plane of rows x columns samples per frame component, in the point-transformed domain.
using Planes = std::array<std::uint16_t*, 4>;

class ScanDecoder {
 public:
  ScanDecoder(base::ByteView stream, const FrameHeader& frame, const ScanHeader& scan,
              std::array<const HuffmanDecoder*, 4> tables, unsigned restart_interval, std::size_t sos_offset)
      : stream_(stream), frame_(frame), scan_(scan), tables_(tables), restart_interval_(restart_interval), sos_offset_(sos_offset) {}

  // Decodes from `start` (first byte after the SOS segment) into `planes` (indexed by frame
  // component, each rows x columns); returns the offset of the marker that ends the scan.
  base::Result<std::size_t> run(std::size_t start, const Planes& planes) const;

 private:
  base::Status decode_row(BitReader& in, std::uint32_t y, const Planes& planes, std::uint64_t& mcus,
                          IntervalOrigin& origin) const;
  base::Status decode_row_single(BitReader& in, std::uint32_t y, std::uint16_t* plane, std::uint64_t& mcus,
                                 IntervalOrigin& origin) const;
  base::Status restart(BitReader& in, std::uint64_t mcus) const;
  base::Error corrupt(const BitReader& in, const char* what) const;

  base::ByteView stream_;
  const FrameHeader& frame_;
  const ScanHeader& scan_;
  std::array<const HuffmanDecoder*, 4> tables_;
  unsigned restart_interval_;
  std::size_t sos_offset_;
};

}  // namespace discus::codec::jpeg_lossless
