#include "output/iso/iso_reader.h"

#define LIBISOFS_WITHOUT_LIBBURN 1
#include <libisofs/libisofs.h>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <vector>

#include <fmt/format.h>

#include "output/iso/iso_library.h"

namespace discus::output::iso {
using base::Error;
using base::ErrorCode;

namespace {

constexpr std::size_t kChunk = 1u << 20;

// An IsoDataSource whose blocks come from a BlockReader (C callbacks: noexcept, no throw).
struct BlockSourceData {
  BlockReader blocks;
  std::string last_error;
};

int source_open(IsoDataSource*) noexcept { return 1; }
int source_close(IsoDataSource*) noexcept { return 1; }
int source_read_block(IsoDataSource* src, uint32_t lba, uint8_t* buffer) noexcept {
  auto* data = static_cast<BlockSourceData*>(src->data);
  try {
    base::Status st = data->blocks(lba, std::span<std::uint8_t, 2048>(buffer, 2048));
    if (st) return 1;
    data->last_error = st.error().describe();
  } catch (...) {
    data->last_error = fmt::format("block {} could not be read", lba);
  }
  return static_cast<int>(ISO_DATA_SOURCE_FAILURE);
}
void source_free(IsoDataSource* src) noexcept { delete static_cast<BlockSourceData*>(src->data); }

IsoDataSource* new_block_source(BlockReader blocks) {
  auto* src = static_cast<IsoDataSource*>(std::calloc(1, sizeof(IsoDataSource)));
  if (!src) return nullptr;
  src->version = 0;
  src->refcount = 1;
  src->open = source_open;
  src->close = source_close;
  src->read_block = source_read_block;
  src->free_data = source_free;
  src->data = new BlockSourceData{std::move(blocks), {}};
  return src;
}

class LibisofsReader final : public IsoMediumReader {
 public:
  LibisofsReader(IsoLibrary lib, std::string what) : lib_(std::move(lib)), what_(std::move(what)) {}
  ~LibisofsReader() override {
    if (image_) iso_image_unref(image_);
    if (image_fd_ >= 0) ::close(image_fd_);
  }

  // For an image file: file contents are then read straight from their extents (below).
  void read_extents_from(int fd) { image_fd_ = fd; }

  // Takes over one reference to `src`.
  base::Status import(IsoDataSource* src, std::uint32_t start_block = 0) {
    if (!src) return Error{ErrorCode::kIo, "cannot set up the image source"}.in_file(what_);
    IsoReadOpts* opts = nullptr;
    int rc = iso_image_new("", &image_);
    if (rc >= 0) rc = iso_read_opts_new(&opts, 0);
    if (rc >= 0) rc = iso_read_opts_set_start_block(opts, start_block);
    if (rc >= 0) rc = iso_image_import(image_, src, opts, nullptr);
    if (opts) iso_read_opts_free(opts);
    std::string detail;
    if (rc < 0 && src->read_block == source_read_block) detail = static_cast<BlockSourceData*>(src->data)->last_error;
    iso_data_source_unref(src);
    if (rc < 0)
      return Error{ErrorCode::kIo, fmt::format("not a readable ISO 9660 medium: {}{}", iso_error_text(rc),
                                               detail.empty() ? "" : "; " + detail)}
          .in_file(what_);
    collect(iso_image_get_root(image_), "");
    return {};
  }

  base::Result<std::vector<MediumFile>> list_files() const override {
    std::vector<MediumFile> files;
    for (const auto& [path, file] : files_) files.push_back({path, static_cast<std::uint64_t>(iso_file_get_size(file))});
    return files;
  }

  base::Status read_file(const std::string& path, const std::function<base::Status(base::ByteView)>& sink) const override {
    auto it = files_.find(path);
    if (it == files_.end()) return Error{ErrorCode::kNotFound, fmt::format("'{}' is not on {}", path, what_)};
    if (image_fd_ >= 0) {
      int count = 0;
      iso_file_section* sections = nullptr;
      if (iso_file_get_old_image_sections(it->second, &count, &sections, 0) == 1) {
        std::unique_ptr<iso_file_section, decltype(&std::free)> owned(sections, &std::free);
        return read_extents(path, std::span<const iso_file_section>(sections, static_cast<std::size_t>(count)), sink);
      }
    }
    IsoStream* stream = iso_file_get_stream(it->second);
    if (int rc = iso_stream_open(stream); rc < 0)
      return Error{ErrorCode::kIo, fmt::format("cannot open '{}': {}", path, iso_error_text(rc))}.in_file(what_);
    std::vector<std::uint8_t> buf(kChunk);
    base::Status status;
    std::uint64_t offset = 0;
    for (;;) {
      const int n = iso_stream_read(stream, buf.data(), buf.size());
      if (n < 0) {
        status = Error{ErrorCode::kIo, fmt::format("reading '{}' failed: {}", path, iso_error_text(n))}.in_file(what_).at_offset(offset);
        break;
      }
      if (n == 0) break;
      offset += static_cast<std::uint64_t>(n);
      status = sink(base::ByteView(buf.data(), static_cast<std::size_t>(n)));
      if (!status) break;
    }
    iso_stream_close(stream);
    return status;
  }

  std::string describe() const override { return what_; }
  // Extent reads use pread on one descriptor; libisofs' streams (a drive's blocks) do not share.
  bool concurrent_reads() const override { return image_fd_ >= 0; }

  std::string volume_id() const override {
    std::string id = iso_image_get_volume_id(image_) ? iso_image_get_volume_id(image_) : "";
    while (!id.empty() && id.back() == ' ') id.pop_back();
    return id;
  }

 private:
  // The extents the file's directory record names (ISO 9660 9.1.4, 6.5), read with large
  // pread(2)s: libisofs' own file streams fetch one 2048-byte block per lseek + read, which for a
  // 1 GB image was over a million system calls and most of the verification time.
  base::Status read_extents(const std::string& path, std::span<const iso_file_section> sections,
                            const std::function<base::Status(base::ByteView)>& sink) const {
    std::uint64_t total = 0;
    for (const iso_file_section& s : sections) total += s.size;
    const std::size_t capacity = static_cast<std::size_t>(std::min<std::uint64_t>(std::max<std::uint64_t>(total, 1), kChunk));
    std::unique_ptr<std::uint8_t[]> buf(new std::uint8_t[capacity]);  // not zeroed: pread fills it
    std::uint64_t offset = 0;
    for (const iso_file_section& s : sections) {
      std::uint64_t at = std::uint64_t{s.block} * 2048, left = s.size;
      while (left > 0) {
        const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(left, capacity));
        ssize_t n;
        do n = ::pread(image_fd_, buf.get(), want, static_cast<off_t>(at));
        while (n < 0 && errno == EINTR);
        if (n <= 0)
          return Error{ErrorCode::kIo, fmt::format("reading '{}' failed at block {}: {}", path, at / 2048,
                                                   n == 0 ? "the image ends inside the file" : std::strerror(errno))}
              .in_file(what_)
              .at_offset(offset);
        DISCUS_CHECK(sink(base::ByteView(buf.get(), static_cast<std::size_t>(n))));
        at += static_cast<std::uint64_t>(n), left -= static_cast<std::uint64_t>(n), offset += static_cast<std::uint64_t>(n);
      }
    }
    return {};
  }

  void collect(IsoDir* dir, const std::string& prefix) {
    IsoDirIter* iter = nullptr;
    if (iso_dir_get_children(dir, &iter) != 1) return;
    IsoNode* node = nullptr;
    while (iso_dir_iter_next(iter, &node) == 1) {
      const std::string path = prefix + iso_node_get_name(node);
      if (ISO_NODE_IS_DIR(node))
        collect(reinterpret_cast<IsoDir*>(node), path + "/");
      else if (ISO_NODE_IS_FILE(node))
        files_.emplace(path, reinterpret_cast<IsoFile*>(node));
    }
    iso_dir_iter_free(iter);
  }

  IsoLibrary lib_;
  std::string what_;
  IsoImage* image_ = nullptr;
  int image_fd_ = -1;
  std::map<std::string, IsoFile*> files_;  // nodes owned by image_
};

}  // namespace

base::Result<std::unique_ptr<IsoMediumReader>> IsoMediumReader::open_image(const std::string& iso_path) {
  DISCUS_TRY(IsoLibrary lib, IsoLibrary::open());
  IsoDataSource* src = nullptr;
  if (int rc = iso_data_source_new_from_file(iso_path.c_str(), &src); rc < 0)
    return Error{ErrorCode::kIo, fmt::format("cannot open: {}", iso_error_text(rc))}.in_file(iso_path);
  auto reader = std::make_unique<LibisofsReader>(std::move(lib), "ISO image " + iso_path);
  DISCUS_CHECK(reader->import(src));
  if (const int fd = ::open(iso_path.c_str(), O_RDONLY | O_CLOEXEC); fd >= 0) reader->read_extents_from(fd);
  return std::unique_ptr<IsoMediumReader>(std::move(reader));
}

base::Result<std::unique_ptr<IsoMediumReader>> IsoMediumReader::open_blocks(BlockReader blocks, std::string what,
                                                                            std::uint32_t start_block) {
  DISCUS_TRY(IsoLibrary lib, IsoLibrary::open());
  auto reader = std::make_unique<LibisofsReader>(std::move(lib), std::move(what));
  DISCUS_CHECK(reader->import(new_block_source(std::move(blocks)), start_block));
  return std::unique_ptr<IsoMediumReader>(std::move(reader));
}

}  // namespace discus::output::iso
