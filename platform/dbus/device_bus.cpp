#include "dbus/device_bus.hpp"

#include <cerrno>
#include <cstring>

#include "dbus/notify_server.hpp"

namespace tw::dbus {
namespace {

int read_text(sd_bus_message* m, std::string& out) {
  const char* s = nullptr;
  const int r = sd_bus_message_read_basic(m, 's', &s);
  if (r <= 0) return r < 0 ? r : -EBADMSG;
  const size_t n = std::strlen(s);
  if (n > kMaxStatusTextBytes) return -EMSGSIZE;
  out.assign(s, n);
  return 1;
}

int read_gate(sd_bus_message* m, GateStatus& g) {
  int r = read_text(m, g.kind);
  if (r >= 0) r = read_text(m, g.reason);
  if (r >= 0) r = read_text(m, g.rule);
  return r;
}

int read_i64(sd_bus_message* m, char type, int64_t& out) {
  const int r = sd_bus_message_read_basic(m, type, &out);
  return r == 0 ? -EBADMSG : r;
}

int read_bool(sd_bus_message* m, bool& out) {
  int b = 0;
  const int r = sd_bus_message_read_basic(m, 'b', &b);
  out = b != 0;
  return r == 0 ? -EBADMSG : r;
}

}  // namespace

int append_device_status(sd_bus_message* m, const DeviceStatus& s) {
  int r = sd_bus_message_append(m, "xb", s.at_ms, static_cast<int>(s.accounting));
  if (r >= 0) r = sd_bus_message_open_container(m, 'a', "(sssixxsss)");
  for (const AppStatus& a : s.apps) {
    if (r < 0) break;
    r = sd_bus_message_append(m, "(sssixxsss)", a.app.c_str(), a.category.c_str(), a.state.c_str(), a.client,
                              a.today_ms, a.week_ms, a.gate.kind.c_str(), a.gate.reason.c_str(), a.gate.rule.c_str());
  }
  if (r >= 0) r = sd_bus_message_close_container(m);
  if (r >= 0) r = sd_bus_message_open_container(m, 'a', "(ssssxxs)");
  for (const BudgetStatus& b : s.budgets) {
    if (r < 0) break;
    r = sd_bus_message_append(m, "(ssssxxs)", b.id.c_str(), b.scope.c_str(), b.target.c_str(), b.period.c_str(),
                              b.used_ms, b.limit_ms, b.at_limit.c_str());
  }
  if (r >= 0) r = sd_bus_message_close_container(m);
  if (r >= 0)
    r = sd_bus_message_append(m, "(bxx)", static_cast<int>(s.youth_enabled), s.youth_cap_ms, s.youth_used_ms);
  if (r >= 0)
    r = sd_bus_message_append(m, "(sssss)", s.decision_app.c_str(), s.decision.kind.c_str(), s.decision.reason.c_str(),
                              s.decision.rule.c_str(), "");
  return r;
}

int read_device_status(sd_bus_message* m, DeviceStatus& out) {
  out = {};
  int r = sd_bus_message_rewind(m, 1);
  if (r >= 0 && !sd_bus_message_has_signature(m, kStatusSignature)) r = -EBADMSG;
  if (r >= 0) r = read_i64(m, 'x', out.at_ms);
  if (r >= 0) r = read_bool(m, out.accounting);
  if (r >= 0) r = sd_bus_message_enter_container(m, 'a', "(sssixxsss)");
  while (r >= 0) {
    r = sd_bus_message_enter_container(m, 'r', "sssixxsss");
    if (r <= 0) break;
    if (out.apps.size() >= kMaxStatusEntries) return -E2BIG;
    AppStatus& a = out.apps.emplace_back();
    r = read_text(m, a.app);
    if (r >= 0) r = read_text(m, a.category);
    if (r >= 0) r = read_text(m, a.state);
    if (r >= 0) r = sd_bus_message_read_basic(m, 'i', &a.client);
    if (r >= 0) r = read_i64(m, 'x', a.today_ms);
    if (r >= 0) r = read_i64(m, 'x', a.week_ms);
    if (r >= 0) r = read_gate(m, a.gate);
    if (r >= 0) r = sd_bus_message_exit_container(m);
  }
  if (r >= 0) r = sd_bus_message_exit_container(m);
  if (r >= 0) r = sd_bus_message_enter_container(m, 'a', "(ssssxxs)");
  while (r >= 0) {
    r = sd_bus_message_enter_container(m, 'r', "ssssxxs");
    if (r <= 0) break;
    if (out.budgets.size() >= kMaxStatusEntries) return -E2BIG;
    BudgetStatus& b = out.budgets.emplace_back();
    r = read_text(m, b.id);
    if (r >= 0) r = read_text(m, b.scope);
    if (r >= 0) r = read_text(m, b.target);
    if (r >= 0) r = read_text(m, b.period);
    if (r >= 0) r = read_i64(m, 'x', b.used_ms);
    if (r >= 0) r = read_i64(m, 'x', b.limit_ms);
    if (r >= 0) r = read_text(m, b.at_limit);
    if (r >= 0) r = sd_bus_message_exit_container(m);
  }
  if (r >= 0) r = sd_bus_message_exit_container(m);
  if (r >= 0) r = sd_bus_message_enter_container(m, 'r', "bxx");
  if (r >= 0) r = read_bool(m, out.youth_enabled);
  if (r >= 0) r = read_i64(m, 'x', out.youth_cap_ms);
  if (r >= 0) r = read_i64(m, 'x', out.youth_used_ms);
  if (r >= 0) r = sd_bus_message_exit_container(m);
  if (r >= 0) r = sd_bus_message_enter_container(m, 'r', "sssss");
  if (r >= 0) r = read_text(m, out.decision_app);
  if (r >= 0) r = read_gate(m, out.decision);
  std::string reserved;
  if (r >= 0) r = read_text(m, reserved);
  if (r >= 0) r = sd_bus_message_exit_container(m);
  return r < 0 ? r : 0;
}

int append_app_decision(sd_bus_message* m, const AppDecision& d) {
  return sd_bus_message_append(m, "bssssxxsb", static_cast<int>(d.accounted), d.app.c_str(), d.gate.kind.c_str(),
                               d.gate.reason.c_str(), d.gate.rule.c_str(), d.ring_used_ms, d.ring_limit_ms,
                               d.ring_rule.c_str(), static_cast<int>(d.drawn));
}

int read_app_decision(sd_bus_message* m, AppDecision& out) {
  out = {};
  int r = sd_bus_message_rewind(m, 1);
  const bool v1 = r >= 0 && sd_bus_message_has_signature(m, kAppDecisionSignatureV1);
  if (r >= 0 && !v1 && !sd_bus_message_has_signature(m, kAppDecisionSignature)) r = -EBADMSG;
  if (r >= 0) r = read_bool(m, out.accounted);
  if (r >= 0) r = read_text(m, out.app);
  if (r >= 0) r = read_gate(m, out.gate);
  if (r >= 0) r = read_i64(m, 'x', out.ring_used_ms);
  if (r >= 0) r = read_i64(m, 'x', out.ring_limit_ms);
  if (r >= 0) r = read_text(m, out.ring_rule);
  if (r >= 0 && !v1) r = read_bool(m, out.drawn);
  return r < 0 ? r : 0;
}

Result<DeviceStatus> query_device_status(const std::string& bus_address, uint64_t timeout_us) {
  sd_bus* bus = nullptr;
  int r = 0;
  if (bus_address.empty()) {
    r = sd_bus_open_user(&bus);
  } else {
    r = sd_bus_new(&bus);
    if (r >= 0) r = sd_bus_set_address(bus, bus_address.c_str());
    if (r >= 0) r = sd_bus_set_bus_client(bus, 1);
    if (r >= 0) r = sd_bus_start(bus);
  }
  if (r < 0) {
    sd_bus_unref(bus);
    return Error{Errc::not_found, std::string("no session bus: ") + std::strerror(-r)};
  }
  sd_bus_set_method_call_timeout(bus, timeout_us);
  sd_bus_error error = SD_BUS_ERROR_NULL;
  sd_bus_message* reply = nullptr;
  r = sd_bus_call_method(bus, kNotifyName, kNotifyPath, kDeviceInterface, "Status", &error, &reply, "");
  Result<DeviceStatus> out = Error{Errc::io, ""};
  if (r < 0) {
    const bool absent = sd_bus_error_has_names(&error, SD_BUS_ERROR_SERVICE_UNKNOWN, SD_BUS_ERROR_NAME_HAS_NO_OWNER,
                                               SD_BUS_ERROR_UNKNOWN_INTERFACE, SD_BUS_ERROR_UNKNOWN_METHOD,
                                               SD_BUS_ERROR_UNKNOWN_OBJECT);
    out = Error{absent ? Errc::not_found : Errc::io,
                std::string("Device1.Status: ") + (error.message ? error.message : std::strerror(-r))};
  } else {
    DeviceStatus s;
    if (r = read_device_status(reply, s); r < 0)
      out = Error{Errc::io, std::string("Device1.Status: unreadable reply: ") + std::strerror(-r)};
    else
      out = std::move(s);
  }
  sd_bus_error_free(&error);
  sd_bus_message_unref(reply);
  sd_bus_flush_close_unref(bus);
  return out;
}

}  // namespace tw::dbus
