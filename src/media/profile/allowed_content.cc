// profiles/common/allowed-content.json into an AllowedContent, strictly (see allowed_content.h).
#include "media/profile/allowed_content.h"

#include <filesystem>

#include "media/profile/strict_json.h"

namespace discus::media::profile {
base::Result<AllowedContent> AllowedContent::load(const std::string& profile_directory) {
  const std::filesystem::path file = std::filesystem::path(profile_directory) / "common" / "allowed-content.json";
  DISCUS_TRY(nlohmann::json j, detail::read_json_file(file));
  std::vector<Entry> entries;
  DISCUS_CHECK(detail::guarded(file, [&] {
    detail::StrictObject o(j, "$");
    o.only({"reference", "note", "entries"});
    (void)o.string("reference");
    const nlohmann::json& list = o.array("entries");
    for (std::size_t i = 0; i < list.size(); ++i) {
      detail::StrictObject e(list[i], o.path_of("entries") + "[" + std::to_string(i) + "]");
      e.only({"name", "why"});
      Entry entry{e.string("name"), e.string("why")};
      const bool folder = entry.name.ends_with('/');
      if (comparable_medium_path(entry.name).empty() || entry.name.starts_with('/'))
        detail::fail(e.path_of("name"), "\"" + entry.name + "\" is not a name relative to the file-set root");
      if (folder && comparable_medium_path(entry.name).find('/') != std::string::npos)
        detail::fail(e.path_of("name"), "\"" + entry.name + "\": only folders in the root may be named");
      entries.push_back(std::move(entry));
    }
  }));
  return AllowedContent(std::move(entries));
}

bool AllowedContent::allows(std::string_view path) const {
  const std::string p = comparable_medium_path(path);
  for (const Entry& e : entries_) {
    const std::string name = comparable_medium_path(e.name);
    if (e.name.ends_with('/') ? p.starts_with(name + "/") : p == name) return true;
  }
  return false;
}

std::string comparable_medium_path(std::string_view path) {
  std::string out;
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t end = std::min(path.find('/', start), path.size());
    std::string_view part = path.substr(start, end - start);
    if (auto semi = part.rfind(';'); semi != std::string_view::npos) part = part.substr(0, semi);
    if (!part.empty() && part.back() == '.') part.remove_suffix(1);
    if (!part.empty()) {
      if (!out.empty()) out += '/';
      for (char c : part) out += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    }
    start = end + 1;
  }
  return out;
}

}  // namespace discus::media::profile
