// Files no DICOMDIR record references (unreferenced.h).
#include "output/verify/unreferenced.h"

#include <algorithm>
#include <string>

#include "output/verify/verify.h"

namespace discus::output {
namespace {

namespace dd = media::dicomdir;

void collect_file_ids(const std::vector<dd::DirectoryRecord>& records, std::vector<std::string>& out) {
  for (const dd::DirectoryRecord& r : records) {
    if (!r.file_id.empty()) {
      std::string id;
      for (const std::string& c : r.file_id) id += (id.empty() ? "" : "/") + c;
      out.push_back(normalize_medium_path(id));
    }
    collect_file_ids(r.children, out);
  }
}

// Whether the file starts like DICOM; reads one chunk at most (the sink stops the read).
bool file_is_dicom(const MediumReader& medium, const std::string& path) {
  base::Bytes first;
  (void)medium.read_file(path, [&](base::ByteView chunk) -> base::Status {
    first.insert(first.end(), chunk.begin(), chunk.begin() + static_cast<std::ptrdiff_t>(std::min(chunk.size(), kDicomMagicBytes - first.size())));
    if (first.size() < kDicomMagicBytes) return {};
    return base::Error{base::ErrorCode::kCancelled, "enough"};
  });
  return looks_like_dicom(first);
}

}  // namespace

bool looks_like_dicom(base::ByteView b) {
  return b.size() >= kDicomMagicBytes && b[128] == 'D' && b[129] == 'I' && b[130] == 'C' && b[131] == 'M';
}

std::vector<base::Finding> check_unreferenced_files(const MediumReader& medium, const dd::Dicomdir& dir,
                                                    const media::profile::AllowedContent& allowed,
                                                    std::string_view dicomdir_name) {
  const std::string own = normalize_medium_path(dicomdir_name);
  std::vector<base::Finding> findings;
  auto files = medium.list_files();
  if (!files) {
    findings.push_back({"dicomdir.unreferenced", base::Severity::kError, medium.describe(), "",
                        "cannot list the files: " + files.error().describe(), "PS3.10 8.6", false});
    return findings;
  }
  // Sorted names rather than a set: a DICOMDIR of 300,000 records stays one allocation.
  std::vector<std::string> referenced;
  collect_file_ids(dir.roots, referenced);
  std::sort(referenced.begin(), referenced.end());
  for (const MediumFile& f : *files) {
    const std::string name = normalize_medium_path(f.path);
    if (name == own || std::binary_search(referenced.begin(), referenced.end(), name)) continue;
    if (file_is_dicom(medium, f.path))
      findings.push_back({"dicomdir.unreferenced-dicom", base::Severity::kError, f.path, "",
                          "a DICOM file that no DICOMDIR record references: every DICOM file of a file-set is in its "
                          "DICOMDIR",
                          "PS3.10 8.6", false});
    else if (!allowed.allows(f.path))
      findings.push_back({"dicomdir.unreferenced", base::Severity::kWarning, f.path, "",
                          "no DICOMDIR record references this file and the list of allowed non-DICOM content "
                          "(profiles/common/allowed-content.json) does not name it",
                          "PS3.10 8.6", false});
  }
  return findings;
}

}  // namespace discus::output
