#include "output/iso/iso_library.h"

#include <libisofs/libisofs.h>

#include <mutex>

#include <fmt/format.h>

namespace discus::output::iso {
namespace {

struct LibraryState {
  std::mutex mutex;
  int users = 0;
};

// The one piece of process-wide state: libisofs' own globals are process-wide.
LibraryState& state() {
  static LibraryState s;
  return s;
}

}  // namespace

base::Result<IsoLibrary> IsoLibrary::open() {
  LibraryState& s = state();
  std::lock_guard lock(s.mutex);
  if (s.users == 0) {
    const int rc = iso_init();
    if (rc < 0) return base::Error{base::ErrorCode::kIo, fmt::format("libisofs cannot start: {}", iso_error_to_msg(rc))};
    char queue[] = "ALL", print[] = "NEVER", id[] = "libisofs: ", abort_at[] = "SORRY";
    iso_set_msgs_severities(queue, print, id);
    iso_set_abort_severity(abort_at);
  }
  ++s.users;
  IsoLibrary lib;
  lib.live_ = true;
  return lib;
}

IsoLibrary::~IsoLibrary() {
  if (!live_) return;
  LibraryState& s = state();
  std::lock_guard lock(s.mutex);
  if (--s.users == 0) iso_finish();
}

std::string iso_error_text(int code) {
  std::string text = code < 0 ? iso_error_to_msg(code) : "";
  // The queue holds the detail (which file, which block); keep the most severe few.
  char min_severity[] = "SORRY";
  char msg[ISO_MSGS_MESSAGE_LEN];
  char severity[80];
  int error_code = 0, imgid = 0;
  int kept = 0;
  while (iso_obtain_msgs(min_severity, &error_code, &imgid, msg, severity) == 1)
    if (kept++ < 4) text += fmt::format("{}{}", text.empty() ? "" : "; ", msg);
  return text.empty() ? fmt::format("libisofs error {}", code) : text;
}

}  // namespace discus::output::iso
