// session.hpp: one replay of a timeline through tw::Runtime, for the CLI.
//
// What it does: reads the policy file as it is (a replay is offline, often
// of a file in the source tree, so its mode is left alone) and stands up a
// tw::Runtime with it over a ledger (the file the wearer named, or a private
// temporary file removed at the end). The Runtime does the rest as in every
// host: the zone, the recording (attended intervals, idle moments, friction
// outcomes, bypasses, blocks, the policy in force in the audit log), and the
// guardian gate: on a ledger the wearer named, the policy is held against the
// one that ledger last accepted, so while youth mode is on a file whose
// [youth] differs needs guardian_pin, else open() fails (pin_required).
// What it does not do: read the clock (the caller drives tick() with the
// instants of drive_timeline) or print.
//
//   auto s = tw::cli::Session::open({.policy_path = "p.toml", .ledger_path = ""});
//   if (!s) { std::cerr << s.error().message << "\n"; return 1; }
//   const tw::TickOutput& out = (*s)->tick(now, batch);   // overlays + decisions
//   if (auto st = (*s)->finish(last); !st) fail(st);      // commits, reports ledger errors
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>

#include "core/clock.hpp"
#include "core/interner.hpp"
#include "core/ledger/ledger.hpp"
#include "core/policy.hpp"
#include "core/result.hpp"
#include "core/replay/timeline.hpp"
#include "core/runtime/runtime.hpp"
#include "core/signals.hpp"
#include "core/timezone.hpp"

namespace tw::cli {

struct SessionDesc {
  std::string policy_path;
  std::string ledger_path;  // empty: a temporary file, deleted by the destructor
  std::string guardian_pin{};  // for a youth change on that ledger (replay: $TIMEWALL_GUARDIAN_PIN)
};

class Session {
 public:
  // Policy errors come back as one Error whose message has one
  // "file:line:col: key: message" line per problem.
  static Result<std::unique_ptr<Session>> open(const SessionDesc& desc);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Runs one tick; the output stays valid until the next tick. A ledger
  // failure does not stop the run: ledger_error() and finish() report it.
  const TickOutput& tick(Instant now, std::span<const Signal> batch) { return runtime_->tick(now, batch); }
  // Closes an open idle moment at `now`, commits everything pending, and
  // returns the ledger's state (an error if anything is still unrecorded).
  Status finish(Instant now) { return runtime_->finish(now); }
  // A timeline's notification record, admitted as serve admits a Notify.
  Status notify(Instant now, const TimelineNotification& n);
  const Status& ledger_error() const { return runtime_->last_ledger_error(); }

  Interner& apps() { return runtime_->apps(); }
  const Interner& categories() const { return runtime_->engine().scheduler().categories(); }
  const Policy& policy() const { return runtime_->policy(); }
  const Inbox& inbox() const { return runtime_->engine().inbox(); }
  const TimeZone& tz() const { return runtime_->zone(); }
  const Ledger& ledger() const { return *runtime_->engine().ledger(); }

 private:
  Session(Runtime runtime, std::string temp_path);

  std::optional<Runtime> runtime_;
  std::string temp_path_;
};

}  // namespace tw::cli
