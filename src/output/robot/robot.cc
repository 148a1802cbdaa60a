// The shared vocabulary (names, the vendor-words table) and open_robot().
#include "output/robot/robot.h"

#include <algorithm>
#include <array>
#include <cctype>

#include <fmt/format.h>

#include "output/robot/epson.h"
#include "output/robot/primera.h"
#include "output/robot/rimage.h"
#include "output/robot/tower.h"
#include "output/robot/vocabulary.h"

namespace discus::output::robot {

namespace {
constexpr std::array<std::string_view, 4> kVendors{"primera", "epson", "rimage", "tower"};
constexpr std::array<std::string_view, 8> kConditions{"ok", "out-of-media", "printer", "ink", "lid", "reject", "offline", "job-failed"};
constexpr std::array<std::string_view, 8> kPhases{"unknown", "submitted", "queued", "running", "needs-operator", "done", "failed", "cancelled"};

// What each condition means to the person at the robot.
constexpr std::array<std::string_view, 8> kMeaning{
    "no problem",
    "the input bin is out of blank discs: load blanks",
    "the printer needs attention",
    "ink is low or out: replace the cartridge (or tell the robot to ignore it)",
    "the cover is open: close it",
    "a disc was rejected",
    "the robot's software is not answering",
    "the robot failed the job",
};
}  // namespace

std::string_view to_string(Vendor v) { return kVendors.at(static_cast<std::size_t>(v)); }
std::optional<Vendor> vendor_from_string(std::string_view s) {
  for (std::size_t i = 0; i < kVendors.size(); ++i)
    if (kVendors[i] == s) return static_cast<Vendor>(i);
  return std::nullopt;
}
std::string_view to_string(Condition c) { return kConditions.at(static_cast<std::size_t>(c)); }
std::string_view to_string(JobPhase p) { return kPhases.at(static_cast<std::size_t>(p)); }
bool is_final(JobPhase p) { return p == JobPhase::kDone || p == JobPhase::kFailed || p == JobPhase::kCancelled; }

std::string Alert::reason() const {
  std::string out = fmt::format("{}: {}", to_string(condition), kMeaning.at(static_cast<std::size_t>(condition)));
  if (!vendor_words.empty()) out += fmt::format(" (robot says: {})", vendor_words);
  return out;
}

base::Result<std::unique_ptr<Robot>> open_robot(std::string_view spec, const RobotOptions& options) {
  const auto colon = spec.find(':');
  if (colon == std::string_view::npos || colon + 1 >= spec.size())
    return base::Error{base::ErrorCode::kInvalidArgument,
                       fmt::format("robot \"{}\": give VENDOR:SPOOLDIR (primera, epson or rimage)", spec)};
  const auto vendor = vendor_from_string(spec.substr(0, colon));
  const fs::path spool(std::string(spec.substr(colon + 1)));
  if (!vendor)
    return base::Error{base::ErrorCode::kInvalidArgument,
                       fmt::format("robot \"{}\": unknown vendor (primera, epson, rimage or tower)", spec.substr(0, colon))};
  if (*vendor == Vendor::kTower) {  // tower:DRIVE[,DRIVE]...
    std::vector<std::string> drives;
    std::string_view rest = spec.substr(colon + 1);
    while (!rest.empty()) {
      const auto comma = rest.find(',');
      if (comma != 0) drives.emplace_back(rest.substr(0, comma));
      rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    }
    return make_tower(drives, options.state_dir.empty() ? fs::path() : options.state_dir / "tower");
  }
  std::error_code ec;
  if (!fs::is_directory(spool, ec))
    return base::Error{base::ErrorCode::kNotFound, fmt::format("robot spool {} is not a folder", spool.string())};
  switch (*vendor) {
    case Vendor::kPrimera: return make_primera(spool, options);
    case Vendor::kEpson: return make_epson(spool, options);
    default: return make_rimage(spool, options);
  }
}

}  // namespace discus::output::robot
