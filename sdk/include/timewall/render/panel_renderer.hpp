// panel_renderer.hpp: draws Timewall panels into Vulkan images, only on change.
//
// What it does: on the host's VkDevice and queue (it never creates a device
// of its own), lays out a PanelContent with Dear ImGui and a real TTF font,
// and draws it with its own pipelines: textured triangles for ImGui's draw
// data and an SDF pipeline for rings and arcs, premultiplied alpha
// throughout. Each panel renders into a caller-provided image (later an
// XrSwapchain image) of format VK_FORMAT_R8G8B8A8_SRGB, left in the layout
// the caller asks for. update() renders a slot only when its content differs
// from what that slot last showed: an unchanged panel costs one comparison,
// no submission and no allocation. Buffers are persistently mapped and only
// grow; command buffers, fences and the descriptor set are reused.
// What it does not do: place panels (sdk/layout), present or composite them
// (platform/), create a VkInstance/VkDevice (platform/headless does for
// tests), or talk to OpenXR. One renderer is used from one thread at a time
// (Dear ImGui keeps a current context per process).
//
//   tw::RendererDesc desc{};                 // zero = defaults
//   desc.physical_device = phys; desc.device = dev;
//   desc.queue_family = family; desc.queue = queue;
//   auto r = tw::PanelRenderer::create(desc);
//   if (!r) { log(r.error().message); return; }
//   tw::PanelRenderer renderer = std::move(r.value());
//   // per frame: nothing happens unless the ring's displayed minute changed
//   auto drawn = renderer.update(0, content, target);
#pragma once

#include <vulkan/vulkan.h>

#include <cstdint>
#include <memory>

#include "core/result.hpp"
#include "render/panel_content.hpp"

namespace tw {

// Panels are sRGB images: OpenXR runtimes read UNORM swapchains as linear,
// so an sRGB format is what shows the intended colours, and blending happens
// in linear light.
inline constexpr VkFormat kPanelFormat = VK_FORMAT_R8G8B8A8_SRGB;

struct RendererDesc {
  VkInstance instance = VK_NULL_HANDLE;             // the host's (kept for reference)
  VkPhysicalDevice physical_device = VK_NULL_HANDLE;  // required
  VkDevice device = VK_NULL_HANDLE;                 // required: the host's device
  uint32_t queue_family = 0;                        // family of `queue`
  VkQueue queue = VK_NULL_HANDLE;                   // required: submissions go here
  const char* font_path = nullptr;       // default /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf
  const char* bold_font_path = nullptr;  // default DejaVuSans-Bold.ttf, or font_path when that is set
  uint32_t max_slots = 0;                // panels tracked by update(); default 16
  bool gpu_timestamps = false;           // time each render with timestamp queries
};

// Where one render goes. The image must be kPanelFormat, created with
// VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT, with `view` a 2D view of it. The panel
// fills the rectangle (x, y, width, height) of the image (an atlas holds
// several). The render pass starts from an UNDEFINED layout, so pixels
// outside that rectangle are undefined afterwards: an atlas redraws all its
// panels into each image it hands out.
struct PanelTarget {
  VkImage image = VK_NULL_HANDLE;
  VkImageView view = VK_NULL_HANDLE;
  uint32_t width = 0;
  uint32_t height = 0;
  uint32_t x = 0;  // top-left corner of the panel in the image
  uint32_t y = 0;
  // The size the panel is laid out at, when not width x height: it is then
  // scaled into the rectangle (drawing into someone else's view). 0 = same.
  uint32_t layout_width = 0;
  uint32_t layout_height = 0;
  // Blend over what the image holds (premultiplied alpha) instead of
  // clearing the rectangle; the image must then be in COLOR_ATTACHMENT_OPTIMAL.
  bool blend_over = false;
  VkFormat format = VK_FORMAT_UNDEFINED;            // UNDEFINED = kPanelFormat
  VkImageLayout final_layout = VK_IMAGE_LAYOUT_UNDEFINED;  // UNDEFINED = COLOR_ATTACHMENT_OPTIMAL
  VkSemaphore signal = VK_NULL_HANDLE;              // optional: signalled when rendered
};

struct RenderStats {
  uint64_t submissions = 0;   // vkQueueSubmit calls made by this renderer
  uint64_t renders = 0;       // panels rendered
  uint64_t skipped = 0;       // update() calls that found the content unchanged
  uint64_t buffer_grows = 0;  // vertex/index buffer reallocations
};

class PanelRenderer {
 public:
  static Result<PanelRenderer> create(const RendererDesc& desc);

  PanelRenderer(PanelRenderer&&) noexcept;
  PanelRenderer& operator=(PanelRenderer&&) noexcept;
  PanelRenderer(const PanelRenderer&) = delete;
  PanelRenderer& operator=(const PanelRenderer&) = delete;
  ~PanelRenderer();

  // True when `slot` last showed exactly `content` (then nothing to do).
  bool is_current(uint32_t slot, const PanelContent& content) const noexcept;

  // Renders `content` into `target` if it differs from what `slot` last
  // showed; returns whether it rendered. For XR: check is_current() before
  // acquiring a swapchain image, then call update() or render().
  Result<bool> update(uint32_t slot, const PanelContent& content, const PanelTarget& target);

  // Renders unconditionally (and records `content` as shown by `slot`, when
  // slot < max_slots). The work is submitted to the queue on return; the
  // image is complete when wait_idle() returns or target.signal fires.
  Status render(uint32_t slot, const PanelContent& content, const PanelTarget& target);

  // Forgets what `slot` shows, so the next update() renders.
  void invalidate(uint32_t slot) noexcept;

  // Waits for every submitted render. Call before reading an image on the CPU.
  Status wait_idle();

  // Drops the cached framebuffer of `view`; call before destroying the view.
  Status forget_view(VkImageView view);

  // GPU time of the last render in ms (waits for it); needs gpu_timestamps.
  Result<double> last_gpu_ms();

  const RenderStats& stats() const noexcept;

 private:
  struct Impl;
  explicit PanelRenderer(std::unique_ptr<Impl> impl) noexcept;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tw
