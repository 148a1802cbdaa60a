// discus::media::fileset — File IDs (PS3.10 8.2) and the file-set layout planner.
//
// A File ID is 1 to 8 components of 1 to 8 characters from A-Z, 0-9 and '_'. The planner gives
// every instance of a file-set a File ID that is deterministic (same input, same IDs), collision
// free by construction and grouped patient / study / series:
//   DICOM/P0000001/S0000001/E0000001/I0000001
// and checks that the whole set fits the medium. When adding to an existing file-set (the FSU
// role, PS3.10 8.3), `taken` lists the File IDs already there: each new patient folder is one no
// existing file uses, so new File IDs cannot collide with old ones and old folders gain nothing.
//   DISCUS_TRY(Plan plan, plan_file_set(inputs, {.capacity_bytes = profile.capacity_bytes}));
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace discus::media::fileset {

using FileId = std::vector<std::string>;

bool is_valid_component(std::string_view component);
// kInvalidArgument naming the offending component when `id` breaks PS3.10 8.2.
base::Status check_file_id(const FileId& id);
// "DICOM/P0000001/..." (the file system separator; DICOMDIR uses '\').
std::string to_relative_path(const FileId& id);

struct PlanInput {
  std::string patient_id;
  std::string study_uid;
  std::string series_uid;
  std::string sop_instance_uid;
  long long instance_number = 0;  // orders instances within a series
  std::uint64_t size = 0;         // bytes the file will take
};

struct PlanOptions {
  std::string root = "DICOM";          // first component of every File ID
  std::uint64_t capacity_bytes = 0;    // 0: no limit
  std::uint64_t reserved_bytes = 0;    // DICOMDIR, README.TXT and the rest, estimated by the caller
  std::uint64_t block_size = 2048;     // files occupy whole blocks (ISO 9660 and UDF sectors)
  // Files already in the file-set (FSU), compared case-insensitively. Their bytes belong in
  // reserved_bytes.
  std::vector<FileId> taken;
};

struct Plan {
  std::vector<FileId> file_ids;  // parallel to the inputs
  std::uint64_t total_bytes = 0; // in whole blocks, reserved bytes included
};

base::Result<Plan> plan_file_set(const std::vector<PlanInput>& inputs, const PlanOptions& options);

}  // namespace discus::media::fileset
