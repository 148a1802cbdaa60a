// discus-codec-tool: a test tool that lets oracles drive the JPEG lossless codec on real files.
//
//   discus-codec-tool decode IN.dcm OUT.raw   every frame of IN (TS .4.57/.4.70) decoded and
//                                             concatenated, colour-by-pixel, native little endian
//   discus-codec-tool encode IN.dcm OUT.dcm   IN's native pixel data encoded frame by frame into
//                                             OUT in JPEG Lossless SV1 (1.2.840.10008.1.2.4.70)
// Frames are found by fragment: a fragment starting with SOI begins a new frame (PS3.5 A.4).
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "codec/jpeg_lossless/jpeg_lossless.h"
#include "dicom/dict/tags.h"
#include "dicom/part10/reader.h"
#include "dicom/part10/writer.h"

namespace {

using namespace discus;
namespace tags = dicom::tags;

base::Error fail(std::string message) { return base::Error{base::ErrorCode::kInvalidArgument, std::move(message)}; }

codec::FrameInfo frame_info(const dicom::DataSet& ds) {
  codec::FrameInfo f;
  f.rows = ds.get_uint16(tags::Rows).value_or(0);
  f.columns = ds.get_uint16(tags::Columns).value_or(0);
  f.samples_per_pixel = ds.get_uint16(tags::SamplesPerPixel).value_or(1);
  f.bits_allocated = ds.get_uint16(tags::BitsAllocated).value_or(16);
  f.bits_stored = ds.get_uint16(tags::BitsStored).value_or(f.bits_allocated);
  f.pixel_representation = ds.get_uint16(tags::PixelRepresentation).value_or(0);
  f.planar_configuration = ds.get_uint16(tags::PlanarConfiguration).value_or(0);
  f.photometric_interpretation = std::string(ds.get_string(tags::PhotometricInterpretation).value_or(""));
  return f;
}

base::Result<std::vector<base::Bytes>> compressed_frames(const dicom::Element& pixels) {
  if (!pixels.is_encapsulated()) return fail("pixel data is not encapsulated");
  std::vector<base::Bytes> frames;
  for (std::size_t i = 1; i < pixels.fragments.size(); ++i) {
    DISCUS_TRY(base::Bytes bytes, pixels.fragments[i].load());
    const bool soi = bytes.size() >= 2 && bytes[0] == 0xFF && bytes[1] == 0xD8;
    if (frames.empty() || soi) frames.emplace_back();
    frames.back().insert(frames.back().end(), bytes.begin(), bytes.end());
  }
  return frames;
}

base::Status write_raw(const std::string& path, const base::Bytes& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  if (!out) return base::Error{base::ErrorCode::kIo, "cannot write " + path};
  return {};
}

base::Status decode(const std::string& in, const std::string& out) {
  DISCUS_TRY(dicom::part10::DicomFile file, dicom::part10::read_file(in));
  const dicom::Element* pixels = file.dataset.find(tags::PixelData);
  if (pixels == nullptr) return fail("no Pixel Data");
  DISCUS_TRY(std::vector<base::Bytes> frames, compressed_frames(*pixels));
  base::Bytes all;
  for (const base::Bytes& frame : frames) {
    codec::FrameInfo info = frame_info(file.dataset);
    info.planar_configuration = 0;
    DISCUS_TRY(base::Bytes native, codec::jpeg_lossless::decode(frame, info));
    all.insert(all.end(), native.begin(), native.end());
  }
  return write_raw(out, all);
}

base::Status encode(const std::string& in, const std::string& out) {
  DISCUS_TRY(dicom::part10::DicomFile file, dicom::part10::read_file(in));
  dicom::Element* pixels = file.dataset.find(tags::PixelData);
  if (pixels == nullptr || pixels->is_encapsulated()) return fail("no native Pixel Data");
  DISCUS_TRY(base::Bytes native, pixels->value.load());
  codec::FrameInfo info = frame_info(file.dataset);
  const std::uint64_t frame_size = info.native_frame_size();
  const auto frames = static_cast<std::uint64_t>(file.dataset.get_int(tags::NumberOfFrames).value_or(1));
  if (frame_size == 0 || native.size() < frame_size * frames) return fail("pixel data shorter than its frames");
  dicom::Element encapsulated{};
  encapsulated.tag = tags::PixelData;
  encapsulated.vr = dicom::VR::OB;
  encapsulated.kind = dicom::Element::Kind::kEncapsulated;
  encapsulated.undefined_length = true;
  encapsulated.fragments.emplace_back();  // empty Basic Offset Table
  for (std::uint64_t f = 0; f < frames; ++f) {
    codec::FrameInfo frame = info;
    DISCUS_TRY(base::Bytes jpeg, codec::jpeg_lossless::encode(base::ByteView(native).subspan(f * frame_size, frame_size), frame));
    if (jpeg.size() % 2 != 0) jpeg.push_back(0x00);  // PS3.5 A.4: fragments have even length
    encapsulated.fragments.push_back(dicom::Value{std::move(jpeg), std::nullopt});
  }
  file.dataset.insert(std::move(encapsulated));
  if (info.samples_per_pixel > 1) file.dataset.set_uint16(tags::PlanarConfiguration, 0);
  dicom::part10::WriteOptions options;
  options.transfer_syntax_uid = "1.2.840.10008.1.2.4.70";
  options.sync = false;
  return dicom::part10::write_file(out, file.dataset, &file.meta, options);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: discus-codec-tool decode|encode IN OUT\n");
    return 2;
  }
  const std::string command = argv[1];
  const discus::base::Status status = command == "decode" ? decode(argv[2], argv[3])
                                      : command == "encode" ? encode(argv[2], argv[3])
                                                            : fail("unknown command " + command);
  if (!status) {
    std::fprintf(stderr, "discus-codec-tool: %s\n", status.error().describe().c_str());
    return 1;
  }
  return 0;
}
