#include "store/rules.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

namespace discus::store {
namespace {

using base::Error;
using base::ErrorCode;

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

base::Result<std::vector<Rule>> rules_from_settings(const app::Settings& settings, const std::vector<std::string>& drives) {
  std::vector<Rule> out;
  for (const auto& r : settings.autoburn) {
    Rule rule;
    rule.name = r.name;
    rule.calling_ae_title = r.calling_ae_title;
    rule.study_description_contains = r.study_description_contains;
    rule.modality = r.modality;
    rule.profile = r.profile;
    rule.copies = r.copies;
    if (r.target_kind.empty() && r.target_where.empty()) {
      if (drives.empty())
        return Error{ErrorCode::kInvalidArgument,
                     fmt::format("auto-burn rule '{}' has no target and discusd has no --drive: give target = {{kind = ..., where = ...}}", r.name)};
      rule.target = jobs::Target{jobs::TargetKind::kDrive, drives.front()};
    } else {
      auto kind = jobs::target_kind_from_string(r.target_kind.empty() ? "drive" : r.target_kind);
      if (!kind)
        return Error{ErrorCode::kInvalidArgument, fmt::format("auto-burn rule '{}': unknown target kind '{}'", r.name, r.target_kind)};
      if (r.target_where.empty())
        return Error{ErrorCode::kInvalidArgument, fmt::format("auto-burn rule '{}': the target needs 'where'", r.name)};
      rule.target = jobs::Target{*kind, r.target_where};
    }
    StudySummary any;
    any.folder = "/";
    jobs::JobSpec probe = job_for(rule, any);
    if (auto st = jobs::validate(probe); !st)
      return Error{ErrorCode::kInvalidArgument, fmt::format("auto-burn rule '{}': {}", r.name, st.error().message)};
    out.push_back(std::move(rule));
  }
  return out;
}

bool matches(const Rule& rule, const StudySummary& study) {
  if (!rule.calling_ae_title.empty() &&
      std::find(study.calling_ae_titles.begin(), study.calling_ae_titles.end(), rule.calling_ae_title) == study.calling_ae_titles.end())
    return false;
  if (!rule.study_description_contains.empty() &&
      lower(study.study_description).find(lower(rule.study_description_contains)) == std::string::npos)
    return false;
  if (!rule.modality.empty() && std::find(study.modalities.begin(), study.modalities.end(), rule.modality) == study.modalities.end())
    return false;
  return true;
}

std::string fire_marker(const Rule& rule, const StudySummary& study) {
  return fmt::format("auto-burn rule {} study {} digest {}", rule.name, study.study_instance_uid, study.digest);
}

jobs::JobSpec job_for(const Rule& rule, const StudySummary& study) {
  jobs::JobSpec s;
  s.kind = jobs::JobKind::kAuthor;
  s.submitted_by = "discusd auto-burn";
  s.author.profile = rule.profile;
  s.author.inputs = {study.folder};
  s.author.copies = rule.copies;
  s.author.target = rule.target;
  s.release.purpose = fire_marker(rule, study);
  return s;
}

AutoBurn::AutoBurn(Store& store, jobs::Repository& queue, std::vector<Rule> rules, base::Logger* log, std::function<void()> queued)
    : store_(store), queue_(queue), rules_(std::move(rules)), log_(log), queued_(std::move(queued)) {}

base::Result<jobs::JobId> AutoBurn::fire(const Rule& rule, const StudySummary& study) {
  const jobs::JobSpec spec = job_for(rule, study);
  DISCUS_TRY(auto ids, queue_.submit({&spec, 1}));
  DISCUS_CHECK(store_.set_fire_job(rule.name, study.study_instance_uid, study.digest, ids.front()));
  if (queued_) queued_();
  return ids.front();
}

base::Result<std::vector<jobs::JobId>> AutoBurn::evaluate(const StudySummary& study) {
  std::vector<jobs::JobId> queued;
  for (const Rule& rule : rules_) {
    if (!matches(rule, study)) continue;
    Fire previous;
    DISCUS_TRY(bool claimed, store_.claim_fire(rule.name, study.study_instance_uid, study.digest, &previous));
    if (!claimed && previous.job > 0) {
      if (log_) log_->info("auto-burn rule {}: study already burned unchanged (job {}); not again", rule.name, previous.job);
      continue;
    }
    if (!claimed) {
      // Claimed before a crash: the job may be in the queue already; its marker says.
      jobs::ListFilter f;
      f.with_copies = false;
      f.with_spec = true;
      DISCUS_TRY(auto all, queue_.list(f));
      const std::string marker = fire_marker(rule, study);
      auto it = std::find_if(all.begin(), all.end(), [&](const jobs::Job& j) { return j.spec.release.purpose == marker; });
      if (it != all.end()) {
        DISCUS_CHECK(store_.set_fire_job(rule.name, study.study_instance_uid, study.digest, it->id));
        continue;
      }
    }
    DISCUS_TRY(jobs::JobId id, fire(rule, study));
    if (log_) log_->info("auto-burn rule {}: job {} queued ({} x {}, {} instances)", rule.name, id, rule.copies, rule.profile, study.instances);
    queued.push_back(id);
  }
  DISCUS_CHECK(store_.rules_done(study.study_instance_uid, study.digest));
  return queued;
}

}  // namespace discus::store
