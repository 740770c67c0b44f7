// action_bindings.hpp: where Timewall's own actions bind, per interaction profile.
//
// What it does: the one table of the API layer's hidden actions (select, aim,
// dismiss) and their input paths on each interaction profile it knows
// (khr/simple_controller, oculus/touch_controller, valve/index_controller,
// htc/vive_controller, microsoft/motion_controller, and
// ext/hand_interaction_ext for apps that enabled XR_EXT_hand_interaction),
// as plain strings: the layer turns them into XrPaths once per instance.
// Select is the trigger (a click, or a value the runtime thresholds), or a
// pinch; aim is the aim pose; dismiss is a secondary button (menu, b/y).
// What it does not do: call OpenXR, or decide when the bindings are suggested
// (layer_actions.hpp does).
//
//   for (const tw::xr::ProfileBindings& p : tw::xr::own_profiles())
//     for (const tw::xr::OwnBinding& b : p.bindings) use(p.profile, b.action, b.path);
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace tw::xr {

enum class OwnAction : uint8_t { select, aim, dismiss };
inline constexpr int kOwnActionCount = 3;

struct OwnBinding {
  OwnAction action = OwnAction::select;
  const char* path = "";
};

struct ProfileBindings {
  const char* profile = "";            // "/interaction_profiles/..."
  std::span<const OwnBinding> bindings;
  const char* extension = nullptr;     // the instance extension the profile needs, or null
};

inline constexpr const char* kHandPaths[2] = {"/user/hand/left", "/user/hand/right"};

// Every profile Timewall binds on, in the order the layer suggests them.
std::span<const ProfileBindings> own_profiles() noexcept;
// The entry for `profile`, or null when Timewall does not bind on it.
const ProfileBindings* find_own_profile(std::string_view profile) noexcept;

}  // namespace tw::xr
