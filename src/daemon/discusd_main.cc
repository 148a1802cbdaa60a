// discusd — the Discus media service: the durable job queue, its API on a Unix socket (and
// optionally TCP with TLS), access control, and (when built in) the scheduler that runs jobs on
// drives. A composition root (DESIGN.md layer 7): it opens, wires and stops; the work is in
// src/jobs, src/app and the adapters under src/daemon.
//
//   discusd --state-dir DIR [--socket PATH] [--queue URL] [--drive DRIVE]... [--station NAME]
//           [--lease-seconds N] [--discover-drives] [--robot VENDOR:SPOOLDIR[=SHARE]]...
//           [--listen HOST:PORT --tls-cert C --tls-key K] [--config FILE]
//           [--aet AET --dicom-port N [--dicom-tls-key K --dicom-tls-cert C [--dicom-tls-ca CA]]]
//
// Start-up order: state directory, queue (opened and integrity-checked), scheduler, API server,
// and only then the socket is renamed into place and systemd hears READY=1 (sd_notify). SIGTERM
// or SIGINT: STOPPING=1, the socket is removed (no new clients), streams end, the scheduler parks
// its current step, open requests finish, exit 0. Logs go to stderr (the journal under systemd)
// and name job ids, states and counts, never a patient.
#include <fmt/format.h>
#include <getopt.h>
#include <signal.h>
#include <sys/stat.h>
#include <systemd/sd-daemon.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <atomic>
#include <cstring>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "app/settings.h"
#include "base/log.h"
#include "base/uid.h"
#include "codec/codec.h"
#include "jobs/scheduler.h"
#include "jobs/secrets.h"
#include "daemon/import_jobs.h"
#include "daemon/access/accounts.h"
#include "daemon/api/config_store.h"
#include "daemon/api/service.h"
#include "base/file.h"
#include "media/label/label.h"
#include "daemon/audit/purge_audit.h"
#include "daemon/audit/release.h"
#include "daemon/audit/trail.h"
#include "daemon/dicom/mcm_backend.h"
#include "daemon/dicom/station.h"
#include "daemon/http/listen.h"
#include "daemon/http/server.h"
#include "jobs/repository.h"
#include "jobs/sqlite/sqlite_repository.h"
#include "media/profile/profile.h"
#include "net/services/mcm_service.h"
#if __has_include("jobs/open_repository.h")
#include "jobs/open_repository.h"
#define DISCUSD_HAS_OPEN_REPOSITORY 1
#endif

namespace {

using namespace discus;

constexpr const char* kDefaultSocket = "/run/discus/discusd.sock";

constexpr const char* kUsage = R"(usage: discusd --state-dir DIR [options]

The Discus media service: a durable job queue and its API (JSON over HTTP) on a Unix socket.
Stays in the foreground until SIGTERM or SIGINT.

  --state-dir DIR      the queue (DIR/queue.db), accounts and tokens (DIR/access.json)  [required]
  --socket PATH        the API socket (default /run/discus/discusd.sock; $DISCUS_SOCKET)
  --queue URL          the queue: a SQLite file path (default DIR/queue.db) or postgresql://...
  --drive DRIVE        a drive jobs may use: /dev/sr0 or stdio:FILE (repeatable)
  --station NAME       this station's name in a shared queue (default: the host name)
  --lease-seconds N    a claimed job's lease (default 30, minimum 2): when a station dies, another
                       takes over its jobs this long after its last heartbeat
  --discover-drives    also use the optical drives libudev finds, and follow them as they are
                       added and removed (hotplug); the packaged systemd unit turns it on
  --robot VENDOR:SPOOLDIR[=SHARE]  a disc-publishing robot driven through its hot folder: primera
                       (PTBurn), epson (TD Bridge) or rimage (unverified); it is then named by its
                       vendor word (discus submit --robot primera). =SHARE: how the robot's PC
                       spells SPOOLDIR (\\ROBOTPC\PTBurnJobs) (repeatable, one per vendor)
  --listen HOST:PORT   also answer on TCP, with TLS and bearer tokens (needs --tls-cert, --tls-key)
  --tls-cert FILE      PEM certificate (chain) for --listen
  --tls-key FILE       PEM private key for --listen
  --config FILE        the configuration file (default /etc/discus/discus.toml when it exists)
  --group NAME         socket peers in this group are operators (default discus)
  --allow-user NAME[=ROLES]  a user allowed on the socket, with roles (operator,administrator,
                       auditor; default operator) (repeatable)
  --min-free BYTES     refuse submissions (507) when the state directory has less room (default 4 MiB)
  --aet AET            the DICOM listener's AE title (default [dicom] ae_title, else DISCUS)
  --dicom-port N       run the DICOM listener (Verification and Storage SCP into the study store,
                       STATE/store, and Media Creation Management SCP: requests become jobs)
                       on port N (0: any free port; default [dicom] port: none)
  --dicom-tls-key K, --dicom-tls-cert C, --dicom-tls-ca CA
                       DICOM over TLS (PS3.15 BCP 195 profiles), as `discus store-scp --tls-*`
  --routes             print the API's operations and roles as JSON and exit
  --version            print the version and exit
)";

struct Options {
  std::string state_dir, socket, queue, station, listen, tls_cert, tls_key, config;
  std::vector<std::string> drives;
  std::vector<std::string> robots;  // --robot VENDOR:SPOOLDIR[=SHARE] (issue 18)
  daemon::access::SocketPolicy policy;
  std::uint64_t min_free = 4u << 20;
  bool discover_drives = false;  // libudev: optical drives found and watched (SchedulerOptions)
  std::int64_t lease_seconds = 30;  // SchedulerOptions::lease_ms / 1000; renewed every third of it
  bool routes = false, version = false;
  daemon::dicom::ListenerFlags dicom;  // --aet, --dicom-port, --dicom-tls-* (issue 15)
};

int usage(const std::string& what) {
  std::fprintf(stderr, "discusd: %s\n\n%s", what.c_str(), kUsage);
  return 2;
}

// Returns -1 to go on, or the exit status.
int parse(int argc, char** argv, Options& o) {
  enum { kStateDir = 1000, kSocket, kQueue, kDrive, kStation, kListen, kCert, kKey, kConfig, kGroup, kAllowUser,
         kMinFree, kLease, kDiscover, kRoutes, kVersion, kHelp, kAet, kDicomPort, kDicomKey, kDicomCert, kDicomCa, kRobot };
  static const option longs[] = {{"state-dir", required_argument, nullptr, kStateDir}, {"socket", required_argument, nullptr, kSocket},
                                 {"queue", required_argument, nullptr, kQueue},         {"drive", required_argument, nullptr, kDrive},
                                 {"station", required_argument, nullptr, kStation},     {"listen", required_argument, nullptr, kListen},
                                 {"tls-cert", required_argument, nullptr, kCert},       {"tls-key", required_argument, nullptr, kKey},
                                 {"config", required_argument, nullptr, kConfig},       {"group", required_argument, nullptr, kGroup},
                                 {"allow-user", required_argument, nullptr, kAllowUser}, {"min-free", required_argument, nullptr, kMinFree},
                                 {"lease-seconds", required_argument, nullptr, kLease},
                                 {"discover-drives", no_argument, nullptr, kDiscover},
                                 {"robot", required_argument, nullptr, kRobot},
                                 {"routes", no_argument, nullptr, kRoutes},             {"version", no_argument, nullptr, kVersion},
                                 {"help", no_argument, nullptr, kHelp},
                                 {"aet", required_argument, nullptr, kAet},             {"dicom-port", required_argument, nullptr, kDicomPort},
                                 {"dicom-tls-key", required_argument, nullptr, kDicomKey},
                                 {"dicom-tls-cert", required_argument, nullptr, kDicomCert},
                                 {"dicom-tls-ca", required_argument, nullptr, kDicomCa}, {nullptr, 0, nullptr, 0}};
  opterr = 0;
  int c;
  while ((c = getopt_long(argc, argv, "h", longs, nullptr)) != -1) {
    switch (c) {
      case kStateDir: o.state_dir = optarg; break;
      case kSocket: o.socket = optarg; break;
      case kQueue: o.queue = optarg; break;
      case kDrive: o.drives.emplace_back(optarg); break;
      case kStation: o.station = optarg; break;
      case kListen: o.listen = optarg; break;
      case kCert: o.tls_cert = optarg; break;
      case kKey: o.tls_key = optarg; break;
      case kConfig: o.config = optarg; break;
      case kGroup: o.policy.group = optarg; break;
      case kAllowUser: {
        const std::string v = optarg;
        const auto eq = v.find('=');
        daemon::access::ConfiguredUser u{v.substr(0, eq), daemon::access::kOperator};
        if (eq != std::string::npos) {
          const auto roles = daemon::access::parse_roles(v.substr(eq + 1));
          if (!roles) return usage(fmt::format("--allow-user {}: roles are operator, administrator, auditor", v));
          u.roles = *roles;
        }
        if (u.name.empty()) return usage("--allow-user needs a user name");
        o.policy.users.push_back(u);
        break;
      }
      case kMinFree: {
        char* end = nullptr;
        o.min_free = std::strtoull(optarg, &end, 10);
        if (end == optarg || *end != '\0') return usage(fmt::format("--min-free {}: a number of bytes", optarg));
        break;
      }
      case kLease: {
        // Below 2 s a heartbeat (every third of the lease) could miss its window on a loaded
        // machine and a healthy station would lose its jobs.
        char* end = nullptr;
        const long long v = std::strtoll(optarg, &end, 10);
        if (end == optarg || *end != '\0' || v < 2 || v > 86400)
          return usage(fmt::format("--lease-seconds {}: a whole number of seconds, 2 to 86400", optarg));
        o.lease_seconds = v;
        break;
      }
      case kDiscover: o.discover_drives = true; break;
      case kRobot: o.robots.emplace_back(optarg); break;
      case kAet: o.dicom.ae_title = optarg; break;
      case kDicomPort: {
        char* end = nullptr;
        const long v = std::strtol(optarg, &end, 10);
        if (end == optarg || *end != '\0' || v < 0 || v > 65535) return usage(fmt::format("--dicom-port {}: a port, 0 to 65535", optarg));
        o.dicom.port = static_cast<int>(v);
        break;
      }
      case kDicomKey: o.dicom.tls_key = optarg; break;
      case kDicomCert: o.dicom.tls_cert = optarg; break;
      case kDicomCa: o.dicom.tls_ca = optarg; break;
      case kRoutes: o.routes = true; break;
      case kVersion: o.version = true; break;
      case 'h':
      case kHelp: std::fputs(kUsage, stdout); return 0;
      default:
        return usage(fmt::format("unknown option or missing value: {}", argv[optind - 1]));
    }
  }
  if (optind < argc) return usage(fmt::format("unexpected argument {}", argv[optind]));
  if (o.routes || o.version) return -1;
  if (o.state_dir.empty()) return usage("--state-dir DIR is required");
  if (!o.listen.empty() && (o.tls_cert.empty() || o.tls_key.empty()))
    return usage("--listen needs --tls-cert and --tls-key: bearer tokens never travel in clear text");
  if (o.socket.empty()) {
    const char* env = std::getenv("DISCUS_SOCKET");
    o.socket = env && *env ? env : kDefaultSocket;
  }
  if (o.station.empty()) {
    char host[256] = "";
    ::gethostname(host, sizeof host - 1);
    o.station = *host ? host : "station";
  }
  return -1;
}

base::Result<std::string> read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return base::Error{base::ErrorCode::kIo, fmt::format("cannot read {}: {}", path, std::strerror(errno))}.in_file(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The audit trail (src/daemon/audit: the XML message in STATE_DIR/audit, syslog when configured),
// with a log line for each Security Alert so the journal shows refusals too.
class LoggedTrail final : public daemon::audit::Trail {
 public:
  LoggedTrail(base::Logger& log, daemon::audit::Trail& trail) : log_(log), trail_(trail) {}
  base::Status record(const daemon::audit::AuditEvent& event) override {
    if (const auto* refused = std::get_if<daemon::audit::AccessRefused>(&event))
      log_.warn("audit: Security Alert (PS3.15 A.5.3.11, unauthorized access attempt): {} at {}: {}: {}", refused->who.user_id,
                refused->who.network_access_point, refused->what, refused->when.outcome_description);
    else if (const auto* login = std::get_if<daemon::audit::UserAuthenticated>(&event))
      log_.info("audit: User Authentication (PS3.15 A.5.3.12): {}", login->user.user_id);
    return trail_.record(event);
  }

 private:
  base::Logger& log_;
  daemon::audit::Trail& trail_;
};

base::Result<std::unique_ptr<jobs::Repository>> open_queue(const Options& o, std::string& backend) {
  backend = o.queue.starts_with("postgres") ? "postgresql" : "sqlite";
#ifdef DISCUSD_HAS_OPEN_REPOSITORY
  return jobs::open_repository(o.queue, o.state_dir);  // "" is STATE_DIR/queue.db
#else
  if (backend == "postgresql")
    return base::Error{base::ErrorCode::kUnsupported, "--queue postgresql://...: this discusd has no PostgreSQL backend yet"};
  const std::string path = o.queue.empty() ? o.state_dir + "/queue.db" : o.queue.starts_with("sqlite:") ? o.queue.substr(7) : o.queue;
  return jobs::open_sqlite_repository(path);
#endif
}

// The queue as the log names it: never a password from a PostgreSQL URL.
std::string shown_queue(const Options& o) {
  if (o.queue.empty()) return o.state_dir + "/queue.db";
#ifdef DISCUSD_HAS_OPEN_REPOSITORY
  return jobs::redact_queue_url(o.queue);
#else
  return o.queue.starts_with("postgres") ? "postgresql" : o.queue;
#endif
}

int run(const Options& o) {
  const bool journal = std::getenv("JOURNAL_STREAM") != nullptr;
  base::Logger log(base::LogLevel::kInfo, [journal](base::LogLevel level, std::string_view line) {
    // Under systemd, stderr is the journal: "<N>" gives the line its syslog priority (sd-daemon.h).
    static constexpr const char* kPrefix[] = {SD_DEBUG, SD_INFO, SD_WARNING, SD_ERR};
    static constexpr const char* kName[] = {"debug", "info", "warning", "error"};
    const int i = static_cast<int>(level);
    if (journal) fmt::print(stderr, "{}{}\n", kPrefix[i], line);
    else fmt::print(stderr, "discusd: {}: {}\n", kName[i], line);
    std::fflush(stderr);
  });
  auto fail = [&](const std::string& what) {
    log.error("{}", what);
    sd_notifyf(0, "STATUS=failed: %s", what.c_str());
    return 1;
  };

  // SIGTERM and SIGINT are taken by sigtimedwait below; blocked before any thread starts so no
  // other thread is interrupted by them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  ::signal(SIGPIPE, SIG_IGN);  // a client that hangs up mid-answer is not a reason to die

  if (::mkdir(o.state_dir.c_str(), 0750) != 0 && errno != EEXIST)
    return fail(fmt::format("cannot create the state directory {}: {}", o.state_dir, std::strerror(errno)));
  app::Settings settings;
  if (!o.config.empty()) {
    auto s = app::load_settings(o.config);
    if (!s) return fail(fmt::format("configuration: {}", s.error().describe()));
    settings = std::move(*s);
  }
  // Settings written through the API (PATCH /v1/config; daemon/api/config_store.h): between the
  // file and the flags. The service starts from all layers; /v1/nodes and the kiosk's settings
  // follow changes at once. Secure-media passwords live in `secrets` (memory only, jobs/secrets.h).
  auto profiles_for_config = media::profile::ProfileRegistry::load(media::profile::default_profile_directory());
  daemon::api::ConfigStoreOptions config_options;
  config_options.state_dir = o.state_dir;
  config_options.file = o.config;
  config_options.file_settings = settings;
  if (!o.dicom.ae_title.empty()) config_options.command_line["dicom.ae_title"] = o.dicom.ae_title;
  if (o.dicom.port >= 0) config_options.command_line["dicom.port"] = o.dicom.port;
  if (profiles_for_config)
    config_options.known_profile = [p = std::make_shared<media::profile::ProfileRegistry>(std::move(*profiles_for_config))](
                                       const std::string& id) { return p->find(id) != nullptr && !p->find(id)->retired; };
  config_options.check_label_template = [](const std::string& path) -> base::Status {
    DISCUS_TRY(auto t, media::label::load_template(path));
    (void)t;
    return {};
  };
  auto config_store = daemon::api::ConfigStore::open(std::move(config_options));
  if (!config_store) return fail(fmt::format("written settings: {}", config_store.error().describe()));
  settings = (*config_store)->effective();
  jobs::Secrets secrets;
  std::string backend;
  auto repository = open_queue(o, backend);
  if (!repository) return fail(fmt::format("the queue: {}", repository.error().describe()));
  auto profiles = media::profile::ProfileRegistry::load(media::profile::default_profile_directory());
  if (!profiles) return fail(fmt::format("profiles: {}", profiles.error().describe()));
  auto accounts = daemon::access::AccountStore::open(o.state_dir + "/access.json", jobs::system_clock());
  if (!accounts) return fail(fmt::format("accounts: {}", accounts.error().describe()));
  auto audit_trail = daemon::audit::open_trail(daemon::audit::trail_options(settings), o.state_dir);
  if (!audit_trail) return fail(fmt::format("the audit trail: {}", audit_trail.error().describe()));
  LoggedTrail trail(log, **audit_trail);

  // The scheduler (src/jobs/scheduler.h) starts here, after the queue opens and before the
  // socket appears, with its own queue connection; it stops after the server below.
  std::string station_backend;
  auto station_queue = open_queue(o, station_backend);
  if (!station_queue) return fail(fmt::format("the queue (scheduler): {}", station_queue.error().describe()));
  const codec::CodecRegistry codecs = codec::all_codecs();
  base::RandomUidSource uids;
  const app::Context station_context{&*profiles, &codecs, &uids, 2};
  jobs::SchedulerOptions station_options;
  station_options.station = o.station;
  station_options.lease_ms = o.lease_seconds * 1000;
  station_options.discover_drives = o.discover_drives;
  station_options.drives = o.drives;
  station_options.state_dir = o.state_dir;
  station_options.log = &log;
  station_options.secrets = &secrets;
  station_options.institution = [config = config_store->get()] { return config->kiosk().institution; };
  // The audit trail's hooks (issue 14 items 6-7): each verified copy gets its release-of-information
  // record and Data Export message; each purge of staged PHI its Instances Accessed (delete) message.
  station_options.on_copy_verified = [&trail, &log](const jobs::Job& job, const jobs::Copy& copy,
                                                   const std::filesystem::path& fileset) {
    if (auto s = daemon::audit::record_verified_copy(trail, job, copy, fileset.string()); !s)
      log.warn("job {} copy {}: release record: {}", job.id, copy.n, base::to_string(s.error().code));
  };
  station_options.purge_job = [&trail, state_dir = o.state_dir](const jobs::Job& job) -> base::Status {
    DISCUS_TRY(app::PurgeReport report, daemon::audit::purge_job_staging(trail, job, state_dir));
    (void)report;
    return {};
  };
  // Kept staging past its retention (Preserve Composite Instances, [phi] kept_staging_days) goes
  // at start; each removal audited.
  if (auto swept = daemon::audit::sweep_job_staging(trail, o.state_dir, settings.kept_staging_days); !swept)
    log.warn("retention sweep: {}", base::to_string(swept.error().code));
  // Disc-publishing robots (issue 18): each a lane of the scheduler, shown by /v1/robots. The
  // label is made from the study's data (jobs/robot_runner.h) by src/media/label: its merge fields (what a vendor's
  // own design merges: PTBurn MergeField, TD Bridge REPLACE_FIELD) and the finished label as a
  // 300 dpi JPEG (PTBurn PrintLabel) in the job's staging folder, purged with it (PHI).
  output::robot::RobotOptions robot_options;
  robot_options.state_dir = std::filesystem::path(o.state_dir) / "robots";  // the tower's state across restarts
  auto robots = jobs::RobotFleet::open(o.robots, robot_options);
  if (!robots) return fail(fmt::format("--robot: {}", robots.error().describe()));
  station_options.robots = robots->get();
  station_options.label = [&log, config = config_store->get()](const jobs::Job& job, const media::label::LabelData& data,
                                                               const std::filesystem::path& staging) {
    output::robot::LabelData label;
    for (const auto& [k, v] : media::label::merge_fields(data)) label.fields.push_back({k, v});
    const std::string chosen = config->kiosk().label_template;  // kiosk.label_template, at once (PATCH /v1/config)
    auto tmpl = media::label::load_template(chosen.empty() ? media::label::default_template_path(media::label::Medium::kCd) : chosen);
    auto jpeg = tmpl ? media::label::make_label(*tmpl, data, media::label::Format::kJpeg, 300)
                     : base::Result<base::Bytes>(tmpl.error());
    if (!jpeg) {
      log.warn("job {}: label not rendered: {}", job.id, jpeg.error().describe());
      return label;
    }
    const std::filesystem::path file = staging / "label.jpg";
    if (auto out = base::AtomicOutputFile::create(file.string()); out && out->write(*jpeg) && out->commit(false))
      label.image = file;
    return label;
  };
  // Import jobs (issue 17 item 6, daemon/import_jobs.h): the station's ledger in the state
  // directory, destinations from [pacs.NAME] or the study store (opened below), the worklist node.
  std::atomic<store::Store*> import_store{nullptr};
  daemon::ImportJobsOptions import_options;
  import_options.state_dir = o.state_dir;
  import_options.settings = &settings;
  import_options.nodes = [cs = config_store->get()] { return cs->nodes(); };
  import_options.ae_title = !o.dicom.ae_title.empty() ? o.dicom.ae_title : !settings.dicom_ae_title.empty() ? settings.dicom_ae_title : "DISCUS";
  import_options.codecs = &codecs;
  import_options.trail = &trail;
  import_options.store = [&import_store] { return import_store.load(); };
  auto import_desk = daemon::make_import_desk(std::move(import_options));
  station_options.import_job = daemon::import_job_runner(*import_desk);
  auto scheduler = jobs::Scheduler::start(**station_queue, station_context, station_options);
  if (!scheduler) return fail(fmt::format("the scheduler: {}", scheduler.error().describe()));

  // The DICOM side (issues 15, 16.3): the study store, auto-burn rules (their own queue
  // connection) and, with a port, the DICOM listener. Other SCPs register in dicom_options.listener.services.
  auto listener_options = daemon::dicom::listener_options(settings, o.dicom);
  if (!listener_options) return fail(fmt::format("the DICOM listener: {}", listener_options.error().describe()));
  daemon::dicom::DicomStationOptions dicom_options;
  dicom_options.state_dir = o.state_dir;
  dicom_options.settings = &settings;
  dicom_options.listener = std::move(*listener_options);
  const std::string station_ae = dicom_options.listener.port >= 0 ? dicom_options.listener.ae_title : std::string();
  // Media Creation Management SCP (issue 16 item 2, PS3.4 Annex S): registered now, its backend
  // (daemon/dicom/mcm_backend: requests -> jobs through the API) attached once the API exists.
  auto mcm = std::make_shared<net::services::McmService>(uids, &log);
  dicom_options.listener.services.push_back({std::string(net::services::kMediaCreationManagementSopClass), mcm});
  dicom_options.drives = o.drives;
  dicom_options.trail = &trail;
  dicom_options.log = &log;
  if (settings.store_quiet_seconds > 0) dicom_options.quiet_ms = settings.store_quiet_seconds * 1000LL;
  if (settings.store_retention_days >= 0) dicom_options.retention_days = settings.store_retention_days;
  {
    std::string rules_backend;
    auto rules_queue = open_queue(o, rules_backend);
    if (!rules_queue) return fail(fmt::format("the queue (auto-burn): {}", rules_queue.error().describe()));
    dicom_options.queue = std::move(*rules_queue);
  }
  jobs::Scheduler& wake_ref = **scheduler;
  dicom_options.queue_changed = [&wake_ref] { wake_ref.wake(); };
  auto dicom_station = daemon::dicom::DicomStation::start(std::move(dicom_options));
  if (!dicom_station) return fail(fmt::format("the DICOM listener: {}", dicom_station.error().describe()));

  import_store = &(*dicom_station)->store();
  daemon::api::ApiOptions api_options;
  api_options.station = o.station;
  api_options.version = DISCUS_VERSION;
  api_options.state_dir = o.state_dir;
  api_options.backend = backend;
  api_options.drives = o.drives;
  api_options.min_free_bytes = o.min_free;
  api_options.policy = o.policy;
  api_options.started_ms = jobs::system_clock()();
  api_options.nodes = settings.pacs;  // [pacs.NAME]: /v1/nodes (issue 16)
  api_options.station_ae = station_ae;  // retrieves (C-MOVE) arrive through the listener
  daemon::api::ApiServices services;
  services.repository = repository->get();
  services.profiles = &*profiles;
  services.accounts = accounts->get();
  services.trail = &trail;
  services.log = &log;
  services.store = &(*dicom_station)->store();
  services.config = config_store->get();
  services.secrets = &secrets;
  services.imports = import_desk.get();  // issue 17 item 6
  services.hold_decided = [&trail, &log](const jobs::HoldRecord& h, const daemon::access::Identity& who) {
    if (auto st = daemon::record_hold_decision(trail, h, who.user); !st) log.warn("hold {}: audit: {}", h.hold.id, base::to_string(st.error().code));
  };
  jobs::Scheduler& scheduler_ref = **scheduler;
  services.queue_changed = [&scheduler_ref] { scheduler_ref.wake(); };
  // GET /v1/devices: what the scheduler's lanes report (the image lane is not a device).
  services.devices = [&scheduler_ref] {
    nlohmann::json out = nlohmann::json::array();
    for (const jobs::DeviceStatus& d : scheduler_ref.devices()) {
      if (d.kind == "image") continue;
      nlohmann::json j = {{"id", daemon::api::device_id(d.name)},
                          {"kind", d.kind == "stdio" ? "stdio" : d.kind == "usb" ? "usb" : "drive"},
                          {"path", d.name},
                          {"state", !d.present ? "offline" : d.busy ? "busy" : "idle"},
                          {"enabled", true}};
      if (!d.model.empty()) j["model"] = d.model;
      if (d.busy && d.job > 0) j["job"] = d.job;
      if (d.busy && d.n > 0) j["copy"] = d.n;
      out.push_back(std::move(j));
    }
    return out;
  };
  jobs::RobotFleet& fleet = **robots;
  services.robots = [&fleet] {
    std::vector<jobs::RobotSnapshot> out;
    for (jobs::RobotDevice* r : fleet.all()) out.push_back(r->snapshot());
    return out;
  };
  services.acknowledge_robot_alert = [&fleet](const std::string& name, std::int64_t alert,
                                              const std::string& who) -> base::Result<jobs::RobotSnapshot> {
    jobs::RobotDevice* r = fleet.find(name);
    if (!r) return base::Error{base::ErrorCode::kNotFound, fmt::format("no robot {}", name)};
    return r->acknowledge(alert, who);
  };
  daemon::api::Api api(api_options, services);
  daemon::dicom::McmOptions mcm_options;
  mcm_options.state_dir = o.state_dir;
  mcm_options.instances_dir = (*dicom_station)->store().options().dir;
  if (!settings.default_profile.empty()) mcm_options.default_profile = settings.default_profile;
  if (!o.drives.empty()) mcm_options.drive = o.drives.front();  // the API takes "any" only without --drive
  daemon::dicom::McmBackend mcm_backend(mcm_options, api, *profiles);
  mcm->attach(&mcm_backend);
  struct Detach {  // before mcm_backend and api go, on every return
    std::shared_ptr<net::services::McmService> s;
    ~Detach() { s->detach(); }
  } mcm_detach{mcm};

  auto unix_listener = daemon::http::listen_unix(o.socket);
  if (!unix_listener) return fail(fmt::format("the socket: {}", unix_listener.error().describe()));
  std::vector<daemon::http::Listener> listeners;
  listeners.push_back({unix_listener->fd, daemon::http::Transport::kUnix, o.socket, {}, {}});
  if (!o.listen.empty()) {
    auto fd = daemon::http::listen_tcp(o.listen);
    if (!fd) return fail(fmt::format("--listen: {}", fd.error().describe()));
    auto cert = read_text(o.tls_cert);
    if (!cert) return fail(fmt::format("--tls-cert: {}", cert.error().describe()));
    auto key = read_text(o.tls_key);
    if (!key) return fail(fmt::format("--tls-key: {}", key.error().describe()));
    log.info("listening on TCP {} (port {}) with TLS", o.listen, daemon::http::bound_port(*fd));
    listeners.push_back({*fd, daemon::http::Transport::kTcp, o.listen, std::move(*cert), std::move(*key)});
  }
  auto server = daemon::http::Server::start(std::move(listeners), [&api](const daemon::http::Request& r) { return api.handle(r); });
  if (!server) {
    daemon::http::unpublish(*unix_listener);
    return fail(fmt::format("the API server: {}", server.error().describe()));
  }
  if (auto st = daemon::http::publish(*unix_listener); !st) {
    (*server)->stop();
    return fail(st.error().describe());
  }
  log.info("ready: station {}, queue {} ({}), socket {}, {} drive(s), {} robot(s), {}", o.station, backend, shown_queue(o), o.socket,
           o.drives.size(), o.robots.size(), daemon::http::library_version());
  sd_notify(0, "READY=1\nSTATUS=answering");

  // Wait for a signal, feeding the watchdog at half its interval when systemd asks for one.
  std::uint64_t watchdog_us = 0;
  const bool watchdog = sd_watchdog_enabled(0, &watchdog_us) > 0 && watchdog_us > 0;
  const long tick_ms = watchdog ? static_cast<long>(watchdog_us / 2000) : 1000;
  int sig = 0;
  for (;;) {
    timespec t{tick_ms / 1000, (tick_ms % 1000) * 1000000L};
    sig = sigtimedwait(&signals, nullptr, &t);
    if (sig > 0) break;
    if (watchdog) sd_notify(0, "WATCHDOG=1");
  }
  log.info("{}: stopping", sig == SIGTERM ? "SIGTERM" : "SIGINT");
  sd_notify(0, "STOPPING=1");
  daemon::http::unpublish(*unix_listener);  // no new clients find us
  (*server)->quiesce();
  api.stop_streams();
  (*dicom_station)->stop();  // no new instances, the rules' thread ends
  (*scheduler)->request_stop();  // the current step finishes or parks
  (*scheduler)->join();
  (*server)->stop();
  log.info("stopped");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  if (const int rc = parse(argc, argv, o); rc >= 0) return rc;
  if (o.version) {
    std::printf("discusd %s\n%s\n", DISCUS_VERSION, discus::daemon::http::library_version().c_str());
    return 0;
  }
  if (o.routes) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& r : discus::daemon::api::route_table())
      out.push_back({{"method", r.method},
                     {"path", r.pattern},
                     {"operationId", r.operation_id},
                     {"roles", discus::daemon::access::role_names(r.roles)}});
    std::printf("%s\n", out.dump(1).c_str());
    return 0;
  }
  return run(o);
}
