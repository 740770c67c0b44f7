// policy_canonical.hpp: one exact text per policy, and its hash.
//
// What it does: writes a Policy as TOML in a fixed order with every key
// spelled out (defaults included), so two policies that mean the same thing
// give the same bytes whatever their file's order, comments or spacing. The
// text of a loaded policy parses back to an equal Policy. policy_hash() is
// BLAKE2b-256 (libsodium) of that text in hex: the ledger records old and new
// hash for every accepted change.
// What it does not do: preserve the wearer's comments or layout; it is a
// fingerprint and an export format, never written over the wearer's file.
//
//   std::string h = tw::policy_hash(store.active());   // 64 hex digits
#pragma once

#include <string>
#include <string_view>

#include "core/policy.hpp"

namespace tw {

std::string canonical_policy_text(const Policy& p);
std::string policy_hash(const Policy& p);  // policy_text_hash(canonical_policy_text(p))
// The hash of a canonical text as it was written: a text an older Timewall
// wrote (before a key was added) keeps the hash it was recorded with.
std::string policy_text_hash(std::string_view canonical_text);

}  // namespace tw
