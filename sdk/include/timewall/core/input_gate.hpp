// input_gate.hpp: whether the app gets the wearer's input, sync by sync.
//
// What it does: says which overlays take the wearer's input away from the
// app while they are shown (a friction prompt or a block shield: the wearer
// is answering Timewall, not playing), and latches that decision at each of
// the app's input syncs (OpenXR's xrSyncActions), so every read between two
// syncs agrees:
//   - open: the app reads its input as it is;
//   - captured: the app reads every action as inactive, zero, unchanged, and
//     its haptics go nowhere;
//   - settling: the first sync after a capture ends: values are real again,
//     but nothing reads as changed (a press that answered the card, or one
//     made while it was up, is not the app's), then open.
// What it does not do: read input, talk to OpenXR, or decide when a card
// shows (the scheduler does). No clock, no allocation; not thread-safe (the
// host serialises).
//
//   tw::InputGate gate;
//   gate.on_sync(tw::captures_input(tick_output.overlays));   // at each app sync
//   if (gate.state() == tw::InputGate::State::captured) state = {};  // the app reads nothing
#pragma once

#include <cstdint>
#include <span>

#include "core/overlay.hpp"

namespace tw {

// A card the wearer must answer (friction prompt) or that enforces a limit
// (block shield) takes the input; rings, warnings, fill cards, nudges and
// summaries leave it with the app.
bool captures_input(OverlayKind kind) noexcept;
bool captures_input(std::span<const Overlay> overlays) noexcept;

class InputGate {
 public:
  enum class State : uint8_t { open, captured, settling };

  // The app synced its input; `captured`: a card that captures input is up now.
  void on_sync(bool captured) noexcept;
  // What the app's reads show until the next sync.
  State state() const noexcept { return state_; }
  bool suppressed() const noexcept { return state_ == State::captured; }
  // Reads must report no change (captured or settling).
  bool hides_changes() const noexcept { return state_ != State::open; }

 private:
  State state_ = State::open;
};

}  // namespace tw
