#include "dbus/device_shown.hpp"

#include <cerrno>
#include <cstring>

namespace tw::dbus {
namespace {

int read_text(sd_bus_message* m, std::string& out, size_t max_bytes) {
  const char* s = nullptr;
  const int r = sd_bus_message_read_basic(m, 's', &s);
  if (r <= 0) return r < 0 ? r : -EBADMSG;
  const size_t n = std::strlen(s);
  if (n > max_bytes) return -EMSGSIZE;
  out.assign(s, n);
  return 1;
}

constexpr size_t kMaxName = 4096;

struct AnswerEntry {
  SignalKind kind;
  const char* name;
  OverlayKind card;
};
constexpr AnswerEntry kAnswers[] = {
    {SignalKind::continue_anyway, "continue_anyway", OverlayKind::friction_prompt},
    {SignalKind::prompt_leave, "prompt_leave", OverlayKind::friction_prompt},
    {SignalKind::block_leave, "block_leave", OverlayKind::block_shield},
    {SignalKind::block_extend, "block_extend", OverlayKind::block_shield},
    {SignalKind::nudge_dismiss, "nudge_dismiss", OverlayKind::nudge},
    {SignalKind::fill_dismiss, "fill_dismiss", OverlayKind::fill_card},
};

}  // namespace

int append_shown(sd_bus_message* m, std::string_view policy_hash, std::span<const Overlay> overlays,
                 const Interner& apps, const Interner& categories) {
  const std::string hash(policy_hash);
  int r = sd_bus_message_append(m, "s", hash.c_str());
  if (r >= 0) r = sd_bus_message_open_container(m, 'a', "(yyssiiiiuxxxxxdby)");
  size_t n = 0;
  for (const Overlay& o : overlays) {
    if (r < 0 || n == kMaxShownOverlays) break;
    if (o.kind == OverlayKind::nudge && is_notify_nudge(o.nudge_id)) continue;  // Inbox1 has those
    const std::string app(apps.name(o.app)), category(categories.name(o.category));
    r = sd_bus_message_append(m, "(yyssiiiiuxxxxxdby)", static_cast<uint8_t>(o.kind), static_cast<uint8_t>(o.reason),
                              app.c_str(), category.c_str(), o.budget, o.window, o.fill_item, o.exercise, o.nudge_id,
                              o.used_s, o.limit_s, o.remaining_s, o.countdown_s, o.exercise_ms, o.cost_today,
                              static_cast<int>(o.bypass_available), o.actions);
    ++n;
  }
  if (r >= 0) r = sd_bus_message_close_container(m);
  return r;
}

int read_shown(sd_bus_message* m, ShownSet& out) {
  out = {};
  int r = sd_bus_message_rewind(m, 1);
  if (r >= 0 && !sd_bus_message_has_signature(m, kShownSignature)) r = -EBADMSG;
  if (r >= 0) r = read_text(m, out.policy_hash, kMaxName);
  if (r >= 0) r = sd_bus_message_enter_container(m, 'a', "(yyssiiiiuxxxxxdby)");
  while (r >= 0) {
    r = sd_bus_message_enter_container(m, 'r', "yyssiiiiuxxxxxdby");
    if (r <= 0) break;
    if (out.overlays.size() >= kMaxShownOverlays) return -E2BIG;
    ShownOverlay& s = out.overlays.emplace_back();
    Overlay& o = s.overlay;
    uint8_t kind = 0, reason = 0;
    int bypass = 0;
    r = sd_bus_message_read(m, "yy", &kind, &reason);
    if (r >= 0 && (kind >= kOverlayKindCount || reason > static_cast<uint8_t>(Reason::not_offered))) r = -EINVAL;
    if (r >= 0) r = read_text(m, s.app, kMaxName);
    if (r >= 0) r = read_text(m, s.category, kMaxName);
    if (r >= 0)
      r = sd_bus_message_read(m, "iiiiuxxxxxdby", &o.budget, &o.window, &o.fill_item, &o.exercise, &o.nudge_id,
                              &o.used_s, &o.limit_s, &o.remaining_s, &o.countdown_s, &o.exercise_ms, &o.cost_today,
                              &bypass, &o.actions);
    if (r >= 0 && o.actions > kMaxCardActions) r = -EINVAL;
    o.kind = static_cast<OverlayKind>(kind);
    o.reason = static_cast<Reason>(reason);
    o.bypass_available = bypass != 0;
    if (r >= 0) r = sd_bus_message_exit_container(m);
  }
  if (r >= 0) r = sd_bus_message_exit_container(m);
  return r < 0 ? r : 0;
}

int read_policy_text(sd_bus_message* m, std::string& hash, std::string& text) {
  int r = sd_bus_message_rewind(m, 1);
  if (r >= 0 && !sd_bus_message_has_signature(m, kPolicyTextSignature)) r = -EBADMSG;
  if (r >= 0) r = read_text(m, hash, kMaxName);
  if (r >= 0) r = read_text(m, text, kMaxPolicyTextBytes);
  return r < 0 ? r : 0;
}

std::string_view answer_name(SignalKind kind) noexcept {
  for (const AnswerEntry& a : kAnswers)
    if (a.kind == kind) return a.name;
  return {};
}

std::optional<SignalKind> answer_kind(std::string_view name) noexcept {
  for (const AnswerEntry& a : kAnswers)
    if (name == a.name) return a.kind;
  return std::nullopt;
}

OverlayKind answered_card(SignalKind kind) noexcept {
  for (const AnswerEntry& a : kAnswers)
    if (a.kind == kind) return a.card;
  return OverlayKind::budget_ring;
}

}  // namespace tw::dbus
