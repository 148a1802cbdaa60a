// plan_span(): studies to volumes, whole studies first, series then instances only when needed.
#include "media/fileset/span.h"

#include <gtest/gtest.h>
#include <fmt/format.h>

#include <map>
#include <set>

namespace discus::media::fileset {
namespace {

constexpr std::uint64_t kB = 2048;  // one block

// `counts[s][e]` instances of one block each in series e of study s; patients alternate.
std::vector<SpanItem> items(const std::vector<std::vector<int>>& counts) {
  std::vector<SpanItem> out;
  for (std::size_t s = 0; s < counts.size(); ++s)
    for (std::size_t e = 0; e < counts[s].size(); ++e)
      for (int i = 0; i < counts[s][e]; ++i)
        out.push_back({fmt::format("PAT{}", s % 2), fmt::format("1.2.{}", s), fmt::format("1.2.{}.{}", s, e),
                       fmt::format("f{}_{}_{}", s, e, i), kB - 100});
  return out;
}

// Which volumes each study's instances ended on, checked against the placement reported.
std::map<std::string, std::set<std::size_t>> volumes_of_studies(const std::vector<SpanItem>& in, const SpanPlan& p) {
  std::map<std::string, std::set<std::size_t>> out;
  std::size_t placed = 0;
  for (std::size_t v = 0; v < p.volumes.size(); ++v)
    for (std::size_t i : p.volumes[v].items) {
      out[in[i].study_uid].insert(v);
      ++placed;
    }
  EXPECT_EQ(placed, in.size());  // every instance exactly once
  for (const StudyPlacement& s : p.studies)
    EXPECT_EQ(std::set<std::size_t>(s.volumes.begin(), s.volumes.end()), out[s.study_uid]) << s.study_uid;
  return out;
}

TEST(Span, EverythingOnOneVolumeWhenItFits) {
  const auto in = items({{3, 2}, {4}});
  auto p = plan_span(in, {100 * kB, kB, kB});
  ASSERT_TRUE(p) << p.error().describe();
  ASSERT_EQ(p->volumes.size(), 1u);
  EXPECT_EQ(p->volumes[0].bytes, 9 * kB);
  EXPECT_EQ(p->studies.size(), 2u);
}

TEST(Span, WholeStudiesPerVolumeFirstFit) {
  // Volume: 10 blocks, 1 reserved -> 9 usable. Studies of 6, 5, 3 blocks: 6+3 on one, 5 on the next.
  const auto in = items({{6}, {5}, {3}});
  auto p = plan_span(in, {10 * kB, kB, kB});
  ASSERT_TRUE(p) << p.error().describe();
  ASSERT_EQ(p->volumes.size(), 2u);
  for (const auto& [study, vols] : volumes_of_studies(in, *p)) EXPECT_EQ(vols.size(), 1u) << study;
  for (const SpanVolume& v : p->volumes) EXPECT_LE(v.bytes, 9 * kB);
  // Studies are ordered by patient: PAT0 has studies 0 and 2, PAT1 study 1.
  EXPECT_EQ(p->studies[0].study_uid, "1.2.0");
  EXPECT_EQ(p->studies[1].study_uid, "1.2.2");
  EXPECT_EQ(p->studies[0].volumes, std::vector<std::size_t>{0});
  EXPECT_EQ(p->studies[1].volumes, std::vector<std::size_t>{0});
  EXPECT_EQ(p->studies[2].volumes, std::vector<std::size_t>{1});
}

TEST(Span, AStudyLargerThanAVolumeIsSplitAtSeriesBoundaries) {
  const auto in = items({{4, 4, 4}, {2}});  // study 0: 12 blocks over 9 usable
  auto p = plan_span(in, {10 * kB, kB, kB});
  ASSERT_TRUE(p) << p.error().describe();
  auto vols = volumes_of_studies(in, *p);
  EXPECT_EQ(vols["1.2.0"].size(), 2u);
  EXPECT_EQ(vols["1.2.1"].size(), 1u);
  // No series is cut: each series' instances share one volume.
  std::map<std::string, std::set<std::size_t>> series;
  for (std::size_t v = 0; v < p->volumes.size(); ++v)
    for (std::size_t i : p->volumes[v].items) series[in[i].series_uid].insert(v);
  for (const auto& [uid, on] : series) EXPECT_EQ(on.size(), 1u) << uid;
  for (const SpanVolume& v : p->volumes) EXPECT_LE(v.bytes, 9 * kB);
}

TEST(Span, ASeriesLargerThanAVolumeIsSplitAtInstances) {
  const auto in = items({{20}});
  auto p = plan_span(in, {10 * kB, kB, kB});
  ASSERT_TRUE(p) << p.error().describe();
  EXPECT_EQ(p->volumes.size(), 3u);  // 9 + 9 + 2
  EXPECT_EQ(p->studies[0].volumes, (std::vector<std::size_t>{0, 1, 2}));
  volumes_of_studies(in, *p);
}

TEST(Span, AnInstanceLargerThanAVolumeIsAnErrorNamingIt) {
  auto in = items({{2}});
  in[1].size = 50 * kB;
  auto p = plan_span(in, {10 * kB, kB, kB});
  ASSERT_FALSE(p);
  EXPECT_EQ(p.error().code, base::ErrorCode::kLimitExceeded);
  EXPECT_EQ(p.error().file, "f0_0_1");
  EXPECT_FALSE(plan_span(items({{1}}), {kB, kB, kB}));  // nothing left after the reserved bytes
}

TEST(Span, SameInputSamePlan) {
  const auto in = items({{3, 5}, {7}, {2, 2}, {6}, {1}});
  auto a = plan_span(in, {12 * kB, 2 * kB, kB});
  auto b = plan_span(in, {12 * kB, 2 * kB, kB});
  ASSERT_TRUE(a && b);
  ASSERT_EQ(a->volumes.size(), b->volumes.size());
  for (std::size_t v = 0; v < a->volumes.size(); ++v) EXPECT_EQ(a->volumes[v].items, b->volumes[v].items);
  volumes_of_studies(in, *a);
}

}  // namespace
}  // namespace discus::media::fileset
