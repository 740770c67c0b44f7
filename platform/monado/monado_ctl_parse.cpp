#include "monado/monado_ctl_parse.hpp"

#include <charconv>
#include <cstdint>
#include <string>

namespace tw {
namespace {

Error bad_line(size_t line_no, std::string_view why, std::string_view line) {
  constexpr size_t kShown = 120;
  std::string shown(line.substr(0, kShown));
  for (char& ch : shown)
    if (static_cast<unsigned char>(ch) < 0x20) ch = ' ';
  return Error{Errc::parse, "monado-ctl output line " + std::to_string(line_no) + ": " + std::string(why) + " ('" +
                                shown + (line.size() > kShown ? "...'" : "'") + ")"};
}

// "key: 123" -> key and number; false when the token is not of that form.
bool field(std::string_view token, std::string_view& key, int32_t& value) {
  const size_t colon = token.find(": ");
  if (colon == std::string_view::npos || colon == 0) return false;
  key = token.substr(0, colon);
  for (char ch : key)
    if (!(ch >= 'a' && ch <= 'z')) return false;
  const std::string_view number = token.substr(colon + 2);
  if (number.empty()) return false;
  const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
  return ec == std::errc{} && end == number.data() + number.size();
}

}  // namespace

Result<std::vector<RuntimeClient>> parse_monado_ctl_clients(std::string_view text) {
  std::vector<RuntimeClient> clients;
  bool in_section = false, seen_section = false;
  size_t line_no = 0;
  while (!text.empty()) {
    const size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!in_section) {
      if (line == "Clients:") in_section = seen_section = true;
      continue;
    }
    if (line.empty() || line.front() != '\t') break;
    RuntimeClient c;
    enum : unsigned { kId = 1, kAct = 2, kDisp = 4, kFoc = 8, kIo = 16, kOvly = 32, kZ = 64, kPid = 128, kAll = 255 };
    unsigned got = 0;
    std::string_view rest = line.substr(1);
    while (got != kAll) {  // then the rest is the name, whatever it looks like
      const size_t tab = rest.find('\t');
      std::string_view key;
      int32_t value = 0;
      if (!field(rest.substr(0, tab), key, value)) break;
      if (key == "id") c.id = value, got |= kId;
      else if (key == "act") c.active = value != 0, got |= kAct;
      else if (key == "disp") c.displayed = value != 0, got |= kDisp;
      else if (key == "foc") c.focused = value != 0, got |= kFoc;
      else if (key == "io") c.io = value != 0, got |= kIo;
      else if (key == "ovly") c.overlay = value != 0, got |= kOvly;
      else if (key == "z") c.z_order = value, got |= kZ;
      else if (key == "pid") c.pid = value, got |= kPid;
      if (tab == std::string_view::npos) {
        rest = {};
        break;
      }
      rest = rest.substr(tab + 1);
    }
    if (got != kAll) return bad_line(line_no, "a client line lacks one of id, act, disp, foc, io, ovly, z, pid", line);
    if (c.id < 0 || c.pid < 0) return bad_line(line_no, "a negative id or pid", line);
    c.name = std::string(rest);
    clients.push_back(std::move(c));
  }
  if (!seen_section) return Error{Errc::parse, "monado-ctl printed no 'Clients:' list"};
  return clients;
}

}  // namespace tw
