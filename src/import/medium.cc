#include "import/medium.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

#include <fmt/format.h>

#include "output/burn/burner.h"
#include "output/iso/iso_reader.h"
#include "output/udf/udf_reader.h"
#include "output/verify/directory_reader.h"

namespace discus::import {
namespace fs = std::filesystem;
using base::Error;
using base::ErrorCode;

namespace {

// What an entry that is not a regular file is, for the report; the link's target is read, never
// followed (a link to /etc must not make us read /etc).
std::string describe_special(const fs::directory_entry& e, const fs::file_status& st) {
  std::error_code ec;
  switch (st.type()) {
    case fs::file_type::symlink: {
      const fs::path target = fs::read_symlink(e.path(), ec);
      return ec ? "symbolic link (not followed)" : fmt::format("symbolic link to {} (not followed)", target.string());
    }
    case fs::file_type::fifo: return "FIFO (not opened)";
    case fs::file_type::socket: return "socket (not opened)";
    case fs::file_type::block: return "block device (not opened)";
    case fs::file_type::character: return "character device (not opened)";
    default: return "not a regular file (not opened)";
  }
}

// The folder's entries that are not regular files and not folders. recursive_directory_iterator
// without follow_directory_symlink never descends through a link, so nothing outside is listed.
base::Status list_special(const std::string& root, std::vector<MediumEntry>& out) {
  std::error_code ec;
  fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end;
  if (ec) return Error{ErrorCode::kIo, fmt::format("cannot list '{}': {}", root, ec.message())};
  for (; it != end; it.increment(ec)) {
    if (ec) return Error{ErrorCode::kIo, fmt::format("cannot list '{}': {}", root, ec.message())};
    const fs::file_status st = it->symlink_status(ec);
    if (ec || fs::is_regular_file(st) || fs::is_directory(st)) continue;
    out.push_back({it->path().lexically_relative(root).generic_string(), 0, false, describe_special(*it, st)});
  }
  return {};
}

}  // namespace

base::Result<Medium> open_medium(SourceKind kind, const std::string& target) {
  Medium m;
  std::error_code ec;
  const bool folder = fs::is_directory(target, ec);
  if (kind == SourceKind::kDir || (kind == SourceKind::kDrive && folder)) {
    // A drive given as its mount point is read as the folder it is.
    if (!folder) return Error{ErrorCode::kNotFound, fmt::format("'{}' is not a folder", target)};
    m.reader = std::make_unique<output::DirectoryMediumReader>(target);
    DISCUS_CHECK(list_special(target, m.entries));
  } else if (kind == SourceKind::kIso) {
    if (!fs::is_regular_file(target, ec)) return Error{ErrorCode::kNotFound, fmt::format("'{}' is not an image file", target)};
    DISCUS_TRY(bool udf, output::udf::is_udf_image(target));
    if (udf) {
      DISCUS_TRY(auto r, output::udf::UdfMediumReader::open_image(target));
      m.reader = std::move(r);
    } else {
      DISCUS_TRY(auto r, output::iso::IsoMediumReader::open_image(target));
      m.reader = std::move(r);
    }
  } else {
    DISCUS_TRY(auto r, output::burn::open_drive_reader(target));
    m.reader = std::move(r);
  }
  DISCUS_TRY(std::vector<output::MediumFile> files, m.reader->list_files());
  for (output::MediumFile& f : files) m.entries.push_back({std::move(f.path), f.size, true, {}});
  std::sort(m.entries.begin(), m.entries.end(), [](const MediumEntry& a, const MediumEntry& b) { return a.path < b.path; });
  m.description = m.reader->describe();
  return m;
}

base::Result<base::Bytes> read_whole(const output::MediumReader& reader, const std::string& path, std::uint64_t cap,
                                     std::uint64_t expected) {
  base::Bytes out;
  out.reserve(static_cast<std::size_t>(std::min(expected, cap)));
  DISCUS_CHECK(reader.read_file(path, [&](base::ByteView chunk) -> base::Status {
    if (out.size() + chunk.size() > cap)
      return Error{ErrorCode::kLimitExceeded, fmt::format("larger than the {} bytes one file may have on import", cap)};
    out.insert(out.end(), chunk.begin(), chunk.end());
    return {};
  }));
  return out;
}

}  // namespace discus::import
