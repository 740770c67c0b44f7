// headless_vulkan.cpp
#include "headless/headless_vulkan.hpp"

#include <cstring>
#include <utility>

#include "render/keep_driver_loaded.hpp"
#include "render/vk_util.hpp"

namespace tw {

struct HeadlessVulkan::Impl {
  VkInstance instance = VK_NULL_HANDLE;
  VkDebugUtilsMessengerEXT messenger = VK_NULL_HANDLE;
  VkPhysicalDevice phys = VK_NULL_HANDLE;
  VkDevice device = VK_NULL_HANDLE;
  uint32_t family = 0;
  VkQueue queue = VK_NULL_HANDLE;
  VkCommandPool pool = VK_NULL_HANDLE;
  VkCommandBuffer cmd = VK_NULL_HANDLE;
  VkFence fence = VK_NULL_HANDLE;
  uint32_t errors = 0, warnings = 0;
  std::vector<std::string> messages;

  static VKAPI_ATTR VkBool32 VKAPI_CALL on_message(VkDebugUtilsMessageSeverityFlagBitsEXT severity,
                                                   VkDebugUtilsMessageTypeFlagsEXT,
                                                   const VkDebugUtilsMessengerCallbackDataEXT* data, void* user) {
    auto* self = static_cast<Impl*>(user);
    if (severity & VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT) ++self->errors;
    else if (severity & VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT) ++self->warnings;
    else return VK_FALSE;
    if (self->messages.size() < 8 && data && data->pMessage) self->messages.emplace_back(data->pMessage);
    return VK_FALSE;
  }

  ~Impl() {
    if (device) {
      vkDeviceWaitIdle(device);
      if (fence) vkDestroyFence(device, fence, nullptr);
      if (pool) vkDestroyCommandPool(device, pool, nullptr);
      vkDestroyDevice(device, nullptr);
    }
    if (messenger) {
      auto destroy = reinterpret_cast<PFN_vkDestroyDebugUtilsMessengerEXT>(
          vkGetInstanceProcAddr(instance, "vkDestroyDebugUtilsMessengerEXT"));
      if (destroy) destroy(instance, messenger, nullptr);
    }
    if (instance) vkDestroyInstance(instance, nullptr);
  }

  Status init(const HeadlessDesc& desc) {
    VkApplicationInfo app{};
    app.sType = VK_STRUCTURE_TYPE_APPLICATION_INFO;
    app.pApplicationName = "timewall-headless";
    app.apiVersion = VK_API_VERSION_1_1;
    const char* layers[] = {"VK_LAYER_KHRONOS_validation"};
    const char* exts[] = {VK_EXT_DEBUG_UTILS_EXTENSION_NAME};
    VkDebugUtilsMessengerCreateInfoEXT mi{};
    mi.sType = VK_STRUCTURE_TYPE_DEBUG_UTILS_MESSENGER_CREATE_INFO_EXT;
    mi.messageSeverity = VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT | VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT;
    mi.messageType = VK_DEBUG_UTILS_MESSAGE_TYPE_GENERAL_BIT_EXT | VK_DEBUG_UTILS_MESSAGE_TYPE_VALIDATION_BIT_EXT |
                     VK_DEBUG_UTILS_MESSAGE_TYPE_PERFORMANCE_BIT_EXT;
    mi.pfnUserCallback = on_message;
    mi.pUserData = this;
    VkInstanceCreateInfo ci{};
    ci.sType = VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO;
    ci.pApplicationInfo = &app;
    if (desc.validation) {
      ci.enabledLayerCount = 1;
      ci.ppEnabledLayerNames = layers;
      ci.enabledExtensionCount = 1;
      ci.ppEnabledExtensionNames = exts;
      ci.pNext = &mi;  // also reports problems in instance creation itself
    }
    if (VkResult r = vkCreateInstance(&ci, nullptr, &instance); r != VK_SUCCESS)
      return vk_error(desc.validation ? "vkCreateInstance (with VK_LAYER_KHRONOS_validation)" : "vkCreateInstance", r);
    if (desc.validation) {
      auto create = reinterpret_cast<PFN_vkCreateDebugUtilsMessengerEXT>(
          vkGetInstanceProcAddr(instance, "vkCreateDebugUtilsMessengerEXT"));
      if (!create) return Error{Errc::vulkan, "vkCreateDebugUtilsMessengerEXT is unavailable"};
      if (VkResult r = create(instance, &mi, nullptr, &messenger); r != VK_SUCCESS)
        return vk_error("vkCreateDebugUtilsMessengerEXT", r);
    }

    uint32_t count = 0;
    vkEnumeratePhysicalDevices(instance, &count, nullptr);
    std::vector<VkPhysicalDevice> devices(count);
    vkEnumeratePhysicalDevices(instance, &count, devices.data());
    int best = -1;
    int best_score = -1;
    for (uint32_t i = 0; i < count; ++i) {
      VkPhysicalDeviceProperties p;
      vkGetPhysicalDeviceProperties(devices[i], &p);
      bool cpu = p.deviceType == VK_PHYSICAL_DEVICE_TYPE_CPU;
      int score = (cpu != desc.prefer_gpu) ? 2 : 1;
      if (score > best_score) {
        best = static_cast<int>(i);
        best_score = score;
      }
    }
    if (best < 0) return Error{Errc::vulkan, "no Vulkan device found (install mesa-vulkan-drivers for lavapipe)"};
    phys = devices[static_cast<size_t>(best)];

    uint32_t nfam = 0;
    vkGetPhysicalDeviceQueueFamilyProperties(phys, &nfam, nullptr);
    std::vector<VkQueueFamilyProperties> fams(nfam);
    vkGetPhysicalDeviceQueueFamilyProperties(phys, &nfam, fams.data());
    family = UINT32_MAX;
    for (uint32_t i = 0; i < nfam; ++i) {
      if (fams[i].queueFlags & VK_QUEUE_GRAPHICS_BIT) {
        family = i;
        break;
      }
    }
    if (family == UINT32_MAX) return Error{Errc::vulkan, "the Vulkan device has no graphics queue"};
    float prio = 1.0f;
    VkDeviceQueueCreateInfo qi{};
    qi.sType = VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO;
    qi.queueFamilyIndex = family;
    qi.queueCount = 1;
    qi.pQueuePriorities = &prio;
    VkDeviceCreateInfo di{};
    di.sType = VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO;
    di.queueCreateInfoCount = 1;
    di.pQueueCreateInfos = &qi;
    if (VkResult r = vkCreateDevice(phys, &di, nullptr, &device); r != VK_SUCCESS) return vk_error("vkCreateDevice", r);
    vkGetDeviceQueue(device, family, 0, &queue);
    keep_driver_loaded_for_leak_checks();

    auto cp = create_command_pool(device, family);
    if (!cp) return cp.error();
    pool = cp.value();
    auto cb = allocate_command_buffer(device, pool);
    if (!cb) return cb.error();
    cmd = cb.value();
    auto f = create_fence(device);
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

VkInstance HeadlessVulkan::instance() const noexcept { return impl_->instance; }
VkPhysicalDevice HeadlessVulkan::physical_device() const noexcept { return impl_->phys; }
VkDevice HeadlessVulkan::device() const noexcept { return impl_->device; }
uint32_t HeadlessVulkan::queue_family() const noexcept { return impl_->family; }
VkQueue HeadlessVulkan::queue() const noexcept { return impl_->queue; }
uint32_t HeadlessVulkan::validation_errors() const noexcept { return impl_->errors; }
uint32_t HeadlessVulkan::validation_warnings() const noexcept { return impl_->warnings; }
const std::vector<std::string>& HeadlessVulkan::validation_messages() const noexcept { return impl_->messages; }

std::string HeadlessVulkan::device_name() const {
  VkPhysicalDeviceProperties p;
  vkGetPhysicalDeviceProperties(impl_->phys, &p);
  return p.deviceName;
}

RendererDesc HeadlessVulkan::renderer_desc() const noexcept {
  RendererDesc d{};
  d.instance = impl_->instance;
  d.physical_device = impl_->phys;
  d.device = impl_->device;
  d.queue_family = impl_->family;
  d.queue = impl_->queue;
  return d;
}

Result<RgbaImage> HeadlessVulkan::read_back(VkImage image, uint32_t width, uint32_t height, VkImageLayout layout) {
  Impl& m = *impl_;
  VkDeviceSize bytes = static_cast<VkDeviceSize>(width) * height * 4;
  auto staging = create_mapped_buffer(m.phys, m.device, bytes, VK_BUFFER_USAGE_TRANSFER_DST_BIT);
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
  if (Status s = submit_and_wait(m.device, m.queue, m.cmd, m.fence); !s) {
    destroy_mapped_buffer(m.device, sb);
    return Error{s.error().code, "reading an image back: " + s.error().message};
  }
  RgbaImage out;
  out.width = width;
  out.height = height;
  out.pixels.resize(static_cast<size_t>(bytes));
  std::memcpy(out.pixels.data(), sb.mapped, out.pixels.size());
  destroy_mapped_buffer(m.device, sb);
  return out;
}

}  // namespace tw
