// panel_swapchain.hpp: one XrSwapchain per Timewall panel, written only when
// the panel changed.
//
// What it does: creates a colour swapchain on the app's session, a host-visible
// staging buffer and a fence. begin_update() hands out the staging pixels (after
// the previous upload finished with them); end_update() acquires the next
// image, copies the pixels in on the app's queue, leaves the image in
// COLOR_ATTACHMENT_OPTIMAL and releases it. Between updates the swapchain's
// last released image keeps being composited: no acquire, no GPU work.
// What it does not do: decide when a panel changed, or draw it (the caller
// fills the pixels, premultiplied RGBA in byte order rgba or bgra()).
//
//   auto sc = tw::xr::PanelSwapchain::create(xr, instance, session, vk, {256, 256});
//   if (uint8_t* px = sc->begin_update()) { draw(px); sc->end_update(); }
#pragma once

#include <cstdint>

#include "openxr/vk_context.hpp"
#include "openxr/xr_dispatch.hpp"

namespace tw::xr {

struct PanelSwapchainDesc {
  uint32_t width_px = 256;
  uint32_t height_px = 256;
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

  // Staging pixels (width*height*4 bytes) once the GPU is done with the
  // previous upload; nullptr on failure (see last_error()).
  uint8_t* begin_update();
  Status end_update();

  XrSwapchain handle() const { return swapchain_; }
  uint32_t width_px() const { return width_; }
  uint32_t height_px() const { return height_; }
  bool bgra() const { return bgra_; }
  bool has_image() const { return released_once_; }  // may be put in a layer
  uint64_t updates() const { return updates_; }
  const std::string& last_error() const { return error_; }

 private:
  void destroy() noexcept;

  XrDispatch xr_{};
  XrInstance instance_ = XR_NULL_HANDLE;
  XrSwapchain swapchain_ = XR_NULL_HANDLE;
  VkDevice device_ = VK_NULL_HANDLE;
  VkQueue queue_ = VK_NULL_HANDLE;
  VkCommandPool pool_ = VK_NULL_HANDLE;
  VkCommandBuffer cmd_ = VK_NULL_HANDLE;
  VkFence fence_ = VK_NULL_HANDLE;
  VkBuffer staging_ = VK_NULL_HANDLE;
  VkDeviceMemory staging_memory_ = VK_NULL_HANDLE;
  uint8_t* mapped_ = nullptr;
  VkImage images_[8] = {};
  uint32_t image_count_ = 0;
  uint32_t width_ = 0;
  uint32_t height_ = 0;
  bool bgra_ = false;
  bool fence_pending_ = false;
  bool released_once_ = false;
  uint64_t updates_ = 0;
  std::string error_;
};

}  // namespace tw::xr
