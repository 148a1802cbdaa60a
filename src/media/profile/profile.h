// discus::media::profile — the whole public API in one include: ApplicationProfile,
// ProfileRegistry, default_profile_directory() and check_instance(). PS3.11.
//   #include "media/profile/profile.h"
#pragma once

#include "media/profile/allowed_content.h"
#include "media/profile/application_profile.h"
#include "media/profile/instance_check.h"
#include "media/profile/profile_registry.h"
