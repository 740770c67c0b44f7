// policy_file_mode.hpp: policy files are owner-only, like the ledger.
//
// What it does: checks the mode of an opened policy file. A file this
// process owns with any group/other permission bit is made owner-only
// (fchmod to its owner bits) and a notice says so; a file that is group- or
// world-writable and owned by someone else is refused (Errc::io, naming the
// file, its mode and owner), because anyone could have edited it.
// What it does not do: open or read the file (load_policy_file does), follow
// the folders above it, or touch a file that is only readable by others and
// not ours (reading it is harmless; it is not ours to change).
//
//   const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
//   auto notice = tw::secure_policy_file(fd, path);
//   if (!notice) return notice.error();           // group/world-writable, not ours
//   if (!notice->empty()) log(*notice);           // "made owner-only (was 0664)"
#pragma once

#include <string>

#include "core/result.hpp"

namespace tw {

// "" when nothing was changed, else one line saying what was.
Result<std::string> secure_policy_file(int fd, const std::string& path);

}  // namespace tw
