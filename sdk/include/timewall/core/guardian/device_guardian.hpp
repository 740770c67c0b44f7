// device_guardian.hpp: the guardian's device-level youth set-up.
//
// What it does: keeps youth mode in a system folder the wearer cannot write
// (tw::kDeviceDir, /etc/timewall; files in device_paths.hpp), so deleting
// the wearer's ledger or editing their policy changes nothing:
//   - set_pin() stores the guardian PIN as an argon2id hash in guardian.pin
//     (0600); the first time it also creates the folder (0755), the audit key
//     (32 random bytes, 0600) and the audit log; a later change needs the
//     current PIN;
//   - apply() validates a policy file (every error with file, line, column
//     and key), checks the PIN and writes the policy's canonical text as
//     policy.toml (0644, replaced atomically), which every host then puts in
//     force instead of the wearer's (RuntimeDesc::device_policy_path). Its
//     [youth] carries no PIN hash: that stays in guardian.pin;
//   - audit() verifies the guardian's audit chain, keyed with audit.key, so
//     an edited, inserted or deleted row shows, and lists it.
// Wrong PINs are audited and back off as in GuardianGate (3 wrong, then
// 30 s, doubling up to 1 h), counted from the audit log across runs.
// What it does not do: read a PIN from a terminal (the CLI does), ask for
// root, or protect anything from root: docs/youth.md states the threat model.
//
//   tw::DeviceGuardian g(std::string(tw::kDeviceDir));
//   if (auto st = g.set_pin("", "482916", now); !st) return st.error();
//   std::vector<tw::PolicyError> problems;
//   auto r = g.apply("youth.toml", "482916", now, &problems);   // problems: file:line:col:key
//   auto a = g.audit();   // a->check.ok, a->entries
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/ledger/ledger.hpp"
#include "core/policy/policy_error.hpp"
#include "core/result.hpp"

namespace tw {

struct GuardianApplied {
  std::string old_hash;  // policy_hash of the device policy replaced; "" for the first
  std::string new_hash;
  bool changed = false;  // false: the same policy was in force; nothing written
};

struct GuardianAudit {
  AuditCheck check;                 // ok, or each broken row named
  std::vector<AuditEntry> entries;  // every row, oldest first
};

class DeviceGuardian {
 public:
  explicit DeviceGuardian(std::string dir) : dir_(std::move(dir)) {}

  const std::string& dir() const { return dir_; }
  bool has_pin() const;  // guardian.pin exists

  // new_pin: 4..32 digits (hash_guardian_pin). old_pin: the current PIN,
  // ignored before the first. Errc::pin_required / pin_wrong / pin_backoff,
  // invalid_argument (a PIN that is not digits), io (naming the file).
  Status set_pin(std::string_view old_pin, std::string_view new_pin, Instant now);

  // Errc::not_found before set_pin; the policy's own errors (invalid_policy,
  // parse, ...; every one in `problems`) before the PIN is checked, so a
  // typo costs no guess; then the PIN errors as set_pin.
  Result<GuardianApplied> apply(const std::string& policy_file, std::string_view pin, Instant now,
                                std::vector<PolicyError>* problems = nullptr);

  // ledger_corrupt for an audit log or key that cannot be read as such;
  // not_found before set_pin.
  Result<GuardianAudit> audit() const;

 private:
  std::string path(std::string_view file) const;
  Result<Ledger> open_audit(bool create) const;
  Status check_pin(Ledger& audit, std::string_view pin, std::string_view action, Instant now) const;

  std::string dir_;
};

}  // namespace tw
