// discus::media::author — finding the files of an authoring job and reading their headers.
//
// Folders are walked recursively in name order (so a job is reproducible), symbolic links are
// not followed out of the folders named, and each file's header is read with the pixel data
// left unread. Nothing is opened for writing.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "base/result.h"
#include "dicom/part10/reader.h"

namespace discus::media::author {

struct ScannedFile {
  std::string path;
  std::optional<dicom::part10::DicomFile> dicom;  // when the header was read
  std::optional<base::Error> error;               // when it was not
};

// Every regular file under `inputs`, sorted, each once; missing inputs come back as errors.
// `after_read`, when given, runs on each header in the scanning thread (e.g. to prune it).
std::vector<ScannedFile> scan(const std::vector<std::string>& inputs, unsigned threads,
                              const std::function<void(dicom::part10::DicomFile&)>& after_read = {});

// Deferred values keep their length and offset but let go of the file, so thousands of headers
// kept after a scan do not hold thousands of descriptors.
void release_files(dicom::DataSet& ds);

}  // namespace discus::media::author
