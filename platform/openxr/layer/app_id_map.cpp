#include "openxr/layer/app_id_map.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace tw::xr {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

bool valid_id(std::string_view id) {
  if (id.empty() || id.size() > 200) return false;
  for (char c : id)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
          c == '_' || c == '-'))
      return false;
  return true;
}

}  // namespace

AppIdMap AppIdMap::parse(std::string_view text, std::string_view source_name) {
  AppIdMap map;
  size_t line_no = 0;
  while (!text.empty()) {
    const size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    ++line_no;
    if (const size_t hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    line = trim(line);
    if (line.empty()) continue;
    const std::string where = std::string(source_name) + ":" + std::to_string(line_no) + ": ";
    const size_t eq = line.rfind('=');
    if (eq == std::string_view::npos) {
      map.warnings_.push_back(where + "expected 'application name = ledger id'");
      continue;
    }
    const std::string_view name = trim(line.substr(0, eq));
    const std::string_view id = trim(line.substr(eq + 1));
    if (name.empty()) {
      map.warnings_.push_back(where + "the application name is empty");
    } else if (!valid_id(id)) {
      map.warnings_.push_back(where + "ledger id '" + std::string(id) + "' must be 1-200 of [A-Za-z0-9._-]");
    } else {
      map.overrides_[std::string(name)] = std::string(id);
    }
  }
  return map;
}

Result<AppIdMap> AppIdMap::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return AppIdMap{};
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return Error{Errc::io, path + ": could not be read"};
  const std::string s = text.str();
  if (s.size() > 1'000'000) return Error{Errc::too_large, path + ": larger than 1 MB"};
  return parse(s, path);
}

std::string AppIdMap::ledger_id(std::string_view application_name) const {
  if (auto it = overrides_.find(std::string(application_name)); it != overrides_.end()) return it->second;
  std::string id = "openxr.";
  for (char c : application_name) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    id += ok ? c : '-';
  }
  if (application_name.empty()) id += "unnamed";
  return id;
}

std::string default_app_map_path() {
  if (const char* p = std::getenv("TIMEWALL_LAYER_APP_MAP"); p && *p) return p;
  if (const char* x = std::getenv("XDG_CONFIG_HOME"); x && *x) return std::string(x) + "/timewall/openxr-apps.conf";
  if (const char* h = std::getenv("HOME"); h && *h) return std::string(h) + "/.config/timewall/openxr-apps.conf";
  return {};
}

}  // namespace tw::xr
