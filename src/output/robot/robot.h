// discus::output::robot — one interface for disc-publishing robots (issue 18 item 1).
//
// A Robot takes a disc job (a file-set folder or an ISO image, a number of copies, label data),
// reports what became of it (phase, good and rejected discs, the vendor's own words) and the
// robot's own condition (bins, ink, alerts), and cancels. Primera PTBurn, Epson TD Bridge and
// Rimage are driven through their hot-folder job files (spool.h: atomic, path-translated); the
// local tower burns on this machine's drives with an operator prompt. Every vendor condition is
// mapped to one vocabulary (Condition) while the vendor's words are kept beside it.
//   DISCUS_TRY(auto r, open_robot("primera:/srv/ptburn", {}));  DISCUS_CHECK(r->submit(job));
//   DISCUS_TRY(JobStatus s, r->status(job.id));  if (s.phase == JobPhase::kDone) ...
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"

namespace discus::output::robot {

namespace fs = std::filesystem;

enum class Vendor { kPrimera, kEpson, kRimage, kTower };
std::string_view to_string(Vendor v);  // "primera", "epson", "rimage", "tower"
std::optional<Vendor> vendor_from_string(std::string_view s);

// The one vocabulary of robot trouble (issue 18 item 1).
enum class Condition { kOk, kOutOfMedia, kPrinter, kInk, kLid, kReject, kOffline, kJobFailed };
std::string_view to_string(Condition c);  // "ok", "out-of-media", "printer", "ink", "lid", "reject", "offline", "job-failed"

// A condition as the robot reported it: ours and theirs. `operator_needed`: nothing goes on
// until a person acts (refill the bin, close the lid, fix the printer).
struct Alert {
  Condition condition = Condition::kOk;
  std::string vendor_words;  // e.g. "Out of Discs", "INFO1=HST3001", "SysErrorNumber 6"
  bool operator_needed = false;
  std::string reason() const;  // readable: "out-of-media: the input bin is empty (PTBurn: Out of Discs)"
};

struct Capabilities {
  int drives = 1;
  std::vector<std::string> bins;        // "left", "right" / "stacker1".. / "input"
  bool printer = true;
  std::vector<std::string> media;       // "CD", "DVD" (BD where the vendor names it)
  std::vector<std::string> label_formats;  // what the printer path takes: "jpg", "bmp", "std", "tdd", "fields"
  bool verified = true;                 // false: driver written from public documents only (Rimage)
  // What the robot burns from: an ISO image (PTBurn ImageFile, Rimage IMAGE, the tower) and/or a
  // file-set folder (PTBurn Data, TD Bridge DATA, Rimage PARENT).
  bool takes_image = true;
  bool takes_folder = true;
};

// What goes on the label: merge fields in order (PTBurn's MergeField lines are positional,
// TD Bridge's merge file is by name), and a rendered label image when there is one.
struct LabelData {
  std::vector<std::pair<std::string, std::string>> fields;  // {"patientName", "DOE^JANE"}, ...
  fs::path image;     // a finished label (JPG/BMP/PNG) for the printer; empty: fields only
  fs::path template_path;  // vendor design file (.std, .tdd, .btw) the fields merge into; may be empty
};

struct DiscJob {
  std::string id;     // robot job id (spool.h job_name()): derived from our job, copy and attempt
  fs::path fileset;   // a file-set folder, or
  fs::path image;     // an ISO 9660 image (preferred: the disc is exactly what we verified)
  int copies = 1;
  std::string disc_type = "CD";  // "CD", "DVD"
  std::string volume;            // volume label
  LabelData label;
};

enum class JobPhase { kUnknown, kSubmitted, kQueued, kRunning, kNeedsOperator, kDone, kFailed, kCancelled };
std::string_view to_string(JobPhase p);
bool is_final(JobPhase p);

struct JobStatus {
  JobPhase phase = JobPhase::kUnknown;
  int requested = 0, good = 0, bad = 0;  // discs
  std::vector<std::string> rejects;      // one line per rejected disc, in the vendor's words
  std::string vendor_state;              // file extension and status text as the vendor has it
  std::optional<Alert> alert;            // why it waits or failed
};

struct Bin {
  std::string name;
  int count = -1;  // -1 unknown
};

struct RobotStatus {
  bool online = false;
  std::string model;
  std::string vendor_status;  // "System OK", STATUS text ...
  std::vector<Bin> bins;
  std::map<std::string, int> ink;  // percent per cartridge
  std::vector<Alert> alerts;       // current conditions
};

class Robot {
 public:
  virtual ~Robot() = default;
  virtual Vendor vendor() const = 0;
  virtual Capabilities capabilities() const = 0;
  // Writes the job into the robot's queue. Refused (kConflict) when a job of this id is already
  // known to the robot in any state: a restarted caller never submits twice.
  virtual base::Status submit(const DiscJob& job) = 0;
  // True when the robot has (or had, as far as its files still say) a job of this id.
  virtual bool knows(const std::string& id) = 0;
  virtual base::Result<JobStatus> status(const std::string& id) = 0;
  virtual base::Result<RobotStatus> robot_status() = 0;
  virtual base::Status cancel(const std::string& id) = 0;
  // The operator dealt with a condition the software can be told about (PTBurn: IGNORE_INKLOW).
  virtual base::Status acknowledge(Condition c) { (void)c; return {}; }
  // Removes what submit() placed for a finished job (data links, label files), when the vendor
  // does not (PTBurn DeleteFiles=YES does).
  virtual void forget(const std::string& id) { (void)id; }
};

struct RobotOptions {
  // The robot PC sees the spool through a share: local prefix -> share prefix
  // ("/srv/ptburn" -> "\\\\ROBOTPC\\PTBurnJobs"). Empty: paths are given as they are here.
  std::string local_prefix, share_prefix;
  std::string client_id = "discus";         // PTBurn ClientID
  std::string publisher;                    // TD Bridge PUBLISHER (empty: TD Bridge's default)
  std::int64_t stale_ms = 15000;            // status older than this: the vendor software is not running
  // Where a robot keeps what must outlive the process (the tower: STATE_DIR/tower/); empty: nothing.
  fs::path state_dir;
};

// "primera:DIR", "epson:DIR", "rimage:DIR" (DIR: the spool / hot folder), or "tower:DRIVE,..."
// (this machine's drives, tower.h). The name of the robot is its vendor word.
base::Result<std::unique_ptr<Robot>> open_robot(std::string_view spec, const RobotOptions& options);

}  // namespace discus::output::robot
