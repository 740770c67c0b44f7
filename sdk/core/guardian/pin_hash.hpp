// pin_hash.hpp: the guardian PIN, stored only as a salted argon2id hash.
//
// What it does: hashes a youth-mode guardian PIN with libsodium's argon2id
// (crypto_pwhash, random salt, parameters encoded in the string) and checks
// a PIN against such a hash. The PIN itself is never stored or logged.
// What it does not do: rate-limit guesses (GuardianGate does) or store the
// hash (the PolicyStore does, in an owner-only file).
//
//   auto hash = tw::hash_guardian_pin("482916");   // at guardian setup
//   if (!hash) return hash.error();                // e.g. PIN too short
//   store(*hash);                                  // "$argon2id$v=19$m=65536,t=2,..."
//   bool ok = tw::guardian_pin_matches(*hash, "482916");
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace tw {

// argon2id cost. The default is libsodium's INTERACTIVE level (2 passes,
// 64 MiB, ~0.1 s on a laptop core): glasses have phone-class SoCs and little
// memory, so MODERATE (256 MiB, ~0.7 s) would stall the UI and risk the OOM
// killer. A 4-digit PIN has only 10^4 values, so no cost stops an offline
// guesser who can read the hash: the real defences are the owner-only file
// and GuardianGate's back-off. The slow salted hash stops casual reading and
// precomputed tables, and makes longer PINs (6+ digits) worth choosing.
struct PinHashOptions {
  unsigned long long ops_limit = 2;     // == crypto_pwhash_OPSLIMIT_INTERACTIVE
  size_t mem_limit_bytes = 64u << 20;   // == crypto_pwhash_MEMLIMIT_INTERACTIVE
  int (*sodium_init_fn)() = nullptr;    // nullptr: sodium_init; tests inject failure
};

inline constexpr size_t kGuardianPinMinDigits = 4;
inline constexpr size_t kGuardianPinMaxDigits = 32;

// Errc::invalid_argument for a PIN that is not 4..32 ASCII digits;
// Errc::internal if libsodium cannot initialise or allocate the memory.
Result<std::string> hash_guardian_pin(std::string_view pin, const PinHashOptions& options = {});

// True when pin matches an argon2id hash from hash_guardian_pin. Runs at the
// hash's own cost; false for a malformed hash or if libsodium cannot start.
bool guardian_pin_matches(std::string_view pin_hash, std::string_view pin);

// The stored-hash format check GuardianGate uses: "$argon2id$" prefix and a
// length libsodium accepts.
bool is_guardian_pin_hash(std::string_view pin_hash);

}  // namespace tw
