// local_timezone.hpp: the device's time zone, the way libc finds it.
//
// What it does: loads the zone named by the TZ environment variable
// ("Europe/Berlin", ":Europe/Berlin", or ":/path/to/TZif") and otherwise the
// one /etc/localtime points to, through the core's TimeZone (TZif) loader.
// A /etc/localtime symlink into a zoneinfo folder gives the zone its IANA
// name; a plain file is read as bytes and named "localtime".
// What it does not do: read POSIX TZ rule strings ("CET-1CEST,M3.5.0,...");
// those are an error, so the caller can say so and fall back.
//
//   auto tz = tw::load_local_timezone(std::getenv("TZ"));
//   tw::TimeZone zone = tz ? std::move(tz).value() : tw::TimeZone::utc();
#pragma once

#include <string_view>

#include "core/result.hpp"
#include "core/timezone.hpp"

namespace tw {

// `tz_env` is the value of TZ (nullptr or "" when unset). Errors name what
// was tried: Errc::not_found, Errc::parse, Errc::invalid_argument, Errc::io.
Result<TimeZone> load_local_timezone(const char* tz_env, std::string_view localtime_path = "/etc/localtime",
                                     std::string_view zoneinfo_dir = "/usr/share/zoneinfo");

}  // namespace tw
