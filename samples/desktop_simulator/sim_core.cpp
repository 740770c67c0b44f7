// sim_core.cpp
#include "sim_core.hpp"

namespace tw::sim {

SimCore::SimCore(Runtime runtime) : runtime_(std::move(runtime)), last_(&empty_) {}

Result<std::unique_ptr<SimCore>> SimCore::create(std::string_view policy_text, std::string_view name,
                                                 const std::string& ledger_path) {
  auto runtime = Runtime::create(
      {.policy_text = std::string(policy_text), .policy_name = std::string(name), .ledger_path = ledger_path});
  if (!runtime) return runtime.error();
  return std::unique_ptr<SimCore>(new SimCore(std::move(runtime).value()));
}

const TickOutput& SimCore::tick(Instant now, std::span<const Signal> signals) {
  now_ = now;
  last_ = &runtime_->tick(now, signals);
  for (const Decision& d : last_->decisions) {
    log_[log_next_] = d;
    log_next_ = (log_next_ + 1) % kLogSize;
    if (log_count_ < kLogSize) ++log_count_;
  }
  const Engine& engine = runtime_->engine();
  if (engine.ledger() && (!reported_ || now.unix_ms - report_at_ms_ >= 10'000)) {
    reported_ = true;
    report_at_ms_ = now.unix_ms;
    const int64_t day = engine.local_day(now);
    auto report = report::build_report(*engine.ledger(), runtime_->policy(), runtime_->zone(), day, day);
    if (report) {
      today_ = std::move(report.value());
      ledger_status_ = engine.last_ledger_error() ? "" : engine.last_ledger_error().error().message;
    } else {
      ledger_status_ = report.error().message;
    }
  }
  return *last_;
}

std::vector<PolicyError> SimCore::apply_policy_text(std::string_view text, std::string_view name,
                                                    std::string_view guardian_pin) {
  if (runtime_->load_policy_text(text, name, guardian_pin, now_)) {
    today_.reset();
    reported_ = false;
    return {};
  }
  return runtime_->policy_errors();
}

}  // namespace tw::sim
