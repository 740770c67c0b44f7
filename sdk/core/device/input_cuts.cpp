#include "core/device/input_cuts.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>

#include "core/durable_replace.hpp"

namespace tw {
namespace {

constexpr std::string_view kHeader = "timewall-input-cuts 1";
constexpr size_t kMaxFileBytes = 1 << 20;

Error io_error(const std::string& what, const std::string& path, int err) {
  return Error{Errc::io, "cannot " + what + " " + path + ": " + std::strerror(err)};
}

// "WORD " then a non-negative decimal then " "; advances `line`.
bool take_field(std::string_view& line, std::string_view word, int32_t& value) {
  if (!line.starts_with(word) || line.size() <= word.size() || line[word.size()] != ' ') return false;
  line.remove_prefix(word.size() + 1);
  const auto [end, ec] = std::from_chars(line.data(), line.data() + line.size(), value);
  if (ec != std::errc{} || value < 0 || end == line.data() || end == line.data() + line.size() || *end != ' ')
    return false;
  line.remove_prefix(static_cast<size_t>(end - line.data()) + 1);
  return true;
}

}  // namespace

std::string format_input_cuts(std::span<const InputCut> cuts) {
  std::string text(kHeader);
  text += '\n';
  for (const InputCut& k : cuts) {
    std::string name = k.name;
    for (char& ch : name)
      if (ch == '\n' || ch == '\r') ch = ' ';
    text += "client " + std::to_string(k.client) + " pid " + std::to_string(k.pid) + " " + name + "\n";
  }
  return text;
}

Result<std::vector<InputCut>> parse_input_cuts(std::string_view text) {
  std::vector<InputCut> cuts;
  size_t line_no = 0;
  while (!text.empty()) {
    const size_t nl = text.find('\n');
    if (nl == std::string_view::npos)
      return Error{Errc::parse, "line " + std::to_string(line_no + 1) + ": no newline at the end"};
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl + 1);
    ++line_no;
    if (line_no == 1) {
      if (line != kHeader) return Error{Errc::parse, "line 1: expected '" + std::string(kHeader) + "'"};
      continue;
    }
    InputCut k;
    if (!take_field(line, "client", k.client) || !take_field(line, "pid", k.pid))
      return Error{Errc::parse, "line " + std::to_string(line_no) + ": expected 'client ID pid PID NAME'"};
    k.name = std::string(line);
    cuts.push_back(std::move(k));
  }
  if (line_no == 0) return Error{Errc::parse, "line 1: empty"};
  return cuts;
}

std::vector<InputCut> still_cut(std::span<const InputCut> recorded, std::span<const RuntimeClient> clients) {
  std::vector<InputCut> kept;
  for (const InputCut& k : recorded)
    for (const RuntimeClient& c : clients)
      if (c.id == k.client && c.pid == k.pid && c.name == k.name && c.active && !c.io) {
        kept.push_back(k);
        break;
      }
  return kept;
}

Result<std::vector<InputCut>> InputCutFile::load() {
  const int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return std::vector<InputCut>{};
    return io_error("read", path_, errno);
  }
  std::string data;
  char buf[4096];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int err = errno;
      ::close(fd);
      return io_error("read", path_, err);
    }
    if (n == 0) break;
    data.append(buf, static_cast<size_t>(n));
    if (data.size() > kMaxFileBytes) {
      ::close(fd);
      return Error{Errc::parse, path_ + ": larger than a list of input cuts can be"};
    }
  }
  ::close(fd);
  auto cuts = parse_input_cuts(data);
  if (!cuts) return Error{cuts.error().code, path_ + ": " + cuts.error().message};
  return cuts;
}

// The whole list in one rename, so a reader (the next enforcer) sees the
// old list or the new one, never a part; durable before it returns, since
// the toggle it precedes is.
Status InputCutFile::save(std::span<const InputCut> cuts) {
  return durable_replace(path_, format_input_cuts(cuts), 0600);
}

}  // namespace tw
