#include "media/label/qr.h"

#include <fmt/format.h>
#include <qrencode.h>

#include <memory>

namespace discus::media::label {

base::Result<QrCode> encode_qr(std::string_view text) {
  if (text.empty()) return base::Error{base::ErrorCode::kInvalidArgument, "a QR code needs some text"};
  // QRcode_encodeData takes bytes (8-bit mode), so a URL or a UID is stored exactly as given.
  std::unique_ptr<QRcode, decltype(&QRcode_free)> q(
      QRcode_encodeData(static_cast<int>(text.size()), reinterpret_cast<const unsigned char*>(text.data()), 0, QR_ECLEVEL_M),
      &QRcode_free);
  if (!q) return base::Error{base::ErrorCode::kLimitExceeded, fmt::format("{} bytes do not fit in a QR code", text.size())};
  QrCode code;
  code.size = static_cast<std::uint32_t>(q->width);
  code.dark.resize(static_cast<std::size_t>(code.size) * code.size);
  // libqrencode: bit 0 of each byte is the module's colour (1 = dark).
  for (std::size_t i = 0; i < code.dark.size(); ++i) code.dark[i] = q->data[i] & 1u;
  return code;
}

std::string qr_svg(const QrCode& code, std::string_view x, std::string_view y, std::string_view width,
                   std::string_view height) {
  constexpr int kQuiet = 4;
  const int side = static_cast<int>(code.size) + 2 * kQuiet;
  std::string path;
  // One subpath per horizontal run of dark modules: small, and exact at any scale.
  for (std::uint32_t row = 0; row < code.size; ++row) {
    for (std::uint32_t col = 0; col < code.size;) {
      if (!code.at(col, row)) {
        ++col;
        continue;
      }
      std::uint32_t end = col;
      while (end < code.size && code.at(end, row)) ++end;
      path += fmt::format("M{} {}h{}v1h-{}z", col, row, end - col, end - col);
      col = end;
    }
  }
  // crispEdges: no anti-aliased seams between modules in the raster a printer gets.
  return fmt::format(
      "<svg x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" viewBox=\"{} {} {} {}\" shape-rendering=\"crispEdges\">"
      "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{}\"/></svg>",
      x, y, width, height, -kQuiet, -kQuiet, side, side, -kQuiet, -kQuiet, side, side, path);
}

}  // namespace discus::media::label
