#include "core/input_gate.hpp"

namespace tw {

bool captures_input(OverlayKind kind) noexcept {
  return kind == OverlayKind::friction_prompt || kind == OverlayKind::block_shield;
}

bool captures_input(std::span<const Overlay> overlays) noexcept {
  for (const Overlay& o : overlays)
    if (captures_input(o.kind)) return true;
  return false;
}

void InputGate::on_sync(bool captured) noexcept {
  if (captured) state_ = State::captured;
  else state_ = state_ == State::captured ? State::settling : State::open;
}

}  // namespace tw
