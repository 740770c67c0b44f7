// durable_replace.hpp: a small file replaced whole, durably: the device
// guardian's files and enforce's input cuts, which must survive a crash
// or a kill at any moment as either the old content or the new.
//
// What it does: writes `data` to a temporary file beside `path` with
// `mode`, fsyncs it, renames it over `path` and fsyncs the folder, so a
// reader sees the old file or the new one, never a part, and the new one
// is on disk before the call returns.
// What it does not do: write devices or FIFOs in place (sdk/report's
// write_file_atomic does, for report output), or lock against other writers.
//
//   if (Status st = tw::durable_replace("/etc/timewall/guardian.pin", hash, 0600); !st) fail(st.error());
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace tw {

// Errc::io on failure ("cannot write PATH: ..." / "cannot replace PATH: ...");
// the temporary file is removed and `path` is unchanged.
Status durable_replace(const std::string& path, std::string_view data, mode_t mode);

}  // namespace tw
