// discus::media::author — authoring several volumes when the studies do not fit one medium.
//
// PS3.11 forbids multi-volume file-sets, so spanning makes several complete file-sets: the
// instances are scanned once, planned with fileset::plan_span (whole studies per volume; series
// boundaries only for a study larger than a volume), and author() runs once per volume into
// OUT/VOL001, OUT/VOL002, ... each with its own DICOMDIR, README.TXT and SHA256.TXT. Inputs that
// are not instances (not DICOM, unreadable, old DICOMDIRs) go to the first volume's job so its
// report accounts for them. The span report says which study is on which volume.
//   DISCUS_TRY(SpanResult r, author_volumes({.author = opts, .volume_bytes = 64 << 20}, profile, uids));
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "media/author/author.h"
#include "media/fileset/span.h"

namespace discus::media::author {

struct SpanAuthorOptions {
  AuthorOptions author;            // out_dir is the parent of the volume folders
  std::uint64_t volume_bytes = 0;  // capacity of one medium; 0: the profile's nominal capacity
};

struct AuthoredVolume {
  std::string name;        // "VOL001"
  std::string fileset_id;  // (0004,1130) of this volume
  AuthorResult result;
};

struct SpanResult {
  std::string profile_id;
  std::uint64_t volume_bytes = 0;
  std::vector<AuthoredVolume> volumes;
  std::vector<fileset::StudyPlacement> studies;  // volumes index `volumes`
  bool complete() const;                         // every volume's author() result is complete
};

// The per-volume space author_volumes() keeps for DICOMDIR, README.TXT and SHA256.TXT.
std::uint64_t span_reserved_bytes(std::size_t instances);

base::Result<SpanResult> author_volumes(const SpanAuthorOptions& options, const profile::ApplicationProfile& profile,
                                        base::UidSource& uids);

std::string span_report_text(const SpanResult& r);
nlohmann::ordered_json span_report_json(const SpanResult& r);

}  // namespace discus::media::author
