#include "jobs/robot_authored.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <map>
#include <memory>
#include <set>

#include <fmt/format.h>

#include "base/text.h"
#include "dicom/charset/specific_character_set.h"
#include "dicom/dict/tags.h"
#include "media/dicomdir/reader.h"
#include "media/label/person_name.h"
#include "output/iso/iso_reader.h"
#include "output/verify/directory_reader.h"
#include "output/verify/verify.h"

namespace discus::jobs {

namespace fs = std::filesystem;
namespace tags = dicom::tags;
using media::dicomdir::DirectoryRecord;
using media::dicomdir::Dicomdir;
using media::dicomdir::RecordList;

namespace {

// A Part 10 file is at least its preamble and "DICM" (PS3.10 7.1); less is no DICOM file.
constexpr std::uint64_t kSmallestPart10 = 132;

// ECMA-119 8.4: the Primary Volume Descriptor at logical sector 16 (byte 32768), "CD001" after
// its type byte.
bool is_iso9660(const fs::path& file) {
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  char id[5] = {};
  const bool ok = ::pread(fd, id, sizeof id, 32769) == static_cast<ssize_t>(sizeof id);
  ::close(fd);
  return ok && std::string_view(id, 5) == "CD001";
}

base::Result<base::Bytes> read_whole(const output::MediumReader& medium, const std::string& path) {
  base::Bytes out;
  DISCUS_CHECK(medium.read_file(path, [&](base::ByteView chunk) -> base::Status {
    out.insert(out.end(), chunk.begin(), chunk.end());
    return {};
  }));
  return out;
}

// Text of a record's key as UTF-8 through the record's (else the DICOMDIR's) Specific Character Set.
class RecordText {
 public:
  RecordText(const dicom::DataSet& keys, const dicom::charset::SpecificCharacterSet& fallback) : keys_(keys), charset_(fallback) {
    if (auto v = keys.get_string(tags::SpecificCharacterSet))
      if (auto cs = dicom::charset::SpecificCharacterSet::parse_lenient(*v, nullptr)) charset_ = std::move(*cs);
  }
  std::string operator()(dicom::Tag tag) const {
    const dicom::Element* e = keys_.find(tag);
    auto v = keys_.get_string(tag);
    if (e == nullptr || !v) return {};
    return base::to_valid_utf8(std::string(dicom::trim_padding(charset_.decode_lossy(base::as_bytes(*v), e->vr, nullptr))));
  }

 private:
  const dicom::DataSet& keys_;
  dicom::charset::SpecificCharacterSet charset_;
};

// DA "YYYYMMDD" -> "YYYY-MM-DD", TM "HHMM.." -> "HH:MM" (PS3.5 6.2), as label_data_from_study shows them.
std::string iso_date(const std::string& da) {
  if (da.size() == 8 && std::all_of(da.begin(), da.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return da.substr(0, 4) + "-" + da.substr(4, 2) + "-" + da.substr(6, 2);
  return da;
}
std::string short_time(const std::string& tm) { return tm.size() >= 4 ? tm.substr(0, 2) + ":" + tm.substr(2, 2) : tm; }

// One pass over the records: every referenced file checked against the listing and the profile,
// the label's data gathered on the way.
class Walk {
 public:
  Walk(const Dicomdir& dir, const std::map<std::string, std::uint64_t>& listing, const media::profile::ApplicationProfile& profile)
      : dir_(dir), listing_(listing), profile_(profile) {
    if (auto v = dir.file.dataset.get_string(tags::SpecificCharacterSet))
      if (auto cs = dicom::charset::SpecificCharacterSet::parse_lenient(*v, nullptr)) charset_ = std::move(*cs);
  }

  // An empty string when every record passed; else the first problem.
  std::string run(AuthoredInput& out) {
    std::string why = walk(dir_.roots, out, -1);
    out.label.other_patients = patients_.empty() ? 0 : static_cast<std::uint32_t>(patients_.size() - 1);
    std::stable_sort(out.label.studies.begin(), out.label.studies.end(), [](const auto& a, const auto& b) {
      if (a.date.empty() != b.date.empty()) return b.date.empty();
      return a.date + a.time < b.date + b.time;
    });
    for (auto& s : out.label.studies) std::sort(s.modalities.begin(), s.modalities.end());
    return why;
  }

 private:
  std::string walk(const RecordList& records, AuthoredInput& out, int study) {  // study: an index into out.label.studies, or -1
    for (const DirectoryRecord& r : records) {
      ++out.records;
      auto item = dir_.load(r);
      if (!item) return fmt::format("a {} record cannot be read: {}", r.type, item.error().describe());
      const RecordText text(item->keys, charset_);
      int here = study;
      if (r.type == "PATIENT") {
        const std::string name = text(tags::PatientName), id = text(tags::PatientID);
        if (patients_.empty()) {
          const media::label::PersonName n = media::label::format_person_name(name);
          out.label.patient_name = n.preferred();
          out.label.patient_name_alphabetic = n.alphabetic;
          out.label.patient_name_ideographic = n.ideographic;
          out.label.patient_name_phonetic = n.phonetic;
          out.label.patient_id = id;
          out.label.patient_birth_date = iso_date(text(tags::PatientBirthDate));
          out.label.patient_sex = text(tags::PatientSex);
        }
        patients_.insert(id + '\x1f' + name);
      } else if (r.type == "STUDY") {
        media::label::StudyLabel s;
        s.uid = text(tags::StudyInstanceUID);
        s.date = iso_date(text(tags::StudyDate));
        s.time = short_time(text(tags::StudyTime));
        s.description = text(tags::StudyDescription);
        s.accession_number = text(tags::AccessionNumber);
        out.label.studies.push_back(std::move(s));
        here = static_cast<int>(out.label.studies.size()) - 1;
      } else if (r.type == "SERIES") {
        const std::string m = text(tags::Modality);
        if (study >= 0 && !m.empty()) {
          auto& list = out.label.studies[static_cast<std::size_t>(study)].modalities;
          if (std::find(list.begin(), list.end(), m) == list.end()) list.push_back(m);
        }
      }
      if (r.has_file_id) {
        std::string path;
        for (const std::string& c : item->file_id) path += (path.empty() ? "" : "/") + c;
        const auto f = listing_.find(output::normalize_medium_path(path));
        if (f == listing_.end()) return fmt::format("the {} record's file {} is not on the medium", r.type, path);
        ++out.referenced;
        const std::string sop = text(tags::ReferencedSOPClassUIDInFile), ts = text(tags::ReferencedTransferSyntaxUIDInFile);
        if (!sop.empty()) {  // an instance (not a private or unknown record's file)
          if (f->second < kSmallestPart10) return fmt::format("{} is {} bytes: no DICOM file", path, f->second);
          const auto allowed = profile_.transfer_syntaxes_for(sop);
          if (allowed.empty())
            return fmt::format("{}: SOP class {} is not allowed by {}", path, sop, profile_.id);
          if (!profile_.any_transfer_syntax && std::find(allowed.begin(), allowed.end(), ts) == allowed.end() &&
              std::find(profile_.multi_frame_transfer_syntaxes.begin(), profile_.multi_frame_transfer_syntaxes.end(), ts) ==
                  profile_.multi_frame_transfer_syntaxes.end())
            return fmt::format("{}: transfer syntax {} is not allowed by {} for SOP class {}", path, ts, profile_.id, sop);
          if (study >= 0) ++out.label.studies[static_cast<std::size_t>(study)].instances;
        }
      }
      if (std::string why = walk(r.children, out, here); !why.empty()) return why;
    }
    return {};
  }

  const Dicomdir& dir_;
  const std::map<std::string, std::uint64_t>& listing_;
  const media::profile::ApplicationProfile& profile_;
  dicom::charset::SpecificCharacterSet charset_;
  std::set<std::string> patients_;
};

std::string megabytes(std::uint64_t bytes) { return fmt::format("{:.1f} MB", static_cast<double>(bytes) / 1e6); }

}  // namespace

AuthoredInput authored_input(const AuthorMedium& medium, const media::profile::ApplicationProfile* profile, RobotTakes takes) {
  AuthoredInput out;
  if (medium.inputs.size() != 1) return out;
  out.path = medium.inputs.front();
  std::error_code ec;
  if (fs::is_directory(out.path, ec)) {
    if (!fs::is_regular_file(out.path / "DICOMDIR", ec)) return out;
  } else if (fs::is_regular_file(out.path, ec) && is_iso9660(out.path)) {
    out.image = true;
  } else {
    return out;
  }
  out.candidate = true;
  auto refuse = [&](std::string why) {
    out.why_not = std::move(why);
    return out;
  };
  const std::string what = out.image ? "ISO image" : "file-set folder";
  if (out.image && !takes.image) return refuse("this robot takes folders, not images");
  if (!out.image && !takes.folder) return refuse("this robot takes images, not folders");
  if (!profile) return refuse(fmt::format("profile {} is unknown", medium.profile));
  if (profile->secure || !medium.encryption_password_from.empty())
    return refuse(fmt::format("{} makes secure media: every file is encrypted when staged", profile->id));

  std::unique_ptr<output::MediumReader> reader;
  if (out.image) {
    auto r = output::iso::IsoMediumReader::open_image(out.path.string());
    if (!r) return refuse(fmt::format("the image cannot be read as ISO 9660: {}", r.error().describe()));
    reader = std::move(*r);
  } else {
    reader = std::make_unique<output::DirectoryMediumReader>(out.path.string());
  }
  auto files = reader->list_files();
  if (!files) return refuse(fmt::format("cannot list the {}: {}", what, files.error().describe()));
  std::map<std::string, std::uint64_t> listing;
  std::map<std::string, std::string> spelled;  // normalized -> as the medium lists it
  for (const output::MediumFile& f : *files) {
    const std::string key = output::normalize_medium_path(f.path);
    listing[key] = f.size;
    spelled[key] = f.path;
    out.bytes += f.size;
  }
  out.files = files->size();
  if (out.image) out.bytes = fs::file_size(out.path, ec);
  if (!spelled.count("DICOMDIR")) return refuse("no DICOMDIR at the root");
  if (!spelled.count("SHA256.TXT")) return refuse("no SHA256.TXT manifest at the root: not a file-set Discus authored");

  // The manifest: every file it lists is there (sizes from the listing; contents not read).
  auto manifest_text = read_whole(*reader, spelled["SHA256.TXT"]);
  if (!manifest_text) return refuse(fmt::format("SHA256.TXT cannot be read: {}", manifest_text.error().describe()));
  auto manifest = output::parse_manifest(
      std::string_view(reinterpret_cast<const char*>(manifest_text->data()), manifest_text->size()), "SHA256.TXT");
  if (!manifest) return refuse(fmt::format("SHA256.TXT does not parse: {}", manifest.error().describe()));
  bool dicomdir_listed = false;
  for (const output::ManifestEntry& e : *manifest) {
    const std::string key = output::normalize_medium_path(e.path);
    if (!listing.count(key)) return refuse(fmt::format("{} (in SHA256.TXT) is not on the medium", e.path));
    dicomdir_listed = dicomdir_listed || key == "DICOMDIR";
  }
  if (!dicomdir_listed) return refuse("SHA256.TXT does not list the DICOMDIR");

  // The DICOMDIR: parsed without an error, every record's file there, allowed by the profile.
  auto bytes = read_whole(*reader, spelled["DICOMDIR"]);
  if (!bytes) return refuse(fmt::format("the DICOMDIR cannot be read: {}", bytes.error().describe()));
  auto dir = media::dicomdir::read_dicomdir_memory(*bytes, "DICOMDIR");
  if (!dir) return refuse(fmt::format("the DICOMDIR does not parse: {}", dir.error().describe()));
  for (const base::Finding& f : dir->findings)
    if (f.severity == base::Severity::kError) return refuse(fmt::format("the DICOMDIR: {}", f.message));
  if (!medium.fileset_id.empty() && medium.fileset_id != dir->fileset_id)
    return refuse(fmt::format("the job asks for File-set ID {}, the DICOMDIR has {}", medium.fileset_id, dir->fileset_id));
  Walk walk(*dir, listing, *profile);
  if (std::string why = walk.run(out); !why.empty()) return refuse(why);
  if (out.referenced == 0) return refuse("the DICOMDIR references no file");
  // The largest disc of the profile's medium (an 80 min CD-R, a dual-layer DVD): the robot's bins
  // decide which blank it takes, authoring checked the size chosen then.
  std::uint64_t capacity = profile->capacity_bytes;
  if (profile->medium_type)
    for (const auto& size : profile->medium_type->sizes) capacity = std::max(capacity, size.capacity_bytes);
  if (capacity != 0 && out.bytes > capacity)
    return refuse(fmt::format("{} is more than a {} disc holds ({})", megabytes(out.bytes), profile->id, megabytes(capacity)));

  out.taken = true;
  out.dicomdir = std::move(*bytes);
  out.trusted = fmt::format(
      "fast path: the input is an authored {} ({}, {} files): DICOMDIR parsed ({} records, {} files referenced, each "
      "listed with its size; SOP classes and transfer syntaxes allowed by {}), the {} files of SHA256.TXT present; "
      "trusted until read in full while the robot works: the files' contents and SHA-256",
      what, megabytes(out.bytes), out.files, out.records, out.referenced, profile->id, manifest->size());
  return out;
}

}  // namespace discus::jobs
