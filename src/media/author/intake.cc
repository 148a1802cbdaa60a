#include "media/author/intake.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <tuple>

#include "base/file.h"
#include "base/parallel.h"
#include "base/sha256.h"
#include "codec/frames/transcode_pixels.h"
#include "codec/render/icon.h"
#include "dicom/part10/reader.h"
#include "dicom/dict/tags.h"
#include "dicom/dict/transfer_syntax.h"
#include "dicom/dict/uid_registry.h"
#include "dicom/dict/uids.h"
#include "dicom/part10/writer.h"
#include "iod/validator.h"
#include "media/author/instance_check.h"
#include "media/author/lossy_derivative.h"
#include "media/dicomdir/record_types.h"

namespace discus::media::author::detail {

namespace fs = std::filesystem;
namespace tags = dicom::tags;
using base::Error;
using base::ErrorCode;
using base::Finding;
using base::Severity;
using base::Status;

namespace {

std::string text(const dicom::DataSet& ds, dicom::Tag t) { return std::string(ds.get_string(t).value_or("")); }

}  // namespace

void Intake::add_existing(const std::string& sop_instance_uid, const std::string& path, const std::string& file_id) {
  if (!sop_instance_uid.empty())
    by_uid_.emplace(sop_instance_uid, Accepted{path, fmt::format("{} already on the medium", file_id), true});
}

void Intake::take(const std::vector<std::string>& inputs, unsigned threads) {
  ScanOptions so;
  so.threads = threads;
  take(scan(inputs, so), threads);
}

void Intake::take(std::vector<ScannedFile> scanned, unsigned threads) {
  scanned_ = std::move(scanned);
  base_ = result_.files.size();
  result_.files.resize(base_ + scanned_.size());
  // Validation is most of classifying and needs one header at a time: on every thread. What
  // depends on earlier files (duplicates) stays in order below.
  std::vector<Checked> checked(scanned_.size());
  if (now_.empty()) now_ = now_datetime();
  base::parallel_for(scanned_.size(), threads, [&](std::size_t i) { checked[i] = check(i); });
  for (std::size_t i = 0; i < scanned_.size(); ++i) classify(i, std::move(checked[i]));
  for (Finding& x : iod::validate_consistency(summaries_)) result_.findings.push_back(std::move(x));
}

Intake::Checked Intake::check(std::size_t i) {
  ScannedFile& s = scanned_[i];
  Checked out;
  if (s.error) return out;
  dicom::DataSet& ds = s.dicom->dataset;
  const dicom::DataSet& meta = s.dicom->meta;
  if (meta.get_string(tags::MediaStorageSOPClassUID) == dicom::uids::MediaStorageDirectoryStorage) return out;
  // PS3.10 7.1: the File Meta Information describes the data set; when they disagree the data
  // set is the truth and the meta is written anew from it.
  for (auto [m, d, name] : {std::tuple{tags::MediaStorageSOPClassUID, tags::SOPClassUID, "SOP Class UID"},
                            std::tuple{tags::MediaStorageSOPInstanceUID, tags::SOPInstanceUID, "SOP Instance UID"}}) {
    const std::string in_meta = text(meta, m), in_data = text(ds, d);
    if (s.dicom->has_meta && in_meta != in_data && !in_data.empty())
      out.repairs.push_back(fmt::format("File Meta Information rewritten from the data set: Media Storage {} {} was '{}', "
                                        "the data set's {} {} is '{}'", name, dicom::to_string(m), in_meta, name,
                                        dicom::to_string(d), in_data));
  }
  out.invalid_uids = find_invalid_uids(ds);
  const bool replaceable = std::all_of(out.invalid_uids.begin(), out.invalid_uids.end(), [](const InvalidUid& u) { return u.replaceable; });
  if (!out.invalid_uids.empty() && conversion_.replace_invalid_uids && replaceable) {
    // In the header now (DICOMDIR keys, duplicates, validation see the new UIDs); in the file when
    // it is rewritten (rewrite_one), both derived from the old values alone, so they agree.
    const std::size_t n = replace_invalid_uids(ds, conversion_.uid_root, now_);
    std::string list;
    for (std::size_t k = 0; k < out.invalid_uids.size() && k < 3; ++k)
      list += fmt::format("{}{} '{}' -> '{}'", k ? ", " : "", out.invalid_uids[k].tag_path, out.invalid_uids[k].value,
                          derive_uid(conversion_.uid_root, out.invalid_uids[k].value));
    if (out.invalid_uids.size() > 3) list += fmt::format(" and {} more", out.invalid_uids.size() - 3);
    out.repairs.push_back(fmt::format("{} invalid UID(s) replaced: {} (old values in the Original Attributes Sequence "
                                      "(0400,0561), PS3.3 C.12.1.1.9)", n, list));
  }
  out.instance = iod::validate_instance(ds, s.path);
  out.summary = iod::summarize(ds, s.path, "");
  out.profile = profile::check_instance(profile_, ds, std::string(s.dicom->transfer_syntax->uid), s.path);
  return out;
}

void Intake::classify(std::size_t i, Checked checked) {
  ScannedFile& s = scanned_[i];
  FileRecord& rec = record(i);
  rec.source = s.path;
  if (s.error) {
    rec.outcome = s.error->code == ErrorCode::kNotDicom ? Outcome::kNotDicom : Outcome::kUnreadable;
    rec.reason = s.error->describe();
    if (rec.outcome == Outcome::kUnreadable)
      result_.findings.push_back(Finding{"author.unreadable", Severity::kError, s.path, s.error->tag_path, rec.reason, "PS3.10 7", false});
    return;
  }
  const auto& f = *s.dicom;
  const dicom::DataSet& ds = f.dataset;
  const std::string sop_class = text(ds, tags::SOPClassUID);
  if (f.meta.get_string(tags::MediaStorageSOPClassUID) == dicom::uids::MediaStorageDirectoryStorage) {
    rec.outcome = Outcome::kDicomdir;
    rec.reason = "an existing DICOMDIR; the new file-set gets its own";
    return;
  }
  // PS3.5 9.1: a UID that is not one would reach the DICOMDIR. Replaced on request (check() did
  // that), else the instance stays off the medium.
  if (!checked.invalid_uids.empty()) {
    const bool replaceable = std::all_of(checked.invalid_uids.begin(), checked.invalid_uids.end(),
                                         [](const InvalidUid& u) { return u.replaceable; });
    if (!conversion_.replace_invalid_uids || !replaceable) {
      exclude(i, describe_invalid_uids(checked.invalid_uids) +
                     (!replaceable ? "; a class or syntax UID cannot be replaced"
                                   : "; rerun with --replace-invalid-uids to replace such UIDs (old values kept in the "
                                     "Original Attributes Sequence)"),
              "PS3.5 9.1");
      return;
    }
  }
  repairs_.resize(scanned_.size());
  replace_uids_.resize(scanned_.size(), false);
  repairs_[i] = std::move(checked.repairs);
  replace_uids_[i] = !checked.invalid_uids.empty();
  // A second copy of an instance already accepted: one instance goes on the medium, the better
  // copy (same_uid). (A copy that was excluded, e.g. in a compressed syntax, does not block a
  // later one that fits.)
  const std::string uid = text(ds, tags::SOPInstanceUID);
  std::size_t replaced = SIZE_MAX;  // the first copy, when `i` is to take its place
  std::optional<Candidate> saved;
  FileRecord saved_record;
  if (!uid.empty()) {
    if (auto it = by_uid_.find(uid); it != by_uid_.end() || conflicted_.count(uid)) {
      const Accepted first = it != by_uid_.end() ? it->second : Accepted{};
      if (same_uid(i, first, replaced)) return;
    }
  }
  if (replaced != SIZE_MAX) {
    saved_record = record(replaced);
    saved = withdraw(replaced, Outcome::kDuplicate, "");
  }
  for (Finding& x : checked.instance) result_.findings.push_back(std::move(x));
  if (checked.summary) summaries_.push_back(std::move(*checked.summary));
  decide(i, sop_class, std::move(checked.profile));
  if (replaced != SIZE_MAX) settle(i, replaced, std::move(saved), std::move(saved_record), uid);
}

void Intake::settle(std::size_t i, std::size_t replaced, std::optional<Candidate> saved, FileRecord saved_record,
                    const std::string& uid) {
  const bool taken = record(i).outcome == Outcome::kCopied || record(i).outcome == Outcome::kRewritten;
  if (!taken && saved) {
    // This copy cannot go on the medium after all (the profile refuses it): the first one stays.
    const std::string why = record(i).reason;
    record(replaced) = saved_record;
    candidates_.push_back(std::move(*saved));
    by_uid_[uid] = Accepted{scanned_[replaced].path, scanned_[replaced].path, false, replaced};
    record(i).outcome = Outcome::kDuplicate;
    record(i).reason = fmt::format("the same instance as {}, which is on the medium (this copy could not be: {})",
                                   scanned_[replaced].path, why);
    return;
  }
  twins_.push_back(Twin{replaced, i, true});
  record(replaced).reason = fmt::format("the same instance as {} (same attributes apart from the encoding, same pixels "
                                        "decoded), which is on the medium instead: {}",
                                        scanned_[i].path, fidelity(i).first < fidelity(replaced).first
                                                              ? "lossless rather than lossy"
                                                              : "in a syntax the profile prefers");
}

std::pair<int, std::size_t> Intake::fidelity(std::size_t i) const {
  const auto& f = *scanned_[i].dicom;
  const bool lossy = f.transfer_syntax->lossy() || f.dataset.get_string(tags::LossyImageCompression) == "01";
  const std::vector<std::string> allowed = profile_.transfer_syntaxes_for(text(f.dataset, tags::SOPClassUID));
  const auto at = std::find(allowed.begin(), allowed.end(), std::string(f.transfer_syntax->uid));
  return {lossy ? 1 : 0, static_cast<std::size_t>(at - allowed.begin())};
}

std::optional<Candidate> Intake::withdraw(std::size_t file, Outcome outcome, std::string reason) {
  std::optional<Candidate> out;
  for (auto it = candidates_.begin(); it != candidates_.end(); ++it)
    if (it->file == file) {
      out = std::move(*it);
      candidates_.erase(it);
      break;
    }
  FileRecord& rec = record(file);
  rec.outcome = outcome;
  rec.reason = std::move(reason);
  rec.transfer_syntax.clear();
  return out;
}

bool Intake::same_uid(std::size_t i, const Accepted& first, std::size_t& replaced) {
  const std::string uid = text(scanned_[i].dicom->dataset, tags::SOPInstanceUID);
  FileRecord& rec = record(i);
  auto unreadable = [&](std::size_t file, const base::Error& e, const std::string& other) {
    FileRecord& r = record(file);
    r.outcome = Outcome::kUnreadable;
    base::Error about = e;  // the record names its file already
    if (about.file == scanned_[file].path) about.file.clear();
    r.reason = fmt::format("{} (the SOP Instance UID of {}, but this copy is broken)", about.describe(), other);
    result_.findings.push_back(Finding{"author.unreadable", Severity::kError, scanned_[file].path, e.tag_path, r.reason, "PS3.10 7", false});
  };
  // A third copy of a UID already in conflict conflicts too.
  if (auto c = conflicted_.find(uid); c != conflicted_.end()) {
    rec.outcome = Outcome::kConflict;
    rec.conflict_with = c->second.first;
    rec.reason = fmt::format("same SOP Instance UID as {} and {}, which differ from each other; none is on the medium",
                             c->second.first, c->second.second);
    return true;
  }
  if (first.on_medium || first.file == SIZE_MAX) {
    duplicate(i, first);
    return true;
  }
  // Byte for byte the same: nothing to compare (and a broken pair stays what the first is).
  const auto ha = base::sha256_file(first.path);
  const auto hb = base::sha256_file(scanned_[i].path);
  if (ha && hb && *ha == *hb) {
    duplicate(i, first);
    return true;
  }
  // Otherwise each is read whole and the pixels decoded: a broken file is unreadable, never a duplicate.
  auto a = dicom::part10::read_file(first.path);
  auto b = dicom::part10::read_file(scanned_[i].path);
  if (!b) {
    unreadable(i, b.error(), first.path);
    return true;
  }
  auto first_broken = [&](const base::Error& e) {
    withdraw(first.file, Outcome::kUnreadable, "");
    unreadable(first.file, e, scanned_[i].path);
    by_uid_.erase(uid);
    return false;  // `i` takes its place, decided afresh
  };
  if (!a) return first_broken(a.error());
  // (Invalid UIDs, if any, are compared as found: the replacement is a function of the old value.)
  Comparison cmp = compare_instances(*a, *b, codecs());
  if (cmp.failure && cmp.failure->first == 1) {
    unreadable(i, cmp.failure->second, first.path);
    return true;
  }
  if (cmp.failure) return first_broken(cmp.failure->second);
  if (cmp.same()) {
    if (fidelity(i) < fidelity(first.file)) {
      replaced = first.file;
      by_uid_.erase(uid);
      return false;
    }
    rec.outcome = Outcome::kDuplicate;
    rec.reason = fmt::format("the same instance as {} (same attributes apart from the encoding, same pixels decoded), "
                             "which is on the medium", first.path);
    twins_.push_back(Twin{i, first.file, true});  // should the first fail to copy, this one says so
    return true;
  }
  // PS3.3 C.12.1.1.1: one UID names one instance. Which of the two is right is not ours to say.
  std::vector<Difference> mine, theirs;
  for (const Difference& d : cmp.differences) {
    theirs.push_back(d);
    mine.push_back(Difference{d.tag_path, d.keyword, d.other, d.value});
  }
  std::string where;
  for (std::size_t k = 0; k < cmp.differences.size() && k < 3; ++k)
    where += fmt::format("{}{} {}", k ? ", " : "", cmp.differences[k].tag_path, cmp.differences[k].keyword);
  if (cmp.differences.size() > 3) where += fmt::format(" and {} more", cmp.differences.size() - 3);
  withdraw(first.file, Outcome::kConflict,
           fmt::format("same SOP Instance UID as {} but a different instance (differs in {}); neither is on the medium",
                       scanned_[i].path, where));
  FileRecord& was = record(first.file);
  was.conflict_with = scanned_[i].path;
  was.differences = std::move(theirs);
  rec.outcome = Outcome::kConflict;
  rec.reason = fmt::format("same SOP Instance UID as {} but a different instance (differs in {}); neither is on the medium",
                           first.path, where);
  rec.conflict_with = first.path;
  rec.differences = std::move(mine);
  by_uid_.erase(uid);
  conflicted_[uid] = Conflicted{first.path, scanned_[i].path};
  for (std::size_t file : {first.file, i})
    result_.findings.push_back(Finding{"consistency.sop-instance-content", Severity::kError, scanned_[file].path, "(0008,0018)",
                                       record(file).reason, "PS3.3 C.12.1.1.1", false});
  return true;
}

// Same SOP Instance UID twice: one copy goes on the medium; different content is an error between
// inputs. Against the medium it is a warning: the medium's copy may have been re-encoded when it
// was written, and an FSU replaces a file only by delete + write new, which `update` does not do.
void Intake::duplicate(std::size_t i, const Accepted& first) {
  FileRecord& rec = record(i);
  rec.outcome = Outcome::kDuplicate;
  const auto a = base::sha256_file(first.path);
  const auto b = base::sha256_file(scanned_[i].path);
  const bool same = a && b && *a == *b;
  if (first.file != SIZE_MAX) twins_.push_back(Twin{i, first.file, same});
  rec.reason = same ? fmt::format("identical to {}", first.description)
                    : fmt::format("same SOP Instance UID as {} but different content", first.description);
  if (same) return;
  if (first.on_medium)
    result_.findings.push_back(Finding{"update.already-on-medium", Severity::kWarning, scanned_[i].path, "(0008,0018)",
                                       rec.reason + " (the medium's copy is kept; it may have been re-encoded when written)",
                                       "PS3.10 8.3", false});
  else
    result_.findings.push_back(Finding{"consistency.sop-instance-content", Severity::kError, scanned_[i].path, "(0008,0018)",
                                       rec.reason + "; only the first is on the medium", "PS3.3 C.12.1.1.1", false});
}

void Intake::decide(std::size_t i, const std::string& sop_class, std::vector<Finding> profile_findings) {
  const auto& f = *scanned_[i].dicom;
  FileRecord& rec = record(i);
  const std::string ts(f.transfer_syntax->uid);
  const std::vector<std::string> allowed = profile_.transfer_syntaxes_for(sop_class);
  if (dicomdir::record_type_for(sop_class) == nullptr) {
    exclude(i, fmt::format("SOP Class {} has no DICOMDIR record type", dicom::dict::describe_uid(sop_class)), "PS3.3 F.4-1");
    return;
  }
  if (allowed.empty()) {
    exclude(i, fmt::format("SOP Class {} is not allowed by {}", dicom::dict::describe_uid(sop_class), profile_.id),
            profile_.reference);
    return;
  }
  for (Finding& x : profile_findings) {
    if (x.rule == "profile.transfer-syntax") continue;  // decided below, with the repair
    if (x.severity == Severity::kError) {
      exclude(i, x.message, x.reference);
      result_.findings.push_back(std::move(x));
      return;
    }
    result_.findings.push_back(std::move(x));
  }
  const std::string uid = text(f.dataset, tags::SOPInstanceUID);  // as read: a lossy target changes it below
  Candidate c{i, ts, false, {}, {}, {}, false};
  if (!choose_target(i, allowed, c)) return;
  // What rewriting changes, for the record's reason (issue 11: say what was repaired).
  std::vector<std::string> changes = i < repairs_.size() ? repairs_[i] : std::vector<std::string>{};
  c.replace_uids = i < replace_uids_.size() && replace_uids_[i];
  if (c.target_ts != ts)
    changes.push_back(fmt::format("transfer syntax {} -> {}", f.transfer_syntax->name, dicom::dict::describe_uid(c.target_ts)));
  // A file without a proper preamble and meta, or with tolerated damage, is rewritten clean.
  if (!f.has_preamble || !f.has_meta || !f.warnings.empty())
    changes.push_back(fmt::format("re-encoded as a conformant Part 10 file ({})",
                                  f.warnings.empty() ? std::string("no preamble or File Meta Information") : f.warnings.front().message));
  if (!changes.empty()) c.rewrite = true;
  for (std::size_t k = 0; k < changes.size(); ++k) {
    if (c.target_ts != ts && changes[k].rfind("transfer syntax", 0) == 0) continue;  // choose_target said it
    result_.findings.push_back(Finding{"author.rewritten", Severity::kInfo, scanned_[i].path, "", changes[k],
                                       changes[k].rfind("File Meta", 0) == 0 ? "PS3.10 7.1"
                                       : changes[k].find("invalid UID") != std::string::npos ? "PS3.3 C.12.1.1.9"
                                                                                             : "PS3.10 7.1",
                                       true});
  }
  rec.outcome = c.rewrite ? Outcome::kRewritten : Outcome::kCopied;
  if (c.rewrite) {
    rec.reason.clear();
    for (const std::string& x : changes) rec.reason += (rec.reason.empty() ? "" : "; ") + x;
  }
  rec.transfer_syntax = c.target_ts;
  by_uid_.emplace(uid, Accepted{scanned_[i].path, scanned_[i].path, false, i});
  candidates_.push_back(std::move(c));
}

// The syntax the instance is written in (transfer_syntax_choice.h), with the finding that says
// why it changed. False when the instance cannot go on the medium (it is then excluded).
bool Intake::choose_target(std::size_t i, const std::vector<std::string>& allowed, Candidate& c) {
  const auto& f = *scanned_[i].dicom;
  ChoiceInput in{allowed, f.transfer_syntax, f.dataset.contains(tags::PixelData),
                 f.dataset.get_uint16(tags::BitsStored).value_or(16), conversion_.compression};
  auto chosen = choose_transfer_syntax(in, codecs());
  if (!chosen) {
    exclude(i, fmt::format("{} on {}", chosen.error().message, profile_.id), profile_.reference);
    return false;
  }
  const std::string ts(f.transfer_syntax->uid);
  if (*chosen == ts) return true;
  const auto* target = dicom::dict::find_transfer_syntax(*chosen);
  c.target_ts = *chosen;
  c.rewrite = true;
  const bool allowed_as_is = std::find(allowed.begin(), allowed.end(), ts) != allowed.end();
  in.compression = Compression::kNone;
  if (auto plain = choose_transfer_syntax(in, codecs()); plain && *plain != *chosen) c.fallback_ts = *plain;
  // Encoding into a lossy syntax makes a new instance; decoding one (to fit a profile) does not.
  if (target->may_be_lossy() && target->encapsulated() && conversion_.uids) c.new_sop_instance_uid = conversion_.uids->next();
  std::string what = fmt::format("{} ({})", target->name, target->uid);
  if (!target->encapsulated()) what += ", every element kept";
  if (!c.new_sop_instance_uid.empty())
    what += fmt::format("; lossy, so a new SOP Instance UID {} (PS3.3 C.7.6.1.1.5)", c.new_sop_instance_uid);
  if (allowed_as_is)
    result_.findings.push_back(Finding{"author.compressed", Severity::kInfo, scanned_[i].path, "(0002,0010)",
                                       fmt::format("compressed as --compress {} asks: {}", to_string(conversion_.compression), what),
                                       "PS3.5 8.2", false});
  else
    result_.findings.push_back(Finding{"profile.transfer-syntax", Severity::kWarning, scanned_[i].path, "(0002,0010)",
                                       fmt::format("{} is not allowed by {}; written as {}", f.transfer_syntax->name, profile_.id, what),
                                       profile_.reference, true});
  if (!c.new_sop_instance_uid.empty()) {
    // The DICOMDIR record must name the instance that is on the medium.
    scanned_[i].dicom->dataset.set_string(tags::SOPInstanceUID, dicom::VR::UI, c.new_sop_instance_uid);
  }
  return true;
}

void Intake::exclude(std::size_t i, std::string reason, std::string reference) {
  FileRecord& rec = record(i);
  rec.outcome = Outcome::kExcluded;
  rec.reason = reason;
  result_.findings.push_back(Finding{"author.excluded", Severity::kError, scanned_[i].path, "", std::move(reason),
                                     std::move(reference), false});
}

std::vector<fileset::PlanInput> Intake::plan_inputs() const {
  std::vector<fileset::PlanInput> in;
  for (const Candidate& c : candidates_) {
    const dicom::DataSet& ds = scanned_[c.file].dicom->dataset;
    std::error_code ec;
    const std::uint64_t size = fs::file_size(scanned_[c.file].path, ec);
    in.push_back(fileset::PlanInput{text(ds, tags::PatientID), text(ds, tags::StudyInstanceUID), text(ds, tags::SeriesInstanceUID),
                                    text(ds, tags::SOPInstanceUID), ds.get_int(tags::InstanceNumber).value_or(0),
                                    ec ? 0 : size});
  }
  return in;
}

void Intake::assign(std::vector<fileset::FileId> file_ids) {
  for (std::size_t k = 0; k < candidates_.size() && k < file_ids.size(); ++k) candidates_[k].file_id = std::move(file_ids[k]);
}

// Re-encodes the instance in `ts`: pixel data decoded and encoded one frame at a time where the
// syntaxes differ in compression, otherwise left in the source and copied in chunks.
Status Intake::rewrite_one(const Candidate& c, const std::string& ts, const std::string& out, FileRecord& rec) {
  const ScannedFile& s = scanned_[c.file];
  DISCUS_TRY(auto full, dicom::part10::read_file(s.path));
  if (c.replace_uids) replace_invalid_uids(full.dataset, conversion_.uid_root, now_);
  const auto* target = dicom::dict::find_transfer_syntax(ts);
  if (target == nullptr) return Error{ErrorCode::kUnsupported, fmt::format("unknown transfer syntax {}", ts)};
  DISCUS_CHECK(codec::transcode_pixel_data(full.dataset, *full.transfer_syntax, *target, codecs()));
  if (!c.new_sop_instance_uid.empty() && target->may_be_lossy()) {
    DISCUS_TRY(const LossyStep step, measure_lossy_step(full.dataset, *target, c.new_sop_instance_uid));
    mark_lossy_derivative(full.dataset, full.meta, step);
  }
  dicom::part10::WriteOptions w;
  w.transfer_syntax_uid = ts;
  w.sync = false;  // the caller flushes the whole file-set once (author: not at all)
  DISCUS_CHECK(dicom::part10::write_file(out, full.dataset, &full.meta, w));
  // Issue 12: every compressed instance on the medium decodes (ours just encoded, or copied).
  if (target->encapsulated()) DISCUS_CHECK(decode_every_frame(out, codecs()));
  DISCUS_TRY(rec.sha256, base::sha256_file(out));  // what the writer put on disk
  rec.transfer_syntax = ts;
  return {};
}

Status Intake::copy_one(const Candidate& c, const std::string& out_dir, std::vector<Finding>& notes,
                        const std::function<Status(const std::string&)>& folder_made) {
  const ScannedFile& s = scanned_[c.file];
  FileRecord& rec = result_.files[base_ + c.file];
  const std::string rel = fileset::to_relative_path(c.file_id);
  const fs::path out_path = fs::path(out_dir) / rel;
  DISCUS_CHECK(folder_made(out_path.parent_path().string()));
  const std::string out = out_path.string();
  if (c.rewrite) {
    auto st = rewrite_one(c, c.target_ts, out, rec);
    // Compression that was asked for but is not needed by the profile falls back to what the
    // profile accepts (e.g. an encoder that cannot take 1-bit or 32-bit data).
    if (!st && !c.fallback_ts.empty() && c.new_sop_instance_uid.empty()) {
      notes.push_back(Finding{"author.compression-failed", Severity::kWarning, s.path, "(7FE0,0010)",
                              fmt::format("compressing to {} failed ({}); written as {} instead", c.target_ts,
                                          st.error().describe(), c.fallback_ts),
                              "PS3.5 8.2", false});
      st = rewrite_one(c, c.fallback_ts, out, rec);
    }
    // A compressed source that did not convert: the frame-by-frame decode names the frame and
    // where it is in the file (only on this failure path: no second decode of good files).
    if (!st && s.dicom->transfer_syntax->encapsulated())
      if (auto precise = decode_every_frame(s.path, codecs()); !precise) st = std::move(precise).error();
    DISCUS_CHECK(st);
    rec.bytes = fs::file_size(out);
  } else {
    // A compressed stream that does not decode stays off the medium (issue 12); a native one is
    // checked for length. Before the copy: nothing to remove when it fails.
    if (s.dicom->transfer_syntax->encapsulated()) DISCUS_CHECK(decode_every_frame(s.path, codecs()));
    else DISCUS_CHECK(check_native_length(*s.dicom));
    // Copied in the kernel and hashed as read back from the page cache, with our own preamble
    // (issue 12: the source's 128 bytes are outside data, not ours to carry; PS3.10 7.1).
    // Reading the medium itself back is the burner's verification (issue 6), not the copy's.
    static const base::Bytes kPreamble(128, 0);
    DISCUS_TRY(rec.sha256, base::copy_file_sha256(s.path, out, &rec.bytes, kPreamble));
  }
  rec.file_id = rel;
  return {};
}

Status Intake::copy_all(const std::string& out_dir, unsigned threads, const std::function<void()>& alongside) {
  // Each folder is made once, by the first file that needs it: one mkdir per folder, not a stat
  // per file, and on every thread (the mkdirs are the slow part).
  std::mutex folders_lock;
  std::set<std::string> folders;
  auto folder_made = [&](const std::string& folder) -> Status {
    {
      std::lock_guard lock(folders_lock);
      if (folders.count(folder)) return {};
    }
    std::error_code ec;
    fs::create_directories(folder, ec);  // another thread making it too is not an error
    if (ec) return Error{ErrorCode::kIo, fmt::format("cannot create folder: {}", ec.message())}.in_file(folder);
    std::lock_guard lock(folders_lock);
    folders.insert(folder);
    return {};
  };
  std::vector<std::optional<Error>> errors(candidates_.size());
  std::vector<std::vector<Finding>> notes(candidates_.size());
  std::atomic<std::size_t> done{0};
  auto cancelled = [&] { return hooks_.cancel != nullptr && hooks_.cancel->load(std::memory_order_relaxed); };
  auto copy = [&](std::size_t k) {
    if (cancelled()) return;  // between files: the caller removes what was written
    if (auto st = copy_one(candidates_[k], out_dir, notes[k], folder_made); !st) {
      errors[k] = std::move(st).error();
      if (errors[k]->file.empty()) errors[k]->file = scanned_[candidates_[k].file].path;
    }
    if (hooks_.progress) hooks_.progress(++done, candidates_.size(), scanned_[candidates_[k].file].path);
  };
  base::parallel_for(candidates_.size(), threads, copy, alongside);
  if (cancelled()) return Error{ErrorCode::kCancelled, "cancelled while copying the instances"};
  for (auto& n : notes)
    for (Finding& x : n) result_.findings.push_back(std::move(x));
  // A fault of the output stops the job; any other failure leaves only its file off the medium.
  for (std::size_t k = 0; k < errors.size(); ++k)
    if (errors[k] && job_wide(*errors[k], out_dir)) return *errors[k];
  std::vector<Candidate> kept;
  kept.reserve(candidates_.size());
  for (std::size_t k = 0; k < candidates_.size(); ++k) {
    if (!errors[k]) {
      kept.push_back(std::move(candidates_[k]));
      continue;
    }
    drop(candidates_[k], *errors[k], out_dir);
    ++dropped_;
  }
  candidates_ = std::move(kept);
  // Byte-identical copies of a dropped file fail the same way: they are what it is, not duplicates
  // of something on the medium.
  for (const Twin& t : twins_) {
    const FileRecord& first = record(t.first);
    if (!t.same || (first.outcome != Outcome::kUnreadable && first.outcome != Outcome::kExcluded)) continue;
    FileRecord& rec = record(t.file);
    rec.outcome = first.outcome;
    rec.reason = fmt::format("the same instance as {}, which was left off: {}", scanned_[t.first].path, first.reason);
    result_.findings.push_back(Finding{first.outcome == Outcome::kUnreadable ? "author.unreadable" : "author.excluded",
                                       Severity::kError, scanned_[t.file].path, "", rec.reason, "PS3.10 7", false});
  }
  return {};
}

// ENOSPC or EDQUOT anywhere, or any I/O failure on a file of the file-set: the output itself is
// at fault and every later file would fail the same way. Everything else (a stream that does not
// decode, a source that cannot be read again) is about one input.
bool Intake::job_wide(const Error& e, const std::string& out_dir) {
  if (e.code == ErrorCode::kCancelled) return true;
  for (int no : {ENOSPC, EDQUOT})
    if (e.message.find(std::strerror(no)) != std::string::npos) return true;
  if (e.code != ErrorCode::kIo || e.file.empty()) return false;
  const std::string root = fs::weakly_canonical(out_dir).string() + "/";
  return fs::weakly_canonical(e.file).string().rfind(root, 0) == 0;
}

// A candidate whose copy failed: its partial output goes, its record says why (unreadable when
// the data is broken, excluded when it is valid but cannot be converted), and it leaves the
// candidates so that no DICOMDIR record names it.
void Intake::drop(const Candidate& c, const Error& e, const std::string& out_dir) {
  FileRecord& rec = record(c.file);
  const ScannedFile& s = scanned_[c.file];
  if (!c.file_id.empty()) {
    std::error_code ec;
    const fs::path out = fs::path(out_dir) / fileset::to_relative_path(c.file_id);
    fs::remove(out, ec);
    // Folders it alone was in go too (remove() leaves a folder that is not empty): no empty
    // series or study folder on the medium.
    for (fs::path up = out.parent_path(); up.has_relative_path() && up != fs::path(out_dir) && fs::remove(up, ec);)
      up = up.parent_path();
  }
  const bool broken = e.code != ErrorCode::kUnsupported && e.code != ErrorCode::kInvalidArgument &&
                      e.code != ErrorCode::kLimitExceeded && e.code != ErrorCode::kNotFound;
  rec.outcome = broken ? Outcome::kUnreadable : Outcome::kExcluded;
  Error about = e;  // the record names its file already
  if (about.file == s.path) about.file.clear();
  rec.reason = fmt::format("{} failed: {}", c.rewrite ? "converting it for the medium" : "copying it", about.describe());
  rec.file_id.clear();
  rec.sha256.clear();
  rec.bytes = 0;
  rec.transfer_syntax.clear();
  result_.findings.push_back(Finding{broken ? "author.unreadable" : "author.excluded", Severity::kError, s.path, e.tag_path,
                                     rec.reason, broken ? "PS3.5 8.2" : profile_.reference, false});
}

bool Intake::entries_final() const {
  return std::all_of(candidates_.begin(), candidates_.end(), [](const Candidate& c) { return c.fallback_ts.empty(); });
}

std::vector<std::string> Intake::written(const std::string& out_dir) const {
  std::vector<std::string> out;
  for (const Candidate& c : candidates_)
    if (!c.file_id.empty()) out.push_back((fs::path(out_dir) / fileset::to_relative_path(c.file_id)).string());
  return out;
}

void Intake::make_icons(const profile::IconRule& rule, const std::string& out_dir, unsigned threads) {
  icons_.assign(candidates_.size(), std::nullopt);
  std::vector<std::optional<Finding>> problems(candidates_.size());
  base::parallel_for(candidates_.size(), threads, [&](std::size_t k) {
    const Candidate& c = candidates_[k];
    const dicom::DataSet& header = scanned_[c.file].dicom->dataset;
    const auto* type = dicomdir::record_type_for(text(header, tags::SOPClassUID));
    if (type == nullptr || !header.contains(tags::PixelData) ||
        std::find(rule.record_types.begin(), rule.record_types.end(), type->record_type) == rule.record_types.end())
      return;
    const std::string path = (fs::path(out_dir) / fileset::to_relative_path(c.file_id)).string();
    auto icon = [&]() -> base::Result<dicom::DataSet> {
      DISCUS_TRY(auto file, dicom::part10::read_file(path));  // pixel data stays in the file until decoded
      return codec::render::make_icon_item(file.dataset, *file.transfer_syntax, rule.max_size, codecs());
    }();
    if (icon) icons_[k] = std::move(*icon);
    else
      problems[k] = Finding{"author.icon", Severity::kError, scanned_[c.file].path, "(0088,0200)",
                            fmt::format("no icon image for its DICOMDIR record: {}", icon.error().describe()), rule.reference, false};
  });
  for (auto& p : problems)
    if (p) result_.findings.push_back(std::move(*p));
}

std::vector<dicomdir::InstanceEntry> Intake::entries() const {
  std::vector<dicomdir::InstanceEntry> entries;
  for (const Candidate& c : candidates_) {
    // As written: a compression that failed fell back to another syntax (copy_one). Without a
    // fallback it is the target, and the record is not read (copy_all may be writing it).
    const std::string& ts = c.fallback_ts.empty() ? c.target_ts : result_.files[base_ + c.file].transfer_syntax;
    const std::size_t k = static_cast<std::size_t>(&c - candidates_.data());
    const dicom::DataSet* icon = k < icons_.size() && icons_[k] ? &*icons_[k] : nullptr;
    entries.push_back(dicomdir::InstanceEntry{c.file_id, &scanned_[c.file].dicom->dataset, ts.empty() ? c.target_ts : ts,
                                              scanned_[c.file].path, icon});
  }
  return entries;
}

void Intake::release_headers(unsigned threads) {
  base::parallel_for(scanned_.size(), threads, [&](std::size_t k) { scanned_[k].dicom.reset(); });
  icons_.clear();
}

Status check_no_overlap(const std::vector<std::string>& inputs, const std::string& root) {
  // By device and inode, not by path text: a hard link, "a/../a" or a symlinked folder is caught.
  for (const std::string& in : inputs) DISCUS_CHECK(base::check_apart(in, root));
  return {};
}

dicomdir::BuildOptions build_options(const profile::ApplicationProfile& profile, std::string fileset_id, std::string fileset_uid) {
  dicomdir::BuildOptions bo;
  bo.fileset_id = std::move(fileset_id);
  bo.fileset_uid = std::move(fileset_uid);
  for (const profile::DirectoryKey& k : profile.directory_keys)
    // Icons are rendered by make_icons(), not copied from the instance.
    if (!k.in_sequence && k.tag != tags::IconImageSequence) bo.extra_keys.push_back(dicomdir::ExtraKey{k.record_type, k.tag, k.type, profile.directory_keys_reference});
  return bo;
}

Status write_root_file(const std::string& root, const std::string& name, base::ByteView bytes, bool sync) {
  DISCUS_TRY(auto out, base::AtomicOutputFile::create((fs::path(root) / name).string()));
  DISCUS_CHECK(out.write(bytes));
  DISCUS_CHECK(out.commit(sync));
  return {};
}

base::Result<std::uint64_t> write_manifest(const std::string& root, const std::vector<FileRecord>& files,
                                           const std::vector<std::pair<std::string, std::string>>& extra, bool sync) {
  // Sorted by path, as `discus decrypt` and `encrypt` write theirs: the same medium gets the same
  // manifest whichever command wrote it (other content such as AUTORUN.INF sorts first).
  std::vector<std::pair<std::string, std::string>> lines;
  for (const FileRecord& f : files)
    if (!f.file_id.empty()) lines.emplace_back(f.file_id, f.sha256);
  for (const auto& [name, hash] : extra) lines.emplace_back(name, hash);
  std::sort(lines.begin(), lines.end());
  std::string text;
  for (const auto& [name, hash] : lines) text += fmt::format("{}  {}\n", hash, name);
  DISCUS_CHECK(write_root_file(root, "SHA256.TXT", base::as_bytes(text), sync));
  return static_cast<std::uint64_t>(text.size());
}

}  // namespace discus::media::author::detail
