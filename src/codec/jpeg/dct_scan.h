// discus::codec::jpeg — decodes the entropy-coded data of one sequential DCT scan (T.81 F.2.2:
// DC differences, AC run/size codes, EXTEND) block by block, dequantizes, inverse-transforms and
// stores the samples in MCU-padded component planes. Interleaved scans walk MCUs (A.2.3);
// single-component scans walk the component's own blocks (A.2.2). Restart intervals reset the
// DC predictions (F.1.2.3). The Huffman tables and bit reader are the lossless codec's.
//
//   DctScanDecoder d(stream, frame, scan, tables, restart_interval, sos_offset);
//   DISCUS_TRY(std::size_t end, d.run(start, planes));  // end: where the next marker starts
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "base/result.h"
#include "codec/jpeg/dct_headers.h"
#include "codec/jpeg_lossless/bit_reader.h"
#include "codec/jpeg_lossless/huffman.h"

namespace discus::codec::jpeg {

using Plane = std::vector<std::uint16_t>;  // plane_width x plane_height samples

struct DctTables {
  std::array<const jpeg_lossless::HuffmanDecoder*, 4> dc{};
  std::array<const jpeg_lossless::HuffmanDecoder*, 4> ac{};
  std::array<const QuantTable*, 4> quant{};
};

class DctScanDecoder {
 public:
  DctScanDecoder(base::ByteView stream, const DctFrame& frame, const DctScan& scan, const DctTables& tables,
                 unsigned restart_interval, std::size_t sos_offset)
      : stream_(stream), frame_(frame), scan_(scan), tables_(tables), restart_interval_(restart_interval), sos_offset_(sos_offset) {}

  base::Result<std::size_t> run(std::size_t start, std::vector<Plane>& planes) const;

 private:
  struct State;
  base::Status check_tables() const;
  base::Status decode_mcu(State& state, std::uint32_t mcu_x, std::uint32_t mcu_y, std::vector<Plane>& planes) const;
  base::Status decode_block(State& state, unsigned scan_index, std::uint16_t* out, std::size_t stride) const;
  base::Status restart(State& state) const;
  base::Error corrupt(const jpeg_lossless::BitReader& in, const std::string& what) const;

  base::ByteView stream_;
  const DctFrame& frame_;
  const DctScan& scan_;
  const DctTables& tables_;
  unsigned restart_interval_;
  std::size_t sos_offset_;
};

}  // namespace discus::codec::jpeg
