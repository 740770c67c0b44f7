#include "report/files.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <sys/stat.h>

namespace tw::report {

namespace {

// Into an existing file that is not a regular one (/dev/null, /dev/stdout,
// a FIFO): written in place. Renaming over it would replace the device
// itself (as root, /dev/null became a regular file).
Status write_in_place(const std::string& path, const std::string& text) {
  std::ofstream f(path, std::ios::binary);
  if (!f) return Error{Errc::io, path + ": cannot open for writing"};
  f.write(text.data(), static_cast<std::streamsize>(text.size()));
  f.close();
  if (!f) return Error{Errc::io, path + ": write failed"};
  return {};
}

}  // namespace

Status write_file_atomic(const std::string& path, const std::string& text) {
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) return write_in_place(path, text);
  const std::string tmp = path + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    if (!f) return Error{Errc::io, path + ": cannot open for writing"};
    f.write(text.data(), static_cast<std::streamsize>(text.size()));
    f.close();
    if (!f) {
      std::error_code ec;
      std::filesystem::remove(tmp, ec);
      return Error{Errc::io, path + ": write failed"};
    }
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) return Error{Errc::io, path + ": " + ec.message()};
  return {};
}

Result<std::string> read_file_capped(const std::string& path, int64_t max_bytes) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return Error{Errc::not_found, path + ": no such file"};
  if (st.st_size > max_bytes)
    return Error{Errc::too_large, path + ": larger than " + std::to_string(max_bytes >> 20) + " MiB"};
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{Errc::io, path + ": cannot be read"};
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return Error{Errc::io, path + ": read failed"};
  return text.str();
}

}  // namespace tw::report
