// panel_content.cpp: Overlay + Policy -> what a panel displays.
#include "render/panel_content.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "core/scheduler/exercise_course.hpp"
#include "layout/panel_spec.hpp"

namespace tw {

std::string_view to_string(Theme theme) noexcept {
  switch (theme) {
    case Theme::additive: return "additive";
    case Theme::plated: return "plated";
  }
  return "unknown";
}

template <size_t N>
std::string_view FixedText<N>::view() const noexcept {
  return std::string_view(chars, ::strnlen(chars, N));
}

template <size_t N>
void FixedText<N>::assign(std::string_view s) noexcept {
  size_t n = std::min(s.size(), N - 1);
  // Do not cut a UTF-8 sequence: back up over continuation bytes.
  if (n < s.size()) {
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0u) == 0x80u) --n;
  }
  std::memset(chars, 0, N);
  std::memcpy(chars, s.data(), n);
}

template struct FixedText<8>;
template struct FixedText<32>;
template struct FixedText<48>;
template struct FixedText<64>;
template struct FixedText<224>;

Theme theme_for(layout::DisplayBlend blend) noexcept {
  return blend == layout::DisplayBlend::additive ? Theme::additive : Theme::plated;
}

PanelExtentPx panel_extent_px(OverlayKind kind, bool collapsed) noexcept {
  const layout::PanelSpec& spec = layout::panel_spec(kind);
  const layout::PanelForm& form = collapsed ? spec.collapsed : spec.full;
  return {static_cast<uint32_t>(std::lround(form.width_em * kPanelEmPx)),
          static_cast<uint32_t>(std::lround(form.height_em(1.4f, 0.6f) * kPanelEmPx))};
}

namespace {

int32_t minutes_up(int64_t s) {
  return static_cast<int32_t>(std::clamp<int64_t>((std::max<int64_t>(s, 0) + 59) / 60, 0, 1'000'000));
}

int64_t round_cents(double cost, bool whole_units) {
  if (!std::isfinite(cost) || cost < 0.0) return 0;
  cost = std::min(cost, 1e12);
  return whole_units ? std::llround(cost) * 100 : std::llround(cost * 100.0);
}

template <class T>
const T* at(const std::vector<T>& v, int32_t i) {
  return i >= 0 && static_cast<size_t>(i) < v.size() ? &v[static_cast<size_t>(i)] : nullptr;
}

// What the exercise adds to a friction prompt: the pacer's phase, or the rows to pick.
void exercise_content(const Exercise& e, const Overlay& o, const Policy& policy, PanelContent& c) {
  const int64_t exercise_ms = o.exercise_ms;
  c.has_exercise = true;
  c.exercise_kind = e.kind;
  switch (e.kind) {
    case ExerciseKind::breathe: {
      const BreathPhase b = breath_phase(exercise_ms, e.breaths);
      c.breath = static_cast<int8_t>(std::clamp(b.breath, 0, 127));
      c.breaths = static_cast<int8_t>(std::clamp(e.breaths, 0, 127));
      c.inhale = b.inhale;
      c.pacer_steps = static_cast<int16_t>(std::lround(b.size * kPacerSteps));
      break;
    }
    case ExerciseKind::wait: break;  // the countdown and its arc say it all
    case ExerciseKind::intention:
    case ExerciseKind::alternative:  // the rows the core offers (exercise_rows), as layout::card_buttons places them
      c.row_count = static_cast<int8_t>(exercise_rows(policy, o.exercise));
      for (int32_t i = 0; i < c.row_count; ++i) c.rows[i].assign(exercise_row_text(policy, o.exercise, i));
      c.picked = static_cast<int8_t>(o.picked >= 0 && o.picked < c.row_count ? o.picked : -1);
      break;
  }
}

}  // namespace

PanelContent make_panel_content(const Overlay& o, const Policy& policy, const Interner& apps,
                                const Interner& categories, Theme theme) noexcept {
  PanelContent c;
  c.kind = o.kind;
  c.theme = theme;
  c.reason = o.reason;
  c.currency.assign(policy.time_value.currency);
  c.bypass_available = o.bypass_available;

  // The label names what the panel is about: budget target, else window,
  // else category, else app.
  const Budget* budget = at(policy.budgets, o.budget);
  const ProtectedWindow* window = at(policy.windows, o.window);
  if (budget) c.label.assign(budget->target);
  else if (window) c.label.assign(window->name);
  else if (o.category != kNoId) c.label.assign(categories.name(o.category));
  else if (o.app != kNoId) c.label.assign(apps.name(o.app));

  switch (o.kind) {
    case OverlayKind::budget_ring:
    case OverlayKind::warning: {
      c.minutes = minutes_up(o.remaining_s);
      c.limit_min = minutes_up(o.limit_s);
      // The arc follows the displayed minute, never the seconds.
      c.arc_steps = c.limit_min > 0
                        ? static_cast<int32_t>(std::lround(static_cast<double>(std::min(c.minutes, c.limit_min)) *
                                                           kArcSteps / c.limit_min))
                        : 0;
      c.cost_cents = round_cents(o.cost_today, o.kind == OverlayKind::budget_ring);
      break;
    }
    case OverlayKind::friction_prompt: {
      c.countdown_s = static_cast<int32_t>(std::clamp<int64_t>(o.countdown_s, 0, 3600));
      // The arc empties over the whole lock: the pause or the exercise's course.
      const int64_t lock_s = std::max<int64_t>((unlock_after_ms(policy, o.exercise) + 999) / 1000, 1);
      c.arc_steps = static_cast<int32_t>(std::min<int64_t>(c.countdown_s, lock_s) * kArcSteps / lock_s);
      if (const Exercise* e = at(policy.friction.exercises, o.exercise)) {
        c.body.assign(e->text);
        exercise_content(*e, o, policy, c);
      }
      break;
    }
    case OverlayKind::block_shield:
      // What is paused (category, else app); the window names why.
      if (o.category != kNoId) c.label.assign(categories.name(o.category));
      else if (o.app != kNoId) c.label.assign(apps.name(o.app));
      if (window) c.title.assign(window->name);
      if (const BlockLift lift = block_lift(o, policy); lift.kind != LiftKind::unknown) {
        c.lift = lift.kind;
        c.lift_min = static_cast<int16_t>(lift.minute);
      }
      break;
    case OverlayKind::nudge:
      if (o.app != kNoId) c.label.assign(apps.name(o.app));
      break;
    case OverlayKind::protect_indicator:
      break;
    case OverlayKind::fill_card:
      if (const FillItem* item = at(policy.idle.items, o.fill_item)) {
        c.title.assign(item->title);
        c.body.assign(item->body);
      }
      break;
    case OverlayKind::wind_down:
      c.minutes = minutes_up(o.countdown_s);
      break;
    case OverlayKind::daily_summary:
      c.minutes = static_cast<int32_t>(std::clamp<int64_t>(o.used_s / 60, 0, 1'000'000));
      c.cost_cents = round_cents(o.cost_today, false);
      break;
  }
  return c;
}

namespace {

// Like FixedText::assign, but a text that does not fit ends in "…".
template <size_t N>
void assign_cut(FixedText<N>& t, std::string_view s) noexcept {
  constexpr std::string_view kEllipsis = "\xE2\x80\xA6";
  if (s.size() < N) return t.assign(s);
  size_t n = N - 1 - kEllipsis.size();
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0u) == 0x80u) --n;
  char buf[N] = {};
  std::memcpy(buf, s.data(), n);
  std::memcpy(buf + n, kEllipsis.data(), kEllipsis.size());
  t.assign(std::string_view(buf, n + kEllipsis.size()));
}

}  // namespace

NotificationText notification_text(uint32_t id, const Notification& n, size_t on_card) noexcept {
  NotificationText t{.id = id, .app_name = n.app_name, .summary = n.summary, .body = n.body};
  for (size_t i = 0; i < kMaxCardActions && i < n.actions.size(); ++i) t.action_labels[i] = n.actions[i].label;
  t.on_card = static_cast<uint32_t>(on_card);
  return t;
}

void set_notification(PanelContent& c, const NotificationText& n) noexcept {
  assign_cut(c.label, n.app_name);
  assign_cut(c.title, n.summary);
  assign_cut(c.body, n.body);
  assign_cut(c.action0, n.action_labels[0]);
  assign_cut(c.action1, n.action_labels[1]);
  c.more = static_cast<int32_t>(std::min<uint32_t>(n.on_card > 0 ? n.on_card - 1 : 0, 1'000'000));
}

}  // namespace tw
