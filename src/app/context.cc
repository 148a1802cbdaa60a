#include "app/context.h"

#include <fmt/format.h>

namespace discus::app {

base::Result<const media::profile::ApplicationProfile*> find_profile(const Context& context, std::string_view id) {
  if (context.profiles == nullptr) return base::Error{base::ErrorCode::kInvalidArgument, "no media profiles loaded"};
  const media::profile::ApplicationProfile* p = context.profiles->find(id);
  if (p == nullptr) return base::Error{base::ErrorCode::kNotFound, fmt::format("unknown media profile '{}'", id)};
  return p;
}

base::Result<const media::profile::MediumTable*> medium_table(const Context& context) {
  if (context.media != nullptr) return context.media;
  if (context.profiles != nullptr) return &context.profiles->media();
  return base::Error{base::ErrorCode::kInvalidArgument, "no medium table loaded (profiles/common/media.json)"};
}

base::Error cancelled(std::string_view where) {
  return base::Error{base::ErrorCode::kCancelled, fmt::format("cancelled {}", where)};
}

}  // namespace discus::app
