// discus::app — `author`: a file-set for a medium, then optionally a secure envelope, then the
// medium itself (ISO image, disc, USB stick), each read back and verified. Composition as code.
//
// Steps: the profile and the media asked for are checked against each other before any work
// (an image or a burn needs a disc profile, a stick a flash profile), and a secure profile's
// recipients are loaded and checked (PS3.15 D.1); the file-set is authored into staging (see
// staging.h: OUT.partial, or for a secure profile a private folder on /dev/shm enveloped into
// OUT.partial) and renamed onto OUT when complete; then each medium is written and verified in
// turn. A file-set that lacks some DICOM inputs (excluded, unreadable) is still renamed into
// place with its report, but no medium is written from it unless allow_excluded: a disc that
// silently lacks some of the patient's images is worse than none (media_skipped says so). A secure
// file-set is only written when complete or allow_excluded. Cancellation: between files of the copy, between stages, inside image writing
// and burning; a cancelled run returns kCancelled and leaves no OUT.
//   app::AuthorOptions o;  o.profile_id = "STD-GEN-CD";  o.fileset.inputs = {"in/"};  o.fileset.out_dir = "out";
//   o.media.iso = "out.iso";  DISCUS_TRY(app::AuthorResult r, app::author(o, ctx, bar, cancel));
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/burn.h"
#include "app/context.h"
#include "app/progress.h"
#include "app/write_iso.h"
#include "app/write_usb.h"
#include "media/author/author.h"
#include "media/secure/fileset.h"
#include "media/secure/secure.h"

namespace discus::app {

// The media `author` writes the finished file-set to; empty members are not written.
struct MediaTargets {
  std::string iso;         // an ISO 9660 image file
  std::string burn;        // a drive (/dev/srN, stdio:FILE)
  std::string usb;         // a mounted stick, an image file (made to fit when absent), a device
  // The size of the profile's disc for iso/burn ("bd-re", "bd-dl", "dvd-dl", "cd80"); empty: the
  // profile's default. Must be a size of the medium the profile names (PS3.11 profile, PS3.12 annex).
  std::string medium;
  bool sync_image = true;  // false: the image file is not fsync'ed (a disc or a stick always is)
  bool verify = true;      // read each medium back
  bool any() const { return !iso.empty() || !burn.empty() || !usb.empty(); }
};

struct AuthorOptions {
  std::string profile_id;
  // inputs, out_dir (the finished file-set's place), fileset_id, institution, compression,
  // threads. codecs: null takes the context's. progress and cancel are set by author().
  media::author::AuthorOptions fileset;
  std::optional<media::secure::SecureOptions> secure;  // recipients; required by, and only for, secure profiles
  MediaTargets media;
  // Write the media even when some DICOM inputs are not on the file-set (excluded, unreadable):
  // the README.TXT on the medium counts what was left out and why, the report beside it names
  // each file. Without it such a file-set gets no medium (media_skipped).
  bool allow_excluded = false;
  // The disc viewer (viewer-autorun/, media/web) on the medium: by default on disc and USB
  // profiles (Media Creation Management's Include Display Application, PS3.4 Annex S); on secure
  // ones without its data (it asks for the password). viewer_dir empty: find_viewer_dir().
  bool viewer = true;
  std::string viewer_dir;
  // The IHE PDI Web Content option (media/web/pdi_web.h): INDEX.HTM and IHE_PDI/ with static pages
  // and JPEG renderings ("DICOM PLUS WEB"); refused on secure profiles (nothing in clear).
  bool web_content = false;
};

// What author() put on the medium for the viewer, or why nothing.
struct ViewerReport {
  bool added = false;
  std::uint64_t viewer_bytes = 0, data_bytes = 0;  // its code; VIEWER/DATA (index, thumbnails)
  bool thumbnails = false;
  std::string not_added;  // why not, when asked for (empty when not asked for)
  std::size_t web_pages = 0, web_renderings = 0;  // the PDI Web Content, when asked for
  std::uint64_t web_bytes = 0;
};

struct AuthorResult {
  media::author::AuthorResult fileset;                  // out_dir: where it now is (empty: not written)
  std::optional<media::secure::FileSetReport> secured;  // secure profiles
  std::optional<IsoResult> iso;
  std::optional<BurnResult> burn;
  std::optional<UsbResult> usb;
  bool media_skipped = false;  // media were asked for but the file-set is not complete
  bool allow_excluded = false; // as asked: a file-set that lacks some inputs is not a failure
  ViewerReport viewer;
  // The file-set is complete (or allow_excluded) and every medium written was verified good.
  bool ok() const;
};

// The viewer's README.TXT section and the hook that writes it (with its index, thumbnails and, on
// optical media, AUTORUN.INF) for a medium of profile `p`: used by author() and by update() on a
// medium that carries a viewer. The report is filled in when the hook runs; not_added says why
// there is no hook. viewer_dir empty: media::web::find_viewer_dir(); codecs null: the context's.
std::shared_ptr<ViewerReport> viewer_hooks(const media::profile::ApplicationProfile& p, const Context& context,
                                           const std::string& viewer_dir, unsigned threads, const codec::CodecRegistry* codecs,
                                           std::vector<media::author::ReadmeSection>& sections,
                                           media::author::OtherContent& hook);

// The IHE PDI Web Content's README.TXT section and hook (INDEX.HTM, IHE_PDI/), chained after
// `hook` (the viewer's, or empty); `report` gets its counts. Used by author() (--web-content) and
// by update() on a medium that has it. viewer_linked: INDEX.HTM links to VIEWER/INDEX.HTM.
void web_content_hooks(const media::profile::ApplicationProfile& p, const Context& context, unsigned threads,
                       const codec::CodecRegistry* codecs, bool viewer_linked, const std::shared_ptr<ViewerReport>& report,
                       std::vector<media::author::ReadmeSection>& sections, media::author::OtherContent& hook);

// The checks author() makes before any work, for a caller that answers them differently (the CLI
// calls them usage errors): the profile exists (kNotFound), the media asked for are its kind, a
// secure profile has recipients and only a secure profile has them (kInvalidArgument).
base::Status check_author(const AuthorOptions& options, const Context& context);

base::Result<AuthorResult> author(const AuthorOptions& options, const Context& context, Progress& progress,
                                  CancelToken& cancel);

}  // namespace discus::app
