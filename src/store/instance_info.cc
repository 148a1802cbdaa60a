#include "store/instance_info.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "base/sha256.h"
#include "dicom/charset/specific_character_set.h"
#include "dicom/dict/tags.h"
#include "dicom/part10/reader.h"

namespace discus::store {
namespace {

using base::Error;
using base::ErrorCode;

std::string trimmed(std::string_view v) {
  while (!v.empty() && (v.back() == ' ' || v.back() == '\0')) v.remove_suffix(1);
  while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
  return std::string(v);
}

// SHA-256 of [offset, end) of the file, in 1 MiB reads.
base::Result<std::string> digest_from(const std::string& path, std::uint64_t offset) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Error{ErrorCode::kIo, fmt::format("open: {}", std::strerror(errno))}.in_file(path);
  base::Sha256 h;
  std::vector<std::uint8_t> buf(1u << 20);
  for (;;) {
    const ssize_t n = ::pread(fd, buf.data(), buf.size(), static_cast<off_t>(offset));
    if (n < 0) {
      if (errno == EINTR) continue;
      const int e = errno;
      ::close(fd);
      return Error{ErrorCode::kIo, fmt::format("read: {}", std::strerror(e))}.in_file(path);
    }
    if (n == 0) break;
    h.update(base::ByteView(buf.data(), static_cast<std::size_t>(n)));
    offset += static_cast<std::uint64_t>(n);
  }
  ::close(fd);
  return h.hex_digest();
}

}  // namespace

base::Result<InstanceInfo> read_instance_info(const std::string& path) {
  using namespace dicom;
  part10::ReadOptions ro;
  ro.stop_before_pixels = true;
  DISCUS_TRY(part10::DicomFile f, part10::read_file(path, ro));
  const DataSet& ds = f.dataset;
  auto cs = charset::SpecificCharacterSet::parse_lenient(ds.get_string(tags::SpecificCharacterSet).value_or(""), nullptr);
  const auto text = [&](Tag t, VR vr) -> std::string {
    const Element* e = ds.find(t);
    if (e == nullptr) return {};
    const auto raw = ds.get_string(t);
    if (!raw) return {};
    if (!cs) return trimmed(*raw);
    return trimmed(cs->decode_lossy(base::ByteView(reinterpret_cast<const std::uint8_t*>(raw->data()), raw->size()), vr, nullptr));
  };
  InstanceInfo i;
  i.sop_class_uid = trimmed(ds.get_string(tags::SOPClassUID).value_or(""));
  i.sop_instance_uid = trimmed(ds.get_string(tags::SOPInstanceUID).value_or(""));
  i.patient_id = text(tags::PatientID, VR::LO);
  i.patients_name = text(tags::PatientName, VR::PN);
  i.study_instance_uid = trimmed(ds.get_string(tags::StudyInstanceUID).value_or(""));
  i.study_date = trimmed(ds.get_string(tags::StudyDate).value_or(""));
  i.study_description = text(tags::StudyDescription, VR::LO);
  i.accession_number = text(tags::AccessionNumber, VR::SH);
  i.series_instance_uid = trimmed(ds.get_string(tags::SeriesInstanceUID).value_or(""));
  i.modality = trimmed(ds.get_string(tags::Modality).value_or(""));
  i.series_description = text(tags::SeriesDescription, VR::LO);
  i.source_ae_title = trimmed(f.meta.get_string(tags::SourceApplicationEntityTitle).value_or(""));
  if (i.sop_instance_uid.empty() || i.study_instance_uid.empty())
    return Error{ErrorCode::kInvalidArgument, "no SOP Instance UID or Study Instance UID"}.in_file(path);
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) i.bytes = static_cast<std::uint64_t>(st.st_size);
  DISCUS_TRY(i.digest, digest_from(path, f.dataset_offset));
  return i;
}

}  // namespace discus::store
