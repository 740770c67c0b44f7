// Guardian PIN: real libsodium argon2id hashes (cheap cost except one test)
// and the back-off gate driven by injected Instants.
#include "tw_catch.hpp"

#include <sodium.h>

#include <algorithm>
#include <string>

#include "core/guardian/guardian_gate.hpp"
#include "core/guardian/pin_hash.hpp"

namespace {

constexpr int64_t kS = 1'000'000'000;

// libsodium's minimum argon2id cost keeps CI fast; the format is the same.
const tw::PinHashOptions kCheap{crypto_pwhash_argon2id_OPSLIMIT_MIN,
                                crypto_pwhash_argon2id_MEMLIMIT_MIN, nullptr};

tw::Instant at_s(int64_t s) { return {s * kS, 1'800'000'000'000 + s * 1000}; }

tw::GuardianGate make_gate(const char* pin) {
  auto hash = tw::hash_guardian_pin(pin, kCheap);
  REQUIRE(hash.ok());
  auto gate = tw::GuardianGate::create(hash.value());
  REQUIRE(gate.ok());
  return std::move(gate).value();
}

}  // namespace

TEST_CASE("guardian PIN hashes are salted argon2id strings", "[guardian]") {
  auto a = tw::hash_guardian_pin("482916", kCheap);
  auto b = tw::hash_guardian_pin("482916", kCheap);
  REQUIRE((a.ok() && b.ok()));
  CHECK(a.value().rfind("$argon2id$", 0) == 0);
  CHECK(a.value() != b.value());  // random salt
  CHECK(a.value().find("482916") == std::string::npos);
  CHECK(tw::guardian_pin_matches(a.value(), "482916"));
  CHECK(tw::guardian_pin_matches(b.value(), "482916"));
  CHECK_FALSE(tw::guardian_pin_matches(a.value(), "482917"));
  CHECK_FALSE(tw::guardian_pin_matches(a.value(), ""));
  CHECK_FALSE(tw::guardian_pin_matches("$argon2id$garbage", "482916"));
  CHECK_FALSE(tw::guardian_pin_matches("482916", "482916"));  // a plain PIN is no hash
}

TEST_CASE("the default cost is argon2id INTERACTIVE (64 MiB, 2 passes)", "[guardian]") {
  auto h = tw::hash_guardian_pin("1234");
  REQUIRE(h.ok());
  CHECK(h.value().find("$m=65536,t=2,") != std::string::npos);
  CHECK(tw::guardian_pin_matches(h.value(), "1234"));
}

TEST_CASE("bad guardian PINs are rejected without echoing them", "[guardian]") {
  for (const char* bad : {"", "123", "12a4", "abcd", "12 34", "123456789012345678901234567890123"}) {
    auto r = tw::hash_guardian_pin(bad, kCheap);
    INFO("pin '" << bad << "'");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == tw::Errc::invalid_argument);
    CHECK(r.error().message.find("4 to 32 digits") != std::string::npos);
    if (std::string(bad).size() >= 3) CHECK(r.error().message.find(bad) == std::string::npos);
  }
  CHECK(tw::hash_guardian_pin("1234", kCheap).ok());
  CHECK(tw::hash_guardian_pin("12345678901234567890123456789012", kCheap).ok());
}

TEST_CASE("a libsodium init failure is an error, not a crash", "[guardian]") {
  tw::PinHashOptions failing = kCheap;
  failing.sodium_init_fn = [] { return -1; };
  auto r = tw::hash_guardian_pin("482916", failing);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == tw::Errc::internal);
  CHECK(r.error().message.find("sodium_init") != std::string::npos);
}

TEST_CASE("GuardianGate accepts the right PIN and rejects others", "[guardian]") {
  auto gate = make_gate("482916");
  CHECK(gate.verify("482916", at_s(0)).ok());
  const auto wrong = gate.verify("000000", at_s(1));
  REQUIRE_FALSE(wrong.ok());
  CHECK(wrong.error().code == tw::Errc::pin_wrong);
  CHECK(wrong.error().message.find("2 tries left") != std::string::npos);
  CHECK(wrong.error().message.find("000000") == std::string::npos);
  const auto empty = gate.verify("", at_s(2));
  CHECK(empty.error().code == tw::Errc::pin_required);
  CHECK(gate.failures() == 1);  // an empty PIN is not a guess
  CHECK(gate.verify("482916", at_s(3)).ok());
  CHECK(gate.failures() == 0);
}

TEST_CASE("wrong PINs back off exponentially, capped, and expire with time", "[guardian]") {
  auto gate = make_gate("482916");
  CHECK(gate.verify("1111", at_s(0)).error().code == tw::Errc::pin_wrong);
  CHECK(gate.verify("2222", at_s(1)).error().message.find("1 try left") != std::string::npos);
  const auto third = gate.verify("3333", at_s(2));
  CHECK(third.error().code == tw::Errc::pin_wrong);
  CHECK(third.error().message.find("30 s") != std::string::npos);
  CHECK(gate.locked_until_ns() == 32 * kS);

  // Locked: even the right PIN is not checked, and the attempt is not counted.
  const auto locked = gate.verify("482916", at_s(31));
  CHECK(locked.error().code == tw::Errc::pin_backoff);
  CHECK(locked.error().message.find("try again in 1 s") != std::string::npos);
  CHECK(gate.failures() == 3);

  // Each further wrong PIN doubles the wait: 60 s, 120 s, ...
  int64_t now = 32;
  int64_t expected_wait = 60;
  for (int i = 0; i < 12; ++i) {
    const auto r = gate.verify("9999", at_s(now));
    REQUIRE(r.error().code == tw::Errc::pin_wrong);
    CHECK(gate.locked_until_ns() == (now + expected_wait) * kS);
    CHECK(gate.verify("482916", at_s(now + expected_wait - 1)).error().code ==
          tw::Errc::pin_backoff);
    now += expected_wait;
    expected_wait = std::min<int64_t>(expected_wait * 2, 3600);  // 1 h cap
  }
  CHECK(expected_wait == 3600);

  // Once the wait has passed, the right PIN opens the gate and resets it.
  CHECK(gate.verify("482916", at_s(now)).ok());
  CHECK(gate.failures() == 0);
  CHECK(gate.locked_until_ns() == 0);
  CHECK(gate.verify("1111", at_s(now + 1)).error().message.find("2 tries left") !=
        std::string::npos);
}

TEST_CASE("GuardianGate restores a saved failure count and rejects bad setup", "[guardian]") {
  auto gate = make_gate("482916");
  gate.restore_failures(4, at_s(100));  // saved before a reboot: 4 wrong in a row
  CHECK(gate.verify("482916", at_s(159)).error().code == tw::Errc::pin_backoff);
  CHECK(gate.verify("482916", at_s(160)).ok());

  CHECK(tw::GuardianGate::create("482916").error().code == tw::Errc::invalid_argument);
  CHECK(tw::GuardianGate::create("").error().code == tw::Errc::invalid_argument);
  auto hash = tw::hash_guardian_pin("482916", kCheap);
  REQUIRE(hash.ok());
  tw::GuardianBackoff never{0, 30 * kS, 3600 * kS};
  CHECK(tw::GuardianGate::create(hash.value(), never).error().code == tw::Errc::invalid_argument);
  tw::GuardianBackoff inverted{3, 60 * kS, 30 * kS};
  CHECK(tw::GuardianGate::create(hash.value(), inverted).error().code ==
        tw::Errc::invalid_argument);
}
