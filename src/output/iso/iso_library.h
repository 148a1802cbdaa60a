// discus::output::iso — libisofs' process-wide state, owned by one RAII object.
//
// libisofs keeps a global message queue that iso_init() creates and iso_finish() destroys, and
// neither is reference-counted; IsoLibrary counts its live instances so the library is set up
// by the first and torn down by the last (the counter mirrors the C library's own global state
// and is the only one here). Messages are queued, never printed, and a SORRY (a file that could
// not be read while generating) aborts the image instead of leaving zeros in it.
//   DISCUS_TRY(IsoLibrary lib, IsoLibrary::open());  ... every libisofs call while lib lives
#pragma once

#include <string>

#include "base/result.h"

namespace discus::output::iso {

class IsoLibrary {
 public:
  static base::Result<IsoLibrary> open();
  IsoLibrary(IsoLibrary&& other) noexcept : live_(other.live_) { other.live_ = false; }
  IsoLibrary& operator=(IsoLibrary&&) = delete;
  IsoLibrary(const IsoLibrary&) = delete;
  ~IsoLibrary();

 private:
  IsoLibrary() = default;
  bool live_ = false;
};

// A libisofs return code and the queued messages, as one error text ("... : <why>").
std::string iso_error_text(int code);

}  // namespace discus::output::iso
