// enforcer.hpp: Timewall's blocks made a runtime fact, for every app the
// runtime runs, whether or not Timewall's API layer is loaded in it.
//
// What it does, at each step(now):
//   - reads the runtime's client list (RuntimeControl) and turns it into
//     signals for the Runtime: the primary app (a normal session that is
//     displayed, not the shield) is the focused one; while the shield covers
//     an app, that app stays the focused one, as it does under the layer's
//     own shield; an app's id is what the wearer's app map makes of its
//     application name (use_app_map; AppIdOverrides::resolve_openxr, else
//     tw::openxr_app_id(name)), the layer's id for the same app;
//   - ticks the Runtime (its policy, ledger and clock are the host's);
//   - for each client whose app Scheduler::blocks(): its input goes off;
//     when a blocked app is in front, the shield (ShieldHost) is raised,
//     which takes primary, so the app is neither displayed nor focused (a
//     blocked app in the background only loses input: nothing shows it); a
//     blocked app that comes to the front over the shield is covered again;
//   - when the covered app is no longer blocked (or has left): primary goes
//     back to it and the shield is lowered; input comes back to each client
//     it cut as soon as that client is no longer blocked;
//   - with an InputCutStore, records each cut before it makes it, and at
//     its first step takes over the cuts a previous (killed) enforcer
//     recorded that the runtime still shows (still_cut): those come back
//     when their block lifts, as its own do; the rest of the runtime's state
//     (the shield, primary) follows from the decisions, as at any step;
//   - records what it did as EnforceEvents (take_events), with `now`.
// What it does not do: read a clock, start processes, draw (the shield does),
// count presence (it has no head pose: an app in front counts as attended),
// read the app map file (the host loads it), or give back input that it did not cut
// (a client whose input was already off, and not in its store, is left as
// it is).
//
//   tw::InputCutFile cuts(state_path);
//   tw::Enforcer enforcer(runtime, monado_ctl, shield_process, &cuts);
//   while (running) {
//     if (tw::Status s = enforcer.step(clock.now()); !s) log(s.error().message);
//     for (const tw::EnforceEvent& e : enforcer.take_events()) log(to_line(e));
//   }
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/app_id_overrides.hpp"
#include "core/clock.hpp"
#include "core/device/input_cuts.hpp"
#include "core/device/runtime_control.hpp"
#include "core/device/shield_host.hpp"
#include "core/result.hpp"
#include "core/runtime/runtime.hpp"
#include "core/signals.hpp"

namespace tw {

enum class EnforceKind : uint8_t {
  block,         // a client's app became blocked
  input_off,     // its input was cut
  shield_up,     // the shield was raised (it takes primary)
  lift,          // no client is blocked any more
  primary_back,  // the covered app was made primary again
  input_on,      // a client's input came back
  adopt,         // a cut recorded by a previous enforcer, still in force, is this one's now
  shield_down,   // the shield was lowered
  failed,        // a runtime call failed (detail says which); retried next step,
                 // said again only when it fails otherwise or after another event
};
std::string_view to_string(EnforceKind kind) noexcept;

struct EnforceEvent {
  int64_t unix_ms = 0;
  EnforceKind kind = EnforceKind::block;
  int32_t client = -1;  // the runtime's client id, -1 where none
  std::string app;      // the app id, "" where none
  std::string detail;   // block: the reason; failed: the error
};

// One line: "<kind> unix_ms <T> client <id> app <app|-> [detail]".
std::string to_line(const EnforceEvent& e);

// An app the last step's client list showed (a running normal session, not
// the shield).
struct SeenClient {
  int32_t client = -1;
  int32_t pid = 0;
  AppId app = kNoId;
  bool front = false;    // primary, or covered by the shield
  bool blocked = false;  // Scheduler::blocks() its app: input cut, shield over it when in front
};

class Enforcer {
 public:
  // `cuts` (may be null: nothing recorded or taken over) outlives the Enforcer.
  Enforcer(Runtime& runtime, RuntimeControl& control, ShieldHost& shield, InputCutStore* cuts = nullptr)
      : runtime_(runtime), control_(control), shield_(shield), cuts_(cuts) {}

  // The wearer's app map, the one the layer uses (default_app_map_path()):
  // a client is counted, limited and shown under the id it maps its name to.
  void use_app_map(AppIdOverrides map) { app_map_ = std::move(map); }

  // One poll. Fails only when the client list cannot be read (the runtime
  // still ticks, with no new signal); a failed call to the runtime is an
  // EnforceKind::failed event and is retried at the next step.
  Status step(Instant now);
  std::vector<EnforceEvent> take_events() { return std::move(events_); }

  // Gives primary and input back and lowers the shield (the host is ending).
  void release(Instant now);

  bool enforcing() const { return covered_client_ >= 0 || !cut_.empty(); }
  // The output of the Runtime tick the last step made (null before the
  // first step), for a host that serves it too (`timewall serve --shield`).
  const TickOutput* last_output() const { return output_; }
  // The apps the last step's client list showed; empty when it could not
  // be read (listed() is then false).
  const std::vector<SeenClient>& seen() const { return seen_; }
  bool listed() const { return listed_; }

 private:
  struct Cut {
    int32_t client;
    int32_t pid;
    std::string name;
    AppId app;
  };
  void adopt(const std::vector<RuntimeClient>& list, Instant now);
  void save_cuts(Instant now);
  void focus(AppId app, Instant now);
  void enforce(const std::vector<RuntimeClient>& list, const TickOutput& out, Instant now);
  void restore(const std::vector<RuntimeClient>* list, Instant now);
  bool give_back(const std::vector<RuntimeClient>* list, Instant now);
  void restore_inputs(Instant now, bool only_unblocked);
  void event(Instant now, EnforceKind kind, int32_t client, AppId app, std::string detail = {});
  AppId app_of(std::string_view application_name);

  Runtime& runtime_;
  RuntimeControl& control_;
  ShieldHost& shield_;
  InputCutStore* cuts_;
  AppIdOverrides app_map_;         // empty: every app is openxr_app_id(name)
  bool adopted_ = false;           // the store's cuts were looked at (first listed step)
  AppId focused_ = kNoId;          // the app the Runtime was last told is in front
  int32_t covered_client_ = -1;    // the client in front when the shield went up
  AppId covered_app_ = kNoId;
  std::vector<Cut> cut_;           // clients whose input the enforcer turned off
  std::vector<int32_t> blocked_;   // clients seen blocked (for the block event, once)
  bool any_blocked_ = false;       // some client was blocked at the last step
  std::vector<Signal> signals_;
  std::vector<EnforceEvent> events_;
  std::string last_failure_;       // the last failed event's client and detail (said once)
  const TickOutput* output_ = nullptr;
  std::vector<SeenClient> seen_;
  bool listed_ = false;
};

}  // namespace tw
