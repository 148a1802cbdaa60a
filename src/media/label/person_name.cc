#include "media/label/person_name.h"

#include <array>
#include <vector>

namespace discus::media::label {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\0')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\0')) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  for (;;) {
    const auto at = s.find(sep);
    out.push_back(s.substr(0, at));
    if (at == std::string_view::npos) return out;
    s.remove_prefix(at + 1);
  }
}

// Components 0-4: family, given, middle, prefix, suffix (PS3.5 6.2.1.1); missing ones are empty.
std::array<std::string_view, 5> components(std::string_view group) {
  std::array<std::string_view, 5> c{};
  const auto parts = split(group, '^');
  for (std::size_t i = 0; i < parts.size() && i < c.size(); ++i) c[i] = trim(parts[i]);
  return c;
}

void append_word(std::string& out, std::string_view word, std::string_view sep = " ") {
  if (word.empty()) return;
  if (!out.empty()) out += sep;
  out += word;
}

std::string alphabetic_for_people(std::string_view group) {
  const auto c = components(group);
  std::string given;
  append_word(given, c[1]);
  append_word(given, c[2]);
  std::string out;
  append_word(out, c[3]);
  append_word(out, c[0]);
  if (!given.empty()) out += out.empty() ? given : ", " + given;
  if (!c[4].empty()) out += out.empty() ? std::string(c[4]) : ", " + std::string(c[4]);
  return out;
}

// Ideographic and phonetic groups: the stored order, family first.
std::string in_stored_order(std::string_view group) {
  const auto c = components(group);
  std::string out;
  for (std::size_t i : {3u, 0u, 1u, 2u, 4u}) append_word(out, c[i]);
  return out;
}

}  // namespace

const std::string& PersonName::preferred() const {
  if (!ideographic.empty()) return ideographic;
  if (!alphabetic.empty()) return alphabetic;
  return phonetic;
}

std::string PersonName::other() const {
  return &preferred() == &alphabetic ? std::string() : alphabetic;
}

PersonName format_person_name(std::string_view value) {
  // Only the first value of a multi-valued PN names the patient.
  value = trim(value.substr(0, value.find('\\')));
  const auto groups = split(value, '=');
  PersonName n;
  if (!groups.empty()) n.alphabetic = alphabetic_for_people(groups[0]);
  if (groups.size() > 1) n.ideographic = in_stored_order(groups[1]);
  if (groups.size() > 2) n.phonetic = in_stored_order(groups[2]);
  return n;
}

}  // namespace discus::media::label
