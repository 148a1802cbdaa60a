#include "import/importer.h"

#include <algorithm>
#include <filesystem>
#include <mutex>
#include <set>
#include <system_error>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "base/file.h"
#include "base/parallel.h"
#include "base/sha256.h"
#include "base/text.h"
#include "dicom/dict/tags.h"
#include "dicom/dict/uids.h"
#include "dicom/part10/reader.h"
#include "dicom/part10/writer.h"
#include "import/coerce.h"
#include "media/author/uid_repair.h"
#include "media/dicomdir/reader.h"
#include "media/dicomdir/resolver.h"
#include "media/secure/ber.h"
#include "media/secure/secure.h"
#include "output/verify/verify.h"

namespace discus::import {
namespace fs = std::filesystem;
namespace tags = dicom::tags;
using base::Error;
using base::ErrorCode;

std::string_view outcome_name(Outcome o) {
  switch (o) {
    case Outcome::kImported: return "imported";
    case Outcome::kAlreadyImported: return "already-imported";
    case Outcome::kConflict: return "conflict";
    case Outcome::kHeld: return "held";
    case Outcome::kNotDicom: return "not-dicom";
    case Outcome::kUnreadable: return "unreadable";
    case Outcome::kExcluded: return "excluded";
  }
  return "unreadable";
}

std::map<std::string, std::size_t> ImportReport::counts() const {
  std::map<std::string, std::size_t> c;
  for (Outcome o : kAllOutcomes) c[std::string(outcome_name(o))] = 0;
  for (const FileResult& f : files) ++c[std::string(outcome_name(f.outcome))];
  return c;
}

bool ImportReport::complete() const {
  return std::none_of(files.begin(), files.end(), [](const FileResult& f) {
    return f.outcome == Outcome::kHeld || f.outcome == Outcome::kConflict || f.outcome == Outcome::kUnreadable;
  });
}

namespace {

constexpr std::string_view kDicomdirClass = "1.2.840.10008.1.3.10";  // Media Storage Directory Storage

// What pass 1 learnt of a DICOM file.
struct Found {
  std::string sop_class, sop_instance, study, series, modality, series_number, study_date, study_description, accession;
  PatientKey patient;
  std::string source_sha256;
  bool secure = false;
};

std::string str(const dicom::part10::DicomFile& f, dicom::Tag t) {
  return std::string(f.dataset.get_string(t).value_or(""));
}

std::string short_hash(std::string_view text, std::size_t n = 12) { return base::sha256_hex(base::as_bytes(text)).substr(0, n); }

// What a file that is not DICOM looks like, for the report (never to decide anything: it is not
// opened by anything but this sniff).
std::string sniff(base::ByteView b) {
  auto starts = [&](std::string_view s) { return b.size() >= s.size() && std::equal(s.begin(), s.end(), b.begin(), [](char c, std::uint8_t x) { return static_cast<std::uint8_t>(c) == x; }); };
  if (starts("MZ")) return "a Windows executable";
  if (starts("\x7f" "ELF")) return "an ELF executable";
  if (starts("PK\x03\x04")) return "a zip archive";
  if (starts("%PDF")) return "a PDF document (not encapsulated in DICOM)";
  if (starts("\xff\xd8\xff")) return "a JPEG picture";
  if (starts("\x89PNG")) return "a PNG picture";
  if (starts("#!")) return "a script";
  return "not a DICOM file";
}

// A file without the DICM prefix is still DICOM when it starts with a group 0002 or 0008 tag
// (PS3.10 files without preamble, raw data sets): then its failure is "unreadable".
bool looks_dicom(base::ByteView b) {
  if (b.size() >= 132 && b[128] == 'D' && b[129] == 'I' && b[130] == 'C' && b[131] == 'M') return true;
  return b.size() >= 8 && (b[0] == 0x02 || b[0] == 0x08) && b[1] == 0x00 && b[3] == 0x00;
}

constexpr std::uint64_t kHead = 256 * 1024;

// The first `n` bytes of a file of the medium (the reader is stopped once they are in).
base::Result<base::Bytes> read_head(const output::MediumReader& reader, const std::string& path, std::uint64_t n) {
  base::Bytes out;
  const Error enough{ErrorCode::kCancelled, "enough"};
  auto st = reader.read_file(path, [&](base::ByteView chunk) -> base::Status {
    const std::size_t take = static_cast<std::size_t>(std::min<std::uint64_t>(chunk.size(), n - out.size()));
    out.insert(out.end(), chunk.begin(), chunk.begin() + static_cast<std::ptrdiff_t>(take));
    if (out.size() >= n) return enough;
    return {};
  });
  if (!st && !(st.error().code == ErrorCode::kCancelled && out.size() >= n)) return std::move(st).error();
  return out;
}

class Run {
 public:
  Run(const Medium& medium, const ImportOptions& o) : medium_(medium), o_(o) {}

  base::Result<ImportReport> run() {
    if (!o_.dry_run && (o_.destination == nullptr || o_.ledger == nullptr))
      return Error{ErrorCode::kInvalidArgument, "an import needs a destination and a ledger (or a dry run)"};
    r_.medium = medium_.description;
    r_.dry_run = o_.dry_run;
    r_.destination = o_.destination != nullptr ? o_.destination->id() : "";
    std::string fingerprint;
    for (const MediumEntry& e : medium_.entries) fingerprint += fmt::format("{}\n{}\n", e.path, e.size);
    r_.import_id = short_hash(fingerprint + "\n" + r_.destination, 16);
    now_ = o_.now.empty() ? media::author::now_datetime() : o_.now;
    r_.malware_scan = "not scanned: ClamAV (clamscan) is not installed and configured; non-DICOM files were never opened by anything else";
    read_all();
    check_dicomdir();
    mark_duplicates();
    build_inventory();
    DISCUS_CHECK(reconcile());
    DISCUS_CHECK(send_all());
    return std::move(r_);
  }

 private:
  void note(std::string_view s) const {
    if (o_.notice) o_.notice(s);
  }

  // ---- pass 1: every entry read once, headers only
  void read_all() {
    const std::size_t n = medium_.entries.size();
    r_.files.resize(n);
    found_.resize(n);
    const unsigned threads = medium_.reader->concurrent_reads() ? 2 : 1;
    base::parallel_for(n, threads, [&](std::size_t i) { read_one(i); });
  }

  // The file's bytes as DICOM (decrypted when it is a Secure DICOM File), or the reason it has none.
  base::Result<base::Bytes> plain_bytes(const std::string& path, base::Bytes raw, bool& secure) const {
    secure = media::secure::looks_secure(raw);
    if (!secure) return raw;
    if (o_.key == nullptr)
      return Error{ErrorCode::kUnsupported, "a Secure DICOM File (PS3.10 7.4): no password or key was given to open it"};
    base::Bytes plain;
    media::secure::MemorySource source(raw);
    auto opened = o_.key->decrypt_stream(source, path, [&](base::ByteView chunk) -> base::Status {
      if (plain.size() + chunk.size() > o_.max_file_bytes) return Error{ErrorCode::kLimitExceeded, "decrypted content too large"};
      plain.insert(plain.end(), chunk.begin(), chunk.end());
      return {};
    });
    if (!opened) {
      media::secure::wipe(plain);
      return Error{ErrorCode::kUnsupported, fmt::format("a Secure DICOM File that could not be opened: {}", opened.error().message)};
    }
    return plain;
  }

  void read_one(std::size_t i) {
    const MediumEntry& e = medium_.entries[i];
    FileResult& f = r_.files[i];
    f.source = e.path;
    f.size = e.size;
    if (!e.regular) return set(f, Outcome::kNotDicom, e.what);
    if (e.size == 0) return set(f, Outcome::kUnreadable, "empty file (0 bytes)");
    if (e.size > o_.max_file_bytes)
      return set(f, Outcome::kUnreadable, fmt::format("{} bytes: larger than the {} bytes a file may have on import", e.size, o_.max_file_bytes));
    // Headers only: the first kHead bytes usually hold the whole header (the pixel data is then
    // never read in this pass); the whole file when they do not, or when it is an envelope. The
    // source's SHA-256 is taken when the file is read whole (pass 2, or a ledger question).
    Found found;
    auto raw = e.size > kHead ? read_head(*medium_.reader, e.path, kHead) : read_whole(*medium_.reader, e.path, o_.max_file_bytes);
    if (!raw) return set(f, Outcome::kUnreadable, fmt::format("cannot be read: {}", raw.error().message));
    const bool whole = raw->size() >= e.size;
    if (!whole && media::secure::looks_secure(*raw)) raw = read_whole(*medium_.reader, e.path, o_.max_file_bytes);
    if (!raw) return set(f, Outcome::kUnreadable, fmt::format("cannot be read: {}", raw.error().message));
    if (raw->size() >= e.size) found.source_sha256 = base::sha256_hex(*raw);
    auto plain = plain_bytes(e.path, std::move(*raw), found.secure);
    if (!plain) return set(f, Outcome::kUnreadable, plain.error().message);
    dicom::part10::ReadOptions ro;
    ro.stop_before_pixels = true;
    auto file = dicom::part10::read_memory(*plain, ro, e.path);
    if (!file && found.source_sha256.empty()) {
      // The header goes on past the first bytes (or a deflated data set): the whole file.
      auto all = read_whole(*medium_.reader, e.path, o_.max_file_bytes);
      if (!all) return set(f, Outcome::kUnreadable, fmt::format("cannot be read: {}", all.error().message));
      found.source_sha256 = base::sha256_hex(*all);
      *plain = std::move(*all);
      file = dicom::part10::read_memory(*plain, ro, e.path);
    }
    if (!file) {
      if (!found.secure && !looks_dicom(*plain))
        return set(f, Outcome::kNotDicom, fmt::format("{}; never executed or opened", sniff(*plain)));
      return set(f, Outcome::kUnreadable, file.error().describe());
    }
    found.sop_class = str(*file, tags::SOPClassUID);
    if (found.sop_class.empty()) found.sop_class = std::string(file->meta.get_string(tags::MediaStorageSOPClassUID).value_or(""));
    found.sop_instance = str(*file, tags::SOPInstanceUID);
    if (found.sop_class == kDicomdirClass || output::normalize_medium_path(e.path) == "DICOMDIR") {
      dicomdir_secure_ = found.secure;
      return set(f, Outcome::kExcluded, "the DICOMDIR (the medium's index, PS3.10 8.6): read, not imported");
    }
    if (found.sop_instance.empty() || found.sop_class.empty()) return set(f, Outcome::kUnreadable, "no SOP Class or SOP Instance UID");
    found.study = str(*file, tags::StudyInstanceUID);
    found.series = str(*file, tags::SeriesInstanceUID);
    if (found.study.empty() || found.series.empty()) return set(f, Outcome::kUnreadable, "no Study or Series Instance UID");
    found.modality = str(*file, tags::Modality);
    found.series_number = str(*file, tags::SeriesNumber);
    found.study_date = str(*file, tags::StudyDate);
    found.study_description = str(*file, tags::StudyDescription);
    found.accession = str(*file, tags::AccessionNumber);
    found.patient = patient_key(file->dataset);
    f.sop_instance_uid = found.sop_instance;
    f.sop_class_uid = found.sop_class;
    f.study_instance_uid = found.study;
    if (found.secure) media::secure::wipe(*plain);
    found_[i] = std::move(found);
  }

  // The SHA-256 of the whole file, when pass 1 read its header only (empty if it cannot be read:
  // then it compares equal to nothing).
  void ensure_hash(std::size_t i) {
    Found& x = *found_[i];
    if (!x.source_sha256.empty()) return;
    base::Sha256 h;
    if (medium_.reader->read_file(medium_.entries[i].path, [&](base::ByteView b) -> base::Status {
          h.update(b);
          return {};
        }))
      x.source_sha256 = h.hex_digest();
  }

  static void set(FileResult& f, Outcome o, std::string reason) {
    f.outcome = o;
    f.reason = base::to_valid_utf8(reason);
    f.patient = -1;
  }
  bool is_instance(std::size_t i) const { return found_[i].has_value(); }

  // ---- the DICOMDIR: a cross-check, never the list of what to read
  void check_dicomdir() {
    const MediumEntry* dd = nullptr;
    for (const MediumEntry& e : medium_.entries)
      if (e.regular && output::normalize_medium_path(e.path) == "DICOMDIR") dd = &e;
    r_.dicomdir = dd != nullptr;
    r_.secure = dicomdir_secure_;
    if (dd == nullptr) {
      r_.problems.push_back("no DICOMDIR in the root: not a conformant medium (PS3.10 8.6, IHE PDI); every file was read instead");
      return;
    }
    auto raw = read_whole(*medium_.reader, dd->path, o_.max_file_bytes);
    if (!raw) return r_.problems.push_back(fmt::format("the DICOMDIR cannot be read: {}", raw.error().message));
    bool secure = false;
    auto plain = plain_bytes(dd->path, std::move(*raw), secure);
    if (!plain) return r_.problems.push_back(fmt::format("the DICOMDIR: {}", plain.error().message));
    dicomdir_bytes_ = std::move(*plain);
    auto dir = media::dicomdir::read_dicomdir_memory(dicomdir_bytes_, dd->path);
    if (!dir) return r_.problems.push_back(fmt::format("the DICOMDIR is not readable: {}", dir.error().describe()));
    std::map<std::string, std::size_t> by_name;
    for (std::size_t i = 0; i < medium_.entries.size(); ++i) by_name[output::normalize_medium_path(medium_.entries[i].path)] = i;
    std::size_t referenced = 0, missing = 0, refused = 0;
    std::function<void(const media::dicomdir::RecordList&)> walk = [&](const media::dicomdir::RecordList& list) {
      for (const media::dicomdir::DirectoryRecord& rec : list) {
        if (rec.has_file_id) {
          auto item = dir->load(rec);
          if (item && !item->file_id.empty()) {
            ++referenced;
            std::string joined;
            for (const std::string& c : item->file_id) joined += (joined.empty() ? "" : "/") + c;
            auto ok = media::dicomdir::check_file_id(item->file_id);
            const bool traversal = std::any_of(item->file_id.begin(), item->file_id.end(),
                                               [](const std::string& c) { return c == ".." || c == "." || c.find('/') != std::string::npos; });
            if (!ok && traversal) {
              ++refused;
              if (refused <= 20)
                r_.problems.push_back(base::to_valid_utf8(fmt::format("the DICOMDIR references '{}', outside the medium: refused, not read", joined)));
            } else if (!by_name.contains(output::normalize_medium_path(joined))) {
              ++missing;
              if (missing <= 20)
                r_.problems.push_back(base::to_valid_utf8(fmt::format("the DICOMDIR references '{}', which is not on the medium", joined)));
            }
          }
        }
        walk(rec.children);
      }
    };
    walk(dir->roots);
    if (missing > 20) r_.problems.push_back(fmt::format("... {} references to missing files in all", missing));
    if (refused > 20) r_.problems.push_back(fmt::format("... {} refused references in all", refused));
    for (const base::Finding& fd : dir->findings) {
      if (r_.problems.size() > 60) break;
      r_.problems.push_back(base::to_valid_utf8(fmt::format("DICOMDIR: {}", fd.message)));
    }
    note(fmt::format("DICOMDIR: {} referenced files, {} missing, {} refused", referenced, missing, refused));
  }

  // ---- one SOP Instance UID on two files of the medium: the same bytes are one instance (the
  // second "already-imported" as a duplicate), other bytes are a conflict, both left out.
  void mark_duplicates() {
    std::map<std::string, std::vector<std::size_t>> by_uid;
    for (std::size_t i = 0; i < found_.size(); ++i)
      if (is_instance(i)) by_uid[found_[i]->sop_instance].push_back(i);
    for (auto& [uid, list] : by_uid) {
      if (list.size() < 2) continue;
      for (std::size_t k : list) ensure_hash(k);
      const bool same = std::all_of(list.begin(), list.end(), [&](std::size_t k) { return found_[k]->source_sha256 == found_[list[0]]->source_sha256; });
      for (std::size_t k = 0; k < list.size(); ++k) {
        const std::size_t i = list[k];
        if (same && k == 0) continue;
        FileResult& f = r_.files[i];
        if (same) {
          set(f, Outcome::kAlreadyImported, fmt::format("the same instance as {} on this medium (identical bytes)", r_.files[list[0]].source));
        } else {
          set(f, Outcome::kConflict, fmt::format("SOP Instance UID {} is on {} files of this medium with different content: none is imported", uid, list.size()));
        }
        f.sop_instance_uid = uid;
        found_[i].reset();
      }
    }
  }

  // ---- inventory: patient > study > series, by the foreign identity as a whole
  void build_inventory() {
    std::map<PatientKey, int> patients;
    for (std::size_t i = 0; i < found_.size(); ++i) {
      if (!is_instance(i)) continue;
      const Found& x = *found_[i];
      auto [it, added] = patients.emplace(x.patient, static_cast<int>(r_.patients.size()));
      if (added) r_.patients.push_back(PatientSummary{x.patient, {}, {}, {}, {}, {}, 0});
      PatientSummary& p = r_.patients[static_cast<std::size_t>(it->second)];
      r_.files[i].patient = it->second;
      ++p.instances;
      auto st = std::find_if(p.studies.begin(), p.studies.end(), [&](const StudySummary& s) { return s.uid == x.study; });
      if (st == p.studies.end()) {
        p.studies.push_back({x.study, x.study_date, x.study_description, x.accession, {}, 0});
        st = p.studies.end() - 1;
      }
      ++st->instances;
      auto se = std::find_if(st->series.begin(), st->series.end(), [&](const SeriesSummary& s) { return s.uid == x.series; });
      if (se == st->series.end()) {
        st->series.push_back({x.series, x.modality, x.series_number, 0});
        se = st->series.end() - 1;
      }
      ++se->instances;
    }
  }

  // ---- reconciliation: a local identity per outside patient, or a hold
  std::string hold_id(std::string_view kind, std::string_view subject) const {
    return "H-" + short_hash(fmt::format("{}\n{}\n{}", r_.import_id, kind, subject));
  }

  static std::string key_json(const PatientKey& k) {
    return nlohmann::ordered_json{{"patient_id", base::to_valid_utf8(k.id)}, {"issuer", base::to_valid_utf8(k.issuer)},
                                  {"name", base::to_valid_utf8(k.name)},     {"birth_date", base::to_valid_utf8(k.birth_date)},
                                  {"sex", base::to_valid_utf8(k.sex)}}
        .dump();
  }

  base::Status reconcile() {
    for (std::size_t p = 0; p < r_.patients.size(); ++p) {
      PatientSummary& ps = r_.patients[p];
      const std::string subject = key_json(ps.foreign);
      const std::string id = hold_id("identity", subject);
      std::optional<Hold> decided;
      if (o_.ledger != nullptr) {
        DISCUS_TRY(decided, o_.ledger->find_hold(id));
        if (decided && decided->decision.empty()) decided.reset();
      }
      if (decided && decided->decision == "reject") {
        ps.hold = id;
        ps.hold_reason = "rejected by a person";
        reject_patient(static_cast<int>(p), fmt::format("rejected by a person (hold {})", id));
        continue;
      }
      if (decided && decided->decision == "patient") {
        DISCUS_CHECK(person_identity(ps, *decided));
        continue;
      }
      Decision d;
      if (o_.demographics == nullptr) {
        d.hold_reason = "no demographics source (--mwl, or a patient-level C-FIND) to reconcile with";
      } else {
        auto found = o_.demographics->find(ps.foreign);
        if (!found) d.hold_reason = fmt::format("{} could not be asked: {}", o_.demographics->describe(), found.error().message);
        else d = decide(ps.foreign, *found, o_.local_issuer);
      }
      ps.candidates = d.candidates;
      if (d.local) {
        ps.local = d.local;
        continue;
      }
      ps.hold = id;
      ps.hold_reason = d.hold_reason;
      hold_patient(static_cast<int>(p), id, d.hold_reason);
      if (!o_.dry_run) {
        nlohmann::ordered_json subj = nlohmann::ordered_json::parse(subject);
        nlohmann::ordered_json cands = nlohmann::ordered_json::array();
        for (const LocalIdentity& c : d.candidates)
          cands.push_back({{"patient_id", base::to_valid_utf8(c.patient_id)}, {"issuer", base::to_valid_utf8(c.issuer)},
                           {"name", base::to_valid_utf8(c.name)}, {"birth_date", base::to_valid_utf8(c.birth_date)},
                           {"sex", base::to_valid_utf8(c.sex)}});
        subj = nlohmann::ordered_json{{"foreign", subj}, {"candidates", cands}, {"instances", ps.instances}};
        DISCUS_CHECK(o_.ledger->save_hold(Hold{id, r_.import_id, "identity", subj.dump(), d.hold_reason, o_.import_args, "", "", ""}));
      }
    }
    return {};
  }

  base::Status person_identity(PatientSummary& ps, const Hold& h) {
    LocalIdentity local{h.patient_id, h.issuer.empty() ? o_.local_issuer : h.issuer, ps.foreign.name, ps.foreign.birth_date, ps.foreign.sex,
                        "", "", "", "", fmt::format("a person (hold {})", h.id)};
    // The demographics of the patient the person named, when a source knows them.
    if (o_.demographics != nullptr) {
      auto found = o_.demographics->find_by_id(h.patient_id, local.issuer);
      if (found && found->size() == 1) {
        const std::string source = local.source;
        local = found->front();
        if (local.issuer.empty()) local.issuer = h.issuer.empty() ? o_.local_issuer : h.issuer;
        local.source = source;
      }
    }
    ps.local = local;
    ps.hold = h.id;
    ps.hold_reason = fmt::format("resolved by a person: patient {}", h.patient_id);
    return {};
  }

  void hold_patient(int p, const std::string& id, const std::string& reason) {
    for (std::size_t i = 0; i < r_.files.size(); ++i) {
      if (r_.files[i].patient != p || !is_instance(i)) continue;
      r_.files[i].outcome = Outcome::kHeld;
      r_.files[i].reason = base::to_valid_utf8(reason);
      r_.files[i].hold = id;
      found_[i].reset();
    }
  }
  void reject_patient(int p, const std::string& reason) {
    for (std::size_t i = 0; i < r_.files.size(); ++i) {
      if (r_.files[i].patient != p || !is_instance(i)) continue;
      r_.files[i].outcome = Outcome::kExcluded;
      r_.files[i].reason = reason;
      found_[i].reset();
    }
  }

  // ---- pass 2: the ledger asked, each instance coerced, staged and sent
  base::Status send_all() {
    std::vector<std::size_t> todo;
    for (std::size_t i = 0; i < found_.size(); ++i) {
      if (!is_instance(i)) continue;
      DISCUS_TRY(bool go, ledger_allows(i));
      if (go) todo.push_back(i);
    }
    if (o_.dry_run) {
      for (std::size_t i : todo) r_.files[i].outcome = Outcome::kImported, r_.files[i].reason = "would be imported (dry run)";
      return {};
    }
    std::error_code ec;
    fs::remove_all(o_.staging_dir, ec);
    fs::create_directories(o_.staging_dir, ec);
    if (ec) return Error{ErrorCode::kIo, fmt::format("cannot create the staging folder '{}': {}", o_.staging_dir, ec.message())};
    // Batches of at most o_.batch instances and o_.batch_bytes bytes: one association each, and
    // a bounded staging folder (it may be in memory, /dev/shm).
    std::size_t done = 0;
    for (std::size_t start = 0; start < todo.size();) {
      std::vector<std::size_t> batch;
      std::uint64_t bytes = 0;
      while (start < todo.size() && batch.size() < o_.batch && (batch.empty() || bytes + r_.files[todo[start]].size <= o_.batch_bytes)) {
        bytes += r_.files[todo[start]].size;
        batch.push_back(todo[start++]);
      }
      DISCUS_CHECK(send_batch(batch));
      done += batch.size();
      note(fmt::format("{} of {} instances sent", done, todo.size()));
    }
    fs::remove_all(o_.staging_dir, ec);
    return {};
  }

  // Whether instance i goes out: not when the ledger has it (already imported, a conflict, or in
  // doubt after an interrupted import).
  base::Result<bool> ledger_allows(std::size_t i) {
    if (o_.ledger == nullptr) return true;
    const Found& x = *found_[i];
    FileResult& f = r_.files[i];
    DISCUS_TRY(std::optional<LedgerEntry> row, o_.ledger->find(r_.destination, x.sop_instance));
    if (!row) return true;
    ensure_hash(i);
    if (row->state == "sent") {
      if (row->source_sha256 == x.source_sha256) {
        set_keep(f, Outcome::kAlreadyImported, fmt::format("already sent to {} by import {}", r_.destination, row->import_id));
      } else {
        set_keep(f, Outcome::kConflict,
                 fmt::format("SOP Instance UID already sent to {} with other content (import {}): never overwritten", r_.destination, row->import_id));
      }
      found_[i].reset();
      return false;
    }
    // In doubt: the import was interrupted between this C-STORE and its answer.
    const std::string id = hold_id("instance", x.sop_instance);
    std::optional<Hold> h;
    DISCUS_TRY(h, o_.ledger->find_hold(id));
    if (h && h->decision == "resend") return true;
    if (h && h->decision == "reject") {
      set_keep(f, Outcome::kExcluded, fmt::format("in doubt after an interrupted import; not re-sent, by a person's decision (hold {})", id));
      found_[i].reset();
      return false;
    }
    const std::string reason = "in doubt: an earlier run was interrupted during its C-STORE, so the PACS may hold it; "
                               "not re-sent without a person's decision (--resolve HOLD --resend, or --reject)";
    set_keep(f, Outcome::kHeld, reason);
    f.hold = id;
    if (!o_.dry_run) {
      nlohmann::ordered_json subject{{"sop_instance_uid", x.sop_instance}, {"source", base::to_valid_utf8(f.source)}};
      DISCUS_CHECK(o_.ledger->save_hold(Hold{id, r_.import_id, "instance", subject.dump(), reason, o_.import_args, "", "", ""}));
    }
    found_[i].reset();
    return false;
  }
  static void set_keep(FileResult& f, Outcome o, std::string reason) {
    f.outcome = o;
    f.reason = std::move(reason);
  }

  // The coerced instance, staged: its sent SHA-256 and the UID it goes out with.
  struct Prepared {
    std::size_t index;
    Staged staged;
    std::string sent_sha256;
  };

  base::Result<Prepared> prepare(std::size_t i, std::size_t seq) {
    const MediumEntry& e = medium_.entries[i];
    const Found& x = *found_[i];
    DISCUS_TRY(base::Bytes raw, read_whole(*medium_.reader, e.path, o_.max_file_bytes, e.size));
    const std::string hash = base::sha256_hex(raw);
    if (!x.source_sha256.empty() && hash != x.source_sha256) return Error{ErrorCode::kIo, "the file changed on the medium while it was imported"};
    found_[i]->source_sha256 = hash;
    bool secure = false;
    DISCUS_TRY(base::Bytes plain, plain_bytes(e.path, std::move(raw), secure));
    auto file = dicom::part10::read_memory(plain, {}, e.path);
    if (!file) {
      media::secure::wipe(plain);
      return std::move(file).error();
    }
    // UIDs are kept (RAD-61) unless invalid; then derived from the old value alone, so the same
    // old UID becomes the same new one in every file of the import and references stay whole.
    const auto invalid = media::author::find_invalid_uids(file->dataset);
    if (!invalid.empty()) {
      if (std::any_of(invalid.begin(), invalid.end(), [](const media::author::InvalidUid& u) { return !u.replaceable; }))
        return Error{ErrorCode::kInvalidArgument, fmt::format("invalid UIDs that cannot be replaced: {}", media::author::describe_invalid_uids(invalid))};
      media::author::replace_invalid_uids(file->dataset, o_.uid_root, now_);
    }
    const PatientSummary& ps = r_.patients[static_cast<std::size_t>(r_.files[i].patient)];
    coerce(file->dataset, *ps.local, CoercionContext{now_, o_.modifying_system, base::to_valid_utf8(medium_.description)});
    dicom::part10::WriteOptions wo;
    wo.transfer_syntax_uid = file->transfer_syntax != nullptr ? std::string(file->transfer_syntax->uid) : std::string();
    wo.sync = false;
    auto bytes = dicom::part10::write_memory(file->dataset, &file->meta, wo);
    if (secure) media::secure::wipe(plain);  // plaintext of an envelope; plain files need no wiping
    if (!bytes) return std::move(bytes).error();
    Prepared p;
    p.index = i;
    p.sent_sha256 = base::sha256_hex(*bytes);
    p.staged.path = (fs::path(o_.staging_dir) / fmt::format("{:08}.dcm", seq)).string();
    p.staged.sop_class_uid = x.sop_class;
    p.staged.sop_instance_uid = std::string(file->dataset.get_string(tags::SOPInstanceUID).value_or(x.sop_instance));
    DISCUS_TRY(base::AtomicOutputFile out, base::AtomicOutputFile::create(p.staged.path));
    DISCUS_CHECK(out.write(*bytes));
    DISCUS_CHECK(out.commit(false));
    return p;
  }

  base::Status send_batch(const std::vector<std::size_t>& batch) {
    std::vector<Prepared> ready;
    for (std::size_t i : batch) {
      auto p = prepare(i, i);
      if (!p) {
        set_keep(r_.files[i], Outcome::kUnreadable, base::to_valid_utf8(p.error().describe()));
        found_[i].reset();
        continue;
      }
      ready.push_back(std::move(*p));
    }
    std::vector<Staged> files;
    for (const Prepared& p : ready) files.push_back(p.staged);
    base::Status ledger_error;
    auto before = [&](std::size_t k) {
      const Prepared& p = ready[k];
      auto st = o_.ledger->begin_send(LedgerEntry{r_.destination, p.staged.sop_instance_uid, found_[p.index]->source_sha256, "", "sending", r_.import_id});
      if (!st && ledger_error) ledger_error = std::move(st);
    };
    auto after = [&](std::size_t k, const std::string& error) {
      const Prepared& p = ready[k];
      FileResult& f = r_.files[p.index];
      auto st = o_.ledger->end_send(r_.destination, p.staged.sop_instance_uid, error.empty(), p.sent_sha256);
      if (!st && ledger_error) ledger_error = std::move(st);
      f.sop_instance_uid = p.staged.sop_instance_uid;
      if (error.empty()) {
        set_keep(f, Outcome::kImported, fmt::format("sent to {} as patient {}", r_.destination,
                                                    base::to_valid_utf8(r_.patients[static_cast<std::size_t>(f.patient)].local->patient_id)));
      } else {
        const std::string id = hold_id("instance", p.staged.sop_instance_uid);
        set_keep(f, Outcome::kHeld, base::to_valid_utf8(fmt::format("not stored: {} (run the import again, or --resolve {} --reject)", error, id)));
        f.hold = id;
        nlohmann::ordered_json subject{{"sop_instance_uid", p.staged.sop_instance_uid}, {"source", base::to_valid_utf8(f.source)}};
        (void)o_.ledger->save_hold(Hold{id, r_.import_id, "instance", subject.dump(), f.reason, o_.import_args, "", "", ""});
      }
      found_[p.index].reset();
    };
    if (!files.empty()) o_.destination->send(files, before, after);
    std::error_code ec;
    for (const Prepared& p : ready) {
      fs::remove(p.staged.path, ec);
      if (found_[p.index]) {  // no outcome came back
        set_keep(r_.files[p.index], Outcome::kHeld, "not sent: the destination gave no outcome (run the import again)");
        found_[p.index].reset();
      }
    }
    if (!ledger_error) return std::move(ledger_error).error();
    return {};
  }

  const Medium& medium_;
  const ImportOptions& o_;
  ImportReport r_;
  std::vector<std::optional<Found>> found_;
  std::string now_;
  bool dicomdir_secure_ = false;
  base::Bytes dicomdir_bytes_;
};

}  // namespace

base::Result<ImportReport> run_import(const Medium& medium, const ImportOptions& options) {
  Run run(medium, options);
  return run.run();
}

}  // namespace discus::import
