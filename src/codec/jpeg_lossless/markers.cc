#include "codec/jpeg_lossless/markers.h"

#include <fmt/format.h>

namespace discus::codec::jpeg_lossless {
namespace {

using base::ErrorCode;

bool is_standalone(std::uint8_t code) {
  return code == kSOI || code == kEOI || (code >= kRST0 && code <= kRST0 + 7) || code == 0x01;
}

std::uint16_t be16(base::ByteView b, std::size_t at) {
  return static_cast<std::uint16_t>((b[at] << 8) | b[at + 1]);
}

}  // namespace

std::string marker_name(std::uint8_t code) {
  if (code == kSOI) return "SOI";
  if (code == kEOI) return "EOI";
  if (code == kSOS) return "SOS";
  if (code == kDHT) return "DHT";
  if (code == kDRI) return "DRI";
  if (code == kDQT) return "DQT";
  if (code == kDNL) return "DNL";
  if (code == kDAC) return "DAC";
  if (code == 0xFE) return "COM";
  if (code >= kRST0 && code <= kRST0 + 7) return fmt::format("RST{}", code - kRST0);
  if (code >= 0xE0 && code <= 0xEF) return fmt::format("APP{}", code - 0xE0);
  if (code >= 0xC0 && code <= 0xCF) return fmt::format("SOF{}", code - 0xC0);
  return fmt::format("FF{:02X}", code);
}

base::Error marker_error(ErrorCode code, std::uint8_t marker, std::size_t offset, const std::string& what) {
  return base::Error{code, fmt::format("JPEG lossless: {} at byte {}: {}", marker_name(marker), offset, what)}.at_offset(offset);
}

base::Result<Segment> MarkerReader::next() {
  const std::size_t start = pos_;
  if (pos_ >= data_.size() || data_[pos_] != 0xFF) {
    return base::Error{ErrorCode::kBadStructure, fmt::format("JPEG lossless: expected a marker at byte {}", start)}.at_offset(start);
  }
  while (pos_ + 1 < data_.size() && data_[pos_ + 1] == 0xFF) ++pos_;  // B.1.1.2 fill bytes
  if (pos_ + 1 >= data_.size()) {
    return base::Error{ErrorCode::kTruncated, fmt::format("JPEG lossless: stream ends inside a marker at byte {}", start)}.at_offset(start);
  }
  Segment s;
  s.marker = data_[pos_ + 1];
  s.offset = pos_;
  pos_ += 2;
  if (s.marker == 0x00) return marker_error(ErrorCode::kBadStructure, s.marker, s.offset, "0xFF 0x00 is not a marker");
  if (is_standalone(s.marker)) {
    s.end = pos_;
    return s;
  }
  if (pos_ + 2 > data_.size()) return marker_error(ErrorCode::kTruncated, s.marker, s.offset, "stream ends inside the length field");
  const std::uint16_t length = be16(data_, pos_);
  if (length < 2) return marker_error(ErrorCode::kBadLength, s.marker, s.offset, fmt::format("segment length {} is less than 2", length));
  if (length > data_.size() - pos_) {
    return marker_error(ErrorCode::kBadLength, s.marker, s.offset,
                        fmt::format("segment length {} runs past the end of the stream ({} bytes left)", length, data_.size() - pos_));
  }
  s.payload = data_.subspan(pos_ + 2, length - 2u);
  pos_ += length;
  s.end = pos_;
  return s;
}

bool eoi_follows(base::ByteView stream, std::size_t from) {
  for (std::size_t i = from; i + 1 < stream.size(); ++i)
    if (stream[i] == 0xFF && stream[i + 1] == kEOI) return true;
  return false;
}

base::Result<FrameHeader> parse_frame(const Segment& s) {
  const base::ByteView p = s.payload;
  auto fail = [&](const std::string& what) { return marker_error(ErrorCode::kBadStructure, s.marker, s.offset, what); };
  if (p.size() < 6) return marker_error(ErrorCode::kBadLength, s.marker, s.offset, fmt::format("length {} is too short for a frame header", p.size() + 2));
  FrameHeader f;
  f.precision = p[0];
  f.rows = be16(p, 1);
  f.columns = be16(p, 3);
  const unsigned nf = p[5];
  if (p.size() != 6 + 3 * nf) return marker_error(ErrorCode::kBadLength, s.marker, s.offset, fmt::format("length {} does not match {} components (B.2.2: Lf = 8 + 3 x Nf)", p.size() + 2, nf));
  if (f.precision < 2 || f.precision > 16) return fail(fmt::format("sample precision {} is outside 2-16 (Table B.2)", f.precision));
  if (f.rows == 0) return marker_error(ErrorCode::kUnsupported, s.marker, s.offset, "number of lines is 0 (defined by DNL, which is not supported)");
  if (f.columns == 0) return fail("samples per line is 0");
  if (nf < 1 || nf > 4) return fail(fmt::format("{} components; 1 to 4 are supported", nf));
  for (unsigned i = 0; i < nf; ++i) {
    FrameComponent c{p[6 + 3 * i], static_cast<std::uint8_t>(p[7 + 3 * i] >> 4), static_cast<std::uint8_t>(p[7 + 3 * i] & 0x0F)};
    if (c.h != 1 || c.v != 1) return marker_error(ErrorCode::kUnsupported, s.marker, s.offset, fmt::format("component {} has sampling factors {}x{}; only 1x1 is supported", c.id, c.h, c.v));
    for (const FrameComponent& other : f.components) {
      if (other.id == c.id) return fail(fmt::format("component identifier {} appears twice", c.id));
    }
    f.components.push_back(c);
  }
  return f;
}

base::Result<ScanHeader> parse_scan(const Segment& s, const FrameHeader& frame) {
  const base::ByteView p = s.payload;
  auto fail = [&](const std::string& what) { return marker_error(ErrorCode::kBadStructure, s.marker, s.offset, what); };
  if (p.empty()) return marker_error(ErrorCode::kBadLength, s.marker, s.offset, "empty scan header");
  const unsigned ns = p[0];
  if (p.size() != 4 + 2 * ns) return marker_error(ErrorCode::kBadLength, s.marker, s.offset, fmt::format("length {} does not match {} components (B.2.3: Ls = 6 + 2 x Ns)", p.size() + 2, ns));
  if (ns < 1 || ns > frame.components.size()) return fail(fmt::format("{} scan components for a frame of {}", ns, frame.components.size()));
  ScanHeader scan;
  for (unsigned i = 0; i < ns; ++i) {
    const std::uint8_t id = p[1 + 2 * i];
    ScanComponent c{static_cast<unsigned>(frame.components.size()), static_cast<unsigned>(p[2 + 2 * i] >> 4)};
    for (unsigned k = 0; k < frame.components.size(); ++k) if (frame.components[k].id == id) c.frame_index = k;
    if (c.frame_index == frame.components.size()) return fail(fmt::format("component {} is not in the frame", id));
    for (const ScanComponent& other : scan.components) {
      if (other.frame_index == c.frame_index) return fail(fmt::format("component {} appears twice", id));
    }
    if (c.table > 3) return fail(fmt::format("Huffman table destination {} is outside 0-3", c.table));
    scan.components.push_back(c);
  }
  const std::size_t tail = 1 + 2 * ns;
  scan.predictor = p[tail];
  scan.point_transform = p[tail + 2] & 0x0F;
  if (scan.predictor < 1 || scan.predictor > 7) return fail(fmt::format("predictor selection value {} is outside 1-7 (Table H.1)", scan.predictor));
  if (p[tail + 1] != 0) return fail(fmt::format("Se is {}; lossless scans have 0", p[tail + 1]));
  if ((p[tail + 2] >> 4) != 0) return fail("Ah is not 0");
  if (scan.point_transform >= frame.precision) return fail(fmt::format("point transform {} is not below precision {}", scan.point_transform, frame.precision));
  return scan;
}

base::Result<unsigned> parse_restart_interval(const Segment& s) {
  if (s.payload.size() != 2) return marker_error(ErrorCode::kBadLength, s.marker, s.offset, fmt::format("length {} is not 4 (B.2.4.4)", s.payload.size() + 2));
  return static_cast<unsigned>(be16(s.payload, 0));
}

base::Status parse_tables(const Segment& s, std::array<std::optional<HuffmanDecoder>, 4>& tables,
                          std::array<std::optional<HuffmanDecoder>, 4>* ac_tables) {
  const base::ByteView p = s.payload;
  std::size_t at = 0;
  while (at < p.size()) {
    if (p.size() - at < 17) return marker_error(ErrorCode::kBadLength, s.marker, s.offset + 4 + at, "table header runs past the segment");
    const unsigned tc = p[at] >> 4, th = p[at] & 0x0F;
    if (tc > 1 || th > 3) return marker_error(ErrorCode::kBadStructure, s.marker, s.offset, fmt::format("table class {} destination {} is invalid", tc, th));
    HuffmanSpec spec;
    unsigned total = 0;
    for (unsigned l = 1; l <= 16; ++l) total += spec.bits[l] = p[at + l];
    at += 17;
    if (total > p.size() - at) return marker_error(ErrorCode::kBadLength, s.marker, s.offset, fmt::format("table {} lists {} symbols but the segment has {} bytes left", th, total, p.size() - at));
    spec.values.assign(p.begin() + static_cast<std::ptrdiff_t>(at), p.begin() + static_cast<std::ptrdiff_t>(at + total));
    at += total;
    if (tc == 1 && ac_tables == nullptr) continue;  // AC tables have no use in lossless scans
    auto table = HuffmanDecoder::build(spec, tc == 1 ? 255u : kCategories - 1);
    if (!table) return marker_error(ErrorCode::kBadStructure, s.marker, s.offset, fmt::format("table {}: {}", th, table.error().message));
    (tc == 1 ? *ac_tables : tables)[th] = std::move(*table);
  }
  return {};
}

}  // namespace discus::codec::jpeg_lossless
