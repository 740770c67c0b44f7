// headless_vulkan.cpp
#include "headless/headless_vulkan.hpp"

#include <cstring>
#include <optional>
#include <utility>

#include "render/vk_device_setup.hpp"
#include "render/vk_util.hpp"

namespace tw {

struct HeadlessVulkan::Impl {
  std::optional<VkDeviceSetup> vk;
  VkCommandPool pool = VK_NULL_HANDLE;
  VkCommandBuffer cmd = VK_NULL_HANDLE;
  VkFence fence = VK_NULL_HANDLE;

  ~Impl() {
    if (!vk) return;
    vkDeviceWaitIdle(vk->device());
    if (fence) vkDestroyFence(vk->device(), fence, nullptr);
    if (pool) vkDestroyCommandPool(vk->device(), pool, nullptr);
  }

  Status init(const HeadlessDesc& desc) {
    auto made = VkDeviceSetup::create(
        {.app_name = "timewall-headless", .validation = desc.validation, .prefer_cpu = !desc.prefer_gpu});
    if (!made) return made.error();
    vk.emplace(std::move(made.value()));
    auto cp = create_command_pool(vk->device(), vk->queue_family());
    if (!cp) return cp.error();
    pool = cp.value();
    auto cb = allocate_command_buffer(vk->device(), pool);
    if (!cb) return cb.error();
    cmd = cb.value();
    auto f = create_fence(vk->device());
    if (!f) return f.error();
    fence = f.value();
    return {};
  }
};

HeadlessVulkan::HeadlessVulkan(std::unique_ptr<Impl> impl) noexcept : impl_(std::move(impl)) {}
HeadlessVulkan::HeadlessVulkan(HeadlessVulkan&&) noexcept = default;
HeadlessVulkan& HeadlessVulkan::operator=(HeadlessVulkan&&) noexcept = default;
HeadlessVulkan::~HeadlessVulkan() = default;

Result<HeadlessVulkan> HeadlessVulkan::create(const HeadlessDesc& desc) {
  auto impl = std::make_unique<Impl>();
  if (Status s = impl->init(desc); !s) return s.error();
  return HeadlessVulkan(std::move(impl));
}

VkInstance HeadlessVulkan::instance() const noexcept { return impl_->vk->instance(); }
VkPhysicalDevice HeadlessVulkan::physical_device() const noexcept { return impl_->vk->physical_device(); }
VkDevice HeadlessVulkan::device() const noexcept { return impl_->vk->device(); }
uint32_t HeadlessVulkan::queue_family() const noexcept { return impl_->vk->queue_family(); }
VkQueue HeadlessVulkan::queue() const noexcept { return impl_->vk->queue(); }
uint32_t HeadlessVulkan::validation_errors() const noexcept { return impl_->vk->validation_errors(); }
uint32_t HeadlessVulkan::validation_warnings() const noexcept { return impl_->vk->validation_warnings(); }
const std::vector<std::string>& HeadlessVulkan::validation_messages() const noexcept {
  return impl_->vk->validation_messages();
}
std::string HeadlessVulkan::device_name() const { return impl_->vk->device_name(); }
RendererDesc HeadlessVulkan::renderer_desc() const noexcept { return impl_->vk->renderer_desc(); }

Result<RgbaImage> HeadlessVulkan::read_back(VkImage image, uint32_t width, uint32_t height, VkImageLayout layout) {
  Impl& m = *impl_;
  const VkDevice dev = m.vk->device();
  VkDeviceSize bytes = static_cast<VkDeviceSize>(width) * height * 4;
  auto staging = create_mapped_buffer(m.vk->physical_device(), dev, bytes, VK_BUFFER_USAGE_TRANSFER_DST_BIT);
  if (!staging) return staging.error();
  MappedBuffer sb = staging.value();

  begin_one_time(m.cmd);
  // Earlier writes to the image (renders, composites) finish before the copy.
  ImageBarrier to_src{.image = image,
                      .from = layout,
                      .to = VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL,
                      .src_stage = VK_PIPELINE_STAGE_ALL_COMMANDS_BIT,
                      .dst_stage = VK_PIPELINE_STAGE_TRANSFER_BIT,
                      .src_access = VK_ACCESS_MEMORY_WRITE_BIT,
                      .dst_access = VK_ACCESS_TRANSFER_READ_BIT};
  image_barrier(m.cmd, to_src);
  record_copy_to_host(m.cmd, image, sb.buffer, width, height);
  if (layout != VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL)
    image_barrier(m.cmd, {.image = image,
                          .from = VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL,
                          .to = layout,
                          .src_stage = VK_PIPELINE_STAGE_TRANSFER_BIT,
                          .dst_stage = VK_PIPELINE_STAGE_ALL_COMMANDS_BIT,
                          .src_access = VK_ACCESS_TRANSFER_READ_BIT,
                          .dst_access = VK_ACCESS_MEMORY_READ_BIT});
  vkEndCommandBuffer(m.cmd);
  if (Status s = submit_and_wait(dev, m.vk->queue(), m.cmd, m.fence); !s) {
    destroy_mapped_buffer(dev, sb);
    return Error{s.error().code, "reading an image back: " + s.error().message};
  }
  RgbaImage out;
  out.width = width;
  out.height = height;
  out.pixels.resize(static_cast<size_t>(bytes));
  std::memcpy(out.pixels.data(), sb.mapped, out.pixels.size());
  destroy_mapped_buffer(dev, sb);
  return out;
}

}  // namespace tw
