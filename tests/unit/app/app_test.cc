// The application layer's use cases through their functions: author then ISO then verify with
// stages and progress in order; cancellation before and during a run; a failing or cancelled
// author leaves no OUT (and no OUT.partial); a secure author leaves nothing in /dev/shm.
#include "app/author.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <fstream>

#include "app/decrypt.h"
#include "app/encrypt.h"
#include "app/mkdir.h"
#include "app/span.h"
#include "app/transcode.h"
#include "app/update.h"
#include "app/verify.h"
#include "app/write_iso.h"
#include "app_test_support.h"
#include "dicom/dict/uids.h"

namespace discus::app {
namespace {

using namespace testing;

AuthorOptions author_options(const TempDir& tmp, const std::string& profile = "STD-GEN-CD") {
  AuthorOptions o;
  o.profile_id = profile;
  o.fileset.inputs = {(tmp / "in").string()};
  o.fileset.out_dir = (tmp / "out").string();
  o.fileset.fileset_id = "APPTEST";
  o.fileset.threads = 1;
  return o;
}

// Stage `a` is announced, and before `b`.
void expect_before(const std::vector<Stage>& stages, Stage a, Stage b) {
  auto ia = std::find(stages.begin(), stages.end(), a), ib = std::find(stages.begin(), stages.end(), b);
  ASSERT_NE(ia, stages.end()) << to_string(a);
  ASSERT_NE(ib, stages.end()) << to_string(b);
  EXPECT_LT(ia - stages.begin(), ib - stages.begin()) << to_string(a) << " before " << to_string(b);
}

TEST(AppAuthor, FolderThenIsoThenVerifyReportsStagesInOrder) {
  TempDir tmp("app-iso");
  make_inputs(tmp / "in", 5);
  TestContext t;
  Recorder rec;
  CancelToken cancel;
  AuthorOptions o = author_options(tmp);
  o.media.iso = (tmp / "out.iso").string();
  o.media.sync_image = false;
  auto r = author(o, t.context, rec, cancel);
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_TRUE(r->ok());
  EXPECT_EQ(r->fileset.instances, 5u);
  EXPECT_EQ(r->fileset.out_dir, o.fileset.out_dir);
  EXPECT_TRUE(fs::exists(tmp / "out" / "DICOMDIR"));
  EXPECT_FALSE(fs::exists(tmp / "out.partial"));
  ASSERT_TRUE(r->iso);
  ASSERT_TRUE(r->iso->verify);
  EXPECT_TRUE(r->iso->verify->ok());
  EXPECT_GE(r->iso->verify->files_checked, 5u);

  expect_before(rec.stages, Stage::kScan, Stage::kCopy);
  expect_before(rec.stages, Stage::kCopy, Stage::kImage);
  expect_before(rec.stages, Stage::kImage, Stage::kVerify);
  const auto [copied, of] = rec.reached(Stage::kCopy);
  EXPECT_EQ(copied, 5u);
  EXPECT_EQ(of, 5u);
  const auto [written, image] = rec.reached(Stage::kImage);
  EXPECT_EQ(written, image);
  EXPECT_EQ(image, r->iso->plan.image_bytes);
  const auto [read, to_read] = rec.reached(Stage::kVerify);
  EXPECT_EQ(read, to_read);
  EXPECT_GT(read, 0u);

  // The same image and folder through `verify`.
  Recorder again;
  auto v = verify({MediumKind::kIso, o.media.iso, {}, true}, t.context, again, cancel);
  ASSERT_TRUE(v) << v.error().describe();
  EXPECT_TRUE(v->ok()) << output::to_text(*v);
  EXPECT_EQ(again.stages, std::vector<Stage>{Stage::kVerify});
  auto d = verify({MediumKind::kDir, o.fileset.out_dir, {}, true}, t.context, no_progress(), cancel);
  ASSERT_TRUE(d) << d.error().describe();
  EXPECT_TRUE(d->ok()) << output::to_text(*d);
}

TEST(AppAuthor, BurnAndUsbAreComposedAndVerified) {
  TempDir tmp("app-burn-usb");
  make_inputs(tmp / "in", 3);
  TestContext t;
  CancelToken cancel;
  Recorder rec;
  AuthorOptions o = author_options(tmp);
  o.media.burn = "stdio:" + (tmp / "disc.iso").string();  // libburn's pseudo-drive
  auto r = author(o, t.context, rec, cancel);
  ASSERT_TRUE(r) << r.error().describe();
  ASSERT_TRUE(r->burn);
  ASSERT_TRUE(r->burn->verify);
  EXPECT_TRUE(r->ok()) << output::to_text(*r->burn->verify);
  expect_before(rec.stages, Stage::kCopy, Stage::kBurn);
  expect_before(rec.stages, Stage::kBurn, Stage::kVerify);

  TempDir tmp2("app-usb");
  make_inputs(tmp2 / "in", 3);
  Recorder rec2;
  AuthorOptions u = author_options(tmp2, "STD-GEN-USB-JPEG");
  u.media.usb = (tmp2 / "stick.img").string();  // absent: a FAT image made to fit
  auto s = author(u, t.context, rec2, cancel);
  ASSERT_TRUE(s) << s.error().describe();
  ASSERT_TRUE(s->usb);
  ASSERT_TRUE(s->usb->fat);
  ASSERT_TRUE(s->usb->verify);
  EXPECT_TRUE(s->ok()) << output::to_text(*s->usb->verify);
  expect_before(rec2.stages, Stage::kCopy, Stage::kUsb);
  expect_before(rec2.stages, Stage::kUsb, Stage::kVerify);
  EXPECT_EQ(rec2.reached(Stage::kUsb).first, s->usb->files);
  const auto [read, to_read] = rec2.reached(Stage::kVerify);
  EXPECT_GT(read, 0u);
  EXPECT_EQ(read, to_read);
}

TEST(AppAuthor, WriteIsoSeparatelyAndCancelledImageLeavesNoFile) {
  TempDir tmp("app-iso-cancel");
  make_inputs(tmp / "in", 3);
  TestContext t;
  CancelToken none;
  auto r = author(author_options(tmp), t.context, no_progress(), none);
  ASSERT_TRUE(r) << r.error().describe();

  IsoOptions io;
  io.fileset_dir = (tmp / "out").string();
  io.iso_path = (tmp / "a.iso").string();
  io.iso.sync = false;
  auto ok = write_iso(io, t.context, no_progress(), none);
  ASSERT_TRUE(ok) << ok.error().describe();
  EXPECT_TRUE(ok->ok());

  Recorder rec;
  CancelToken cancel;
  rec.hook = [&](const ProgressEvent& e) {
    if (e.stage == Stage::kImage) cancel.request();
  };
  io.iso_path = (tmp / "b.iso").string();
  auto cancelled = write_iso(io, t.context, rec, cancel);
  ASSERT_FALSE(cancelled);
  EXPECT_EQ(cancelled.error().code, base::ErrorCode::kCancelled) << cancelled.error().describe();
  EXPECT_FALSE(fs::exists(tmp / "b.iso"));
  for (const auto& e : fs::directory_iterator(tmp.path()))
    EXPECT_FALSE(e.path().filename().string().starts_with("b.iso")) << e.path();
}

TEST(AppAuthor, CancelledBeforeStartLeavesNothing) {
  TempDir tmp("app-cancel-before");
  make_inputs(tmp / "in", 2);
  TestContext t;
  CancelToken cancel;
  cancel.request();
  auto r = author(author_options(tmp), t.context, no_progress(), cancel);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, base::ErrorCode::kCancelled);
  EXPECT_FALSE(fs::exists(tmp / "out"));
  EXPECT_FALSE(fs::exists(tmp / "out.partial"));
}

TEST(AppAuthor, CancelledDuringCopyLeavesNoFileSet) {
  TempDir tmp("app-cancel-during");
  make_inputs(tmp / "in", 8);
  TestContext t;
  Recorder rec;
  CancelToken cancel;
  rec.hook = [&](const ProgressEvent& e) {
    if (e.stage == Stage::kCopy && e.done >= 2) cancel.request();
  };
  AuthorOptions o = author_options(tmp);
  o.media.iso = (tmp / "out.iso").string();
  auto r = author(o, t.context, rec, cancel);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, base::ErrorCode::kCancelled) << r.error().describe();
  EXPECT_LT(rec.reached(Stage::kCopy).first, 8u);  // stopped between files
  EXPECT_FALSE(fs::exists(tmp / "out"));
  EXPECT_FALSE(fs::exists(tmp / "out.partial"));
  EXPECT_FALSE(fs::exists(tmp / "out.iso"));
  EXPECT_TRUE(std::find(rec.stages.begin(), rec.stages.end(), Stage::kImage) == rec.stages.end());
}

TEST(AppAuthor, FailingAuthorLeavesNoOut) {
  TempDir tmp("app-fail");
  write_text(tmp / "in" / "notes.txt", "not DICOM\n");
  TestContext t;
  CancelToken cancel;
  auto r = author(author_options(tmp), t.context, no_progress(), cancel);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, base::ErrorCode::kInvalidArgument) << r.error().describe();
  EXPECT_FALSE(fs::exists(tmp / "out"));
  EXPECT_FALSE(fs::exists(tmp / "out.partial"));
}

TEST(AppAuthor, MediumThatIsNotTheProfilesIsRefusedBeforeAnyWork) {
  TempDir tmp("app-medium");
  make_inputs(tmp / "in", 1);
  TestContext t;
  CancelToken cancel;
  AuthorOptions o = author_options(tmp);
  o.media.usb = (tmp / "stick.img").string();  // a CD profile
  auto r = author(o, t.context, no_progress(), cancel);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, base::ErrorCode::kInvalidArgument);
  EXPECT_NE(r.error().message.find("USB"), std::string::npos) << r.error().message;
  EXPECT_FALSE(fs::exists(tmp / "out"));
  EXPECT_EQ(check_author(o, t.context).error().code, base::ErrorCode::kInvalidArgument);  // the same, without running
  auto unknown = author(author_options(tmp, "STD-NO-SUCH"), t.context, no_progress(), cancel);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, base::ErrorCode::kNotFound);
}

TEST(AppAuthor, IncompleteFileSetIsKeptButNoMediumWritten) {
  TempDir tmp("app-incomplete");
  make_inputs(tmp / "in", 2);
  // Storage Commitment has no DICOMDIR record type: excluded.
  write(tmp / "in" / "x.dcm", ct("P1", "1.2.826.0.1.3680043.10.7.5", "1.2.826.0.1.3680043.10.7.5.1", 9, "1.2.840.10008.1.20.1"));
  TestContext t;
  CancelToken cancel;
  AuthorOptions o = author_options(tmp);
  o.media.iso = (tmp / "out.iso").string();
  auto r = author(o, t.context, no_progress(), cancel);
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_FALSE(r->ok());
  EXPECT_TRUE(r->media_skipped);
  EXPECT_TRUE(fs::exists(tmp / "out" / "DICOMDIR"));
  EXPECT_FALSE(fs::exists(tmp / "out.iso"));
}

// Issue 11: --allow-excluded writes the valid part; the README.TXT on it counts what is not there.
TEST(AppAuthor, AllowExcludedWritesTheMediumWithTheRestAndSaysWhatIsMissing) {
  TempDir tmp("app-allow-excluded");
  make_inputs(tmp / "in", 2);
  write(tmp / "in" / "x.dcm", ct("P1", "1.2.826.0.1.3680043.10.7.6", "1.2.826.0.1.3680043.10.7.6.1", 9, "1.2.840.10008.1.20.1"));
  TestContext t;
  CancelToken cancel;
  AuthorOptions o = author_options(tmp);
  o.media.iso = (tmp / "out.iso").string();
  o.media.sync_image = false;
  o.allow_excluded = true;
  auto r = author(o, t.context, no_progress(), cancel);
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_FALSE(r->fileset.complete());
  EXPECT_FALSE(r->media_skipped);
  ASSERT_TRUE(r->iso);
  EXPECT_TRUE(r->iso->ok());
  EXPECT_TRUE(r->ok());  // left out as asked; what was written is verified
  EXPECT_TRUE(fs::exists(tmp / "out.iso"));
  std::ifstream readme(tmp / "out" / "README.TXT");
  const std::string text((std::istreambuf_iterator<char>(readme)), {});
  EXPECT_NE(text.find("What was left off this medium"), std::string::npos) << text;
  EXPECT_NE(text.find("1 DICOM instance not allowed"), std::string::npos) << text;
}

media::secure::SecureOptions password_recipient() {
  media::secure::SecureOptions so;
  so.password = media::secure::Secret("a long enough password");
  so.pbkdf2_iterations = 1000;
  so.sync = false;
  return so;
}

TEST(AppAuthor, SecureAuthorLeavesNothingInDevShm) {
  TempDir tmp("app-secure");
  make_inputs(tmp / "in", 3);
  TestContext t;
  CancelToken cancel;
  Recorder rec;
  AuthorOptions o = author_options(tmp, "STD-GEN-SEC-CD");
  o.secure = password_recipient();
  auto r = author(o, t.context, rec, cancel);
  ASSERT_TRUE(r) << r.error().describe();
  ASSERT_TRUE(r->secured);
  EXPECT_EQ(r->secured->enveloped, 4u);  // three instances and the DICOMDIR
  EXPECT_TRUE(fs::exists(tmp / "out" / "DICOMDIR"));
  EXPECT_FALSE(fs::exists(tmp / "out.partial"));
  EXPECT_TRUE(private_leftovers().empty());
  expect_before(rec.stages, Stage::kCopy, Stage::kEnvelope);

  // Opened again through `decrypt`, into a folder that appears whole.
  DecryptOptions d;
  d.in = (tmp / "out").string();
  d.out = (tmp / "plain").string();
  d.decrypt.password = media::secure::Secret("a long enough password");
  d.decrypt.sync = false;
  auto opened = decrypt(d, t.context, no_progress(), cancel);
  ASSERT_TRUE(opened) << opened.error().describe();
  EXPECT_TRUE(opened->fileset);
  EXPECT_EQ(opened->report.enveloped, 4u);
  auto v = verify({MediumKind::kDir, d.out, {}, true}, t.context, no_progress(), cancel);
  ASSERT_TRUE(v) << v.error().describe();
  EXPECT_TRUE(v->ok()) << output::to_text(*v);

  // A secure profile without recipients, and recipients without a secure profile, are refused.
  AuthorOptions bare = author_options(tmp, "STD-GEN-SEC-CD");
  bare.fileset.out_dir = (tmp / "out2").string();
  EXPECT_FALSE(author(bare, t.context, no_progress(), cancel));
  AuthorOptions plain = author_options(tmp);
  plain.fileset.out_dir = (tmp / "out3").string();
  plain.secure = password_recipient();
  EXPECT_FALSE(author(plain, t.context, no_progress(), cancel));
  EXPECT_FALSE(fs::exists(tmp / "out2"));
  EXPECT_FALSE(fs::exists(tmp / "out3"));
}

TEST(AppAuthor, SecureAuthorCancelledDuringCopyLeavesNothingAnywhere) {
  TempDir tmp("app-secure-cancel");
  make_inputs(tmp / "in", 6);
  TestContext t;
  CancelToken cancel;
  Recorder rec;
  std::atomic<bool> saw_staging{false};
  rec.hook = [&](const ProgressEvent& e) {
    if (e.stage != Stage::kCopy) return;
    if (!private_leftovers().empty()) saw_staging = true;  // the plain copy is in /dev/shm ...
    cancel.request();
  };
  AuthorOptions o = author_options(tmp, "STD-GEN-SEC-CD");
  o.secure = password_recipient();
  auto r = author(o, t.context, rec, cancel);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, base::ErrorCode::kCancelled);
  EXPECT_TRUE(saw_staging);
  EXPECT_TRUE(private_leftovers().empty());  // ... and gone
  EXPECT_FALSE(fs::exists(tmp / "out"));
  EXPECT_FALSE(fs::exists(tmp / "out.partial"));
}

TEST(AppUseCases, EncryptThenDecryptOneFile) {
  TempDir tmp("app-encrypt");
  make_inputs(tmp / "in", 1);
  TestContext t;
  CancelToken cancel;
  EncryptOptions e;
  e.in = (tmp / "in" / "im1.dcm").string();
  e.out = (tmp / "im1.sec").string();
  e.secure = password_recipient();
  auto enc = encrypt(e, t.context, no_progress(), cancel);
  ASSERT_TRUE(enc) << enc.error().describe();
  EXPECT_FALSE(enc->fileset);
  DecryptOptions d;
  d.in = e.out;
  d.out = (tmp / "im1.dcm").string();
  d.decrypt.password = media::secure::Secret("a long enough password");
  auto dec = decrypt(d, t.context, no_progress(), cancel);
  ASSERT_TRUE(dec) << dec.error().describe();
  ASSERT_EQ(dec->report.opened.size(), 1u);
  EXPECT_EQ(dec->report.opened[0].second.recipient, "password");
  EXPECT_EQ(base::sha256_file(d.out).value_or("a"), base::sha256_file(e.in).value_or("b"));
}

TEST(AppUseCases, TranscodeRecordsPerFileFailures) {
  TempDir tmp("app-transcode");
  make_inputs(tmp / "in", 3);
  write_text(tmp / "in" / "notes.txt", "not DICOM\n");
  TestContext t;
  CancelToken cancel;
  Recorder rec;
  TranscodeOptions o;
  o.transfer_syntax = std::string(dicom::uids::ImplicitVRLittleEndian);
  o.inputs = {(tmp / "in").string()};
  o.out_dir = (tmp / "out").string();
  o.sync = false;
  auto r = transcode(o, t.context, rec, cancel);
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(r->files.size(), 4u);
  EXPECT_EQ(r->failed, 1u);
  EXPECT_FALSE(r->ok());
  for (const TranscodedFile& f : r->files) {
    EXPECT_EQ(f.ok, !f.in.ends_with("notes.txt")) << f.in << ": " << f.error;
    EXPECT_EQ(fs::exists(f.out), f.ok) << f.out;
  }
  EXPECT_EQ(rec.reached(Stage::kTranscode), (std::pair<std::uint64_t, std::uint64_t>{4, 4}));
  EXPECT_TRUE(std::any_of(rec.findings.begin(), rec.findings.end(), [](const base::Finding& f) { return f.rule == "transcode.failed"; }));

  // An unknown transfer syntax is refused; a cancelled run writes nothing more.
  o.transfer_syntax = "1.2.3";
  EXPECT_FALSE(transcode(o, t.context, no_progress(), cancel));
  o.transfer_syntax = std::string(dicom::uids::ExplicitVRLittleEndian);
  o.out_dir = (tmp / "out2").string();
  cancel.request();
  auto c = transcode(o, t.context, no_progress(), cancel);
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, base::ErrorCode::kCancelled);
  EXPECT_FALSE(fs::exists(tmp / "out2"));
}

TEST(AppUseCases, SpanPutsVolumesInPlaceAndUpdateAndMkdirWork) {
  TempDir tmp("app-span");
  make_inputs(tmp / "in", 4);
  TestContext t;
  CancelToken cancel;
  SpanOptions s;
  s.profile_id = "STD-GEN-USB-JPEG";
  s.span.author.inputs = {(tmp / "in").string()};
  s.span.author.out_dir = (tmp / "vols").string();
  s.span.volume_bytes = 64u << 20;
  auto r = span(s, t.context, no_progress(), cancel);
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_TRUE(r->ok());
  ASSERT_FALSE(r->span.volumes.empty());
  EXPECT_EQ(r->span.volumes[0].result.out_dir, (tmp / "vols" / "VOL001").string());
  EXPECT_TRUE(fs::exists(tmp / "vols" / "VOL001" / "DICOMDIR"));
  EXPECT_FALSE(fs::exists(tmp / "vols.partial"));

  // update adds to VOL001 in place.
  write(tmp / "more" / "x.dcm", ct("P2", "1.2.826.0.1.3680043.10.7.6", "1.2.826.0.1.3680043.10.7.6.1", 1));
  UpdateOptions u;
  u.profile_id = "STD-GEN-USB-JPEG";
  u.update.root = (tmp / "vols" / "VOL001").string();
  u.update.inputs = {(tmp / "more").string()};
  auto up = update(u, t.context, no_progress(), cancel);
  ASSERT_TRUE(up) << up.error().describe();
  EXPECT_TRUE(up->ok());
  EXPECT_EQ(up->added, 1u);

  // A cancelled update leaves the file-set as it was.
  const auto before = media::author::testing::hash_tree(u.update.root);
  for (int i = 2; i <= 6; ++i)
    write(tmp / "more2" / fmt::format("y{}.dcm", i), ct("P3", "1.2.826.0.1.3680043.10.7.7", "1.2.826.0.1.3680043.10.7.7.1", i));
  u.update.inputs = {(tmp / "more2").string()};
  u.update.threads = 1;
  Recorder rec;
  CancelToken stop;
  rec.hook = [&](const ProgressEvent& e) {
    if (e.stage == Stage::kCopy) stop.request();
  };
  auto cancelled_update = update(u, t.context, rec, stop);
  ASSERT_FALSE(cancelled_update);
  EXPECT_EQ(cancelled_update.error().code, base::ErrorCode::kCancelled) << cancelled_update.error().describe();
  EXPECT_EQ(media::author::testing::hash_tree(u.update.root), before);

  // mkdir rebuilds its DICOMDIR in place.
  MkdirOptions m;
  m.mkdir.root = u.update.root;
  m.mkdir.replace = true;
  auto made = mkdir(m, t.context, no_progress(), cancel);
  ASSERT_TRUE(made) << made.error().describe();
  EXPECT_EQ(made->dicomdir.referenced, r->span.volumes[0].result.instances + 1);
}

}  // namespace
}  // namespace discus::app
