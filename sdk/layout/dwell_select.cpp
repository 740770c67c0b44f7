#include "layout/dwell_select.hpp"

#include <algorithm>
#include <cmath>

namespace tw::layout {

GazeTarget gaze_target(const PanelHit& hit, std::span<const Overlay> overlays) {
  if (!hit.hit || hit.button < 0 || hit.overlay_index >= overlays.size()) return {};
  const auto buttons = card_buttons(hit.kind, hit.collapsed, hit.actions);
  if (static_cast<size_t>(hit.button) >= buttons.size()) return {};
  const Overlay& o = overlays[hit.overlay_index];
  if (o.kind != hit.kind || o.actions != hit.actions) return {};  // the layout is not from these overlays
  const CardButton b = buttons[static_cast<size_t>(hit.button)].button;
  const ButtonState s = button_state(o, b);
  if (!s.offered) return {};
  return {.valid = true, .kind = hit.kind, .overlay_index = hit.overlay_index, .button = b, .enabled = s.enabled};
}

void DwellSelector::set_config(const DwellConfig& config) {
  const double s = config.dwell_s > 0.0 && std::isfinite(config.dwell_s) ? config.dwell_s : kDefaultDwellS;
  dwell_ns_ = std::max<int64_t>(1, std::llround(std::min(s, 3600.0) * 1e9));
}

const DwellFrame& DwellSelector::update(const GazeTarget& target, bool select_down, Instant now) {
  const int64_t t = started_ ? std::max(now.mono_ns, last_ns_) : now.mono_ns;
  started_ = true;
  last_ns_ = t;
  const bool pressed = select_down && !select_was_down_;
  select_was_down_ = select_down;

  const GazeTarget& was = frame_.target;
  const bool same = target.valid && was.valid && target.kind == was.kind && target.button == was.button;
  if (!same) fired_ = false;
  if (target.valid && target.enabled) {
    if (!same || !armed_) armed_at_ns_ = t;  // a new rest, or the button just unlocked
    armed_ = true;
  } else {
    armed_ = false;
  }

  frame_ = {.target = target};
  if (!armed_) return frame_;
  const int64_t rested_ns = t - armed_at_ns_;
  if (pressed) {
    frame_.selected = frame_.by_press = true;
    fired_ = true;
  } else if (!fired_ && rested_ns >= dwell_ns_) {
    frame_.selected = true;
    fired_ = true;
  }
  frame_.progress = fired_ ? 1.f
                           : static_cast<float>(std::min(1.0, static_cast<double>(rested_ns) /
                                                                  static_cast<double>(dwell_ns_)));
  return frame_;
}

}  // namespace tw::layout
