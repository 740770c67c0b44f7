// frame_renderer.cpp
#include "frame_renderer.hpp"

#include <imgui.h>
#include <imgui_impl_vulkan.h>

#include <array>
#include <cstring>
#include <optional>
#include <utility>

#include "render/vk_util.hpp"
#include "tw_shaders/tw_shaders.hpp"

namespace tw::sim {

namespace {

// Matches shaders/sim_world.frag.
struct WorldPush {
  float world_from_clip[16];
  float eye_m[4];
  float params[4];
};
static_assert(sizeof(WorldPush) == 96);

}  // namespace

struct FrameRenderer::Impl {
  DesktopWindow* window = nullptr;
  VkDevice dev = VK_NULL_HANDLE;
  VkRenderPass render_pass = VK_NULL_HANDLE;
  std::vector<VkFramebuffer> framebuffers;
  uint64_t generation = 0;
  VkPipelineLayout world_layout = VK_NULL_HANDLE;
  VkPipeline world = VK_NULL_HANDLE;
  std::optional<QuadPass> quads;  // the panels, drawn as the headless compositor draws them
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
    quads.reset();
    destroy_mapped_buffer(dev, readback);
    if (image_ready) vkDestroySemaphore(dev, image_ready, nullptr);
    if (fence) vkDestroyFence(dev, fence, nullptr);
    if (cmd_pool) vkDestroyCommandPool(dev, cmd_pool, nullptr);
    if (imgui_pool) vkDestroyDescriptorPool(dev, imgui_pool, nullptr);
    if (world) vkDestroyPipeline(dev, world, nullptr);
    if (world_layout) vkDestroyPipelineLayout(dev, world_layout, nullptr);
    destroy_framebuffers();
    if (render_pass) vkDestroyRenderPass(dev, render_pass, nullptr);
  }

  void destroy_framebuffers() {
    for (VkFramebuffer f : framebuffers) vkDestroyFramebuffer(dev, f, nullptr);
    framebuffers.clear();
  }

  Status build_framebuffers() {
    destroy_framebuffers();
    const VkExtent2D e = window->extent();
    for (uint32_t i = 0; i < window->image_count(); ++i) {
      VkImageView view = window->image_view(i);
      VkFramebufferCreateInfo fb{};
      fb.sType = VK_STRUCTURE_TYPE_FRAMEBUFFER_CREATE_INFO;
      fb.renderPass = render_pass;
      fb.attachmentCount = 1;
      fb.pAttachments = &view;
      fb.width = e.width;
      fb.height = e.height;
      fb.layers = 1;
      VkFramebuffer f = VK_NULL_HANDLE;
      if (VkResult r = vkCreateFramebuffer(dev, &fb, nullptr, &f); r != VK_SUCCESS) return vk_error("vkCreateFramebuffer", r);
      framebuffers.push_back(f);
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
    auto rp = create_color_pass(dev, window->format(), VK_IMAGE_LAYOUT_PRESENT_SRC_KHR, {&dep, 1});
    if (!rp) return rp.error();
    render_pass = rp.value();
    if (Status s = build_framebuffers(); !s) return s;

    auto wl = create_pipeline_layout(dev, VK_NULL_HANDLE, sizeof(WorldPush), VK_SHADER_STAGE_FRAGMENT_BIT);
    if (!wl) return wl.error();
    world_layout = wl.value();

    auto wp = create_pipeline({.device = dev, .layout = world_layout, .render_pass = render_pass,
                               .vs = shaders::k_sim_world_vert, .fs = shaders::k_sim_world_frag});
    if (!wp) return wp.error();
    world = wp.value();
    auto qp = QuadPass::create({window->physical_device(), dev, render_pass});
    if (!qp) return qp.error();
    quads.emplace(std::move(qp.value()));

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
    if (!ImGui_ImplVulkan_Init(&ii, render_pass)) return Error{kErrcVulkan, "ImGui_ImplVulkan_Init failed"};
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

    begin_one_time(cmd);
    VkClearValue clear{};
    clear.color = {{0.02f, 0.02f, 0.025f, 1.f}};
    VkRenderPassBeginInfo rb{};
    rb.sType = VK_STRUCTURE_TYPE_RENDER_PASS_BEGIN_INFO;
    rb.renderPass = render_pass;
    rb.framebuffer = framebuffers[index.value()];
    rb.renderArea = {{0, 0}, e};
    rb.clearValueCount = 1;
    rb.pClearValues = &clear;
    vkCmdBeginRenderPass(cmd, &rb, VK_SUBPASS_CONTENTS_INLINE);
    const VkViewport vp{static_cast<float>(in.view.offset.x), static_cast<float>(in.view.offset.y),
                        static_cast<float>(in.view.extent.width), static_cast<float>(in.view.extent.height), 0.f, 1.f};
    vkCmdSetViewport(cmd, 0, 1, &vp);
    vkCmdSetScissor(cmd, 0, 1, &in.view);
    WorldPush push{};
    std::memcpy(push.world_from_clip, &in.world_from_clip[0][0], sizeof push.world_from_clip);
    push.eye_m[0] = in.eye_m.x;
    push.eye_m[1] = in.eye_m.y;
    push.eye_m[2] = in.eye_m.z;
    push.params[0] = in.world_brightness;
    vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, world);
    vkCmdPushConstants(cmd, world_layout, VK_SHADER_STAGE_FRAGMENT_BIT, 0, sizeof push, &push);
    vkCmdDraw(cmd, 3, 1, 0, 0);
    vkCmdSetScissor(cmd, 0, 1, &in.display);
    if (Status s = quads->record(cmd, in.quads, in.additive ? DisplayBlend::additive : DisplayBlend::alpha); !s) {
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
