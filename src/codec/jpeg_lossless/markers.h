// discus::codec::jpeg_lossless — the marker segments of a lossless JPEG stream (T.81 Annex B).
//
// Walks the segments of an interchange format stream (SOI, tables/misc, SOF3, scans, EOI) and
// parses the ones lossless decoding needs: SOF3 (B.2.2), DHT (B.2.4.2), SOS (B.2.3) and DRI
// (B.2.4.4). Every length is checked against the data and against the segment's own structure
// before a byte of it is read; errors name the marker and its byte offset.
//
//   MarkerReader m(stream);  DISCUS_TRY(Segment s, m.next());  if (s.marker == kSOF3) parse_frame(s)
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "codec/jpeg_lossless/huffman.h"

namespace discus::codec::jpeg_lossless {

// Marker codes (the byte after 0xFF), T.81 Table B.1.
inline constexpr std::uint8_t kSOF3 = 0xC3;
inline constexpr std::uint8_t kDHT = 0xC4;
inline constexpr std::uint8_t kDAC = 0xCC;
inline constexpr std::uint8_t kRST0 = 0xD0;
inline constexpr std::uint8_t kSOI = 0xD8;
inline constexpr std::uint8_t kEOI = 0xD9;
inline constexpr std::uint8_t kSOS = 0xDA;
inline constexpr std::uint8_t kDQT = 0xDB;
inline constexpr std::uint8_t kDNL = 0xDC;
inline constexpr std::uint8_t kDRI = 0xDD;

std::string marker_name(std::uint8_t code);  // "SOF3", "APP14", "FFC9"...

// An error about the segment at `offset`: "JPEG lossless: SOS at byte 812: <what>".
base::Error marker_error(base::ErrorCode code, std::uint8_t marker, std::size_t offset, const std::string& what);

struct Segment {
  std::uint8_t marker = 0;
  std::size_t offset = 0;         // of the 0xFF
  base::ByteView payload;         // after the length field; empty for standalone markers
  std::size_t end = 0;            // first byte after the segment
};

class MarkerReader {
 public:
  explicit MarkerReader(base::ByteView data) : data_(data) {}
  // The segment starting at position() (fill 0xFF bytes skipped). Standalone markers (SOI, EOI,
  // RSTn, TEM) have no length; every other length must fit the data.
  base::Result<Segment> next();
  std::size_t position() const { return pos_; }
  void seek(std::size_t position) { pos_ = position; }
  bool at_end() const { return pos_ >= data_.size(); }

 private:
  base::ByteView data_;
  std::size_t pos_ = 0;
};

// T.81 B.2.1: a compressed image ends with EOI. Whether one occurs at or after `from` (the end of
// the last scan): bytes a writer left between the last scan and its EOI are skipped, but a stream
// with no EOI at all is refused, as dcmdjpeg and GDCM refuse it (README "Tolerated deviations in
// compressed pixel data"). Bytes after EOI are never read.
bool eoi_follows(base::ByteView stream, std::size_t from);

struct FrameComponent {
  std::uint8_t id = 0;  // Ci
  std::uint8_t h = 1, v = 1;
};

struct FrameHeader {
  unsigned precision = 0;  // P, 2..16
  std::uint32_t rows = 0;  // Y
  std::uint32_t columns = 0;  // X
  std::vector<FrameComponent> components;  // Nf of them, 1..4
};

struct ScanComponent {
  unsigned frame_index = 0;  // index into FrameHeader::components
  unsigned table = 0;        // Td
};

struct ScanHeader {
  std::vector<ScanComponent> components;  // Ns, 1..4
  unsigned predictor = 0;                 // Ss: selection value 1..7
  unsigned point_transform = 0;           // Al: Pt
};

base::Result<FrameHeader> parse_frame(const Segment& s);
base::Result<ScanHeader> parse_scan(const Segment& s, const FrameHeader& frame);
base::Result<unsigned> parse_restart_interval(const Segment& s);
// Adds the tables of one DHT segment (several may follow each other) to `tables` by destination.
// AC tables (class 1) go to `ac_tables` when given (DCT decoding, symbols RRRRSSSS up to 255),
// and are skipped otherwise (lossless scans use only class 0).
base::Status parse_tables(const Segment& s, std::array<std::optional<HuffmanDecoder>, 4>& tables,
                          std::array<std::optional<HuffmanDecoder>, 4>* ac_tables = nullptr);

}  // namespace discus::codec::jpeg_lossless
