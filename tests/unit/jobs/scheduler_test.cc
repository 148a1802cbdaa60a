// The station running real jobs on the SQLite queue: image-dir copies and two stdio: drives,
// each copy written, read back and recorded; priorities, pause and cancel honoured; a suspect
// disc left by a "crash" read back (good: done without a second burn; nothing there: rejected
// and remade); staged PHI purged unless preserved; a graceful stop parks what it holds.
#include "jobs/scheduler.h"

#include <gtest/gtest.h>

#include "app/burn.h"
#include "app/author.h"
#include "queue_fixture.h"
#include "station_fixture.h"

namespace discus::jobs {
namespace {

using namespace testing;

struct Station {
  explicit Station(const std::string& name) : tmp(name) {
    make_study(tmp / "in" / "a", "PA", 3);
    make_study(tmp / "in" / "b", "PB", 2);
    repo = open_or_die(tmp / "queue.db");
    view = open_or_die(tmp / "queue.db");  // the test's own connection, as the API would have
  }
  SchedulerOptions options(std::vector<std::string> drives = {}) const {
    SchedulerOptions o;
    o.station = "st1";
    o.drives = std::move(drives);
    o.state_dir = tmp / "state";
    o.lease_ms = 3000;
    o.poll_ms = 50;
    return o;
  }
  std::string drive(int i) const { return "stdio:" + (tmp / fmt::format("d{}.iso", i)).string(); }
  std::unique_ptr<Scheduler> start(SchedulerOptions o) {
    auto s = Scheduler::start(*repo, ctx.context, std::move(o));
    EXPECT_TRUE(s) << s.error().describe();
    return s ? std::move(*s) : nullptr;
  }
  TempDir tmp;
  StationContext ctx;
  std::unique_ptr<Repository> repo, view;
};

std::vector<std::string> copy_transitions_of(Repository& repo, JobId job, int n) {
  std::vector<std::string> out;
  auto events = repo.events_since(0, 0);
  EXPECT_TRUE(events);
  if (!events) return out;
  for (const Event& e : *events)
    if (e.job == job && e.n == n) out.push_back(e.from + ">" + e.to);
  return out;
}

TEST(Scheduler, ImageDirCopiesAreWrittenVerifiedAndStagingPurged) {
  Station st("sched-image");
  const fs::path out = st.tmp / "out";
  auto ids = st.view->submit(std::vector<JobSpec>{disc_spec(st.tmp / "in" / "a", 3, TargetKind::kImageDir, out.string())});
  ASSERT_TRUE(ids);
  SchedulerOptions o = st.options();
  std::atomic<int> purges{0};
  o.on_purge = [&](const app::PurgeReport& r) {
    EXPECT_EQ(r.action, app::PurgeReport::Action::kRemoved);
    ++purges;
  };
  auto s = st.start(o);
  ASSERT_TRUE(s);
  ASSERT_TRUE(wait_settled(*st.view, 60));
  s->request_stop();
  s->join();
  EXPECT_EQ(check_exactly_once(*st.view, {}, out, 1, st.ctx.context), 0);
  // Recorded before and after each step, in order, for every copy.
  const std::vector<std::string> steps{"queued>running", "running>burning", "burning>verifying", "verifying>done"};
  for (int n = 1; n <= 3; ++n) EXPECT_EQ(copy_transitions_of(*st.view, ids->front(), n), steps) << n;
  EXPECT_TRUE(fs::is_empty(st.tmp / "state" / "staging")) << "staged PHI left behind";
  EXPECT_EQ(purges, 1) << "the purge goes to the audit trail";
  auto job = st.view->show(ids->front());
  ASSERT_TRUE(job);
  EXPECT_EQ(job->copies.front().output, steps::image_copy_path(out, ids->front(), 1).string());
}

TEST(Scheduler, TwoStdioDrivesEjectEveryBurnAsItsOwnImage) {
  Station st("sched-drives");
  std::vector<JobSpec> specs;
  for (int i = 0; i < 4; ++i)
    specs.push_back(disc_spec(st.tmp / "in" / (i % 2 ? "a" : "b"), 2, TargetKind::kDrive, st.drive(1 + i % 2)));
  specs.push_back(disc_spec(st.tmp / "in" / "a", 1, TargetKind::kDrive, "any"));
  ASSERT_TRUE(st.view->submit(specs));
  auto s = st.start(st.options({st.drive(1), st.drive(2)}));
  ASSERT_TRUE(s);
  const auto devs = s->devices();
  ASSERT_EQ(devs.size(), 3u);  // the image lane and both drives
  EXPECT_EQ(devs[1].name, st.drive(1));
  EXPECT_EQ(devs[1].kind, "stdio");
  ASSERT_TRUE(wait_settled(*st.view, 90));
  s->request_stop();
  s->join();
  EXPECT_EQ(check_exactly_once(*st.view, {st.drive(1), st.drive(2)}, st.tmp / "out", 5, st.ctx.context), 0);
  std::size_t discs = 0;
  for (int d = 1; d <= 2; ++d)
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(st.tmp / fmt::format("d{}.iso.ejected", d))) ++discs;
  EXPECT_EQ(discs, 9u);
}

// A crash after the burn was recorded: the disc is still in the tray. The restarted station
// ejects it and reads it back; it is good, so the copy is done with no second burn.
TEST(Scheduler, SuspectGoodDiscIsReadBackAndCountsWithoutReburn) {
  Station st("sched-suspect-good");
  const std::string drive = st.drive(1);
  auto ids = st.view->submit(std::vector<JobSpec>{disc_spec(st.tmp / "in" / "a", 1, TargetKind::kDrive, drive)});
  ASSERT_TRUE(ids);
  const JobId id = ids->front();
  ASSERT_TRUE(st.view->claim("st1", 60000, 1));
  CopyChange run{id, 1, CopyState::kQueued, CopyState::kRunning, "st1", "", ""};
  ASSERT_TRUE(st.view->apply({}, {&run, 1}));
  {  // the burn the "killed" station had made
    app::CancelToken c;
    app::AuthorOptions o;
    o.profile_id = "STD-GEN-CD";
    o.fileset.inputs = {(st.tmp / "in" / "a").string()};
    o.fileset.out_dir = (st.tmp / "fs").string();
    o.media.burn = drive;
    o.media.verify = false;
    ASSERT_TRUE(app::author(o, st.ctx.context, app::no_progress(), c));
  }
  ASSERT_TRUE(steps::write_tray(st.tmp / "state", drive, {id, 1, 1}));
  CopyChange burning{id, 1, CopyState::kRunning, CopyState::kBurning, "st1", drive, ""};
  ASSERT_TRUE(st.view->apply({}, {&burning, 1}));

  auto s = st.start(st.options({drive}));
  ASSERT_TRUE(s);
  ASSERT_TRUE(wait_settled(*st.view, 60));
  s->request_stop();
  s->join();
  EXPECT_EQ(check_exactly_once(*st.view, {drive}, st.tmp / "out", 1, st.ctx.context), 0);
  const auto t = copy_transitions_of(*st.view, id, 1);
  EXPECT_EQ(std::count(t.begin(), t.end(), "running>burning"), 1) << "burned again";
  EXPECT_NE(std::find(t.begin(), t.end(), "burning>suspect"), t.end());
  EXPECT_NE(std::find(t.begin(), t.end(), "suspect>verifying"), t.end());
  EXPECT_TRUE(fs::exists(steps::ejected_path(drive, id, 1, 1)));
}

// Killed after "burning" was recorded but before a byte went out: nothing in the tray. The copy
// is rejected (recorded) and remade as attempt 2; the image-dir twin: a half-written image.
TEST(Scheduler, SuspectWithNothingReadableIsRejectedAndRemade) {
  Station st("sched-suspect-bad");
  const std::string drive = st.drive(1);
  const fs::path out = st.tmp / "out";
  auto ids = st.view->submit(std::vector<JobSpec>{disc_spec(st.tmp / "in" / "a", 1, TargetKind::kDrive, drive),
                                                  disc_spec(st.tmp / "in" / "b", 1, TargetKind::kImageDir, out.string())});
  ASSERT_TRUE(ids);
  ASSERT_TRUE(st.view->claim("st1", 60000, 2));
  ASSERT_TRUE(steps::write_tray(st.tmp / "state", drive, {(*ids)[0], 1, 1}));
  fs::create_directories(out);
  const fs::path half = steps::image_copy_path(out, (*ids)[1], 1);
  media::author::testing::write_text(half, std::string(4096, 'x'));  // not an ISO 9660 image
  for (int i = 0; i < 2; ++i) {
    const std::string where = i == 0 ? drive : half.string();
    CopyChange a{(*ids)[i], 1, CopyState::kQueued, CopyState::kRunning, "st1", "", ""};
    CopyChange b{(*ids)[i], 1, CopyState::kRunning, CopyState::kBurning, "st1", where, ""};
    ASSERT_TRUE(st.view->apply({}, std::vector<CopyChange>{a, b}));
  }
  auto s = st.start(st.options({drive}));
  ASSERT_TRUE(s);
  ASSERT_TRUE(wait_settled(*st.view, 60));
  s->request_stop();
  s->join();
  EXPECT_EQ(check_exactly_once(*st.view, {drive}, out, 2, st.ctx.context), 2);
  for (JobId id : *ids) {
    auto job = st.view->show(id);
    ASSERT_TRUE(job);
    ASSERT_EQ(job->copies.size(), 2u);
    EXPECT_EQ(job->copies[0].state, CopyState::kRejected);
    EXPECT_EQ(job->copies[1].state, CopyState::kDone);
  }
  EXPECT_FALSE(fs::exists(steps::ejected_path(drive, (*ids)[0], 1, 1)));
  EXPECT_TRUE(fs::exists(steps::ejected_path(drive, (*ids)[0], 1, 2)));
}

TEST(Scheduler, PrioritiesPauseAndCancelAreHonoured) {
  Station st("sched-prio");
  const fs::path out = st.tmp / "out";
  const fs::path in = st.tmp / "in" / "b";
  auto ids = st.view->submit(std::vector<JobSpec>{
      disc_spec(in, 1, TargetKind::kImageDir, out.string(), -1), disc_spec(in, 1, TargetKind::kImageDir, out.string(), 0),
      disc_spec(in, 1, TargetKind::kImageDir, out.string(), 1), disc_spec(in, 1, TargetKind::kImageDir, out.string(), 1),
      disc_spec(in, 1, TargetKind::kImageDir, out.string(), 1)});
  ASSERT_TRUE(ids);
  ASSERT_TRUE(st.view->hold((*ids)[3], "paused"));
  ASSERT_TRUE(st.view->cancel((*ids)[4], "not needed"));
  auto s = st.start(st.options());
  ASSERT_TRUE(s);
  ASSERT_TRUE(wait_settled(*st.view, 60));
  std::vector<JobId> order;
  auto events = st.view->events_since(0, 0);
  ASSERT_TRUE(events);
  for (const Event& e : *events)
    if (e.n == 0 && e.to == "running") order.push_back(e.job);
  EXPECT_EQ(order, (std::vector<JobId>{(*ids)[2], (*ids)[1], (*ids)[0]}));
  EXPECT_EQ(st.view->show((*ids)[3])->state, JobState::kHeld);
  EXPECT_EQ(st.view->show((*ids)[4])->state, JobState::kCancelled);
  EXPECT_FALSE(fs::exists(steps::image_copy_path(out, (*ids)[4], 1)));
  // Released, the paused job runs.
  ASSERT_TRUE(st.view->release((*ids)[3]));
  s->wake();
  ASSERT_TRUE(wait_settled(*st.view, 60, {JobState::kDone, JobState::kCancelled}));
  s->request_stop();
  s->join();
  EXPECT_EQ(st.view->show((*ids)[3])->state, JobState::kDone);
}

TEST(Scheduler, PreservedJobKeepsItsStagingAndBadInputFailsTheJob) {
  Station st("sched-preserve");
  const fs::path out = st.tmp / "out";
  JobSpec keep = disc_spec(st.tmp / "in" / "a", 1, TargetKind::kImageDir, out.string());
  keep.author.preserve_composite_instances = true;
  JobSpec missing = disc_spec(st.tmp / "in" / "nothing-here", 1, TargetKind::kImageDir, out.string());
  JobSpec nodrive = disc_spec(st.tmp / "in" / "a", 1, TargetKind::kDrive, "/dev/sr9");
  auto ids = st.view->submit(std::vector<JobSpec>{keep, missing, nodrive});
  ASSERT_TRUE(ids);
  auto s = st.start(st.options());
  ASSERT_TRUE(s);
  ASSERT_TRUE(wait_settled(*st.view, 60));
  s->request_stop();
  s->join();
  EXPECT_EQ(st.view->show((*ids)[0])->state, JobState::kDone);
  EXPECT_TRUE(fs::exists(steps::staging_dir(st.tmp / "state", (*ids)[0]) / "fileset" / "DICOMDIR"));
  EXPECT_TRUE(app::kept_since(steps::staging_dir(st.tmp / "state", (*ids)[0]).string())) << "kept, marked for the sweep";
  auto failed = st.view->show((*ids)[1]);
  EXPECT_EQ(failed->state, JobState::kFailed);
  EXPECT_NE(failed->error.find("staging"), std::string::npos) << failed->error;
  EXPECT_EQ(failed->copies.front().state, CopyState::kFailed);
  EXPECT_FALSE(fs::exists(steps::staging_dir(st.tmp / "state", (*ids)[1])));
  auto nod = st.view->show((*ids)[2]);
  EXPECT_EQ(nod->state, JobState::kFailed);
  EXPECT_NE(nod->error.find("/dev/sr9"), std::string::npos) << nod->error;
}

// An operator cancels a job while it is staging: the heartbeat finds the job gone, the staging
// is cancelled at its next safe point, and the station records nothing more (no copy moves
// after the cancel, no image is written) and purges what it staged.
TEST(Scheduler, CancelWhileStagingStopsWithoutAnotherTransition) {
  Station st("sched-cancel");
  const fs::path out = st.tmp / "out";
  make_study(st.tmp / "in" / "big", "PC", 40);
  auto ids = st.view->submit(std::vector<JobSpec>{disc_spec(st.tmp / "in" / "big", 2, TargetKind::kImageDir, out.string())});
  ASSERT_TRUE(ids);
  const JobId id = ids->front();
  auto canceller = open_or_die(st.tmp / "queue.db");
  std::atomic<bool> done{false};
  SchedulerOptions o = st.options();
  o.lease_ms = 600;  // heartbeat every 200 ms
  o.on_progress = [&](const JobProgress& p) {
    if (p.job != id || p.n != 0 || done.exchange(true)) return;
    auto c = canceller->cancel(id, "operator changed their mind");
    EXPECT_TRUE(c) << c.error().describe();
    std::this_thread::sleep_for(std::chrono::milliseconds(700));  // the heartbeat notices meanwhile
  };
  auto s = st.start(o);
  ASSERT_TRUE(s);
  ASSERT_TRUE(wait_settled(*st.view, 60));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  s->request_stop();
  s->join();
  EXPECT_TRUE(done);
  auto job = st.view->show(id);
  ASSERT_TRUE(job);
  EXPECT_EQ(job->state, JobState::kCancelled);
  for (const Copy& c : job->copies) EXPECT_EQ(c.state, CopyState::kCancelled);
  auto events = st.view->events_since(0, 0);
  ASSERT_TRUE(events);
  ASSERT_FALSE(events->empty());
  EXPECT_EQ(events->back().to, "cancelled") << "the station recorded something after the cancel";
  EXPECT_FALSE(fs::exists(steps::image_copy_path(out, id, 1)));
  EXPECT_FALSE(fs::exists(steps::staging_dir(st.tmp / "state", id)));
}

TEST(Scheduler, GracefulStopLeavesNothingRunning) {
  Station st("sched-stop");
  std::vector<JobSpec> specs(6, disc_spec(st.tmp / "in" / "a", 2, TargetKind::kImageDir, (st.tmp / "out").string()));
  ASSERT_TRUE(st.view->submit(specs));
  auto s = st.start(st.options());
  ASSERT_TRUE(s);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  s->request_stop();
  s->join();
  auto listed = st.view->list({});
  ASSERT_TRUE(listed);
  for (const Job& j : *listed) {
    EXPECT_TRUE(j.state == JobState::kQueued || j.state == JobState::kDone) << to_string(j.state);
    for (const Copy& c : j.copies) EXPECT_FALSE(is_physical(c.state) || c.state == CopyState::kRunning);
  }
  // And a new start finishes the rest.
  auto again = st.start(st.options());
  ASSERT_TRUE(again);
  ASSERT_TRUE(wait_settled(*st.view, 90));
  again->request_stop();
  again->join();
  check_exactly_once(*st.view, {}, st.tmp / "out", 6, st.ctx.context, false);
}

}  // namespace
}  // namespace discus::jobs
