#include "openxr/backdrop.hpp"

#include <cmath>

#include "layout/shield_plan.hpp"
#include "openxr/panel_layers.hpp"
#include "render/vk_util.hpp"

namespace tw::xr {

namespace {

constexpr uint32_t kSidePx = 16;  // one flat colour: the compositor scales it

float srgb_to_linear(uint8_t v) {
  const float c = static_cast<float>(v) / 255.f;
  return c <= 0.04045f ? c / 12.92f : std::pow((c + 0.055f) / 1.055f, 2.4f);
}

// Clears `image` to the backdrop colour and leaves it in COLOR_ATTACHMENT_OPTIMAL
// (where OpenXR wants a released colour image); waits for the GPU.
Status clear_once(const VkContext& vk, VkImage image) {
  auto pool = create_command_pool(vk.device(), vk.queue_family());
  if (!pool) return pool.error();
  Status done;
  auto cmd = allocate_command_buffer(vk.device(), pool.value());
  auto fence = create_fence(vk.device());
  if (!cmd) done = cmd.error();
  else if (!fence) done = fence.error();
  if (done) {
    begin_one_time(cmd.value());
    image_barrier(cmd.value(), {.image = image, .from = VK_IMAGE_LAYOUT_UNDEFINED,
                                .to = VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                                .dst_stage = VK_PIPELINE_STAGE_TRANSFER_BIT,
                                .dst_access = VK_ACCESS_TRANSFER_WRITE_BIT});
    VkClearColorValue colour{};
    for (int c = 0; c < 3; ++c) colour.float32[c] = srgb_to_linear(kBackdropSrgb[static_cast<size_t>(c)]);
    colour.float32[3] = 1.f;
    const VkImageSubresourceRange range{VK_IMAGE_ASPECT_COLOR_BIT, 0, 1, 0, 1};
    vkCmdClearColorImage(cmd.value(), image, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, &colour, 1, &range);
    image_barrier(cmd.value(), {.image = image, .from = VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                                .to = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
                                .src_stage = VK_PIPELINE_STAGE_TRANSFER_BIT,
                                .dst_stage = VK_PIPELINE_STAGE_COLOR_ATTACHMENT_OUTPUT_BIT,
                                .src_access = VK_ACCESS_TRANSFER_WRITE_BIT,
                                .dst_access = VK_ACCESS_COLOR_ATTACHMENT_WRITE_BIT});
    if (VkResult r = vkEndCommandBuffer(cmd.value()); r != VK_SUCCESS) done = Error{kErrcVulkan, vk_error("vkEndCommandBuffer", r)};
    else done = submit_and_wait(vk.device(), vk.queue(), cmd.value(), fence.value());
  }
  if (fence) vkDestroyFence(vk.device(), fence.value(), nullptr);
  vkDestroyCommandPool(vk.device(), pool.value(), nullptr);  // frees the command buffer
  return done;
}

}  // namespace

Result<Backdrop> Backdrop::create(const XrDispatch& xr, XrInstance instance, XrSession session, const VkContext& vk) {
  auto sc = PanelSwapchain::create(xr, instance, session, vk, {.width_px = kSidePx, .height_px = kSidePx,
                                                               .transfer_dst = true});
  if (!sc) return sc.error();
  Backdrop b;
  b.swapchain_ = std::move(sc.value());
  auto index = b.swapchain_.acquire();
  if (!index) return index.error();
  const Status cleared = clear_once(vk, b.swapchain_.target(index.value()).image);
  const Status released = b.swapchain_.release();
  if (!cleared) return cleared.error();
  if (!released) return released.error();
  return b;
}

const XrCompositionLayerBaseHeader* Backdrop::quad(XrSpace view_space, const std::array<layout::Fov, 2>& eyes) {
  const layout::ViewCover cover = layout::view_cover(eyes);
  quad_ = {XR_TYPE_COMPOSITION_LAYER_QUAD};
  quad_.layerFlags = 0;  // opaque: nothing of the app shows through
  quad_.space = view_space;
  quad_.eyeVisibility = XR_EYE_VISIBILITY_BOTH;
  quad_.subImage.swapchain = swapchain_.handle();
  quad_.subImage.imageRect = {{0, 0}, {static_cast<int32_t>(kSidePx), static_cast<int32_t>(kSidePx)}};
  quad_.pose = to_xr(cover.T_view_quad);
  quad_.size = {cover.size_m.x, cover.size_m.y};
  return reinterpret_cast<const XrCompositionLayerBaseHeader*>(&quad_);
}

}  // namespace tw::xr
