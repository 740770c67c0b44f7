// card_answering.hpp: the wearer answering cards, frame by frame, from head
// gaze, hand or controller aim, select and dismiss.
//
// What it does: update() takes the solved Layout, the overlays it was solved
// from, this frame's WearerInput and the time, and says
//   - which button is hovered: one a hand's aim ray points at (an aimed
//     button wins over the gaze), else the one under the head gaze;
//   - the dwell ring on it, 0..1 over dwell_s (policy `attention.dwell_s`):
//     head gaze only (a pointed controller selects by its trigger, so
//     resting a controller on "leave" chooses nothing);
//   - the button chosen this frame, edge-triggered, at most one per frame:
//       * a select press (trigger, pinch) going down on any hand while an
//         enabled button is hovered, by aim or by gaze;
//       * the dwell completing on an enabled button under the gaze;
//       * the dismiss action going down while a nudge or fill card shows:
//         "dismiss" on the hovered one, else on the first shown.
// A greyed button (button_state: offered, not enabled, e.g. "continue
// anyway" during the pause) is hovered but never chosen, and does not fill.
// Once a button is chosen, nothing more is chosen until the hover leaves it
// (the card may stay up for a frame or two until the core's next tick):
// no double fire. answer_signal() turns a choice into the core's Signal.
// Allocation-free, no clock (Instants come in), no XR header.
// What it does not do: read devices (hosts fill WearerInput), draw the ring
// (the renderer shows AnswerFrame's hover and progress), or tell the core
// (the host queues the Signal).
//
//   tw::layout::CardAnswering answering(tw::layout::CardAnswering::config_from(policy));
//   const auto& f = answering.update(layout, overlays, wearer_input, now);
//   tw::Signal s;
//   if (f.chosen && tw::layout::answer_signal(f, overlays, app, now, s)) queue(s);
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "core/clock.hpp"
#include "core/overlay.hpp"
#include "core/policy.hpp"
#include "core/signals.hpp"
#include "layout/dwell_select.hpp"
#include "layout/placement.hpp"
#include "layout/wearer_input.hpp"

namespace tw::layout {

enum class AnswerVia : uint8_t {
  gaze,     // head gaze: dwell, or a select press while gazing
  aim,      // a hand's aim ray and its select press
  dismiss,  // the dismiss action (menu or b button)
};

std::string_view to_string(AnswerVia via) noexcept;

struct AnswerFrame {
  GazeTarget hovered;      // the hovered button (valid), by aim or by gaze
  AnswerVia hovered_via = AnswerVia::gaze;
  float progress = 0.f;    // the dwell ring on hovered.button, 0..1 (gaze only)
  bool chosen = false;     // a button was chosen this frame:
  GazeTarget choice;       //   which (kind, overlay_index, button)
  AnswerVia via = AnswerVia::gaze;  // and how
};

class CardAnswering {
 public:
  CardAnswering() = default;
  explicit CardAnswering(const DwellConfig& config) : dwell_(config) {}
  static DwellConfig config_from(const Policy& policy) { return DwellSelector::config_from(policy); }
  void set_config(const DwellConfig& config) { dwell_.set_config(config); }

  // `overlays`: the span `layout` was solved from.
  const AnswerFrame& update(const Layout& layout, std::span<const Overlay> overlays, const WearerInput& input,
                            Instant now);
  const AnswerFrame& frame() const { return frame_; }
  int64_t dwell_ns() const { return dwell_.dwell_ns(); }

 private:
  DwellSelector dwell_;
  AnswerFrame frame_;
  bool select_was_down_ = false;
  bool dismiss_was_down_ = false;
  bool latched_ = false;  // a choice was made on latch_ and the hover has not left it
  GazeTarget latch_;
};

// The core's answer for a choice: friction "continue anyway" -> continue_anyway,
// "leave" -> prompt_leave; block "leave" -> block_leave, "extend" ->
// block_extend; nudge "dismiss" -> nudge_dismiss (with the card's nudge_id);
// fill "dismiss" -> fill_dismiss. False (out untouched) when `frame` chose
// nothing, names no overlay of `overlays`, or chose a notification's action.
bool answer_signal(const AnswerFrame& frame, std::span<const Overlay> overlays, AppId app, Instant at,
                   Signal& out);

// A notification's action chosen on its card: the card's nudge id
// (tw::notify_id_of gives the notification) and which of its actions
// (0 or 1); action -1 when `frame` chose no action button. The host sends
// it back to the sender (Runtime::invoke_action, or org.timewall.Inbox1's
// InvokeAction from another process): answer_signal() gives nothing for it.
struct ChosenAction {
  uint32_t nudge_id = 0;
  int action = -1;
};
ChosenAction chosen_action(const AnswerFrame& frame, std::span<const Overlay> overlays);

}  // namespace tw::layout
