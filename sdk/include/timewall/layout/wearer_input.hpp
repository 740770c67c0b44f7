// wearer_input.hpp: what the wearer did this frame to answer a card.
//
// What it does: the one seam between a host's input (the API layer's own
// action set, the simulator's mouse and keys, a test's script) and the
// XR-free answering code (gaze_hit.hpp, dwell_select.hpp): the head pose,
// and per hand an aim ray and whether select (trigger, pinch) is held, all
// in the reference space the Layout was solved in.
// What it does not do: read devices, hit-test, time a dwell, or decide.
//
//   tw::layout::WearerInput in;
//   in.T_space_view = head;  in.view_valid = true;           // head gaze alone
//   in.hands[1] = {.aim_space = right_aim, .aim_valid = true, .select_down = trigger};
#pragma once

#include <array>

#include "layout/gaze_hit.hpp"
#include "layout/pose.hpp"

namespace tw::layout {

struct WearerHand {
  Ray aim_space;             // controller aim or hand aim pose, forward -Z
  bool aim_valid = false;    // tracked this frame
  bool select_down = false;  // trigger click, simple select, or pinch
};

inline constexpr int kLeftHand = 0;
inline constexpr int kRightHand = 1;

struct WearerInput {
  Pose T_space_view;         // the head (VIEW) in the layout's space
  bool view_valid = false;   // located this frame (orientation at least)
  std::array<WearerHand, 2> hands{};  // kLeftHand, kRightHand
  bool dismiss_down = false; // the dismiss action (menu or b), either hand
};

}  // namespace tw::layout
