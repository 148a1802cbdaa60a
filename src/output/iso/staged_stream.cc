#include "output/iso/staged_stream.h"

#define LIBISOFS_WITHOUT_LIBBURN 1
#include <libisofs/libisofs.h>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <algorithm>
#include <cstring>
#include <memory>

#include <fmt/format.h>

namespace discus::output::iso {
namespace {

constexpr std::size_t kReadAhead = 1u << 20;
constexpr unsigned int kStagedFsId = 0x44534346u;  // "DSCF": our streams' file-system id

// libisofs.h hides the body of struct iso_stream from C++ (a member is named `class`); this is
// its layout (class pointer, reference count, data), which libisofs documents as public ABI.
struct StreamLayout {
  IsoStreamIface* iface;
  int refcount;
  void* data;
};

struct StagedFile {
  IsoStreamIface iface{};  // each stream carries its own method table: no shared mutable state
  std::string path;
  off_t size = 0;
  dev_t dev = 0;
  ino_t ino = 0;
  int fd = -1;
  // Not a vector: a vector would zero its 1 MiB on every open, which over a 1,400-file set was
  // 1.4 GB of memset on libisofs' writer thread for bytes that read(2) overwrites anyway.
  std::unique_ptr<std::uint8_t[]> buffer;
  std::size_t capacity = 0, pos = 0, len = 0;
};

StagedFile* staged(IsoStream* s) { return static_cast<StagedFile*>(reinterpret_cast<StreamLayout*>(s)->data); }

int staged_open(IsoStream* s) noexcept {
  StagedFile* f = staged(s);
  if (f->fd >= 0) return static_cast<int>(ISO_FILE_ALREADY_OPENED);
  f->fd = ::open(f->path.c_str(), O_RDONLY | O_CLOEXEC);
  if (f->fd < 0) return static_cast<int>(ISO_FILE_ERROR);
  try {
    // A file smaller than the read-ahead needs no more than itself (plus one byte to see the end).
    f->capacity = static_cast<std::size_t>(std::min<off_t>(f->size + 1, static_cast<off_t>(kReadAhead)));
    f->buffer.reset(new std::uint8_t[f->capacity]);
  } catch (...) {
    ::close(f->fd);
    f->fd = -1;
    return static_cast<int>(ISO_OUT_OF_MEM);
  }
  f->pos = f->len = 0;
  return 1;
}

int staged_close(IsoStream* s) noexcept {
  StagedFile* f = staged(s);
  if (f->fd < 0) return static_cast<int>(ISO_FILE_NOT_OPENED);
  ::close(f->fd);
  f->fd = -1;
  f->buffer.reset();
  f->capacity = 0;
  return 1;
}

off_t staged_size(IsoStream* s) noexcept { return staged(s)->size; }

int staged_read(IsoStream* s, void* out, std::size_t count) noexcept {
  StagedFile* f = staged(s);
  if (f->fd < 0) return static_cast<int>(ISO_FILE_NOT_OPENED);
  auto* dst = static_cast<std::uint8_t*>(out);
  std::size_t done = 0;
  while (done < count) {
    if (f->pos == f->len) {
      ssize_t n;
      do n = ::read(f->fd, f->buffer.get(), f->capacity);
      while (n < 0 && errno == EINTR);
      if (n < 0) return static_cast<int>(ISO_FILE_READ_ERROR);
      if (n == 0) break;  // end of file: only the last request may come back short
      f->pos = 0;
      f->len = static_cast<std::size_t>(n);
    }
    const std::size_t take = std::min(count - done, f->len - f->pos);
    std::memcpy(dst + done, f->buffer.get() + f->pos, take);
    f->pos += take;
    done += take;
  }
  return static_cast<int>(done);
}

int staged_repeatable(IsoStream*) noexcept { return 1; }

void staged_id(IsoStream* s, unsigned int* fs_id, dev_t* dev_id, ino_t* ino_id) noexcept {
  const StagedFile* f = staged(s);
  *fs_id = kStagedFsId;
  *dev_id = f->dev;
  *ino_id = f->ino;
}

void staged_free(IsoStream* s) noexcept {
  StagedFile* f = staged(s);
  if (f->fd >= 0) ::close(f->fd);
  delete f;
}

}  // namespace

base::Status new_staged_stream(const std::string& path, const struct stat& st, iso_stream** out) {
  auto* layout = static_cast<StreamLayout*>(std::calloc(1, sizeof(StreamLayout)));
  if (!layout) return base::Error{base::ErrorCode::kIo, "out of memory"}.in_file(path);
  auto* f = new StagedFile;
  f->iface.version = 0;
  std::memcpy(f->iface.type, "dscf", 4);
  f->iface.open = staged_open;
  f->iface.close = staged_close;
  f->iface.get_size = staged_size;
  f->iface.read = staged_read;
  f->iface.is_repeatable = staged_repeatable;
  f->iface.get_id = staged_id;
  f->iface.free = staged_free;
  f->path = path;
  f->size = st.st_size;
  f->dev = st.st_dev;
  f->ino = st.st_ino;
  layout->iface = &f->iface;
  layout->refcount = 1;
  layout->data = f;
  *out = reinterpret_cast<iso_stream*>(layout);
  return {};
}

}  // namespace discus::output::iso
