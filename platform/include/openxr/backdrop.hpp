// backdrop.hpp: the calm full-view shield behind a block on an opaque display.
//
// What it does: creates one small swapchain on the app's session, clears one
// image to a calm dark slate (kBackdropSrgb) once, on the app's queue, and
// releases it; the runtime keeps compositing that image. quad() is the
// head-locked quad (VIEW space) that shows it across both eyes' views
// (layout::view_cover), opaque: it goes first in the frame, behind
// Timewall's panels, where the app's layers would have been.
// What it does not do: decide when it shows (layout::plan_shield does), or
// write anything per frame: after create() it costs no GPU work at all.
//
//   auto b = tw::xr::Backdrop::create(xr, instance, session, vk);
//   if (b) layers[n++] = b->quad(view_space, eye_fovs);
#pragma once

#include <array>
#include <cstdint>

#include "layout/fov.hpp"
#include "openxr/panel_swapchain.hpp"

namespace tw::xr {

// sRGB 8-bit: a dark slate, far from black (the compositor's empty frame)
// and from any app's usual clear colour.
inline constexpr std::array<uint8_t, 3> kBackdropSrgb{30, 38, 52};

class Backdrop {
 public:
  static Result<Backdrop> create(const XrDispatch& xr, XrInstance instance, XrSession session, const VkContext& vk);

  // The quad for this frame; valid until the next call.
  const XrCompositionLayerBaseHeader* quad(XrSpace view_space, const std::array<layout::Fov, 2>& eyes);

 private:
  PanelSwapchain swapchain_;
  XrCompositionLayerQuad quad_{XR_TYPE_COMPOSITION_LAYER_QUAD};
};

}  // namespace tw::xr
