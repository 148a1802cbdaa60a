// Durable outputs (see durable.h).
#include "media/secure/durable.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace discus::media::secure {

using base::Error;
using base::ErrorCode;

base::Status sync_directory(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Error{ErrorCode::kIo, std::string("cannot open the directory to sync it: ") + std::strerror(errno)}.in_file(dir);
  const int rc = ::fsync(fd);
  const int err = errno;
  ::close(fd);
  // Some file systems cannot sync directories (EINVAL): the data is synced, nothing more to do.
  if (rc != 0 && err != EINVAL) return Error{ErrorCode::kIo, std::string("fsync of the directory failed: ") + std::strerror(err)}.in_file(dir);
  return {};
}

base::Status commit_output(base::AtomicOutputFile& out, bool sync, bool sync_dir) {
  DISCUS_CHECK(out.commit(sync));
  if (!sync || !sync_dir) return {};
  const std::filesystem::path parent = std::filesystem::path(out.path()).parent_path();
  return sync_directory(parent.empty() ? "." : parent.string());
}

}  // namespace discus::media::secure
