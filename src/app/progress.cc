#include "app/progress.h"

namespace discus::app {

std::string_view to_string(Stage s) {
  switch (s) {
    case Stage::kScan: return "scanning";
    case Stage::kRead: return "reading";
    case Stage::kPlan: return "planning";
    case Stage::kCopy: return "copying";
    case Stage::kDicomdir: return "DICOMDIR";
    case Stage::kEnvelope: return "encrypting";
    case Stage::kOpen: return "decrypting";
    case Stage::kTranscode: return "transcoding";
    case Stage::kImage: return "writing image";
    case Stage::kBurn: return "burning";
    case Stage::kUsb: return "writing stick";
    case Stage::kVerify: return "verifying";
  }
  return "working";
}

}  // namespace discus::app
