#include "import/importer.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cerrno>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <filesystem>
#include <mutex>
#include <set>
#include <system_error>
#include <thread>

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
  std::string transfer_syntax;  // of the data set, as the file has it (and as it is sent)
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

// Headers are rarely past a few KiB; a longer one makes pass 1 read that file whole.
constexpr std::uint64_t kHead = 64 * 1024;

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
    const auto t0 = std::chrono::steady_clock::now();
    read_all();
    scan_for_malware();
    check_dicomdir();
    mark_duplicates();
    apply_selection();
    build_inventory();
    const auto t1 = std::chrono::steady_clock::now();
    DISCUS_CHECK(reconcile());
    note(fmt::format("inventory {:.2f} s, reconciliation {:.2f} s", std::chrono::duration<double>(t1 - t0).count(),
                     std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count()));
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
    found.transfer_syntax = file->transfer_syntax != nullptr ? std::string(file->transfer_syntax->uid) : std::string("1.2.840.10008.1.2");
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

  // ---- malware: what is not DICOM (or everything) copied out for the scanner, never opened here
  void scan_for_malware() {
    std::vector<std::size_t> todo;
    for (std::size_t i = 0; i < r_.files.size(); ++i) {
      const MediumEntry& e = medium_.entries[i];
      const Outcome o = r_.files[i].outcome;
      if (!e.regular || e.size == 0 || e.size > o_.max_file_bytes) continue;
      if (o_.scan_all || (!is_instance(i) && (o == Outcome::kNotDicom || o == Outcome::kUnreadable))) todo.push_back(i);
    }
    if (o_.scanner == nullptr) {
      r_.malware_scan = "not scanned: no malware scanner configured (ClamAV: [import] clamav in the configuration, or --clamav); "
                        "non-DICOM files were never opened by anything else";
      for (std::size_t i : todo) r_.files[i].malware = "not scanned: no scanner configured";
      return;
    }
    if (todo.empty()) {
      r_.malware_scan = fmt::format("{}: nothing to scan (every file is DICOM)", o_.scanner->describe());
      return;
    }
    std::error_code ec;
    const fs::path base = o_.scan_dir.empty() ? fs::temp_directory_path(ec) : fs::path(o_.scan_dir);
    fs::create_directories(base, ec);
    std::string templ = (base / "discus-scan-XXXXXX").string();
    if (::mkdtemp(templ.data()) == nullptr) {  // mode 0700: nobody else reads the copies
      r_.malware_scan = fmt::format("not scanned: cannot make a folder for the scanner under {}: {}", base.string(), std::strerror(errno));
      for (std::size_t i : todo) r_.files[i].malware = "not scanned: no folder for the scanner";
      return;
    }
    const fs::path dir(templ);
    std::vector<std::string> paths;
    std::vector<std::size_t> scanned;
    for (std::size_t i : todo) {
      const std::string path = (dir / fmt::format("f{:07}", i)).string();
      if (auto st = copy_out(medium_.entries[i].path, path); !st) {
        r_.files[i].malware = fmt::format("not scanned: cannot be read: {}", st.error().message);
        continue;
      }
      paths.push_back(path);
      scanned.push_back(i);
    }
    const std::vector<Verdict> verdicts = o_.scanner->scan(paths);
    fs::remove_all(dir, ec);
    std::size_t infected = 0, clean = 0;
    for (std::size_t k = 0; k < scanned.size(); ++k) {
      const std::size_t i = scanned[k];
      const Verdict v = k < verdicts.size() ? verdicts[k] : Verdict{Verdict::State::kNotScanned, "", "the scanner gave no verdict"};
      FileResult& f = r_.files[i];
      f.malware = base::to_valid_utf8(v.text());
      if (v.state == Verdict::State::kClean) ++clean;
      if (v.state != Verdict::State::kInfected) continue;
      ++infected;
      // Never sent: a DICOM file (scan_all) leaves the import, anything else stays not DICOM;
      // either way the reason names what was found.
      if (is_instance(i)) {
        set(f, Outcome::kExcluded, fmt::format("infected ({} found {}): never sent", o_.scanner->describe(), v.signature));
        found_[i].reset();
      } else {
        f.reason = base::to_valid_utf8(fmt::format("infected ({} found {}): never executed, never sent; {}", o_.scanner->describe(), v.signature, f.reason));
      }
    }
    r_.malware_scan = fmt::format("{}: {} files scanned ({}), {} clean, {} infected, {} not scanned", o_.scanner->describe(), todo.size(),
                                  o_.scan_all ? "every file" : "those that are not DICOM", clean, infected, todo.size() - clean - infected);
    note(r_.malware_scan);
  }

  // A file of the medium copied to `path` (0600), for the scanner.
  base::Status copy_out(const std::string& from, const std::string& path) const {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) return Error{ErrorCode::kIo, fmt::format("cannot create {}: {}", path, std::strerror(errno))};
    auto st = medium_.reader->read_file(from, [&](base::ByteView b) -> base::Status {
      for (std::size_t done = 0; done < b.size();) {
        const ssize_t n = ::write(fd, b.data() + done, b.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return Error{ErrorCode::kIo, fmt::format("cannot write {}: {}", path, std::strerror(errno))};
        done += static_cast<std::size_t>(n);
      }
      return {};
    });
    ::close(fd);
    return st;
  }

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

  // ---- the operator's choice: a study left out is excluded before the inventory, so it is never
  // reconciled, held or sent (the dry run's inventory, made without a choice, shows what there is).
  void apply_selection() {
    if (o_.studies.empty() && o_.excluded_studies.empty()) return;
    for (std::size_t i = 0; i < found_.size(); ++i) {
      if (!is_instance(i)) continue;
      const std::string& study = found_[i]->study;
      if ((o_.studies.empty() || o_.studies.contains(study)) && !o_.excluded_studies.contains(study)) continue;
      set(r_.files[i], Outcome::kExcluded, fmt::format("study {} not selected by the operator", study));
      found_[i].reset();
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
    const std::size_t n = r_.patients.size();
    std::vector<std::optional<Hold>> decisions(n);
    if (o_.ledger != nullptr)
      for (std::size_t p = 0; p < n; ++p) {
        DISCUS_TRY(decisions[p], o_.ledger->find_hold(hold_id("identity", key_json(r_.patients[p].foreign))));
        if (decisions[p] && decisions[p]->decision.empty()) decisions[p].reset();
      }
    // The source is asked about every undecided patient, all at once when it allows (one C-FIND
    // association each: their round trips overlap).
    std::vector<std::optional<base::Result<std::vector<LocalIdentity>>>> answers(n);
    if (o_.demographics != nullptr) {
      std::vector<std::size_t> ask;
      for (std::size_t p = 0; p < n; ++p)
        if (!decisions[p]) ask.push_back(p);
      base::parallel_for(ask.size(), o_.demographics->concurrent_lookups() ? 8 : 1,
                         [&](std::size_t k) { answers[ask[k]] = o_.demographics->find(r_.patients[ask[k]].foreign); });
    }
    for (std::size_t p = 0; p < n; ++p) {
      PatientSummary& ps = r_.patients[p];
      const std::string subject = key_json(ps.foreign);
      const std::string id = hold_id("identity", subject);
      const std::optional<Hold>& decided = decisions[p];
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
        const auto& found = *answers[p];
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

  // ---- pass 2: the ledger asked, then a pipeline: a reader thread reads and coerces the next
  // instances (in order, into a bounded queue) while this thread stores the current one. The
  // ledger is only ever touched from this thread, one C-STORE at a time: a row before each
  // C-STORE, updated after its answer, so a kill leaves at most one instance in doubt.
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
    if (todo.empty()) return {};
    std::vector<ContextNeed> needs;
    std::set<ContextNeed> seen;
    for (std::size_t i : todo)
      if (seen.insert({found_[i]->sop_class, found_[i]->transfer_syntax}).second) needs.push_back({found_[i]->sop_class, found_[i]->transfer_syntax});
    std::unique_ptr<DestinationSession> session = o_.destination->open_session(needs, o_.staging_dir);
    if (session == nullptr) return Error{ErrorCode::kIo, fmt::format("{} cannot take instances", r_.destination)};

    Pipeline pipe(std::max<std::size_t>(o_.batch, 1), std::max<std::uint64_t>(o_.batch_bytes, 1));
    // Two readers when the medium can be read from two threads (a folder, an image file): the
    // reading, hashing and coercion of one instance take about as long as its C-STORE.
    std::atomic<std::size_t> next{0};
    std::vector<std::thread> readers;
    const unsigned n_readers = medium_.reader->concurrent_reads() ? 2 : 1;
    for (unsigned t = 0; t < n_readers; ++t)
      readers.emplace_back([&] {
        for (std::size_t k = next++; k < todo.size() && !pipe.stopped(); k = next++) pipe.push(k, prepare(todo[k]));
      });
    base::Status ledger_error;
    std::size_t done = 0;
    bool stop = false;  // the destination lost track of an instance: nothing more goes out
    std::chrono::steady_clock::duration waited{}, storing{}, ledgering{};
    for (std::size_t k = 0; k < todo.size(); ++k) {
      auto t0 = std::chrono::steady_clock::now();
      Prepared p = pipe.pop();
      waited += std::chrono::steady_clock::now() - t0;
      const std::size_t i = p.index;
      FileResult& f = r_.files[i];
      if (!p.error.empty()) {
        set_keep(f, Outcome::kUnreadable, base::to_valid_utf8(p.error));
        found_[i].reset();
        continue;
      }
      const std::string& uid = p.out.sop_instance_uid;
      auto before = [&] {
        const auto l0 = std::chrono::steady_clock::now();
        auto lg = [&] { ledgering += std::chrono::steady_clock::now() - l0; };
        auto st = o_.ledger->begin_send(LedgerEntry{r_.destination, uid, p.source_sha256, "", "sending", r_.import_id});
        if (!st && ledger_error) ledger_error = std::move(st);
        lg();
      };
      auto t1 = std::chrono::steady_clock::now();
      // The SHA-256 of what was sent is taken while the destination stores it (the sender's
      // spare time), not by the readers: their time is what the sender waits for.
      auto in_flight = [&] {
        base::Sha256 sent;
        sent.update(p.out.head);
        sent.update(p.out.tail);
        p.sent_sha256 = sent.hex_digest();
      };
      const std::optional<std::string> answer = session->store(p.out, StoreHooks{before, in_flight});
      storing += std::chrono::steady_clock::now() - t1;
      f.sop_instance_uid = uid;
      found_[i].reset();
      if (!answer) {  // no outcome: the row stays "sending", in doubt, as after a kill
        set_keep(f, Outcome::kHeld, "not sent: the destination gave no outcome (run the import again)");
        stop = true;
        break;
      }
      const auto l1 = std::chrono::steady_clock::now();
      auto st = o_.ledger->end_send(r_.destination, uid, answer->empty(), p.sent_sha256);
      ledgering += std::chrono::steady_clock::now() - l1;
      if (!st && ledger_error) ledger_error = std::move(st);
      if (answer->empty()) {
        set_keep(f, Outcome::kImported, fmt::format("sent to {} as patient {}", r_.destination,
                                                    base::to_valid_utf8(r_.patients[static_cast<std::size_t>(f.patient)].local->patient_id)));
      } else {
        const std::string id = hold_id("instance", uid);
        set_keep(f, Outcome::kHeld, base::to_valid_utf8(fmt::format("not stored: {} (run the import again, or --resolve {} --reject)", *answer, id)));
        f.hold = id;
        nlohmann::ordered_json subject{{"sop_instance_uid", uid}, {"source", base::to_valid_utf8(f.source)}};
        (void)o_.ledger->save_hold(Hold{id, r_.import_id, "instance", subject.dump(), f.reason, o_.import_args, "", "", ""});
      }
      if (++done % 100 == 0) note(fmt::format("{} of {} instances sent", done, todo.size()));
      if (!ledger_error) break;  // a ledger that cannot record must not let more go out
    }
    pipe.stop();
    for (std::thread& t : readers) t.join();
    session->finish();
    for (std::size_t i : todo)
      if (found_[i]) {  // never reached
        set_keep(r_.files[i], Outcome::kHeld, stop ? "not sent: the destination gave no outcome for an earlier instance (run the import again)"
                                                   : "not sent: the import ledger could not record (run the import again)");
        found_[i].reset();
      }
    note(fmt::format("{} of {} instances sent", done, todo.size()));
    // Where the sending time went (bench/import.sh reads this): the sender waiting for the
    // readers, storing (the C-STORE round trips), and the ledger's part of that.
    note(fmt::format("sending: waited for the readers {:.2f} s, storing {:.2f} s (ledger {:.2f} s)", std::chrono::duration<double>(waited).count(),
                     std::chrono::duration<double>(storing).count(), std::chrono::duration<double>(ledgering).count()));
    if (!ledger_error) return std::move(ledger_error).error();
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


  // ---- pass 2's reader: the coerced instance in memory, its hashes, or why it cannot go.
  struct Prepared {
    std::size_t index = 0;
    Outgoing out;
    std::string source_sha256, sent_sha256;  // sent_sha256: taken while it is stored
    std::string error;  // set: unreadable
  };

  // A bounded, ordered hand-over from the reader threads: instance `seq` is taken only after
  // seq - 1; at most `depth` instances and `bytes` bytes wait (the next one the sender needs is
  // always let in, so one larger instance waits alone), so memory stays bounded whatever the medium.
  class Pipeline {
   public:
    Pipeline(std::size_t depth, std::uint64_t bytes) : depth_(depth), cap_(bytes) {}
    void push(std::size_t seq, Prepared p) {
      const std::uint64_t n = weight(p);
      std::unique_lock lock(m_);
      room_.wait(lock, [&] { return stopped_ || seq == next_ || (seq < next_ + depth_ && held_ + n <= cap_); });
      if (stopped_) return;
      held_ += n;
      q_.emplace(seq, std::move(p));
      ready_.notify_one();
    }
    Prepared pop() {
      std::unique_lock lock(m_);
      ready_.wait(lock, [&] { return q_.contains(next_); });
      auto node = q_.extract(next_++);
      held_ -= weight(node.mapped());
      room_.notify_all();
      return std::move(node.mapped());
    }
    // The sender stops taking: the readers' next push returns at once (and they stop reading).
    void stop() {
      std::lock_guard lock(m_);
      stopped_ = true;
      room_.notify_all();
    }
    bool stopped() {
      std::lock_guard lock(m_);
      return stopped_;
    }

   private:
    static std::uint64_t weight(const Prepared& p) { return p.out.head.size() + (p.out.source ? p.out.source->size() : 0); }
    std::mutex m_;
    std::condition_variable room_, ready_;
    std::map<std::size_t, Prepared> q_;
    std::size_t next_ = 0, depth_;
    std::uint64_t cap_, held_ = 0;
    bool stopped_ = false;
  };

  Prepared prepare(std::size_t i) {
    Prepared p;
    p.index = i;
    if (auto st = prepare_into(i, p); !st) {
      p.out = {};
      p.error = st.error().describe();
    }
    return p;
  }

  // Reads the file whole (once), parses its header only (up to the Pixel Data element), coerces
  // the header and writes it; the pixel data and whatever follows it go out as the source's own
  // bytes. A deflated data set (whose pixel offsets count inflated bytes) is read and written whole.
  base::Status prepare_into(std::size_t i, Prepared& p) {
    const MediumEntry& e = medium_.entries[i];
    const Found& x = *found_[i];
    DISCUS_TRY(base::Bytes raw, read_whole(*medium_.reader, e.path, o_.max_file_bytes, e.size));
    p.source_sha256 = base::sha256_hex(raw);
    if (!x.source_sha256.empty() && p.source_sha256 != x.source_sha256)
      return Error{ErrorCode::kIo, "the file changed on the medium while it was imported"};
    bool secure = false;
    DISCUS_TRY(base::Bytes opened, plain_bytes(e.path, std::move(raw), secure));
    // The plaintext of an envelope is wiped when its last user (the sent instance) lets go;
    // plain files need no wiping.
    std::shared_ptr<base::Bytes> plain(new base::Bytes(std::move(opened)), [secure](base::Bytes* b) {
      if (secure) media::secure::wipe(*b);
      delete b;
    });
    dicom::part10::ReadOptions ro;
    ro.stop_before_pixels = true;
    DISCUS_TRY(dicom::part10::DicomFile file, dicom::part10::read_memory(*plain, ro, e.path));
    bool verbatim = file.pixel_data.has_value();
    if (verbatim && (file.pixel_data->offsets_in_inflated_stream || (file.transfer_syntax != nullptr && file.transfer_syntax->deflated) ||
                     file.pixel_data->element_offset > plain->size())) {
      verbatim = false;
      DISCUS_TRY(file, dicom::part10::read_memory(*plain, {}, e.path));
    }
    // UIDs are kept (RAD-61) unless invalid; then derived from the old value alone, so the same
    // old UID becomes the same new one in every file of the import and references stay whole.
    const auto invalid = media::author::find_invalid_uids(file.dataset);
    if (!invalid.empty()) {
      if (std::any_of(invalid.begin(), invalid.end(), [](const media::author::InvalidUid& u) { return !u.replaceable; }))
        return Error{ErrorCode::kInvalidArgument, fmt::format("invalid UIDs that cannot be replaced: {}", media::author::describe_invalid_uids(invalid))};
      media::author::replace_invalid_uids(file.dataset, o_.uid_root, now_);
    }
    const PatientSummary& ps = r_.patients[static_cast<std::size_t>(r_.files[i].patient)];
    coerce(file.dataset, *ps.local, CoercionContext{now_, o_.modifying_system, base::to_valid_utf8(medium_.description)});
    dicom::part10::WriteOptions wo;
    wo.transfer_syntax_uid = file.transfer_syntax != nullptr ? std::string(file.transfer_syntax->uid) : std::string();
    wo.sync = false;
    DISCUS_TRY(p.out.head, dicom::part10::write_memory(file.dataset, &file.meta, wo));
    // PS3.10 7.1: 128-byte preamble, "DICM", then (0002,0000) UL whose value is the length of the
    // rest of the File Meta Information: the data set starts right after it.
    const base::Bytes& h = p.out.head;
    if (h.size() < 144 || h[132] != 0x02 || h[133] != 0x00 || h[134] != 0x00 || h[135] != 0x00)
      return Error{ErrorCode::kBadStructure, "the written file has no File Meta Information Group Length"};
    p.out.dataset_offset = 144 + (std::size_t{h[140]} | std::size_t{h[141]} << 8 | std::size_t{h[142]} << 16 | std::size_t{h[143]} << 24);
    if (verbatim) {
      p.out.tail = base::ByteView(*plain).subspan(static_cast<std::size_t>(file.pixel_data->element_offset));
      p.out.source = plain;
    }
    p.out.sop_class_uid = x.sop_class;
    p.out.sop_instance_uid = std::string(file.dataset.get_string(tags::SOPInstanceUID).value_or(x.sop_instance));
    p.out.transfer_syntax_uid = x.transfer_syntax;
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

namespace {

// A Destination with only the batch interface: each instance written into the staging folder
// and handed to send() alone.
class StagingSession final : public DestinationSession {
 public:
  StagingSession(Destination& d, std::string dir) : d_(d), dir_(std::move(dir)) {}
  ~StagingSession() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  std::optional<std::string> store(const Outgoing& o, const StoreHooks& hooks) override {
    std::error_code ec;
    fs::create_directories(dir_, ec);
    Staged s{(fs::path(dir_) / fmt::format("{:08}.dcm", seq_++)).string(), o.sop_class_uid, o.sop_instance_uid};
    {
      auto out = base::AtomicOutputFile::create(s.path);
      if (!out) return out.error().message;
      if (auto w = out->write(o.head); !w) return w.error().message;
      if (auto w = out->write(o.tail); !w) return w.error().message;
      if (auto c = out->commit(false); !c) return c.error().message;
    }
    std::optional<std::string> answer;
    d_.send({s}, [&](std::size_t) {
      if (hooks.before) hooks.before();
    }, [&](std::size_t, const std::string& error) { answer = error; });
    if (hooks.in_flight) hooks.in_flight();
    fs::remove(s.path, ec);
    return answer;
  }

 private:
  Destination& d_;
  std::string dir_;
  std::size_t seq_ = 0;
};

}  // namespace

std::unique_ptr<DestinationSession> Destination::open_session(const std::vector<ContextNeed>&, const std::string& staging_dir) {
  std::error_code ec;
  fs::remove_all(staging_dir, ec);
  return std::make_unique<StagingSession>(*this, staging_dir.empty() ? (fs::temp_directory_path(ec) / "discus-import-staging").string() : staging_dir);
}

base::Result<ImportReport> run_import(const Medium& medium, const ImportOptions& options) {
  Run run(medium, options);
  return run.run();
}

}  // namespace discus::import
