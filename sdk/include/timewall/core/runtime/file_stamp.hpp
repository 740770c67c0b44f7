// file_stamp.hpp: what a file looks like from stat(), to notice a change.
//
// What it does: reads a file's existence, modification time (ns), size and
// inode in one stat() call without allocating, so a host can poll a policy
// file every second of frame time for free.
// What it does not do: read the file, watch it (inotify), or tell which of
// two changes within the file system's timestamp resolution came last.
//
//   tw::FileStamp seen = tw::file_stamp(path);
//   ...
//   if (tw::FileStamp now = tw::file_stamp(path); now != seen) { seen = now; reload(); }
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>

namespace tw {

struct FileStamp {
  bool exists = false;
  int64_t mtime_ns = 0;
  int64_t size = 0;
  ino_t inode = 0;
  bool operator==(const FileStamp&) const = default;
};

// A missing or unreadable path gives FileStamp{} (exists = false).
FileStamp file_stamp(const std::string& path);

}  // namespace tw
