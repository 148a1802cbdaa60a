#include "codec/render/icon.h"

#include <fmt/format.h>

#include "codec/render/render.h"
#include "codec/render/resize.h"
#include "dicom/dict/tags.h"

namespace discus::codec::render {

using base::Bytes;
using base::Error;
using base::ErrorCode;
namespace tags = dicom::tags;
using dicom::VR;

namespace {

// 3-3-2 palette index of an RGB colour, and the colour each index stands for.
std::uint8_t palette_index(std::uint8_t r, std::uint8_t g, std::uint8_t b) {
  const unsigned ri = (r * 7u + 127) / 255, gi = (g * 7u + 127) / 255, bi = (b * 3u + 127) / 255;
  return static_cast<std::uint8_t>(ri << 5 | gi << 2 | bi);
}

Bytes palette_words(unsigned shift, unsigned levels) {
  Bytes data(512);
  for (unsigned i = 0; i < 256; ++i) {
    const unsigned level = (i >> shift) & (levels - 1);
    const unsigned v16 = level * 65535u / (levels - 1);
    data[2 * i] = static_cast<std::uint8_t>(v16 & 0xFF);
    data[2 * i + 1] = static_cast<std::uint8_t>(v16 >> 8);
  }
  return data;
}

Bytes descriptor_256_16() {
  // 256 entries, first mapped value 0, 16 bits per entry; US (Pixel Representation 0).
  return Bytes{0x00, 0x01, 0x00, 0x00, 0x10, 0x00};
}

}  // namespace

base::Result<dicom::DataSet> make_icon_item(const dicom::DataSet& instance, const dicom::dict::TransferSyntax& ts, unsigned max_size,
                                            const CodecRegistry& codecs) {
  if (max_size < 1 || max_size > 1024)
    return Error{ErrorCode::kInvalidArgument, fmt::format("icon size {} (1..1024; profiles use 64 or 128)", max_size)};
  RenderOptions options;
  DISCUS_TRY(const Image rendered, render_instance(instance, ts, options, codecs));
  const Image icon = letterbox(rendered, max_size);

  dicom::DataSet item;
  item.set_uint16(tags::SamplesPerPixel, 1);
  item.set_uint16(tags::Rows, static_cast<std::uint16_t>(max_size));
  item.set_uint16(tags::Columns, static_cast<std::uint16_t>(max_size));
  item.set_uint16(tags::BitsAllocated, 8);
  item.set_uint16(tags::BitsStored, 8);
  item.set_uint16(tags::HighBit, 7);
  item.set_uint16(tags::PixelRepresentation, 0);
  Bytes pixels;
  if (icon.channels == 1) {
    item.set_string(tags::PhotometricInterpretation, VR::CS, "MONOCHROME2");
    pixels = icon.pixels;
  } else {
    item.set_string(tags::PhotometricInterpretation, VR::CS, "PALETTE COLOR");
    item.set_bytes(tags::RedPaletteColorLookupTableDescriptor, VR::US, descriptor_256_16());
    item.set_bytes(tags::GreenPaletteColorLookupTableDescriptor, VR::US, descriptor_256_16());
    item.set_bytes(tags::BluePaletteColorLookupTableDescriptor, VR::US, descriptor_256_16());
    item.set_bytes(tags::RedPaletteColorLookupTableData, VR::OW, palette_words(5, 8));
    item.set_bytes(tags::GreenPaletteColorLookupTableData, VR::OW, palette_words(2, 8));
    item.set_bytes(tags::BluePaletteColorLookupTableData, VR::OW, palette_words(0, 4));
    pixels.resize(static_cast<std::size_t>(max_size) * max_size);
    for (std::size_t i = 0; i < pixels.size(); ++i)
      pixels[i] = palette_index(icon.pixels[3 * i], icon.pixels[3 * i + 1], icon.pixels[3 * i + 2]);
  }
  item.set_bytes(tags::PixelData, VR::OB, std::move(pixels));
  return item;
}

}  // namespace discus::codec::render
