#include "daemon/audit/trail.h"

#include <fcntl.h>
#include <unistd.h>

#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <fstream>

#include "daemon/audit/service_trail.h"

namespace discus::daemon::audit {
namespace {

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::string host_name() {
  char buf[256] = {};
  if (::gethostname(buf, sizeof buf - 1) != 0 || buf[0] == '\0') return "localhost";
  return buf;
}

std::string cursor_path(const std::string& state_dir) { return audit_dir(state_dir) + "/sent"; }

// The release-of-information record a Data Export carries (issue 14 item 6).
std::optional<ReleaseRecord> release_of(const AuditEvent& event) {
  const auto* e = std::get_if<MediumExported>(&event);
  if (e == nullptr) return std::nullopt;
  ReleaseRecord r;
  r.user = e->requestor.user_id;
  r.recipient = e->recipient;
  r.purpose = e->purpose;
  for (const Study& s : e->studies) r.studies.push_back(s.study_instance_uid);
  for (const Patient& p : e->patients) r.patients.push_back(p.patient_id);
  r.job_id = e->medium.job_id;
  r.copy = e->medium.copy;
  r.output = e->medium.output;
  r.media_identifier = e->medium.media_identifier;
  return r;
}

std::int64_t event_time(const AuditEvent& event) {
  return std::visit([](const auto& e) { return e.when.time_ms; }, event);
}

}  // namespace

TrailOptions trail_options(const app::Settings& s) {
  TrailOptions o;
  o.repository = s.audit_repository;
  o.ca_file = s.audit_ca_file;
  o.cert_file = s.audit_cert_file;
  o.key_file = s.audit_key_file;
  o.source_id = s.audit_source_id;
  o.enterprise_site_id = s.institution;
  return o;
}

base::Result<std::unique_ptr<Trail>> open_trail(const TrailOptions& options, const std::string& state_dir) {
  DISCUS_TRY(auto trail, ServiceTrail::open(options, state_dir, ServiceTrail::Tuning{}));
  return std::unique_ptr<Trail>(std::move(trail));
}

base::Result<std::string> read_audit_for(Trail& trail, const std::string& state_dir, const Participant& reader,
                                         std::uint64_t after, std::size_t limit, const std::string& kind,
                                         bool releases_only) {
  AuditLogUsed used;
  used.reader = reader;
  used.log_uri = "file://" + log_path(state_dir);
  DISCUS_CHECK(trail.record(used));
  DISCUS_TRY(LogPage page, read_audit_log(state_dir, ReadOptions{after, limit, kind, releases_only}));
  return audit_page_json(page);
}

ServiceTrail::ServiceTrail(LogStore log, Source source, std::string state_dir)
    : log_(std::move(log)), source_(std::move(source)), state_dir_(std::move(state_dir)) {}

base::Result<std::unique_ptr<ServiceTrail>> ServiceTrail::open(const TrailOptions& options, const std::string& state_dir,
                                                               Tuning tuning) {
  std::unique_ptr<Transport> transport;
  if (!options.repository.empty()) {
    DISCUS_TRY(RepositoryAddress address, parse_repository(options.repository));
    DISCUS_TRY(transport, make_transport(address, TlsFiles{options.ca_file, options.cert_file, options.key_file},
                                         tuning.timeout_ms));
  }
  DISCUS_TRY(LogStore log, LogStore::open(state_dir));
  Source source;
  source.host = host_name();
  source.audit_source_id = options.source_id.empty() ? source.host : options.source_id;
  source.enterprise_site_id = options.enterprise_site_id;
  source.process_name = "discusd";
  source.process_id = std::to_string(::getpid());
  std::unique_ptr<ServiceTrail> t(new ServiceTrail(std::move(log), std::move(source), state_dir));
  t->tuning_ = tuning;
  t->header_ = SyslogHeader{t->source_.host, t->source_.process_name, t->source_.process_id};
  // Where the repository's copy stopped: "OFFSET SEQUENCE" (absent: from the start).
  if (std::ifstream in(cursor_path(state_dir)); in) in >> t->sent_offset_ >> t->sent_seq_;
  t->appended_ = t->log_.last_sequence();
  if (transport) {
    t->transport_ = std::move(transport);
    t->sender_ = std::thread([p = t.get()] { p->run_sender(); });
  }
  return t;
}

ServiceTrail::~ServiceTrail() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  if (sender_.joinable()) sender_.join();
}

base::Status ServiceTrail::record(const AuditEvent& event) {
  DISCUS_TRY(auto seq, record_numbered(event));
  (void)seq;
  return {};
}

base::Result<std::uint64_t> ServiceTrail::record_numbered(const AuditEvent& event) {
  LogRecord rec;
  rec.time_ms = event_time(event) != 0 ? event_time(event) : now_ms();
  rec.kind = event_kind(event);
  rec.release = release_of(event);
  // The sequence number goes into the Export message (its release record): the message is
  // rendered by the store, under its lock, with the number it is about to give.
  DISCUS_TRY(const std::uint64_t seq, log_.append_with([&](std::uint64_t sequence) {
    rec.messages = audit_messages(event, source_, MessageContext{rec.time_ms, sequence});
    return rec;
  }));
  {
    std::lock_guard lock(mutex_);
    appended_ = std::max(appended_, seq);
  }
  wake_.notify_all();
  return seq;
}

bool ServiceTrail::wait_sent(std::uint64_t sequence, std::chrono::milliseconds timeout) {
  if (!transport_) return true;
  std::unique_lock lock(mutex_);
  return progress_.wait_for(lock, timeout, [&] { return sent_seq_ >= sequence; });
}

std::uint64_t ServiceTrail::sent_sequence() const {
  std::lock_guard lock(mutex_);
  return sent_seq_;
}

base::Status ServiceTrail::save_cursor(std::uint64_t offset, std::uint64_t sequence) {
  // Renamed into place (crash-only); not fsync'd: a lost update only resends (at least once).
  const std::string path = cursor_path(state_dir_), tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << offset << ' ' << sequence << '\n';
    if (!out) return base::Error{base::ErrorCode::kIo, fmt::format("cannot write '{}'", tmp)};
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) return base::Error{base::ErrorCode::kIo, fmt::format("cannot rename '{}'", tmp)};
  return {};
}

void ServiceTrail::run_sender() {
  int backoff = tuning_.min_backoff_ms;
  std::uint64_t offset, seq;
  {
    std::lock_guard lock(mutex_);
    offset = sent_offset_;
    seq = sent_seq_;
  }
  std::string pending;  // bytes read past `offset` that do not end a line yet
  for (;;) {
    // Complete lines after the offset: the log file is the queue.
    std::vector<std::pair<std::string, std::uint64_t>> lines;  // line, its length with the newline
    if (std::ifstream in(log_.path(), std::ios::binary); in) {
      in.seekg(static_cast<std::streamoff>(offset));
      std::string line;
      while (lines.size() < 256 && std::getline(in, line)) {
        if (in.eof()) break;  // no newline yet: torn or being written
        lines.emplace_back(line, line.size() + 1);
      }
    }
    bool failed = false;
    for (const auto& [line, length] : lines) {
      auto rec = from_json_line(line);
      if (rec) {
        for (const std::string& xml : rec->messages) {
          if (auto st = transport_->send(syslog_message(xml, rec->time_ms, header_)); !st) {
            failed = true;
            break;
          }
        }
      }
      if (failed) break;
      offset += length;
      if (rec) seq = rec->sequence;
      (void)save_cursor(offset, seq);
      {
        std::lock_guard lock(mutex_);
        sent_offset_ = offset;
        sent_seq_ = seq;
      }
      progress_.notify_all();
      backoff = tuning_.min_backoff_ms;
    }
    std::unique_lock lock(mutex_);
    if (stop_) return;
    if (failed) {
      // The repository is away: wait, then try the same record again.
      wake_.wait_for(lock, std::chrono::milliseconds(backoff), [&] { return stop_; });
      backoff = std::min(backoff * 2, tuning_.max_backoff_ms);
    } else if (lines.empty()) {
      wake_.wait_for(lock, std::chrono::seconds(1), [&] { return stop_ || appended_ > seq; });
    }
    if (stop_) return;
  }
}

}  // namespace discus::daemon::audit
