// app_views_head.hpp: the head pose from the app's own xrLocateViews, so the
// layer does not locate VIEW itself each frame (one IPC round trip less per
// frame; docs/benchmarks.md, "Head from the app's views").
//
// What it does: remembers the reference spaces the app creates (not VIEW,
// and not a handle that comes back as an action space: both move with
// something) and, when the app locates its views in one of them, keeps the head there at that display time: the views' mean position
// and their mean orientation (the eye centre, which is VIEW's origin on a
// runtime whose eyes sit symmetrically about it, as Monado's do). take()
// gives that head in the layer's own LOCAL space for the frame's display
// time, if the app located at exactly that time: the app space's pose in
// LOCAL is located once a second, or at once after a reference space change,
// not every frame. Thread-safe (the app may locate on another thread than
// the one that ends the frame); nothing allocates.
// What it does not do: locate anything per frame, use action spaces or views
// located in VIEW, or hand a pose on when the app's views were not valid
// (the caller then locates VIEW itself, HeadLocator).
//
//   // xrCreateReferenceSpace / xrCreateActionSpace / xrLocateViews, after the runtime answered:
//   head.on_space_created(space, info->referenceSpaceType);
//   head.on_action_space_created(space);
//   head.on_views(info->space, info->displayTime, state->viewStateFlags, {views, n});
//   // xrEndFrame:
//   tw::HeadPose pose;
//   if (!head.take(xr, local, info->displayTime, pose)) head_locator->locate(info->displayTime, pose);
#pragma once

#include <openxr/openxr.h>

#include <array>
#include <mutex>
#include <span>

#include "core/attention/presence.hpp"
#include "layout/pose.hpp"
#include "openxr/xr_dispatch.hpp"

namespace tw::xr {

// The head among the views: their mean position and mean orientation
// (quaternions summed in one hemisphere, then normalised). False for no views.
bool head_from_views(std::span<const XrView> views, layout::Pose& T_space_head);

class AppViewsHead {
 public:
  // How stale the app space's pose in LOCAL may get (it moves only when the
  // runtime recentres, which the change event reports).
  static constexpr XrTime kRelationMaxAgeNs = 1'000'000'000;

  void on_space_created(XrSpace space, XrReferenceSpaceType type);
  // A destroyed space's handle may come back as an action space: forget it.
  void on_action_space_created(XrSpace space);
  void on_views(XrSpace space, XrTime display_time, XrViewStateFlags flags, std::span<const XrView> views);
  // A reference space changed (XrEventDataReferenceSpaceChangePending).
  void on_reference_space_change();

  // The head at `t` in `local`, when the app located its views at `t`.
  bool take(const XrDispatch& xr, XrSpace local, XrTime t, HeadPose& out);

  uint64_t taken() const { return taken_; }

 private:
  bool known(XrSpace space) const;
  void forget(XrSpace space);  // under mutex_

  std::mutex mutex_;
  std::array<XrSpace, 16> spaces_{};  // the app's reference spaces; past 16, views in others are not used
  XrSpace views_space_ = XR_NULL_HANDLE;
  XrTime views_t_ = 0;
  layout::Pose T_space_head_{};
  XrSpace relation_space_ = XR_NULL_HANDLE;  // T_local_space_ is this space's pose in LOCAL
  XrTime relation_t_ = 0;
  layout::Pose T_local_space_{};
  uint64_t taken_ = 0;
};

}  // namespace tw::xr
