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
  VkImageCreateInfo ii{};
  ii.sType = VK_STRUCTURE_TYPE_IMAGE_CREATE_INFO;
  ii.imageType = VK_IMAGE_TYPE_2D;
  ii.format = kPanelFormat;
  ii.extent = {width, height, 1};
  ii.mipLevels = 1;
  ii.arrayLayers = 1;
  ii.samples = VK_SAMPLE_COUNT_1_BIT;
  ii.tiling = VK_IMAGE_TILING_OPTIMAL;
  ii.usage = VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT | VK_IMAGE_USAGE_SAMPLED_BIT | VK_IMAGE_USAGE_TRANSFER_SRC_BIT;
  ii.initialLayout = VK_IMAGE_LAYOUT_UNDEFINED;
  if (VkResult r = vkCreateImage(dev, &ii, nullptr, &img.image_); r != VK_SUCCESS) return vk_error("vkCreateImage", r);
  VkMemoryRequirements req;
  vkGetImageMemoryRequirements(dev, img.image_, &req);
  VkMemoryAllocateInfo ai{};
  ai.sType = VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO;
  ai.allocationSize = req.size;
  ai.memoryTypeIndex = find_memory_type(phys, req.memoryTypeBits, VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT);
  if (ai.memoryTypeIndex == UINT32_MAX) ai.memoryTypeIndex = find_memory_type(phys, req.memoryTypeBits, 0);
  if (VkResult r = vkAllocateMemory(dev, &ai, nullptr, &img.memory_); r != VK_SUCCESS) return vk_error("vkAllocateMemory", r);
  if (VkResult r = vkBindImageMemory(dev, img.image_, img.memory_, 0); r != VK_SUCCESS) return vk_error("vkBindImageMemory", r);
  VkImageViewCreateInfo vi{};
  vi.sType = VK_STRUCTURE_TYPE_IMAGE_VIEW_CREATE_INFO;
  vi.image = img.image_;
  vi.viewType = VK_IMAGE_VIEW_TYPE_2D;
  vi.format = kPanelFormat;
  vi.subresourceRange = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 1, 0, 1};
  if (VkResult r = vkCreateImageView(dev, &vi, nullptr, &img.view_); r != VK_SUCCESS) return vk_error("vkCreateImageView", r);
  return img;
}

OffscreenImage& OffscreenImage::operator=(OffscreenImage&& o) noexcept {
  if (this != &o) {
    reset();
    dev_ = std::exchange(o.dev_, VK_NULL_HANDLE);
    image_ = std::exchange(o.image_, VK_NULL_HANDLE);
    memory_ = std::exchange(o.memory_, VK_NULL_HANDLE);
    view_ = std::exchange(o.view_, VK_NULL_HANDLE);
    width_ = o.width_;
    height_ = o.height_;
  }
  return *this;
}

OffscreenImage::~OffscreenImage() { reset(); }

void OffscreenImage::reset() noexcept {
  if (!dev_) return;
  if (view_) vkDestroyImageView(dev_, view_, nullptr);
  if (image_) vkDestroyImage(dev_, image_, nullptr);
  if (memory_) vkFreeMemory(dev_, memory_, nullptr);
  dev_ = VK_NULL_HANDLE;
  image_ = VK_NULL_HANDLE;
  memory_ = VK_NULL_HANDLE;
  view_ = VK_NULL_HANDLE;
}

PanelTarget OffscreenImage::target(VkImageLayout final_layout) const noexcept {
  PanelTarget t;
  t.image = image_;
  t.view = view_;
  t.width = width_;
  t.height = height_;
  t.format = kPanelFormat;
  t.final_layout = final_layout;
  return t;
}

}  // namespace tw
