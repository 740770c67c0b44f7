// panel_swapchains.hpp: the presenter's slot images as OpenXR swapchains.
//
// What it does: gives sdk/render's PanelPresenter one PanelSwapchain per
// slot (PanelImages), created the first time the slot renders and large
// enough for either form (full or collapsed) of the slot's kind; acquire()
// waits for the runtime to be done with the next image, release() hands it
// back. Between changes the runtime keeps compositing the last released
// image: no acquire, no GPU work.
// What it does not do: decide when a panel changed (the presenter does) or
// build composition layers (session_binding does, from handle(slot)).
//
//   tw::xr::PanelSwapchains swapchains(xr, instance, session, vk);
//   auto presenter = tw::PanelPresenter::create({.renderer = rd, .images = &swapchains});
//   layer.subImage.swapchain = swapchains.handle(quad.slot);
#pragma once

#include <array>
#include <cstdint>

#include "openxr/panel_swapchain.hpp"
#include "render/panel_presenter.hpp"

namespace tw::xr {

class PanelSwapchains final : public PanelImages {
 public:
  PanelSwapchains(const XrDispatch& xr, XrInstance instance, XrSession session, const VkContext& vk)
      : xr_(xr), instance_(instance), session_(session), vk_(vk) {}

  Result<PanelTarget> acquire(uint32_t slot, PanelExtentPx form) override;
  Status release(uint32_t slot) override;

  XrSwapchain handle(uint32_t slot) const { return slots_[slot].handle(); }

 private:
  XrDispatch xr_{};
  XrInstance instance_ = XR_NULL_HANDLE;
  XrSession session_ = XR_NULL_HANDLE;
  VkContext vk_;
  std::array<PanelSwapchain, PanelPresenter::kSlots> slots_{};
};

}  // namespace tw::xr
