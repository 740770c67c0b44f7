#include "openxr/panel_swapchain.hpp"

#include <utility>
#include <vector>

namespace tw::xr {

namespace {

// Byte order we can fill directly, best first. The _SRGB formats let the
// pixels we write be the colours the wearer sees.
constexpr struct {
  VkFormat format;
  bool bgra;
} kFormats[] = {{VK_FORMAT_R8G8B8A8_SRGB, false},
                {VK_FORMAT_B8G8R8A8_SRGB, true},
                {VK_FORMAT_R8G8B8A8_UNORM, false},
                {VK_FORMAT_B8G8R8A8_UNORM, true}};

}  // namespace

Result<PanelSwapchain> PanelSwapchain::create(const XrDispatch& xr, XrInstance instance,
                                              XrSession session, const VkContext& vk,
                                              const PanelSwapchainDesc& desc) {
  if (desc.width_px == 0 || desc.height_px == 0 || desc.width_px > 4096 || desc.height_px > 4096)
    return Error{Errc::invalid_argument, "panel size must be 1..4096 px"};
  PanelSwapchain sc;
  sc.xr_ = xr;
  sc.instance_ = instance;
  sc.device_ = vk.device();
  sc.queue_ = vk.queue();
  sc.pool_ = vk.pool();
  sc.width_ = desc.width_px;
  sc.height_ = desc.height_px;

  uint32_t count = 0;
  XrResult r = xr.EnumerateSwapchainFormats(session, 0, &count, nullptr);
  if (XR_FAILED(r)) return Error{Errc::openxr, xr_error(xr, instance, "xrEnumerateSwapchainFormats", r)};
  std::vector<int64_t> formats(count);
  r = xr.EnumerateSwapchainFormats(session, count, &count, formats.data());
  if (XR_FAILED(r)) return Error{Errc::openxr, xr_error(xr, instance, "xrEnumerateSwapchainFormats", r)};
  VkFormat chosen = VK_FORMAT_UNDEFINED;
  for (const auto& f : kFormats) {
    for (int64_t offered : formats)
      if (offered == f.format) chosen = f.format, sc.bgra_ = f.bgra;
    if (chosen != VK_FORMAT_UNDEFINED) break;
  }
  if (chosen == VK_FORMAT_UNDEFINED)
    return Error{Errc::openxr, "the runtime offers no 8-bit RGBA/BGRA swapchain format"};

  XrSwapchainCreateInfo info{XR_TYPE_SWAPCHAIN_CREATE_INFO};
  info.usageFlags = XR_SWAPCHAIN_USAGE_COLOR_ATTACHMENT_BIT | XR_SWAPCHAIN_USAGE_TRANSFER_DST_BIT |
                    XR_SWAPCHAIN_USAGE_SAMPLED_BIT;
  info.format = chosen;
  info.sampleCount = 1;
  info.width = desc.width_px;
  info.height = desc.height_px;
  info.faceCount = 1;
  info.arraySize = 1;
  info.mipCount = 1;
  r = xr.CreateSwapchain(session, &info, &sc.swapchain_);
  if (XR_FAILED(r)) return Error{Errc::openxr, xr_error(xr, instance, "xrCreateSwapchain", r)};

  r = xr.EnumerateSwapchainImages(sc.swapchain_, 0, &count, nullptr);
  if (XR_FAILED(r) || count == 0 || count > std::size(sc.images_))
    return Error{Errc::openxr, xr_error(xr, instance, "xrEnumerateSwapchainImages", r)};
  XrSwapchainImageVulkanKHR images[std::size(sc.images_)];
  for (auto& im : images) im = {XR_TYPE_SWAPCHAIN_IMAGE_VULKAN_KHR};
  r = xr.EnumerateSwapchainImages(sc.swapchain_, count, &count,
                                  reinterpret_cast<XrSwapchainImageBaseHeader*>(images));
  if (XR_FAILED(r)) return Error{Errc::openxr, xr_error(xr, instance, "xrEnumerateSwapchainImages", r)};
  for (uint32_t i = 0; i < count; ++i) sc.images_[i] = images[i].image;
  sc.image_count_ = count;

  VkBufferCreateInfo buffer_info{VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO};
  buffer_info.size = VkDeviceSize{desc.width_px} * desc.height_px * 4;
  buffer_info.usage = VK_BUFFER_USAGE_TRANSFER_SRC_BIT;
  buffer_info.sharingMode = VK_SHARING_MODE_EXCLUSIVE;
  if (VkResult vr = vkCreateBuffer(sc.device_, &buffer_info, nullptr, &sc.staging_); vr != VK_SUCCESS)
    return Error{Errc::vulkan, vk_error("vkCreateBuffer", vr)};
  VkMemoryRequirements req{};
  vkGetBufferMemoryRequirements(sc.device_, sc.staging_, &req);
  const int32_t type = vk.memory_type(req.memoryTypeBits, VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT |
                                                              VK_MEMORY_PROPERTY_HOST_COHERENT_BIT);
  if (type < 0) return Error{Errc::vulkan, "no host-visible coherent memory for the panel staging buffer"};
  VkMemoryAllocateInfo alloc{VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO};
  alloc.allocationSize = req.size;
  alloc.memoryTypeIndex = static_cast<uint32_t>(type);
  if (VkResult vr = vkAllocateMemory(sc.device_, &alloc, nullptr, &sc.staging_memory_); vr != VK_SUCCESS)
    return Error{Errc::vulkan, vk_error("vkAllocateMemory", vr)};
  if (VkResult vr = vkBindBufferMemory(sc.device_, sc.staging_, sc.staging_memory_, 0); vr != VK_SUCCESS)
    return Error{Errc::vulkan, vk_error("vkBindBufferMemory", vr)};
  void* mapped = nullptr;
  if (VkResult vr = vkMapMemory(sc.device_, sc.staging_memory_, 0, VK_WHOLE_SIZE, 0, &mapped); vr != VK_SUCCESS)
    return Error{Errc::vulkan, vk_error("vkMapMemory", vr)};
  sc.mapped_ = static_cast<uint8_t*>(mapped);

  VkCommandBufferAllocateInfo cmd_info{VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO};
  cmd_info.commandPool = sc.pool_;
  cmd_info.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
  cmd_info.commandBufferCount = 1;
  if (VkResult vr = vkAllocateCommandBuffers(sc.device_, &cmd_info, &sc.cmd_); vr != VK_SUCCESS)
    return Error{Errc::vulkan, vk_error("vkAllocateCommandBuffers", vr)};
  VkFenceCreateInfo fence_info{VK_STRUCTURE_TYPE_FENCE_CREATE_INFO};
  if (VkResult vr = vkCreateFence(sc.device_, &fence_info, nullptr, &sc.fence_); vr != VK_SUCCESS)
    return Error{Errc::vulkan, vk_error("vkCreateFence", vr)};
  return sc;
}

uint8_t* PanelSwapchain::begin_update() {
  if (mapped_ == nullptr) return nullptr;
  if (fence_pending_) {
    // The previous copy must be done reading the staging buffer.
    if (VkResult r = vkWaitForFences(device_, 1, &fence_, VK_TRUE, UINT64_MAX); r != VK_SUCCESS) {
      error_ = vk_error("vkWaitForFences", r);
      return nullptr;
    }
    vkResetFences(device_, 1, &fence_);
    fence_pending_ = false;
  }
  return mapped_;
}

Status PanelSwapchain::end_update() {
  uint32_t index = 0;
  XrSwapchainImageAcquireInfo acquire{XR_TYPE_SWAPCHAIN_IMAGE_ACQUIRE_INFO};
  XrResult r = xr_.AcquireSwapchainImage(swapchain_, &acquire, &index);
  if (XR_FAILED(r)) return Error{Errc::openxr, xr_error(xr_, instance_, "xrAcquireSwapchainImage", r)};
  XrSwapchainImageWaitInfo wait{XR_TYPE_SWAPCHAIN_IMAGE_WAIT_INFO};
  wait.timeout = XR_INFINITE_DURATION;
  r = xr_.WaitSwapchainImage(swapchain_, &wait);
  if (XR_FAILED(r) || index >= image_count_)
    return Error{Errc::openxr, xr_error(xr_, instance_, "xrWaitSwapchainImage", r)};

  vkResetCommandBuffer(cmd_, 0);
  VkCommandBufferBeginInfo begin{VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
  begin.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
  vkBeginCommandBuffer(cmd_, &begin);
  VkImageMemoryBarrier barrier{VK_STRUCTURE_TYPE_IMAGE_MEMORY_BARRIER};
  barrier.srcQueueFamilyIndex = barrier.dstQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED;
  barrier.image = images_[index];
  barrier.subresourceRange = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 1, 0, 1};
  // The whole image is overwritten, so its previous contents may be dropped.
  barrier.oldLayout = VK_IMAGE_LAYOUT_UNDEFINED;
  barrier.newLayout = VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL;
  barrier.srcAccessMask = 0;
  barrier.dstAccessMask = VK_ACCESS_TRANSFER_WRITE_BIT;
  vkCmdPipelineBarrier(cmd_, VK_PIPELINE_STAGE_TOP_OF_PIPE_BIT, VK_PIPELINE_STAGE_TRANSFER_BIT, 0, 0,
                       nullptr, 0, nullptr, 1, &barrier);
  VkBufferImageCopy copy{};
  copy.imageSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, 1};
  copy.imageExtent = {width_, height_, 1};
  vkCmdCopyBufferToImage(cmd_, staging_, images_[index], VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, 1, &copy);
  // OpenXR expects a released colour image in COLOR_ATTACHMENT_OPTIMAL.
  barrier.oldLayout = VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL;
  barrier.newLayout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL;
  barrier.srcAccessMask = VK_ACCESS_TRANSFER_WRITE_BIT;
  barrier.dstAccessMask = VK_ACCESS_COLOR_ATTACHMENT_READ_BIT | VK_ACCESS_COLOR_ATTACHMENT_WRITE_BIT;
  vkCmdPipelineBarrier(cmd_, VK_PIPELINE_STAGE_TRANSFER_BIT,
                       VK_PIPELINE_STAGE_COLOR_ATTACHMENT_OUTPUT_BIT, 0, 0, nullptr, 0, nullptr, 1,
                       &barrier);
  vkEndCommandBuffer(cmd_);
  VkSubmitInfo submit{VK_STRUCTURE_TYPE_SUBMIT_INFO};
  submit.commandBufferCount = 1;
  submit.pCommandBuffers = &cmd_;
  const VkResult vr = vkQueueSubmit(queue_, 1, &submit, fence_);
  if (vr == VK_SUCCESS) fence_pending_ = true;

  // Release even when the submit failed, so the swapchain is not left acquired.
  XrSwapchainImageReleaseInfo release{XR_TYPE_SWAPCHAIN_IMAGE_RELEASE_INFO};
  r = xr_.ReleaseSwapchainImage(swapchain_, &release);
  if (vr != VK_SUCCESS) return Error{Errc::vulkan, vk_error("vkQueueSubmit", vr)};
  if (XR_FAILED(r)) return Error{Errc::openxr, xr_error(xr_, instance_, "xrReleaseSwapchainImage", r)};
  released_once_ = true;
  ++updates_;
  return {};
}

PanelSwapchain& PanelSwapchain::operator=(PanelSwapchain&& o) noexcept {
  if (this != &o) {
    destroy();
    xr_ = o.xr_;
    instance_ = o.instance_;
    swapchain_ = std::exchange(o.swapchain_, XR_NULL_HANDLE);
    device_ = o.device_;
    queue_ = o.queue_;
    pool_ = o.pool_;
    cmd_ = std::exchange(o.cmd_, VK_NULL_HANDLE);
    fence_ = std::exchange(o.fence_, VK_NULL_HANDLE);
    staging_ = std::exchange(o.staging_, VK_NULL_HANDLE);
    staging_memory_ = std::exchange(o.staging_memory_, VK_NULL_HANDLE);
    mapped_ = std::exchange(o.mapped_, nullptr);
    for (uint32_t i = 0; i < std::size(images_); ++i) images_[i] = o.images_[i];
    image_count_ = o.image_count_;
    width_ = o.width_;
    height_ = o.height_;
    bgra_ = o.bgra_;
    fence_pending_ = std::exchange(o.fence_pending_, false);
    released_once_ = o.released_once_;
    updates_ = o.updates_;
    error_ = std::move(o.error_);
  }
  return *this;
}

PanelSwapchain::~PanelSwapchain() { destroy(); }

void PanelSwapchain::destroy() noexcept {
  if (fence_ != VK_NULL_HANDLE) {
    if (fence_pending_) vkWaitForFences(device_, 1, &fence_, VK_TRUE, UINT64_MAX);
    vkDestroyFence(device_, fence_, nullptr);
  }
  if (cmd_ != VK_NULL_HANDLE) vkFreeCommandBuffers(device_, pool_, 1, &cmd_);
  if (staging_ != VK_NULL_HANDLE) vkDestroyBuffer(device_, staging_, nullptr);
  if (staging_memory_ != VK_NULL_HANDLE) vkFreeMemory(device_, staging_memory_, nullptr);
  if (swapchain_ != XR_NULL_HANDLE) xr_.DestroySwapchain(swapchain_);
  fence_ = VK_NULL_HANDLE;
  cmd_ = VK_NULL_HANDLE;
  staging_ = VK_NULL_HANDLE;
  staging_memory_ = VK_NULL_HANDLE;
  swapchain_ = XR_NULL_HANDLE;
  mapped_ = nullptr;
  fence_pending_ = false;
}

}  // namespace tw::xr
