// Test support for the station (scheduler, steps): a context over the repository's profiles,
// generated studies, author specs for image folders and stdio: drives, and the checks every
// run must pass (each requested copy exactly once as a verified image, every reject recorded).
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <thread>

#include "app/context.h"
#include "app/verify.h"
#include "author_test_support.h"
#include "base/uid.h"
#include "codec/codec.h"
#include "jobs/repository.h"
#include "jobs/steps.h"

namespace discus::jobs::testing {

namespace fs = std::filesystem;

struct StationContext {
  codec::CodecRegistry codecs = codec::all_codecs();
  base::RandomUidSource uids;
  app::Context context{&media::author::testing::registry(), &codecs, &uids, 1};
};

// A study of `n` CT images of `side` x `side` pixels under `dir` (a larger side makes a burn
// last long enough to be killed while libburn writes).
inline void make_study(const fs::path& dir, const std::string& patient, int n, std::uint16_t side = 8) {
  namespace tags = dicom::tags;
  const std::string study = "1.2.826.0.1.3680043.10.7.9." + std::to_string(std::hash<std::string>{}(patient) % 100000);
  for (int i = 1; i <= n; ++i) {
    dicom::DataSet ds = media::author::testing::ct(patient, study, study + ".1", i);
    if (side != 8) {
      ds.set_uint16(tags::Rows, side);
      ds.set_uint16(tags::Columns, side);
      base::Bytes pixels(std::size_t{side} * side * 2);
      for (std::size_t p = 0; p < pixels.size(); ++p) pixels[p] = static_cast<std::uint8_t>((p * 7 + i) & 0x0F);
      ds.set_bytes(tags::PixelData, dicom::VR::OW, std::move(pixels));
    }
    media::author::testing::write(dir / fmt::format("im{}.dcm", i), ds);
  }
}

inline JobSpec disc_spec(const fs::path& study, int copies, TargetKind kind, const std::string& where, int priority = 0) {
  JobSpec s;
  s.kind = JobKind::kAuthor;
  s.priority = priority;
  s.submitted_by = "tester";
  s.author.profile = "STD-GEN-CD";
  s.author.inputs = {study.string()};
  s.author.copies = copies;
  s.author.target = {kind, where};
  return s;
}

// Waits until every job is in a terminal state (or held), at most `seconds`.
inline bool wait_settled(Repository& repo, int seconds, std::set<JobState> settled = {JobState::kDone, JobState::kFailed,
                                                                                        JobState::kCancelled, JobState::kHeld}) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (std::chrono::steady_clock::now() < until) {
    auto jobs = repo.list({});
    if (jobs && std::all_of(jobs->begin(), jobs->end(), [&](const Job& j) { return settled.count(j.state) > 0; }))
      return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

inline bool verifies(const fs::path& image, const app::Context& ctx) {
  app::CancelToken cancel;
  app::VerifyOptions o;
  o.kind = app::MediumKind::kIso;
  o.target = image.string();
  auto r = app::verify(o, ctx, app::no_progress(), cancel);
  return r && r->ok();
}

// The exactly-once checks of issue 14's crash test over a settled queue, `drives` the stdio:
// drives used and `image_dir` the image-dir target. Returns the number of rejects.
inline int check_exactly_once(Repository& repo, const std::vector<std::string>& drives, const fs::path& image_dir,
                              std::size_t jobs_submitted, const app::Context& ctx, bool verify_files = true) {
  ListFilter all;
  all.with_spec = true;
  auto jobs = repo.list(all);
  EXPECT_TRUE(jobs) << jobs.error().describe();
  if (!jobs) return 0;
  EXPECT_EQ(jobs->size(), jobs_submitted) << "a job lost or duplicated";
  std::map<std::tuple<JobId, int, int>, CopyState> attempts;  // (job, n, attempt)
  int rejects = 0;
  for (const Job& j : *jobs) {
    EXPECT_EQ(j.state, JobState::kDone) << "job " << j.id << ": " << j.error;
    std::map<int, int> done;
    for (const Copy& c : j.copies) {
      attempts[{j.id, c.n, c.attempt}] = c.state;
      if (c.state == CopyState::kDone) {
        ++done[c.n];
        EXPECT_TRUE(c.verified);
      } else {
        EXPECT_EQ(c.state, CopyState::kRejected) << "job " << j.id << " copy " << c.n << " attempt " << c.attempt;
        ++rejects;
        // The remake was queued with the reject: attempt + 1 exists.
        EXPECT_TRUE(std::any_of(j.copies.begin(), j.copies.end(),
                                [&](const Copy& x) { return x.n == c.n && x.attempt == c.attempt + 1; }));
      }
    }
    for (int n = 1; n <= j.spec.copy_count(); ++n)
      EXPECT_EQ(done[n], 1) << "job " << j.id << " copy " << n << " must be done exactly once";
    if (j.spec.author.target.kind == TargetKind::kImageDir) {
      for (int n = 1; n <= j.spec.copy_count(); ++n) {
        const fs::path img = steps::image_copy_path(image_dir, j.id, n);
        EXPECT_TRUE(fs::exists(img)) << img;
        if (verify_files) {
          EXPECT_TRUE(verifies(img, ctx)) << img;
        }
      }
    }
  }
  // The image folder holds the copies' images and nothing else (no temporary left behind).
  if (!image_dir.empty() && fs::exists(image_dir)) {
    const std::regex copy_name(R"((\d+)-(\d+)\.iso)");
    for (const auto& e : fs::directory_iterator(image_dir)) {
      std::smatch m;
      const std::string fname = e.path().filename().string();
      EXPECT_TRUE(std::regex_match(fname, m, copy_name)) << "left in the image folder: " << e.path();
    }
  }
  // Every burn is one file in PATH.ejected; each belongs to a recorded attempt that was settled.
  const std::regex name(R"((\d+)-(\d+)-(\d+)\.iso)");
  std::set<std::tuple<JobId, int, int>> burned;
  for (const std::string& d : drives) {
    const fs::path file = steps::stdio_file(d);
    EXPECT_FALSE(fs::exists(file) && fs::file_size(file) > 0) << d << " still holds a disc";
    const fs::path ej = file.parent_path() / (file.filename().string() + ".ejected");
    if (!fs::exists(ej)) continue;
    for (const auto& e : fs::directory_iterator(ej)) {
      std::smatch m;
      const std::string fname = e.path().filename().string();
      if (!std::regex_match(fname, m, name)) {
        ADD_FAILURE() << "an unrecorded disc: " << e.path();
        continue;
      }
      const std::tuple<JobId, int, int> key{std::stoll(m[1]), std::stoi(m[2]), std::stoi(m[3])};
      EXPECT_TRUE(burned.insert(key).second) << "burned twice: " << e.path();
      auto it = attempts.find(key);
      if (it == attempts.end()) {
        ADD_FAILURE() << "a disc no attempt recorded: " << e.path();
        continue;
      }
      EXPECT_TRUE(it->second == CopyState::kDone || it->second == CopyState::kRejected) << e.path();
      if (it->second == CopyState::kDone && verify_files) {
        EXPECT_TRUE(verifies(e.path(), ctx)) << e.path();
      }
    }
  }
  for (const Job& j : *jobs) {
    if (j.spec.author.target.kind != TargetKind::kDrive) continue;
    for (const Copy& c : j.copies) {
      if (c.state == CopyState::kDone) {
        EXPECT_TRUE(burned.count({j.id, c.n, c.attempt})) << "job " << j.id << " copy " << c.n << ": no disc";
      }
    }
  }
  // Every reject is in the events table too.
  auto events = repo.events_since(0, 0);
  EXPECT_TRUE(events);
  if (events) {
    EXPECT_EQ(std::count_if(events->begin(), events->end(), [](const Event& e) { return e.to == "rejected"; }), rejects);
  }
  return rejects;
}

}  // namespace discus::jobs::testing
