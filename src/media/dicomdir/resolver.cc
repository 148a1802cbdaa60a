// File IDs to paths inside a file-set root, refusing anything that could leave it, and the check
// that each referenced file is the instance its record says it is.
#include "media/dicomdir/resolver.h"

#include <dirent.h>
#include <fmt/format.h>
#include <sys/stat.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <unordered_map>

#include "dicom/dict/tags.h"
#include "dicom/part10/reader.h"

namespace discus::media::dicomdir {
namespace {

using base::Error;
using base::ErrorCode;
using base::Finding;
using base::Severity;
namespace tags = dicom::tags;

constexpr std::size_t kMaxComponents = 8;      // PS3.10 8.2
constexpr std::size_t kMaxComponentLength = 8;  // PS3.10 8.2

std::string joined(const std::vector<std::string>& file_id) {
  std::string s;
  for (const std::string& c : file_id) s += (s.empty() ? "" : "\\") + c;
  return s;
}

char upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (upper(a[i]) != upper(b[i])) return false;
  return true;
}

// A directory entry name as ISO 9660 drivers may show it ("IM000001.;1", "IM000001;1",
// "IM000001."), reduced to the File ID component it stands for.
std::string_view without_iso9660_suffix(std::string_view name) {
  if (auto semi = name.rfind(';'); semi != std::string_view::npos && semi + 1 < name.size()) {
    bool digits = true;
    for (char c : name.substr(semi + 1)) digits = digits && c >= '0' && c <= '9';
    if (digits) name = name.substr(0, semi);
  }
  if (!name.empty() && name.back() == '.') name.remove_suffix(1);
  return name;
}

std::optional<std::string> real_path(const std::string& p) {
  struct Free {
    void operator()(char* c) const { std::free(c); }
  };
  std::unique_ptr<char, Free> r(::realpath(p.c_str(), nullptr));
  if (!r) return std::nullopt;
  return std::string(r.get());
}

bool inside(const std::string& root_real, const std::string& p) {
  const std::string prefix = root_real.ends_with('/') ? root_real : root_real + "/";
  return p == root_real || p.starts_with(prefix);
}

// The one entry of `dir` that stands for `component`: the exact name if present, else the only
// case-insensitive match (suffixes tolerated). Several different matches are ambiguous.
base::Result<std::string> find_entry(const std::string& dir, const std::string& component) {
  struct stat st{};
  if (::lstat((dir + "/" + component).c_str(), &st) == 0) return component;
  struct CloseDir {
    void operator()(DIR* d) const { ::closedir(d); }
  };
  std::unique_ptr<DIR, CloseDir> d(::opendir(dir.c_str()));
  if (!d) return Error{ErrorCode::kIo, fmt::format("cannot list '{}': {}", dir, std::strerror(errno))};
  std::vector<std::string> matches;
  while (const dirent* e = ::readdir(d.get())) {
    const std::string_view name = e->d_name;
    if (name == "." || name == "..") continue;
    if (equal_ignoring_case(without_iso9660_suffix(name), component)) matches.emplace_back(name);
  }
  if (matches.empty()) return Error{ErrorCode::kNotFound, fmt::format("no '{}' in '{}'", component, dir)};
  if (matches.size() > 1)
    return Error{ErrorCode::kNotFound,
                 fmt::format("'{}' is ambiguous in '{}': {} entries match ('{}', '{}'...)", component, dir,
                             matches.size(), matches[0], matches[1])};
  return matches[0];
}

Finding ref_finding(std::string rule, Severity s, std::string file, std::string tag, std::string message) {
  return Finding{std::move(rule), s, std::move(file), std::move(tag), std::move(message), "PS3.3 F.3.2.2", false};
}

// 64-bit FNV-1a: the key of a resolved path in Checker::seen (a hash, not the path, so that
// 300,000 records cost 300,000 small entries; a match is confirmed against the path itself).
std::uint64_t path_hash(std::string_view s) {
  std::uint64_t h = 14695981039346656037ull;
  for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  return h;
}

struct Checker {
  const Dicomdir& dir;
  const std::string& root;
  const FileCheck& per_file;
  std::vector<Finding> findings;
  // Hash of a resolved path -> the first record that referenced it. Memory is per record, not
  // per byte of path: a DICOMDIR of 300,000 records is checked in bounded memory.
  std::unordered_multimap<std::uint64_t, const DirectoryRecord*> seen;

  // The path the earlier record `r` resolved to (read again: only on a hash match).
  std::optional<std::string> resolved_path(const DirectoryRecord& r) const {
    auto item = dir.load(r);
    if (!item) return std::nullopt;
    auto path = resolve_file_id(root, item->file_id);
    return path ? std::optional<std::string>(*path) : std::nullopt;
  }

  // The first record that referenced `path`, if any; else `r` is noted as it.
  const DirectoryRecord* first_reference(const std::string& path, const DirectoryRecord& r) {
    const std::uint64_t h = path_hash(path);
    for (auto [it, last] = seen.equal_range(h); it != last; ++it)
      if (resolved_path(*it->second) == path) return it->second;
    seen.emplace(h, &r);
    return nullptr;
  }

  void compare(const DirectoryRecord& r, const dicom::DataSet& keys, const std::string& path, dicom::Tag record_tag,
               std::string_view what, std::optional<std::string_view> in_file) {
    const auto in_record = keys.get_string(record_tag);
    if (!in_record) return;
    if (!in_file || *in_file != *in_record)
      findings.push_back(ref_finding(fmt::format("dicomdir.ref-{}", what), Severity::kError, path,
                                     dicom::to_string(record_tag),
                                     fmt::format("the {} record at offset {} says {} '{}', the file has '{}'", r.type,
                                                 r.offset, what, *in_record, in_file.value_or("(absent)"))));
  }

  void check(const DirectoryRecord& r) {
    check_one(r);
    for (const DirectoryRecord& c : r.children) check(c);
  }

  void check_one(const DirectoryRecord& r) {
    if (!r.has_file_id) return;
    auto item = dir.load(r);
    if (!item) {
      findings.push_back(ref_finding("dicomdir.record-unreadable", Severity::kError, dir.path, "(0004,1220)",
                                     fmt::format("the {} record at offset {} cannot be read again: {}", r.type,
                                                 r.offset, item.error().message)));
      return;
    }
    const dicom::DataSet& keys = item->keys;
    const std::string id = joined(item->file_id);
    auto resolved = resolve_file_id(root, item->file_id);
    if (!resolved) {
      const bool refused = resolved.error().code == ErrorCode::kInvalidArgument;
      findings.push_back(ref_finding(refused ? "dicomdir.ref-refused" : "dicomdir.ref-missing", Severity::kError,
                                     dir.path, "(0004,1500)",
                                     fmt::format("the {} record at offset {} references '{}': {}", r.type, r.offset,
                                                 id, resolved.error().message)));
      return;
    }
    const std::string& path = *resolved;
    if (const DirectoryRecord* first = first_reference(path, r)) {
      findings.push_back(ref_finding("dicomdir.ref-duplicate", Severity::kWarning, path, "(0004,1500)",
                                     fmt::format("'{}' is referenced by the records at offsets {} and {} (PS3.3 F.4: "
                                                 "at most one)",
                                                 id, first->offset, r.offset)));
    }
    dicom::part10::ReadOptions options;
    options.stop_before_pixels = true;
    auto file = dicom::part10::read_file(path, options);
    if (!file) {
      findings.push_back(ref_finding("dicomdir.ref-not-dicom", Severity::kError, path, "",
                                     fmt::format("the {} record at offset {} references '{}', which cannot be read as "
                                                 "DICOM: {}",
                                                 r.type, r.offset, id, file.error().message)));
      return;
    }
    if (!keys.contains(tags::ReferencedSOPClassUIDInFile) || !keys.contains(tags::ReferencedSOPInstanceUIDInFile) ||
        !keys.contains(tags::ReferencedTransferSyntaxUIDInFile))
      findings.push_back(ref_finding("dicomdir.ref-uids-absent", Severity::kWarning, dir.path, "(0004,1510)",
                                     fmt::format("the {} record at offset {} references '{}' without all of "
                                                 "(0004,1510), (0004,1511), (0004,1512) (Type 1C)",
                                                 r.type, r.offset, id)));
    auto either = [&](dicom::Tag meta_tag, dicom::Tag ds_tag) {
      auto v = file->meta.get_string(meta_tag);
      return v ? v : file->dataset.get_string(ds_tag);
    };
    compare(r, keys, path, tags::ReferencedSOPClassUIDInFile, "sop-class-uid",
            either(tags::MediaStorageSOPClassUID, tags::SOPClassUID));
    compare(r, keys, path, tags::ReferencedSOPInstanceUIDInFile, "sop-instance-uid",
            either(tags::MediaStorageSOPInstanceUID, tags::SOPInstanceUID));
    std::optional<std::string_view> ts = file->meta.get_string(tags::TransferSyntaxUID);
    if (!ts && file->transfer_syntax) ts = file->transfer_syntax->uid;
    compare(r, keys, path, tags::ReferencedTransferSyntaxUIDInFile, "transfer-syntax-uid", ts);
    if (per_file) per_file(*file, findings);
  }
};

}  // namespace

base::Status check_file_id(const std::vector<std::string>& file_id, bool* lower_case) {
  auto refuse = [&](std::string why) {
    return Error{ErrorCode::kInvalidArgument, fmt::format("File ID '{}' refused: {}", joined(file_id), why)};
  };
  if (file_id.empty()) return refuse("it has no components");
  if (file_id.size() > kMaxComponents)
    return refuse(fmt::format("{} components, at most {} allowed (PS3.10 8.2)", file_id.size(), kMaxComponents));
  bool lower = false;
  for (const std::string& c : file_id) {
    if (c.empty()) return refuse("an empty component");
    if (c == ".." || c == ".") return refuse(fmt::format("a '{}' component would leave its directory", c));
    if (c.front() == '/') return refuse(fmt::format("component '{}' is an absolute path", c));
    if (c.find('/') != std::string::npos) return refuse(fmt::format("component '{}' contains '/'", c));
    if (c.size() > kMaxComponentLength)
      return refuse(fmt::format("component '{}' has {} characters, at most {} allowed (PS3.10 8.2)", c, c.size(),
                                kMaxComponentLength));
    for (char ch : c) {
      if ((ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_') continue;
      if (ch >= 'a' && ch <= 'z') {
        lower = true;
        continue;
      }
      return refuse(fmt::format("component '{}' has the character 0x{:02X}; only A-Z 0-9 _ are allowed (PS3.10 8.2)",
                                c, static_cast<unsigned char>(ch)));
    }
  }
  if (lower_case) *lower_case = lower;
  return {};
}

base::Result<std::string> resolve_file_id(const std::string& root, const std::vector<std::string>& file_id) {
  DISCUS_CHECK(check_file_id(file_id));
  const auto root_real = real_path(root);
  if (!root_real)
    return Error{ErrorCode::kNotFound, fmt::format("file-set root '{}': {}", root, std::strerror(errno))};
  std::string current = *root_real;
  for (std::size_t i = 0; i < file_id.size(); ++i) {
    const bool last = i + 1 == file_id.size();
    DISCUS_TRY(const std::string name, find_entry(current, file_id[i]));
    std::string next = current + (current.ends_with('/') ? "" : "/") + name;
    struct stat st{};
    if (::lstat(next.c_str(), &st) != 0)
      return Error{ErrorCode::kIo, fmt::format("'{}': {}", next, std::strerror(errno))};
    if (S_ISLNK(st.st_mode)) {
      const auto target = real_path(next);
      if (!target) return Error{ErrorCode::kNotFound, fmt::format("'{}' is a dangling symbolic link", next)};
      if (!inside(*root_real, *target))
        return Error{ErrorCode::kInvalidArgument,
                     fmt::format("File ID '{}' refused: '{}' is a symbolic link leading out of the file-set root to "
                                 "'{}'",
                                 joined(file_id), next, *target)};
      next = *target;
      if (::stat(next.c_str(), &st) != 0)
        return Error{ErrorCode::kIo, fmt::format("'{}': {}", next, std::strerror(errno))};
    }
    if (!last && !S_ISDIR(st.st_mode))
      return Error{ErrorCode::kNotFound, fmt::format("'{}' is not a directory", next)};
    if (last && !S_ISREG(st.st_mode))
      return Error{ErrorCode::kNotFound, fmt::format("'{}' is not a regular file", next)};
    current = std::move(next);
  }
  return current;
}

std::vector<Finding> check_references(const Dicomdir& dir, const std::string& root, const FileCheck& per_file) {
  Checker checker{dir, root, per_file, {}, {}};
  for (const DirectoryRecord& r : dir.roots) checker.check(r);
  return std::move(checker.findings);
}

}  // namespace discus::media::dicomdir
