// policy_store.hpp: the active policy, swapped only for a valid, permitted one.
//
// What it does: holds the policy in force (shared_ptr<const Policy>, so a
// tick keeps a consistent snapshot while a reload happens) with a version
// counter and the hash of its canonical text. reload() parses a file; on any
// error (syntax, validation, a deleted or unreadable file) the old policy
// stays in force and the errors are returned and kept for display. While the
// active policy has youth mode on, a reload that changes anything in [youth]
// (turning it off included) must present the guardian PIN, checked against
// the *active* policy's hash by a GuardianGate with back-off; without it the
// reload fails with Errc::pin_required (pin_wrong, pin_backoff) and nothing
// changes. Every accepted change returns a PolicyReload for the ledger.
// Policy files are owner-only, like the ledger: reload() makes a file of
// ours with group/other bits owner-only (PolicyReload::notice says so) and
// refuses one that is group- or world-writable and not ours (Errc::io,
// naming the file and its mode; the old policy stays).
// At start the store is seeded with the policy the ledger last accepted
// (remember(), or tw::remember_accepted_policy in engine.hpp; tw::Runtime
// does it for every host), so a file edited while the app was closed meets
// the same PIN gate as a hot reload.
// What it does not do: watch the file (the host calls reload on a change),
// read a clock (time comes in as an Instant), or write the ledger.
//
//   tw::PolicyStore store;                         // starts with Policy{} defaults
//   store.remember(last.text, last.hash, "ledger.db");  // the ledger's last accepted
//   auto r = store.reload("policy.toml", clock.now());
//   if (!r) show(store.last_errors());             // old policy still in force
//   else if (r->changed) record(*r);               // see PolicyReload
//   auto snapshot = store.active();                // shared_ptr<const Policy>
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"
#include "core/guardian/guardian_gate.hpp"
#include "core/policy.hpp"
#include "core/policy/policy_error.hpp"
#include "core/result.hpp"

namespace tw {

// One accepted reload. When `changed`, the host records it in the ledger:
//   ledger.record_policy_change({.at_ms = r.at.unix_ms, .old_hash = r.old_hash,
//                                .new_hash = r.new_hash});
struct PolicyReload {
  bool changed = false;      // false: same canonical text, nothing swapped, no event to record
  std::string old_hash;      // policy_hash() of the policy replaced; "" for the first (version 0)
  std::string new_hash;      // policy_hash() of the policy now in force
  Instant at;                // when the reload was accepted
  uint64_t version = 0;      // the store's version now in force
  std::string source;        // the file it came from
  bool youth_changed = false;  // [youth] differs; the PIN was checked if youth was on
  std::string notice;          // what loading changed on disk (made the file owner-only), for the log
};

class PolicyStore {
 public:
  PolicyStore();  // version 0: the defaults of tw::Policy
  explicit PolicyStore(Policy initial);

  PolicyStore(const PolicyStore&) = delete;
  PolicyStore& operator=(const PolicyStore&) = delete;

  std::shared_ptr<const Policy> active() const;
  uint64_t version() const;
  std::string active_hash() const;

  // Loads `path` and swaps it in if it is valid and, for a youth change while
  // youth mode is on, `guardian_pin` is right. On failure returns the first
  // error's code (not_found, io, parse, too_large, too_deep, invalid_policy,
  // pin_required, pin_wrong, pin_backoff) with every error line as message.
  Result<PolicyReload> reload(const std::string& path, Instant now);
  Result<PolicyReload> reload(const std::string& path, std::string_view guardian_pin, Instant now);
  // The same for text already in memory; file_name is used in errors.
  Result<PolicyReload> reload_text(std::string_view text, std::string_view file_name,
                                   std::string_view guardian_pin, Instant now);
  // The guardian's device policy (docs/youth.md): a file in a system folder
  // the wearer cannot write, put there by `timewall guardian apply` with the
  // PIN. Its place vouches for it, so no PIN is asked, and its mode is left
  // as it is (every host of every wearer reads it). Errors as reload().
  Result<PolicyReload> reload_device(const std::string& path, Instant now);

  // Before the first reload: puts the canonical text the ledger kept for the
  // last accepted policy in force (version stays 0), so the first reload is
  // gated against it. invalid_argument after a reload; ledger_corrupt when
  // the text does not parse or its hash is not `hash` (the row was edited),
  // and the store is unchanged then.
  Status remember(std::string_view canonical_text, std::string_view hash, std::string_view source);

  // The errors of the last failed reload, for display; empty after a success.
  std::vector<PolicyError> last_errors() const;

  // Wrong-PIN count, for the host to persist across restarts (see GuardianGate).
  int guardian_failures() const;
  void restore_guardian_failures(int failures, Instant now);

 private:
  enum class Gate : uint8_t { checked, device };  // device: reload_device, no PIN asked
  Result<PolicyReload> accept(PolicyLoadResult loaded, const std::string& source,
                              std::string_view guardian_pin, Instant now, Gate gate = Gate::checked);
  Result<PolicyReload> fail(std::vector<PolicyError> errors);
  void install(std::shared_ptr<const Policy> p, std::string hash);

  mutable std::mutex mutex_;  // guards everything below; reloads run one at a time
  std::mutex reload_mutex_;
  std::shared_ptr<const Policy> active_;
  std::string active_hash_;
  uint64_t version_ = 0;
  bool remembered_ = false;  // version 0 holds the ledger's last accepted policy
  std::vector<PolicyError> last_errors_;
  std::optional<GuardianGate> gate_;  // present while the active policy has youth mode on
};

}  // namespace tw
