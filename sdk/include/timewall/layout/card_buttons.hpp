// card_buttons.hpp: where each card's buttons sit, and which may be chosen.
//
// What it does: the one table of answer buttons, per overlay kind and form
// (full or collapsed), as panel-local rectangles in em (origin at the
// panel's top-left corner, +y down, the grid of panel_spec.hpp). The hit
// test (gaze_hit.hpp) reads it to name the button under a ray; the renderer
// must draw its buttons from it, so what the wearer sees is what they select.
//   friction_prompt  "continue anyway" (left), "leave" (right); in the full
//                    form then the rows of an intention or alternative
//                    exercise ("row0".."row3"), two a line on lines 2 and 3
//   block_shield     "extend" (left: a bounded extension through friction),
//                    "leave" (right); beside the icon in the full form
//   fill_card, nudge "dismiss" (right)
//   nudge (full form) then its notification's first actions ("action0",
//                    "action1"), left of "dismiss", splitting the left half
// Rule: a form of 4 or more lines gives its last two lines to the buttons,
// a shorter form its last line; two buttons split the row between the
// paddings, a single one takes the right half; a nudge's actions split the
// left half beside it. The table's order (the hit test's button index) is
// the kind's main buttons first, then the actions or rows. On the friction
// prompt this is exactly where sdk/render/panel_ui.cpp draws "Continue
// anyway", "Leave" and the rows.
// button_state() says whether an overlay offers a button and whether it can
// be chosen now ("continue anyway" only once the pause and the exercise have
// run their course: for a pick exercise, once a row was picked).
// What it does not do: draw, hit-test, or decide what an answer means.
//
//   for (const tw::layout::ButtonSlot& b : tw::layout::card_buttons(OverlayKind::nudge, false))
//     if (b.rect.contains(point_em)) select(b.button);
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include <glm/vec2.hpp>

#include "core/overlay.hpp"

namespace tw::layout {

enum class CardButton : uint8_t {
  continue_anyway,  // friction: go on, once the pause is over and an extension is left
  leave,            // friction or block: the easy way out
  extend,           // block: ask for a bounded extension, through friction
  dismiss,          // nudge or fill card: put it away
  action0,          // a notification's first action (its label is the sender's)
  action1,          // its second action
  row0,             // friction: a row of an intention or alternative exercise (Overlay::rows)
  row1,
  row2,
  row3,
};

std::string_view to_string(CardButton button) noexcept;

// A panel-local rectangle in em: top-left corner and size, +y down.
struct EmRect {
  float x_em = 0.f;
  float y_em = 0.f;
  float width_em = 0.f;
  float height_em = 0.f;

  bool contains(glm::vec2 p_em) const {
    return p_em.x >= x_em && p_em.x <= x_em + width_em && p_em.y >= y_em && p_em.y <= y_em + height_em;
  }
};

struct ButtonSlot {
  CardButton button = CardButton::dismiss;
  EmRect rect;
};

inline constexpr int kMaxCardButtons = 6;

// The buttons of `kind` in its full or collapsed form, left to right; empty
// for kinds without answers (ring, indicator, warning, wind-down, summary).
std::span<const ButtonSlot> card_buttons(OverlayKind kind, bool collapsed) noexcept;

struct ButtonState {
  bool offered = false;  // the card shows this button
  bool enabled = false;  // it can be chosen now
};

// What `overlay` offers of `button`. Continue anyway: offered during the
// pause (disabled) and after it while an extension is left (enabled once a
// row is picked, when the exercise has rows). row0..row3: the rows the
// prompt offers (Overlay::rows), each enabled (picking again changes it).
// Extend: offered when the core sets bypass_available on the shield.
// action0 / action1: offered on a nudge whose Overlay::actions counts them.
ButtonState button_state(const Overlay& overlay, CardButton button) noexcept;

// The index of a notification's action a button stands for (action0 -> 0,
// action1 -> 1); -1 for the other buttons.
int action_index(CardButton button) noexcept;
// The row a button stands for (row0 -> 0 .. row3 -> 3); -1 for the others.
int row_index(CardButton button) noexcept;

}  // namespace tw::layout
