// `timewall guardian set-pin|apply FILE|audit [--dir DIR]`: the guardian's
// device-level youth set-up (core/guardian/device_guardian.hpp, docs/youth.md).
// DIR defaults to the system folder (tw::kDeviceDir, /etc/timewall), which
// only root can write; --dir is for trying it out and for tests.
#include <sodium.h>

#include <cstdio>
#include <string>

#include "args.hpp"
#include "commands.hpp"
#include "common/system_clock.hpp"
#include "core/guardian/device_guardian.hpp"
#include "core/runtime/device_paths.hpp"
#include "pin_prompt.hpp"

namespace tw::cli {

namespace {

// A PIN held only as long as needed.
struct Pin {
  std::string text;
  ~Pin() { sodium_memzero(text.data(), text.size()); }
};

int fail(std::string_view what, const Error& e) {
  std::fprintf(stderr, "timewall guardian %.*s: %s (%.*s)\n", static_cast<int>(what.size()), what.data(),
               e.message.c_str(), static_cast<int>(to_string(e.code).size()), to_string(e.code).data());
  return kExitFailed;
}

int run_set_pin(DeviceGuardian& g) {
  Pin old_pin, pin, again;
  if (g.has_pin()) {
    auto p = read_pin("Current guardian PIN: ");
    if (!p) return fail("set-pin", p.error());
    old_pin.text = std::move(p).value();
  }
  auto p = read_pin("New guardian PIN (4 to 32 digits): ");
  if (!p) return fail("set-pin", p.error());
  pin.text = std::move(p).value();
  auto q = read_pin("New guardian PIN again: ");
  if (!q) return fail("set-pin", q.error());
  again.text = std::move(q).value();
  if (pin.text != again.text) return fail("set-pin", Error{Errc::invalid_argument, "the two PINs differ"});
  const bool first = !g.has_pin();
  if (Status st = g.set_pin(old_pin.text, pin.text, SystemClock{}.now()); !st) return fail("set-pin", st.error());
  std::printf("guardian PIN %s in %s\n", first ? "set" : "changed", g.dir().c_str());
  return kExitOk;
}

int run_apply(DeviceGuardian& g, const std::string& file) {
  Pin pin;
  if (g.has_pin()) {  // else apply says to set one first, and asks nothing
    auto p = read_pin("Guardian PIN: ");
    if (!p) return fail("apply", p.error());
    pin.text = std::move(p).value();
  }
  std::vector<PolicyError> problems;
  auto r = g.apply(file, pin.text, SystemClock{}.now(), &problems);
  if (!r) {
    for (const PolicyError& e : problems) std::fprintf(stderr, "%s\n", to_string(e).c_str());
    return fail("apply", r.error());
  }
  if (r->changed)
    std::printf("%s is the device policy now (%s), in force in every host from its next policy check\n",
                file.c_str(), r->new_hash.substr(0, 16).c_str());
  else
    std::printf("%s is the device policy already; nothing changed\n", file.c_str());
  return kExitOk;
}

int run_audit(const DeviceGuardian& g) {
  auto a = g.audit();
  if (!a) return fail("audit", a.error());
  for (const AuditEntry& e : a->entries)
    std::printf("%lld %lld %s %s\n", static_cast<long long>(e.id), static_cast<long long>(e.at_ms), e.kind.c_str(),
                e.body.c_str());
  if (!a->check.intact()) {
    for (const std::string& p : a->check.problems) std::fprintf(stderr, "timewall guardian audit: %s\n", p.c_str());
    std::fprintf(stderr, "timewall guardian audit: the chain is broken: the log was edited\n");
    return kExitFailed;
  }
  std::printf("audit chain intact: %lld rows, keyed\n", static_cast<long long>(a->check.rows));
  return kExitOk;
}

}  // namespace

int guardian_command(std::span<const std::string_view> args) {
  static constexpr OptionSpec kSpecs[] = {{"dir", true}};
  auto parsed = parse_args(args, kSpecs);
  if (!parsed) return usage_error("guardian: " + parsed.error().message);
  const auto& pos = parsed->positional;
  if (pos.empty()) return usage_error("guardian needs set-pin, apply FILE or audit");
  DeviceGuardian g(parsed->has("dir") ? std::string(parsed->value("dir")) : std::string(kDeviceDir));
  if (pos[0] == "set-pin" && pos.size() == 1) return run_set_pin(g);
  if (pos[0] == "apply" && pos.size() == 2) return run_apply(g, std::string(pos[1]));
  if (pos[0] == "audit" && pos.size() == 1) return run_audit(g);
  return usage_error("guardian: expected set-pin, apply FILE or audit");
}

}  // namespace tw::cli
