// desktop_window.hpp: a GLFW window with its own Vulkan device and swapchain.
//
// What it does: opens a resizable GLFW window, sets up Vulkan through
// sdk/render's VkDeviceSetup (the same set-up as the headless target: the
// window-system instance extensions, the window's surface, a device with one
// graphics+present queue and VK_KHR_swapchain) and creates an sRGB
// swapchain (usable as colour attachment and copy source, so a frame can be
// read back for screenshots). acquire()/present() recreate the swapchain when
// the window is resized; generation() changes each time, so callers know to
// rebuild their framebuffers.
// What it does not do: render anything, read input (desktop_input.hpp) or
// keep frames in flight: the caller owns command buffers and fences.
//
//   auto w = tw::DesktopWindow::create({.width = 1600, .height = 900, .title = "sim"});
//   if (!w) { std::cerr << w.error().message; return 1; }
//   auto index = w->acquire(image_ready);         // waits on nothing, signals image_ready
//   ... submit work that waits image_ready and signals w->render_done(index.value()) ...
//   w->present(index.value());
#pragma once

#include <vulkan/vulkan.h>

#include <cstdint>
#include <memory>
#include <string>

#include "core/result.hpp"
#include "render/panel_renderer.hpp"

struct GLFWwindow;

namespace tw {

struct DesktopDesc {
  int width = 0;            // default 1600
  int height = 0;           // default 900
  const char* title = nullptr;  // default "Timewall"
  bool prefer_cpu = false;  // pick lavapipe even when a GPU exists (tests: determinism)
  bool validation = false;  // VK_LAYER_KHRONOS_validation; errors are counted
  bool vsync = true;        // FIFO; false: MAILBOX/IMMEDIATE when available
};

class DesktopWindow {
 public:
  static Result<DesktopWindow> create(const DesktopDesc& desc);

  DesktopWindow(DesktopWindow&&) noexcept;
  DesktopWindow& operator=(DesktopWindow&&) noexcept;
  DesktopWindow(const DesktopWindow&) = delete;
  DesktopWindow& operator=(const DesktopWindow&) = delete;
  ~DesktopWindow();

  GLFWwindow* glfw() const noexcept;
  bool should_close() const noexcept;

  VkInstance instance() const noexcept;
  VkPhysicalDevice physical_device() const noexcept;
  VkDevice device() const noexcept;
  uint32_t queue_family() const noexcept;
  VkQueue queue() const noexcept;
  std::string device_name() const;
  // A RendererDesc on the window's device (font and slots left at their defaults).
  RendererDesc renderer_desc() const noexcept;

  VkFormat format() const noexcept;   // an _SRGB format: shaders write linear light
  VkExtent2D extent() const noexcept;
  uint32_t image_count() const noexcept;
  VkImage image(uint32_t i) const noexcept;
  VkImageView image_view(uint32_t i) const noexcept;
  // Signalled by the caller's submission for image i; present() waits on it.
  VkSemaphore render_done(uint32_t i) const noexcept;
  // Changes whenever the swapchain is recreated.
  uint64_t generation() const noexcept;

  // Next image; recreates the swapchain when out of date (then generation()
  // changes and the call acquires from the new one). Signals `image_ready`.
  Result<uint32_t> acquire(VkSemaphore image_ready);
  Status present(uint32_t index);

  uint32_t validation_errors() const noexcept;

 private:
  struct Impl;
  explicit DesktopWindow(std::unique_ptr<Impl> impl) noexcept;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tw
