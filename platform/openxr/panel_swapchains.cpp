#include "openxr/panel_swapchains.hpp"

#include <algorithm>
#include <utility>

namespace tw::xr {

Result<PanelTarget> PanelSwapchains::acquire(uint32_t slot, PanelExtentPx form) {
  if (slot >= slots_.size()) return Error{Errc::invalid_argument, "PanelSwapchains: slot out of range"};
  PanelSwapchain& sc = slots_[slot];
  if (sc.handle() == XR_NULL_HANDLE) {
    // The first time this slot renders: its swapchain holds either form of its kind.
    const OverlayKind kind = PanelPresenter::kind_of_slot(slot);
    const PanelExtentPx full = panel_extent_px(kind, false);
    const PanelExtentPx small = panel_extent_px(kind, true);
    auto made = PanelSwapchain::create(xr_, instance_, session_, vk_,
                                       {std::max(full.width, small.width), std::max(full.height, small.height)});
    if (!made) return made.error();
    sc = std::move(made.value());
  }
  auto index = sc.acquire();
  if (!index) return index.error();
  PanelTarget target = sc.target(index.value());
  target.width = form.width;
  target.height = form.height;
  return target;
}

Status PanelSwapchains::release(uint32_t slot) { return slots_[slot].release(); }

}  // namespace tw::xr
