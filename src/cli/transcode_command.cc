// `discus transcode --ts UID IN OUT`: rewrite a file in another transfer syntax, every element
// kept. Native <-> deflated; compressed pixel data is decoded or encoded one frame at a time by the
// codecs registered below (RLE Lossless today); other compressed syntaxes are refused.
#include <fmt/format.h>

#include "cli/command.h"
#include "codec/codec.h"
#include "codec/frames/transcode_pixels.h"
#include "dicom/dict/tags.h"
#include "dicom/dict/transfer_syntax.h"
#include "dicom/dict/uids.h"
#include "dicom/part10/reader.h"
#include "dicom/part10/writer.h"

namespace discus::cli {

int run_transcode(const std::vector<std::string>& args) {
  std::string ts_uid;
  std::vector<std::string> paths;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--ts" && i + 1 < args.size()) ts_uid = args[++i];
    else paths.push_back(args[i]);
  }
  if (ts_uid.empty() || paths.size() != 2) {
    fmt::print(stderr, "usage: discus transcode --ts UID IN OUT\n");
    return kExitUsage;
  }
  const auto* target = dicom::dict::find_transfer_syntax(ts_uid);
  if (target == nullptr) {
    fmt::print(stderr, "discus transcode: unknown transfer syntax '{}'\n", ts_uid);
    return kExitUsage;
  }
  if (paths[0] == paths[1]) {
    fmt::print(stderr, "discus transcode: output would overwrite the input '{}'; sources are never modified\n", paths[0]);
    return kExitUsage;
  }
  auto file = dicom::part10::read_file(paths[0]);
  if (!file) {
    fmt::print(stderr, "discus transcode: {}\n", file.error().describe());
    return kExitFailed;
  }
  for (const auto& w : file->warnings)
    fmt::print(stderr, "discus transcode: warning: {}: offset {}: {}\n", paths[0], w.offset, w.message);
  // Compressed pixel data is decoded or encoded where a codec exists; otherwise it can only stay
  // in its own syntax.
  const codec::CodecRegistry codecs = codec::all_codecs();
  if (auto st = codec::transcode_pixel_data(file->dataset, *file->transfer_syntax, *target, codecs); !st) {
    fmt::print(stderr, "discus transcode: {}: converting {} to {}: {}\n", paths[0], file->transfer_syntax->name,
               target->name, st.error().describe());
    return kExitFailed;
  }
  dicom::part10::WriteOptions options;
  options.transfer_syntax_uid = std::string(target->uid);
  // Transcoding preserves; it does not repair. A source without SOP UIDs keeps its elements and
  // gets empty Media Storage UIDs, with a warning (PS3.10 7.1 makes them type 1).
  options.require_sop_uids = false;
  if (!file->dataset.get_string(dicom::tags::SOPInstanceUID) || !file->dataset.get_string(dicom::tags::SOPClassUID))
    fmt::print(stderr, "discus transcode: warning: {}: SOP Class or Instance UID missing; written with empty (0002,0002)/(0002,0003)\n",
               paths[0]);
  // A DICOMDIR's records point at each other by byte offsets counted from the start of the file
  // (PS3.3 F.3.2.1), so any change to the meta or the encoding moves them: a DICOMDIR is only
  // ever rebuilt by the DICOMDIR writer, which recomputes them.
  if (file->meta.get_string(dicom::tags::MediaStorageSOPClassUID) == dicom::uids::MediaStorageDirectoryStorage) {
    fmt::print(stderr, "discus transcode: {} is a DICOMDIR; its record offsets would not survive re-encoding\n", paths[0]);
    return kExitFailed;
  }
  if (auto st = dicom::part10::write_file(paths[1], file->dataset, &file->meta, options); !st) {
    fmt::print(stderr, "discus transcode: {}\n", st.error().describe());
    return kExitFailed;
  }
  return kExitOk;
}

}  // namespace discus::cli
