// discus::app — the services a use case needs, handed in by its caller (no globals).
//
// The CLI builds one Context per process from its options (the profiles folder, --uid-root);
// the daemon builds one at start-up and shares it between jobs. Nothing here is owned: the caller
// keeps the registries alive for as long as a use case runs. A UidSource is not thread-safe, so
// use cases that draw UIDs from several threads serialise their calls to it.
//   media::profile::ProfileRegistry profiles = ...;  codec::CodecRegistry codecs = codec::all_codecs();
//   base::RandomUidSource uids;  app::Context ctx{&profiles, &codecs, &uids};
#pragma once

#include <string_view>

#include "base/result.h"
#include "base/uid.h"
#include "codec/codec.h"
#include "media/profile/profile.h"

namespace discus::app {

struct Context {
  const media::profile::ProfileRegistry* profiles = nullptr;  // needed by author, update, span
  const codec::CodecRegistry* codecs = nullptr;               // null: no codecs (copy only)
  base::UidSource* uids = nullptr;                            // File-set UIDs, new SOP Instance UIDs
  unsigned threads = 2;                                       // worker threads a use case may use
  // The medium table (profiles/common/media.json) for write_iso and burn; null: the profiles'.
  const media::profile::MediumTable* media = nullptr;
};

// The context's medium table (`media`, else the profiles'); kInvalidArgument when it has none.
base::Result<const media::profile::MediumTable*> medium_table(const Context& context);

// The profile `id` of the context's registry; kNotFound naming the id when there is none.
base::Result<const media::profile::ApplicationProfile*> find_profile(const Context& context, std::string_view id);

// The error a use case returns when its CancelToken was honoured.
base::Error cancelled(std::string_view where);

}  // namespace discus::app
