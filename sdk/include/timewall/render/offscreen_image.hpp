// offscreen_image.hpp: a panel-sized image the renderer can draw into
// without a swapchain (headless use, tests, the simulator's compositor).
//
// What it does: owns a kPanelFormat VkImage with device memory and a 2D
// view, usable as colour attachment, sampled texture and copy source, and
// hands out the PanelTarget that renders into it.
// What it does not do: read pixels back (platform/headless does) or
// synchronise: the renderer and its user do.
//
//   auto img = tw::OffscreenImage::create(phys, dev, 256, 256);
//   renderer.render(0, content, img->target(VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL));
#pragma once

#include <vulkan/vulkan.h>

#include <cstdint>

#include "core/result.hpp"
#include "render/panel_renderer.hpp"
#include "render/vk_util.hpp"

namespace tw {

class OffscreenImage {
 public:
  static Result<OffscreenImage> create(VkPhysicalDevice phys, VkDevice dev, uint32_t width, uint32_t height);

  OffscreenImage() = default;
  OffscreenImage(OffscreenImage&& o) noexcept { *this = std::move(o); }
  OffscreenImage& operator=(OffscreenImage&& o) noexcept;
  OffscreenImage(const OffscreenImage&) = delete;
  OffscreenImage& operator=(const OffscreenImage&) = delete;
  ~OffscreenImage();

  PanelTarget target(VkImageLayout final_layout) const noexcept;
  VkImage image() const noexcept { return img_.image; }
  VkImageView view() const noexcept { return img_.view; }
  uint32_t width() const noexcept { return width_; }
  uint32_t height() const noexcept { return height_; }

 private:
  void reset() noexcept;
  VkDevice dev_ = VK_NULL_HANDLE;
  DeviceImage img_;
  uint32_t width_ = 0, height_ = 0;
};

}  // namespace tw
