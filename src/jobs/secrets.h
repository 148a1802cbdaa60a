// discus::jobs — the passwords of secure-media jobs (PS3.10 7.4, PS3.15 D.1), kept in this
// process's memory only, never in the queue, the state directory or a log.
//
// Why memory: a password written anywhere on the station would outlive the job (DESIGN.md:
// "secrets live where they die with the process"). It is needed only until the job's file-set is
// enveloped (staged once per job, steps.h); every copy and remake is then written from the staged
// envelopes and verified without it. So the API keeps it here at submit, the scheduler takes it
// to stage and forgets it once staging is complete (or the job ends). A discusd that restarts
// before staging completes has lost it: the job fails saying so, and is submitted again.
//   Secrets s;  s.keep(id, generate_password());  auto pw = s.wait(id, 3000ms);  s.forget(id);
#pragma once

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>

#include "base/result.h"
#include "jobs/job.h"
#include "media/secure/secure.h"

namespace discus::jobs {

class Secrets {
 public:
  void keep(JobId id, media::secure::Secret password);
  // The job's password, waiting up to `patience` for it (the API keeps it a moment after the job
  // is queued, and a station may claim the job in between); nullopt: this process has none.
  std::optional<media::secure::Secret> wait(JobId id, std::chrono::milliseconds patience);
  void forget(JobId id);  // wiped (Secret's destructor)
  std::size_t size() const;

 private:
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::map<JobId, media::secure::Secret> kept_;
};

// A password for a new medium, for a person to read off a screen or a slip and type: 16
// characters from 31 that cannot be mistaken for one another (no 0/O, 1/I/L), in groups of four
// joined by '-': about 79 bits from getrandom(2). It passes check_password_rules.
base::Result<media::secure::Secret> generate_password();

}  // namespace discus::jobs
