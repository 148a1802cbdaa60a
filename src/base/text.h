// discus::base — the one UTF-8 boundary for text that leaves the process.
//
// Text from outside (values of a data set, file names, messages that quote them) is data: it may
// be Latin-1, broken UTF-8, or carry control characters and bidirectional overrides meant to
// mislead a person reading a terminal. Reports, JSON, logs and terminal output pass it through
// here, never abort on it, and never silently drop a byte:
//   - to_valid_utf8: valid UTF-8 is kept as is; every byte that is not part of a valid sequence
//     becomes the four characters "\xNN" (so a Latin-1 'é' in a file name reads "\xE9");
//   - for_terminal: additionally C0/C1 controls (ESC included, so no ANSI sequence reaches the
//     terminal), DEL and the bidirectional formatting characters (U+202A-202E, U+2066-2069,
//     U+200E/200F, U+061C) become visible escapes like "\x1B" or "\u{202E}".
//   std::string shown = base::for_terminal(patient_name);
#pragma once

#include <string>
#include <string_view>

namespace discus::base {

bool is_valid_utf8(std::string_view text);
std::string to_valid_utf8(std::string_view text);
std::string for_terminal(std::string_view text);
// For a JSON document: the characters a terminal would obey rather than show and that JSON
// leaves raw (C1 controls, the bidi formatting characters above) become \uXXXX escapes, which
// every JSON parser reads back as the same characters; JSON escapes C0 controls (ESC) itself.
// Such characters can only stand inside JSON strings, so the document's meaning is unchanged.
std::string json_escape_misleading(std::string_view json);

// Applies to_valid_utf8 to every string in a JSON document (values and object keys), in place.
// A template so that base does not link a JSON library: Json is nlohmann::json or ordered_json.
template <class Json>
void make_strings_valid_utf8(Json& j) {
  if (j.is_string()) {
    const auto& s = j.template get_ref<const typename Json::string_t&>();
    if (!is_valid_utf8(s)) j = to_valid_utf8(s);
  } else if (j.is_array()) {
    for (auto& x : j) make_strings_valid_utf8(x);
  } else if (j.is_object()) {
    bool keys_ok = true;
    for (auto it = j.begin(); it != j.end(); ++it) {
      keys_ok = keys_ok && is_valid_utf8(it.key());
      make_strings_valid_utf8(it.value());
    }
    if (!keys_ok) {
      Json fixed = Json::object();
      for (auto it = j.begin(); it != j.end(); ++it) fixed[to_valid_utf8(it.key())] = std::move(it.value());
      j = std::move(fixed);
    }
  }
}

}  // namespace discus::base
