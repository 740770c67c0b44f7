// panel_swapchain.hpp: one XrSwapchain per Timewall panel, written only when
// the panel changed.
//
// What it does: creates a VK_FORMAT_R8G8B8A8_SRGB colour swapchain (the
// renderer's tw::kPanelFormat) on the app's session and a VkImageView per
// image. acquire() hands out the next image once the runtime is done with it;
// the caller renders into it on the app's queue, leaving it in
// COLOR_ATTACHMENT_OPTIMAL, then release(). Between updates the runtime keeps
// compositing the last released image: no acquire, no GPU work.
// What it does not do: decide when a panel changed, or draw (sdk/render does).
//
//   auto sc = tw::xr::PanelSwapchain::create(xr, instance, session, vk, {256, 256});
//   auto i = sc->acquire();  renderer.render(slot, content, sc->target(i.value()));  sc->release();
#pragma once

#include <cstdint>

#include "openxr/vk_context.hpp"
#include "openxr/xr_dispatch.hpp"
#include "render/panel_renderer.hpp"

namespace tw::xr {

struct PanelSwapchainDesc {
  uint32_t width_px = 256;
  uint32_t height_px = 256;
  bool transfer_dst = false;  // images may also be cleared with vkCmdClearColorImage
};

class PanelSwapchain {
 public:
  static Result<PanelSwapchain> create(const XrDispatch& xr, XrInstance instance, XrSession session,
                                       const VkContext& vk, const PanelSwapchainDesc& desc);
  PanelSwapchain() = default;
  PanelSwapchain(PanelSwapchain&& o) noexcept { *this = std::move(o); }
  PanelSwapchain& operator=(PanelSwapchain&& o) noexcept;
  PanelSwapchain(const PanelSwapchain&) = delete;
  PanelSwapchain& operator=(const PanelSwapchain&) = delete;
  ~PanelSwapchain();

  // The index of the acquired image, after the runtime finished reading it.
  Result<uint32_t> acquire();
  // Where the renderer draws image `index`: left in COLOR_ATTACHMENT_OPTIMAL.
  PanelTarget target(uint32_t index) const;
  Status release();

  XrSwapchain handle() const { return swapchain_; }
  uint32_t width_px() const { return width_; }
  uint32_t height_px() const { return height_; }
  uint32_t image_count() const { return image_count_; }
  VkImageView view(uint32_t index) const { return views_[index]; }
  bool has_image() const { return released_once_; }  // may be put in a layer

 private:
  void destroy() noexcept;

  XrDispatch xr_{};
  XrInstance instance_ = XR_NULL_HANDLE;
  XrSwapchain swapchain_ = XR_NULL_HANDLE;
  VkDevice device_ = VK_NULL_HANDLE;
  VkImage images_[8] = {};
  VkImageView views_[8] = {};
  uint32_t image_count_ = 0;
  uint32_t width_ = 0;
  uint32_t height_ = 0;
  bool released_once_ = false;
};

}  // namespace tw::xr
