// discus::store — auto-burn rules (issue 16 item 3): "every study from AE CT1 whose Study
// Description contains PATIENT CD -> one STD-GEN-CD copy when the study has been quiet N s".
//
// Rules are configuration ([[autoburn]] in discus.toml, app::Settings::autoburn), evaluated on
// each complete study the Store reports (never per instance). A rule matches when every
// criterion it sets holds: the calling AE title sent at least one of the study's instances
// (exact, PS3.8 AE titles are case-sensitive), the Study Description contains the text
// (case-insensitive, ASCII), the modality is one of the study's. A match queues an ordinary author
// job in the queue whose input is the study's folder in the store.
// Fires once per (rule, study, content digest), remembered durably in the store: a study re-sent
// unchanged (same instances, same data sets) fires nothing; a study that changed (an instance
// added, removed or altered) fires again once quiet, and its job burns the whole study as it now
// is. A claim is recorded before the job is queued; a crash in between is found at the next
// evaluation by the claim without a job, and settled by looking for the job's marker in the queue
// (release purpose "auto-burn rule NAME study UID digest D"), so the job is queued exactly once.
//   AutoBurn ab(store, queue, rules, log);   ab.evaluate(study);  // from the StudyWatcher
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "app/settings.h"
#include "base/log.h"
#include "base/result.h"
#include "jobs/job.h"
#include "jobs/repository.h"
#include "store/store.h"

namespace discus::store {

struct Rule {
  std::string name;
  std::string calling_ae_title;
  std::string study_description_contains;
  std::string modality;
  std::string profile = "STD-GEN-CD";
  int copies = 1;
  jobs::Target target;
};

// The rules of the configuration; a rule without a target takes the first of `drives` (the
// daemon's --drive), and is refused when there is none.
base::Result<std::vector<Rule>> rules_from_settings(const app::Settings& settings, const std::vector<std::string>& drives);

bool matches(const Rule& rule, const StudySummary& study);
// The marker a fired job carries (JobSpec::release.purpose).
std::string fire_marker(const Rule& rule, const StudySummary& study);
jobs::JobSpec job_for(const Rule& rule, const StudySummary& study);

class AutoBurn {
 public:
  // `queue` is used from the watcher's thread only (its own connection); `queued` is called
  // after each job is queued (the scheduler's wake()).
  AutoBurn(Store& store, jobs::Repository& queue, std::vector<Rule> rules, base::Logger* log, std::function<void()> queued = {});
  // Runs every rule on a complete study; the ids of the jobs queued now. Marks the study's
  // rules done (Store::rules_done) when every rule was settled.
  base::Result<std::vector<jobs::JobId>> evaluate(const StudySummary& study);
  const std::vector<Rule>& rules() const { return rules_; }

 private:
  base::Result<jobs::JobId> fire(const Rule& rule, const StudySummary& study);

  Store& store_;
  jobs::Repository& queue_;
  std::vector<Rule> rules_;
  base::Logger* log_;
  std::function<void()> queued_;
};

}  // namespace discus::store
