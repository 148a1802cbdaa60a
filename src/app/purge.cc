#include "app/purge.h"

#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <system_error>

namespace discus::app {
namespace fs = std::filesystem;
namespace {

std::int64_t clock_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

fs::path canonical_or_lexical(const std::string& p) {
  std::error_code ec;
  fs::path c = fs::weakly_canonical(fs::absolute(p, ec), ec);
  return ec ? fs::absolute(p).lexically_normal() : c;
}

// `inner` is `outer` or below it (both canonical).
bool within(const fs::path& inner, const fs::path& outer) {
  auto [o, i] = std::mismatch(outer.begin(), outer.end(), inner.begin(), inner.end());
  return o == outer.end();
}

void count(const fs::path& p, PurgeReport& r) {
  std::error_code ec;
  if (fs::is_symlink(p, ec) || !fs::is_directory(p, ec)) {
    ++r.files;
    if (fs::is_regular_file(fs::symlink_status(p, ec))) r.bytes += fs::file_size(p, ec);
    return;
  }
  for (auto it = fs::recursive_directory_iterator(p, fs::directory_options::skip_permission_denied, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_symlink(ec) || !it->is_directory(ec)) {
      ++r.files;
      if (it->is_regular_file(ec) && !it->is_symlink(ec)) r.bytes += it->file_size(ec);
    }
  }
}

// Removes `dir`'s entries except the inputs (and the folders on the way to them).
base::Status remove_except(const fs::path& dir, const std::vector<fs::path>& inputs, PurgeReport& r) {
  std::error_code ec;
  std::vector<fs::path> entries;
  for (const auto& e : fs::directory_iterator(dir, ec)) entries.push_back(e.path());
  if (ec) return base::Error{base::ErrorCode::kIo, fmt::format("cannot list '{}': {}", dir.string(), ec.message())};
  for (const fs::path& entry : entries) {
    const fs::path canon = fs::is_symlink(entry) ? entry.lexically_normal() : canonical_or_lexical(entry.string());
    bool is_input = false, holds_input = false;
    for (const fs::path& in : inputs) {
      is_input = is_input || canon == in || entry.lexically_normal() == in;
      holds_input = holds_input || (within(in, canon) && canon != in);
    }
    if (is_input) {
      r.spared.push_back(entry.string());
      continue;
    }
    if (holds_input && !fs::is_symlink(entry)) {
      r.spared.push_back(entry.string());
      DISCUS_CHECK(remove_except(entry, inputs, r));
      continue;
    }
    count(entry, r);
    fs::remove_all(entry, ec);  // a symbolic link is removed, never followed
    if (ec) return base::Error{base::ErrorCode::kIo, fmt::format("cannot remove '{}': {}", entry.string(), ec.message())};
    r.removed.push_back(entry.string());
  }
  return {};
}

}  // namespace

std::string job_staging_dir(const std::string& state_dir, std::int64_t job_id) {
  return fmt::format("{}/staging/job-{}", state_dir, job_id);
}

base::Result<PurgeReport> purge_after_verified_burn(const PurgeRequest& request, const PurgeAudit& audit) {
  PurgeReport r;
  r.staging = request.staging;
  std::error_code ec;
  if (request.staging.empty() || !fs::is_directory(request.staging, ec) || fs::is_symlink(request.staging, ec)) {
    r.reason = "no staging folder";
    return r;
  }
  const fs::path staging = canonical_or_lexical(request.staging);
  std::vector<fs::path> inputs;
  for (const std::string& in : request.inputs) {
    const fs::path c = canonical_or_lexical(in);
    if (within(staging, c)) {  // the staging folder is (inside) an input: nothing may go
      r.reason = fmt::format("the staging folder lies inside the input '{}': nothing removed", in);
      return r;
    }
    inputs.push_back(c);
  }
  if (request.preserve) {
    // PS3.4 S.3.2.1: Preserve Composite Instances After Media Creation = YES.
    std::ofstream(staging / kKeptMarker, std::ios::trunc) << (request.now_ms != 0 ? request.now_ms : clock_ms()) << '\n';
    r.action = PurgeReport::Action::kKept;
    r.reason = "Preserve Composite Instances After Media Creation (2200,000A) is YES";
    return r;
  }
  r.action = PurgeReport::Action::kRemoved;
  base::Status st = remove_except(staging, inputs, r);
  if (st && r.spared.empty()) {
    fs::remove(staging, ec);  // the folder itself, now empty
    if (ec) st = base::Error{base::ErrorCode::kIo, fmt::format("cannot remove '{}': {}", staging.string(), ec.message())};
  }
  if (!st) r.reason = st.error().describe();
  if (audit && (!r.removed.empty() || !st)) audit(r);
  if (!st) return st.error();
  return r;
}

std::optional<std::int64_t> kept_since(const std::string& staging) {
  std::ifstream marker(fs::path(staging) / kKeptMarker);
  std::int64_t kept_ms = 0;
  if (!(marker >> kept_ms)) return std::nullopt;
  return kept_ms;
}

bool retention_expired(std::int64_t kept_ms, int retention_days, std::int64_t now_ms) {
  const std::int64_t now = now_ms != 0 ? now_ms : clock_ms();
  return now - kept_ms >= static_cast<std::int64_t>(retention_days) * 24 * 3600 * 1000;
}

base::Result<std::vector<PurgeReport>> sweep_kept_staging(const std::string& staging_root, int retention_days,
                                                          std::int64_t now_ms, const PurgeAudit& audit) {
  std::vector<PurgeReport> out;
  std::error_code ec;
  if (!fs::is_directory(staging_root, ec)) return out;
  const std::int64_t now = now_ms != 0 ? now_ms : clock_ms();
  std::vector<fs::path> folders;
  for (const auto& e : fs::directory_iterator(staging_root, ec))
    if (e.is_directory() && !e.is_symlink()) folders.push_back(e.path());
  for (const fs::path& folder : folders) {
    const auto kept_ms = kept_since(folder.string());
    if (!kept_ms) continue;  // not kept on request: not the sweep's to remove
    if (!retention_expired(*kept_ms, retention_days, now)) continue;
    PurgeRequest request;
    request.staging = folder.string();
    DISCUS_TRY(PurgeReport r, purge_after_verified_burn(request, audit));
    r.reason = fmt::format("kept {} days, retention {} days", (now - *kept_ms) / (24 * 3600 * 1000), retention_days);
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace discus::app
