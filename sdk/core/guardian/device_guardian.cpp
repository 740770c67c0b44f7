#include "core/guardian/device_guardian.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

#include "core/durable_replace.hpp"
#include "core/guardian/guardian_gate.hpp"
#include "core/guardian/pin_hash.hpp"
#include "core/policy/policy_canonical.hpp"
#include "core/policy/policy_loader.hpp"
#include "core/runtime/device_paths.hpp"
#include "core/timezone.hpp"

namespace tw {

namespace {

constexpr size_t kAuditKeyBytes = 32;
constexpr size_t kMaxSmallFileBytes = 4096;  // guardian.pin and audit.key are far smaller

Error io_error(const std::string& what, const std::string& path, int err) {
  return Error{Errc::io, "cannot " + what + " " + path + ": " + std::strerror(err)};
}

// The whole of a small file; not_found when it does not exist.
Result<std::string> read_small(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) {
    if (errno == ENOENT) return Error{Errc::not_found, path + " does not exist"};
    return io_error("read", path, errno);
  }
  std::string data(kMaxSmallFileBytes + 1, '\0');
  size_t got = 0;
  for (;;) {
    const ssize_t n = ::read(fd, data.data() + got, data.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int err = errno;
      ::close(fd);
      return io_error("read", path, err);
    }
    if (n == 0 || (got += static_cast<size_t>(n)) == data.size()) break;
  }
  ::close(fd);
  if (got > kMaxSmallFileBytes) return Error{Errc::ledger_corrupt, path + " is larger than it can be"};
  data.resize(got);
  return data;
}

// Names a PIN hash in the audit log without giving the hash to a reader of
// the log: the first 8 bytes of its BLAKE2b, in hex.
std::string pin_id(std::string_view pin_hash) {
  unsigned char digest[8];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(pin_hash.data()),
                     pin_hash.size(), nullptr, 0);
  char hex[2 * sizeof digest + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

// Wrong PINs since the last accepted guardian action, and when the last one
// was entered: the audit log's trailing pin_wrong refusals.
struct WrongPins {
  int count = 0;
  int64_t last_at_ms = 0;
};

WrongPins trailing_wrong_pins(const std::vector<AuditEntry>& entries) {
  WrongPins w;
  for (auto it = entries.rbegin(); it != entries.rend(); ++it) {
    if (it->kind != "policy_refused") break;
    if (it->body.find(" code=pin_wrong ") == std::string::npos) continue;  // pin_backoff: not a guess
    if (w.count++ == 0) w.last_at_ms = it->at_ms;
  }
  return w;
}

// The device policy now in force and its hash; "" when there is none or it
// does not load (it is replaced then).
std::string device_policy_hash(const std::string& path) {
  PolicyLoadResult current = load_policy_file(path, PolicyFileMode::device);
  return current ? policy_hash(current.value()) : std::string();
}

}  // namespace

std::string DeviceGuardian::path(std::string_view file) const { return device_file(dir_, file); }

bool DeviceGuardian::has_pin() const {
  struct stat st {};
  return ::stat(path(kGuardianPinFile).c_str(), &st) == 0;
}

Result<Ledger> DeviceGuardian::open_audit(bool create) const {
  const std::string log_path = path(kGuardianAuditFile);
  const std::string key_path = path(kGuardianAuditKeyFile);
  Result<std::string> key = read_small(key_path);
  if (!key && key.error().code == Errc::not_found && create) {
    struct stat st {};
    // A log without its key could never be verified again: never make a new key for it.
    if (::stat(log_path.c_str(), &st) == 0)
      return Error{Errc::ledger_corrupt, key_path + " is missing but " + log_path +
                                             " exists: its chain cannot be checked without that key; move the log "
                                             "aside to start a new one"};
    if (sodium_init() < 0) return Error{Errc::internal, "libsodium failed to initialise"};
    std::string fresh(kAuditKeyBytes, '\0');
    randombytes_buf(fresh.data(), fresh.size());
    if (auto st_w = durable_replace(key_path, fresh, 0600); !st_w) return st_w.error();
    key = std::move(fresh);
  }
  if (!key) return key.error();
  if (key.value().size() != kAuditKeyBytes)
    return Error{Errc::ledger_corrupt, key_path + " holds " + std::to_string(key.value().size()) + " bytes, not " +
                                           std::to_string(kAuditKeyBytes)};
  if (!create) {
    struct stat st {};
    if (::stat(log_path.c_str(), &st) != 0) return io_error("open", log_path, errno);
  }
  return Ledger::open(LedgerDesc{.path = log_path, .sync = LedgerSync::full, .audit_key = std::move(key).value()},
                      TimeZone::utc());
}

Status DeviceGuardian::check_pin(Ledger& audit, std::string_view pin, std::string_view action, Instant now) const {
  Result<std::string> hash = read_small(path(kGuardianPinFile));
  if (!hash) return hash.error();
  while (!hash.value().empty() && (hash.value().back() == '\n' || hash.value().back() == ' '))
    hash.value().pop_back();
  Result<GuardianGate> gate = GuardianGate::create(hash.value());
  if (!gate) return Error{Errc::ledger_corrupt, path(kGuardianPinFile) + ": " + gate.error().message};
  Result<std::vector<AuditEntry>> entries = audit.audit_entries();
  if (!entries) return entries.error();
  // The gate's clock is wall time here: a run of the CLI is a new process,
  // and the wait runs from the last wrong PIN entered, in any run.
  const WrongPins wrong = trailing_wrong_pins(entries.value());
  if (wrong.count > 0) gate->restore_failures(wrong.count, Instant{.mono_ns = wrong.last_at_ms * 1'000'000});
  Status st = gate->verify(pin, Instant{.mono_ns = now.unix_ms * 1'000'000});
  if (st || st.error().code == Errc::pin_required) return st;
  const std::string active = device_policy_hash(path(kDevicePolicyFile));
  if (auto r = audit.record_policy_refusal({.at_ms = now.unix_ms,
                                            .source = action,
                                            .code = to_string(st.error().code),
                                            .active_hash = active});
      r) {
    if (auto c = audit.commit(); !c) return c.error();
  }
  return st;
}

Status DeviceGuardian::set_pin(std::string_view old_pin, std::string_view new_pin, Instant now) {
  Result<std::string> hash = hash_guardian_pin(new_pin);
  if (!hash) return hash.error();
  const bool first = !has_pin();
  if (first) {
    std::error_code ec;
    std::filesystem::create_directories(dir_, ec);
    if (ec) return Error{Errc::io, "cannot create " + dir_ + ": " + ec.message()};
    // Readable by every wearer's hosts (policy.toml), writable by the guardian only.
    if (::chmod(dir_.c_str(), 0755) != 0) return io_error("set the mode of", dir_, errno);
  }
  Result<Ledger> audit = open_audit(first);
  if (!audit) return audit.error();
  if (!first)
    if (Status st = check_pin(audit.value(), old_pin, "guardian set-pin", now); !st) return st;
  if (Status st = durable_replace(path(kGuardianPinFile), hash.value() + "\n", 0600); !st) return st;
  if (auto r = audit->record_guardian_pin({.at_ms = now.unix_ms, .pin_id = pin_id(hash.value())}); !r)
    return r.error();
  return audit->commit();
}

Result<GuardianApplied> DeviceGuardian::apply(const std::string& policy_file, std::string_view pin, Instant now,
                                              std::vector<PolicyError>* problems) {
  if (!has_pin())
    return Error{Errc::not_found, "no guardian PIN in " + dir_ + ": run `timewall guardian set-pin` first"};
  PolicyLoadResult loaded = load_policy_file(policy_file, PolicyFileMode::device);
  if (!loaded) {
    if (problems) *problems = loaded.errors();
    return loaded.error();
  }
  Result<Ledger> audit = open_audit(false);
  if (!audit) return audit.error();
  if (Status st = check_pin(audit.value(), pin, "guardian apply " + policy_file, now); !st) return st.error();
  const std::string target = path(kDevicePolicyFile);
  GuardianApplied out{.old_hash = device_policy_hash(target), .new_hash = policy_hash(loaded.value())};
  out.changed = out.old_hash != out.new_hash;
  const std::string text = canonical_policy_text(loaded.value());
  if (out.changed) {
    const std::string header = "# The guardian's device policy (docs/youth.md), written by `timewall guardian "
                               "apply`.\n# Edit the source and apply it again; an edit here is not audited.\n";
    if (Status st = durable_replace(target, header + text, 0644); !st) return st.error();
  }
  // Audited even when unchanged: the guardian's PIN was used.
  if (auto r = audit->record_policy_change(
          {.at_ms = now.unix_ms, .old_hash = out.old_hash, .new_hash = out.new_hash, .policy_text = text});
      !r)
    return r.error();
  if (Status st = audit->commit(); !st) return st.error();
  return out;
}

Result<GuardianAudit> DeviceGuardian::audit() const {
  if (!has_pin()) return Error{Errc::not_found, "no guardian set-up in " + dir_ + ": run `timewall guardian set-pin`"};
  Result<Ledger> log = open_audit(false);
  if (!log) return log.error();
  GuardianAudit out;
  Result<AuditCheck> check = log->verify_audit_chain();
  if (!check) return check.error();
  out.check = std::move(check).value();
  Result<std::vector<AuditEntry>> entries = log->audit_entries();
  if (!entries) return entries.error();
  out.entries = std::move(entries).value();
  return out;
}

}  // namespace tw
