// discus::daemon::api — the service's settings in layers, and the ones written through its API
// (GET/PATCH /v1/config, openapi.yaml).
//
// Four layers, later wins: built-in defaults, the configuration file (app::Settings, TOML), the
// settings written through the API (STATE_DIR/settings.json, replaced atomically), and discusd's
// command-line flags. Every setting the API knows is a row of one table (config_store.cc): its
// dotted key as in the TOML file ("kiosk.language", "pacs.NAME.port"), its type, its check, its
// built-in value, whether it applies at once or after a restart. A PATCH is an RFC 7396 merge
// patch of the written layer: null removes a written value (the file's or the built-in applies
// again), "pacs.NAME": null every written key of that node. Unknown keys and bad values are
// refused naming the key; nothing is written unless the whole patch is good.
//   DISCUS_TRY(auto store, ConfigStore::open(o));  json j = store->get();  store->patch(values);
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "app/settings.h"
#include "base/result.h"

namespace discus::daemon::api {

struct ConfigStoreOptions {
  std::string state_dir;           // settings.json lives here
  std::string file;                // the configuration file read (empty: none)
  app::Settings file_settings;     // what it said
  nlohmann::json command_line = nlohmann::json::object();  // dotted key -> value given as a flag
  // Checks a profile id (known and not retired) and a label template file; empty: anything goes.
  std::function<bool(const std::string&)> known_profile;
  std::function<base::Status(const std::string&)> check_label_template;
};

// The kiosk's own settings, resolved (what GET /v1/config/kiosk answers).
struct KioskSettings {
  std::string institution, language, default_profile, default_medium, default_target, label_template;
  std::vector<std::string> profiles_allowed;  // empty: every profile
  int default_copies = 1;
  int idle_timeout_seconds = 120;
};

class ConfigStore {
 public:
  // Reads STATE_DIR/settings.json when there is one; a value there that no longer passes its check
  // (a profile removed since) is an error naming the file and the key.
  static base::Result<std::unique_ptr<ConfigStore>> open(ConfigStoreOptions options);

  // {"file", "written", "values": {key: {value, origin, applies}}, "restart_pending": [keys]}
  nlohmann::json get() const;
  // Applies a merge patch of written values ({"key": value | null}); returns the keys it changed
  // (none: nothing written). kInvalidArgument names the key ("/values/KEY: ...").
  base::Result<std::vector<std::string>> patch(const nlohmann::json& values);

  // The layers resolved, for use: the file's Settings with written and command-line values put in
  // (discusd starts from these), the [pacs.NAME] nodes now, and the kiosk's settings now.
  app::Settings effective() const;
  std::vector<app::PacsNode> nodes() const;
  KioskSettings kiosk() const;
  const std::string& written_path() const { return written_path_; }

 private:
  explicit ConfigStore(ConfigStoreOptions options);
  base::Status check_all(const nlohmann::json& written) const;
  nlohmann::json value_of(const std::string& key, std::string& origin) const;  // mu_ held
  std::vector<std::string> keys() const;                                       // mu_ held

  ConfigStoreOptions o_;
  std::string written_path_;
  mutable std::mutex mu_;
  nlohmann::json written_ = nlohmann::json::object();  // dotted key -> value
  nlohmann::json started_ = nlohmann::json::object();  // restart-only keys' values at start
};

}  // namespace discus::daemon::api
