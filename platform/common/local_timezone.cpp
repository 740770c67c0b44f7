#include "common/local_timezone.hpp"

#include <fstream>
#include <iterator>
#include <string>
#include <system_error>
#include <filesystem>

namespace tw {

namespace {

constexpr size_t kMaxTzifBytes = 1 << 20;  // real TZif files are a few KiB

Result<TimeZone> load_file(const std::string& path, std::string_view name) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{Errc::not_found, "time zone file " + path + " cannot be opened"};
  std::string bytes;
  bytes.resize(kMaxTzifBytes + 1);
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (in.bad()) return Error{Errc::io, "time zone file " + path + " cannot be read"};
  const auto got = static_cast<size_t>(in.gcount());
  if (got > kMaxTzifBytes) return Error{Errc::too_large, "time zone file " + path + " is over 1 MiB"};
  bytes.resize(got);
  return TimeZone::from_tzif(bytes, name);
}

}  // namespace

Result<TimeZone> load_local_timezone(const char* tz_env, std::string_view localtime_path,
                                     std::string_view zoneinfo_dir) {
  if (tz_env != nullptr && *tz_env != '\0') {
    std::string_view tz(tz_env);
    if (tz.front() == ':') tz.remove_prefix(1);
    if (!tz.empty() && tz.front() == '/') return load_file(std::string(tz), tz);
    auto zone = TimeZone::load(tz, zoneinfo_dir);
    if (!zone) return Error{zone.error().code, "TZ=" + std::string(tz_env) + ": " + zone.error().message};
    return zone;
  }
  // /etc/localtime -> /usr/share/zoneinfo/Europe/Berlin: load by name, so the
  // zone is called what the wearer chose.
  std::error_code ec;
  const std::filesystem::path link(localtime_path);
  if (std::filesystem::is_symlink(link, ec)) {
    const std::filesystem::path target = std::filesystem::read_symlink(link, ec);
    const std::string t = target.string();
    const size_t at = t.find("zoneinfo/");
    if (!ec && at != std::string::npos) {
      auto zone = TimeZone::load(std::string_view(t).substr(at + 9), zoneinfo_dir);
      if (zone) return zone;
    }
  }
  return load_file(std::string(localtime_path), "localtime");
}

}  // namespace tw
