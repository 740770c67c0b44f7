// offscreen_image.cpp
#include "render/offscreen_image.hpp"

#include <utility>

#include "render/vk_util.hpp"

namespace tw {

Result<OffscreenImage> OffscreenImage::create(VkPhysicalDevice phys, VkDevice dev, uint32_t width, uint32_t height) {
  if (!phys || !dev || width == 0 || height == 0 || width > 8192 || height > 8192)
    return Error{Errc::invalid_argument, "OffscreenImage needs a device and a size of 1..8192 px"};
  OffscreenImage img;
  img.dev_ = dev;
  img.width_ = width;
  img.height_ = height;
  auto made = create_device_image(phys, dev,
                                  {.format = kPanelFormat,
                                   .width = width,
                                   .height = height,
                                   .usage = VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT | VK_IMAGE_USAGE_SAMPLED_BIT |
                                            VK_IMAGE_USAGE_TRANSFER_SRC_BIT});
  if (!made) return made.error();
  img.img_ = made.value();
  return img;
}

OffscreenImage& OffscreenImage::operator=(OffscreenImage&& o) noexcept {
  if (this != &o) {
    reset();
    dev_ = std::exchange(o.dev_, VK_NULL_HANDLE);
    img_ = std::exchange(o.img_, DeviceImage{});
    width_ = o.width_;
    height_ = o.height_;
  }
  return *this;
}

OffscreenImage::~OffscreenImage() { reset(); }

void OffscreenImage::reset() noexcept {
  if (!dev_) return;
  destroy_device_image(dev_, img_);
  dev_ = VK_NULL_HANDLE;
}

PanelTarget OffscreenImage::target(VkImageLayout final_layout) const noexcept {
  PanelTarget t;
  t.image = img_.image;
  t.view = img_.view;
  t.width = width_;
  t.height = height_;
  t.format = kPanelFormat;
  t.final_layout = final_layout;
  return t;
}

}  // namespace tw
