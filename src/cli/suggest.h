// discus CLI — "did you mean": the closest of a list of words to a mistyped one (commands,
// options, profile ids). CLI11 2.1 has none. Levenshtein distance, case-insensitive, accepted when
// at most a third of the word (and at least 2 edits) differs, or when one is a prefix of the other.
//   usage_error("author", fmt::format("unknown media profile '{}'{}", id, did_you_mean(id, ids)));
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace discus::cli {

std::size_t edit_distance(std::string_view a, std::string_view b);

// The closest candidate, or "" when none is close enough.
std::string closest(std::string_view word, const std::vector<std::string>& candidates);

// " (did you mean 'X'?)" or "".
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace discus::cli
