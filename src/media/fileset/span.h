// discus::media::fileset — spanning: studies too large for one medium, split over volumes.
//
// PS3.11 allows no multi-volume file-set (one file-set per medium, PS3.12 per annex), so when
// the instances exceed a medium each volume must be a complete file-set of its own. This is the
// pure planning step: instances are grouped by study (studies ordered by patient, then Study
// Instance UID, so a patient's studies stay together), each whole study goes on the first
// volume with room for it; a study larger than a volume is split at series boundaries over
// fresh consecutive volumes, and a series larger than a volume at instance boundaries. Same
// input, same plan. An instance larger than a volume is an error naming it.
//   DISCUS_TRY(SpanPlan p, plan_span(items, {.volume_bytes = 700'000'000, .reserved_bytes = 1 << 20}));
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/result.h"

namespace discus::media::fileset {

struct SpanItem {
  std::string patient_id;
  std::string study_uid;
  std::string series_uid;
  std::string name;        // for messages: the source path
  std::uint64_t size = 0;  // bytes the instance takes
};

struct SpanOptions {
  std::uint64_t volume_bytes = 0;     // capacity of one medium; 0: everything on one volume
  std::uint64_t reserved_bytes = 0;   // per volume: DICOMDIR, README.TXT, manifest (caller's estimate)
  std::uint64_t block_size = 2048;    // files occupy whole blocks (as plan_file_set counts them)
};

struct SpanVolume {
  std::vector<std::size_t> items;  // indices into the input, ascending
  std::uint64_t bytes = 0;         // in whole blocks, reserved bytes not included
};

struct StudyPlacement {
  std::string patient_id;
  std::string study_uid;
  std::vector<std::size_t> volumes;  // 0-based, ascending; more than one when the study was split
  std::size_t instances = 0;
  std::uint64_t bytes = 0;
};

struct SpanPlan {
  std::vector<SpanVolume> volumes;
  std::vector<StudyPlacement> studies;  // in placement order
};

base::Result<SpanPlan> plan_span(const std::vector<SpanItem>& items, const SpanOptions& options);

}  // namespace discus::media::fileset
