// discus::media::author — `discus mkdir`: a DICOMDIR for files already in place (like dcmmkdir).
//
// Every regular file under the root is scanned as `author` scans (media/author/scan.h), with a
// key-only read of each header (only the DICOMDIR keys, on every core); DICOM files whose path is a valid
// File ID (PS3.10 8.2) are listed, checked against the profile when one is given, and the
// DICOMDIR is written in the root. Files whose path is not a File ID, and DICOM files the profile
// refuses, are reported and left out; nothing but the DICOMDIR is written.
#pragma once

#include <string>
#include <vector>

#include "base/finding.h"
#include "base/result.h"
#include "base/uid.h"
#include "media/profile/profile.h"

namespace discus::media::author {

struct MkdirOptions {
  std::string root;
  std::string fileset_id;
  bool replace = false;  // overwrite an existing DICOMDIR
  unsigned threads = 2;
  // Read only the DICOMDIR keys of each header (ReadOptions::wanted, dicom/part10/reader.h); false:
  // the whole header, pruned to the keys afterwards (tests compare the two; the DICOMDIR is the
  // same byte for byte).
  bool key_only_reads = true;
  // fsync the DICOMDIR before renaming it into place. Off by default, as for dcmmkdir and cp: the
  // rename still keeps a reader from ever seeing half a DICOMDIR, and the fsync alone cost more
  // than reading all 1,398 headers of the bench set (6-26 ms on this machine).
  bool sync = false;
};

struct MkdirResult {
  std::size_t referenced = 0;
  std::size_t skipped = 0;
  std::vector<base::Finding> findings;
};

base::Result<MkdirResult> make_dicomdir(const MkdirOptions& options, const profile::ApplicationProfile* profile,
                                        base::UidSource& uids);

}  // namespace discus::media::author
