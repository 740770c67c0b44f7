#include "core/app_id_overrides.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "core/app_id.hpp"

namespace tw {

AppIdOverrides AppIdOverrides::parse(std::string_view text, std::string_view source_name) {
  AppIdOverrides map;
  map.source_ = source_name;
  int line_no = 0;
  while (!text.empty()) {
    const size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    ++line_no;
    if (const size_t hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    if (normalize_app_id(line).empty()) continue;
    const std::string where = std::string(source_name) + ":" + std::to_string(line_no) + ": ";
    const size_t eq = line.rfind('=');
    if (eq == std::string_view::npos) {
      map.warnings_.push_back(where + "expected 'application name = app id'");
      continue;
    }
    std::string name = normalize_app_id(line.substr(0, eq));
    std::string id = normalize_app_id(line.substr(eq + 1));
    if (name.empty()) {
      map.warnings_.push_back(where + "the application name is empty");
    } else if (id.empty() || id.size() > 256) {
      map.warnings_.push_back(where + "the app id must be 1-256 bytes");
    } else if (const std::string why = unreachable_app_id(id); !why.empty()) {
      map.warnings_.push_back(where + "app id \"" + id + "\": " + why);
    } else {
      std::erase_if(map.entries_, [&](const Entry& e) { return e.name == name; });
      map.entries_.push_back({std::move(name), std::move(id), line_no});
    }
  }
  return map;
}

Result<AppIdOverrides> AppIdOverrides::load(const std::string& path) {
  if (path.empty()) return AppIdOverrides{};
  std::ifstream in(path, std::ios::binary);
  if (!in) return AppIdOverrides{};
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return Error{Errc::io, path + ": could not be read"};
  const std::string s = text.str();
  if (s.size() > 1'000'000) return Error{Errc::too_large, path + ": larger than 1 MB"};
  return parse(s, path);
}

const AppIdOverrides::Entry* AppIdOverrides::find(std::string_view application_name) const {
  if (entries_.empty()) return nullptr;
  const std::string name = normalize_app_id(application_name);
  for (const Entry& e : entries_)
    if (e.name == name) return &e;
  return nullptr;
}

std::string AppIdOverrides::resolve_openxr(std::string_view application_name) const {
  if (const Entry* e = find(application_name)) return e->app_id;
  return openxr_app_id(application_name);
}

std::string default_app_map_path() {
  if (const char* p = std::getenv("TIMEWALL_LAYER_APP_MAP"); p && *p) return p;
  if (const char* x = std::getenv("XDG_CONFIG_HOME"); x && *x) return std::string(x) + "/timewall/openxr-apps.conf";
  if (const char* h = std::getenv("HOME"); h && *h) return std::string(h) + "/.config/timewall/openxr-apps.conf";
  return {};
}

}  // namespace tw
