#include "core/policy/policy_store.hpp"

#include <utility>

#include "core/policy/policy_canonical.hpp"
#include "core/policy/policy_loader.hpp"

namespace tw {

PolicyStore::PolicyStore() : PolicyStore(Policy{}) {}

PolicyStore::PolicyStore(Policy initial) {
  std::string hash = policy_hash(initial);
  install(std::make_shared<const Policy>(std::move(initial)), std::move(hash));
}

std::shared_ptr<const Policy> PolicyStore::active() const {
  std::lock_guard lock(mutex_);
  return active_;
}

uint64_t PolicyStore::version() const {
  std::lock_guard lock(mutex_);
  return version_;
}

std::string PolicyStore::active_hash() const {
  std::lock_guard lock(mutex_);
  return active_hash_;
}

std::vector<PolicyError> PolicyStore::last_errors() const {
  std::lock_guard lock(mutex_);
  return last_errors_;
}

int PolicyStore::guardian_failures() const {
  std::lock_guard lock(mutex_);
  return gate_ ? gate_->failures() : 0;
}

void PolicyStore::restore_guardian_failures(int failures, Instant now) {
  std::lock_guard lock(mutex_);
  if (gate_) gate_->restore_failures(failures, now);
}

Status PolicyStore::remember(std::string_view canonical_text, std::string_view hash, std::string_view source) {
  std::lock_guard serial(reload_mutex_);
  const std::string where = "the policy remembered in " + std::string(source);
  {
    std::lock_guard lock(mutex_);
    if (version_ != 0) return Error{Errc::invalid_argument, where + ": a policy was already loaded"};
  }
  PolicyLoadResult parsed = parse_policy(canonical_text, source);
  // A device policy the ledger kept: its PIN hash is the guardian's, not in
  // the text, so the gate stays shut to wearer files (docs/youth.md).
  if (!parsed) parsed = parse_policy(canonical_text, source, nullptr, YouthPin::device);
  if (!parsed) return Error{Errc::ledger_corrupt, where + " does not load: " + parsed.error().message};
  // The text as recorded, not as this version would write it: a key added
  // since (with its default) must not read as an edit.
  if (policy_text_hash(canonical_text) != hash)
    return Error{Errc::ledger_corrupt, where + " does not match its recorded hash " + std::string(hash) +
                                           ": the ledger was edited"};
  auto p = std::make_shared<const Policy>(std::move(parsed).value());
  std::string h = policy_hash(*p);
  std::lock_guard lock(mutex_);
  install(std::move(p), std::move(h));
  remembered_ = true;
  return {};
}

Result<PolicyReload> PolicyStore::reload(const std::string& path, Instant now) {
  return reload(path, {}, now);
}

Result<PolicyReload> PolicyStore::reload(const std::string& path, std::string_view guardian_pin,
                                         Instant now) {
  std::lock_guard serial(reload_mutex_);
  return accept(load_policy_file(path, PolicyFileMode::owner_only), path, guardian_pin, now);
}

Result<PolicyReload> PolicyStore::reload_text(std::string_view text, std::string_view file_name,
                                              std::string_view guardian_pin, Instant now) {
  std::lock_guard serial(reload_mutex_);
  return accept(parse_policy(text, file_name), std::string(file_name), guardian_pin, now);
}

Result<PolicyReload> PolicyStore::reload_device(const std::string& path, Instant now) {
  std::lock_guard serial(reload_mutex_);
  return accept(load_policy_file(path, PolicyFileMode::device), path, {}, now, Gate::device);
}

Result<PolicyReload> PolicyStore::accept(PolicyLoadResult loaded, const std::string& source,
                                         std::string_view guardian_pin, Instant now, Gate gate) {
  if (!loaded) return fail(loaded.errors());
  std::string notice = loaded.notice();
  auto next = std::make_shared<const Policy>(std::move(loaded).value());
  std::string next_hash = policy_hash(*next);

  std::lock_guard lock(mutex_);
  const bool first = version_ == 0 && !remembered_;
  PolicyReload change{.changed = first || next_hash != active_hash_,
                      .old_hash = first ? std::string() : active_hash_,
                      .new_hash = next_hash,
                      .at = now,
                      .version = version_,
                      .source = source,
                      .youth_changed = next->youth != active_->youth,
                      .notice = std::move(notice)};
  if (gate == Gate::checked && change.youth_changed && active_->youth.enabled) {
    // Checked against the active policy's hash: a new file cannot vouch for itself.
    // No gate: a device policy the ledger kept (its PIN is the guardian's,
    // out of reach here), or a hash libsodium refused. Shut either way.
    Status pin = gate_                                  ? gate_->verify(guardian_pin, now)
                 : active_->youth.guardian_pin_hash.empty()
                     ? Status(Errc::pin_required, "youth mode came from the guardian's device policy: only "
                                                  "`timewall guardian apply` changes it")
                     : Status(Errc::internal, "the guardian PIN check is unavailable");
    if (!pin) {
      const std::string message = pin.error().code == Errc::pin_required && gate_
                                      ? "the active policy has youth mode on: changing [youth] "
                                        "needs the guardian PIN"
                                      : pin.error().message;
      last_errors_ = {PolicyError{source, 1, 1, "youth", message, pin.error().code}};
      return Error{pin.error().code, to_string(last_errors_.front())};
    }
  }
  last_errors_.clear();
  if (!change.changed) return change;
  install(std::move(next), std::move(next_hash));
  change.version = ++version_;
  return change;
}

Result<PolicyReload> PolicyStore::fail(std::vector<PolicyError> errors) {
  PolicyLoadResult summary(errors);  // sorts and joins the lines
  std::lock_guard lock(mutex_);
  last_errors_ = summary.errors();
  return summary.error();
}

// Caller holds mutex_ (or is the constructor). Does not count versions.
void PolicyStore::install(std::shared_ptr<const Policy> p, std::string hash) {
  // Keep the gate (and its wrong-PIN count) while the guardian's hash stays.
  const bool keep_gate =
      gate_ && p->youth.enabled && active_->youth.guardian_pin_hash == p->youth.guardian_pin_hash;
  active_ = std::move(p);
  active_hash_ = std::move(hash);
  if (keep_gate) return;
  gate_.reset();
  if (active_->youth.enabled) {
    Result<GuardianGate> gate = GuardianGate::create(active_->youth.guardian_pin_hash);
    if (gate) gate_.emplace(std::move(gate).value());  // else youth changes fail closed
  }
}

}  // namespace tw
