// sim_core.cpp
#include "sim_core.hpp"

#include "core/policy/policy_loader.hpp"

namespace tw::sim {

SimCore::SimCore(Engine engine, TimeZone tz) : zone_(std::move(tz)), engine_(std::move(engine)), last_(&empty_) {}

Result<std::unique_ptr<SimCore>> SimCore::create(std::string_view policy_text, std::string_view name,
                                                 const std::string& ledger_path) {
  PolicyLoadResult r = parse_policy(policy_text, name);
  if (!r) return r.error();
  auto tz = TimeZone::load(r.value().time_value.timezone);
  if (!tz) return tz.error();
  auto engine = Engine::create({.policy = r.value(), .timezone = tz.value(), .ledger_path = ledger_path});
  if (!engine) return engine.error();
  return std::unique_ptr<SimCore>(new SimCore(std::move(engine.value()), std::move(tz.value())));
}

const TickOutput& SimCore::tick(Instant now, std::span<const Signal> signals) {
  now_ = now;
  last_ = &engine_->tick(now, signals);
  for (const Decision& d : last_->decisions) {
    log_[log_next_] = d;
    log_next_ = (log_next_ + 1) % kLogSize;
    if (log_count_ < kLogSize) ++log_count_;
  }
  if (engine_->ledger() && (!reported_ || now.unix_ms - report_at_ms_ >= 10'000)) {
    reported_ = true;
    report_at_ms_ = now.unix_ms;
    auto report = engine_->day_report(engine_->local_day(now));
    if (report) {
      today_ = std::move(report.value());
      ledger_status_ = engine_->last_ledger_error() ? "" : engine_->last_ledger_error().error().message;
    } else {
      ledger_status_ = report.error().message;
    }
  }
  return *last_;
}

std::vector<PolicyError> SimCore::apply_policy_text(std::string_view text, std::string_view name) {
  PolicyLoadResult r = parse_policy(text, name);
  if (!r) return r.errors();
  engine_->set_policy(r.value(), now_);
  return {};
}

}  // namespace tw::sim
