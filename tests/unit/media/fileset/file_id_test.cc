// File IDs (PS3.10 8.2) and the file-set planner: valid, deterministic, collision free, bounded.
#include "media/fileset/file_id.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

namespace discus::media::fileset {
namespace {

TEST(FileId, ComponentRules) {
  EXPECT_TRUE(is_valid_component("DICOM"));
  EXPECT_TRUE(is_valid_component("A_1"));
  EXPECT_TRUE(is_valid_component("ABCDEFGH"));
  EXPECT_FALSE(is_valid_component(""));
  EXPECT_FALSE(is_valid_component("ABCDEFGHI"));  // 9 characters
  EXPECT_FALSE(is_valid_component("dicom"));      // lower case
  EXPECT_FALSE(is_valid_component("IM.DCM"));
  EXPECT_FALSE(is_valid_component(".."));
  EXPECT_TRUE(check_file_id({"A", "B", "C", "D", "E", "F", "G", "H"}));
  EXPECT_FALSE(check_file_id({"A", "B", "C", "D", "E", "F", "G", "H", "I"}));  // 9 levels
  EXPECT_FALSE(check_file_id({}));
  EXPECT_EQ(to_relative_path({"DICOM", "P0000001"}), "DICOM/P0000001");
}

std::vector<PlanInput> sample() {
  std::vector<PlanInput> in;
  for (int p = 0; p < 3; ++p)
    for (int s = 0; s < 2; ++s)
      for (int e = 0; e < 2; ++e)
        for (int i = 0; i < 5; ++i)
          in.push_back(PlanInput{"PAT" + std::to_string(p), "1.2." + std::to_string(p) + "." + std::to_string(s),
                                 "1.2." + std::to_string(p) + "." + std::to_string(s) + "." + std::to_string(e),
                                 "1.3." + std::to_string(p * 100 + s * 10 + e) + "." + std::to_string(i), 5 - i, 1000});
  return in;
}

TEST(Planner, ValidCollisionFreeAndGrouped) {
  const auto in = sample();
  auto plan = plan_file_set(in, {});
  ASSERT_TRUE(plan) << plan.error().describe();
  std::set<FileId> seen;
  for (std::size_t k = 0; k < in.size(); ++k) {
    const FileId& id = plan->file_ids[k];
    EXPECT_TRUE(check_file_id(id)) << to_relative_path(id);
    EXPECT_TRUE(seen.insert(id).second) << "collision at " << to_relative_path(id);
    // Same series -> same folder; different series -> different folder.
    for (std::size_t j = 0; j < k; ++j) {
      const bool same_series = in[j].series_uid == in[k].series_uid && in[j].study_uid == in[k].study_uid;
      const bool same_folder = std::equal(id.begin(), id.end() - 1, plan->file_ids[j].begin());
      EXPECT_EQ(same_series, same_folder);
    }
  }
  EXPECT_EQ(plan->total_bytes, in.size() * 2048u);  // whole sectors
}

TEST(Planner, DependsOnContentNotOnInputOrder) {
  auto in = sample();
  auto a = plan_file_set(in, {});
  std::vector<std::size_t> idx(in.size());
  for (std::size_t k = 0; k < idx.size(); ++k) idx[k] = k;
  std::reverse(idx.begin(), idx.end());
  std::vector<PlanInput> shuffled;
  for (std::size_t k : idx) shuffled.push_back(in[k]);
  auto b = plan_file_set(shuffled, {});
  for (std::size_t k = 0; k < idx.size(); ++k) EXPECT_EQ(b->file_ids[k], a->file_ids[idx[k]]);
}

TEST(Planner, RespectsTheMediumsCapacity) {
  PlanOptions small;
  small.capacity_bytes = 50 * 2048;
  auto plan = plan_file_set(sample(), small);  // 60 files of one sector each
  ASSERT_FALSE(plan);
  EXPECT_EQ(plan.error().code, base::ErrorCode::kLimitExceeded);
  EXPECT_NE(plan.error().message.find("medium holds"), std::string::npos);
}

// FSU (PS3.10 8.3): new File IDs never land in a folder an existing file uses, whatever its case.
TEST(Planner, AvoidsFoldersOfFilesAlreadyInTheFileSet) {
  const auto in = sample();  // 3 patients
  PlanOptions opt;
  opt.taken = {{"DICOM", "P0000001", "S0000001", "E0000001", "I0000001"},
               {"dicom", "p0000003", "IM1"},  // a lower-case creator
               {"DICOM", "P0000002"},         // a file where a folder would go
               {"OTHER", "IMG"}};
  auto plan = plan_file_set(in, opt);
  ASSERT_TRUE(plan) << plan.error().describe();
  std::set<std::string> patients;
  for (const FileId& id : plan->file_ids) patients.insert(id[1]);
  EXPECT_EQ(patients, (std::set<std::string>{"P0000004", "P0000005", "P0000006"}));
  // Without taken IDs the same inputs start at P0000001 (unchanged behaviour).
  auto fresh = plan_file_set(in, {});
  ASSERT_TRUE(fresh);
  EXPECT_EQ(fresh->file_ids[0][1].substr(0, 1), "P");
  EXPECT_NE(std::find_if(fresh->file_ids.begin(), fresh->file_ids.end(), [](const FileId& id) { return id[1] == "P0000001"; }),
            fresh->file_ids.end());
}

TEST(Planner, RefusesARootThatIsAFile) {
  PlanOptions opt;
  opt.taken = {{"DICOM"}};
  auto plan = plan_file_set(sample(), opt);
  ASSERT_FALSE(plan);
  EXPECT_EQ(plan.error().code, base::ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace discus::media::fileset
