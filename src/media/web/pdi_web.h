// discus::media::web — the IHE PDI Web Content option (RAD TF-1 PDI; ../shared/spec/ihe-pdi.md):
// INDEX.HTM in the root and, only inside IHE_PDI/, static pages per patient, study and series with
// JPEG renderings of the images (codec/render + the registry's JPEG Baseline encoder, as `discus
// render` draws them). Pages are XHTML 1.0 Strict with no active content (no script, no event
// attributes, no objects or frames, no external links): they open in any browser with scripting
// off. Every name is ISO 9660 level 1 (8.3, upper case). The web content represents the DICOM
// content, not necessarily all of it: at most `images_per_series` renderings per series, and
// together under 10% of the medium (down to one per series, then none). Reports (SR, PDF) are
// listed by title. The DICOMDIR references none of it (PS3.10 8.6); never on secure media.
//   DISCUS_TRY(WebContent w, pdi_web_content("/out/fileset", {.codecs = &codecs, .viewer = true}));
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/result.h"
#include "codec/codec.h"
#include "media/web/viewer_content.h"

namespace discus::media::web {

struct WebContentOptions {
  const codec::CodecRegistry* codecs = nullptr;  // decoders and the JPEG Baseline encoder (required)
  bool viewer = false;                 // VIEWER/INDEX.HTM is on the medium: INDEX.HTM links to it
  std::uint64_t capacity_bytes = 0;    // renderings kept under 10% of it (0: no limit)
  unsigned images_per_series = 24;     // at most, spread evenly through the series
  unsigned image_size = 512;           // longest side of a rendering, pixels (never enlarged)
  unsigned threads = 2;
};

struct WebContent {
  std::vector<ContentFile> files;      // INDEX.HTM, IHE_PDI/*.HTM, IHE_PDI/SEnnnn/Innnn.JPG
  std::uint64_t bytes = 0;
  std::size_t pages = 0, renderings = 0, images = 0;  // images: IMAGE records on the medium
};

// The web content for the file-set at `fileset_dir`, whose DICOMDIR is already written.
base::Result<WebContent> pdi_web_content(const std::string& fileset_dir, const WebContentOptions& options);

// README.TXT lines for the web content (PDI: README.TXT says what is on the medium).
std::vector<std::string> web_readme_lines(bool viewer);

}  // namespace discus::media::web
