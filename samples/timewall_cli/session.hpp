// session.hpp: one replay of a timeline through tw::Engine, for the CLI.
//
// What it does: loads and validates the policy, loads its timezone, and
// creates a tw::Engine over a ledger (the file the wearer named, or a private
// temporary file removed at the end). The Engine does the recording
// (attended intervals, idle moments, friction outcomes, bypasses, blocks,
// and the policy in force in the audit log); Session only adds the file
// handling the CLI needs. On a ledger the wearer named, the policy is held
// against the one that ledger last accepted: while youth mode is on, a file
// whose [youth] differs needs guardian_pin, else open() fails (pin_required).
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
#include "core/engine/engine.hpp"
#include "core/interner.hpp"
#include "core/ledger/ledger.hpp"
#include "core/policy.hpp"
#include "core/result.hpp"
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
  const TickOutput& tick(Instant now, std::span<const Signal> batch) { return engine_->tick(now, batch); }
  // Closes an open idle moment at `now`, commits everything pending, and
  // returns the ledger's state (an error if anything is still unrecorded).
  Status finish(Instant now) { return engine_->finish(now); }
  const Status& ledger_error() const { return engine_->last_ledger_error(); }

  Engine& engine() { return *engine_; }
  Interner& apps() { return engine_->apps(); }
  const Interner& categories() const { return engine_->scheduler().categories(); }
  const Policy& policy() const { return engine_->policy(); }
  const TimeZone& tz() const { return engine_->scheduler().calendar().zone(); }
  const Ledger& ledger() const { return *engine_->ledger(); }

 private:
  Session(Engine engine, std::string temp_path);

  std::optional<Engine> engine_;
  std::string temp_path_;
};

}  // namespace tw::cli
