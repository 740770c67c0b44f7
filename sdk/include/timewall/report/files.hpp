// files.hpp: whole files in and out, safely.
//
// What it does: writes a file atomically (a temporary file renamed into
// place, so a failure never leaves half a file where an older good one was),
// and reads a whole file up to a size limit. A path that names an existing
// device or FIFO (/dev/null, /dev/stdout) is written in place, never
// replaced.
// What it does not do: create folders, or change permissions.
//
//   if (auto st = tw::report::write_file_atomic("report.html", html); !st) fail(st.error());
//   auto text = tw::report::read_file_capped("aw.json", tw::report::kMaxImportBytes);
#pragma once

#include <cstdint>
#include <string>

#include "core/result.hpp"

namespace tw::report {

Status write_file_atomic(const std::string& path, const std::string& text);

// Errc::not_found for a missing file, Errc::too_large beyond `max_bytes`.
Result<std::string> read_file_capped(const std::string& path, int64_t max_bytes);

}  // namespace tw::report
