// discus::media::web — the disc viewer (viewer-autorun/) and its data, as files for a medium.
//
// The viewer opens from file:// where a page may not read sibling files, so what it shows before
// the user picks the disc folder is written now, as classic scripts (VIEWER/DATA/INDEX.JS: the
// patients, studies, series and instances with their File IDs and window presets, read back from
// the DICOMDIR just written; VIEWER/DATA/THUMBS.JS: one small PNG per series). Names are ISO 9660
// level 1 (8.3, upper case; PS3.12 F), outside the DICOM folders (IHE PDI "other content");
// AUTORUN.INF (shellexecute) only on optical media. The data stays under 10% of the medium's
// capacity: thumbnails are the first thing dropped. A secure medium gets no data in clear.
//   DISCUS_TRY(auto files, viewer_content("/out/fileset", opts));   // [{"VIEWER/APP.JS", bytes}, ...]
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "base/bytes.h"
#include "base/result.h"
#include "codec/codec.h"

namespace discus::media::web {

struct ViewerOptions {
  std::string viewer_dir;           // the built viewer: INDEX.HTM, APP.JS, APP.CSS
  bool autorun = false;             // AUTORUN.INF for Windows AutoPlay (optical media only)
  bool data = true;                 // index and thumbnails (false on secure media: nothing in clear)
  std::uint64_t capacity_bytes = 0; // the medium's; the data is kept under 10% of it (0: no limit)
  unsigned thumbnail_size = 96;     // longest side, pixels
  const codec::CodecRegistry* codecs = nullptr;  // thumbnails of compressed images (null: native only)
  unsigned threads = 2;
};

struct ContentFile {
  std::string name;  // relative to the file-set root, '/'-separated: "VIEWER/APP.JS"
  base::Bytes bytes;
};

struct ViewerContent {
  std::vector<ContentFile> files;
  std::uint64_t viewer_bytes = 0;  // the viewer's code
  std::uint64_t data_bytes = 0;    // VIEWER/DATA
  bool thumbnails = false;         // within the budget and written
};

// Where the built viewer is: $DISCUS_VIEWER_DIR, else the build's (DISCUS_VIEWER_DIR at compile
// time), else /usr/share/discus/viewer; empty when none holds INDEX.HTM and APP.JS.
std::string find_viewer_dir();

// The viewer and its data for the file-set at `fileset_dir`, whose DICOMDIR is already written.
base::Result<ViewerContent> viewer_content(const std::string& fileset_dir, const ViewerOptions& options);

// The README.TXT lines that say how to open it.
std::vector<std::string> readme_lines(bool autorun, bool secure);

}  // namespace discus::media::web
