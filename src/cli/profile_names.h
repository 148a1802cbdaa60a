// discus CLI — profile ids for people: the usage error for an unknown one, with the closest known
// id ("did you mean 'STD-GEN-CD'?").
//   if (p == nullptr) return unknown_profile("author", id, registry);
#pragma once

#include <string_view>

#include "media/profile/profile.h"

namespace discus::cli {

// Prints "discus CMD: unknown media profile 'ID' (did you mean 'X'?); see ..." and returns kExitUsage.
int unknown_profile(std::string_view command, std::string_view id, const media::profile::ProfileRegistry& registry);

}  // namespace discus::cli
