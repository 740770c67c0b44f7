#include "openxr/panel_swapchain.hpp"

#include <utility>
#include <vector>

#include "render/vk_util.hpp"

namespace tw::xr {

Result<PanelSwapchain> PanelSwapchain::create(const XrDispatch& xr, XrInstance instance,
                                              XrSession session, const VkContext& vk,
                                              const PanelSwapchainDesc& desc) {
  if (desc.width_px == 0 || desc.height_px == 0 || desc.width_px > 4096 || desc.height_px > 4096)
    return Error{Errc::invalid_argument, "panel size must be 1..4096 px"};
  PanelSwapchain sc;
  sc.xr_ = xr;
  sc.instance_ = instance;
  sc.device_ = vk.device();
  sc.width_ = desc.width_px;
  sc.height_ = desc.height_px;

  uint32_t count = 0;
  XrResult r = xr.EnumerateSwapchainFormats(session, 0, &count, nullptr);
  if (XR_FAILED(r)) return Error{kErrcOpenxr, xr_error(xr, instance, "xrEnumerateSwapchainFormats", r)};
  std::vector<int64_t> formats(count);
  r = xr.EnumerateSwapchainFormats(session, count, &count, formats.data());
  if (XR_FAILED(r)) return Error{kErrcOpenxr, xr_error(xr, instance, "xrEnumerateSwapchainFormats", r)};
  bool offered = false;
  for (int64_t f : formats) offered = offered || f == kPanelFormat;
  if (!offered) return Error{kErrcOpenxr, "the runtime offers no VK_FORMAT_R8G8B8A8_SRGB swapchain"};

  XrSwapchainCreateInfo info{XR_TYPE_SWAPCHAIN_CREATE_INFO};
  info.usageFlags = XR_SWAPCHAIN_USAGE_COLOR_ATTACHMENT_BIT | XR_SWAPCHAIN_USAGE_SAMPLED_BIT;
  if (desc.transfer_dst) info.usageFlags |= XR_SWAPCHAIN_USAGE_TRANSFER_DST_BIT;
  info.format = kPanelFormat;
  info.sampleCount = 1;
  info.width = desc.width_px;
  info.height = desc.height_px;
  info.faceCount = 1;
  info.arraySize = 1;
  info.mipCount = 1;
  r = xr.CreateSwapchain(session, &info, &sc.swapchain_);
  if (XR_FAILED(r)) return Error{kErrcOpenxr, xr_error(xr, instance, "xrCreateSwapchain", r)};

  r = xr.EnumerateSwapchainImages(sc.swapchain_, 0, &count, nullptr);
  if (XR_FAILED(r) || count == 0 || count > std::size(sc.images_))
    return Error{kErrcOpenxr, xr_error(xr, instance, "xrEnumerateSwapchainImages", r)};
  XrSwapchainImageVulkanKHR images[std::size(sc.images_)];
  for (auto& im : images) im = {XR_TYPE_SWAPCHAIN_IMAGE_VULKAN_KHR};
  r = xr.EnumerateSwapchainImages(sc.swapchain_, count, &count,
                                  reinterpret_cast<XrSwapchainImageBaseHeader*>(images));
  if (XR_FAILED(r)) return Error{kErrcOpenxr, xr_error(xr, instance, "xrEnumerateSwapchainImages", r)};
  for (uint32_t i = 0; i < count; ++i) {
    sc.images_[i] = images[i].image;
    VkImageViewCreateInfo view{VK_STRUCTURE_TYPE_IMAGE_VIEW_CREATE_INFO};
    view.image = images[i].image;
    view.viewType = VK_IMAGE_VIEW_TYPE_2D;
    view.format = kPanelFormat;
    view.subresourceRange = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 1, 0, 1};
    if (VkResult vr = vkCreateImageView(sc.device_, &view, nullptr, &sc.views_[i]); vr != VK_SUCCESS)
      return Error{kErrcVulkan, vk_error("vkCreateImageView", vr)};
    sc.image_count_ = i + 1;
  }
  return sc;
}

Result<uint32_t> PanelSwapchain::acquire() {
  uint32_t index = 0;
  XrSwapchainImageAcquireInfo acquire{XR_TYPE_SWAPCHAIN_IMAGE_ACQUIRE_INFO};
  XrResult r = xr_.AcquireSwapchainImage(swapchain_, &acquire, &index);
  if (XR_FAILED(r)) return Error{kErrcOpenxr, xr_error(xr_, instance_, "xrAcquireSwapchainImage", r)};
  XrSwapchainImageWaitInfo wait{XR_TYPE_SWAPCHAIN_IMAGE_WAIT_INFO};
  wait.timeout = XR_INFINITE_DURATION;
  r = xr_.WaitSwapchainImage(swapchain_, &wait);
  if (XR_FAILED(r) || index >= image_count_) {
    release().ok();  // hand it back; the wait's failure is the error to report
    return Error{kErrcOpenxr, xr_error(xr_, instance_, "xrWaitSwapchainImage", r)};
  }
  return index;
}

PanelTarget PanelSwapchain::target(uint32_t index) const {
  return {.image = images_[index], .view = views_[index], .width = width_, .height = height_,
          .format = kPanelFormat, .final_layout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL};
}

Status PanelSwapchain::release() {
  XrSwapchainImageReleaseInfo release{XR_TYPE_SWAPCHAIN_IMAGE_RELEASE_INFO};
  const XrResult r = xr_.ReleaseSwapchainImage(swapchain_, &release);
  if (XR_FAILED(r)) return Error{kErrcOpenxr, xr_error(xr_, instance_, "xrReleaseSwapchainImage", r)};
  released_once_ = true;
  return {};
}

PanelSwapchain& PanelSwapchain::operator=(PanelSwapchain&& o) noexcept {
  if (this != &o) {
    destroy();
    xr_ = o.xr_;
    instance_ = o.instance_;
    swapchain_ = std::exchange(o.swapchain_, XR_NULL_HANDLE);
    device_ = o.device_;
    for (uint32_t i = 0; i < std::size(images_); ++i) {
      images_[i] = o.images_[i];
      views_[i] = std::exchange(o.views_[i], VK_NULL_HANDLE);
    }
    image_count_ = std::exchange(o.image_count_, 0);
    width_ = o.width_;
    height_ = o.height_;
    released_once_ = o.released_once_;
  }
  return *this;
}

PanelSwapchain::~PanelSwapchain() { destroy(); }

void PanelSwapchain::destroy() noexcept {
  for (uint32_t i = 0; i < image_count_; ++i)
    if (views_[i] != VK_NULL_HANDLE) vkDestroyImageView(device_, views_[i], nullptr);
  image_count_ = 0;
  if (swapchain_ != XR_NULL_HANDLE) xr_.DestroySwapchain(swapchain_);
  swapchain_ = XR_NULL_HANDLE;
}

}  // namespace tw::xr
