#include "monado/command_runner.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

extern char** environ;

namespace tw {
namespace {

int64_t mono_ms() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000 + ts.tv_nsec / 1'000'000;
}

// Closes a descriptor once.
struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) close(fd);
  }
};

}  // namespace

Result<CommandOutput> run_command(const std::vector<std::string>& argv, CommandLimits limits) {
  if (argv.empty() || argv[0].empty()) return Error{Errc::invalid_argument, "run_command: no program given"};
  const int64_t timeout_ms = limits.timeout_ms > 0 ? limits.timeout_ms : 5000;
  const size_t max_bytes = limits.max_bytes > 0 ? limits.max_bytes : 64 * 1024;
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return Error{Errc::io, std::string("pipe: ") + std::strerror(errno)};
  Fd read_end{fds[0]}, write_end{fds[1]};

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, write_end.fd, 1);
  posix_spawn_file_actions_adddup2(&actions, write_end.fd, 2);
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  const int spawned = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0)
    return Error{spawned == ENOENT ? Errc::not_found : Errc::io,
                 "cannot start " + argv[0] + ": " + std::strerror(spawned)};
  close(write_end.fd);
  write_end.fd = -1;

  CommandOutput out;
  const int64_t deadline = mono_ms() + timeout_ms;
  bool timed_out = false;
  char buf[4096];
  for (;;) {
    const int64_t left = deadline - mono_ms();
    if (left <= 0) {
      timed_out = true;
      break;
    }
    pollfd p{read_end.fd, POLLIN, 0};
    const int r = poll(&p, 1, static_cast<int>(left));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) {
      timed_out = r == 0;
      if (r < 0) break;
      continue;
    }
    const ssize_t n = read(read_end.fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // end of output
    const size_t room = max_bytes - std::min(max_bytes, out.output.size());
    out.output.append(buf, std::min(room, static_cast<size_t>(n)));
  }
  // Its output ended; it still has until the deadline to exit.
  int status = 0;
  while (!timed_out) {
    const pid_t w = waitpid(pid, &status, WNOHANG);
    if (w == pid || (w < 0 && errno != EINTR)) break;
    if (mono_ms() >= deadline) timed_out = true;
    else usleep(1000);
  }
  if (timed_out) {
    kill(pid, SIGKILL);
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
  }
  if (timed_out)
    return Error{Errc::io, argv[0] + " did not finish within " + std::to_string(timeout_ms) + " ms (killed)"};
  if (WIFSIGNALED(status))
    return Error{Errc::io, argv[0] + " was killed by signal " + std::to_string(WTERMSIG(status))};
  out.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return out;
}

}  // namespace tw
