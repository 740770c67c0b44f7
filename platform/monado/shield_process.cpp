#include "monado/shield_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

extern char** environ;

namespace tw {
namespace {

int64_t mono_ms() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000 + ts.tv_nsec / 1'000'000;
}

}  // namespace

ShieldProcess::ShieldProcess(ShieldProcessDesc desc) : desc_(std::move(desc)) {
  if (desc_.stop_timeout_ms <= 0) desc_.stop_timeout_ms = 3000;
  if (desc_.respawn_after_ms <= 0) desc_.respawn_after_ms = 1000;
}

ShieldProcess::~ShieldProcess() { lower(); }

Status ShieldProcess::raise(const ShieldRequest& request) {
  if (raised()) return {};
  if (desc_.program.empty()) return Error{Errc::invalid_argument, "no shield program given"};
  if (spawned_ms_ != 0 && mono_ms() - spawned_ms_ < desc_.respawn_after_ms)
    return Error{Errc::io, "the shield ended less than " + std::to_string(desc_.respawn_after_ms) +
                               " ms after its start; not started again yet"};
  std::vector<std::string> argv{desc_.program, "--label", request.label, "--reason", request.reason};
  std::vector<char*> args;
  for (std::string& a : argv) args.push_back(a.data());
  args.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  if (!desc_.log_path.empty()) {
    posix_spawn_file_actions_addopen(&actions, 1, desc_.log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
  }
  pid_t pid = 0;
  const int r = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  spawned_ms_ = mono_ms();
  if (r != 0)
    return Error{r == ENOENT ? Errc::not_found : Errc::io, "cannot start " + desc_.program + ": " + std::strerror(r)};
  pid_ = pid;
  return {};
}

bool ShieldProcess::raised() {
  if (pid_ <= 0) return false;
  int status = 0;
  const pid_t w = waitpid(pid_, &status, WNOHANG);
  if (w == 0) return true;
  pid_ = 0;  // ended (or is not ours any more)
  return false;
}

void ShieldProcess::lower() {
  if (!raised()) return;
  kill(pid_, SIGTERM);
  const int64_t deadline = mono_ms() + desc_.stop_timeout_ms;
  int status = 0;
  while (waitpid(pid_, &status, WNOHANG) == 0) {
    if (mono_ms() >= deadline) {
      kill(pid_, SIGKILL);
      while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
      }
      break;
    }
    usleep(5000);
  }
  pid_ = 0;
}

}  // namespace tw
