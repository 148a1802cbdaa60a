#include "net/services/storage_scp.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

#include "dicom/dict/tags.h"
#include "dicom/dict/transfer_syntax.h"
#include "dicom/encoding/output_stream.h"
#include "dicom/part10/reader.h"
#include "dicom/part10/writer.h"
#include "net/dimse/status.h"

namespace discus::net::services {
namespace {

namespace fs = std::filesystem;
using base::Error;
using base::ErrorCode;
using base::Status;

constexpr std::size_t kBuffer = 1u << 20;
constexpr std::string_view kTempPrefix = ".discus-incoming-";

Status write_fd(int fd, base::ByteView b, const std::string& path) {
  std::size_t done = 0;
  while (done < b.size()) {
    const ssize_t n = ::write(fd, b.data() + done, b.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return Error{ErrorCode::kIo, fmt::format("write: {}", std::strerror(errno))}.in_file(path);
    }
    done += static_cast<std::size_t>(n);
  }
  return {};
}

void fsync_dir(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

// Preamble, DICM and the File Meta Information (PS3.10 7.1) of an instance the command describes.
base::Result<base::Bytes> file_header(const dimse::Command& rq, const dicom::dict::TransferSyntax& ts, const std::string& calling_ae) {
  using namespace dicom;
  DataSet ids;
  ids.set_string(tags::SOPClassUID, VR::UI, rq.affected_sop_class_uid);
  ids.set_string(tags::SOPInstanceUID, VR::UI, rq.affected_sop_instance_uid);
  part10::WriteOptions wo;
  wo.source_ae_title = calling_ae;
  DISCUS_TRY(DataSet meta, part10::build_file_meta(ids, ts, nullptr, wo));
  meta.erase(tags::FileMetaInformationGroupLength);
  MemoryOutputStream body;
  DISCUS_CHECK(part10::write_dataset(body, meta, dict::explicit_vr_little_endian(), wo));
  base::Bytes out(128, 0);
  out.insert(out.end(), {'D', 'I', 'C', 'M'});
  // (0002,0000) UL, explicit VR LE: the length of the meta elements that follow.
  const std::uint32_t n = static_cast<std::uint32_t>(body.bytes().size());
  out.insert(out.end(), {0x02, 0x00, 0x00, 0x00, 'U', 'L', 0x04, 0x00, static_cast<std::uint8_t>(n), static_cast<std::uint8_t>(n >> 8),
                         static_cast<std::uint8_t>(n >> 16), static_cast<std::uint8_t>(n >> 24)});
  out.insert(out.end(), body.bytes().begin(), body.bytes().end());
  return out;
}

}  // namespace

bool valid_uid(std::string_view uid) {
  if (uid.empty() || uid.size() > 64 || uid.front() == '.' || uid.back() == '.') return false;
  for (char c : uid)
    if (!(c == '.' || (c >= '0' && c <= '9'))) return false;
  return uid.find("..") == std::string_view::npos;
}

std::size_t sweep_incoming(const std::string& out_dir) {
  std::size_t n = 0;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(out_dir, ec)) {
    const std::string name = e.path().filename().string();
    if (name.rfind(kTempPrefix, 0) == 0 && fs::remove(e.path(), ec)) ++n;
  }
  return n;
}

StorageReceiver::StorageReceiver(const StorageOptions& options, std::string calling_ae)
    : options_(options), calling_ae_(std::move(calling_ae)) {}

StorageReceiver::~StorageReceiver() { discard(); }

void StorageReceiver::fail(std::uint16_t status, std::string comment) {
  if (status_ == 0) {
    status_ = status;
    comment_ = std::move(comment);
  }
  discard();
}

void StorageReceiver::discard() {
  if (fd_ >= 0) {
    ::close(fd_);
    ::unlink(temp_.c_str());
  }
  fd_ = -1;
  buf_.clear();
}

void StorageReceiver::begin(const dimse::Command& rq, const std::string& ts_uid) {
  discard();
  rq_ = rq;
  bytes_ = 0;
  status_ = 0;
  comment_.clear();
  if (!valid_uid(rq.affected_sop_instance_uid) || !valid_uid(rq.affected_sop_class_uid))
    return fail(dimse::status::kCannotUnderstand, "invalid Affected SOP Class or Instance UID");
  const dicom::dict::TransferSyntax* ts = dicom::dict::find_transfer_syntax(ts_uid);
  if (ts == nullptr) return fail(dimse::status::kCannotUnderstand, "unknown transfer syntax");
  auto header = file_header(rq, *ts, calling_ae_);
  if (!header) return fail(dimse::status::kProcessingFailure, "cannot build the File Meta Information");
  std::string tmpl = (fs::path(options_.out_dir) / fmt::format("{}XXXXXX", kTempPrefix)).string();
  fd_ = ::mkostemp(tmpl.data(), O_CLOEXEC);
  if (fd_ < 0) return fail(dimse::status::kOutOfResources, fmt::format("cannot create a file: {}", std::strerror(errno)));
  temp_ = tmpl;
  buf_.reserve(kBuffer);
  buf_ = std::move(*header);
}

void StorageReceiver::write(base::ByteView fragment) {
  if (fd_ < 0) return;  // failed already: the rest of the data set is drained
  bytes_ += fragment.size();
  if (options_.max_instance_bytes != 0 && bytes_ > options_.max_instance_bytes)
    return fail(dimse::status::kOutOfResources, "instance larger than this SCP accepts");
  if (buf_.size() + fragment.size() > kBuffer) {
    if (auto st = flush(); !st) return fail(dimse::status::kOutOfResources, st.error().message);
  }
  if (fragment.size() >= kBuffer) {
    if (auto st = write_fd(fd_, fragment, temp_); !st) return fail(dimse::status::kOutOfResources, st.error().message);
    return;
  }
  buf_.insert(buf_.end(), fragment.begin(), fragment.end());
}

Status StorageReceiver::flush() {
  DISCUS_CHECK(write_fd(fd_, buf_, temp_));
  buf_.clear();
  return {};
}

StoreOutcome StorageReceiver::finish() {
  StoreOutcome o;
  o.bytes = bytes_;
  if (fd_ >= 0) {
    if (auto st = flush(); !st) fail(dimse::status::kOutOfResources, st.error().message);
  }
  if (fd_ >= 0 && options_.fsync && ::fsync(fd_) != 0) fail(dimse::status::kOutOfResources, std::strerror(errno));
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
    // The header read back: the data set must parse up to its pixels and name the instance.
    dicom::part10::ReadOptions ro;
    ro.stop_before_pixels = true;
    auto file = dicom::part10::read_file(temp_, ro);
    std::string study;
    if (!file) {
      comment_ = "data set does not parse";
      status_ = dimse::status::kCannotUnderstand;
    } else {
      const auto uid = file->dataset.get_string(dicom::tags::SOPInstanceUID);
      if (!uid || *uid != rq_.affected_sop_instance_uid) {
        status_ = dimse::status::kDataSetDoesNotMatchSopClass;
        comment_ = "SOP Instance UID differs from the command's";
      }
      if (auto s = file->dataset.get_string(dicom::tags::StudyInstanceUID); s && valid_uid(*s)) study = std::string(*s);
    }
    if (status_ == 0) {
      fs::path dir = fs::path(options_.out_dir);
      if (!study.empty()) dir /= study;
      std::error_code ec;
      const bool made = fs::create_directory(dir, ec);
      const fs::path final_path = dir / (rq_.affected_sop_instance_uid + ".dcm");
      const bool exists = fs::exists(final_path, ec);
      if (exists && options_.duplicates == DuplicatePolicy::kReject) {
        status_ = dimse::status::kDuplicateSopInstance;
        comment_ = "duplicate SOP Instance UID";
      } else if (exists && options_.duplicates == DuplicatePolicy::kKeep) {
        ::unlink(temp_.c_str());
        o.path = final_path.string();
      } else if (::rename(temp_.c_str(), final_path.c_str()) != 0) {
        status_ = dimse::status::kOutOfResources;
        comment_ = fmt::format("rename: {}", std::strerror(errno));
      } else {
        o.path = final_path.string();
        if (options_.fsync) {
          fsync_dir(dir.string());
          if (made) fsync_dir(options_.out_dir);
        }
      }
    }
    if (status_ != 0) ::unlink(temp_.c_str());
  }
  o.status = status_;
  o.comment = comment_;
  temp_.clear();
  return o;
}

}  // namespace discus::net::services
