// discus::media::profile — strict JSON access helpers (see strict_json.h).
#include "media/profile/strict_json.h"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace discus::media::profile::detail {

void fail(const std::string& path, const std::string& message) { throw SchemaViolation(path, message); }

std::string type_name(const nlohmann::json& j) {
  if (j.is_number_unsigned()) return "unsigned integer";
  if (j.is_number_integer()) return "integer";
  return j.type_name();
}

StrictObject::StrictObject(const nlohmann::json& j, std::string path) : j_(j), path_(std::move(path)) {
  if (!j_.is_object()) fail(path_, "expected an object, found " + type_name(j_));
}

void StrictObject::only(std::initializer_list<std::string_view> allowed) const {
  for (const auto& [key, value] : j_.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      std::string list;
      for (std::string_view a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
      fail(path_of(key), "unknown key \"" + key + "\" (allowed: " + list + ")");
    }
  }
}

const nlohmann::json& StrictObject::at(std::string_view key) const {
  auto it = j_.find(std::string(key));
  if (it == j_.end()) fail(path_, "missing required key \"" + std::string(key) + "\"");
  return *it;
}

std::string StrictObject::string(std::string_view key) const {
  const auto& v = at(key);
  if (!v.is_string()) fail(path_of(key), "expected a string, found " + type_name(v));
  std::string s = v.get<std::string>();
  if (s.empty()) fail(path_of(key), "must not be empty");
  return s;
}

std::string StrictObject::string_or(std::string_view key, std::string fallback) const {
  return has(key) ? string(key) : std::move(fallback);
}

bool StrictObject::boolean(std::string_view key) const {
  const auto& v = at(key);
  if (!v.is_boolean()) fail(path_of(key), "expected true or false, found " + type_name(v));
  return v.get<bool>();
}

std::uint64_t StrictObject::unsigned_integer(std::string_view key) const {
  const auto& v = at(key);
  if (!v.is_number_unsigned()) fail(path_of(key), "expected a non-negative integer, found " + type_name(v));
  return v.get<std::uint64_t>();
}

std::optional<std::uint64_t> StrictObject::optional_unsigned(std::string_view key) const {
  if (!has(key)) return std::nullopt;
  return unsigned_integer(key);
}

std::vector<std::string> string_array(const nlohmann::json& j, const std::string& path) {
  if (!j.is_array()) fail(path, "expected an array of strings, found " + type_name(j));
  std::vector<std::string> out;
  for (std::size_t i = 0; i < j.size(); ++i) {
    const std::string item_path = path + "[" + std::to_string(i) + "]";
    if (!j[i].is_string()) fail(item_path, "expected a string, found " + type_name(j[i]));
    std::string s = j[i].get<std::string>();
    if (std::find(out.begin(), out.end(), s) != out.end()) fail(item_path, "duplicate value \"" + s + "\"");
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<std::string> StrictObject::strings(std::string_view key) const { return string_array(at(key), path_of(key)); }

StrictObject StrictObject::object(std::string_view key) const { return StrictObject(at(key), path_of(key)); }

const nlohmann::json& StrictObject::array(std::string_view key) const {
  const auto& v = at(key);
  if (!v.is_array()) fail(path_of(key), "expected an array, found " + type_name(v));
  return v;
}

void require_one_of(const std::string& path, const std::string& value, std::initializer_list<std::string_view> choices) {
  if (std::find(choices.begin(), choices.end(), value) != choices.end()) return;
  std::string list;
  for (std::string_view c : choices) list += (list.empty() ? "" : ", ") + std::string(c);
  fail(path, "\"" + value + "\" is not one of: " + list);
}

base::Result<nlohmann::json> read_json_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return base::Error{base::ErrorCode::kIo, "cannot open"}.in_file(file.string());
  std::stringstream buffer;
  buffer << in.rdbuf();
  try {
    return nlohmann::json::parse(buffer.str());
  } catch (const nlohmann::json::parse_error& e) {
    return base::Error{base::ErrorCode::kBadStructure, std::string("not valid JSON: ") + e.what()}
        .in_file(file.string())
        .at_offset(e.byte);
  }
}

}  // namespace discus::media::profile::detail
