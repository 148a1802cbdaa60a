// discus::media::author (internal) — what `author` (FSC) and `update` (FSU) share.
//
// Intake decides, input file by input file, what goes on the medium and how: not DICOM,
// unreadable, an existing DICOMDIR, a duplicate (of an earlier input or, for an update, of an
// instance already on the medium), excluded by the IOD or the PS3.11 profile, copied byte for
// byte, or rewritten (a native transfer syntax the profile does not allow becomes Explicit VR
// Little Endian; a file without preamble/meta or with tolerated damage is re-encoded). It then
// copies the accepted instances under the File IDs the caller planned, in parallel.
//   Intake in(profile, result);  in.take(inputs, 2);  plan(in.plan_inputs()) -> in.assign(plan);
//   DISCUS_CHECK(in.copy_all(out_dir, 2));  build_dicomdir(in.entries(), ...);
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "base/result.h"
#include "base/uid.h"
#include "codec/codec.h"
#include "iod/consistency.h"
#include "media/author/author.h"
#include "media/author/scan.h"
#include "media/author/transfer_syntax_choice.h"
#include "media/author/uid_repair.h"
#include "media/dicomdir/builder.h"
#include "media/fileset/file_id.h"
#include "media/profile/profile.h"

namespace discus::media::author::detail {

// How pixel data may be converted on the way to the medium.
struct Conversion {
  Compression compression = Compression::kNone;
  const codec::CodecRegistry* codecs = nullptr;  // null: no codecs (compressed data can only be copied)
  base::UidSource* uids = nullptr;               // new SOP Instance UIDs after lossy compression
  bool replace_invalid_uids = false;             // else an instance with an invalid UID is excluded
  std::string uid_root;                          // of the UIDs that replace invalid ones (empty: 2.25)
};

// The caller's progress and cancel hooks for copy_all (AuthorOptions::progress, ::cancel).
struct CopyHooks {
  std::function<void(std::size_t done, std::size_t total, const std::string& current)> progress;
  const std::atomic<bool>* cancel = nullptr;
};

// One instance on its way to the medium.
struct Candidate {
  std::size_t file;         // index into the scan
  std::string target_ts;    // as it will be written
  bool rewrite = false;     // re-encode instead of copying the bytes
  fileset::FileId file_id;
  std::string fallback_ts;  // written instead when the optional compression to target_ts fails
  std::string new_sop_instance_uid;  // lossy compression makes a new instance (PS3.3 C.7.6.1.1.5)
  bool replace_uids = false;         // invalid UIDs replaced while rewriting (uid_repair.h)
};

class Intake {
 public:
  // Records (one per scanned file) are appended to result.files, findings to result.findings.
  Intake(const profile::ApplicationProfile& profile, AuthorResult& result, Conversion conversion = {})
      : profile_(profile), result_(result), conversion_(conversion) {}

  // FSU: an instance already on the medium. A new input with its SOP Instance UID is a duplicate.
  void add_existing(const std::string& sop_instance_uid, const std::string& path, const std::string& file_id);
  // FSU: the identifying attributes of an instance already on the medium, for the consistency check.
  void add_summary(iod::InstanceSummary s) { summaries_.push_back(std::move(s)); }

  // Scans `inputs` and classifies every file found; then checks consistency across all instances.
  void take(const std::vector<std::string>& inputs, unsigned threads);
  // The same for files already scanned (`span` scans once for all its volumes).
  void take(std::vector<ScannedFile> scanned, unsigned threads);

  const std::vector<Candidate>& candidates() const { return candidates_; }
  std::vector<fileset::PlanInput> plan_inputs() const;
  void assign(std::vector<fileset::FileId> file_ids);  // parallel to candidates()

  // Copies (or rewrites) every candidate under `out_dir`, hashing what was written as read back
  // from the page cache. Nothing is flushed to stable storage here (update() flushes the file-set
  // once). `alongside`, when given, runs on the calling thread while the other threads copy (the
  // caller then joins them): work that needs none of the copies, such as encoding the DICOMDIR.
  // A file that fails (a stream that does not decode, a source that cannot be read) is left off:
  // its partial output is removed, its record becomes unreadable or excluded with the reason, and
  // it leaves candidates() (dropped() counts them; a DICOMDIR encoded `alongside` must then be
  // encoded again). Only job-wide faults fail: the output full (ENOSPC, EDQUOT) or failing, cancel.
  base::Status copy_all(const std::string& out_dir, unsigned threads, const std::function<void()>& alongside = {});
  std::size_t dropped() const { return dropped_; }
  // True when copy_all cannot change what entries() returns: no compression that may fall back
  // to another syntax. entries() may then be taken before or during copy_all.
  bool entries_final() const;
  // Reported to and checked by copy_all (set before it).
  void set_hooks(CopyHooks hooks) { hooks_ = std::move(hooks); }
  // The files copy_all created (to remove them again when a later step fails).
  std::vector<std::string> written(const std::string& out_dir) const;
  // Icon images (PS3.3 F.7) for the candidates whose record type `rule` lists, rendered from the
  // files written under `out_dir` (after copy_all). A failure is a finding naming the file.
  void make_icons(const profile::IconRule& rule, const std::string& out_dir, unsigned threads);
  // DICOMDIR entries of the candidates (pointing into this Intake's scan).
  std::vector<dicomdir::InstanceEntry> entries() const;
  // Frees the scanned headers on `threads` threads (freeing ~1,400 of them took a serial 20 ms
  // at exit). entries() and make_icons() must not be used afterwards.
  void release_headers(unsigned threads);

 private:
  struct Accepted {
    std::string path;         // to compare contents
    std::string description;  // for the duplicate's reason
    bool on_medium = false;
    std::size_t file = SIZE_MAX;  // the input's index in the scan (none: on the medium)
  };
  // A duplicate of an earlier input (duplicate()), to follow that input when copy_all drops it.
  struct Twin {
    std::size_t file, first;
    bool same;
  };
  FileRecord& record(std::size_t i) { return result_.files[base_ + i]; }
  // What classify() needs from each header that does not depend on other files, worked out in
  // parallel before the (serial) classification.
  struct Checked {
    std::vector<base::Finding> instance;  // validate_instance
    std::vector<base::Finding> profile;   // profile::check_instance
    std::optional<iod::InstanceSummary> summary;
    std::vector<InvalidUid> invalid_uids;  // as found (before any replacement)
    std::vector<std::string> repairs;      // what rewriting the file will change, for its reason
  };
  // Same SOP Instance UID, different content: the first file and the second, both off the medium.
  struct Conflicted {
    std::string first, second;
  };
  Checked check(std::size_t i);  // on any thread; may replace invalid UIDs in scanned_[i]'s header
  void classify(std::size_t i, Checked checked);
  void duplicate(std::size_t i, const Accepted& first);
  // A second input with the SOP Instance UID of an accepted one: one instance (the better copy
  // stays), a conflict (both leave), or one of them broken. False when `i` is still to be decided
  // (the first copy left the medium for it).
  bool same_uid(std::size_t i, const Accepted& first, std::size_t& replaced);
  // After `i` was decided in the place of the copy `replaced` (withdrawn as `saved`): the first
  // copy is a duplicate of `i`, or, when `i` could not be taken after all, back on the medium.
  void settle(std::size_t i, std::size_t replaced, std::optional<Candidate> saved, FileRecord saved_record,
              const std::string& uid);
  // Takes an accepted input back off the medium with its new outcome and reason.
  std::optional<Candidate> withdraw(std::size_t file, Outcome outcome, std::string reason);
  // Lower is better: lossless before lossy, then the profile's order of syntaxes (issue 11 item 5).
  std::pair<int, std::size_t> fidelity(std::size_t i) const;
  void decide(std::size_t i, const std::string& sop_class, std::vector<base::Finding> profile_findings);
  void exclude(std::size_t i, std::string reason, std::string reference);
  bool choose_target(std::size_t i, const std::vector<std::string>& allowed, Candidate& c);
  // `folder_made` creates a folder of the file-set once, whichever thread asks first.
  base::Status copy_one(const Candidate& c, const std::string& out_dir, std::vector<base::Finding>& notes,
                        const std::function<base::Status(const std::string&)>& folder_made);
  static bool job_wide(const base::Error& e, const std::string& out_dir);
  void drop(const Candidate& c, const base::Error& e, const std::string& out_dir);
  base::Status rewrite_one(const Candidate& c, const std::string& ts, const std::string& out, FileRecord& rec);
  const codec::CodecRegistry& codecs() const { return conversion_.codecs ? *conversion_.codecs : no_codecs_; }

  const profile::ApplicationProfile& profile_;
  AuthorResult& result_;
  Conversion conversion_;
  codec::CodecRegistry no_codecs_;
  std::size_t base_ = 0;  // index of the first record of this intake in result_.files
  std::vector<ScannedFile> scanned_;
  std::map<std::string, Accepted> by_uid_;
  std::vector<iod::InstanceSummary> summaries_;
  std::vector<Candidate> candidates_;
  std::vector<std::optional<dicom::DataSet>> icons_;  // parallel to candidates_ once made
  CopyHooks hooks_;
  std::size_t dropped_ = 0;  // candidates copy_all left off
  std::vector<Twin> twins_;
  std::map<std::string, Conflicted> conflicted_;  // by SOP Instance UID
  std::vector<std::vector<std::string>> repairs_;  // per scanned file, from check()
  std::vector<bool> replace_uids_;                 // per scanned file: invalid UIDs to replace
  std::string now_;                                // Attribute Modification DateTime of this job
};

// author() over files already scanned (their paths are options.inputs): `span` plans its volumes
// from one scan and authors each from its share of it, so every header is read once.
base::Result<AuthorResult> author_scanned(const AuthorOptions& options, std::vector<ScannedFile> scanned,
                                          const profile::ApplicationProfile& profile, base::UidSource& uids);

// An input folder that contains the file-set root, or lies inside it, would be read while written.
base::Status check_no_overlap(const std::vector<std::string>& inputs, const std::string& root);

// The DICOMDIR build options of a profile: its extra keys (PS3.11 X.3.3) beyond PS3.3 F.5.
dicomdir::BuildOptions build_options(const profile::ApplicationProfile& profile, std::string fileset_id,
                                     std::string fileset_uid);

// Writes `name` in the file-set root atomically (temporary file, fsync when `sync`, rename).
base::Status write_root_file(const std::string& root, const std::string& name, base::ByteView bytes, bool sync);

// SHA256.TXT (checkable with `sha256sum -c`): a line per file of `files` on the medium, then the
// (name, hash) pairs of `extra`. Returns the manifest's size in bytes.
base::Result<std::uint64_t> write_manifest(const std::string& root, const std::vector<FileRecord>& files,
                                           const std::vector<std::pair<std::string, std::string>>& extra, bool sync);

}  // namespace discus::media::author::detail
