#include "core/guardian/guardian_gate.hpp"

#include <sodium.h>

#include <algorithm>

#include "core/guardian/pin_hash.hpp"

namespace tw {
namespace {

int64_t ceil_s(int64_t ns) { return (ns + 999'999'999) / 1'000'000'000; }

}  // namespace

Result<GuardianGate> GuardianGate::create(std::string pin_hash, GuardianBackoff backoff) {
  if (!is_guardian_pin_hash(pin_hash)) {
    return Error{Errc::invalid_argument, "guardian PIN hash is not an argon2id hash string"};
  }
  if (backoff.lock_after_failures < 1 || backoff.first_wait_ns <= 0 ||
      backoff.max_wait_ns < backoff.first_wait_ns) {
    return Error{Errc::invalid_argument, "guardian back-off needs lock_after_failures >= 1 and "
                                         "0 < first_wait_ns <= max_wait_ns"};
  }
  if (sodium_init() < 0) return Error{Errc::internal, "libsodium failed to initialise"};
  return GuardianGate(std::move(pin_hash), backoff);
}

// 0 before lock_after_failures, then first_wait doubling per failure, capped.
int64_t GuardianGate::wait_after_ns(int failures) const {
  if (failures < backoff_.lock_after_failures) return 0;
  int64_t wait = backoff_.first_wait_ns;
  for (int k = backoff_.lock_after_failures; k < failures && wait < backoff_.max_wait_ns; ++k) {
    wait = wait > backoff_.max_wait_ns / 2 ? backoff_.max_wait_ns : wait * 2;
  }
  return std::min(wait, backoff_.max_wait_ns);
}

void GuardianGate::restore_failures(int failures, Instant now) {
  failures_ = std::max(failures, 0);
  const int64_t wait = wait_after_ns(failures_);
  locked_until_ns_ = wait > 0 ? now.mono_ns + wait : 0;
}

Status GuardianGate::verify(std::string_view pin, Instant now) {
  if (pin.empty()) return {Errc::pin_required, "this change needs the guardian PIN"};
  if (now.mono_ns < locked_until_ns_) {
    return {Errc::pin_backoff, "too many wrong guardian PINs; try again in " +
                                   std::to_string(ceil_s(locked_until_ns_ - now.mono_ns)) + " s"};
  }
  if (guardian_pin_matches(pin_hash_, pin)) {
    failures_ = 0;
    locked_until_ns_ = 0;
    return {};
  }
  if (failures_ < 1'000'000) ++failures_;
  const int64_t wait = wait_after_ns(failures_);
  locked_until_ns_ = wait > 0 ? now.mono_ns + wait : 0;
  if (wait > 0) {
    return {Errc::pin_wrong, "wrong guardian PIN; try again in " +
                                 std::to_string(ceil_s(wait)) + " s"};
  }
  const int left = backoff_.lock_after_failures - failures_;
  return {Errc::pin_wrong, "wrong guardian PIN; " + std::to_string(left) +
                               (left == 1 ? " try" : " tries") + " left before a wait"};
}

}  // namespace tw
