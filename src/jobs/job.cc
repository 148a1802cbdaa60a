#include "jobs/job.h"

#include <array>
#include <fmt/format.h>

namespace discus::jobs {
namespace {

constexpr std::array<std::string_view, 4> kKindNames{"author", "import", "send", "noop"};
constexpr std::array<std::string_view, 4> kTargetNames{"image-dir", "drive", "usb", "robot"};

template <typename T, std::size_t N>
std::optional<T> lookup(const std::array<std::string_view, N>& names, std::string_view s) {
  for (std::size_t i = 0; i < N; ++i)
    if (names[i] == s) return static_cast<T>(i);
  return std::nullopt;
}

base::Error invalid(std::string message) { return {base::ErrorCode::kInvalidArgument, std::move(message)}; }

}  // namespace

std::string_view to_string(JobKind k) { return kKindNames.at(static_cast<std::size_t>(k)); }
std::optional<JobKind> job_kind_from_string(std::string_view s) { return lookup<JobKind>(kKindNames, s); }
std::string_view to_string(TargetKind k) { return kTargetNames.at(static_cast<std::size_t>(k)); }
std::optional<TargetKind> target_kind_from_string(std::string_view s) { return lookup<TargetKind>(kTargetNames, s); }

std::vector<Copy> Job::current_copies() const {
  std::vector<Copy> out;
  for (const Copy& c : copies) {  // ordered by n, attempt: the last of each n wins
    if (!out.empty() && out.back().n == c.n) out.back() = c;
    else out.push_back(c);
  }
  return out;
}

base::Status validate(const JobSpec& spec) {
  // A robot may print up to a few hundred discs; more in one job is a typo, not a request.
  constexpr int kMaxCopies = 999;
  switch (spec.kind) {
    case JobKind::kAuthor:
      if (spec.author.profile.empty()) return invalid("an author job needs a profile");
      if (spec.author.inputs.empty()) return invalid("an author job needs at least one input");
      if (spec.author.copies < 1 || spec.author.copies > kMaxCopies)
        return invalid(fmt::format("copies must be 1 to {}, not {}", kMaxCopies, spec.author.copies));
      if (spec.author.target.where.empty())
        return invalid(fmt::format("the {} target needs a place", to_string(spec.author.target.kind)));
      return {};
    case JobKind::kImport:
      if (spec.import.source.empty()) return invalid("an import job needs a source medium");
      return {};
    case JobKind::kSend:
      if (spec.send.inputs.empty()) return invalid("a send job needs at least one input");
      if (spec.send.node.empty()) return invalid("a send job needs a DICOM node");
      return {};
    case JobKind::kNoop: return {};
  }
  return invalid("unknown job kind");
}

}  // namespace discus::jobs
