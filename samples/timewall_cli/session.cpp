#include "session.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "core/policy/policy_loader.hpp"

namespace tw::cli {

namespace {

constexpr int64_t kCommitEveryTicks = 600;  // group commit: one transaction per simulated 10 min

// A private temporary ledger path; the ledger creates the file 0600.
Result<std::string> temp_ledger_path() {
  std::error_code ec;
  const auto dir = std::filesystem::temp_directory_path(ec);
  if (ec) return Error{Errc::io, "no temporary directory: " + ec.message()};
  std::string templ = (dir / "timewall-replay-XXXXXX").string();
  char* made = mkdtemp(templ.data());
  if (!made) return Error{Errc::io, "cannot create a temporary directory in " + dir.string()};
  return std::string(made) + "/ledger.db";
}

}  // namespace

struct Session::Recorder final : SchedulerObserver {
  explicit Recorder(Session& s) : self(s) {}
  void on_attended(AppId app, CategoryId category, Instant from, Instant to) override {
    auto r = self.ledger_.record_heartbeat({.app = self.scheduler_.apps().name(app),
                                            .category = self.scheduler_.categories().name(category),
                                            .start_ms = from.unix_ms,
                                            .duration_ms = to.unix_ms - from.unix_ms});
    if (!r && failure.ok()) failure = r.error();
  }
  void on_day_end(int64_t, int64_t) override {}
  Session& self;
  Status failure;
};

Result<std::unique_ptr<Session>> Session::open(const SessionDesc& desc) {
  PolicyLoadResult loaded = load_policy_file(desc.policy_path);
  if (!loaded) return loaded.error();
  Policy policy = std::move(loaded).value();
  auto tz = TimeZone::load(policy.time_value.timezone);
  if (!tz) return Error{tz.error().code, desc.policy_path + ": time_value.timezone: " + tz.error().message};
  std::string temp;
  std::string path = desc.ledger_path;
  if (path.empty()) {
    auto t = temp_ledger_path();
    if (!t) return t.error();
    temp = path = t.value();
  }
  auto ledger = Ledger::open({.path = path, .pulse_s = policy.attention.heartbeat_pulse_s}, tz.value());
  if (!ledger) return ledger.error();
  return std::unique_ptr<Session>(
      new Session(std::move(policy), std::move(tz).value(), std::move(ledger).value(), std::move(temp)));
}

Session::Session(Policy policy, TimeZone tz, Ledger ledger, std::string temp_path)
    : tz_(tz), scheduler_(policy, std::move(tz)), ledger_(std::move(ledger)), temp_path_(std::move(temp_path)),
      recorder_(std::make_unique<Recorder>(*this)) {}

Session::~Session() {
  if (temp_path_.empty()) return;
  // Close the database before its files go.
  { Ledger gone = std::move(ledger_); }
  std::error_code ec;
  std::filesystem::remove_all(std::filesystem::path(temp_path_).parent_path(), ec);
}

Result<const TickOutput*> Session::tick(Instant now, std::span<const Signal> batch) {
  const TickOutput& out = scheduler_.tick(now, batch, recorder_.get());
  if (!recorder_->failure) return recorder_->failure.error();
  if (Status s = record(out, now); !s) return s.error();
  if (++ticks_since_commit_ >= kCommitEveryTicks) {
    ticks_since_commit_ = 0;
    if (Status s = ledger_.commit(); !s) return s.error();
  }
  return &out;
}

Status Session::close_idle(int64_t end_ms) {
  if (!idle_open_) return {};
  idle_open_ = false;
  const std::string_view item =
      idle_mode_ == IdleMode::fill && idle_item_ >= 0 ? std::string_view(policy().idle.items[static_cast<size_t>(idle_item_)].id)
                                                      : std::string_view{};
  auto r = ledger_.record_idle({.start_ms = idle_start_ms_,
                                .duration_ms = end_ms - idle_start_ms_,
                                .mode = idle_mode_,
                                .item_id = item,
                                .reason = to_string(idle_reason_)});
  if (!r) return r.error();
  return {};
}

Status Session::record(const TickOutput& out, Instant now) {
  for (const Decision& d : out.decisions) {
    const std::string_view app = scheduler_.apps().name(d.app);
    const std::string_view category = scheduler_.categories().name(d.category);
    Result<Ledger::Seq> r = Ledger::Seq{0};
    switch (d.kind) {
      case DecisionKind::fill:
      case DecisionKind::protect:
        // A fill that turns into protect (a window began) ends the filled part.
        if (Status s = close_idle(d.unix_ms); !s) return s;
        idle_open_ = true;
        idle_start_ms_ = d.unix_ms;
        idle_mode_ = d.kind == DecisionKind::fill ? IdleMode::fill : IdleMode::protect;
        idle_item_ = d.fill_item;
        idle_reason_ = d.reason;
        break;
      case DecisionKind::extend: {
        const int64_t ext = d.budget >= 0 ? policy().budgets[static_cast<size_t>(d.budget)].extension_s : 0;
        r = ledger_.record_friction({.at_ms = d.unix_ms, .app = app, .category = category,
                                     .outcome = FrictionOutcome::continued, .extension_s = ext});
        break;
      }
      case DecisionKind::hide:
        if (d.overlay == OverlayKind::friction_prompt && d.reason == Reason::prompt_left)
          r = ledger_.record_friction({.at_ms = d.unix_ms, .app = app, .category = category,
                                       .outcome = FrictionOutcome::left});
        break;
      case DecisionKind::show:
        if (d.overlay == OverlayKind::friction_prompt)
          r = ledger_.record_friction({.at_ms = d.unix_ms, .app = app, .category = category,
                                       .outcome = FrictionOutcome::shown});
        else if (d.overlay == OverlayKind::block_shield)
          r = ledger_.record_block({.at_ms = d.unix_ms, .app = app, .category = category,
                                    .reason = to_string(d.reason)});
        break;
      default: break;
    }
    if (!r) return r.error();
  }
  if (idle_open_ && !scheduler_.attention().idle()) return close_idle(now.unix_ms);
  return {};
}

Status Session::finish(Instant now) {
  if (Status s = close_idle(now.unix_ms); !s) return s;
  return ledger_.commit();
}

}  // namespace tw::cli
