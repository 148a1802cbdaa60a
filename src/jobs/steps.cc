#include "jobs/steps.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <vector>

#include <fmt/format.h>

#include "app/author.h"
#include "app/burn.h"
#include "app/verify.h"

namespace discus::jobs::steps {

using base::Error;
using base::ErrorCode;

namespace {

constexpr const char* kStagedMarker = "STAGED";  // written last: staging is complete

Error io_error(const fs::path& path, std::string_view what) {
  return Error{ErrorCode::kIo, fmt::format("{} {}: {}", what, path.string(), std::strerror(errno))};
}

// A file closed only after its bytes are on disk.
base::Status write_synced(const fs::path& path, std::string_view text) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return io_error(path, "cannot create");
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
  if (!ok) {
    Error e = io_error(path, "cannot write");
    ::close(fd);
    return e;
  }
  if (::close(fd) != 0) return io_error(path, "cannot close");
  return {};
}

std::string tray_name(const std::string& drive) {
  std::string out;
  for (char c : drive) out += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.') ? c : '_';
  return out;
}

}  // namespace

base::Status sync_dir(const fs::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return io_error(dir, "cannot open folder");
  const int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return io_error(dir, "cannot fsync folder");
  return {};
}

fs::path staging_dir(const fs::path& state_dir, JobId job) { return fs::path(app::job_staging_dir(state_dir.string(), job)); }

base::Result<Staged> stage(const Job& job, const app::Context& context, const fs::path& state_dir, bool image,
                           app::Progress& progress, app::CancelToken& cancel, const PasswordSource& password) {
  Staged s{staging_dir(state_dir, job.id), {}, {}};
  s.fileset = s.dir / "fileset";
  if (image) s.image = s.dir / "image.iso";
  std::error_code ec;
  if (fs::exists(s.dir / kStagedMarker, ec) && fs::is_directory(s.fileset, ec) && (!image || fs::exists(s.image, ec)))
    return s;  // staged before a restart: the same file-set serves the remaining copies
  const AuthorMedium& a = job.spec.author;
  std::optional<media::secure::SecureOptions> secure;
  if (!a.encryption_password_from.empty()) {
    // PS3.15 D.1: an RFC 3211 password recipient. Asked before anything is removed or written.
    if (!password) return Error{ErrorCode::kInvalidArgument, "an encrypted medium needs its password, and none was given"};
    DISCUS_TRY(media::secure::Secret pw, password());
    secure.emplace();
    secure->password = std::move(pw);
    secure->threads = context.threads;
  }
  fs::remove_all(s.dir, ec);  // a staging the last run left half made
  if (ec) return Error{ErrorCode::kIo, fmt::format("cannot remove {}: {}", s.dir.string(), ec.message())};
  fs::create_directories(s.dir, ec);
  if (ec) return Error{ErrorCode::kIo, fmt::format("cannot create {}: {}", s.dir.string(), ec.message())};
  fs::permissions(s.dir, fs::perms::owner_all, ec);  // PHI: private to the service

  app::AuthorOptions o;
  o.profile_id = a.profile;
  o.secure = std::move(secure);
  o.fileset.inputs = a.inputs;
  o.fileset.fileset_id = a.fileset_id;
  o.viewer = a.include_display_application;  // PS3.4 S.3.2.1.1.8: NO means no viewer on the medium
  o.fileset.out_dir = s.fileset.string();
  o.fileset.threads = context.threads;
  o.media.iso = image ? s.image.string() : std::string();
  o.media.verify = false;  // every copy written from it is read back instead
  DISCUS_TRY(app::AuthorResult r, app::author(o, context, progress, cancel));
  if (!r.fileset.complete() || r.media_skipped) {
    std::size_t left = 0;
    for (const auto& f : r.fileset.files)
      if (f.outcome == media::author::Outcome::kExcluded || f.outcome == media::author::Outcome::kUnreadable ||
          f.outcome == media::author::Outcome::kConflict)
        ++left;
    return Error{ErrorCode::kInvalidArgument,
                 fmt::format("{} DICOM input(s) could not go on the file-set (excluded, unreadable or in conflict); a "
                             "medium that silently lacks some of the patient's images is worse than none",
                             left)};
  }
  if (r.fileset.instances == 0) return Error{ErrorCode::kInvalidArgument, "the inputs hold no DICOM instance"};
  DISCUS_CHECK(write_synced(s.dir / kStagedMarker, fmt::format("job {}\n", job.id)));
  DISCUS_CHECK(sync_dir(s.dir));
  return s;
}

base::Status purge_staging(const fs::path& state_dir, const Job& job, const app::PurgeAudit& audit) {
  app::PurgeRequest r;
  r.staging = staging_dir(state_dir, job.id).string();
  r.inputs = job.spec.author.inputs;
  r.preserve = job.spec.author.preserve_composite_instances;
  DISCUS_TRY(app::PurgeReport report, app::purge_after_verified_burn(r, audit));
  (void)report;
  std::error_code ec;
  if (fs::exists(staging_dir(state_dir, job.id).parent_path(), ec)) return sync_dir(staging_dir(state_dir, job.id).parent_path());
  return {};
}

fs::path image_copy_path(const fs::path& dir, JobId job, int n) { return dir / fmt::format("{}-{}.iso", job, n); }

base::Status write_image_copy(const fs::path& image, const fs::path& target, bool move, app::CancelToken& cancel) {
  std::error_code ec;
  fs::create_directories(target.parent_path(), ec);
  if (move) {
    if (::rename(image.c_str(), target.c_str()) == 0) {
      DISCUS_CHECK(sync_dir(image.parent_path()));
      return sync_dir(target.parent_path());
    }
    if (errno != EXDEV) return io_error(target, "cannot move the image into place");
  }
  const fs::path tmp = target.parent_path() / ("." + target.filename().string() + ".partial");
  const int in = ::open(image.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0) return io_error(image, "cannot open");
  const int out = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (out < 0) {
    Error e = io_error(tmp, "cannot create");
    ::close(in);
    return e;
  }
  auto fail = [&](Error e) -> base::Status {
    ::close(in);
    ::close(out);
    ::unlink(tmp.c_str());
    return e;
  };
  // In the kernel (copy_file_range, reflinks where the file system has them), 64 MiB at a time
  // so a cancel is seen between chunks.
  for (;;) {
    if (cancel.requested()) return fail(app::cancelled("while copying the image"));
    ssize_t n = ::copy_file_range(in, nullptr, out, nullptr, 64u << 20, 0);
    if (n < 0 && (errno == EXDEV || errno == ENOSYS || errno == EOPNOTSUPP || errno == EINVAL)) {
      static thread_local std::vector<char> buffer(1u << 20);  // another file system: plain copy
      n = ::read(in, buffer.data(), buffer.size());
      if (n > 0 && ::write(out, buffer.data(), static_cast<std::size_t>(n)) != n) n = -1;
    }
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail(io_error(target, "cannot write"));
    }
  }
  if (::fsync(out) != 0) return fail(io_error(tmp, "cannot fsync"));
  ::close(in);
  if (::close(out) != 0) return io_error(tmp, "cannot close");
  if (::rename(tmp.c_str(), target.c_str()) != 0) return io_error(target, "cannot rename into place");
  return sync_dir(target.parent_path());
}

base::Status burn(const std::string& drive, const fs::path& fileset, const app::Context& context,
                  app::Progress& progress, app::CancelToken& cancel) {
  app::BurnOptions o;
  o.drive = drive;
  o.fileset_dir = fileset.string();
  o.verify = false;  // the read-back is its own recorded step
  DISCUS_TRY(app::BurnResult r, app::burn(o, context, progress, cancel));
  (void)r;
  return {};
}

base::Result<output::VerifyReport> read_back(const std::string& target, bool drive, const app::Context& context,
                                             app::Progress& progress, app::CancelToken& cancel) {
  app::VerifyOptions o;
  o.kind = drive ? app::MediumKind::kDrive : app::MediumKind::kIso;
  o.target = target;
  return app::verify(o, context, progress, cancel);
}

bool is_stdio(const std::string& drive) { return drive.starts_with("stdio:"); }
fs::path stdio_file(const std::string& drive) { return fs::path(drive.substr(6)); }

fs::path ejected_path(const std::string& drive, JobId job, int n, int attempt) {
  const fs::path file = stdio_file(drive);
  return file.parent_path() / (file.filename().string() + ".ejected") / fmt::format("{}-{}-{}.iso", job, n, attempt);
}

base::Result<bool> eject_stdio(const std::string& drive, const fs::path& to) {
  const fs::path file = stdio_file(drive);
  std::error_code ec;
  if (!fs::exists(file, ec)) return false;  // no disc in the tray: nothing was ever written
  fs::create_directories(to.parent_path(), ec);
  if (ec) return Error{ErrorCode::kIo, fmt::format("cannot create {}: {}", to.parent_path().string(), ec.message())};
  // The image's own bytes first (libburn may leave them in the page cache), then the rename.
  if (const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC); fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
  if (::rename(file.c_str(), to.c_str()) != 0) return io_error(file, "cannot eject (rename)");
  DISCUS_CHECK(sync_dir(to.parent_path()));
  DISCUS_CHECK(sync_dir(file.parent_path()));
  return true;
}

base::Status write_tray(const fs::path& state_dir, const std::string& drive, const Tray& tray) {
  const fs::path dir = state_dir / "trays";
  std::error_code ec;
  fs::create_directories(dir, ec);
  const fs::path file = dir / tray_name(drive), tmp = dir / (tray_name(drive) + ".tmp");
  DISCUS_CHECK(write_synced(tmp, fmt::format("{} {} {}\n", tray.job, tray.n, tray.attempt)));
  if (::rename(tmp.c_str(), file.c_str()) != 0) return io_error(file, "cannot record the tray");
  return sync_dir(dir);
}

std::optional<Tray> read_tray(const fs::path& state_dir, const std::string& drive) {
  std::ifstream in(state_dir / "trays" / tray_name(drive));
  Tray t;
  if (!(in >> t.job >> t.n >> t.attempt)) return std::nullopt;
  return t;
}

base::Status clear_tray(const fs::path& state_dir, const std::string& drive) {
  const fs::path dir = state_dir / "trays";
  std::error_code ec;
  if (!fs::remove(dir / tray_name(drive), ec) || ec) return {};
  return sync_dir(dir);
}

}  // namespace discus::jobs::steps
