// pin_prompt.hpp: reads a guardian PIN without showing it.
//
// What it does: on a terminal, writes the prompt to the terminal, turns echo
// off while the line is typed and restores it; from a pipe, reads one line,
// so scripts and tests can give the PIN on stdin.
// What it does not do: check the PIN (DeviceGuardian does) or keep it: the
// caller clears its copy with sodium_memzero when done.
//
//   auto pin = tw::cli::read_pin("Guardian PIN: ");
//   if (!pin) return fail(pin.error());
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace tw::cli {

// Errc::io when stdin is closed before a line, or the terminal cannot be set.
Result<std::string> read_pin(std::string_view prompt);

}  // namespace tw::cli
