// Shared by the profile tests: the registry loaded once from the source tree's profiles/.
#pragma once

#include <gtest/gtest.h>

#include "media/profile/profile.h"

namespace discus::media::profile::testing {

inline const ProfileRegistry& source_registry() {
  static const ProfileRegistry reg = [] {
    auto r = ProfileRegistry::load(DISCUS_TEST_PROFILES);
    if (!r) ADD_FAILURE() << r.error().describe();
    return r ? std::move(*r) : ProfileRegistry{};
  }();
  return reg;
}

inline const ApplicationProfile& profile(std::string_view id) {
  const ApplicationProfile* p = source_registry().find(id);
  if (p == nullptr) {
    ADD_FAILURE() << "no profile " << id;
    static const ApplicationProfile empty;
    return empty;
  }
  return *p;
}

}  // namespace discus::media::profile::testing
