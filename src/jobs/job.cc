#include "jobs/job.h"

#include <array>
#include <fmt/format.h>

#include "base/text.h"

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

namespace {

// The queue stores a spec as JSON, which holds UTF-8 only. A file name in another encoding
// would come back changed and name another file, so it is refused here, by field, rather than
// rewritten. (Files inside an input folder may have any name; only the names given are checked.)
base::Status check_utf8(const JobSpec& s) {
  auto check = [](std::string_view field, std::string_view value) -> base::Status {
    if (base::is_valid_utf8(value)) return {};
    return invalid(fmt::format("{} \"{}\" is not UTF-8; the queue keeps UTF-8 text only", field,
                               base::to_valid_utf8(value)));
  };
  for (const auto& in : s.author.inputs) DISCUS_CHECK(check("/author/inputs", in));
  for (const auto& in : s.send.inputs) DISCUS_CHECK(check("/send/inputs", in));
  const std::pair<std::string_view, const std::string*> fields[] = {
      {"/submitted_by", &s.submitted_by},
      {"/author/profile", &s.author.profile},
      {"/author/target/where", &s.author.target.where},
      {"/author/label/label_text", &s.author.label.label_text},
      {"/author/label/label_style_selection", &s.author.label.label_style_selection},
      {"/author/label/barcode_value", &s.author.label.barcode_value},
      {"/author/label/barcode_symbology", &s.author.label.barcode_symbology},
      {"/author/label/media_disposition", &s.author.label.media_disposition},
      {"/import/source", &s.import.source},
      {"/import/destination", &s.import.destination},
      {"/send/node", &s.send.node},
      {"/release/recipient", &s.release.recipient},
      {"/release/purpose", &s.release.purpose}};
  for (const auto& [field, value] : fields) DISCUS_CHECK(check(field, *value));
  return {};
}

}  // namespace

base::Status validate(const JobSpec& spec) {
  DISCUS_CHECK(check_utf8(spec));
  // A robot may print up to a few hundred discs; more in one job is a typo, not a request.
  constexpr int kMaxCopies = 999;
  if (spec.priority < -1 || spec.priority > 1)
    return invalid(fmt::format("priority must be -1 (LOW), 0 (MED) or 1 (HIGH), not {}", spec.priority));
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
