// discus::media::author — `discus update`: adds instances to an existing file-set (the FSU role).
//
// PS3.10 8.3: a File-set Updater reads a file-set, may add or delete files, and may modify only
// the DICOMDIR; it may act only where the PS3.11 application profile gives the FSU role. update()
// reads the existing DICOMDIR (keeping its File-set UID and File-set ID), re-reads the header of
// every instance it references (a missing or unreadable one is reported and left out of the new
// DICOMDIR), takes the new inputs exactly as `author` does (same validation, profile checks and
// repairs), skips inputs whose SOP Instance UID is already on the medium, writes the new
// instances into patient folders no existing file uses, and then rewrites the DICOMDIR over old +
// new atomically. SHA256.TXT is rewritten to cover every file of the file-set; every existing file
// is re-hashed (not trusted) and checked against the old manifest. README.TXT is rewritten when it
// is ours (or absent). Existing instance files are never opened for writing.
//   DISCUS_TRY(AuthorResult r, update({.root = "/mnt/usb", .inputs = {"new/"}}, *registry.find("STD-GEN-USB"), uids));
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "base/result.h"
#include "base/uid.h"
#include "media/author/author.h"
#include "media/profile/profile.h"

namespace discus::media::author {

struct UpdateOptions {
  std::string root;                 // the file-set root: holds the DICOMDIR
  std::vector<std::string> inputs;  // new files and folders (searched recursively)
  std::string institution;          // named in README.TXT
  unsigned threads = 2;             // copy, transcode and hash in parallel
  Compression compression = Compression::kNone;  // as AuthorOptions
  const codec::CodecRegistry* codecs = nullptr;
  // As AuthorOptions: reported from and checked by the copy of the new instances (src/app).
  std::function<void(std::size_t done, std::size_t total, const std::string& current)> progress;
  const std::atomic<bool>* cancel = nullptr;
  // As AuthorOptions: README.TXT sections, and other content rewritten after the new DICOMDIR (the
  // viewer's index follows it); the files it names replace those on the medium. Its failure is a
  // warning: the DICOMDIR is already in place.
  std::vector<ReadmeSection> readme_sections;
  OtherContent other_content;
};

// `uids` is used only when the existing DICOMDIR has no File-set UID. The result lists the new
// inputs first (scan order), then one kOnMedium record per instance kept from the medium.
base::Result<AuthorResult> update(const UpdateOptions& options, const profile::ApplicationProfile& profile,
                                  base::UidSource& uids);

}  // namespace discus::media::author
