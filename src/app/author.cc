#include "app/author.h"
#include "app/free_space.h"

#include <fmt/format.h>

#include <memory>
#include <mutex>

#include "app/medium.h"
#include "app/staging.h"
#include "media/web/pdi_web.h"
#include "media/web/viewer_content.h"

namespace discus::app {

using base::Error;
using base::ErrorCode;

bool AuthorResult::ok() const {
  if ((!fileset.complete() && !allow_excluded) || media_skipped) return false;
  return (!iso || iso->ok()) && (!burn || burn->ok()) && (!usb || usb->ok());
}

namespace {

// Writes the finished file-set at `dir` to each medium asked for, each verified.
base::Status write_media(const AuthorOptions& o, const media::profile::ApplicationProfile& p, const std::string& dir,
                         const Context& context, Progress& progress, CancelToken& cancel, AuthorResult& result) {
  const detail::ProfileMedium medium = detail::medium_of(p);
  if (!o.media.iso.empty()) {
    IsoOptions io;
    io.fileset_dir = dir;
    io.iso_path = o.media.iso;
    io.medium = o.media.medium.empty() ? medium.iso_medium : o.media.medium;
    io.iso.sync = o.media.sync_image;
    io.verify = o.media.verify;
    // A secure medium made with a password is also read back as DICOM, opened in memory.
    if (o.secure && !o.secure->password.empty()) io.key.password = o.secure->password;
    DISCUS_TRY(result.iso, write_iso(io, context, progress, cancel));
    if (!result.iso->ok()) return {};  // the report says which files; nothing more is written
  }
  if (!o.media.burn.empty()) {
    BurnOptions bo;
    bo.drive = o.media.burn;
    bo.fileset_dir = dir;
    bo.medium = o.media.medium.empty() ? medium.iso_medium : o.media.medium;
    bo.verify = o.media.verify;
    DISCUS_TRY(result.burn, burn(bo, context, progress, cancel));
    if (!result.burn->ok()) return {};
  }
  if (!o.media.usb.empty()) {
    UsbOptions uo;
    uo.fileset_dir = dir;
    uo.target = o.media.usb;
    uo.size_to_fit = true;
    uo.verify = o.media.verify;
    DISCUS_TRY(result.usb, write_usb(uo, context, progress, cancel));
  }
  return {};
}

// The viewer goes on disc and USB media unless asked not to.
std::shared_ptr<ViewerReport> add_viewer(const AuthorOptions& o, const media::profile::ApplicationProfile& p,
                                         const Context& context, media::author::AuthorOptions& ao) {
  auto report = o.viewer ? viewer_hooks(p, context, o.viewer_dir, ao.threads, ao.codecs, ao.readme_sections, ao.other_content)
                         : std::make_shared<ViewerReport>();
  if (o.web_content)
    web_content_hooks(p, context, ao.threads, ao.codecs, o.viewer && report->not_added.empty(), report, ao.readme_sections, ao.other_content);
  return report;
}

}  // namespace

void web_content_hooks(const media::profile::ApplicationProfile& p, const Context& context, unsigned threads,
                       const codec::CodecRegistry* codecs, bool viewer_linked, const std::shared_ptr<ViewerReport>& report,
                       std::vector<media::author::ReadmeSection>& sections, media::author::OtherContent& hook) {
  // The IHE PDI Web Content option: its files join the viewer's (other content, PS3.10 8.6).
  media::web::WebContentOptions wo;
  wo.codecs = codecs != nullptr ? codecs : context.codecs;
  wo.viewer = viewer_linked;
  wo.capacity_bytes = p.capacity_bytes;
  wo.threads = threads;
  sections.push_back({"Web pages on this medium", media::web::web_readme_lines(wo.viewer)});
  hook = [wo, report, viewer = hook](const std::string& root)
      -> base::Result<std::vector<std::pair<std::string, base::Bytes>>> {
    std::vector<std::pair<std::string, base::Bytes>> files;
    if (viewer) {
      DISCUS_TRY(files, viewer(root));
    }
    DISCUS_TRY(media::web::WebContent web, media::web::pdi_web_content(root, wo));
    report->web_pages = web.pages;
    report->web_renderings = web.renderings;
    report->web_bytes = web.bytes;
    for (auto& f : web.files) files.emplace_back(std::move(f.name), std::move(f.bytes));
    return files;
  };
}

std::shared_ptr<ViewerReport> viewer_hooks(const media::profile::ApplicationProfile& p, const Context& context,
                                           const std::string& viewer_dir, unsigned threads, const codec::CodecRegistry* codecs,
                                           std::vector<media::author::ReadmeSection>& sections,
                                           media::author::OtherContent& hook) {
  auto shared = std::make_shared<ViewerReport>();
  ViewerReport& report = *shared;
  const detail::ProfileMedium medium = detail::medium_of(p);
  if (medium.family == detail::MediumFamily::kOther) {
    report.not_added = fmt::format("{} is not a disc or USB profile", p.id);
    return shared;
  }
  const std::string dir = viewer_dir.empty() ? media::web::find_viewer_dir() : viewer_dir;
  if (dir.empty()) {
    report.not_added = "the viewer is not built (needs node and npm: bash packaging/install-deps.sh, then rebuild)";
    return shared;
  }
  const bool optical = medium.family == detail::MediumFamily::kDisc;
  sections.push_back({"Viewer on this medium", media::web::readme_lines(optical, p.secure)});
  media::web::ViewerOptions vo;
  vo.viewer_dir = dir;
  vo.autorun = optical;
  // A secure medium carries nothing in clear for the viewer's sake: it builds its index from the
  // DICOMDIR it decrypts with the password.
  vo.data = !p.secure;
  vo.capacity_bytes = p.capacity_bytes;
  vo.codecs = codecs != nullptr ? codecs : context.codecs;
  vo.threads = threads;
  // The hook runs inside media::author's author() or update(), before the caller reads the report.
  hook = [vo, shared](const std::string& root) -> base::Result<std::vector<std::pair<std::string, base::Bytes>>> {
    DISCUS_TRY(media::web::ViewerContent c, media::web::viewer_content(root, vo));
    shared->added = true;
    shared->viewer_bytes = c.viewer_bytes;
    shared->data_bytes = c.data_bytes;
    shared->thumbnails = c.thumbnails;
    std::vector<std::pair<std::string, base::Bytes>> files;
    for (auto& f : c.files) files.emplace_back(std::move(f.name), std::move(f.bytes));
    return files;
  };
  return shared;
}

base::Status check_author(const AuthorOptions& o, const Context& context) {
  DISCUS_TRY(const media::profile::ApplicationProfile* found, find_profile(context, o.profile_id));
  const media::profile::ApplicationProfile& p = *found;
  const detail::ProfileMedium medium = detail::medium_of(p);
  if ((!o.media.iso.empty() || !o.media.burn.empty()) && medium.family != detail::MediumFamily::kDisc)
    return Error{ErrorCode::kInvalidArgument, fmt::format("{} is a profile for {} media, not for a disc; no image or burn (PS3.11 {})",
                                                          p.id, p.medium_id, p.reference)};
  if (!o.media.medium.empty()) {
    // --medium picks a size of the profile's own disc: a BD profile (PS3.12 X) on a CD is refused.
    DISCUS_TRY(const media::profile::MediumTable* table, medium_table(context));
    const auto choice = table->find_size(o.media.medium);
    const media::profile::MediumType* disc = media::profile::disc_medium_of(p);
    if (!choice || disc == nullptr || choice->type == nullptr || choice->type->id != disc->id) {
      std::string sizes;
      if (disc != nullptr)
        for (const auto& size : disc->sizes) sizes += (sizes.empty() ? "" : ", ") + size.name;
      return Error{ErrorCode::kInvalidArgument,
                   fmt::format("--medium {}: {} is a profile for {} ({}); its sizes are {}", o.media.medium, p.id, p.medium_id,
                               p.reference, sizes.empty() ? "none" : sizes)};
    }
  }
  if (!o.media.usb.empty() && medium.family != detail::MediumFamily::kFlash)
    return Error{ErrorCode::kInvalidArgument,
                 fmt::format("{} is a profile for {}; a USB stick needs a STD-GEN-USB-* profile (PS3.11, PS3.12 Annex R)", p.id,
                             p.medium_id)};
  if (p.secure && o.web_content)
    return Error{ErrorCode::kInvalidArgument,
                 fmt::format("{} is a secure profile: the IHE PDI Web Content would put patient data in clear on it", p.id)};
  if (!p.secure && o.secure)
    return Error{ErrorCode::kInvalidArgument,
                 fmt::format("recipients and signing need a secure profile (STD-GEN-SEC-*), not {}", p.id)};
  if (p.secure && (!o.secure || (o.secure->recipient_certs.empty() && o.secure->password.empty())))
    return Error{ErrorCode::kInvalidArgument,
                 fmt::format("{} makes Secure DICOM Files: give a recipient certificate and/or a password", p.id)};
  return {};
}

base::Result<AuthorResult> author(const AuthorOptions& options, const Context& context, Progress& progress,
                                  CancelToken& cancel) {
  DISCUS_TRY(const media::profile::ApplicationProfile* profile, find_profile(context, options.profile_id));
  if (context.uids == nullptr) return Error{ErrorCode::kInvalidArgument, "author needs a UID source"};
  DISCUS_CHECK(check_author(options, context));
  // A secure profile's recipients are loaded and checked (validity, key usage, RSA size) before
  // anything is authored.
  std::optional<media::secure::Encryptor> encryptor;
  if (profile->secure) {
    DISCUS_TRY(media::secure::Encryptor enc, media::secure::Encryptor::create(*options.secure));
    encryptor.emplace(std::move(enc));
  }
  if (cancel.requested()) return cancelled("before authoring");
  // Free space before the work (issue 12 item 4); a secure job also stages on /dev/shm.
  const std::uint64_t need = estimate_output(bytes_under(options.fileset.inputs));
  DISCUS_CHECK(check_free_space(options.fileset.out_dir, need, "author"));
  if (encryptor) DISCUS_CHECK(check_free_space(private_staging_root(), need, "the secure staging"));

  DISCUS_TRY(StagedFolder out, StagedFolder::create(options.fileset.out_dir));
  std::optional<PrivateStaging> secret;
  media::author::AuthorOptions ao = options.fileset;
  if (ao.codecs == nullptr) ao.codecs = context.codecs;
  if (encryptor) {
    DISCUS_TRY(PrivateStaging p, PrivateStaging::create());
    secret.emplace(std::move(p));
    ao.out_dir = secret->dir() + "/FILESET";
  } else {
    ao.out_dir = out.path();
  }
  // The copy loop reports from its worker threads; the first report opens the copy stage.
  std::once_flag copying;
  ao.progress = [&](std::size_t done, std::size_t total, const std::string& current) {
    std::call_once(copying, [&] { progress.on_stage(Stage::kCopy, out.target()); });
    progress.on_progress({Stage::kCopy, Unit::kFiles, done, total, current});
  };
  ao.cancel = cancel.flag();
  const std::shared_ptr<ViewerReport> viewer = add_viewer(options, *profile, context, ao);

  progress.on_stage(Stage::kScan, fmt::format("{} input(s)", ao.inputs.size()));
  auto authored = media::author::author(ao, *profile, *context.uids);
  if (cancel.requested()) return cancelled("while authoring the file-set");
  if (!authored) return std::move(authored).error();
  AuthorResult result;
  result.allow_excluded = options.allow_excluded;
  result.viewer = *viewer;
  result.fileset = std::move(*authored);
  for (const base::Finding& f : result.fileset.findings) progress.on_finding(f);
  result.fileset.out_dir.clear();  // until it is in place

  if (encryptor) {
    // A secure medium is written only when complete: the plain file-set dies with the staging.
    if (!result.fileset.complete() && !options.allow_excluded) {
      result.media_skipped = options.media.any();
      return result;
    }
    progress.on_stage(Stage::kEnvelope, out.target());
    auto secured = media::secure::secure_file_set(ao.out_dir, out.path(), *encryptor, ao.threads, {.cancel = cancel.flag()});
    if (cancel.requested()) return cancelled("while enveloping the file-set");
    if (!secured) return Error{secured.error().code, fmt::format("enveloping the file-set: {}", secured.error().describe())};
    result.secured = std::move(*secured);
    secret.reset();  // the plaintext goes as soon as the envelopes are written
  }
  if (cancel.requested()) return cancelled("before the file-set was put in place");
  DISCUS_CHECK(out.commit());
  result.fileset.out_dir = out.target();

  if (!options.media.any()) return result;
  if (!result.fileset.complete() && !options.allow_excluded) {
    result.media_skipped = true;
    return result;
  }
  DISCUS_CHECK(write_media(options, *profile, out.target(), context, progress, cancel, result));
  return result;
}

}  // namespace discus::app
