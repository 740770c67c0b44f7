// headless_vulkan.hpp: a standalone Vulkan instance and device, no window.
//
// What it does: sets up a device through sdk/render's VkDeviceSetup (the
// same set-up the desktop window uses), preferring a CPU device (Mesa's
// lavapipe) so tests and `timewall demo --frames` run on any machine, with
// VK_LAYER_KHRONOS_validation when asked (errors and warnings counted). It
// also reads images back to RGBA bytes.
// What it does not do: present to a screen or talk to OpenXR; in an XR app
// the renderer uses the host's device instead (RendererDesc).
//
//   auto vk = tw::HeadlessVulkan::create({.validation = true});
//   auto renderer = tw::PanelRenderer::create(vk->renderer_desc());
//   ... vk->validation_errors() == 0
#pragma once

#include <vulkan/vulkan.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "render/offscreen_image.hpp"
#include "render/panel_renderer.hpp"

namespace tw {

struct HeadlessDesc {
  bool validation = false;  // enable VK_LAYER_KHRONOS_validation (error if missing)
  bool prefer_gpu = false;  // default: prefer a CPU device (lavapipe) for determinism
};

struct RgbaImage {
  uint32_t width = 0, height = 0;
  std::vector<uint8_t> pixels;  // width * height * 4, rows top to bottom
};

class HeadlessVulkan {
 public:
  static Result<HeadlessVulkan> create(const HeadlessDesc& desc);

  HeadlessVulkan(HeadlessVulkan&&) noexcept;
  HeadlessVulkan& operator=(HeadlessVulkan&&) noexcept;
  HeadlessVulkan(const HeadlessVulkan&) = delete;
  HeadlessVulkan& operator=(const HeadlessVulkan&) = delete;
  ~HeadlessVulkan();

  VkInstance instance() const noexcept;
  VkPhysicalDevice physical_device() const noexcept;
  VkDevice device() const noexcept;
  uint32_t queue_family() const noexcept;
  VkQueue queue() const noexcept;
  std::string device_name() const;

  // A RendererDesc on this device (font and theme left at their defaults).
  RendererDesc renderer_desc() const noexcept;

  // Copies `image` (currently in `layout`, all prior work submitted to
  // queue()) into RGBA bytes; the image is left in `layout`.
  Result<RgbaImage> read_back(VkImage image, uint32_t width, uint32_t height, VkImageLayout layout);

  uint32_t validation_errors() const noexcept;
  uint32_t validation_warnings() const noexcept;
  // The first few validation messages, for test diagnostics.
  const std::vector<std::string>& validation_messages() const noexcept;

 private:
  struct Impl;
  explicit HeadlessVulkan(std::unique_ptr<Impl> impl) noexcept;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tw
