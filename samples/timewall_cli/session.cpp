#include "session.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "core/policy/policy_canonical.hpp"
#include "core/policy/policy_loader.hpp"

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

}  // namespace

Result<std::unique_ptr<Session>> Session::open(const SessionDesc& desc) {
  PolicyLoadResult loaded = load_policy_file(desc.policy_path);  // as it is: see session.hpp
  if (!loaded) return loaded.error();
  std::string temp;
  std::string ledger_path = desc.ledger_path;
  if (ledger_path.empty()) {
    auto t = temp_ledger_path();
    if (!t) return t.error();
    temp = ledger_path = t.value();
  }
  auto runtime = Runtime::create({.policy_text = canonical_policy_text(loaded.value()),
                                  .policy_name = desc.policy_path,
                                  .guardian_pin = desc.guardian_pin,
                                  .ledger_path = ledger_path,
                                  .commit_every_s = kCommitEveryS});
  if (!runtime) {
    remove_temp_dir(temp);
    return runtime.error();
  }
  // A replay must not slip a youth change past the PIN: a refusal is an error
  // here (only a ledger the wearer named remembers a policy, never a temporary one).
  if (runtime->start_refusal()) return *runtime->start_refusal();
  return std::unique_ptr<Session>(new Session(std::move(runtime).value(), std::move(temp)));
}

Session::Session(Runtime runtime, std::string temp_path)
    : runtime_(std::move(runtime)), temp_path_(std::move(temp_path)) {}

Session::~Session() {
  // Close the database before its files go.
  runtime_.reset();
  remove_temp_dir(temp_path_);
}

Status Session::notify(Instant now, const TimelineNotification& n) {
  auto id = runtime_->notify(clean_notification(n.in()), now);
  if (!id) return id.error();
  (void)runtime_->take_notify_events();  // no sender to tell: the events are in the ledger
  return {};
}

}  // namespace tw::cli
