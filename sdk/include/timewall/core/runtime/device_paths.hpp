// device_paths.hpp: where the guardian's device-level files live.
//
// What it does: names the system folder (CMake's TIMEWALL_DEVICE_DIR,
// default /etc/timewall) and the files in it, for the hosts to pass to
// RuntimeDesc::device_policy_path and for `timewall guardian`:
//   policy.toml   the device policy, 0644: every host of every wearer reads it
//   guardian.pin  the guardian PIN's argon2id hash, 0600
//   audit.key     the key of the guardian audit chain, 0600
//   audit.db      the guardian audit log (a ledger keyed with audit.key), 0600
// Only the guardian (root) can write the folder; docs/youth.md says what that
// protects against and what it does not.
// What it does not do: read, create or check any of them.
//
//   rd.device_policy_path = tw::device_file(tw::kDeviceDir, tw::kDevicePolicyFile);
#pragma once

#include <string>
#include <string_view>

namespace tw {

extern const std::string_view kDeviceDir;  // TIMEWALL_DEVICE_DIR at build time
inline constexpr std::string_view kDevicePolicyFile = "policy.toml";
inline constexpr std::string_view kGuardianPinFile = "guardian.pin";
inline constexpr std::string_view kGuardianAuditKeyFile = "audit.key";
inline constexpr std::string_view kGuardianAuditFile = "audit.db";

inline std::string device_file(std::string_view dir, std::string_view file) {
  std::string path(dir);
  if (!path.empty() && path.back() != '/') path += '/';
  return path += file;
}

}  // namespace tw
