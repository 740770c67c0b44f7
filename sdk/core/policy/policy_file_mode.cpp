#include "core/policy/policy_file_mode.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace tw {
namespace {

std::string octal(unsigned mode) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04o", mode & 07777u);
  return buf;
}

}  // namespace

Result<std::string> secure_policy_file(int fd, const std::string& path) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) return Error{Errc::io, path + ": cannot stat: " + std::strerror(errno)};
  const unsigned mode = st.st_mode & 07777u;
  if ((mode & 077u) == 0) return std::string();
  const bool ours = st.st_uid == ::geteuid();
  if (ours && ::fchmod(fd, mode & 07700u) == 0)
    return path + ": had mode " + octal(mode) + " (group/other could read or write it); made owner-only (" +
           octal(mode & 07700u) + ")";
  if ((mode & 022u) != 0) {
    return Error{Errc::io, "refused: mode " + octal(mode) + " lets group or others write it and it is " +
                               (ours ? "ours but cannot be made owner-only: " + std::string(std::strerror(errno))
                                     : "owned by uid " + std::to_string(st.st_uid) + ", not this process (uid " +
                                           std::to_string(::geteuid()) + ")") +
                               "; make it owner-only (chmod 600) as its owner"};
  }
  return std::string();  // readable by others, not ours to change: harmless to read
}

}  // namespace tw
