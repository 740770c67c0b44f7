// session.hpp: one replay of a timeline through the core, with its ledger.
//
// What it does: loads and validates the policy, loads its timezone, opens a
// ledger (the file the wearer named, or a private temporary file removed at
// the end), and runs the Scheduler tick by tick, recording what the day
// consists of in the ledger: attended intervals, idle moments filled or
// protected, friction outcomes (shown, left, continued = bypass) and blocks.
// What it does not do: read the clock (the caller drives tick() with a
// ManualClock through drive_timeline) or print.
//
//   auto s = tw::cli::Session::open({.policy_path = "p.toml", .ledger_path = ""});
//   if (!s) { std::cerr << s.error().message << "\n"; return 1; }
//   auto out = (*s)->tick(now, batch);
#pragma once

#include <memory>
#include <span>
#include <string>

#include "core/clock.hpp"
#include "core/interner.hpp"
#include "core/ledger/ledger.hpp"
#include "core/policy.hpp"
#include "core/result.hpp"
#include "core/scheduler/scheduler.hpp"
#include "core/signals.hpp"
#include "core/timezone.hpp"

namespace tw::cli {

struct SessionDesc {
  std::string policy_path;
  std::string ledger_path;  // empty: a temporary file, deleted by the destructor
};

class Session {
 public:
  // Policy errors come back as one Error whose message has one
  // "file:line:col: key: message" line per problem.
  static Result<std::unique_ptr<Session>> open(const SessionDesc& desc);
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Runs one tick and records its outcome. Fails only when the ledger does.
  Result<const TickOutput*> tick(Instant now, std::span<const Signal> batch);
  // Closes an open idle moment at `now` and commits everything pending.
  Status finish(Instant now);

  Interner& apps() { return scheduler_.apps(); }
  const Interner& categories() const { return scheduler_.categories(); }
  const Policy& policy() const { return scheduler_.policy(); }
  const TimeZone& tz() const { return tz_; }
  const Ledger& ledger() const { return ledger_; }

 private:
  struct Recorder;
  Session(Policy policy, TimeZone tz, Ledger ledger, std::string temp_path);
  Status record(const TickOutput& out, Instant now);
  Status close_idle(int64_t end_ms);

  TimeZone tz_;
  Scheduler scheduler_;
  Ledger ledger_;
  std::string temp_path_;
  std::unique_ptr<Recorder> recorder_;
  // The idle moment being recorded, if any.
  bool idle_open_ = false;
  int64_t idle_start_ms_ = 0;
  IdleMode idle_mode_ = IdleMode::protect;
  int32_t idle_item_ = -1;
  Reason idle_reason_ = Reason::none;
  int64_t ticks_since_commit_ = 0;
};

}  // namespace tw::cli
