#include "pin_prompt.hpp"

#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace tw::cli {

namespace {

// One line from fd 0, without its newline; nullopt-like Error at end of input.
Result<std::string> read_line() {
  std::string line;
  for (char c = 0;;) {
    const ssize_t n = ::read(STDIN_FILENO, &c, 1);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Error{Errc::io, std::string("cannot read the PIN: ") + std::strerror(errno)};
    if (n == 0) {
      if (line.empty()) return Error{Errc::io, "no PIN given (end of input)"};
      break;
    }
    if (c == '\n') break;
    if (line.size() < 256) line += c;  // longer than any PIN: the check refuses it
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

}  // namespace

Result<std::string> read_pin(std::string_view prompt) {
  if (!::isatty(STDIN_FILENO)) return read_line();
  std::fprintf(stderr, "%.*s", static_cast<int>(prompt.size()), prompt.data());
  std::fflush(stderr);
  termios before{};
  if (::tcgetattr(STDIN_FILENO, &before) != 0)
    return Error{Errc::io, std::string("cannot read the terminal's settings: ") + std::strerror(errno)};
  termios quiet = before;
  quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  quiet.c_lflag |= ECHONL;  // the newline still shows, so the next line starts clean
  if (::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) != 0)
    return Error{Errc::io, std::string("cannot turn off the terminal's echo: ") + std::strerror(errno)};
  Result<std::string> line = read_line();
  ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &before);
  return line;
}

}  // namespace tw::cli
