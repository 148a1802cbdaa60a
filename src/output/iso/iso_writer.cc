#include "output/iso/iso_writer.h"

#define LIBISOFS_WITHOUT_LIBBURN 1  // the burn_source declaration libisofs carries for us
#include <libisofs/libisofs.h>

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <system_error>
#include <vector>

#include <fmt/format.h>

#include "base/file.h"
#include "media/dicomdir/reader.h"
#include "media/profile/profile_registry.h"
#include "output/iso/iso_library.h"
#include "output/iso/staged_stream.h"

namespace discus::output::iso {
namespace fs = std::filesystem;
using base::Error;
using base::ErrorCode;

namespace {

constexpr unsigned kMaxDirectoryLevels = 8;           // ECMA-119 6.8.2.1, PS3.12 F.3.1: root = level 1
constexpr std::uint64_t kMaxLevel1FileBytes = 0xFFFFFFFFull;  // one extent (ECMA-119 9.1.4)
constexpr const char* kDefaultVolumeId = "DICOM";
constexpr std::size_t kFifoBlocks = 8192;             // 16 MiB between libisofs' writer thread and us
// What is read from libisofs and written at a time: small enough to stay in the L2 cache between
// the copy out of the ring and write(2)'s copy into the page cache (4 MiB measured ~15% slower).
constexpr std::size_t kOutputChunk = 256u << 10;
constexpr std::size_t kBlock = 2048;
constexpr std::uint32_t kTailBlocks = 150;

bool d_character(char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'; }

// Frees what libisofs' burn_source owns, as its declaration in libisofs.h prescribes.
void release(burn_source* src) {
  if (!src) return;
  src->free_data(src);
  std::free(src);
}

struct Tree {
  std::size_t files = 0, directories = 0;
};

class LibisofsStream final : public IsoImageStream {
 public:
  LibisofsStream(IsoLibrary lib) : lib_(std::move(lib)) {}
  ~LibisofsStream() override {
    if (src_ && remaining_ > 0) src_->cancel(src_);
    release(src_);
    if (image_) iso_image_unref(image_);
  }

  base::Status build(const std::string& dir, const IsoOptions& options) {
    DISCUS_TRY(std::string volume_id, volume_id_for(dir, options));
    plan_.volume_id = volume_id;
    int rc = iso_image_new(volume_id.c_str(), &image_);
    if (rc < 0) return Error{ErrorCode::kIo, "libisofs cannot create an image: " + iso_error_text(rc)};
    iso_image_set_system_id(image_, const_cast<char*>(""));  // PS3.12 F.3.1: spaces unless CD-i
    iso_tree_set_follow_symlinks(image_, 0);
    DISCUS_CHECK(add_directory(iso_image_get_root(image_), dir, 1));
    return generate(options);
  }

  const IsoPlan& plan() const override { return plan_; }

  base::Result<std::size_t> read(std::span<std::uint8_t> buffer) override {
    const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(buffer.size(), remaining_));
    if (want == 0) return std::size_t{0};
    // Never ask past the end: libisofs' ring buffer returns 0 (not a short count) at its end.
    const int n = src_->read_xt(src_, buffer.data(), static_cast<int>(want));
    if (n < 0 || static_cast<std::size_t>(n) != want)
      return Error{ErrorCode::kIo, fmt::format("libisofs stopped generating the image {} bytes before its end: {}",
                                               remaining_, iso_error_text(n < 0 ? n : 0))};
    remaining_ -= want;
    return want;
  }

  void cancel() override {
    if (src_ && remaining_ > 0) src_->cancel(src_);
    remaining_ = 0;
  }

 private:
  static base::Result<std::string> volume_id_for(const std::string& dir, const IsoOptions& options) {
    std::string id = options.volume_id;
    if (id.empty() && options.volume_id_from_dicomdir) {
      const std::string dicomdir = (fs::path(dir) / "DICOMDIR").string();
      std::error_code ec;
      if (fs::exists(dicomdir, ec)) {
        DISCUS_TRY(media::dicomdir::Dicomdir d, media::dicomdir::read_dicomdir(dicomdir));
        id = d.fileset_id;
      }
    }
    // File-set ID is type 2 and often empty; an empty volume identifier makes the disc show up as
    // a bare drive letter or "CD-ROM". "DICOM" is what a receiving clerk recognises.
    if (id.empty()) id = kDefaultVolumeId;
    if (id.size() > 32) return Error{ErrorCode::kInvalidArgument, fmt::format("volume identifier '{}' is longer than 32 characters", id)};
    for (char c : id)
      if (!d_character(c))
        return Error{ErrorCode::kInvalidArgument,
                     fmt::format("volume identifier '{}' has '{}'; ISO 9660 allows only A-Z 0-9 _ (d-characters)", id, c)};
    return id;
  }

  base::Status add_directory(IsoDir* parent, const fs::path& local, unsigned level) {
    std::error_code ec;
    std::vector<fs::directory_entry> entries;
    for (fs::directory_iterator it(local, ec), end; !ec && it != end; it.increment(ec)) entries.push_back(*it);
    if (ec) return Error{ErrorCode::kIo, fmt::format("cannot list '{}': {}", local.string(), ec.message())};
    std::sort(entries.begin(), entries.end());
    for (const fs::directory_entry& e : entries) {
      const std::string name = e.path().filename().string();
      const fs::file_status st = e.symlink_status(ec);
      if (ec) return Error{ErrorCode::kIo, fmt::format("cannot stat: {}", ec.message())}.in_file(e.path().string());
      const bool is_dir = fs::is_directory(st);
      if (!is_dir && !fs::is_regular_file(st))
        return Error{ErrorCode::kInvalidArgument, "only folders and regular files can go on the disc (a link or device "
                                                  "would not be portable)"}
            .in_file(e.path().string());
      if (std::string why = level1_problem(name, is_dir); !why.empty())
        return Error{ErrorCode::kInvalidArgument, fmt::format("'{}' is not an ISO 9660 Level 1 name as PS3.12 F.3.1 requires: {}",
                                                              name, why)}
            .in_file(e.path().string());
      if (is_dir) {
        if (level + 1 > kMaxDirectoryLevels)
          return Error{ErrorCode::kInvalidArgument, fmt::format("folder nested deeper than the {} levels ISO 9660 allows "
                                                                "(PS3.12 F.3.1)", kMaxDirectoryLevels)}
              .in_file(e.path().string());
        IsoDir* sub = nullptr;
        if (int rc = iso_tree_add_new_dir(parent, name.c_str(), &sub); rc < 0)
          return Error{ErrorCode::kIo, iso_error_text(rc)}.in_file(e.path().string());
        ++plan_.directories;
        DISCUS_CHECK(add_directory(sub, e.path(), level + 1));
        continue;
      }
      if (e.file_size(ec) > kMaxLevel1FileBytes)
        return Error{ErrorCode::kUnsupported, "a file of 4 GiB or more does not fit one ISO 9660 Level 1 extent"}.in_file(
            e.path().string());
      // Content stays in the file: libisofs streams it (staged_stream.h) when the image reaches it.
      struct stat info {};
      if (::stat(e.path().c_str(), &info) != 0)
        return Error{ErrorCode::kIo, fmt::format("cannot stat: {}", std::strerror(errno))}.in_file(e.path().string());
      IsoStream* stream = nullptr;
      DISCUS_CHECK(new_staged_stream(e.path().string(), info, &stream));
      IsoFile* file = nullptr;
      if (int rc = iso_tree_add_new_file(parent, name.c_str(), stream, &file); rc < 0) {
        iso_stream_unref(stream);
        return Error{ErrorCode::kIo, iso_error_text(rc)}.in_file(e.path().string());
      }
      // PS3.12 F.3.1: the Recording Date and Time is the file's creation (staging) time.
      IsoNode* node = reinterpret_cast<IsoNode*>(file);
      iso_node_set_mtime(node, info.st_mtime);
      iso_node_set_atime(node, info.st_atime);
      iso_node_set_ctime(node, info.st_ctime);
      iso_node_set_permissions(node, 0444);
      ++plan_.files;
    }
    return {};
  }

  base::Status generate(const IsoOptions& options) {
    IsoWriteOpts* opts = nullptr;
    if (int rc = iso_write_opts_new(&opts, 0); rc < 0) return Error{ErrorCode::kIo, iso_error_text(rc)};
    // Profile 0 is already Level 1 without extensions; said again so a libisofs default change
    // cannot change the disc.
    iso_write_opts_set_iso_level(opts, 1);
    iso_write_opts_set_rockridge(opts, 0);
    iso_write_opts_set_joliet(opts, 0);
    iso_write_opts_set_iso1999(opts, 0);
    iso_write_opts_set_omit_version_numbers(opts, 0);  // "DICOMDIR.;1" (PS3.12 F.3.1)
    iso_write_opts_set_fifo_size(opts, kFifoBlocks);
    // 300 KiB of zeros after the file system, as mkisofs and xorriso pad: a CD written TAO has
    // unreadable run-out blocks that read-ahead would otherwise hit inside the last file.
    iso_write_opts_set_tail_blocks(opts, kTailBlocks);
    const int rc = iso_image_create_burn_source(image_, opts, &src_);
    iso_write_opts_free(opts);
    if (rc < 0) return Error{ErrorCode::kIo, "libisofs cannot lay out the image: " + iso_error_text(rc)};
    plan_.image_bytes = static_cast<std::uint64_t>(src_->get_size(src_));
    remaining_ = plan_.image_bytes;
    if (options.capacity_bytes != 0 && plan_.image_bytes > options.capacity_bytes) {
      cancel();
      return Error{ErrorCode::kLimitExceeded,
                   fmt::format("the image needs {} bytes ({} sectors) but a {} holds {} bytes; nothing was written "
                               "(span the studies over several media with `discus span`)",
                               plan_.image_bytes, plan_.image_bytes / kBlock, options.medium_name, options.capacity_bytes)};
    }
    return {};
  }

  IsoLibrary lib_;
  IsoImage* image_ = nullptr;
  burn_source* src_ = nullptr;
  IsoPlan plan_;
  std::uint64_t remaining_ = 0;
};

}  // namespace

std::string level1_problem(std::string_view name, bool directory) {
  auto bad_char = [](std::string_view part) -> std::string {
    for (char c : part)
      if (!d_character(c)) return fmt::format("the character '{}' (only A-Z 0-9 _)", c);
    return "";
  };
  if (name.empty()) return "an empty name";
  if (directory) {
    if (name.size() > 8) return fmt::format("{} characters, a folder name has at most 8", name.size());
    return bad_char(name);
  }
  const std::size_t dot = name.find('.');
  const std::string_view stem = name.substr(0, dot);
  const std::string_view ext = dot == std::string_view::npos ? std::string_view{} : name.substr(dot + 1);
  if (stem.empty()) return "no name before the '.'";
  if (stem.size() > 8) return fmt::format("{} characters before the extension, at most 8", stem.size());
  if (ext.size() > 3) return fmt::format("a {}-character extension, at most 3", ext.size());
  if (ext.find('.') != std::string_view::npos) return "more than one '.'";
  if (std::string why = bad_char(stem); !why.empty()) return why;
  return bad_char(ext);
}

base::Result<IsoMedium> iso_medium(const media::profile::MediumType& medium) {
  using media::profile::FileSystemType;
  using media::profile::MediumKind;
  if (medium.kind != MediumKind::kDisc || medium.default_size() == nullptr)
    return Error{ErrorCode::kInvalidArgument,
                 fmt::format("{} ({}) is not an optical disc; an ISO 9660 image is for CD-R and DVD", medium.title,
                             medium.reference)};
  if (medium.file_system_type != FileSystemType::kIso9660)
    return Error{ErrorCode::kUnsupported,
                 fmt::format("a {} needs {} as {} requires, and libisofs writes only ISO 9660; refusing to write a "
                             "non-conformant {}",
                             medium.title, medium.file_system, medium.reference, medium.id)};
  return IsoMedium{medium.default_size()->title, medium.default_size()->capacity_bytes};
}

base::Result<IsoMedium> iso_medium(const media::profile::MediumTable& media, std::string_view name) {
  if (name == "none") return IsoMedium{"image file", 0};
  const auto choice = media.find_size(name);
  if (!choice) {
    std::string known;
    for (const std::string& n : media.size_names(media::profile::FileSystemType::kIso9660)) known += n + ", ";
    std::string udf;
    for (const std::string& n : media.size_names(media::profile::FileSystemType::kUdf)) udf += (udf.empty() ? "" : ", ") + n;
    return Error{ErrorCode::kInvalidArgument,
                 fmt::format("unknown medium '{}' ({}none{})", name, known, udf.empty() ? "" : "; UDF: " + udf)};
  }
  DISCUS_TRY(IsoMedium m, iso_medium(*choice->type));
  if (choice->size != nullptr) m = IsoMedium{choice->size->title, choice->size->capacity_bytes};
  return m;
}

base::Result<IsoMedium> iso_medium(std::string_view name) {
  DISCUS_TRY(media::profile::MediumTable media, media::profile::MediumTable::load(media::profile::default_profile_directory()));
  return iso_medium(media, name);
}

base::Result<std::unique_ptr<IsoImageStream>> IsoImageStream::open(const std::string& fileset_dir,
                                                                   const IsoOptions& options) {
  std::error_code ec;
  if (!fs::is_directory(fileset_dir, ec))
    return Error{ErrorCode::kNotFound, fmt::format("'{}' is not a folder", fileset_dir)};
  DISCUS_TRY(IsoLibrary lib, IsoLibrary::open());
  auto stream = std::make_unique<LibisofsStream>(std::move(lib));
  // libisofs resolves the files it adds against its own root: relative paths would not be found.
  DISCUS_CHECK(stream->build(fs::absolute(fileset_dir, ec).string(), options));
  return std::unique_ptr<IsoImageStream>(std::move(stream));
}

base::Result<IsoPlan> write_iso(const std::string& fileset_dir, const std::string& iso_path, const IsoOptions& options,
                                const ProgressFn& progress) {
  DISCUS_TRY(std::unique_ptr<IsoImageStream> stream, IsoImageStream::open(fileset_dir, options));
  DISCUS_TRY(base::AtomicOutputFile out, base::AtomicOutputFile::create(iso_path));
  std::vector<std::uint8_t> buffer(kOutputChunk);
  const std::uint64_t total = stream->plan().image_bytes;
  std::uint64_t done = 0;
  for (;;) {
    if (options.cancel != nullptr && options.cancel->load(std::memory_order_relaxed)) {
      stream->cancel();
      return Error{ErrorCode::kCancelled, fmt::format("cancelled while writing '{}'", iso_path)};
    }
    DISCUS_TRY(std::size_t n, stream->read(buffer));
    if (n == 0) break;
    if (auto st = out.write(base::ByteView(buffer.data(), n)); !st) {
      stream->cancel();
      return std::move(st).error();
    }
    done += n;
    if (progress) progress(done, total);
  }
  DISCUS_CHECK(out.commit(options.sync));
  return stream->plan();
}

}  // namespace discus::output::iso
