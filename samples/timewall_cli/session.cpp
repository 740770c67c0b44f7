#include "session.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "core/policy/policy_canonical.hpp"
#include "core/policy/policy_loader.hpp"
#include "core/policy/policy_store.hpp"

namespace tw::cli {

namespace {

// Group commit: at least one transaction per simulated 10 min (and at every
// tick with an outcome, see Engine).
constexpr int64_t kCommitEveryS = 600;

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

void remove_temp_dir(const std::string& temp_path) {
  if (temp_path.empty()) return;
  std::error_code ec;
  std::filesystem::remove_all(std::filesystem::path(temp_path).parent_path(), ec);
}

// On the wearer's ledger, through a store seeded with that ledger's last
// accepted policy: a replay must not slip a youth change past the PIN. The
// file is read as it is (a replay is offline, often of a file in the source
// tree); the hosts that run on the glasses make it owner-only.
Result<Policy> load_for(const SessionDesc& desc) {
  PolicyLoadResult loaded = load_policy_file(desc.policy_path);
  if (!loaded) return loaded.error();
  if (desc.ledger_path.empty()) return std::move(loaded).value();  // a private ledger: nothing to protect
  PolicyStore store;
  if (auto seeded = remember_accepted_policy(store, desc.ledger_path); !seeded) return seeded.error();
  const std::string text = canonical_policy_text(loaded.value());
  if (auto r = store.reload_text(text, desc.policy_path, desc.guardian_pin, Instant{}); !r) return r.error();
  return *store.active();
}

}  // namespace

Result<std::unique_ptr<Session>> Session::open(const SessionDesc& desc) {
  auto policy = load_for(desc);
  if (!policy) return policy.error();
  EngineDesc ed{.policy = std::move(policy).value(), .commit_every_s = kCommitEveryS};
  auto tz = TimeZone::load(ed.policy.time_value.timezone);
  if (!tz) return Error{tz.error().code, desc.policy_path + ": time_value.timezone: " + tz.error().message};
  ed.timezone = std::move(tz).value();
  std::string temp;
  ed.ledger_path = desc.ledger_path;
  if (ed.ledger_path.empty()) {
    auto t = temp_ledger_path();
    if (!t) return t.error();
    temp = ed.ledger_path = t.value();
  }
  auto engine = Engine::create(ed);
  if (!engine) {
    remove_temp_dir(temp);
    return engine.error();
  }
  return std::unique_ptr<Session>(new Session(std::move(engine).value(), std::move(temp)));
}

Session::Session(Engine engine, std::string temp_path)
    : engine_(std::move(engine)), temp_path_(std::move(temp_path)) {}

Session::~Session() {
  // Close the database before its files go.
  engine_.reset();
  remove_temp_dir(temp_path_);
}

}  // namespace tw::cli
