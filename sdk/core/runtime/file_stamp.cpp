#include "core/runtime/file_stamp.hpp"

#include <sys/stat.h>

namespace tw {

FileStamp file_stamp(const std::string& path) {
  struct stat st{};
  if (::stat(path.c_str(), &st) != 0) return {};
  return {.exists = true,
          .mtime_ns = static_cast<int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 + st.st_mtim.tv_nsec,
          .size = static_cast<int64_t>(st.st_size),
          .inode = st.st_ino};
}

}  // namespace tw
