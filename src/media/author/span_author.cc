#include "media/author/span_author.h"

#include <fmt/format.h>

#include <filesystem>
#include <map>

#include "dicom/dict/tags.h"
#include "dicom/dict/uids.h"
#include "media/author/intake.h"
#include "media/author/scan.h"

namespace discus::media::author {

namespace fs = std::filesystem;
namespace tags = dicom::tags;
using base::Error;
using base::ErrorCode;
using base::Result;

namespace {

std::string text(const dicom::DataSet& ds, dicom::Tag t) { return std::string(ds.get_string(t).value_or("")); }

// Each volume's File-set ID: the one asked for, marked with the volume number, within the 16
// characters of CS (PS3.5 6.2).
std::string volume_fileset_id(const std::string& base, std::size_t v) {
  if (base.empty()) return fmt::format("VOL{:03}", v + 1);
  return fmt::format("{}_V{:03}", base.substr(0, 11), v + 1);
}

// Indices into the one scan of all inputs.
struct Sorted {
  std::vector<fileset::SpanItem> items;
  std::vector<std::size_t> files;   // parallel to items
  std::vector<std::size_t> others;  // not instances: go with the first volume
  std::vector<std::pair<std::size_t, std::size_t>> duplicates;  // file, item it repeats
};

Sorted sort_inputs(const std::vector<ScannedFile>& scanned) {
  Sorted s;
  std::map<std::string, std::size_t> by_uid;
  for (std::size_t k = 0; k < scanned.size(); ++k) {
    const ScannedFile& f = scanned[k];
    if (!f.dicom || f.dicom->meta.get_string(tags::MediaStorageSOPClassUID) == dicom::uids::MediaStorageDirectoryStorage) {
      s.others.push_back(k);
      continue;
    }
    const dicom::DataSet& ds = f.dicom->dataset;
    const std::string uid = text(ds, tags::SOPInstanceUID);
    if (auto it = by_uid.find(uid); !uid.empty() && it != by_uid.end()) {
      s.duplicates.emplace_back(k, it->second);  // author() reports it as a duplicate on that volume
      continue;
    }
    by_uid.emplace(uid, s.items.size());
    std::error_code ec;
    const std::uint64_t size = fs::file_size(f.path, ec);
    s.items.push_back({text(ds, tags::PatientID), text(ds, tags::StudyInstanceUID), text(ds, tags::SeriesInstanceUID),
                       f.path, ec ? 0 : size});
    s.files.push_back(k);
  }
  return s;
}

}  // namespace

bool SpanResult::complete() const {
  for (const AuthoredVolume& v : volumes)
    if (!v.result.complete()) return false;
  return true;
}

std::uint64_t span_reserved_bytes(std::size_t instances) {
  // author() itself keeps 1 MiB for DICOMDIR, README.TXT and SHA256.TXT; beyond a few thousand
  // instances their records (about 500 bytes each in all three) outgrow that.
  return (1u << 20) + 512ull * instances;
}

Result<SpanResult> author_volumes(const SpanAuthorOptions& o, const profile::ApplicationProfile& profile, base::UidSource& uids) {
  SpanResult r;
  r.profile_id = profile.id;
  r.volume_bytes = o.volume_bytes != 0 ? o.volume_bytes : profile.capacity_bytes;
  if (r.volume_bytes == 0)
    return Error{ErrorCode::kInvalidArgument,
                 fmt::format("profile {} gives no capacity (the medium's size depends on the device); say how large a "
                             "volume is",
                             profile.id)};
  std::error_code ec;
  if (fs::exists(o.author.out_dir, ec) && !fs::is_empty(o.author.out_dir, ec))
    return Error{ErrorCode::kInvalidArgument, fmt::format("output folder '{}' exists and is not empty", o.author.out_dir)};

  // Every header is read once: the volumes are planned from this scan, and each volume is
  // authored from its share of it.
  ScanOptions scan_options;
  scan_options.threads = o.author.threads;
  std::vector<ScannedFile> scanned = scan(o.author.inputs, scan_options);
  const Sorted in = sort_inputs(scanned);
  if (in.items.empty())
    return Error{ErrorCode::kInvalidArgument, "no DICOM instance among the inputs; PS3.11 allows no empty DICOMDIR"};
  fileset::SpanOptions so;
  so.volume_bytes = r.volume_bytes;
  so.reserved_bytes = span_reserved_bytes(in.items.size());
  DISCUS_TRY(fileset::SpanPlan plan, fileset::plan_span(in.items, so));

  std::vector<std::vector<std::size_t>> shares(plan.volumes.size());  // scan indices, in input order per volume
  std::vector<std::size_t> volume_of(in.items.size());
  for (std::size_t v = 0; v < plan.volumes.size(); ++v)
    for (std::size_t i : plan.volumes[v].items) {
      shares[v].push_back(in.files[i]);
      volume_of[i] = v;
    }
  for (const auto& [file, first] : in.duplicates) shares[volume_of[first]].push_back(file);
  for (std::size_t k : in.others) shares[0].push_back(k);

  profile::ApplicationProfile volume_profile = profile;
  volume_profile.capacity_bytes = r.volume_bytes;
  for (std::size_t v = 0; v < plan.volumes.size(); ++v) {
    AuthoredVolume av;
    av.name = fmt::format("VOL{:03}", v + 1);
    av.fileset_id = volume_fileset_id(o.author.fileset_id, v);
    AuthorOptions ao = o.author;
    ao.inputs.clear();
    std::vector<ScannedFile> share;
    for (std::size_t k : shares[v]) {
      ao.inputs.push_back(scanned[k].path);
      share.push_back(std::move(scanned[k]));
    }
    ao.out_dir = (fs::path(o.author.out_dir) / av.name).string();
    ao.fileset_id = av.fileset_id;
    ao.readme_sections.push_back(span_volume_section(v + 1, plan.volumes.size()));
    auto done = detail::author_scanned(ao, std::move(share), volume_profile, uids);
    if (!done) return std::move(done.error()).in_file(ao.out_dir);
    av.result = std::move(*done);
    r.volumes.push_back(std::move(av));
  }
  r.studies = std::move(plan.studies);
  return r;
}

std::string span_report_text(const SpanResult& r) {
  std::string out = fmt::format("{} volume(s) of at most {} bytes for profile {}; PS3.11 allows no multi-volume file-set, "
                                "so each volume is a complete file-set.\n",
                                r.volumes.size(), r.volume_bytes, r.profile_id);
  for (const AuthoredVolume& v : r.volumes)
    out += fmt::format("{}  {}  File-set ID {}: {} patient(s), {} study(ies), {} instance(s), {} bytes\n", v.name,
                       v.result.out_dir, v.fileset_id, v.result.patients, v.result.studies, v.result.instances,
                       v.result.total_bytes);
  out += "Study -> volume:\n";
  for (const fileset::StudyPlacement& s : r.studies) {
    std::string where;
    for (std::size_t v : s.volumes) where += fmt::format("{}{}", where.empty() ? "" : ", ", r.volumes[v].name);
    out += fmt::format("  patient {}  study {}: {}{}\n", s.patient_id, s.study_uid, where,
                       s.volumes.size() > 1 ? " (larger than one volume: split at series boundaries)" : "");
  }
  return out;
}

nlohmann::ordered_json span_report_json(const SpanResult& r) {
  nlohmann::ordered_json j;
  j["profile"] = r.profile_id;
  j["volume_bytes"] = r.volume_bytes;
  j["volumes"] = nlohmann::ordered_json::array();
  for (const AuthoredVolume& v : r.volumes)
    j["volumes"].push_back({{"name", v.name}, {"dir", v.result.out_dir}, {"fileset_id", v.fileset_id},
                            {"patients", v.result.patients}, {"studies", v.result.studies},
                            {"instances", v.result.instances}, {"bytes", v.result.total_bytes},
                            {"complete", v.result.complete()}});
  j["studies"] = nlohmann::ordered_json::array();
  for (const fileset::StudyPlacement& s : r.studies) {
    nlohmann::ordered_json vols = nlohmann::ordered_json::array();
    for (std::size_t v : s.volumes) vols.push_back(r.volumes[v].name);
    j["studies"].push_back({{"patient_id", s.patient_id}, {"study_uid", s.study_uid}, {"instances", s.instances},
                            {"bytes", s.bytes}, {"volumes", vols}, {"split", s.volumes.size() > 1}});
  }
  return j;
}

}  // namespace discus::media::author
