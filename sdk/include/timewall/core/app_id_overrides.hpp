// app_id_overrides.hpp: the wearer's app map, the one place app id overrides come from.
//
// What it does: reads the app map file, one "application name = app id" per
// line ('#' starts a comment), and resolves an OpenXR application name to
// the app id the ledger and the policy use: its override when the map has
// one, else openxr_app_id(name). Both sides of a line are normalised by the
// app id rule (app_id.hpp), so "HelloXR", "helloxr" and " HelloXR " are one
// name. A bad line is reported with file:line and skipped; the other lines
// still apply. default_app_map_path() says where the file is.
// What it does not do: apply to ids a host chose itself (C ABI hosts, the
// simulator, timelines, imports report ids, not application names; only
// normalisation applies to them), or watch the file (hosts read it once).
//
//   auto map = tw::AppIdOverrides::load(tw::default_app_map_path());
//   std::string id = map.value().resolve_openxr("hello_xr");  // "openxr.hello_xr" unless mapped
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace tw {

class AppIdOverrides {
 public:
  struct Entry {
    std::string name;    // the application name, normalised
    std::string app_id;  // what it counts as, normalised
    int line = 0;        // in source()
  };

  // A missing file (or an empty path) is an empty map, not an error.
  // Problems in lines that were skipped are in warnings().
  static Result<AppIdOverrides> load(const std::string& path);
  static AppIdOverrides parse(std::string_view text, std::string_view source_name);

  // The override for an application name, or nullptr.
  const Entry* find(std::string_view application_name) const;
  // The id an OpenXR application with this name counts as.
  std::string resolve_openxr(std::string_view application_name) const;

  std::span<const Entry> entries() const { return entries_; }
  const std::vector<std::string>& warnings() const { return warnings_; }
  const std::string& source() const { return source_; }

 private:
  std::vector<Entry> entries_;  // a later line for the same name replaces an earlier one
  std::vector<std::string> warnings_;
  std::string source_;
};

// $TIMEWALL_LAYER_APP_MAP, else $XDG_CONFIG_HOME/timewall/openxr-apps.conf,
// else ~/.config/timewall/openxr-apps.conf; "" without HOME.
std::string default_app_map_path();

}  // namespace tw
