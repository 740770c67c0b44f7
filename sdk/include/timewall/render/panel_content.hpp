// panel_content.hpp: exactly what one panel displays, as a comparable value.
//
// What it does: make_panel_content() turns a tw::Overlay plus the Policy
// (currency, fill items, exercises, window names) and the interned app and
// category names into a PanelContent holding only what the wearer sees: the
// displayed minute (never seconds), the cost rounded as shown, the countdown
// second, the arc fraction quantised to whole displayed minutes, and the
// texts in fixed-capacity buffers. Two contents compare equal exactly when
// the panels would look the same, so PanelRenderer re-renders on inequality
// only: a ring whose displayed minute is unchanged draws nothing.
// What it does not do: allocate (the value is a plain aggregate), touch
// Vulkan or ImGui, or decide placement (sdk/layout does).
//
//   tw::PanelContent c = tw::make_panel_content(overlay, policy, apps, categories,
//                                               tw::Theme::additive);
//   if (c != last) { renderer.render(slot, c, target); last = c; }
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/interner.hpp"
#include "core/notify/notification.hpp"
#include "core/overlay.hpp"
#include "core/policy.hpp"
#include "core/scheduler/block_lift.hpp"
#include "core/scheduler/exercise_course.hpp"
#include "layout/shield_plan.hpp"

namespace tw {

// How panels are drawn for the display's optics.
enum class Theme : uint8_t {
  additive,  // see-through additive (waveguides): black is invisible, so
             // bright strokes and text with no dark plate
  plated,    // alpha-blended passthrough or opaque: white text on a dark plate
};

std::string_view to_string(Theme theme) noexcept;
// The theme for a kind of display: additive optics get `additive`; an
// opaque or alpha-blended (passthrough) display, `plated`.
Theme theme_for(layout::DisplayBlend blend) noexcept;

// A NUL-terminated text of fixed capacity; copies truncate at a UTF-8
// character boundary. Unused bytes stay zero so equality is bytewise.
template <size_t N>
struct FixedText {
  char chars[N] = {};
  std::string_view view() const noexcept;
  void assign(std::string_view s) noexcept;
  bool empty() const noexcept { return chars[0] == '\0'; }
  bool operator==(const FixedText&) const = default;
};

// The arc is quantised to this many steps of a full turn (1.5°), and only
// ever derived from displayed minutes, so it never changes on its own.
inline constexpr int32_t kArcSteps = 240;

// A breathe pacer's size is quantised to this many steps, so a panel
// re-renders at most this often per breath phase, not every frame.
inline constexpr int32_t kPacerSteps = 48;

// The dwell ring on a hovered button fills in this many steps, so a frame
// whose gaze rests without crossing a step renders nothing.
inline constexpr int32_t kDwellSteps = 32;

struct PanelContent {
  OverlayKind kind = OverlayKind::budget_ring;
  Theme theme = Theme::additive;
  Reason reason = Reason::none;
  int32_t minutes = 0;       // ring/warning: minutes left (rounded up);
                             // wind-down: minutes to bedtime; summary: attended today
  int32_t limit_min = 0;     // ring/warning: the budget's limit in minutes
  int32_t countdown_s = 0;   // friction: seconds until "continue anyway" unlocks
  int32_t arc_steps = 0;     // ring: minutes / limit_min in kArcSteps; friction: lock left
  int64_t cost_cents = 0;    // cost as displayed: whole units on the ring, cents elsewhere
  bool bypass_available = false;
  bool collapsed = false;    // the solver's smaller form (fewer lines); set by the caller
  int8_t hovered = -1;       // the button the wearer points or gazes at (index into
                             // layout::card_buttons(kind, collapsed)); -1 none; set by the caller
  int8_t dwell_steps = 0;    // the dwell ring on it, 0..kDwellSteps; set by the caller
  FixedText<8> currency;     // ISO 4217 code
  FixedText<48> label;       // budget target, category, app or window name
  FixedText<64> title;       // fill item title
  FixedText<224> body;       // fill item body, exercise text; a notification's body
  FixedText<32> action0;     // a notification's card: its first actions' labels
  FixedText<32> action1;
  int32_t more = 0;          // a notification's card: how many others it carries (a flood's batch)
  // Friction: the exercise drawn (has_exercise false: text only).
  bool has_exercise = false;
  ExerciseKind exercise_kind = ExerciseKind::breathe;
  int8_t breath = 0;         // breathe: the breath paced, 0-based (== breaths once done)
  int8_t breaths = 0;
  bool inhale = true;        // breathe: "breathe in" (growing) or "breathe out"
  int16_t pacer_steps = 0;   // breathe: the pacer's size in kPacerSteps
  int8_t row_count = 0;      // intention, alternative: rows to pick (core's exercise_rows)
  int8_t picked = -1;        // intention, alternative: the row picked (Overlay::picked), -1 none
  FixedText<48> rows[kMaxExerciseRows];
  LiftKind lift = LiftKind::unknown;  // block shield: when the block lifts (core/scheduler/block_lift.hpp)
  int16_t lift_min = 0;      //   at_minute: the local minute of the day

  bool operator==(const PanelContent&) const = default;
};

// What a notification's card says, for the nudge whose nudge_id is
// tw::notify_nudge_id(id). Hosts fill it from the Engine's inbox
// (Engine::inbox().find) or from org.timewall.Inbox1's Cards; the views
// must outlive the frame's PresentInput.
struct NotificationText {
  uint32_t id = 0;
  std::string_view app_name{};
  std::string_view summary{};
  std::string_view body{};
  std::string_view action_labels[kMaxCardActions]{};
  uint32_t on_card = 1;  // notifications the card carries (more than 1: a batch)
};

// Puts a notification's sender, summary, body and action labels on a
// nudge's content (label, title, body, action0/1, more); cut to the
// fields' capacities at a character boundary.

// Texture size of a panel in pixels: the placement solver's form for the
// kind (layout/panel_spec.hpp, in em: multiples of the body text height) at
// kPanelEmPx pixels per em, with its default line spacing 1.4 and padding
// 0.6 em. Body text is drawn 28 px high, so a panel shown at its solved size
// (body text 0.7°) has 40 px per degree; the smallest text (20 px) is then
// 0.5°, above the 0.4° legibility floor.
inline constexpr float kPanelEmPx = 28.0f;
struct PanelExtentPx {
  uint32_t width = 0;
  uint32_t height = 0;
};
PanelExtentPx panel_extent_px(OverlayKind kind, bool collapsed = false) noexcept;

// Builds the displayed content. Indices out of range in `overlay` give
// empty texts, never a crash.
PanelContent make_panel_content(const Overlay& overlay, const Policy& policy,
                                const Interner& apps, const Interner& categories,
                                Theme theme) noexcept;
void set_notification(PanelContent& content, const NotificationText& text) noexcept;
// The text of notification `id` (content `n`, on a card carrying `on_card`),
// viewing `n`'s strings.
NotificationText notification_text(uint32_t id, const Notification& n, size_t on_card) noexcept;

}  // namespace tw
