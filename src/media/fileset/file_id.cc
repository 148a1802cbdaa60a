#include "media/fileset/file_id.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <numeric>
#include <set>
#include <tuple>

namespace discus::media::fileset {

using base::Error;
using base::ErrorCode;

bool is_valid_component(std::string_view c) {
  if (c.empty() || c.size() > 8) return false;
  return std::all_of(c.begin(), c.end(), [](char ch) { return (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_'; });
}

base::Status check_file_id(const FileId& id) {
  if (id.empty() || id.size() > 8)
    return Error{ErrorCode::kInvalidArgument, fmt::format("a File ID has 1 to 8 components, not {} (PS3.10 8.2)", id.size())};
  for (const std::string& c : id)
    if (!is_valid_component(c))
      return Error{ErrorCode::kInvalidArgument,
                   fmt::format("File ID component '{}' is not 1-8 characters of A-Z, 0-9 and _ (PS3.10 8.2)", c)};
  return {};
}

std::string to_relative_path(const FileId& id) {
  std::string out;
  for (const std::string& c : id) out += (out.empty() ? "" : "/") + c;
  return out;
}

namespace {

std::string numbered(char prefix, std::size_t n) { return fmt::format("{}{:07d}", prefix, n); }

std::uint64_t blocks(std::uint64_t bytes, std::uint64_t block) { return block == 0 ? bytes : (bytes + block - 1) / block * block; }

std::string upper(std::string s) {
  for (char& c : s)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return s;
}

// Every folder and file path the taken File IDs occupy ("DICOM", "DICOM/P0000001", ...), upper case.
std::set<std::string> occupied_paths(const std::vector<FileId>& taken) {
  std::set<std::string> out;
  for (const FileId& id : taken) {
    std::string path;
    for (const std::string& c : id) out.insert(path += (path.empty() ? "" : "/") + upper(c));
  }
  return out;
}

}  // namespace

base::Result<Plan> plan_file_set(const std::vector<PlanInput>& in, const PlanOptions& opt) {
  if (!is_valid_component(opt.root))
    return Error{ErrorCode::kInvalidArgument, fmt::format("'{}' cannot be a File ID component", opt.root)};
  const std::set<std::string> occupied = occupied_paths(opt.taken);
  for (const FileId& id : opt.taken)
    if (id.size() == 1 && upper(id[0]) == upper(opt.root))
      return Error{ErrorCode::kInvalidArgument, fmt::format("'{}' is a file of the file-set, not a folder", opt.root)};
  Plan plan;
  plan.file_ids.resize(in.size());
  plan.total_bytes = blocks(opt.reserved_bytes, opt.block_size);
  // Sort once by the hierarchy; numbering then follows the sorted order, so the layout depends
  // only on the content, never on the order the files were found in.
  std::vector<std::size_t> order(in.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return std::tie(in[a].patient_id, in[a].study_uid, in[a].series_uid, in[a].instance_number, in[a].sop_instance_uid) <
           std::tie(in[b].patient_id, in[b].study_uid, in[b].series_uid, in[b].instance_number, in[b].sop_instance_uid);
  });
  std::size_t p = 0, s = 0, e = 0, i = 0;
  const PlanInput* prev = nullptr;
  for (std::size_t k : order) {
    const PlanInput& x = in[k];
    if (prev == nullptr || x.patient_id != prev->patient_id) {
      ++p;
      while (p <= 9999999 && occupied.count(upper(opt.root) + "/" + numbered('P', p)) != 0) ++p;  // an existing folder
      s = e = i = 0;
    }
    if (prev == nullptr || x.patient_id != prev->patient_id || x.study_uid != prev->study_uid) {
      ++s;
      e = i = 0;
    }
    if (prev == nullptr || x.patient_id != prev->patient_id || x.study_uid != prev->study_uid || x.series_uid != prev->series_uid) {
      ++e;
      i = 0;
    }
    ++i;
    if (p > 9999999 || s > 9999999 || e > 9999999 || i > 9999999)
      return Error{ErrorCode::kLimitExceeded, "more than 9,999,999 entries at one level of the file-set"};
    plan.file_ids[k] = {opt.root, numbered('P', p), numbered('S', s), numbered('E', e), numbered('I', i)};
    plan.total_bytes += blocks(x.size, opt.block_size);
    prev = &x;
  }
  if (opt.capacity_bytes != 0 && plan.total_bytes > opt.capacity_bytes)
    return Error{ErrorCode::kLimitExceeded,
                 fmt::format("the file-set needs {} bytes ({:.1f} MB) but the medium holds {} bytes ({:.1f} MB)",
                             plan.total_bytes, plan.total_bytes / 1e6, opt.capacity_bytes, opt.capacity_bytes / 1e6)};
  return plan;
}

}  // namespace discus::media::fileset
