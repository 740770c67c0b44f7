// head_locator.hpp: the layer's own view of the head, independent of the app.
//
// What it does: creates a VIEW reference space of its own on the app's
// session (the app's spaces are never used or seen) and locates VIEW in a
// LOCAL space at a given time, e.g. the frame's display time: the pose
// HeadWatch turns into motion and presence. The LOCAL space is its own, or
// one it borrows (the SessionBinding's, so that one locate per frame serves
// both: SessionBinding::use_head). Works in any session, with or without
// overlays. Destroys the spaces it created when it goes (before the session).
// What it does not do: decide anything about the pose (head_watch.hpp).
//
//   auto head = tw::xr::HeadLocator::create(xr, instance, session, binding->app_space());
//   tw::HeadPose pose;
//   if (head && head->locate(predicted_display_time, pose)) ... else ... untracked
#pragma once

#include <openxr/openxr.h>

#include <memory>

#include "core/attention/presence.hpp"
#include "core/result.hpp"
#include "openxr/xr_dispatch.hpp"

namespace tw::xr {

class HeadLocator {
 public:
  // `local`: a LOCAL space to locate in, borrowed (it must outlive the
  // locator); XR_NULL_HANDLE: the locator creates its own.
  static Result<std::unique_ptr<HeadLocator>> create(const XrDispatch& xr, XrInstance instance, XrSession session,
                                                     XrSpace local = XR_NULL_HANDLE);
  ~HeadLocator();
  HeadLocator(const HeadLocator&) = delete;
  HeadLocator& operator=(const HeadLocator&) = delete;

  // False when the runtime gives no valid position and orientation at `t`.
  bool locate(XrTime t, HeadPose& out) const;

 private:
  HeadLocator() = default;
  XrDispatch xr_{};
  XrSpace view_ = XR_NULL_HANDLE;
  XrSpace local_ = XR_NULL_HANDLE;
  bool own_local_ = false;
};

}  // namespace tw::xr
