#include "layout/card_answering.hpp"

namespace tw::layout {
namespace {

bool same(const GazeTarget& a, const GazeTarget& b) {
  return a.valid && b.valid && a.kind == b.kind && a.overlay_index == b.overlay_index && a.button == b.button;
}

bool dismissable(OverlayKind k) { return k == OverlayKind::nudge || k == OverlayKind::fill_card; }

// "Dismiss" on the first shown nudge or fill card that offers it.
GazeTarget first_dismissable(const Layout& layout, std::span<const Overlay> overlays) {
  for (const PlacedPanel& p : layout.panels()) {
    if (!p.visible() || !dismissable(p.kind) || p.overlay_index >= overlays.size()) continue;
    const Overlay& o = overlays[p.overlay_index];
    if (o.kind != p.kind) continue;
    const ButtonState s = button_state(o, CardButton::dismiss);
    if (s.enabled)
      return {.valid = true, .kind = p.kind, .overlay_index = p.overlay_index, .button = CardButton::dismiss,
              .enabled = true};
  }
  return {};
}

}  // namespace

std::string_view to_string(AnswerVia via) noexcept {
  switch (via) {
    case AnswerVia::gaze: return "gaze";
    case AnswerVia::aim: return "aim";
    case AnswerVia::dismiss: return "dismiss";
  }
  return "?";
}

const AnswerFrame& CardAnswering::update(const Layout& layout, std::span<const Overlay> overlays,
                                         const WearerInput& input, Instant now) {
  const bool select_down = input.hands[0].select_down || input.hands[1].select_down;
  const bool pressed = select_down && !select_was_down_;
  select_was_down_ = select_down;
  const bool dismiss_pressed = input.dismiss_down && !dismiss_was_down_;
  dismiss_was_down_ = input.dismiss_down;

  // Aim first: the hand whose select just went down, else the right, else the left.
  GazeTarget aimed;
  for (const int h : {kRightHand, kLeftHand}) {
    const WearerHand& hand = input.hands[static_cast<size_t>(h)];
    if (!hand.aim_valid) continue;
    const GazeTarget t = gaze_target(hit_test(layout, hand.aim_space), overlays);
    if (!t.valid) continue;
    if (!aimed.valid || (pressed && hand.select_down)) aimed = t;
  }
  GazeTarget gazed;
  if (input.view_valid && !aimed.valid) gazed = gaze_target(hit_test(layout, view_ray(input.T_space_view)), overlays);

  const DwellFrame& dwell = dwell_.update(gazed, false, now);  // presses are handled here, on any hover
  frame_ = {};
  frame_.hovered = aimed.valid ? aimed : gazed;
  frame_.hovered_via = aimed.valid ? AnswerVia::aim : AnswerVia::gaze;
  if (latched_ && !same(latch_, frame_.hovered)) latched_ = false;
  frame_.progress = gazed.valid ? dwell.progress : 0.f;
  if (latched_) frame_.progress = frame_.hovered_via == AnswerVia::gaze ? 1.f : 0.f;

  const GazeTarget& h = frame_.hovered;
  if (!latched_ && h.valid && h.enabled && (pressed || (gazed.valid && dwell.selected))) {
    frame_.chosen = true;
    frame_.choice = h;
    frame_.via = frame_.hovered_via;
    latched_ = true;
    latch_ = h;
    if (frame_.via == AnswerVia::gaze) frame_.progress = 1.f;
  } else if (dismiss_pressed) {
    const GazeTarget d = h.valid && h.button == CardButton::dismiss && h.enabled ? h : first_dismissable(layout, overlays);
    if (d.valid) {
      frame_.chosen = true;
      frame_.choice = d;
      frame_.via = AnswerVia::dismiss;
    }
  }
  return frame_;
}

bool answer_signal(const AnswerFrame& frame, std::span<const Overlay> overlays, AppId app, Instant at,
                   Signal& out) {
  if (!frame.chosen || frame.choice.overlay_index >= overlays.size()) return false;
  const Overlay& o = overlays[frame.choice.overlay_index];
  if (o.kind != frame.choice.kind) return false;
  Signal s{.at = at, .app = app};
  switch (frame.choice.button) {
    case CardButton::continue_anyway:
      if (o.kind != OverlayKind::friction_prompt) return false;
      s.kind = SignalKind::continue_anyway;
      break;
    case CardButton::leave:
      if (o.kind == OverlayKind::friction_prompt) s.kind = SignalKind::prompt_leave;
      else if (o.kind == OverlayKind::block_shield) s.kind = SignalKind::block_leave;
      else return false;
      break;
    case CardButton::extend:
      if (o.kind != OverlayKind::block_shield) return false;
      s.kind = SignalKind::block_extend;
      break;
    case CardButton::dismiss:
      if (o.kind == OverlayKind::nudge) {
        s.kind = SignalKind::nudge_dismiss;
        s.nudge_id = o.nudge_id;
      } else if (o.kind == OverlayKind::fill_card) {
        s.kind = SignalKind::fill_dismiss;
      } else {
        return false;
      }
      break;
    case CardButton::action0:
    case CardButton::action1: return false;  // the sender's, not the core's: chosen_action()
    case CardButton::row0:
    case CardButton::row1:
    case CardButton::row2:
    case CardButton::row3:
      if (o.kind != OverlayKind::friction_prompt || row_index(frame.choice.button) >= o.rows) return false;
      s.kind = SignalKind::exercise_pick;
      s.row = static_cast<uint8_t>(row_index(frame.choice.button));
      break;
  }
  out = s;
  return true;
}

ChosenAction chosen_action(const AnswerFrame& frame, std::span<const Overlay> overlays) {
  if (!frame.chosen || frame.choice.overlay_index >= overlays.size()) return {};
  const Overlay& o = overlays[frame.choice.overlay_index];
  const int index = action_index(frame.choice.button);
  if (o.kind != OverlayKind::nudge || frame.choice.kind != OverlayKind::nudge || index < 0 || index >= o.actions)
    return {};
  return {.nudge_id = o.nudge_id, .action = index};
}

}  // namespace tw::layout
