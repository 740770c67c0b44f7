// guardian_gate.hpp: checks the guardian PIN before a youth policy change,
// with exponential back-off on wrong guesses.
//
//   auto hash = tw::hash_guardian_pin("482916");       // once, at setup; store *hash
//   auto gate = tw::GuardianGate::create(*hash);        // when the store loads
//   tw::Status s = gate->verify(entered_pin, now);      // now: a tw::Instant
//   if (!s) return s.error();  // pin_required / pin_wrong / pin_backoff (says how long)
//   apply_youth_change();      // and audit it
//
// What it does: the `lock_after_failures`-th wrong PIN in a row (default 3)
// locks the gate for first_wait (30 s); each further wrong PIN locks it for
// twice as long, up to max_wait (1 h). While locked, no PIN is checked at all, so a child
// cannot keep guessing. A correct PIN resets the count. Time comes in as
// Instant::mono_ns; the gate never reads a clock.
// What it does not do: persist its count. mono_ns restarts at boot, so the
// owner saves failures() and restores it with restore_failures(); the lock
// then restarts from the restore time, which errs toward waiting.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace tw {

struct GuardianBackoff {
  int lock_after_failures = 3;                 // wrong PINs in a row before a wait
  int64_t first_wait_ns = 30'000'000'000;      // 30 s
  int64_t max_wait_ns = 3'600'000'000'000;     // 1 h: long enough to deter guessing
};

class GuardianGate {
 public:
  // Errc::invalid_argument if pin_hash is not an argon2id hash string or the
  // back-off is not positive; Errc::internal if libsodium cannot start.
  static Result<GuardianGate> create(std::string pin_hash, GuardianBackoff backoff = {});

  // Ok for the right PIN. Errc::pin_required for an empty PIN (not counted),
  // Errc::pin_backoff while locked (not counted; the message gives the wait
  // in seconds), Errc::pin_wrong otherwise. Messages never contain the PIN.
  Status verify(std::string_view pin, Instant now);

  int failures() const { return failures_; }
  // Restores a saved failure count; a count that would lock the gate locks it
  // from `now`, as if the last wrong PIN had just been entered.
  void restore_failures(int failures, Instant now);
  // mono_ns until which verify() answers pin_backoff; 0 when not locked.
  int64_t locked_until_ns() const { return locked_until_ns_; }

 private:
  GuardianGate(std::string pin_hash, GuardianBackoff backoff)
      : pin_hash_(std::move(pin_hash)), backoff_(backoff) {}
  int64_t wait_after_ns(int failures) const;

  std::string pin_hash_;
  GuardianBackoff backoff_;
  int failures_ = 0;
  int64_t locked_until_ns_ = 0;
};

}  // namespace tw
