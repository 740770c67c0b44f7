#include "monado/shield_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace tw {
namespace {

// Opens `path` onto descriptor `fd` in a forked child; 0 or errno.
int redirect(int fd, const char* path, int flags) {
  const int opened = ::open(path, flags, 0600);
  if (opened < 0) return errno;
  if (opened != fd && (::dup2(opened, fd) < 0 || ::close(opened) != 0)) return errno;
  return 0;
}

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
  std::vector<std::string> argv{desc_.program};
  if (!desc_.fixed_args) argv.insert(argv.end(), {"--label", request.label, "--reason", request.reason});
  else argv.insert(argv.end(), desc_.args.begin(), desc_.args.end());
  std::vector<char*> args;
  for (std::string& a : argv) args.push_back(a.data());
  args.push_back(nullptr);
  // fork + exec rather than posix_spawn: the child must ask for
  // PR_SET_PDEATHSIG before it runs the shield, so that a SIGKILLed enforce
  // takes its shield with it (no shield left holding primary with no one to
  // lift it). An exec failure comes back through a close-on-exec pipe.
  int report[2];
  if (::pipe2(report, O_CLOEXEC) != 0) return Error{Errc::io, std::string("cannot start the shield: ") + std::strerror(errno)};
  const pid_t parent = ::getpid();
  const char* log = desc_.log_path.empty() ? nullptr : desc_.log_path.c_str();
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::close(report[0]);
    int err = 0;
    // SIGKILL: the shield holds nothing to save, and a signal it blocks
    // (it takes SIGTERM once per frame) could leave it running. The parent
    // check closes the window where enforce died before prctl.
    if (::prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) err = errno;
    if (err == 0 && ::getppid() != parent) ::_exit(127);
    if (err == 0) err = redirect(0, "/dev/null", O_RDONLY);
    if (err == 0 && log != nullptr && (err = redirect(1, log, O_WRONLY | O_CREAT | O_APPEND)) == 0 &&
        ::dup2(1, 2) < 0)
      err = errno;
    if (err == 0) {
      ::execvp(args[0], args.data());
      err = errno;
    }
    while (::write(report[1], &err, sizeof err) < 0 && errno == EINTR) {
    }
    ::_exit(127);
  }
  const int fork_err = pid < 0 ? errno : 0;
  ::close(report[1]);
  int r = fork_err;
  if (pid > 0) {
    ssize_t n = 0;
    while ((n = ::read(report[0], &r, sizeof r)) < 0 && errno == EINTR) {
    }
    if (n != static_cast<ssize_t>(sizeof r)) r = 0;  // closed by the exec: the shield runs
    if (r != 0) {
      int status = 0;
      while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
      }
    }
  }
  ::close(report[0]);
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
