#include "openxr/action_bindings.hpp"

#include <array>

namespace tw::xr {
namespace {

using A = OwnAction;

constexpr OwnBinding kSimple[] = {
    {A::select, "/user/hand/left/input/select/click"}, {A::select, "/user/hand/right/input/select/click"},
    {A::aim, "/user/hand/left/input/aim/pose"},        {A::aim, "/user/hand/right/input/aim/pose"},
    {A::dismiss, "/user/hand/left/input/menu/click"},  {A::dismiss, "/user/hand/right/input/menu/click"},
};
// Touch has menu on the left only; y (left) and b (right) are the "back" buttons.
constexpr OwnBinding kTouch[] = {
    {A::select, "/user/hand/left/input/trigger/value"}, {A::select, "/user/hand/right/input/trigger/value"},
    {A::aim, "/user/hand/left/input/aim/pose"},         {A::aim, "/user/hand/right/input/aim/pose"},
    {A::dismiss, "/user/hand/left/input/y/click"},      {A::dismiss, "/user/hand/right/input/b/click"},
};
constexpr OwnBinding kIndex[] = {
    {A::select, "/user/hand/left/input/trigger/click"}, {A::select, "/user/hand/right/input/trigger/click"},
    {A::aim, "/user/hand/left/input/aim/pose"},         {A::aim, "/user/hand/right/input/aim/pose"},
    {A::dismiss, "/user/hand/left/input/b/click"},      {A::dismiss, "/user/hand/right/input/b/click"},
};
constexpr OwnBinding kVive[] = {
    {A::select, "/user/hand/left/input/trigger/click"}, {A::select, "/user/hand/right/input/trigger/click"},
    {A::aim, "/user/hand/left/input/aim/pose"},         {A::aim, "/user/hand/right/input/aim/pose"},
    {A::dismiss, "/user/hand/left/input/menu/click"},   {A::dismiss, "/user/hand/right/input/menu/click"},
};
constexpr OwnBinding kMicrosoft[] = {
    {A::select, "/user/hand/left/input/trigger/value"}, {A::select, "/user/hand/right/input/trigger/value"},
    {A::aim, "/user/hand/left/input/aim/pose"},         {A::aim, "/user/hand/right/input/aim/pose"},
    {A::dismiss, "/user/hand/left/input/menu/click"},   {A::dismiss, "/user/hand/right/input/menu/click"},
};
// A pinch selects; hands have no dismiss gesture (dwell on "dismiss" does it).
constexpr OwnBinding kHands[] = {
    {A::select, "/user/hand/left/input/pinch_ext/value"}, {A::select, "/user/hand/right/input/pinch_ext/value"},
    {A::aim, "/user/hand/left/input/aim/pose"},           {A::aim, "/user/hand/right/input/aim/pose"},
};

constexpr std::array<ProfileBindings, 6> kProfiles{{
    {"/interaction_profiles/khr/simple_controller", kSimple, nullptr},
    {"/interaction_profiles/oculus/touch_controller", kTouch, nullptr},
    {"/interaction_profiles/valve/index_controller", kIndex, nullptr},
    {"/interaction_profiles/htc/vive_controller", kVive, nullptr},
    {"/interaction_profiles/microsoft/motion_controller", kMicrosoft, nullptr},
    {"/interaction_profiles/ext/hand_interaction_ext", kHands, "XR_EXT_hand_interaction"},
}};

}  // namespace

std::span<const ProfileBindings> own_profiles() noexcept { return kProfiles; }

const ProfileBindings* find_own_profile(std::string_view profile) noexcept {
  for (const ProfileBindings& p : kProfiles)
    if (profile == p.profile) return &p;
  return nullptr;
}

}  // namespace tw::xr
