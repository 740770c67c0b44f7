// frame_renderer.cpp
#include "frame_renderer.hpp"

#include <imgui.h>
#include <imgui_impl_vulkan.h>

#include <array>
#include <cstring>
#include <optional>
#include <utility>

#include "render/composite_pass.hpp"
#include "render/vk_util.hpp"
#include "tw_shaders/tw_shaders.hpp"

namespace tw::sim {

namespace {

// Matches shaders/sim_world.frag.
struct WorldPush {
  float T_world_clip[16];
  float eye_m[4];
  float params[4];
};
static_assert(sizeof(WorldPush) == 96);

}  // namespace

struct FrameRenderer::Impl {
  DesktopWindow* window = nullptr;
  VkDevice dev = VK_NULL_HANDLE;
  std::optional<CompositePass> pass;  // the world, then the panels, as the headless compositor draws them
  std::vector<VkFramebuffer> framebuffers;
  uint64_t generation = 0;
  VkDescriptorPool imgui_pool = VK_NULL_HANDLE;
  VkCommandPool cmd_pool = VK_NULL_HANDLE;
  VkCommandBuffer cmd = VK_NULL_HANDLE;
  VkFence fence = VK_NULL_HANDLE;
  VkSemaphore image_ready = VK_NULL_HANDLE;
  MappedBuffer readback;
  bool imgui_up = false;

  ~Impl() {
    if (!dev) return;
    vkDeviceWaitIdle(dev);
    if (imgui_up) ImGui_ImplVulkan_Shutdown();
    destroy_mapped_buffer(dev, readback);
    if (image_ready) vkDestroySemaphore(dev, image_ready, nullptr);
    if (fence) vkDestroyFence(dev, fence, nullptr);
    if (cmd_pool) vkDestroyCommandPool(dev, cmd_pool, nullptr);
    if (imgui_pool) vkDestroyDescriptorPool(dev, imgui_pool, nullptr);
    destroy_framebuffers();
  }

  void destroy_framebuffers() {
    for (VkFramebuffer f : framebuffers) vkDestroyFramebuffer(dev, f, nullptr);
    framebuffers.clear();
  }

  Status build_framebuffers() {
    destroy_framebuffers();
    const VkExtent2D e = window->extent();
    for (uint32_t i = 0; i < window->image_count(); ++i) {
      auto fb = pass->create_framebuffer(window->image_view(i), e);
      if (!fb) return fb.error();
      framebuffers.push_back(fb.value());
    }
    generation = window->generation();
    return {};
  }

  Status init() {
    dev = window->device();
    // The acquire semaphore is waited at colour output; panel images were
    // written by other submissions and are read in the fragment shader.
    const VkSubpassDependency dep{VK_SUBPASS_EXTERNAL, 0, VK_PIPELINE_STAGE_COLOR_ATTACHMENT_OUTPUT_BIT,
                                  VK_PIPELINE_STAGE_COLOR_ATTACHMENT_OUTPUT_BIT, 0,
                                  VK_ACCESS_COLOR_ATTACHMENT_WRITE_BIT, 0};
    auto cp = CompositePass::create({.physical_device = window->physical_device(),
                                     .device = dev,
                                     .format = window->format(),
                                     .final_layout = VK_IMAGE_LAYOUT_PRESENT_SRC_KHR,
                                     .dependencies = {&dep, 1},
                                     .background_vs = shaders::k_sim_world_vert,
                                     .background_fs = shaders::k_sim_world_frag,
                                     .push_bytes = sizeof(WorldPush),
                                     .push_stages = VK_SHADER_STAGE_FRAGMENT_BIT});
    if (!cp) return cp.error();
    pass.emplace(std::move(cp.value()));
    if (Status s = build_framebuffers(); !s) return s;

    auto ip = create_sampler_pool(dev, 16, VK_DESCRIPTOR_POOL_CREATE_FREE_DESCRIPTOR_SET_BIT);
    if (!ip) return ip.error();
    imgui_pool = ip.value();
    auto pool = create_command_pool(dev, window->queue_family());
    if (!pool) return pool.error();
    cmd_pool = pool.value();
    auto cb = allocate_command_buffer(dev, cmd_pool);
    if (!cb) return cb.error();
    cmd = cb.value();
    auto f = create_fence(dev, true);
    if (!f) return f.error();
    fence = f.value();
    VkSemaphoreCreateInfo sci{};
    sci.sType = VK_STRUCTURE_TYPE_SEMAPHORE_CREATE_INFO;
    if (VkResult r = vkCreateSemaphore(dev, &sci, nullptr, &image_ready); r != VK_SUCCESS) return vk_error("vkCreateSemaphore", r);
    return init_imgui();
  }

  Status init_imgui() {
    ImGui_ImplVulkan_InitInfo ii{};
    ii.Instance = window->instance();
    ii.PhysicalDevice = window->physical_device();
    ii.Device = dev;
    ii.QueueFamily = window->queue_family();
    ii.Queue = window->queue();
    ii.DescriptorPool = imgui_pool;
    ii.MinImageCount = 2;
    ii.ImageCount = std::max(2u, window->image_count());
    ii.MSAASamples = VK_SAMPLE_COUNT_1_BIT;
    if (!ImGui_ImplVulkan_Init(&ii, pass->render_pass())) return Error{kErrcVulkan, "ImGui_ImplVulkan_Init failed"};
    imgui_up = true;
    // Upload the control panel's font once.
    // Upload the control panel's font once. The fence stays signalled for
    // draw(), which waits on it before each frame.
    begin_one_time(cmd);
    ImGui_ImplVulkan_CreateFontsTexture(cmd);
    vkEndCommandBuffer(cmd);
    VkSubmitInfo submit{};
    submit.sType = VK_STRUCTURE_TYPE_SUBMIT_INFO;
    submit.commandBufferCount = 1;
    submit.pCommandBuffers = &cmd;
    vkResetFences(dev, 1, &fence);
    if (VkResult r = vkQueueSubmit(window->queue(), 1, &submit, fence); r != VK_SUCCESS) return vk_error("vkQueueSubmit", r);
    vkWaitForFences(dev, 1, &fence, VK_TRUE, UINT64_MAX);
    ImGui_ImplVulkan_DestroyFontUploadObjects();
    return {};
  }

  void record_capture(uint32_t index, VkExtent2D e) {
    const VkImage image = window->image(index);
    image_barrier(cmd, {.image = image,
                        .from = VK_IMAGE_LAYOUT_PRESENT_SRC_KHR,
                        .to = VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL,
                        .src_stage = VK_PIPELINE_STAGE_COLOR_ATTACHMENT_OUTPUT_BIT,
                        .dst_stage = VK_PIPELINE_STAGE_TRANSFER_BIT,
                        .src_access = VK_ACCESS_COLOR_ATTACHMENT_WRITE_BIT,
                        .dst_access = VK_ACCESS_TRANSFER_READ_BIT});
    record_copy_to_host(cmd, image, readback.buffer, e.width, e.height);
    image_barrier(cmd, {.image = image,
                        .from = VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL,
                        .to = VK_IMAGE_LAYOUT_PRESENT_SRC_KHR,
                        .src_stage = VK_PIPELINE_STAGE_TRANSFER_BIT,
                        .dst_stage = VK_PIPELINE_STAGE_BOTTOM_OF_PIPE_BIT,
                        .src_access = VK_ACCESS_TRANSFER_READ_BIT});
  }

  Status draw(const FrameInput& in, Capture* capture) {
    if (in.quads.size() > QuadPass::kMaxQuads) return Error{Errc::too_large, "FrameRenderer: more than 64 quads"};
    if (VkResult r = vkWaitForFences(dev, 1, &fence, VK_TRUE, UINT64_MAX); r != VK_SUCCESS) return vk_error("vkWaitForFences", r);
    auto index = window->acquire(image_ready);
    if (!index) return index.error();
    if (generation != window->generation())
      if (Status s = build_framebuffers(); !s) return s;
    const VkExtent2D e = window->extent();
    if (capture) {
      const VkDeviceSize need = VkDeviceSize{e.width} * e.height * 4;
      if (readback.size < need) {
        destroy_mapped_buffer(dev, readback);
        auto rb = create_mapped_buffer(window->physical_device(), dev, need, VK_BUFFER_USAGE_TRANSFER_DST_BIT);
        if (!rb) return rb.error();
        readback = rb.value();
      }
    }

    WorldPush push{};
    std::memcpy(push.T_world_clip, &in.T_world_clip[0][0], sizeof push.T_world_clip);
    push.eye_m[0] = in.eye_m.x;
    push.eye_m[1] = in.eye_m.y;
    push.eye_m[2] = in.eye_m.z;
    push.params[0] = in.world_brightness;
    begin_one_time(cmd);
    if (Status s = pass->begin(cmd, {.framebuffer = framebuffers[index.value()],
                                     .extent = e,
                                     .clear = {{0.02f, 0.02f, 0.025f, 1.f}},
                                     .view = in.view,
                                     .clip = in.display,
                                     .push = &push,
                                     .quads = in.quads,
                                     .blend = in.additive ? DisplayBlend::additive : DisplayBlend::alpha});
        !s) {
      vkCmdEndRenderPass(cmd);
      vkEndCommandBuffer(cmd);
      return s;
    }
    if (in.ui) ImGui_ImplVulkan_RenderDrawData(in.ui, cmd);
    vkCmdEndRenderPass(cmd);
    if (capture) record_capture(index.value(), e);
    vkEndCommandBuffer(cmd);

    std::array<VkSemaphore, 17> waits{};
    std::array<VkPipelineStageFlags, 17> stages{};
    waits[0] = image_ready;
    stages[0] = VK_PIPELINE_STAGE_COLOR_ATTACHMENT_OUTPUT_BIT;
    uint32_t n_wait = 1;
    for (VkSemaphore s : in.wait) {
      if (n_wait == waits.size()) break;
      waits[n_wait] = s;
      stages[n_wait++] = VK_PIPELINE_STAGE_FRAGMENT_SHADER_BIT;
    }
    VkSemaphore done = window->render_done(index.value());
    VkSubmitInfo submit{};
    submit.sType = VK_STRUCTURE_TYPE_SUBMIT_INFO;
    submit.waitSemaphoreCount = n_wait;
    submit.pWaitSemaphores = waits.data();
    submit.pWaitDstStageMask = stages.data();
    submit.commandBufferCount = 1;
    submit.pCommandBuffers = &cmd;
    submit.signalSemaphoreCount = 1;
    submit.pSignalSemaphores = &done;
    vkResetFences(dev, 1, &fence);
    if (VkResult r = vkQueueSubmit(window->queue(), 1, &submit, fence); r != VK_SUCCESS) return vk_error("vkQueueSubmit", r);
    if (Status s = window->present(index.value()); !s) return s;
    if (capture) {
      if (VkResult r = vkWaitForFences(dev, 1, &fence, VK_TRUE, UINT64_MAX); r != VK_SUCCESS) return vk_error("vkWaitForFences", r);
      capture->width = e.width;
      capture->height = e.height;
      capture->rgba.resize(size_t{e.width} * e.height * 4);
      const auto* src = static_cast<const uint8_t*>(readback.mapped);
      const bool bgra = window->format() == VK_FORMAT_B8G8R8A8_SRGB;
      for (size_t i = 0; i < capture->rgba.size(); i += 4) {
        capture->rgba[i + 0] = src[i + (bgra ? 2 : 0)];
        capture->rgba[i + 1] = src[i + 1];
        capture->rgba[i + 2] = src[i + (bgra ? 0 : 2)];
        capture->rgba[i + 3] = 255;
      }
    }
    return {};
  }
};

FrameRenderer::FrameRenderer(std::unique_ptr<Impl> impl) noexcept : impl_(std::move(impl)) {}
FrameRenderer::FrameRenderer(FrameRenderer&&) noexcept = default;
FrameRenderer& FrameRenderer::operator=(FrameRenderer&&) noexcept = default;
FrameRenderer::~FrameRenderer() = default;

Result<FrameRenderer> FrameRenderer::create(DesktopWindow& window) {
  auto impl = std::make_unique<Impl>();
  impl->window = &window;
  if (Status s = impl->init(); !s) return s.error();
  return FrameRenderer(std::move(impl));
}

Status FrameRenderer::draw(const FrameInput& in, Capture* capture) { return impl_->draw(in, capture); }

Status FrameRenderer::wait_idle() {
  if (VkResult r = vkWaitForFences(impl_->dev, 1, &impl_->fence, VK_TRUE, UINT64_MAX); r != VK_SUCCESS)
    return vk_error("vkWaitForFences", r);
  return {};
}

}  // namespace tw::sim
