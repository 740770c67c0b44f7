#include "dbus/notify_call.hpp"

#include <limits>

namespace tw::dbus {
namespace {

// Reads an integer variant of any D-Bus integer type; `ok` false otherwise.
int read_integer_variant(sd_bus_message* m, int64_t& value, bool& ok) {
  char type = 0;
  const char* contents = nullptr;
  int r = sd_bus_message_peek_type(m, &type, &contents);
  if (r < 0) return r;
  ok = false;
  if (type != SD_BUS_TYPE_VARIANT || !contents || contents[0] == 0 || contents[1] != 0)
    return sd_bus_message_skip(m, "v");
  r = sd_bus_message_enter_container(m, SD_BUS_TYPE_VARIANT, contents);
  if (r < 0) return r;
  switch (contents[0]) {
    case 'y': { uint8_t v = 0; r = sd_bus_message_read_basic(m, 'y', &v); value = v; ok = true; break; }
    case 'n': { int16_t v = 0; r = sd_bus_message_read_basic(m, 'n', &v); value = v; ok = true; break; }
    case 'q': { uint16_t v = 0; r = sd_bus_message_read_basic(m, 'q', &v); value = v; ok = true; break; }
    case 'i': { int32_t v = 0; r = sd_bus_message_read_basic(m, 'i', &v); value = v; ok = true; break; }
    case 'u': { uint32_t v = 0; r = sd_bus_message_read_basic(m, 'u', &v); value = v; ok = true; break; }
    case 'x': { int64_t v = 0; r = sd_bus_message_read_basic(m, 'x', &v); value = v; ok = true; break; }
    case 't': {
      uint64_t v = 0;
      r = sd_bus_message_read_basic(m, 't', &v);
      value = v > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) ? -1 : static_cast<int64_t>(v);
      ok = true;
      break;
    }
    default: r = sd_bus_message_skip(m, contents); break;
  }
  if (r < 0) return r;
  return sd_bus_message_exit_container(m);
}

int read_string_variant(sd_bus_message* m, std::string_view& value) {
  char type = 0;
  const char* contents = nullptr;
  int r = sd_bus_message_peek_type(m, &type, &contents);
  if (r < 0) return r;
  if (type != SD_BUS_TYPE_VARIANT || !contents || std::string_view(contents) != "s")
    return sd_bus_message_skip(m, "v");
  const char* s = nullptr;
  r = sd_bus_message_read(m, "v", "s", &s);
  if (r < 0) return r;
  value = s ? s : "";
  return 0;
}

}  // namespace

int read_notify_call(sd_bus_message* m, NotifyCall& out) {
  const char *app = nullptr, *icon = nullptr, *summary = nullptr, *body = nullptr;
  int r = sd_bus_message_read(m, "susss", &app, &out.replaces_id, &icon, &summary, &body);
  if (r < 0) return r;
  out.in.app_name = app ? app : "";
  out.app_icon = icon ? icon : "";
  out.in.summary = summary ? summary : "";
  out.in.body = body ? body : "";

  r = sd_bus_message_enter_container(m, SD_BUS_TYPE_ARRAY, "s");
  if (r < 0) return r;
  const char* action = nullptr;
  while ((r = sd_bus_message_read_basic(m, 's', &action)) > 0) {
    // Beyond the kept ones (clean_notification keeps kMaxActions pairs) only read.
    if (out.in.actions.size() < 2 * kMaxActions + 2) out.in.actions.emplace_back(action ? action : "");
  }
  if (r < 0) return r;
  r = sd_bus_message_exit_container(m);
  if (r < 0) return r;

  r = sd_bus_message_enter_container(m, SD_BUS_TYPE_ARRAY, "{sv}");
  if (r < 0) return r;
  while ((r = sd_bus_message_enter_container(m, SD_BUS_TYPE_DICT_ENTRY, "sv")) > 0) {
    const char* key = nullptr;
    r = sd_bus_message_read_basic(m, 's', &key);
    if (r < 0) return r;
    const std::string_view k = key ? key : "";
    if (k == "urgency") {
      int64_t v = 1;
      bool ok = false;
      r = read_integer_variant(m, v, ok);
      if (ok) out.in.urgency = v >= 0 && v <= 2 ? static_cast<int>(v) : 1;
    } else if (k == "desktop-entry") {
      r = read_string_variant(m, out.in.desktop_entry);
    } else {
      r = sd_bus_message_skip(m, "v");
    }
    if (r < 0) return r;
    r = sd_bus_message_exit_container(m);
    if (r < 0) return r;
  }
  if (r < 0) return r;
  r = sd_bus_message_exit_container(m);
  if (r < 0) return r;

  int32_t expire = -1;
  r = sd_bus_message_read_basic(m, 'i', &expire);
  if (r < 0) return r;
  out.in.expire_timeout_ms = expire;
  return 0;
}

}  // namespace tw::dbus
