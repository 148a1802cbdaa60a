#include "output/usb/source_tree.h"

#include <fmt/format.h>

#include <algorithm>
#include <ctime>
#include <filesystem>

#include "base/sha256.h"

namespace discus::output::usb {

namespace fs = std::filesystem;
using base::Error;
using base::ErrorCode;
using base::Result;

Result<SourceTree> read_source_tree(const std::string& root) {
  std::error_code ec;
  if (!fs::is_directory(root, ec))
    return Error{ErrorCode::kInvalidArgument, fmt::format("'{}' is not a folder holding a file-set", root)};
  for (const char* need : {"DICOMDIR", "SHA256.TXT"})
    if (!fs::is_regular_file(fs::path(root) / need, ec))
      return Error{ErrorCode::kNotFound,
                   fmt::format("'{}' has no {}; write the file-set with `discus author` first", root, need)};
  SourceTree t;
  t.root = root;
  fs::recursive_directory_iterator it(root, fs::directory_options::none, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    const fs::directory_entry& e = *it;
    const std::string rel = fs::relative(e.path(), root, ec).generic_string();
    const fs::file_status st = e.symlink_status(ec);
    if (fs::is_symlink(st))
      return Error{ErrorCode::kInvalidArgument, fmt::format("'{}' is a symbolic link; a medium holds files only", e.path().string())};
    if (fs::is_directory(st)) {
      t.directories.push_back(rel);
    } else if (fs::is_regular_file(st)) {
      const std::uint64_t size = e.file_size(ec);
      t.files.push_back({rel, e.path().string(), size});
      t.total_bytes += size;
    } else {
      return Error{ErrorCode::kInvalidArgument, fmt::format("'{}' is not a regular file", e.path().string())};
    }
  }
  if (ec) return Error{ErrorCode::kIo, fmt::format("cannot list '{}': {}", root, ec.message())};
  std::sort(t.directories.begin(), t.directories.end());
  std::sort(t.files.begin(), t.files.end(), [](const SourceFile& a, const SourceFile& b) { return a.relative < b.relative; });
  for (const SourceFile& f : t.files)
    if (f.relative == kCompletionMarker)
      return Error{ErrorCode::kInvalidArgument,
                   fmt::format("'{}' already holds {}, the name Discus keeps for its completion marker", root, kCompletionMarker)};
  return t;
}

Result<base::Bytes> marker_text(const SourceTree& tree, std::int64_t unix_seconds) {
  DISCUS_TRY(std::string manifest, base::sha256_file((fs::path(tree.root) / "SHA256.TXT").string()));
  std::tm tm{};
  const std::time_t t = static_cast<std::time_t>(unix_seconds);
  gmtime_r(&t, &tm);
  char when[32];
  std::strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return base::to_bytes(fmt::format(
      "Discus finished writing this DICOM file-set at {}.\r\n{} files, {} bytes.\r\nSHA-256 of SHA256.TXT: {}\r\n"
      "If this file is missing, the copy did not finish: do not use the medium.\r\n",
      when, tree.files.size(), tree.total_bytes, manifest));
}

}  // namespace discus::output::usb
