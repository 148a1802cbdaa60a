// discus::media::dicomdir — Referenced File IDs to paths, safely, and the check of what they point at.
//
// A File ID (PS3.10 8.2) is 1-8 components of 1-8 characters A-Z 0-9 _. On import the DICOMDIR
// comes from outside, so a File ID is hostile input: ".." components, absolute paths and symbolic
// links leading out of the file-set root are refused. Names are matched case-insensitively (ISO
// 9660 without Rock Ridge presents upper case, other media lower case), tolerating the trailing
// "." and ";1" version suffix some ISO 9660 drivers show.
//
//   DISCUS_TRY(std::string path, resolve_file_id("/media/cdrom", {"DICOM", "IM000001"}));
//   for (const base::Finding& f : check_references(dir, "/media/cdrom")) ...;
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/finding.h"
#include "base/result.h"
#include "media/dicomdir/reader.h"

namespace discus::media::dicomdir {

// PS3.10 8.2: 1-8 components, each 1-8 of A-Z 0-9 _. Lower case a-z is accepted (and
// `*lower_case` set) because some creators write it; anything else is kInvalidArgument naming
// the component and the reason.
base::Status check_file_id(const std::vector<std::string>& file_id, bool* lower_case = nullptr);

// The path of the regular file `file_id` names inside `root` (a directory). Fails with
// kInvalidArgument for a refused File ID or a symbolic link leading out of `root`, kNotFound when
// a component does not exist (or is ambiguous), kIo when a directory cannot be read.
base::Result<std::string> resolve_file_id(const std::string& root, const std::vector<std::string>& file_id);

// For every record of `dir` that references a file: the file resolves inside `root`, is DICOM,
// and its SOP Class UID, SOP Instance UID and transfer syntax match (0004,1510), (0004,1511) and
// (0004,1512). Also flags a file referenced by more than one record (PS3.3 F.4). `per_file`, when
// set, runs on each referenced file's header (read stopped before the Pixel Data, the file still
// open) and adds its own findings: `dir --check` checks the Pixel Data there.
using FileCheck = std::function<void(const dicom::part10::DicomFile&, std::vector<base::Finding>&)>;
std::vector<base::Finding> check_references(const Dicomdir& dir, const std::string& root, const FileCheck& per_file = {});

}  // namespace discus::media::dicomdir
