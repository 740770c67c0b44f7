// vk_device_setup.cpp
#include "render/vk_device_setup.hpp"

#include <cstdio>
#include <utility>

#include "render/keep_driver_loaded.hpp"
#include "render/vk_util.hpp"

namespace tw {

struct VkDeviceSetup::Impl {
  VkInstance instance = VK_NULL_HANDLE;
  VkDebugUtilsMessengerEXT messenger = VK_NULL_HANDLE;
  VkSurfaceKHR surface = VK_NULL_HANDLE;
  VkPhysicalDevice phys = VK_NULL_HANDLE;
  VkDevice device = VK_NULL_HANDLE;
  uint32_t family = 0;
  VkQueue queue = VK_NULL_HANDLE;
  uint32_t errors = 0, warnings = 0;
  std::vector<std::string> messages;

  static VKAPI_ATTR VkBool32 VKAPI_CALL on_message(VkDebugUtilsMessageSeverityFlagBitsEXT severity,
                                                   VkDebugUtilsMessageTypeFlagsEXT,
                                                   const VkDebugUtilsMessengerCallbackDataEXT* data, void* user) {
    auto* self = static_cast<Impl*>(user);
    const char* text = data && data->pMessage ? data->pMessage : "";
    if (severity & VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT) {
      ++self->errors;
      std::fprintf(stderr, "vulkan validation: %s\n", text);
    } else if (severity & VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT) {
      ++self->warnings;
    } else {
      return VK_FALSE;
    }
    if (self->messages.size() < 8) self->messages.emplace_back(text);
    return VK_FALSE;
  }

  ~Impl() {
    if (device) {
      vkDeviceWaitIdle(device);
      vkDestroyDevice(device, nullptr);
    }
    if (surface) vkDestroySurfaceKHR(instance, surface, nullptr);
    if (messenger) {
      auto destroy = reinterpret_cast<PFN_vkDestroyDebugUtilsMessengerEXT>(
          vkGetInstanceProcAddr(instance, "vkDestroyDebugUtilsMessengerEXT"));
      if (destroy) destroy(instance, messenger, nullptr);
    }
    if (instance) vkDestroyInstance(instance, nullptr);
  }

  Status create_instance(const VkDeviceSetupDesc& desc) {
    VkApplicationInfo app{};
    app.sType = VK_STRUCTURE_TYPE_APPLICATION_INFO;
    app.pApplicationName = desc.app_name ? desc.app_name : "timewall";
    app.apiVersion = VK_API_VERSION_1_1;
    std::vector<const char*> exts(desc.instance_extensions.begin(), desc.instance_extensions.end());
    const char* layers[] = {"VK_LAYER_KHRONOS_validation"};
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
      exts.push_back(VK_EXT_DEBUG_UTILS_EXTENSION_NAME);
      ci.enabledLayerCount = 1;
      ci.ppEnabledLayerNames = layers;
      ci.pNext = &mi;  // also reports problems in instance creation itself
    }
    ci.enabledExtensionCount = static_cast<uint32_t>(exts.size());
    ci.ppEnabledExtensionNames = exts.data();
    if (VkResult r = vkCreateInstance(&ci, nullptr, &instance); r != VK_SUCCESS)
      return vk_error(desc.validation ? "vkCreateInstance (with VK_LAYER_KHRONOS_validation)" : "vkCreateInstance", r);
    if (!desc.validation) return {};
    auto create = reinterpret_cast<PFN_vkCreateDebugUtilsMessengerEXT>(
        vkGetInstanceProcAddr(instance, "vkCreateDebugUtilsMessengerEXT"));
    if (!create) return Error{kErrcVulkan, "vkCreateDebugUtilsMessengerEXT is unavailable"};
    if (VkResult r = create(instance, &mi, nullptr, &messenger); r != VK_SUCCESS)
      return vk_error("vkCreateDebugUtilsMessengerEXT", r);
    return {};
  }

  // The first device of the preferred type with a graphics family that can
  // present to the surface (when there is one); any such device otherwise.
  Status pick_device(bool prefer_cpu) {
    uint32_t n = 0;
    vkEnumeratePhysicalDevices(instance, &n, nullptr);
    std::vector<VkPhysicalDevice> devices(n);
    vkEnumeratePhysicalDevices(instance, &n, devices.data());
    int best_score = -1;
    for (VkPhysicalDevice d : devices) {
      uint32_t nf = 0;
      vkGetPhysicalDeviceQueueFamilyProperties(d, &nf, nullptr);
      std::vector<VkQueueFamilyProperties> fams(nf);
      vkGetPhysicalDeviceQueueFamilyProperties(d, &nf, fams.data());
      for (uint32_t f = 0; f < nf; ++f) {
        if (!(fams[f].queueFlags & VK_QUEUE_GRAPHICS_BIT)) continue;
        if (surface) {
          VkBool32 present = VK_FALSE;
          vkGetPhysicalDeviceSurfaceSupportKHR(d, f, surface, &present);
          if (!present) continue;
        }
        VkPhysicalDeviceProperties p;
        vkGetPhysicalDeviceProperties(d, &p);
        const bool cpu = p.deviceType == VK_PHYSICAL_DEVICE_TYPE_CPU;
        const int score = cpu == prefer_cpu ? 2 : 1;
        if (score > best_score) {
          best_score = score;
          phys = d;
          family = f;
        }
        break;
      }
    }
    if (phys) return {};
    if (surface) return Error{kErrcVulkan, "no Vulkan device can present to this window"};
    return Error{kErrcVulkan, "no Vulkan device with a graphics queue (install mesa-vulkan-drivers for lavapipe)"};
  }

  Status init(const VkDeviceSetupDesc& desc) {
    if (Status s = create_instance(desc); !s) return s;
    if (desc.make_surface) {
      auto made = desc.make_surface(instance);
      if (!made) return made.error();
      surface = made.value();
    }
    if (Status s = pick_device(desc.prefer_cpu); !s) return s;
    const float prio = 1.f;
    VkDeviceQueueCreateInfo qi{};
    qi.sType = VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO;
    qi.queueFamilyIndex = family;
    qi.queueCount = 1;
    qi.pQueuePriorities = &prio;
    VkDeviceCreateInfo di{};
    di.sType = VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO;
    di.queueCreateInfoCount = 1;
    di.pQueueCreateInfos = &qi;
    di.enabledExtensionCount = static_cast<uint32_t>(desc.device_extensions.size());
    di.ppEnabledExtensionNames = desc.device_extensions.data();
    if (VkResult r = vkCreateDevice(phys, &di, nullptr, &device); r != VK_SUCCESS) return vk_error("vkCreateDevice", r);
    vkGetDeviceQueue(device, family, 0, &queue);
    keep_driver_loaded_for_leak_checks();
    return {};
  }
};

VkDeviceSetup::VkDeviceSetup(std::unique_ptr<Impl> impl) noexcept : impl_(std::move(impl)) {}
VkDeviceSetup::VkDeviceSetup(VkDeviceSetup&&) noexcept = default;
VkDeviceSetup& VkDeviceSetup::operator=(VkDeviceSetup&&) noexcept = default;
VkDeviceSetup::~VkDeviceSetup() = default;

Result<VkDeviceSetup> VkDeviceSetup::create(const VkDeviceSetupDesc& desc) {
  auto impl = std::make_unique<Impl>();
  if (Status s = impl->init(desc); !s) return s.error();
  return VkDeviceSetup(std::move(impl));
}

VkInstance VkDeviceSetup::instance() const noexcept { return impl_->instance; }
VkSurfaceKHR VkDeviceSetup::surface() const noexcept { return impl_->surface; }
VkPhysicalDevice VkDeviceSetup::physical_device() const noexcept { return impl_->phys; }
VkDevice VkDeviceSetup::device() const noexcept { return impl_->device; }
uint32_t VkDeviceSetup::queue_family() const noexcept { return impl_->family; }
VkQueue VkDeviceSetup::queue() const noexcept { return impl_->queue; }
uint32_t VkDeviceSetup::validation_errors() const noexcept { return impl_->errors; }
uint32_t VkDeviceSetup::validation_warnings() const noexcept { return impl_->warnings; }
const std::vector<std::string>& VkDeviceSetup::validation_messages() const noexcept { return impl_->messages; }

std::string VkDeviceSetup::device_name() const {
  VkPhysicalDeviceProperties p;
  vkGetPhysicalDeviceProperties(impl_->phys, &p);
  return p.deviceName;
}

RendererDesc VkDeviceSetup::renderer_desc() const noexcept {
  RendererDesc d{};
  d.instance = impl_->instance;
  d.physical_device = impl_->phys;
  d.device = impl_->device;
  d.queue_family = impl_->family;
  d.queue = impl_->queue;
  return d;
}

}  // namespace tw
