// discus::media::author — finding the files of a job and reading their headers: the one scanner
// of `author`, `update`, `span` and `mkdir`.
//
// Folders are walked recursively in name order (so a job is reproducible), symbolic links met
// inside them are not followed (a name given as an input is), and each file's header is read once, on every thread,
// with the pixel data left unread (a key-only read when only some keys are wanted). A file
// reached by two paths is taken once. Nothing is opened for writing.
//   ScanOptions so;  so.threads = 2;  auto files = scan({"in/"}, so);
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "base/file.h"
#include "base/result.h"
#include "dicom/part10/reader.h"

namespace discus::media::author {

struct ScannedFile {
  std::string path;
  std::optional<dicom::part10::DicomFile> dicom;  // when the header was read
  std::optional<base::Error> error;               // when it was not
  base::FileIdentity identity;                    // device and inode, when the file could be looked at
};

struct ScanOptions {
  unsigned threads = 2;
  // Only these top-level elements of each header (a key-only read, dicom/part10/reader.h);
  // unset: the whole header.
  std::optional<dicom::part10::TagSet> wanted;
  // Values at least this large stay in the file (known by offset and length only once the file
  // is let go of). 4 KiB: larger values are no DICOMDIR keys, and thousands of headers with an
  // 80 KB private block each would fill the memory (35 MB of page faults for the MR files).
  std::uint64_t defer_threshold = 4096;
  // Files listed (and counted for identity) but not read, e.g. the DICOMDIR `mkdir` replaces.
  std::function<bool(const std::string&)> skip_read;
  // Runs on each header in the scanning thread while its file is still open (to prune it, or to
  // read a value left in the file); an error makes the file unreadable.
  std::function<base::Status(dicom::part10::DicomFile&)> after_read;
};

// Every entry under `inputs`, sorted per input, each regular file once (the first path that
// reaches it). Missing inputs come back as errors; FIFOs, devices, sockets and symbolic links
// found in a folder come back unread with a kNotDicom error saying what they are, so a report
// lists every input found.
std::vector<ScannedFile> scan(const std::vector<std::string>& inputs, const ScanOptions& options);

// Deferred values keep their length and offset but let go of the file, so thousands of headers
// kept after a scan do not hold thousands of descriptors.
void release_files(dicom::DataSet& ds);

}  // namespace discus::media::author
