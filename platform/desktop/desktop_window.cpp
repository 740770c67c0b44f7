// desktop_window.cpp
#include "desktop/desktop_window.hpp"

#define GLFW_INCLUDE_VULKAN
#include <GLFW/glfw3.h>

#include <algorithm>
#include <cstring>
#include <utility>
#include <vector>

#include "render/keep_driver_loaded.hpp"
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
  VkInstance instance = VK_NULL_HANDLE;
  VkDebugUtilsMessengerEXT messenger = VK_NULL_HANDLE;
  VkSurfaceKHR surface = VK_NULL_HANDLE;
  VkPhysicalDevice phys = VK_NULL_HANDLE;
  VkDevice device = VK_NULL_HANDLE;
  uint32_t family = 0;
  VkQueue queue = VK_NULL_HANDLE;
  VkSwapchainKHR swapchain = VK_NULL_HANDLE;
  VkFormat format = VK_FORMAT_UNDEFINED;
  VkColorSpaceKHR color_space = VK_COLOR_SPACE_SRGB_NONLINEAR_KHR;
  VkPresentModeKHR present_mode = VK_PRESENT_MODE_FIFO_KHR;
  VkExtent2D extent{0, 0};
  std::vector<VkImage> images;
  std::vector<VkImageView> views;
  std::vector<VkSemaphore> done;
  uint64_t generation = 0;
  uint32_t validation_errors = 0;

  static VKAPI_ATTR VkBool32 VKAPI_CALL on_message(VkDebugUtilsMessageSeverityFlagBitsEXT severity,
                                                   VkDebugUtilsMessageTypeFlagsEXT,
                                                   const VkDebugUtilsMessengerCallbackDataEXT* data, void* user) {
    if (severity & VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT) {
      ++static_cast<Impl*>(user)->validation_errors;
      if (data && data->pMessage) fprintf(stderr, "vulkan validation: %s\n", data->pMessage);
    }
    return VK_FALSE;
  }

  ~Impl() {
    if (device) {
      vkDeviceWaitIdle(device);
      destroy_swapchain_parts();
      if (swapchain) vkDestroySwapchainKHR(device, swapchain, nullptr);
      for (VkSemaphore s : done) vkDestroySemaphore(device, s, nullptr);
      vkDestroyDevice(device, nullptr);
    }
    if (surface) vkDestroySurfaceKHR(instance, surface, nullptr);
    if (messenger) {
      auto destroy = reinterpret_cast<PFN_vkDestroyDebugUtilsMessengerEXT>(
          vkGetInstanceProcAddr(instance, "vkDestroyDebugUtilsMessengerEXT"));
      if (destroy) destroy(instance, messenger, nullptr);
    }
    if (instance) vkDestroyInstance(instance, nullptr);
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
    if (!glfwVulkanSupported()) return Error{Errc::vulkan, "GLFW found no Vulkan loader"};
    glfwWindowHint(GLFW_CLIENT_API, GLFW_NO_API);
    window = glfwCreateWindow(desc.width, desc.height, desc.title, nullptr, nullptr);
    if (!window) return glfw_error("glfwCreateWindow");

    uint32_t n_glfw = 0;
    const char** glfw_exts = glfwGetRequiredInstanceExtensions(&n_glfw);
    std::vector<const char*> exts(glfw_exts, glfw_exts + n_glfw);
    const char* layers[] = {"VK_LAYER_KHRONOS_validation"};
    if (desc.validation) exts.push_back(VK_EXT_DEBUG_UTILS_EXTENSION_NAME);
    VkApplicationInfo app{};
    app.sType = VK_STRUCTURE_TYPE_APPLICATION_INFO;
    app.pApplicationName = desc.title;
    app.apiVersion = VK_API_VERSION_1_1;
    VkInstanceCreateInfo ci{};
    ci.sType = VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO;
    ci.pApplicationInfo = &app;
    ci.enabledExtensionCount = static_cast<uint32_t>(exts.size());
    ci.ppEnabledExtensionNames = exts.data();
    if (desc.validation) {
      ci.enabledLayerCount = 1;
      ci.ppEnabledLayerNames = layers;
    }
    if (VkResult r = vkCreateInstance(&ci, nullptr, &instance); r != VK_SUCCESS) return vk_error("vkCreateInstance", r);
    if (desc.validation) {
      VkDebugUtilsMessengerCreateInfoEXT mi{};
      mi.sType = VK_STRUCTURE_TYPE_DEBUG_UTILS_MESSENGER_CREATE_INFO_EXT;
      mi.messageSeverity = VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT;
      mi.messageType = VK_DEBUG_UTILS_MESSAGE_TYPE_GENERAL_BIT_EXT | VK_DEBUG_UTILS_MESSAGE_TYPE_VALIDATION_BIT_EXT;
      mi.pfnUserCallback = on_message;
      mi.pUserData = this;
      auto create = reinterpret_cast<PFN_vkCreateDebugUtilsMessengerEXT>(
          vkGetInstanceProcAddr(instance, "vkCreateDebugUtilsMessengerEXT"));
      if (!create) return Error{Errc::vulkan, "vkCreateDebugUtilsMessengerEXT is unavailable"};
      if (VkResult r = create(instance, &mi, nullptr, &messenger); r != VK_SUCCESS)
        return vk_error("vkCreateDebugUtilsMessengerEXT", r);
    }
    if (VkResult r = glfwCreateWindowSurface(instance, window, nullptr, &surface); r != VK_SUCCESS)
      return vk_error("glfwCreateWindowSurface", r);
    if (Status s = pick_device(); !s) return s;
    return create_swapchain();
  }

  Status pick_device() {
    uint32_t n = 0;
    vkEnumeratePhysicalDevices(instance, &n, nullptr);
    std::vector<VkPhysicalDevice> devs(n);
    vkEnumeratePhysicalDevices(instance, &n, devs.data());
    int best_score = -1;
    for (VkPhysicalDevice d : devs) {
      uint32_t nf = 0;
      vkGetPhysicalDeviceQueueFamilyProperties(d, &nf, nullptr);
      std::vector<VkQueueFamilyProperties> fams(nf);
      vkGetPhysicalDeviceQueueFamilyProperties(d, &nf, fams.data());
      for (uint32_t f = 0; f < nf; ++f) {
        VkBool32 present = VK_FALSE;
        vkGetPhysicalDeviceSurfaceSupportKHR(d, f, surface, &present);
        if (!(fams[f].queueFlags & VK_QUEUE_GRAPHICS_BIT) || !present) continue;
        VkPhysicalDeviceProperties p;
        vkGetPhysicalDeviceProperties(d, &p);
        const bool cpu = p.deviceType == VK_PHYSICAL_DEVICE_TYPE_CPU;
        const int score = (cpu == desc.prefer_cpu) ? 2 : 1;
        if (score > best_score) {
          best_score = score;
          phys = d;
          family = f;
        }
        break;
      }
    }
    if (!phys) return Error{Errc::vulkan, "no Vulkan device can present to this window"};
    const float prio = 1.f;
    VkDeviceQueueCreateInfo qi{};
    qi.sType = VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO;
    qi.queueFamilyIndex = family;
    qi.queueCount = 1;
    qi.pQueuePriorities = &prio;
    const char* dev_exts[] = {VK_KHR_SWAPCHAIN_EXTENSION_NAME};
    VkDeviceCreateInfo di{};
    di.sType = VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO;
    di.queueCreateInfoCount = 1;
    di.pQueueCreateInfos = &qi;
    di.enabledExtensionCount = 1;
    di.ppEnabledExtensionNames = dev_exts;
    if (VkResult r = vkCreateDevice(phys, &di, nullptr, &device); r != VK_SUCCESS) return vk_error("vkCreateDevice", r);
    vkGetDeviceQueue(device, family, 0, &queue);
    keep_driver_loaded_for_leak_checks();

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
    if (format == VK_FORMAT_UNDEFINED) return Error{Errc::vulkan, "the window surface offers no 8-bit sRGB format"};
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
    VkSurfaceCapabilitiesKHR caps;
    if (VkResult r = vkGetPhysicalDeviceSurfaceCapabilitiesKHR(phys, surface, &caps); r != VK_SUCCESS)
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
      return Error{Errc::vulkan, "the swapchain cannot be a copy source (needed for screenshots)"};
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
VkInstance DesktopWindow::instance() const noexcept { return impl_->instance; }
VkPhysicalDevice DesktopWindow::physical_device() const noexcept { return impl_->phys; }
VkDevice DesktopWindow::device() const noexcept { return impl_->device; }
uint32_t DesktopWindow::queue_family() const noexcept { return impl_->family; }
VkQueue DesktopWindow::queue() const noexcept { return impl_->queue; }
std::string DesktopWindow::device_name() const {
  VkPhysicalDeviceProperties p;
  vkGetPhysicalDeviceProperties(impl_->phys, &p);
  return p.deviceName;
}
VkFormat DesktopWindow::format() const noexcept { return impl_->format; }
VkExtent2D DesktopWindow::extent() const noexcept { return impl_->extent; }
uint32_t DesktopWindow::image_count() const noexcept { return static_cast<uint32_t>(impl_->images.size()); }
VkImage DesktopWindow::image(uint32_t i) const noexcept { return impl_->images[i]; }
VkImageView DesktopWindow::image_view(uint32_t i) const noexcept { return impl_->views[i]; }
VkSemaphore DesktopWindow::render_done(uint32_t i) const noexcept { return impl_->done[i]; }
uint64_t DesktopWindow::generation() const noexcept { return impl_->generation; }
uint32_t DesktopWindow::validation_errors() const noexcept { return impl_->validation_errors; }

Result<uint32_t> DesktopWindow::acquire(VkSemaphore image_ready) {
  for (int attempt = 0; attempt < 3; ++attempt) {
    uint32_t index = 0;
    VkResult r = vkAcquireNextImageKHR(impl_->device, impl_->swapchain, UINT64_MAX, image_ready, VK_NULL_HANDLE, &index);
    if (r == VK_SUCCESS || r == VK_SUBOPTIMAL_KHR) return index;
    if (r != VK_ERROR_OUT_OF_DATE_KHR) return vk_error("vkAcquireNextImageKHR", r);
    if (Status s = impl_->recreate(); !s) return s.error();
  }
  return Error{Errc::vulkan, "vkAcquireNextImageKHR: swapchain stayed out of date"};
}

Status DesktopWindow::present(uint32_t index) {
  VkPresentInfoKHR pi{};
  pi.sType = VK_STRUCTURE_TYPE_PRESENT_INFO_KHR;
  pi.waitSemaphoreCount = 1;
  pi.pWaitSemaphores = &impl_->done[index];
  pi.swapchainCount = 1;
  pi.pSwapchains = &impl_->swapchain;
  pi.pImageIndices = &index;
  VkResult r = vkQueuePresentKHR(impl_->queue, &pi);
  int w = 0, h = 0;
  glfwGetFramebufferSize(impl_->window, &w, &h);
  const bool resized = static_cast<uint32_t>(w) != impl_->extent.width || static_cast<uint32_t>(h) != impl_->extent.height;
  if (r == VK_ERROR_OUT_OF_DATE_KHR || r == VK_SUBOPTIMAL_KHR || resized) return impl_->recreate();
  if (r != VK_SUCCESS) return vk_error("vkQueuePresentKHR", r);
  return {};
}

}  // namespace tw
