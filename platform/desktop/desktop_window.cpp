// desktop_window.cpp
#include "desktop/desktop_window.hpp"

#define GLFW_INCLUDE_VULKAN
#include <GLFW/glfw3.h>

#include <algorithm>
#include <optional>
#include <utility>
#include <vector>

#include "render/vk_device_setup.hpp"
#include "render/vk_util.hpp"

namespace tw {

namespace {

Error glfw_error(std::string_view what) {
  const char* msg = nullptr;
  glfwGetError(&msg);
  return Error{Errc::internal, std::string(what) + (msg ? std::string(": ") + msg : std::string())};
}

}  // namespace

struct DesktopWindow::Impl {
  DesktopDesc desc;
  GLFWwindow* window = nullptr;
  bool glfw_up = false;
  std::optional<VkDeviceSetup> vk;
  VkDevice device = VK_NULL_HANDLE;  // vk's, kept for brevity
  VkSwapchainKHR swapchain = VK_NULL_HANDLE;
  VkFormat format = VK_FORMAT_UNDEFINED;
  VkColorSpaceKHR color_space = VK_COLOR_SPACE_SRGB_NONLINEAR_KHR;
  VkPresentModeKHR present_mode = VK_PRESENT_MODE_FIFO_KHR;
  VkExtent2D extent{0, 0};
  std::vector<VkImage> images;
  std::vector<VkImageView> views;
  std::vector<VkSemaphore> done;
  uint64_t generation = 0;

  ~Impl() {
    if (device) {
      vkDeviceWaitIdle(device);
      destroy_swapchain_parts();
      if (swapchain) vkDestroySwapchainKHR(device, swapchain, nullptr);
      for (VkSemaphore s : done) vkDestroySemaphore(device, s, nullptr);
    }
    vk.reset();  // the surface goes before the window it was made for
    if (window) glfwDestroyWindow(window);
    if (glfw_up) glfwTerminate();
  }

  void destroy_swapchain_parts() {
    for (VkImageView v : views) vkDestroyImageView(device, v, nullptr);
    views.clear();
    images.clear();
  }

  Status init() {
    if (!glfwInit()) return glfw_error("glfwInit (is DISPLAY set?)");
    glfw_up = true;
    if (!glfwVulkanSupported()) return Error{kErrcVulkan, "GLFW found no Vulkan loader"};
    glfwWindowHint(GLFW_CLIENT_API, GLFW_NO_API);
    window = glfwCreateWindow(desc.width, desc.height, desc.title, nullptr, nullptr);
    if (!window) return glfw_error("glfwCreateWindow");

    uint32_t n_glfw = 0;
    const char** glfw_exts = glfwGetRequiredInstanceExtensions(&n_glfw);
    const char* dev_exts[] = {VK_KHR_SWAPCHAIN_EXTENSION_NAME};
    auto made = VkDeviceSetup::create(
        {.app_name = desc.title,
         .validation = desc.validation,
         .prefer_cpu = desc.prefer_cpu,
         .instance_extensions = {glfw_exts, n_glfw},
         .device_extensions = dev_exts,
         .make_surface = [this](VkInstance instance) -> Result<VkSurfaceKHR> {
           VkSurfaceKHR surface = VK_NULL_HANDLE;
           if (VkResult r = glfwCreateWindowSurface(instance, window, nullptr, &surface); r != VK_SUCCESS)
             return vk_error("glfwCreateWindowSurface", r);
           return surface;
         }});
    if (!made) return made.error();
    vk.emplace(std::move(made.value()));
    device = vk->device();
    if (Status s = pick_surface_format(); !s) return s;
    return create_swapchain();
  }

  Status pick_surface_format() {
    const VkPhysicalDevice phys = vk->physical_device();
    const VkSurfaceKHR surface = vk->surface();
    uint32_t nfmt = 0;
    vkGetPhysicalDeviceSurfaceFormatsKHR(phys, surface, &nfmt, nullptr);
    std::vector<VkSurfaceFormatKHR> fmts(nfmt);
    vkGetPhysicalDeviceSurfaceFormatsKHR(phys, surface, &nfmt, fmts.data());
    for (const VkSurfaceFormatKHR& f : fmts) {
      if (f.format == VK_FORMAT_B8G8R8A8_SRGB || f.format == VK_FORMAT_R8G8B8A8_SRGB) {
        format = f.format;
        color_space = f.colorSpace;
        break;
      }
    }
    if (format == VK_FORMAT_UNDEFINED) return Error{kErrcVulkan, "the window surface offers no 8-bit sRGB format"};
    if (!desc.vsync) {
      uint32_t nm = 0;
      vkGetPhysicalDeviceSurfacePresentModesKHR(phys, surface, &nm, nullptr);
      std::vector<VkPresentModeKHR> modes(nm);
      vkGetPhysicalDeviceSurfacePresentModesKHR(phys, surface, &nm, modes.data());
      for (VkPresentModeKHR m : {VK_PRESENT_MODE_MAILBOX_KHR, VK_PRESENT_MODE_IMMEDIATE_KHR})
        if (std::find(modes.begin(), modes.end(), m) != modes.end()) {
          present_mode = m;
          break;
        }
    }
    return {};
  }

  Status create_swapchain() {
    const VkSurfaceKHR surface = vk->surface();
    VkSurfaceCapabilitiesKHR caps;
    if (VkResult r = vkGetPhysicalDeviceSurfaceCapabilitiesKHR(vk->physical_device(), surface, &caps); r != VK_SUCCESS)
      return vk_error("vkGetPhysicalDeviceSurfaceCapabilitiesKHR", r);
    extent = caps.currentExtent;
    if (extent.width == UINT32_MAX) {
      int w = 0, h = 0;
      glfwGetFramebufferSize(window, &w, &h);
      extent = {static_cast<uint32_t>(w), static_cast<uint32_t>(h)};
    }
    extent.width = std::clamp(extent.width, caps.minImageExtent.width, caps.maxImageExtent.width);
    extent.height = std::clamp(extent.height, caps.minImageExtent.height, caps.maxImageExtent.height);
    if (!(caps.supportedUsageFlags & VK_IMAGE_USAGE_TRANSFER_SRC_BIT))
      return Error{kErrcVulkan, "the swapchain cannot be a copy source (needed for screenshots)"};
    uint32_t count = std::max(caps.minImageCount, 2u);
    if (caps.maxImageCount) count = std::min(count, caps.maxImageCount);
    VkSwapchainKHR old = swapchain;
    VkSwapchainCreateInfoKHR si{};
    si.sType = VK_STRUCTURE_TYPE_SWAPCHAIN_CREATE_INFO_KHR;
    si.surface = surface;
    si.minImageCount = count;
    si.imageFormat = format;
    si.imageColorSpace = color_space;
    si.imageExtent = extent;
    si.imageArrayLayers = 1;
    si.imageUsage = VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT | VK_IMAGE_USAGE_TRANSFER_SRC_BIT;
    si.imageSharingMode = VK_SHARING_MODE_EXCLUSIVE;
    si.preTransform = caps.currentTransform;
    si.compositeAlpha = VK_COMPOSITE_ALPHA_OPAQUE_BIT_KHR;
    si.presentMode = present_mode;
    si.clipped = VK_TRUE;
    si.oldSwapchain = old;
    if (VkResult r = vkCreateSwapchainKHR(device, &si, nullptr, &swapchain); r != VK_SUCCESS)
      return vk_error("vkCreateSwapchainKHR", r);
    if (old) vkDestroySwapchainKHR(device, old, nullptr);
    destroy_swapchain_parts();
    uint32_t n = 0;
    vkGetSwapchainImagesKHR(device, swapchain, &n, nullptr);
    images.resize(n);
    vkGetSwapchainImagesKHR(device, swapchain, &n, images.data());
    for (VkImage img : images) {
      VkImageViewCreateInfo vi{};
      vi.sType = VK_STRUCTURE_TYPE_IMAGE_VIEW_CREATE_INFO;
      vi.image = img;
      vi.viewType = VK_IMAGE_VIEW_TYPE_2D;
      vi.format = format;
      vi.subresourceRange = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 1, 0, 1};
      VkImageView v = VK_NULL_HANDLE;
      if (VkResult r = vkCreateImageView(device, &vi, nullptr, &v); r != VK_SUCCESS) return vk_error("vkCreateImageView", r);
      views.push_back(v);
    }
    while (done.size() < n) {
      VkSemaphoreCreateInfo sci{};
      sci.sType = VK_STRUCTURE_TYPE_SEMAPHORE_CREATE_INFO;
      VkSemaphore s = VK_NULL_HANDLE;
      if (VkResult r = vkCreateSemaphore(device, &sci, nullptr, &s); r != VK_SUCCESS) return vk_error("vkCreateSemaphore", r);
      done.push_back(s);
    }
    ++generation;
    return {};
  }

  Status recreate() {
    int w = 0, h = 0;
    glfwGetFramebufferSize(window, &w, &h);
    while ((w == 0 || h == 0) && !glfwWindowShouldClose(window)) {  // minimised: wait
      glfwWaitEvents();
      glfwGetFramebufferSize(window, &w, &h);
    }
    vkDeviceWaitIdle(device);
    return create_swapchain();
  }
};

DesktopWindow::DesktopWindow(std::unique_ptr<Impl> impl) noexcept : impl_(std::move(impl)) {}
DesktopWindow::DesktopWindow(DesktopWindow&&) noexcept = default;
DesktopWindow& DesktopWindow::operator=(DesktopWindow&&) noexcept = default;
DesktopWindow::~DesktopWindow() = default;

Result<DesktopWindow> DesktopWindow::create(const DesktopDesc& desc) {
  auto impl = std::make_unique<Impl>();
  impl->desc = desc;
  if (impl->desc.width <= 0) impl->desc.width = 1600;
  if (impl->desc.height <= 0) impl->desc.height = 900;
  if (!impl->desc.title) impl->desc.title = "Timewall";
  if (Status s = impl->init(); !s) return s.error();
  return DesktopWindow(std::move(impl));
}

GLFWwindow* DesktopWindow::glfw() const noexcept { return impl_->window; }
bool DesktopWindow::should_close() const noexcept { return glfwWindowShouldClose(impl_->window) != 0; }
VkInstance DesktopWindow::instance() const noexcept { return impl_->vk->instance(); }
VkPhysicalDevice DesktopWindow::physical_device() const noexcept { return impl_->vk->physical_device(); }
VkDevice DesktopWindow::device() const noexcept { return impl_->device; }
uint32_t DesktopWindow::queue_family() const noexcept { return impl_->vk->queue_family(); }
VkQueue DesktopWindow::queue() const noexcept { return impl_->vk->queue(); }
std::string DesktopWindow::device_name() const { return impl_->vk->device_name(); }
RendererDesc DesktopWindow::renderer_desc() const noexcept { return impl_->vk->renderer_desc(); }
VkFormat DesktopWindow::format() const noexcept { return impl_->format; }
VkExtent2D DesktopWindow::extent() const noexcept { return impl_->extent; }
uint32_t DesktopWindow::image_count() const noexcept { return static_cast<uint32_t>(impl_->images.size()); }
VkImage DesktopWindow::image(uint32_t i) const noexcept { return impl_->images[i]; }
VkImageView DesktopWindow::image_view(uint32_t i) const noexcept { return impl_->views[i]; }
VkSemaphore DesktopWindow::render_done(uint32_t i) const noexcept { return impl_->done[i]; }
uint64_t DesktopWindow::generation() const noexcept { return impl_->generation; }
uint32_t DesktopWindow::validation_errors() const noexcept { return impl_->vk->validation_errors(); }

Result<uint32_t> DesktopWindow::acquire(VkSemaphore image_ready) {
  for (int attempt = 0; attempt < 3; ++attempt) {
    uint32_t index = 0;
    VkResult r = vkAcquireNextImageKHR(impl_->device, impl_->swapchain, UINT64_MAX, image_ready, VK_NULL_HANDLE, &index);
    if (r == VK_SUCCESS || r == VK_SUBOPTIMAL_KHR) return index;
    if (r != VK_ERROR_OUT_OF_DATE_KHR) return vk_error("vkAcquireNextImageKHR", r);
    if (Status s = impl_->recreate(); !s) return s.error();
  }
  return Error{kErrcVulkan, "vkAcquireNextImageKHR: swapchain stayed out of date"};
}

Status DesktopWindow::present(uint32_t index) {
  VkPresentInfoKHR pi{};
  pi.sType = VK_STRUCTURE_TYPE_PRESENT_INFO_KHR;
  pi.waitSemaphoreCount = 1;
  pi.pWaitSemaphores = &impl_->done[index];
  pi.swapchainCount = 1;
  pi.pSwapchains = &impl_->swapchain;
  pi.pImageIndices = &index;
  VkResult r = vkQueuePresentKHR(impl_->vk->queue(), &pi);
  int w = 0, h = 0;
  glfwGetFramebufferSize(impl_->window, &w, &h);
  const bool resized = static_cast<uint32_t>(w) != impl_->extent.width || static_cast<uint32_t>(h) != impl_->extent.height;
  if (r == VK_ERROR_OUT_OF_DATE_KHR || r == VK_SUBOPTIMAL_KHR || resized) return impl_->recreate();
  if (r != VK_SUCCESS) return vk_error("vkQueuePresentKHR", r);
  return {};
}

}  // namespace tw
