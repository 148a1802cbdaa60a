#include "output/burn/burner.h"

#include <libburn/libburn.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "output/iso/iso_library.h"
#include "output/iso/iso_reader.h"
#include "output/udf/udf_reader.h"

namespace discus::output::burn {
// libburn.h declares its C API inside a C++ namespace that happens to be called `burn` too.
using namespace ::burn;
using base::Error;
using base::ErrorCode;

namespace {

constexpr int kBlock = 2048;
constexpr std::uint32_t kReadAheadBlocks = 32;  // 64 KiB per drive read: drives hate single blocks

// libburn's process-wide state (burn_initialize/burn_finish are not reference-counted), owned
// together with libisofs' by one RAII object, counted like IsoLibrary.
class BurnLibrary {
 public:
  static base::Result<BurnLibrary> open() {
    DISCUS_TRY(iso::IsoLibrary iso, iso::IsoLibrary::open());
    std::lock_guard lock(mutex());
    if (users() == 0) {
      if (burn_initialize() != 1) return Error{ErrorCode::kIo, "libburn cannot start"};
      char queue[] = "ALL", print[] = "NEVER", id[] = "libburn: ";
      burn_msgs_set_severities(queue, print, id);
      // No signal handler: the CLI owns the process; mode 2 installs none.
      burn_set_signal_handling(nullptr, nullptr, 2);
    }
    ++users();
    return BurnLibrary(std::move(iso));
  }
  BurnLibrary(BurnLibrary&& o) noexcept : iso_(std::move(o.iso_)), live_(o.live_) { o.live_ = false; }
  BurnLibrary& operator=(BurnLibrary&&) = delete;
  ~BurnLibrary() {
    if (!live_) return;
    std::lock_guard lock(mutex());
    if (--users() == 0) burn_finish();
  }

 private:
  explicit BurnLibrary(iso::IsoLibrary iso) : iso_(std::move(iso)), live_(true) {}
  static std::mutex& mutex() {
    static std::mutex m;
    return m;
  }
  static int& users() {
    static int n = 0;  // mirrors libburn's own global state
    return n;
  }
  iso::IsoLibrary iso_;
  bool live_;
};

// libburn's queued messages of severity SORRY and above, joined.
std::string burn_messages() {
  std::string text;
  char min_severity[] = "SORRY";
  char msg[BURN_MSGS_MESSAGE_LEN];
  char severity[80];
  int code = 0, os_errno = 0, kept = 0;
  while (burn_msgs_obtain(min_severity, &code, msg, &os_errno, severity) == 1)
    if (kept++ < 4) text += fmt::format("{}{}", text.empty() ? "" : "; ", msg);
  return text;
}

// A grabbed drive, released (and optionally ejected) when it goes.
class GrabbedDrive {
 public:
  static base::Result<std::unique_ptr<GrabbedDrive>> grab(const std::string& address) {
    DISCUS_TRY(BurnLibrary lib, BurnLibrary::open());
    auto d = std::unique_ptr<GrabbedDrive>(new GrabbedDrive(std::move(lib), address));
    std::string adr = address;
    const int rc = burn_drive_scan_and_grab(&d->infos_, adr.data(), 1);
    if (rc != 1) {
      d->infos_ = nullptr;
      const std::string why = burn_messages();
      return Error{rc == 0 ? ErrorCode::kNotFound : ErrorCode::kIo,
                   fmt::format("cannot open drive {}{}", address, why.empty() ? "" : ": " + why)};
    }
    d->drive_ = d->infos_[0].drive;
    return d;
  }
  ~GrabbedDrive() {
    if (drive_) burn_drive_release(drive_, eject_ ? 1 : 0);
    if (infos_) burn_drive_info_free(infos_);
  }
  burn_drive* drive() const { return drive_; }
  const burn_drive_info& info() const { return infos_[0]; }
  const std::string& address() const { return address_; }
  void eject_on_release() { eject_ = true; }

 private:
  GrabbedDrive(BurnLibrary lib, std::string address) : lib_(std::move(lib)), address_(std::move(address)) {}
  BurnLibrary lib_;
  std::string address_;
  burn_drive_info* infos_ = nullptr;
  burn_drive* drive_ = nullptr;
  bool eject_ = false;
};

MediaStatus media_status(burn_drive* d) {
  switch (burn_disc_get_status(d)) {
    case BURN_DISC_BLANK: return MediaStatus::kBlank;
    case BURN_DISC_APPENDABLE: return MediaStatus::kAppendable;
    case BURN_DISC_FULL: return MediaStatus::kClosed;
    case BURN_DISC_EMPTY: return MediaStatus::kNoDisc;
    case BURN_DISC_UNSUITABLE: return MediaStatus::kUnsuitable;
    default: return MediaStatus::kUnknown;
  }
}

// MMC profiles written in place (no sessions to close): DVD-RAM, DVD-RW restricted overwrite,
// DVD+RW, BD-RE, and libburn's stdio files.
bool overwritable_profile(int profile, int role) {
  if (role != 1) return role == 2 || role == 5;
  return profile == 0x12 || profile == 0x13 || profile == 0x1a || profile == 0x43;
}

DriveInfo describe(const GrabbedDrive& g) {
  DriveInfo info;
  info.address = g.address();
  info.vendor = g.info().vendor;
  info.product = g.info().product;
  info.revision = g.info().revision;
  const int role = burn_drive_get_drive_role(g.drive());
  info.pseudo = role != 1;
  info.status = media_status(g.drive());
  int profile = 0;
  char name[80] = {};
  if (burn_disc_get_profile(g.drive(), &profile, name) == 1) info.profile = name;
  info.overwritable = overwritable_profile(profile, role);
  const off_t space = burn_disc_available_space(g.drive(), nullptr);
  info.free_bytes = space > 0 ? static_cast<std::uint64_t>(space) : 0;
  return info;
}

// Our IsoImageStream as a libburn track source (callbacks from libburn's writer thread:
// noexcept, errors kept for the caller).
struct StreamSource {
  iso::IsoImageStream* stream;
  std::string error;
};
int source_read(burn_source* src, unsigned char* buffer, int size) noexcept {
  auto* s = static_cast<StreamSource*>(src->data);
  try {
    auto n = s->stream->read(std::span<std::uint8_t>(buffer, static_cast<std::size_t>(size)));
    if (n) return static_cast<int>(*n);
    s->error = n.error().describe();
  } catch (...) {
    s->error = "the image stream failed";
  }
  return -1;
}
off_t source_size(burn_source* src) noexcept {
  return static_cast<off_t>(static_cast<StreamSource*>(src->data)->stream->plan().image_bytes);
}
int source_set_size(burn_source*, off_t) noexcept { return 0; }
void source_free(burn_source*) noexcept {}  // StreamSource is owned by burn_file_set's frame
int source_cancel(burn_source* src) noexcept {
  static_cast<StreamSource*>(src->data)->stream->cancel();
  return 1;
}

burn_source* new_stream_source(StreamSource* data) {
  auto* src = static_cast<burn_source*>(std::calloc(1, sizeof(burn_source)));
  if (!src) return nullptr;
  src->refcount = 1;
  src->version = 1;
  src->read = nullptr;
  src->read_xt = source_read;
  src->get_size = source_size;
  src->set_size = source_set_size;
  src->free_data = source_free;
  src->cancel = source_cancel;
  src->data = data;
  return src;
}

// The disc model of one session with one Mode 1 data track; frees what it built.
struct DiscModel {
  burn_disc* disc = burn_disc_create();
  burn_session* session = burn_session_create();
  burn_track* track = burn_track_create();
  ~DiscModel() {
    burn_track_free(track);
    burn_session_free(session);
    burn_disc_free(disc);
  }
};

struct WriteOpts {
  burn_write_opts* opts;
  ~WriteOpts() { burn_write_opts_free(opts); }
};

std::string_view mode_name(burn_write_types t) {
  switch (t) {
    case BURN_WRITE_TAO: return "TAO";
    case BURN_WRITE_SAO: return "SAO";
    case BURN_WRITE_RAW: return "RAW";
    case BURN_WRITE_PACKET: return "packet";
    default: return "none";
  }
}

base::Status run_write(GrabbedDrive& g, burn_write_opts* opts, burn_disc* disc, const BurnOptions& options,
                       std::uint64_t total) {
  burn_disc_write(opts, disc);
  bool cancelled = false;
  for (;;) {
    burn_progress p{};
    const burn_drive_status st = burn_drive_get_status(g.drive(), &p);
    if (st == BURN_DRIVE_IDLE) break;
    if (options.progress && st != BURN_DRIVE_SPAWNING && p.sectors > 0)
      options.progress(std::min<std::uint64_t>(static_cast<std::uint64_t>(p.sector) * kBlock, total), total);
    if (!cancelled && options.cancel && options.cancel->load()) {
      burn_drive_cancel(g.drive());
      cancelled = true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  if (cancelled) return Error{ErrorCode::kIo, fmt::format("burn on {} cancelled; the medium may be unusable", g.address())};
  if (burn_drive_wrote_well(g.drive()) != 1) {
    const std::string why = burn_messages();
    return Error{ErrorCode::kIo, fmt::format("the burn on {} failed{}", g.address(), why.empty() ? "" : ": " + why)};
  }
  if (options.progress) options.progress(total, total);
  return {};
}

}  // namespace

std::string_view to_string(MediaStatus s) {
  switch (s) {
    case MediaStatus::kNoDisc: return "no disc";
    case MediaStatus::kBlank: return "blank";
    case MediaStatus::kAppendable: return "appendable";
    case MediaStatus::kClosed: return "closed";
    case MediaStatus::kUnsuitable: return "unsuitable";
    case MediaStatus::kUnknown: return "unknown";
  }
  return "unknown";
}

base::Result<std::vector<DriveInfo>> list_drives() {
  DISCUS_TRY(BurnLibrary lib, BurnLibrary::open());
  burn_drive_info* infos = nullptr;
  unsigned int count = 0;
  int rc = 0;
  // A cancelled burn's worker thread may still be winding down inside libburn ("a drive
  // operation is still going on"): give it a moment rather than failing the listing.
  for (int attempt = 0; attempt < 50; ++attempt) {
    while ((rc = burn_drive_scan(&infos, &count)) == 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    if (rc > 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  if (rc < 0) return Error{ErrorCode::kIo, "libburn could not scan for drives: " + burn_messages()};
  std::vector<std::string> addresses;
  for (unsigned int i = 0; i < count; ++i) {
    char adr[BURN_DRIVE_ADR_LEN] = {};
    if (burn_drive_get_adr(&infos[i], adr) > 0) addresses.emplace_back(adr);
  }
  // Released before each is grabbed again on its own, so a drive is locked only while inspected.
  for (unsigned int i = 0; i < count; ++i) burn_drive_info_forget(&infos[i], 0);
  burn_drive_info_free(infos);
  std::vector<DriveInfo> drives;
  for (const std::string& a : addresses) {
    auto info = inspect_drive(a);
    if (info) drives.push_back(std::move(*info));
  }
  return drives;
}

base::Result<DriveInfo> inspect_drive(const std::string& address) {
  DISCUS_TRY(std::unique_ptr<GrabbedDrive> g, GrabbedDrive::grab(address));
  return describe(*g);
}

namespace {

// Refused before anything is generated or written: a disc that is neither blank nor overwritable.
base::Status check_writable(const DriveInfo& info, const std::string& drive) {
  switch (info.status) {
    case MediaStatus::kBlank: return {};
    case MediaStatus::kAppendable:
    case MediaStatus::kClosed:
      if (info.overwritable) return {};  // written in place from block 0
      return Error{ErrorCode::kInvalidArgument,
                   fmt::format("the {} in {} is {}: a file-set needs a blank disc (PS3.12 F.2 allows one file-set per "
                               "disc)", info.profile, drive, to_string(info.status))};
    default:
      return Error{ErrorCode::kInvalidArgument,
                   fmt::format("drive {} holds no writable medium ({})", drive, to_string(info.status))};
  }
}

// One data track from `src` (`total` bytes) written to the grabbed drive in the mode libburn picks.
base::Result<BurnResult> burn_track(GrabbedDrive& g, const DriveInfo& info, burn_source* src, std::uint64_t total,
                                    const BurnOptions& options, const std::string* source_error) {
  if (!src) return Error{ErrorCode::kIo, "out of memory"};
  DiscModel model;
  burn_track_define_data(model.track, 0, 0, 1, BURN_MODE1);  // Mode 1 (PS3.12 F.3.2); pad the last sector
  const int set = burn_track_set_source(model.track, src);
  burn_source_free(src);  // the track holds its own reference
  if (set != BURN_SOURCE_OK) return Error{ErrorCode::kIo, "libburn refused the image as a track source"};
  burn_session_add_track(model.session, model.track, BURN_POS_END);
  burn_disc_add_session(model.disc, model.session, BURN_POS_END);

  WriteOpts wo{burn_write_opts_new(g.drive())};
  burn_write_opts_set_perform_opc(wo.opts, 0);
  burn_write_opts_set_underrun_proof(wo.opts, 1);
  burn_write_opts_set_multi(wo.opts, options.close_disc ? 0 : 1);
  burn_write_opts_set_simulate(wo.opts, options.simulate ? 1 : 0);
  char reasons[BURN_REASONS_LEN] = {};
  const burn_write_types mode = burn_write_opts_auto_write_type(wo.opts, model.disc, reasons, 0);
  if (mode == BURN_WRITE_NONE)
    return Error{ErrorCode::kUnsupported,
                 fmt::format("no write mode of {} fits this {}: {}", g.address(), info.profile, reasons)};

  base::Status written = run_write(g, wo.opts, model.disc, options, total);
  if (source_error != nullptr && !source_error->empty())
    return Error{ErrorCode::kIo, "the image could not be generated: " + *source_error};
  if (!written) return std::move(written).error();

  BurnResult result;
  result.write_mode = std::string(mode_name(mode));
  result.profile = info.profile;
  result.closed = options.close_disc || info.overwritable;
  return result;
}

}  // namespace

base::Result<BurnResult> burn_file_set(const std::string& drive, const std::string& fileset_dir, const BurnOptions& options) {
  DISCUS_TRY(std::unique_ptr<GrabbedDrive> g, GrabbedDrive::grab(drive));
  const DriveInfo info = describe(*g);
  if (options.eject) g->eject_on_release();
  DISCUS_CHECK(check_writable(info, drive));
  iso::IsoOptions iso_options = options.iso;
  if (info.free_bytes > 0 && (iso_options.capacity_bytes == 0 || info.free_bytes < iso_options.capacity_bytes)) {
    iso_options.capacity_bytes = info.free_bytes;
    iso_options.medium_name = fmt::format("{} in {} ({} bytes free)", info.profile, drive, info.free_bytes);
  }
  DISCUS_TRY(std::unique_ptr<iso::IsoImageStream> stream, iso::IsoImageStream::open(fileset_dir, iso_options));
  StreamSource source{stream.get(), {}};
  DISCUS_TRY(BurnResult result, burn_track(*g, info, new_stream_source(&source), stream->plan().image_bytes, options, &source.error));
  result.plan = stream->plan();
  return result;
}

base::Result<BurnResult> burn_image_file(const std::string& drive, const std::string& image_path, const BurnOptions& options) {
  DISCUS_TRY(std::unique_ptr<GrabbedDrive> g, GrabbedDrive::grab(drive));
  const DriveInfo info = describe(*g);
  if (options.eject) g->eject_on_release();
  DISCUS_CHECK(check_writable(info, drive));
  std::error_code ec;
  const std::uint64_t total = std::filesystem::file_size(image_path, ec);
  if (ec) return Error{ErrorCode::kIo, fmt::format("cannot size the image: {}", ec.message())}.in_file(image_path);
  if (info.free_bytes > 0 && total > info.free_bytes)
    return Error{ErrorCode::kLimitExceeded, fmt::format("the image needs {} bytes but the {} in {} has {} free; nothing was written",
                                                        total, info.profile, drive, info.free_bytes)};
  // libburn reads the file itself (a data track of 2048-byte blocks, as for any image).
  DISCUS_TRY(BurnResult result, burn_track(*g, info, burn_file_source_new(image_path.c_str(), nullptr), total, options, nullptr));
  result.plan.image_bytes = total;
  return result;
}

namespace {

// The medium's blocks through burn_read_data, a few dozen at a time.
class DriveBlocks {
 public:
  explicit DriveBlocks(std::shared_ptr<GrabbedDrive> g) : g_(std::move(g)) {}
  base::Status read(std::uint32_t lba, std::span<std::uint8_t, 2048> block) {
    if (!(lba >= first_ && lba < first_ + cached_)) {
      cache_.resize(std::size_t{kReadAheadBlocks} * kBlock);
      off_t count = 0;
      char* data = reinterpret_cast<char*>(cache_.data());
      int rc = burn_read_data(g_->drive(), static_cast<off_t>(lba) * kBlock, data,
                              static_cast<off_t>(cache_.size()), &count, 2 | 4);
      if (rc <= 0 || count < kBlock) {
        // The end of the track is near: a single block then.
        count = 0;
        rc = burn_read_data(g_->drive(), static_cast<off_t>(lba) * kBlock, data, kBlock, &count, 2);
        if (rc <= 0 || count < kBlock)
          return Error{ErrorCode::kIo, fmt::format("block {} of {} cannot be read{}", lba, g_->address(),
                                                   [] { auto m = burn_messages(); return m.empty() ? "" : ": " + m; }())};
      }
      first_ = lba;
      cached_ = static_cast<std::uint32_t>(count / kBlock);
    }
    std::memcpy(block.data(), cache_.data() + std::size_t{lba - first_} * kBlock, kBlock);
    return {};
  }

 private:
  std::shared_ptr<GrabbedDrive> g_;
  std::vector<std::uint8_t> cache_;
  std::uint32_t first_ = 0, cached_ = 0;
};

}  // namespace

// The readable size of the medium in 2048-byte sectors (the end of its last track); 0 when unknown.
std::uint64_t disc_sectors(GrabbedDrive& g) {
  int capacity = 0;
  if (burn_get_read_capacity(g.drive(), &capacity, 0) == 1 && capacity > 0) return static_cast<std::uint64_t>(capacity);
  return 0;
}

base::Result<std::unique_ptr<MediumReader>> open_drive_reader(const std::string& drive) {
  DISCUS_TRY(std::unique_ptr<GrabbedDrive> grabbed, GrabbedDrive::grab(drive));
  std::shared_ptr<GrabbedDrive> g(std::move(grabbed));
  const MediaStatus status = media_status(g->drive());
  int profile = 0;
  char name[80] = {};
  burn_disc_get_profile(g->drive(), &profile, name);
  // Overwritable media (DVD+RW, DVD-RAM, BD-RE, stdio files) report "blank" whatever they hold:
  // only the file system read below can tell.
  const bool in_place = overwritable_profile(profile, burn_drive_get_drive_role(g->drive()));
  const bool written = status == MediaStatus::kAppendable || status == MediaStatus::kClosed;
  if (!written && !(in_place && status == MediaStatus::kBlank))
    return Error{ErrorCode::kNotFound, fmt::format("drive {} holds no written medium ({})", drive, to_string(status))};
  // The file system of a multi-session disc is the last session's (PS3.12 F.2).
  int start = 0;
  if (burn_drive_get_drive_role(g->drive()) == 1 && burn_disc_get_msc1(g->drive(), &start) != 1) start = 0;
  auto blocks = std::make_shared<DriveBlocks>(g);
  // A UDF disc (BD, DVD-RAM: PS3.12 X, J) is told by its Volume Recognition Sequence.
  const std::uint64_t sectors = disc_sectors(*g);
  // UDF addresses are absolute sectors (ECMA-167 3/8.4.2.1), not relative to a session.
  udf::SectorReader udf_sectors = [blocks](std::uint64_t lba, std::span<std::uint8_t> out) -> base::Status {
    for (std::size_t i = 0; i < out.size() / kBlock; ++i) {
      const std::uint64_t at = lba + i;
      if (at > 0xFFFFFFFFull) return Error{ErrorCode::kBadStructure, "sector past the 32-bit range of a disc"};
      DISCUS_CHECK(blocks->read(static_cast<std::uint32_t>(at), std::span<std::uint8_t, 2048>(out.data() + i * kBlock, 2048)));
    }
    return {};
  };
  if (sectors > 0 && udf::has_udf_recognition(udf_sectors, sectors)) {
    DISCUS_TRY(auto udf_reader, udf::UdfMediumReader::open_sectors(udf_sectors, sectors, "drive " + drive));
    return std::unique_ptr<MediumReader>(std::move(udf_reader));
  }
  DISCUS_TRY(std::unique_ptr<iso::IsoMediumReader> reader,
             iso::IsoMediumReader::open_blocks(
                 [blocks](std::uint32_t lba, std::span<std::uint8_t, 2048> block) { return blocks->read(lba, block); },
                 "drive " + drive, static_cast<std::uint32_t>(start)));
  return std::unique_ptr<MediumReader>(std::move(reader));
}

base::Status eject(const std::string& drive) {
  DISCUS_TRY(std::unique_ptr<GrabbedDrive> g, GrabbedDrive::grab(drive));
  g->eject_on_release();
  return {};
}

}  // namespace discus::output::burn
