// platform/monado: the shield as a process. The one property tested here is
// the one a unit test can show with real processes: a shield never outlives
// the process that raised it, even when that process is SIGKILLed (issue 15
// §5), so no shield is left holding the runtime's primary slot.
#include "tw_catch.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "monado/shield_process.hpp"

namespace {

namespace fs = std::filesystem;

// A process that exists and is not a zombie (an orphan's zombie may wait
// for a reaper that never comes in a container).
bool alive(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return false;
  const size_t close = line.rfind(')');
  return close != std::string::npos && close + 2 < line.size() && line[close + 2] != 'Z';
}

pid_t read_pid(const fs::path& file, std::chrono::milliseconds within) {
  const auto until = std::chrono::steady_clock::now() + within;
  while (std::chrono::steady_clock::now() < until) {
    std::ifstream in(file);
    pid_t pid = 0;
    if (in >> pid && pid > 0) return pid;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return 0;
}

// A stand-in shield in `dir`: writes its pid to dir/shield.pid, then lives
// far longer than the test.
fs::path fake_shield(const fs::path& dir) {
  fs::remove_all(dir);
  fs::create_directories(dir);
  const fs::path program = dir / "fake-shield";
  {
    std::ofstream out(program);
    out << "#!/bin/sh\necho $$ >" << (dir / "shield.pid.tmp").string() << "\nmv " << (dir / "shield.pid.tmp").string()
        << ' ' << (dir / "shield.pid").string() << "\nexec sleep 60\n";
  }
  fs::permissions(program, fs::perms::owner_all);
  return program;
}

}  // namespace

TEST_CASE("ShieldProcess: a SIGKILLed host takes its shield with it") {
  const fs::path dir = fs::temp_directory_path() / ("tw_shield_" + std::to_string(::getpid()));
  const fs::path program = fake_shield(dir);
  const fs::path pid_file = dir / "shield.pid";

  // The host: raises the shield, then waits to be killed.
  const pid_t host = ::fork();
  REQUIRE(host >= 0);
  if (host == 0) {
    tw::ShieldProcess shield({.program = program.string()});
    if (!shield.raise({.label = "games", .reason = "budget_reached"})) ::_exit(2);
    for (;;) ::pause();
  }
  const pid_t shield = read_pid(pid_file, std::chrono::seconds(5));
  REQUIRE(shield > 0);
  CHECK(alive(shield));
  ::kill(host, SIGKILL);
  int status = 0;
  REQUIRE(::waitpid(host, &status, 0) == host);
  const auto killed = std::chrono::steady_clock::now();
  while (alive(shield) && std::chrono::steady_clock::now() - killed < std::chrono::seconds(2))
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  const bool gone = !alive(shield);
  if (!gone) ::kill(shield, SIGKILL);  // leave nothing behind when the check fails
  CHECK(gone);
  fs::remove_all(dir);
}

TEST_CASE("ShieldProcess: a program that does not start is an error value, and lower() ends a running one") {
  tw::ShieldProcess missing({.program = "/nonexistent/timewall-shield"});
  auto r = missing.raise({});
  REQUIRE_FALSE(r);
  CHECK(r.error().code == tw::Errc::not_found);
  CHECK_FALSE(missing.raised());

  const fs::path dir = fs::temp_directory_path() / ("tw_shield_lower_" + std::to_string(::getpid()));
  tw::ShieldProcess shield({.program = fake_shield(dir).string(), .stop_timeout_ms = 500});
  REQUIRE(shield.raise({.label = "games", .reason = "budget_reached"}));
  const pid_t pid = read_pid(dir / "shield.pid", std::chrono::seconds(5));
  REQUIRE(pid > 0);
  CHECK(shield.raised());
  CHECK(shield.owns(pid));
  shield.lower();
  CHECK_FALSE(shield.raised());
  CHECK_FALSE(alive(pid));
  fs::remove_all(dir);
}

TEST_CASE("ShieldProcess: the shield gets --label and --reason, with fixed_args (timewall-overlay) only those") {
  const fs::path dir = fs::temp_directory_path() / ("tw_shield_args_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const fs::path program = dir / "print-args";
  {
    std::ofstream out(program);
    out << "#!/bin/sh\necho \"$# $*\" >" << (dir / "args.tmp").string() << "\nmv " << (dir / "args.tmp").string() << ' '
        << (dir / "args").string() << "\nexec sleep 60\n";
  }
  fs::permissions(program, fs::perms::owner_all);
  auto args_read = [&] {
    for (int i = 0; i < 500; ++i) {
      std::ifstream in(dir / "args");
      std::string line;
      if (std::getline(in, line)) return line;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return std::string("(none)");
  };
  {
    tw::ShieldProcess shield({.program = program.string(), .stop_timeout_ms = 500});
    REQUIRE(shield.raise({.label = "games", .reason = "budget_reached"}));
    CHECK(args_read() == "4 --label games --reason budget_reached");
  }
  fs::remove(dir / "args");
  {
    tw::ShieldProcess none({.program = program.string(), .stop_timeout_ms = 500, .fixed_args = true});
    REQUIRE(none.raise({.label = "ignored", .reason = "ignored"}));
    CHECK(args_read() == "0 ");
  }
  fs::remove(dir / "args");
  {
    tw::ShieldProcess overlay(
        {.program = program.string(), .stop_timeout_ms = 500, .fixed_args = true, .args = {"--bus", "unix:path=/x"}});
    REQUIRE(overlay.raise({}));
    CHECK(args_read() == "2 --bus unix:path=/x");
  }
  fs::remove_all(dir);
}
