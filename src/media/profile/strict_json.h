// discus::media::profile — strict reading of JSON data files: every access names its JSON path.
//
// Internal to the profile loader. A SchemaViolation is thrown on the first problem and turned
// into a base::Error by ProfileRegistry::load(); no exception leaves the module.
//   StrictObject o(node, "$");  o.only({"id", "title"});  std::string id = o.string("id");
#pragma once

#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/result.h"

namespace discus::media::profile::detail {

struct SchemaViolation : std::runtime_error {
  SchemaViolation(const std::string& path, const std::string& message)
      : std::runtime_error(path + ": " + message) {}
};

[[noreturn]] void fail(const std::string& path, const std::string& message);
std::string type_name(const nlohmann::json& j);

class StrictObject {
 public:
  StrictObject(const nlohmann::json& j, std::string path);

  // Unknown keys are errors.
  void only(std::initializer_list<std::string_view> allowed) const;
  bool has(std::string_view key) const { return j_.contains(std::string(key)); }
  std::string path_of(std::string_view key) const { return path_ + "." + std::string(key); }
  const nlohmann::json& at(std::string_view key) const;  // required, any type

  std::string string(std::string_view key) const;
  std::string string_or(std::string_view key, std::string fallback) const;
  bool boolean(std::string_view key) const;
  std::uint64_t unsigned_integer(std::string_view key) const;
  std::optional<std::uint64_t> optional_unsigned(std::string_view key) const;
  std::vector<std::string> strings(std::string_view key) const;
  StrictObject object(std::string_view key) const;
  const nlohmann::json& array(std::string_view key) const;
  const std::string& path() const { return path_; }
  const nlohmann::json& json() const { return j_; }

 private:
  const nlohmann::json& j_;
  std::string path_;
};

// `value` must be one of `choices`.
void require_one_of(const std::string& path, const std::string& value, std::initializer_list<std::string_view> choices);
std::vector<std::string> string_array(const nlohmann::json& j, const std::string& path);

// The whole file as JSON; a syntax error names the file and the byte offset.
base::Result<nlohmann::json> read_json_file(const std::filesystem::path& file);

// Runs `fn`; a SchemaViolation (or a JSON type error) becomes an Error about `file`.
template <typename Fn>
base::Status guarded(const std::filesystem::path& file, Fn&& fn) {
  try {
    fn();
  } catch (const SchemaViolation& v) {
    return base::Error{base::ErrorCode::kBadStructure, v.what()}.in_file(file.string());
  } catch (const nlohmann::json::exception& e) {
    return base::Error{base::ErrorCode::kBadStructure, e.what()}.in_file(file.string());
  }
  return {};
}

}  // namespace discus::media::profile::detail
