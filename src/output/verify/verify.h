// discus::output — read-back verification of a written medium (issue 6; PS3.10 8, PS3.12).
//
// A medium is good only when what is on it is what was authored: every file the file-set's
// SHA256.TXT manifest (sha256sum format, written by `discus author`) lists is present with the
// same SHA-256, and the DICOMDIR read back from the medium parses and every record that
// references a file resolves to a readable DICOM file whose SOP Instance UID, SOP Class UID and
// transfer syntax match the record (PS3.3 F.3.2.2, (0004,1510)-(0004,1512)). Each file is read
// once, streamed: hashed and, when a record references it, its header parsed from the same pass.
// A medium that fails is reported as failed, naming every file concerned, never as good.
//   DirectoryMediumReader medium("/media/cdrom");
//   DISCUS_TRY(VerifyReport r, verify_medium(medium, {}));  if (!r.ok()) print(to_text(r));
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "base/result.h"
#include "output/verify/medium_reader.h"

namespace discus::output {

struct VerifyOptions {
  // A manifest file on the host (sha256sum format, paths relative to the file-set root). Empty:
  // the medium's own SHA256.TXT (matched case-insensitively).
  std::string manifest_path;
  bool check_dicomdir = true;
  // Called after each chunk with the bytes read so far and the total to read.
  std::function<void(std::uint64_t done, std::uint64_t total)> progress;
  // Set (by the application layer's cancel token) to stop between files: verify_medium then fails
  // with kCancelled, never a report that could pass for a verified medium.
  const std::atomic<bool>* cancel = nullptr;
};

struct VerifyProblem {
  std::string path;     // the file on the medium (or in the manifest) concerned; empty: the medium
  std::string rule;     // stable id: "verify.missing", "verify.sha256", "verify.dicomdir", ...
  std::string message;  // for a person
};

struct VerifyReport {
  std::string medium;                   // MediumReader::describe()
  std::size_t files_checked = 0;        // manifest entries compared
  std::size_t records_checked = 0;      // DICOMDIR records that reference a file
  std::uint64_t bytes_checked = 0;
  std::vector<VerifyProblem> failures;  // any entry here means the medium is bad
  std::vector<std::string> unexpected;  // on the medium, not in the manifest (not a failure)
  // Secure media (secure_verify.h): "envelope" when checked without a key (the DICOM Files inside
  // were not read), "dicom" when opened with one and checked as DICOM, "opened" when a key was
  // given but some envelope failed (the DICOM-level check did not run); empty for a plain medium.
  std::string level;
  bool ok() const { return failures.empty(); }
};

// Fails (an Error, not a report) only when the medium cannot be listed or the manifest cannot be
// found or parsed at all; everything about individual files is a VerifyProblem.
base::Result<VerifyReport> verify_medium(const MediumReader& medium, const VerifyOptions& options);

// "verified: 1402 files, 1398 DICOMDIR records, 1.1 GB ... OK" or one line per failure.
std::string to_text(const VerifyReport& report);

// One manifest line: "<64 hex>  <path>" (or " *<path>" for binary mode), as sha256sum writes it.
struct ManifestEntry {
  std::string sha256;  // lower case hex
  std::string path;
};
// Parses a manifest; `name` appears in errors, which give the line number.
base::Result<std::vector<ManifestEntry>> parse_manifest(std::string_view text, const std::string& name);

// The form paths are compared in: upper case, ISO 9660 ";1" version and trailing "." removed
// from each component ("DICOM/P0000001." -> "DICOM/P0000001").
std::string normalize_medium_path(std::string_view path);

}  // namespace discus::output
