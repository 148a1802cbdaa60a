// Files no DICOMDIR record references (unreferenced.h).
#include "output/verify/unreferenced.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <memory>
#include <string>

#include "output/verify/verify.h"

namespace discus::output {
namespace {

namespace dd = media::dicomdir;

// The File IDs the records reference, read again one record at a time (records are kept compact).
void collect_file_ids(const dd::Dicomdir& dir, const dd::RecordList& records, std::vector<std::string>& out) {
  for (const dd::DirectoryRecord& r : records) {
    if (r.has_file_id) {
      if (auto item = dir.load(r); item && !item->file_id.empty()) {
        std::string id;
        for (const std::string& c : item->file_id) id += (id.empty() ? "" : "/") + c;
        out.push_back(normalize_medium_path(id));
      }
    }
    collect_file_ids(dir, r.children, out);
  }
}

// Whether the file starts like DICOM: one open and one read of its first bytes.
bool file_is_dicom(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return false;
  std::uint8_t first[kDicomMagicBytes];
  const ssize_t n = ::pread(fd, first, sizeof first, 0);
  ::close(fd);
  return n == static_cast<ssize_t>(sizeof first) && looks_like_dicom(base::ByteView(first, sizeof first));
}

// Every regular file under `dir` (links not followed), as paths relative to the walk's root. A
// plain readdir walk: std::filesystem::relative would resolve every component of every path.
void list_regular_files(const std::string& dir, const std::string& relative, std::vector<std::string>& out, unsigned depth) {
  if (depth > 64) return;
  std::unique_ptr<DIR, int (*)(DIR*)> d(::opendir(dir.c_str()), ::closedir);
  if (!d) return;
  while (const dirent* e = ::readdir(d.get())) {
    const std::string name = e->d_name;
    if (name == "." || name == "..") continue;
    const std::string full = dir + "/" + name, rel = relative.empty() ? name : relative + "/" + name;
    unsigned char type = e->d_type;
    if (type == DT_UNKNOWN) {
      struct stat st{};
      if (::lstat(full.c_str(), &st) != 0) continue;
      type = S_ISDIR(st.st_mode) ? DT_DIR : S_ISREG(st.st_mode) ? DT_REG : DT_UNKNOWN;
    }
    if (type == DT_DIR) list_regular_files(full, rel, out, depth + 1);
    else if (type == DT_REG) out.push_back(rel);
  }
}

}  // namespace

bool looks_like_dicom(base::ByteView b) {
  return b.size() >= kDicomMagicBytes && b[128] == 'D' && b[129] == 'I' && b[130] == 'C' && b[131] == 'M';
}

std::vector<base::Finding> check_unreferenced_files(const std::string& root, const dd::Dicomdir& dir,
                                                    const media::profile::AllowedContent& allowed,
                                                    std::string_view dicomdir_name) {
  const std::string own = normalize_medium_path(dicomdir_name);
  std::vector<base::Finding> findings;
  std::vector<std::string> files;
  const std::string top = root.size() > 1 && root.ends_with('/') ? root.substr(0, root.size() - 1) : root;
  list_regular_files(top, "", files, 0);
  std::sort(files.begin(), files.end());
  // Sorted names rather than a set: a DICOMDIR of 300,000 records stays one allocation.
  std::vector<std::string> referenced;
  collect_file_ids(dir, dir.roots, referenced);
  std::sort(referenced.begin(), referenced.end());
  for (const std::string& rel : files) {
    const std::string name = normalize_medium_path(rel);
    if (name == own || std::binary_search(referenced.begin(), referenced.end(), name)) continue;
    const std::string path = top + "/" + rel;
    if (file_is_dicom(path))
      findings.push_back({"dicomdir.unreferenced-dicom", base::Severity::kError, path, "",
                          "a DICOM file that no DICOMDIR record references: every DICOM file of a file-set is in its "
                          "DICOMDIR",
                          "PS3.10 8.6", false});
    else if (!allowed.allows(rel))
      findings.push_back({"dicomdir.unreferenced", base::Severity::kWarning, path, "",
                          "no DICOMDIR record references this file and the list of allowed non-DICOM content "
                          "(profiles/common/allowed-content.json) does not name it",
                          "PS3.10 8.6", false});
  }
  return findings;
}

}  // namespace discus::output
