// panel_renderer.cpp: PanelRenderer. [SECTION] markers: setup, fonts,
// pipelines, render, teardown.
#include "render/panel_renderer.hpp"

#include <imgui.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "render/panel_ui.hpp"
#include "render/shader_push.hpp"
#include "render/vk_util.hpp"
#include "tw_shaders/tw_shaders.hpp"

namespace tw {

using render_detail::PanelFonts;
using render_detail::PanelShapes;
using render_detail::SdfRing;

namespace {

constexpr const char* kDefaultFont = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
constexpr const char* kDefaultBoldFont = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";
constexpr uint32_t kFramesInFlight = 2;
constexpr size_t kMaxFramebuffers = 32;
constexpr VkDeviceSize kMinVertexBytes = 64 * 1024;
constexpr VkDeviceSize kMinIndexBytes = 32 * 1024;

// ImGui colours are sRGB bytes; the SDF shader wants premultiplied linear.
void premultiplied_linear(uint32_t rgba, float (&out)[4]) {
  auto lin = [](uint32_t byte) { return srgb_to_linear(static_cast<float>(byte) / 255.0f); };
  float a = static_cast<float>((rgba >> IM_COL32_A_SHIFT) & 0xFFu) / 255.0f;
  out[0] = lin((rgba >> IM_COL32_R_SHIFT) & 0xFFu) * a;
  out[1] = lin((rgba >> IM_COL32_G_SHIFT) & 0xFFu) * a;
  out[2] = lin((rgba >> IM_COL32_B_SHIFT) & 0xFFu) * a;
  out[3] = a;
}

Result<std::vector<unsigned char>> read_font(const char* path) {
  std::FILE* f = std::fopen(path, "rb");
  if (!f) return Error{Errc::not_found, std::string("font file not found or unreadable: ") + path};
  std::vector<unsigned char> data;
  unsigned char chunk[65536];
  size_t n;
  while ((n = std::fread(chunk, 1, sizeof chunk, f)) > 0) data.insert(data.end(), chunk, chunk + n);
  std::fclose(f);
  // TrueType (00 01 00 00 or 'true'); stb_truetype would assert on anything else.
  bool ttf = data.size() > 12 && ((data[0] == 0 && data[1] == 1 && data[2] == 0 && data[3] == 0) ||
                                  std::memcmp(data.data(), "true", 4) == 0);
  if (!ttf) return Error{Errc::parse, std::string("not a TrueType font file: ") + path};
  return data;
}

}  // namespace

struct PanelRenderer::Impl {
  RendererDesc desc{};
  VkDevice dev = VK_NULL_HANDLE;

  // [SECTION] fonts and ImGui
  std::vector<unsigned char> font_regular, font_bold;  // the atlas borrows these
  ImFontAtlas atlas;
  ImGuiContext* imgui = nullptr;
  PanelFonts fonts;
  PanelShapes shapes;

  // [SECTION] Vulkan objects
  VkRenderPass render_pass = VK_NULL_HANDLE;
  VkRenderPass render_pass_over = VK_NULL_HANDLE;  // compatible: loads instead of clearing
  VkDescriptorSetLayout set_layout = VK_NULL_HANDLE;
  VkPipelineLayout pipeline_layout = VK_NULL_HANDLE;
  VkPipeline ui_pipeline = VK_NULL_HANDLE;
  VkPipeline sdf_pipeline = VK_NULL_HANDLE;
  VkDescriptorPool descriptor_pool = VK_NULL_HANDLE;
  VkDescriptorSet descriptor_set = VK_NULL_HANDLE;
  VkSampler sampler = VK_NULL_HANDLE;
  DeviceImage atlas_texture;
  VkCommandPool command_pool = VK_NULL_HANDLE;
  VkQueryPool query_pool = VK_NULL_HANDLE;
  float timestamp_period_ns = 1.0f;

  struct Frame {
    VkCommandBuffer cmd = VK_NULL_HANDLE;
    VkFence fence = VK_NULL_HANDLE;
    MappedBuffer vertices, indices;
    bool submitted = false;
  };
  std::array<Frame, kFramesInFlight> frames{};
  uint32_t next_frame = 0;
  int last_frame = -1;

  struct Framebuffer {
    VkImageView view = VK_NULL_HANDLE;
    uint32_t width = 0, height = 0;
    VkFramebuffer fb = VK_NULL_HANDLE;
    uint64_t last_use = 0;
  };
  std::array<Framebuffer, kMaxFramebuffers> framebuffers{};

  struct Slot {
    PanelContent content;
    bool valid = false;
  };
  std::vector<Slot> slots;  // sized once at create
  RenderStats stats;

  ~Impl() { destroy(); }

  void destroy() noexcept {
    if (dev) vkDeviceWaitIdle(dev);
    for (Framebuffer& f : framebuffers) {
      if (f.fb) vkDestroyFramebuffer(dev, f.fb, nullptr);
      f = Framebuffer{};
    }
    for (Frame& f : frames) {
      destroy_mapped_buffer(dev, f.vertices);
      destroy_mapped_buffer(dev, f.indices);
      if (f.fence) vkDestroyFence(dev, f.fence, nullptr);
      f = Frame{};
    }
    if (query_pool) vkDestroyQueryPool(dev, query_pool, nullptr);
    if (command_pool) vkDestroyCommandPool(dev, command_pool, nullptr);
    if (ui_pipeline) vkDestroyPipeline(dev, ui_pipeline, nullptr);
    if (sdf_pipeline) vkDestroyPipeline(dev, sdf_pipeline, nullptr);
    if (pipeline_layout) vkDestroyPipelineLayout(dev, pipeline_layout, nullptr);
    if (descriptor_pool) vkDestroyDescriptorPool(dev, descriptor_pool, nullptr);
    if (set_layout) vkDestroyDescriptorSetLayout(dev, set_layout, nullptr);
    if (sampler) vkDestroySampler(dev, sampler, nullptr);
    destroy_device_image(dev, atlas_texture);
    if (render_pass) vkDestroyRenderPass(dev, render_pass, nullptr);
    if (render_pass_over) vkDestroyRenderPass(dev, render_pass_over, nullptr);
    if (imgui) ImGui::DestroyContext(imgui);
    imgui = nullptr;
    dev = VK_NULL_HANDLE;
  }

  // [SECTION] setup
  Status init(const RendererDesc& d) {
    desc = d;
    if (!d.physical_device || !d.device || !d.queue)
      return Error{Errc::invalid_argument, "RendererDesc needs physical_device, device and queue"};
    dev = d.device;
    slots.resize(d.max_slots ? d.max_slots : 16);
    if (Status s = init_fonts(); !s) return s;
    if (Status s = init_render_pass(); !s) return s;
    if (Status s = init_pipelines(); !s) return s;
    if (Status s = init_frames(); !s) return s;
    if (Status s = upload_atlas(); !s) return s;
    return {};
  }

  Status init_fonts() {
    const char* regular = desc.font_path ? desc.font_path : kDefaultFont;
    const char* bold = desc.bold_font_path ? desc.bold_font_path : (desc.font_path ? desc.font_path : kDefaultBoldFont);
    auto r = read_font(regular);
    if (!r) return r.error();
    font_regular = std::move(r.value());
    auto b = read_font(bold);
    if (!b) return b.error();
    font_bold = std::move(b.value());

    // Latin-1, dashes, quotes, bullet, ellipsis, euro sign.
    static const ImWchar ranges[] = {0x0020, 0x00FF, 0x2010, 0x2027, 0x20AC, 0x20AC, 0};
    auto add = [&](std::vector<unsigned char>& data, float px) {
      ImFontConfig cfg;
      cfg.FontDataOwnedByAtlas = false;  // our vectors outlive the atlas
      cfg.OversampleH = 2;
      cfg.OversampleV = 1;
      cfg.PixelSnapH = true;
      return atlas.AddFontFromMemoryTTF(data.data(), static_cast<int>(data.size()), px, &cfg, ranges);
    };
    fonts.small = add(font_regular, 20.0f);
    fonts.body = add(font_regular, 28.0f);
    fonts.title = add(font_bold, 32.0f);
    fonts.big = add(font_bold, 64.0f);
    atlas.Flags |= ImFontAtlasFlags_NoMouseCursors;
    if (!atlas.Build()) return Error{Errc::parse, std::string("could not build a font atlas from ") + regular};
    atlas.SetTexID(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(1)));

    imgui = ImGui::CreateContext(&atlas);
    ImGui::SetCurrentContext(imgui);
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.LogFilename = nullptr;
    io.FontDefault = fonts.body;
    return {};
  }

  Status init_render_pass() {
    if (Status s = create_render_pass(false, render_pass); !s) return s;
    return create_render_pass(true, render_pass_over);
  }

  Status create_render_pass(bool over, VkRenderPass& out) {
    VkAttachmentDescription color{};
    color.format = kPanelFormat;
    color.samples = VK_SAMPLE_COUNT_1_BIT;
    // Every render redraws the whole panel, unless it is drawn over a view.
    color.loadOp = over ? VK_ATTACHMENT_LOAD_OP_LOAD : VK_ATTACHMENT_LOAD_OP_CLEAR;
    color.storeOp = VK_ATTACHMENT_STORE_OP_STORE;
    color.stencilLoadOp = VK_ATTACHMENT_LOAD_OP_DONT_CARE;
    color.stencilStoreOp = VK_ATTACHMENT_STORE_OP_DONT_CARE;
    color.initialLayout = over ? VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL : VK_IMAGE_LAYOUT_UNDEFINED;
    color.finalLayout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL;
    VkAttachmentReference ref{0, VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL};
    VkSubpassDescription sub{};
    sub.pipelineBindPoint = VK_PIPELINE_BIND_POINT_GRAPHICS;
    sub.colorAttachmentCount = 1;
    sub.pColorAttachments = &ref;
    // Earlier users of the image (a compositor sampling it, a readback
    // copy, a previous render) finish before this render writes it.
    VkSubpassDependency dep{};
    dep.srcSubpass = VK_SUBPASS_EXTERNAL;
    dep.dstSubpass = 0;
    dep.srcStageMask = VK_PIPELINE_STAGE_ALL_COMMANDS_BIT;
    dep.srcAccessMask = VK_ACCESS_MEMORY_WRITE_BIT;
    dep.dstStageMask = VK_PIPELINE_STAGE_COLOR_ATTACHMENT_OUTPUT_BIT;
    dep.dstAccessMask = VK_ACCESS_COLOR_ATTACHMENT_WRITE_BIT | VK_ACCESS_COLOR_ATTACHMENT_READ_BIT;
    VkRenderPassCreateInfo ci{};
    ci.sType = VK_STRUCTURE_TYPE_RENDER_PASS_CREATE_INFO;
    ci.attachmentCount = 1;
    ci.pAttachments = &color;
    ci.subpassCount = 1;
    ci.pSubpasses = &sub;
    ci.dependencyCount = 1;
    ci.pDependencies = &dep;
    if (VkResult r = vkCreateRenderPass(dev, &ci, nullptr, &out); r != VK_SUCCESS)
      return vk_error("vkCreateRenderPass", r);
    return {};
  }

  // [SECTION] pipelines
  Status init_pipelines() {
    auto smp = create_linear_sampler(dev);
    if (!smp) return smp.error();
    sampler = smp.value();
    auto sl = create_sampler_set_layout(dev);
    if (!sl) return sl.error();
    set_layout = sl.value();
    auto pl = create_pipeline_layout(dev, set_layout, sizeof(ShaderPush),
                                     VK_SHADER_STAGE_VERTEX_BIT | VK_SHADER_STAGE_FRAGMENT_BIT);
    if (!pl) return pl.error();
    pipeline_layout = pl.value();

    VkVertexInputBindingDescription binding{0, sizeof(ImDrawVert), VK_VERTEX_INPUT_RATE_VERTEX};
    VkVertexInputAttributeDescription attrs[3] = {
        {0, 0, VK_FORMAT_R32G32_SFLOAT, static_cast<uint32_t>(offsetof(ImDrawVert, pos))},
        {1, 0, VK_FORMAT_R32G32_SFLOAT, static_cast<uint32_t>(offsetof(ImDrawVert, uv))},
        {2, 0, VK_FORMAT_R8G8B8A8_UNORM, static_cast<uint32_t>(offsetof(ImDrawVert, col))}};
    auto ui = create_pipeline({.device = dev, .layout = pipeline_layout, .render_pass = render_pass,
                               .vs = shaders::k_ui_vert, .fs = shaders::k_ui_frag, .binding = &binding,
                               .attributes = attrs, .attribute_count = 3});
    if (!ui) return ui.error();
    ui_pipeline = ui.value();
    auto sdf = create_pipeline({.device = dev, .layout = pipeline_layout, .render_pass = render_pass,
                                .vs = shaders::k_sdf_vert, .fs = shaders::k_sdf_frag});
    if (!sdf) return sdf.error();
    sdf_pipeline = sdf.value();
    auto pool = create_sampler_pool(dev, 1);
    if (!pool) return pool.error();
    descriptor_pool = pool.value();
    return {};
  }

  Status init_frames() {
    auto pool = create_command_pool(dev, desc.queue_family);
    if (!pool) return pool.error();
    command_pool = pool.value();
    for (Frame& f : frames) {
      auto cb = allocate_command_buffer(dev, command_pool);
      if (!cb) return cb.error();
      f.cmd = cb.value();
      auto fence = create_fence(dev);
      if (!fence) return fence.error();
      f.fence = fence.value();
      auto vb = create_mapped_buffer(desc.physical_device, dev, kMinVertexBytes, VK_BUFFER_USAGE_VERTEX_BUFFER_BIT);
      if (!vb) return vb.error();
      f.vertices = vb.value();
      auto ib = create_mapped_buffer(desc.physical_device, dev, kMinIndexBytes, VK_BUFFER_USAGE_INDEX_BUFFER_BIT);
      if (!ib) return ib.error();
      f.indices = ib.value();
    }
    if (desc.gpu_timestamps) {
      VkPhysicalDeviceProperties props;
      vkGetPhysicalDeviceProperties(desc.physical_device, &props);
      timestamp_period_ns = props.limits.timestampPeriod;
      VkQueryPoolCreateInfo qi{};
      qi.sType = VK_STRUCTURE_TYPE_QUERY_POOL_CREATE_INFO;
      qi.queryType = VK_QUERY_TYPE_TIMESTAMP;
      qi.queryCount = 2 * kFramesInFlight;
      if (VkResult r = vkCreateQueryPool(dev, &qi, nullptr, &query_pool); r != VK_SUCCESS)
        return vk_error("vkCreateQueryPool", r);
    }
    return {};
  }

  // The font atlas goes up once, through a staging buffer, at create.
  Status upload_atlas() {
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    atlas.GetTexDataAsAlpha8(&pixels, &w, &h);
    auto img = create_device_image(desc.physical_device, dev,
                                   {.format = VK_FORMAT_R8_UNORM,
                                    .width = static_cast<uint32_t>(w),
                                    .height = static_cast<uint32_t>(h),
                                    .usage = VK_IMAGE_USAGE_SAMPLED_BIT | VK_IMAGE_USAGE_TRANSFER_DST_BIT});
    if (!img) return Error{img.error().code, "font atlas: " + img.error().message};
    atlas_texture = img.value();

    VkDeviceSize bytes = static_cast<VkDeviceSize>(w) * static_cast<VkDeviceSize>(h);
    auto staging = create_mapped_buffer(desc.physical_device, dev, bytes, VK_BUFFER_USAGE_TRANSFER_SRC_BIT);
    if (!staging) return staging.error();
    MappedBuffer sb = staging.value();
    std::memcpy(sb.mapped, pixels, static_cast<size_t>(bytes));

    Frame& f = frames[0];
    begin_one_time(f.cmd);
    image_barrier(f.cmd, {.image = atlas_texture.image,
                          .from = VK_IMAGE_LAYOUT_UNDEFINED,
                          .to = VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                          .src_stage = VK_PIPELINE_STAGE_TOP_OF_PIPE_BIT,
                          .dst_stage = VK_PIPELINE_STAGE_TRANSFER_BIT,
                          .dst_access = VK_ACCESS_TRANSFER_WRITE_BIT});
    VkBufferImageCopy copy{};
    copy.imageSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, 1};
    copy.imageExtent = {static_cast<uint32_t>(w), static_cast<uint32_t>(h), 1};
    vkCmdCopyBufferToImage(f.cmd, sb.buffer, atlas_texture.image, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, 1, &copy);
    image_barrier(f.cmd, {.image = atlas_texture.image,
                          .from = VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL,
                          .to = VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL,
                          .src_stage = VK_PIPELINE_STAGE_TRANSFER_BIT,
                          .dst_stage = VK_PIPELINE_STAGE_FRAGMENT_SHADER_BIT,
                          .src_access = VK_ACCESS_TRANSFER_WRITE_BIT,
                          .dst_access = VK_ACCESS_SHADER_READ_BIT});
    vkEndCommandBuffer(f.cmd);
    const Status uploaded = submit_and_wait(dev, desc.queue, f.cmd, f.fence);
    destroy_mapped_buffer(dev, sb);
    if (!uploaded) return Error{uploaded.error().code, "uploading the font atlas: " + uploaded.error().message};
    atlas.ClearTexData();  // the CPU copy is no longer needed
    auto set = allocate_sampler_set(dev, descriptor_pool, set_layout, sampler, atlas_texture.view);
    if (!set) return set.error();
    descriptor_set = set.value();
    return {};
  }

  // [SECTION] render
  Result<VkFramebuffer> framebuffer_for(const PanelTarget& t) {
    uint64_t use = stats.renders + 1;
    Framebuffer* lru = &framebuffers[0];
    for (Framebuffer& f : framebuffers) {
      if (f.fb && f.view == t.view && f.width == t.x + t.width && f.height == t.y + t.height) {
        f.last_use = use;
        return f.fb;
      }
      if (!f.fb || (lru->fb && f.last_use < lru->last_use)) lru = &f;
    }
    if (lru->fb) {
      // Evicting: the framebuffer may still be used by an in-flight render.
      if (Status s = wait_all(); !s) return s.error();
      vkDestroyFramebuffer(dev, lru->fb, nullptr);
      *lru = Framebuffer{};
    }
    VkFramebufferCreateInfo ci{};
    ci.sType = VK_STRUCTURE_TYPE_FRAMEBUFFER_CREATE_INFO;
    ci.renderPass = render_pass;
    ci.attachmentCount = 1;
    ci.pAttachments = &t.view;
    ci.width = t.x + t.width;  // the framebuffer reaches the panel's far corner
    ci.height = t.y + t.height;
    ci.layers = 1;
    VkFramebuffer fb = VK_NULL_HANDLE;
    if (VkResult r = vkCreateFramebuffer(dev, &ci, nullptr, &fb); r != VK_SUCCESS) return vk_error("vkCreateFramebuffer", r);
    *lru = Framebuffer{t.view, t.x + t.width, t.y + t.height, fb, use};
    return fb;
  }

  Status wait_frame(Frame& f) {
    if (!f.submitted) return {};
    if (VkResult r = vkWaitForFences(dev, 1, &f.fence, VK_TRUE, UINT64_MAX); r != VK_SUCCESS)
      return vk_error("vkWaitForFences", r);
    f.submitted = false;
    if (VkResult r = vkResetFences(dev, 1, &f.fence); r != VK_SUCCESS) return vk_error("vkResetFences", r);
    return {};
  }

  Status wait_all() {
    for (Frame& f : frames) {
      if (Status s = wait_frame(f); !s) return s;
    }
    return {};
  }

  Status ensure_capacity(MappedBuffer& b, VkDeviceSize need, VkBufferUsageFlags usage) {
    if (need <= b.size) return {};
    VkDeviceSize size = b.size ? b.size : 1024;
    while (size < need) size *= 2;
    destroy_mapped_buffer(dev, b);
    auto nb = create_mapped_buffer(desc.physical_device, dev, size, usage);
    if (!nb) return nb.error();
    b = nb.value();
    ++stats.buffer_grows;
    return {};
  }

  Status render(uint32_t slot, const PanelContent& content, const PanelTarget& t) {
    if (!t.image || !t.view || t.width == 0 || t.height == 0 || t.x + t.width > 8192 || t.y + t.height > 8192)
      return Error{Errc::invalid_argument, "PanelTarget needs an image, a view and a rectangle inside 8192x8192 px"};
    if (t.format != VK_FORMAT_UNDEFINED && t.format != kPanelFormat)
      return Error{Errc::invalid_argument, "PanelTarget format must be VK_FORMAT_R8G8B8A8_SRGB"};

    Frame& f = frames[next_frame];
    if (Status s = wait_frame(f); !s) return s;
    auto fb = framebuffer_for(t);
    if (!fb) return fb.error();

    // Lay out the panel. ImGui reuses its buffers, so this allocates nothing
    // once the first panels have been drawn.
    ImGui::SetCurrentContext(imgui);
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(static_cast<float>(t.layout_width ? t.layout_width : t.width),
                            static_cast<float>(t.layout_height ? t.layout_height : t.height));
    io.DeltaTime = 1.0f / 90.0f;
    ImGui::NewFrame();
    render_detail::build_panel_ui(content, io.DisplaySize.x, io.DisplaySize.y, fonts, shapes);
    ImGui::Render();
    const ImDrawData* dd = ImGui::GetDrawData();

    VkDeviceSize vbytes = static_cast<VkDeviceSize>(dd->TotalVtxCount) * sizeof(ImDrawVert);
    VkDeviceSize ibytes = static_cast<VkDeviceSize>(dd->TotalIdxCount) * sizeof(ImDrawIdx);
    if (Status s = ensure_capacity(f.vertices, vbytes, VK_BUFFER_USAGE_VERTEX_BUFFER_BIT); !s) return s;
    if (Status s = ensure_capacity(f.indices, ibytes, VK_BUFFER_USAGE_INDEX_BUFFER_BIT); !s) return s;
    auto* vdst = static_cast<ImDrawVert*>(f.vertices.mapped);
    auto* idst = static_cast<ImDrawIdx*>(f.indices.mapped);
    for (int i = 0; i < dd->CmdListsCount; ++i) {
      const ImDrawList* list = dd->CmdLists[i];
      std::memcpy(vdst, list->VtxBuffer.Data, static_cast<size_t>(list->VtxBuffer.Size) * sizeof(ImDrawVert));
      std::memcpy(idst, list->IdxBuffer.Data, static_cast<size_t>(list->IdxBuffer.Size) * sizeof(ImDrawIdx));
      vdst += list->VtxBuffer.Size;
      idst += list->IdxBuffer.Size;
    }

    VkCommandBuffer cmd = f.cmd;
    if (VkResult r = vkResetCommandBuffer(cmd, 0); r != VK_SUCCESS) return vk_error("vkResetCommandBuffer", r);
    VkCommandBufferBeginInfo bi{};
    bi.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO;
    bi.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
    if (VkResult r = vkBeginCommandBuffer(cmd, &bi); r != VK_SUCCESS) return vk_error("vkBeginCommandBuffer", r);
    uint32_t q0 = 2 * next_frame;
    if (query_pool) {
      vkCmdResetQueryPool(cmd, query_pool, q0, 2);
      vkCmdWriteTimestamp(cmd, VK_PIPELINE_STAGE_TOP_OF_PIPE_BIT, query_pool, q0);
    }
    VkClearValue clear{};
    VkRenderPassBeginInfo rp{};
    rp.sType = VK_STRUCTURE_TYPE_RENDER_PASS_BEGIN_INFO;
    rp.renderPass = t.blend_over ? render_pass_over : render_pass;
    rp.framebuffer = fb.value();
    rp.renderArea = {{static_cast<int32_t>(t.x), static_cast<int32_t>(t.y)}, {t.width, t.height}};
    rp.clearValueCount = 1;
    rp.pClearValues = &clear;
    vkCmdBeginRenderPass(cmd, &rp, VK_SUBPASS_CONTENTS_INLINE);
    record_draws(cmd, f, *dd, t, io.DisplaySize.x, io.DisplaySize.y);
    vkCmdEndRenderPass(cmd);

    VkImageLayout final_layout =
        t.final_layout == VK_IMAGE_LAYOUT_UNDEFINED ? VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL : t.final_layout;
    if (final_layout != VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL)
      image_barrier(cmd, {.image = t.image,
                          .from = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
                          .to = final_layout,
                          .src_stage = VK_PIPELINE_STAGE_COLOR_ATTACHMENT_OUTPUT_BIT,
                          .dst_stage = VK_PIPELINE_STAGE_ALL_COMMANDS_BIT,
                          .src_access = VK_ACCESS_COLOR_ATTACHMENT_WRITE_BIT,
                          .dst_access = VK_ACCESS_MEMORY_READ_BIT});
    if (query_pool) vkCmdWriteTimestamp(cmd, VK_PIPELINE_STAGE_BOTTOM_OF_PIPE_BIT, query_pool, q0 + 1);
    if (VkResult r = vkEndCommandBuffer(cmd); r != VK_SUCCESS) return vk_error("vkEndCommandBuffer", r);

    VkSubmitInfo submit{};

    submit.sType = VK_STRUCTURE_TYPE_SUBMIT_INFO;
    submit.commandBufferCount = 1;
    submit.pCommandBuffers = &cmd;
    if (t.signal) {
      submit.signalSemaphoreCount = 1;
      submit.pSignalSemaphores = &t.signal;
    }
    if (VkResult r = vkQueueSubmit(desc.queue, 1, &submit, f.fence); r != VK_SUCCESS) return vk_error("vkQueueSubmit", r);
    f.submitted = true;
    ++stats.submissions;
    ++stats.renders;
    last_frame = static_cast<int>(next_frame);
    next_frame = (next_frame + 1) % kFramesInFlight;
    if (slot < slots.size()) slots[slot] = Slot{content, true};
    return {};
  }

  void bind_ui(VkCommandBuffer cmd, const Frame& f, const ShaderPush& pc) {
    vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, ui_pipeline);
    vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, pipeline_layout, 0, 1, &descriptor_set, 0, nullptr);
    VkDeviceSize zero = 0;
    vkCmdBindVertexBuffers(cmd, 0, 1, &f.vertices.buffer, &zero);
    vkCmdBindIndexBuffer(cmd, f.indices.buffer, 0, sizeof(ImDrawIdx) == 2 ? VK_INDEX_TYPE_UINT16 : VK_INDEX_TYPE_UINT32);
    vkCmdPushConstants(cmd, pipeline_layout, VK_SHADER_STAGE_VERTEX_BIT | VK_SHADER_STAGE_FRAGMENT_BIT, 0,
                       sizeof(ShaderPush), &pc);
  }

  // w, h: the layout size; the viewport scales it into the target rectangle.
  void record_draws(VkCommandBuffer cmd, const Frame& f, const ImDrawData& dd, const PanelTarget& t, float w, float h) {
    const float ox = static_cast<float>(t.x), oy = static_cast<float>(t.y);
    const float sx = static_cast<float>(t.width) / w, sy = static_cast<float>(t.height) / h;
    VkViewport viewport{ox, oy, static_cast<float>(t.width), static_cast<float>(t.height), 0, 1};
    vkCmdSetViewport(cmd, 0, 1, &viewport);
    ShaderPush pc{};
    pc.scale_translate[0] = 2.0f / w;
    pc.scale_translate[1] = 2.0f / h;
    pc.scale_translate[2] = -1.0f;
    pc.scale_translate[3] = -1.0f;
    bind_ui(cmd, f, pc);
    uint32_t vtx_base = 0, idx_base = 0;
    for (int i = 0; i < dd.CmdListsCount; ++i) {
      const ImDrawList* list = dd.CmdLists[i];
      for (const ImDrawCmd& c : list->CmdBuffer) {
        float x0 = std::clamp(c.ClipRect.x, 0.0f, w), y0 = std::clamp(c.ClipRect.y, 0.0f, h);
        float x1 = std::clamp(c.ClipRect.z, 0.0f, w), y1 = std::clamp(c.ClipRect.w, 0.0f, h);
        if (x1 <= x0 || y1 <= y0) continue;
        // Layout pixels to target pixels (only an offset unless the panel is scaled).
        const float fx0 = std::floor(x0), fy0 = std::floor(y0);
        VkRect2D scissor{{static_cast<int32_t>(fx0 * sx + ox), static_cast<int32_t>(fy0 * sy + oy)},
                         {static_cast<uint32_t>((x1 - fx0) * sx), static_cast<uint32_t>((y1 - fy0) * sy)}};
        vkCmdSetScissor(cmd, 0, 1, &scissor);
        if (c.UserCallback == render_detail::sdf_ring_marker) {
          const auto* ring = static_cast<const SdfRing*>(c.UserCallbackData);
          ShaderPush sp = pc;
          float reach = ring->radius + ring->half_width + 2.0f;
          sp.rect_px[0] = ring->cx - reach;
          sp.rect_px[1] = ring->cy - reach;
          sp.rect_px[2] = ring->cx + reach;
          sp.rect_px[3] = ring->cy + reach;
          sp.ring_px[0] = ring->cx;
          sp.ring_px[1] = ring->cy;
          sp.ring_px[2] = ring->radius;
          sp.ring_px[3] = ring->half_width;
          sp.arc[0] = ring->fraction;
          premultiplied_linear(ring->track_rgba, sp.track_color);
          premultiplied_linear(ring->arc_rgba, sp.arc_color);
          vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, sdf_pipeline);
          vkCmdPushConstants(cmd, pipeline_layout, VK_SHADER_STAGE_VERTEX_BIT | VK_SHADER_STAGE_FRAGMENT_BIT, 0,
                             sizeof(ShaderPush), &sp);
          vkCmdDraw(cmd, 6, 1, 0, 0);
          bind_ui(cmd, f, pc);
          continue;
        }
        if (c.UserCallback) continue;  // no other callbacks are emitted
        vkCmdDrawIndexed(cmd, c.ElemCount, 1, idx_base + c.IdxOffset, static_cast<int32_t>(vtx_base + c.VtxOffset), 0);
      }
      vtx_base += static_cast<uint32_t>(list->VtxBuffer.Size);
      idx_base += static_cast<uint32_t>(list->IdxBuffer.Size);
    }
  }
};

// [SECTION] public API
PanelRenderer::PanelRenderer(std::unique_ptr<Impl> impl) noexcept : impl_(std::move(impl)) {}
PanelRenderer::PanelRenderer(PanelRenderer&&) noexcept = default;
PanelRenderer& PanelRenderer::operator=(PanelRenderer&&) noexcept = default;
PanelRenderer::~PanelRenderer() = default;

Result<PanelRenderer> PanelRenderer::create(const RendererDesc& desc) {
  auto impl = std::make_unique<Impl>();
  if (Status s = impl->init(desc); !s) return s.error();
  return PanelRenderer(std::move(impl));
}

bool PanelRenderer::is_current(uint32_t slot, const PanelContent& content) const noexcept {
  return slot < impl_->slots.size() && impl_->slots[slot].valid && impl_->slots[slot].content == content;
}

Result<bool> PanelRenderer::update(uint32_t slot, const PanelContent& content, const PanelTarget& target) {
  if (is_current(slot, content)) {
    ++impl_->stats.skipped;
    return false;
  }
  if (Status s = impl_->render(slot, content, target); !s) return s.error();
  return true;
}

Status PanelRenderer::render(uint32_t slot, const PanelContent& content, const PanelTarget& target) {
  return impl_->render(slot, content, target);
}

void PanelRenderer::invalidate(uint32_t slot) noexcept {
  if (slot < impl_->slots.size()) impl_->slots[slot].valid = false;
}

Status PanelRenderer::wait_idle() { return impl_->wait_all(); }

Status PanelRenderer::forget_view(VkImageView view) {
  if (Status s = impl_->wait_all(); !s) return s;
  for (auto& f : impl_->framebuffers) {
    if (f.fb && f.view == view) {
      vkDestroyFramebuffer(impl_->dev, f.fb, nullptr);
      f = Impl::Framebuffer{};
    }
  }
  return {};
}

Result<double> PanelRenderer::last_gpu_ms() {
  Impl& m = *impl_;
  if (!m.query_pool) return Error{Errc::invalid_argument, "gpu_timestamps was not enabled in RendererDesc"};
  if (m.last_frame < 0) return Error{Errc::invalid_argument, "nothing rendered yet"};
  if (Status s = m.wait_frame(m.frames[static_cast<size_t>(m.last_frame)]); !s) return s.error();
  uint64_t ts[2] = {0, 0};
  VkResult r = vkGetQueryPoolResults(m.dev, m.query_pool, 2 * static_cast<uint32_t>(m.last_frame), 2, sizeof ts, ts,
                                     sizeof(uint64_t), VK_QUERY_RESULT_64_BIT | VK_QUERY_RESULT_WAIT_BIT);
  if (r != VK_SUCCESS) return vk_error("vkGetQueryPoolResults", r);
  return static_cast<double>(ts[1] - ts[0]) * static_cast<double>(m.timestamp_period_ns) * 1e-6;
}

const RenderStats& PanelRenderer::stats() const noexcept { return impl_->stats; }

}  // namespace tw
