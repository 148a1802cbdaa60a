// discus::media::author — turns a pile of DICOM files into a conformant file-set for a medium.
//
// Scans files and folders, reads every header (never the pixel data), validates each instance
// against its IOD and the chosen PS3.11 application profile, repairs what may be repaired (a
// native transfer syntax the profile does not allow becomes Explicit VR Little Endian; Type 1
// DICOMDIR keys an instance lacks are supplied), plans File IDs, copies each instance under its
// File ID, and writes the DICOMDIR, the IHE PDI README.TXT and a SHA-256 manifest (SHA256.TXT,
// checkable with `sha256sum -c`). Sources are opened read-only and never modified. Every input
// file is accounted for in the result: copied, rewritten (File Meta Information rebuilt from the
// data set, invalid UIDs replaced, transfer syntax changed), duplicate, conflict, excluded (and
// why), not DICOM, or unreadable. Files Discus writes carry its own (zero) preamble.
//   DISCUS_TRY(AuthorResult r, author(options, *registry.find("STD-GEN-CD"), uids));
#pragma once

#include <nlohmann/json.hpp>

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "base/finding.h"
#include "base/result.h"
#include "base/uid.h"
#include "codec/codec.h"
#include "media/author/pdi_readme.h"
#include "media/author/transfer_syntax_choice.h"
#include "media/profile/profile.h"

namespace discus::media::author {

// Other content (PS3.10 8.6: files no DICOMDIR record references) a feature writes once the
// DICOMDIR is written and before SHA256.TXT, which then lists it: the disc viewer (media/web).
// Names are relative to the file-set root, '/'-separated.
using OtherContent = std::function<base::Result<std::vector<std::pair<std::string, base::Bytes>>>(const std::string& root)>;

struct AuthorOptions {
  std::vector<std::string> inputs;  // files and folders (searched recursively)
  std::string out_dir;              // the file-set root; must not exist or be empty
  std::string fileset_id;           // (0004,1130); empty allowed
  std::string institution;          // named in README.TXT as the creator of the medium
  std::vector<ReadmeSection> readme_sections;  // README.TXT sections features add (viewer, ...)
  OtherContent other_content;  // see OtherContent; an error fails the job
  unsigned threads = 2;             // copy, transcode and hash in parallel
  // Pixel data: compressed only as asked (lossy never by default); converted where the profile
  // demands it, with the codecs of `codecs` (null: none, so compressed data can only be copied).
  Compression compression = Compression::kNone;
  const codec::CodecRegistry* codecs = nullptr;
  // Instances with invalid UIDs (PS3.5 9.1) are excluded, or with this set have them replaced by
  // UIDs derived from the old values under `uid_root` (empty: 2.25), the old values kept in the
  // Original Attributes Sequence (uid_repair.h).
  bool replace_invalid_uids = false;
  std::string uid_root;
  // Hooks for the application layer (src/app), which turns them into its progress events and
  // cancel token; this layer never includes it. `progress` is called from the copy loop after each
  // instance is written, on whichever thread wrote it (done counts instances written or failed).
  // `cancel`, once true, stops the copy loop starting new files and author() fails with kCancelled.
  std::function<void(std::size_t done, std::size_t total, const std::string& current)> progress;
  const std::atomic<bool>* cancel = nullptr;
};

enum class Outcome {
  kCopied,     // on the medium byte for byte
  kRewritten,  // on the medium, re-encoded (transfer syntax or file meta repaired)
  kExcluded,   // DICOM, but not allowed on this medium (reason says why)
  kDuplicate,  // the same instance as one on the medium (same UID, attributes and decoded pixels)
  kConflict,   // same SOP Instance UID as another input but a different instance: both left off
  kNotDicom,   // listed and skipped
  kUnreadable, // DICOM-looking but broken (reason names file, offset, tag)
  kDicomdir,   // an existing DICOMDIR: the file-set gets its own
  kOnMedium,   // `update` only: an instance already on the medium, left untouched (source = its path)
};
std::string_view to_string(Outcome o);

// One element two files with the same SOP Instance UID disagree on (a conflict, side by side).
struct Difference {
  std::string tag_path;  // "(0010,0010)" or "(0008,1115)[1]/(0008,1155)"
  std::string keyword;   // PS3.6, empty for private elements
  std::string value;     // in this file ("(absent)" when missing)
  std::string other;     // in the file it conflicts with
};

struct FileRecord {
  std::string source;
  Outcome outcome = Outcome::kNotDicom;
  std::string reason;
  std::string file_id;          // "DICOM/P0000001/S0000001/E0000001/I0000001" when on the medium
  std::string transfer_syntax;  // as written on the medium
  std::string sha256;           // of the file on the medium
  std::uint64_t bytes = 0;      // on the medium
  std::string conflict_with;    // kConflict: the other file with this SOP Instance UID
  std::vector<Difference> differences;  // kConflict: where the two differ
};

struct AuthorResult {
  std::string profile_id;
  std::string fileset_uid;
  std::string out_dir;
  std::vector<FileRecord> files;        // one per input file, in scan order (update: then one per kept instance)
  std::vector<base::Finding> findings;  // IOD, profile, consistency, DICOMDIR
  std::size_t patients = 0, studies = 0, series = 0, instances = 0;
  std::uint64_t total_bytes = 0;        // everything written, DICOMDIR and README included
  bool complete() const;                // every DICOM input is on the medium
};

base::Result<AuthorResult> author(const AuthorOptions& options, const profile::ApplicationProfile& profile,
                                  base::UidSource& uids);

// The conformance report: every file, every finding, what was repaired.
std::string report_text(const AuthorResult& r);
nlohmann::ordered_json report_json(const AuthorResult& r);

}  // namespace discus::media::author
