#include "output/robot/spool.h"

#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <sstream>
#include <vector>

#include <fmt/format.h>

#include "base/sha256.h"

namespace discus::output::robot {

using base::Error;
using base::ErrorCode;
using base::Result;
using base::Status;

namespace {


std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

Error os_error(const std::string& what, const fs::path& path) {
  return Error{ErrorCode::kIo, fmt::format("{} {}: {}", what, path.string(), std::strerror(errno))}.in_file(path.string());
}

Status sync_folder(const fs::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return os_error("cannot open folder", dir);
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return os_error("cannot sync folder", dir);
  return {};
}

// Writes `text` to `dir/.name.tmp`, syncs, renames onto dir/name, syncs the folder.
Status write_atomic(const fs::path& dir, const std::string& name, std::string_view text, bool sync) {
  const fs::path temp = dir / ("." + name + ".discus-tmp");
  const fs::path target = dir / name;
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return os_error("cannot create", temp);
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      Error e = os_error("cannot write", temp);
      ::close(fd);
      ::unlink(temp.c_str());
      return e;
    }
    done += static_cast<std::size_t>(n);
  }
  if (sync && ::fsync(fd) != 0) {
    Error e = os_error("cannot sync", temp);
    ::close(fd);
    ::unlink(temp.c_str());
    return e;
  }
  ::close(fd);
  if (::rename(temp.c_str(), target.c_str()) != 0) {
    Error e = os_error("cannot rename into place", target);
    ::unlink(temp.c_str());
    return e;
  }
  return sync ? sync_folder(dir) : Status{};
}

Result<std::string> place_file(const fs::path& from, const fs::path& to) {
  if (::link(from.c_str(), to.c_str()) == 0) return std::string("link");
  if (errno == EEXIST) return Error{ErrorCode::kConflict, fmt::format("{} exists already", to.string())};
  const int in = ::open(from.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0) return os_error("cannot open", from);
  const int out = ::open(to.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (out < 0) {
    Error e = os_error("cannot create", to);
    ::close(in);
    return e;
  }
  std::string how = "reflink";
  if (::ioctl(out, FICLONE, in) != 0) {
    how = "copy";
    // In the kernel where it can (copy_file_range), as cp does; through a buffer where the
    // kernel cannot copy between these file systems (EXDEV, EINVAL, ENOSYS, EOPNOTSUPP).
    bool kernel = true;
    std::vector<char> buffer;
    for (;;) {
      ssize_t n;
      if (kernel) {
        n = ::copy_file_range(in, nullptr, out, nullptr, 1 << 30, 0);
        if (n < 0 && (errno == EXDEV || errno == EINVAL || errno == ENOSYS || errno == EOPNOTSUPP)) {
          kernel = false;
          buffer.resize(1 << 20);
          continue;
        }
      } else {
        n = ::read(in, buffer.data(), buffer.size());
        for (ssize_t done = 0; n > 0 && done < n;) {
          const ssize_t w = ::write(out, buffer.data() + done, static_cast<std::size_t>(n - done));
          if (w < 0 && errno == EINTR) continue;
          if (w < 0) {
            n = -1;
            break;
          }
          done += w;
        }
      }
      if (n == 0) break;
      if (n < 0) {
        if (errno == EINTR) continue;
        Error e = os_error("cannot copy to", to);
        ::close(in);
        ::close(out);
        ::unlink(to.c_str());
        return e;
      }
    }
  }
  ::close(in);
  ::close(out);
  return how;
}

}  // namespace

std::string job_name(std::string_view station, std::int64_t job, int copy, int attempt) {
  std::string s;
  for (char c : station)
    if (std::isalnum(static_cast<unsigned char>(c))) s += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const std::string tail = fmt::format("-J{}-C{}-A{}", job, copy, attempt);
  // PTBurn's JobID holds 32 characters: "DISCUS-" + station + tail must fit.
  if (s.empty() || 7 + s.size() + tail.size() > 32) s = base::sha256_hex({reinterpret_cast<const std::uint8_t*>(station.data()), station.size()}).substr(0, 6);
  return "DISCUS-" + s + tail;
}

std::optional<JobNameParts> parse_job_name(std::string_view name) {
  if (!name.starts_with("DISCUS-")) return std::nullopt;
  const auto j = name.rfind("-J");
  if (j == std::string_view::npos) return std::nullopt;
  JobNameParts p;
  const char* c = name.data() + j + 2;
  const char* end = name.data() + name.size();
  auto r = std::from_chars(c, end, p.job);
  if (r.ec != std::errc() || r.ptr + 2 > end || r.ptr[0] != '-' || r.ptr[1] != 'C') return std::nullopt;
  r = std::from_chars(r.ptr + 2, end, p.copy);
  if (r.ec != std::errc() || r.ptr + 2 > end || r.ptr[0] != '-' || r.ptr[1] != 'A') return std::nullopt;
  r = std::from_chars(r.ptr + 2, end, p.attempt);
  if (r.ec != std::errc() || r.ptr != end) return std::nullopt;
  return p;
}

std::string PathMap::translate(const fs::path& local) const {
  const std::string path = local.lexically_normal().string();
  if (local_prefix.empty()) return path;
  std::string prefix = fs::path(local_prefix).lexically_normal().string();
  while (prefix.size() > 1 && prefix.back() == '/') prefix.pop_back();
  if (path != prefix && !path.starts_with(prefix + "/")) return path;
  std::string rest = path.substr(prefix.size());
  std::replace(rest.begin(), rest.end(), '/', '\\');
  std::string share = share_prefix;
  while (!share.empty() && (share.back() == '\\' || share.back() == '/')) share.pop_back();
  return share + rest;
}

Status write_job_file(const fs::path& dir, const std::string& name, std::string_view text) {
  std::string crlf;
  crlf.reserve(text.size() + text.size() / 16);
  for (char c : text) {
    if (c == '\n' && (crlf.empty() || crlf.back() != '\r')) crlf += '\r';
    crlf += c;
  }
  return write_atomic(dir, name, crlf, true);
}

Status write_text_atomic(const fs::path& file, std::string_view text) {
  return write_atomic(file.parent_path(), file.filename().string(), text, false);
}

std::string extension_of(const fs::path& file) {
  std::string e = file.extension().string();
  if (!e.empty()) e.erase(0, 1);
  for (char& c : e) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return e;
}

std::optional<fs::path> find_job_file(const fs::path& dir, std::string_view base, std::vector<std::string_view> only) {
  std::error_code ec;
  const std::string want = lower(base);
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.starts_with(".")) continue;  // our temporaries
    if (lower(it->path().stem().string()) != want || !it->is_regular_file(ec)) continue;
    if (!only.empty() && std::find(only.begin(), only.end(), extension_of(it->path())) == only.end()) continue;
    return it->path();
  }
  return std::nullopt;
}

Result<std::string> place(const fs::path& from, const fs::path& to) {
  std::error_code ec;
  if (!fs::is_directory(from, ec)) return place_file(from, to);
  std::string how = "link";
  fs::create_directories(to, ec);
  if (ec) return Error{ErrorCode::kIo, fmt::format("cannot create {}: {}", to.string(), ec.message())};
  for (fs::recursive_directory_iterator it(from, ec), end; !ec && it != end; it.increment(ec)) {
    const fs::path rel = fs::relative(it->path(), from);
    if (it->is_directory()) {
      fs::create_directories(to / rel, ec);
      if (ec) return Error{ErrorCode::kIo, fmt::format("cannot create {}: {}", (to / rel).string(), ec.message())};
    } else if (it->is_regular_file()) {
      auto h = place_file(it->path(), to / rel);
      if (!h) return h.error();
      if (*h != "link") how = *h;
    }
  }
  if (ec) return Error{ErrorCode::kIo, fmt::format("cannot list {}: {}", from.string(), ec.message())};
  return how;
}

const std::string* Ini::find(std::string_view section, std::string_view key) const {
  auto s = sections.find(lower(section));
  if (s == sections.end()) return nullptr;
  auto k = s->second.find(lower(key));
  return k == s->second.end() ? nullptr : &k->second;
}

std::string Ini::get(std::string_view section, std::string_view key, std::string_view fallback) const {
  const std::string* v = find(section, key);
  return v ? *v : std::string(fallback);
}

int Ini::get_int(std::string_view section, std::string_view key, int fallback) const {
  const std::string* v = find(section, key);
  return v ? to_int(*v, fallback) : fallback;
}

bool Ini::has(std::string_view section) const { return sections.count(lower(section)) != 0; }

Ini parse_ini(std::string_view text) {
  Ini ini;
  std::string section;
  while (!text.empty()) {
    const auto nl = text.find('\n');
    std::string_view line = trim(text.substr(0, nl));
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    if (line.empty() || line.front() == ';' || line.front() == '#') continue;
    if (line.front() == '[') {
      const auto close = line.find(']');
      if (close == std::string_view::npos) continue;  // a partly written header
      section = lower(trim(line.substr(1, close - 1)));
      ini.sections[section];
      continue;
    }
    const auto eq = line.find('=');
    if (eq == std::string_view::npos) continue;
    ini.sections[section][lower(trim(line.substr(0, eq)))] = std::string(trim(line.substr(eq + 1)));
  }
  return ini;
}

std::vector<std::pair<std::string, std::string>> parse_lines(std::string_view text, bool tolerant) {
  std::vector<std::pair<std::string, std::string>> out;
  while (!text.empty()) {
    const auto nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#' || line.front() == ';') continue;
    const auto eq = line.find('=');
    if (eq == std::string_view::npos) continue;
    std::string_view key = line.substr(0, eq), value = line.substr(eq + 1);
    if (tolerant) {
      key = trim(key);
      value = trim(value);
    } else if (key.empty() || key.front() == ' ' || key.back() == ' ' || key.front() == '\t' || key.back() == '\t') {
      continue;  // TD Bridge: spaces around a key name make it invalid
    }
    out.emplace_back(std::string(key), std::string(value));
  }
  return out;
}

Result<std::string> read_text(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return Error{ErrorCode::kNotFound, fmt::format("cannot read {}: {}", file.string(), std::strerror(errno))}.in_file(file.string());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

Ini read_ini(const fs::path& file) {
  auto text = read_text(file);
  return text ? parse_ini(*text) : Ini{};
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

int to_int(std::string_view v, int fallback) {
  int out = 0;
  const auto r = std::from_chars(v.data(), v.data() + v.size(), out);
  return r.ec == std::errc() ? out : fallback;
}

}  // namespace discus::output::robot
