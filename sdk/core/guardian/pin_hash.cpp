#include "core/guardian/pin_hash.hpp"

#include <sodium.h>

#include <algorithm>

namespace tw {

static_assert(PinHashOptions{}.ops_limit == crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE);
static_assert(PinHashOptions{}.mem_limit_bytes == crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE);

namespace {

constexpr std::string_view kPrefix = "$argon2id$";

Status start_sodium(int (*init_fn)()) {
  // sodium_init is idempotent and thread-safe: 0 first time, 1 afterwards.
  const int rc = init_fn != nullptr ? init_fn() : sodium_init();
  if (rc < 0) return {Errc::internal, "libsodium failed to initialise (sodium_init)"};
  return {};
}

}  // namespace

Result<std::string> hash_guardian_pin(std::string_view pin, const PinHashOptions& options) {
  const bool digits = std::all_of(pin.begin(), pin.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!digits || pin.size() < kGuardianPinMinDigits || pin.size() > kGuardianPinMaxDigits) {
    // The message names the rule, never the PIN.
    return Error{Errc::invalid_argument, "guardian PIN must be 4 to 32 digits (got " +
                                             std::to_string(pin.size()) + " characters" +
                                             (digits ? "" : ", not all digits") + ")"};
  }
  if (auto s = start_sodium(options.sodium_init_fn); !s) return s.error();
  if (options.ops_limit < crypto_pwhash_argon2id_OPSLIMIT_MIN ||
      options.mem_limit_bytes < crypto_pwhash_argon2id_MEMLIMIT_MIN) {
    return Error{Errc::invalid_argument, "argon2id cost below libsodium's minimum"};
  }
  char out[crypto_pwhash_argon2id_STRBYTES];
  if (crypto_pwhash_argon2id_str(out, pin.data(), pin.size(), options.ops_limit,
                                 options.mem_limit_bytes) != 0) {
    return Error{Errc::internal, "argon2id hashing failed (out of memory for " +
                                     std::to_string(options.mem_limit_bytes >> 20) + " MiB?)"};
  }
  return std::string(out);
}

bool is_guardian_pin_hash(std::string_view pin_hash) {
  return pin_hash.size() > kPrefix.size() && pin_hash.size() < crypto_pwhash_argon2id_STRBYTES &&
         pin_hash.substr(0, kPrefix.size()) == kPrefix &&
         pin_hash.find('\0') == std::string_view::npos;
}

bool guardian_pin_matches(std::string_view pin_hash, std::string_view pin) {
  if (!is_guardian_pin_hash(pin_hash) || !start_sodium(nullptr)) return false;
  char hash[crypto_pwhash_argon2id_STRBYTES] = {};  // verify needs a C string
  std::copy(pin_hash.begin(), pin_hash.end(), hash);
  return crypto_pwhash_argon2id_str_verify(hash, pin.data(), pin.size()) == 0;
}

}  // namespace tw
