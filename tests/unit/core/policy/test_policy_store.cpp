// PolicyStore: hot reload keeps the old policy on any failure; youth changes
// need the guardian PIN; accepted changes carry canonical-text hashes.
#include <sodium.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "core/guardian/pin_hash.hpp"
#include "core/ledger/ledger.hpp"  // both in one TU: no name clash with the ledger event
#include "core/policy/policy_canonical.hpp"
#include "core/policy/policy_loader.hpp"
#include "core/policy/policy_store.hpp"
#include "tw_catch.hpp"

namespace {

const std::string kExample = std::string(TW_SOURCE_DIR) + "/data/policies/example.toml";

// Cheap argon2id parameters keep the test fast; the store uses the hash's own.
const tw::PinHashOptions kCheap{crypto_pwhash_argon2id_OPSLIMIT_MIN,
                                crypto_pwhash_argon2id_MEMLIMIT_MIN, nullptr};

tw::Instant at_s(int64_t s) { return {s * 1'000'000'000, 1'700'000'000'000 + s * 1000}; }

std::string temp_path(const std::string& name) {
  return std::string(TW_BINARY_DIR) + "/policy_store_" + name + ".toml";
}

void write(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

std::string youth_policy(const std::string& pin_hash, int cap_min, bool enabled = true,
                         double hourly = 10.0) {
  return "schema = 1\n[time_value]\nhourly = " + std::to_string(hourly) +
         "\n[youth]\nenabled = " + (enabled ? "true" : "false") +
         "\ndaily_cap_min = " + std::to_string(cap_min) + "\nguardian_pin_hash = \"" + pin_hash +
         "\"\n";
}

}  // namespace

TEST_CASE("canonical text round-trips and ignores layout and comments", "[policy][canonical]") {
  const tw::PolicyLoadResult r = tw::load_policy_file(kExample);
  REQUIRE(r.ok());
  const std::string text = tw::canonical_policy_text(r.value());
  const tw::PolicyLoadResult again = tw::parse_policy(text, "canonical.toml");
  INFO(again.error().message);
  REQUIRE(again.ok());
  CHECK(again.value() == r.value());
  CHECK(tw::canonical_policy_text(again.value()) == text);

  const std::string h = tw::policy_hash(r.value());
  CHECK(h.size() == 64);
  CHECK(h.find_first_not_of("0123456789abcdef") == std::string::npos);
  CHECK(tw::policy_hash(again.value()) == h);

  // Same meaning, different spelling: same hash. Different value: different hash.
  const auto a = tw::parse_policy("schema = 1 # c\n[motion]\nsettle_s = 3\nwalk_mps = 0.7\n", "a");
  const auto b = tw::parse_policy("schema=1\n[motion]\nwalk_mps=0.70\n\n\nsettle_s=3\n", "b");
  const auto c = tw::parse_policy("schema=1\n[motion]\nsettle_s=4\n", "c");
  REQUIRE((a.ok() && b.ok() && c.ok()));
  CHECK(tw::policy_hash(a.value()) == tw::policy_hash(b.value()));
  CHECK(tw::policy_hash(a.value()) != tw::policy_hash(c.value()));
  CHECK(tw::policy_hash(a.value()) != h);
}

TEST_CASE("a reload swaps in a valid policy and reports the change", "[policy][store]") {
  tw::PolicyStore store;
  CHECK(store.version() == 0);
  CHECK(*store.active() == tw::Policy{});
  const std::string default_hash = store.active_hash();
  CHECK(default_hash == tw::policy_hash(tw::Policy{}));

  const auto r = store.reload(kExample, at_s(5));
  REQUIRE(r.ok());
  CHECK(r->changed);
  CHECK(r->old_hash.empty());  // the first policy loaded: nothing replaced (as the ledger expects)
  CHECK(r->new_hash == store.active_hash());
  CHECK(r->new_hash != default_hash);
  CHECK(r->at.unix_ms == at_s(5).unix_ms);
  CHECK(r->version == 1);
  CHECK(r->source == kExample);
  CHECK(r->youth_changed);  // the example's youth.allow differs from the default (youth off: no PIN)
  CHECK(store.version() == 1);
  CHECK(store.active()->time_value.timezone == "Europe/Berlin");
  // What the host hands the ledger.
  const tw::PolicyChange event{.at_ms = r->at.unix_ms, .old_hash = r->old_hash, .new_hash = r->new_hash};
  CHECK(event.new_hash == store.active_hash());

  // The same file again: accepted, nothing to record, same version.
  const auto same = store.reload(kExample, at_s(6));
  REQUIRE(same.ok());
  CHECK_FALSE(same->changed);
  CHECK(same->old_hash == same->new_hash);
  CHECK(store.version() == 1);
}

TEST_CASE("a bad file keeps the old policy in force and reports why", "[policy][store]") {
  const std::string path = temp_path("bad");
  tw::PolicyStore store;
  write(path, "schema = 1\n[time_value]\nhourly = 12.5\n");
  REQUIRE(store.reload(path, at_s(1)).ok());
  const auto before = store.active();
  const std::string hash_before = store.active_hash();

  write(path, "schema = 1\n[time_value]\nhourly = -1\n[motion]\nwalk_mph = 2\n");
  const auto r = store.reload(path, at_s(2));
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == tw::Errc::invalid_policy);
  CHECK(store.active() == before);  // the very same snapshot
  CHECK(store.active()->time_value.hourly_value == 12.5);
  CHECK(store.active_hash() == hash_before);
  CHECK(store.version() == 1);
  const auto errors = store.last_errors();
  REQUIRE(errors.size() == 2);
  CHECK(tw::to_string(errors[0]) ==
        path + ":3:10: time_value.hourly: must be at least 0 and at most 1000000, found -1");
  CHECK(tw::to_string(errors[1]) == path + ":5:1: motion.walk_mph: unknown key; did you mean \"walk_mps\"?");
  CHECK(r.error().message == tw::to_string(errors[0]) + '\n' + tw::to_string(errors[1]));

  // A TOML syntax error too.
  write(path, "schema = 1\n[time_value\n");
  const auto syntax = store.reload(path, at_s(3));
  REQUIRE_FALSE(syntax.ok());
  CHECK(syntax.error().code == tw::Errc::parse);
  CHECK(store.active() == before);

  // Fixed: accepted, the errors are gone.
  write(path, "schema = 1\n[time_value]\nhourly = 20\n");
  REQUIRE(store.reload(path, at_s(4)).ok());
  CHECK(store.last_errors().empty());
  CHECK(store.active()->time_value.hourly_value == 20.0);
  CHECK(store.version() == 2);
  std::remove(path.c_str());
}

TEST_CASE("a deleted or unreadable file keeps the old policy", "[policy][store]") {
  const std::string path = temp_path("deleted");
  write(path, "schema = 1\n[deferral]\nmax_defer_s = 60\n");
  tw::PolicyStore store;
  REQUIRE(store.reload(path, at_s(1)).ok());
  const auto before = store.active();
  std::remove(path.c_str());

  const auto gone = store.reload(path, at_s(2));
  REQUIRE_FALSE(gone.ok());
  CHECK(gone.error().code == tw::Errc::not_found);
  CHECK(store.active() == before);
  CHECK(store.active()->deferral.max_defer_s == 60);
  REQUIRE(store.last_errors().size() == 1);
  CHECK(tw::to_string(store.last_errors()[0]) == path + ":1:1: cannot open: no such file");

  const auto dir = store.reload(TW_BINARY_DIR, at_s(3));
  REQUIRE_FALSE(dir.ok());
  CHECK(dir.error().code == tw::Errc::io);
  CHECK(store.active() == before);
}

TEST_CASE("youth mode: a youth change needs the guardian PIN", "[policy][store][youth]") {
  const auto hash = tw::hash_guardian_pin("482916", kCheap);
  REQUIRE(hash.ok());
  const std::string path = temp_path("youth");
  tw::PolicyStore store;

  // Turning youth mode on needs no PIN: there is no guardian yet.
  write(path, youth_policy(hash.value(), 120));
  const auto on = store.reload(path, at_s(1));
  REQUIRE(on.ok());
  CHECK(on->youth_changed);
  const auto before = store.active();

  // A youth change without the PIN: refused, old policy stays.
  write(path, youth_policy(hash.value(), 600));
  const auto no_pin = store.reload(path, at_s(2));
  REQUIRE_FALSE(no_pin.ok());
  CHECK(no_pin.error().code == tw::Errc::pin_required);
  CHECK(store.active() == before);
  CHECK(store.active()->youth.daily_cap_s == 120 * 60);
  REQUIRE(store.last_errors().size() == 1);
  CHECK(store.last_errors()[0].key == "youth");
  CHECK(store.last_errors()[0].code == tw::Errc::pin_required);

  // Turning youth mode off, or replacing the guardian's hash, is a youth change too.
  write(path, youth_policy(hash.value(), 120, false));
  CHECK(store.reload(path, at_s(3)).error().code == tw::Errc::pin_required);
  const auto other = tw::hash_guardian_pin("111111", kCheap);
  REQUIRE(other.ok());
  write(path, youth_policy(other.value(), 120));
  CHECK(store.reload(path, "111111", at_s(4)).error().code == tw::Errc::pin_wrong);
  CHECK(store.active() == before);

  // Changes outside [youth] need no PIN.
  write(path, youth_policy(hash.value(), 120, true, 15.0));
  const auto outside = store.reload(path, at_s(5));
  REQUIRE(outside.ok());
  CHECK(outside->changed);
  CHECK_FALSE(outside->youth_changed);

  // With the right PIN the youth change goes through.
  write(path, youth_policy(hash.value(), 600, true, 15.0));
  const auto with_pin = store.reload(path, "482916", at_s(6));
  INFO((with_pin.ok() ? "" : with_pin.error().message));
  REQUIRE(with_pin.ok());
  CHECK(with_pin->youth_changed);
  CHECK(store.active()->youth.daily_cap_s == 600 * 60);
  std::remove(path.c_str());
}

TEST_CASE("youth mode: wrong PINs back off, even for the right PIN", "[policy][store][youth]") {
  const auto hash = tw::hash_guardian_pin("2468", kCheap);
  REQUIRE(hash.ok());
  tw::PolicyStore store;
  REQUIRE(store.reload_text(youth_policy(hash.value(), 60), "p.toml", {}, at_s(0)).ok());
  const std::string change = youth_policy(hash.value(), 90);
  for (int i = 0; i < 3; ++i) {
    CHECK(store.reload_text(change, "p.toml", "0000", at_s(1 + i)).error().code == tw::Errc::pin_wrong);
  }
  CHECK(store.guardian_failures() == 3);
  CHECK(store.reload_text(change, "p.toml", "2468", at_s(5)).error().code == tw::Errc::pin_backoff);
  CHECK(store.active()->youth.daily_cap_s == 60 * 60);
  // The lock (30 s after the third wrong PIN) has passed.
  const auto later = store.reload_text(change, "p.toml", "2468", at_s(40));
  REQUIRE(later.ok());
  CHECK(store.active()->youth.daily_cap_s == 90 * 60);

  // Once youth mode is off, changes are free again.
  REQUIRE(store.reload_text(youth_policy(hash.value(), 90, false), "p.toml", "2468", at_s(41)).ok());
  CHECK(store.reload_text(youth_policy(hash.value(), 30, false), "p.toml", {}, at_s(42)).ok());
}

TEST_CASE("youth mode: a store seeded with the last accepted policy gates the first load", "[policy][store][youth]") {
  const auto hash = tw::hash_guardian_pin("482916", kCheap);
  REQUIRE(hash.ok());
  const std::string path = temp_path("remember");
  const tw::PolicyLoadResult accepted = tw::parse_policy(youth_policy(hash.value(), 120), "then.toml");
  REQUIRE(accepted.ok());
  const std::string text = tw::canonical_policy_text(accepted.value());
  const std::string h = tw::policy_hash(accepted.value());

  // A remembered text that is not what its hash says: the ledger was edited.
  tw::PolicyStore tampered;
  const tw::Status bad = tampered.remember(text, std::string(64, '0'), "ledger.db");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().code == tw::Errc::ledger_corrupt);
  CHECK(bad.error().message.find("ledger.db") != std::string::npos);
  CHECK_FALSE(tampered.active()->youth.enabled);
  CHECK(tampered.remember("schema = [", h, "ledger.db").error().code == tw::Errc::ledger_corrupt);

  tw::PolicyStore store;
  REQUIRE(store.remember(text, h, "ledger.db").ok());
  CHECK(store.version() == 0);
  CHECK(store.active_hash() == h);
  CHECK(store.active()->youth.enabled);

  // Youth off in the file: refused like a hot reload, reported at file:1:1 key youth.
  write(path, youth_policy(hash.value(), 120, false));
  const auto off = store.reload(path, at_s(1));
  REQUIRE_FALSE(off.ok());
  CHECK(off.error().code == tw::Errc::pin_required);
  CHECK(off.error().message.find(path + ":1:1") != std::string::npos);
  CHECK(store.active()->youth.enabled);
  CHECK(store.active()->youth.daily_cap_s == 120 * 60);

  // The same text as remembered: accepted, and not a change.
  write(path, youth_policy(hash.value(), 120));
  const auto same = store.reload(path, at_s(2));
  REQUIRE(same.ok());
  CHECK_FALSE(same->changed);
  CHECK(store.remember(text, h, "ledger.db").ok());  // still version 0: no reload swapped anything

  // Outside [youth]: no PIN. Then remember() is too late.
  write(path, youth_policy(hash.value(), 120, true, 12.0));
  const auto outside = store.reload(path, at_s(3));
  REQUIRE(outside.ok());
  CHECK(outside->old_hash == h);
  CHECK(store.remember(text, h, "ledger.db").error().code == tw::Errc::invalid_argument);

  // With the PIN youth may go off.
  write(path, youth_policy(hash.value(), 120, false, 12.0));
  REQUIRE(store.reload(path, "482916", at_s(4)).ok());
  CHECK_FALSE(store.active()->youth.enabled);
  std::remove(path.c_str());
}

TEST_CASE("youth mode: a text an older version wrote, without keys added since, is still remembered",
          "[policy][store][youth]") {
  const auto hash = tw::hash_guardian_pin("482916", kCheap);
  REQUIRE(hash.ok());
  const tw::PolicyLoadResult accepted = tw::parse_policy(youth_policy(hash.value(), 120), "then.toml");
  REQUIRE(accepted.ok());
  // As the version before [diversify] wrote it, and the hash it recorded for it.
  std::string old_text = tw::canonical_policy_text(accepted.value());
  const size_t cut = old_text.find("\n[diversify]");
  REQUIRE(cut != std::string::npos);
  old_text.resize(cut + 1);
  const std::string old_hash = tw::policy_text_hash(old_text);
  CHECK(old_hash != tw::policy_hash(accepted.value()));
  tw::PolicyStore store;
  REQUIRE(store.remember(old_text, old_hash, "ledger.db").ok());
  CHECK(store.active()->youth.enabled);
  // One byte edited is still an edit.
  std::string edited = old_text;
  edited.replace(edited.find("daily_cap_min = 120"), 19, "daily_cap_min = 720");
  CHECK(tw::PolicyStore().remember(edited, old_hash, "ledger.db").error().code == tw::Errc::ledger_corrupt);
}
