// InputGate and captures_input: which cards take the wearer's input from the
// app, and how a capture starts and ends at the app's syncs.
#include "tw_catch.hpp"

#include <array>

#include "core/input_gate.hpp"

namespace {

using State = tw::InputGate::State;

tw::Overlay of(tw::OverlayKind k) {
  tw::Overlay o;
  o.kind = k;
  return o;
}

}  // namespace

TEST_CASE("only a friction prompt and a block shield capture input", "[input_gate]") {
  int capturing = 0;
  for (int k = 0; k < tw::kOverlayKindCount; ++k) {
    const auto kind = static_cast<tw::OverlayKind>(k);
    const bool want = kind == tw::OverlayKind::friction_prompt || kind == tw::OverlayKind::block_shield;
    CHECK(tw::captures_input(kind) == want);
    capturing += want;
  }
  CHECK(capturing == 2);
}

TEST_CASE("a set of overlays captures input when any of them does", "[input_gate]") {
  CHECK_FALSE(tw::captures_input(std::span<const tw::Overlay>{}));
  const std::array ring_only{of(tw::OverlayKind::budget_ring), of(tw::OverlayKind::warning),
                             of(tw::OverlayKind::fill_card), of(tw::OverlayKind::nudge)};
  CHECK_FALSE(tw::captures_input(ring_only));
  const std::array with_prompt{of(tw::OverlayKind::budget_ring), of(tw::OverlayKind::friction_prompt)};
  CHECK(tw::captures_input(with_prompt));
  const std::array with_shield{of(tw::OverlayKind::block_shield)};
  CHECK(tw::captures_input(with_shield));
}

TEST_CASE("the gate latches at syncs: open, captured, one settling sync, open", "[input_gate]") {
  tw::InputGate gate;
  CHECK(gate.state() == State::open);
  CHECK_FALSE(gate.hides_changes());
  gate.on_sync(false);
  CHECK(gate.state() == State::open);

  gate.on_sync(true);  // a prompt came up
  CHECK(gate.state() == State::captured);
  CHECK(gate.suppressed());
  CHECK(gate.hides_changes());
  gate.on_sync(true);
  CHECK(gate.state() == State::captured);

  gate.on_sync(false);  // the card went: values return, changes do not show yet
  CHECK(gate.state() == State::settling);
  CHECK_FALSE(gate.suppressed());
  CHECK(gate.hides_changes());

  gate.on_sync(false);  // the very next sync is the app's own again
  CHECK(gate.state() == State::open);
  CHECK_FALSE(gate.hides_changes());
}

TEST_CASE("a card back during settling captures again at once", "[input_gate]") {
  tw::InputGate gate;
  gate.on_sync(true);
  gate.on_sync(false);
  REQUIRE(gate.state() == State::settling);
  gate.on_sync(true);
  CHECK(gate.state() == State::captured);
  gate.on_sync(false);
  CHECK(gate.state() == State::settling);
}
