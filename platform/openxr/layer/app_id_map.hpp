// app_id_map.hpp: which ledger app id an OpenXR application counts against.
//
// What it does: maps XrApplicationInfo::applicationName to the app id the
// ledger and the policy use. By default "openxr." plus the name lower-cased,
// with anything but [a-z0-9._-] turned into '-' ("hello_xr" -> "openxr.hello_xr").
// An override file, one "application name = ledger id" per line ('#' starts a
// comment), wins over the default; a bad line is reported with file:line and
// skipped, and the other lines still apply.
// What it does not do: intern the id (the core's Interner does), or watch the
// file for changes (it is read when the instance is created).
//
//   auto map = tw::xr::AppIdMap::load("/home/me/.config/timewall/openxr-apps.conf");
//   std::string id = map.value().ledger_id("hello_xr");
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.hpp"

namespace tw::xr {

class AppIdMap {
 public:
  // A missing file is an empty map, not an error. Problems in lines that were
  // skipped are in warnings().
  static Result<AppIdMap> load(const std::string& path);
  static AppIdMap parse(std::string_view text, std::string_view source_name);

  std::string ledger_id(std::string_view application_name) const;
  const std::vector<std::string>& warnings() const { return warnings_; }
  size_t size() const { return overrides_.size(); }

 private:
  std::unordered_map<std::string, std::string> overrides_;
  std::vector<std::string> warnings_;
};

// The override file's default location: $TIMEWALL_LAYER_APP_MAP, else
// $XDG_CONFIG_HOME/timewall/openxr-apps.conf, else ~/.config/timewall/openxr-apps.conf.
std::string default_app_map_path();

}  // namespace tw::xr
