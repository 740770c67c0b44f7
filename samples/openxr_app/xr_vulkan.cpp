#include "xr_vulkan.hpp"

#include <cstdio>
#include <sstream>
#include <vector>

#include "openxr/xr_dispatch.hpp"
#include "render/vk_util.hpp"

namespace sample {

namespace {

tw::Error xr_fail(const char* call, XrResult r) {
  return {tw::xr::kErrcOpenxr, std::string(call) + " failed: XrResult " + std::to_string(r)};
}
tw::Error vk_fail(const char* call, VkResult r) {
  return {tw::kErrcVulkan, std::string(call) + " failed: VkResult " + std::to_string(r)};
}

template <class Pfn>
tw::Status get_proc(XrInstance instance, const char* name, Pfn& out) {
  PFN_xrVoidFunction fn = nullptr;
  if (XrResult r = xrGetInstanceProcAddr(instance, name, &fn); XR_FAILED(r)) return xr_fail(name, r);
  out = reinterpret_cast<Pfn>(fn);
  return {};
}

// v1 hands its extension lists over as one space-separated string.
tw::Result<std::vector<std::string>> split_names(XrInstance instance, XrSystemId system,
                                                 PFN_xrGetVulkanInstanceExtensionsKHR get) {
  uint32_t n = 0;
  if (XrResult r = get(instance, system, 0, &n, nullptr); XR_FAILED(r)) return xr_fail("xrGetVulkan*ExtensionsKHR", r);
  std::string text(n, '\0');
  if (XrResult r = get(instance, system, n, &n, text.data()); XR_FAILED(r))
    return xr_fail("xrGetVulkan*ExtensionsKHR", r);
  std::vector<std::string> names;
  std::istringstream in(text.c_str());
  for (std::string name; in >> name;) names.push_back(name);
  return names;
}

// The runtime's list may name optional extensions this driver lacks
// (Monado's v1 list does on lavapipe): keep the ones present, say which not.
std::vector<const char*> present(const std::vector<std::string>& wanted, const std::vector<VkExtensionProperties>& have) {
  std::vector<const char*> out;
  for (const auto& w : wanted) {
    bool found = false;
    for (const auto& h : have) found = found || w == h.extensionName;
    if (found) out.push_back(w.c_str());
    else std::fprintf(stderr, "openxr_app: the runtime asks for %s, which this Vulkan lacks: left out\n", w.c_str());
  }
  return out;
}

tw::Result<uint32_t> graphics_family(VkPhysicalDevice physical) {
  uint32_t n = 0;
  vkGetPhysicalDeviceQueueFamilyProperties(physical, &n, nullptr);
  std::vector<VkQueueFamilyProperties> families(n);
  vkGetPhysicalDeviceQueueFamilyProperties(physical, &n, families.data());
  for (uint32_t i = 0; i < n; ++i)
    if (families[i].queueFlags & VK_QUEUE_GRAPHICS_BIT) return i;
  return tw::Error{tw::kErrcVulkan, "the runtime's VkPhysicalDevice has no graphics queue"};
}

}  // namespace

const char* vulkan_extension_name(int enable_version) {
  return enable_version == 1 ? XR_KHR_VULKAN_ENABLE_EXTENSION_NAME : XR_KHR_VULKAN_ENABLE2_EXTENSION_NAME;
}

tw::Result<XrVulkan> XrVulkan::create(XrInstance instance, XrSystemId system, int enable_version) {
  XrVulkan out;
  VkApplicationInfo app{VK_STRUCTURE_TYPE_APPLICATION_INFO};
  app.pApplicationName = "timewall_openxr_app";
  app.apiVersion = VK_API_VERSION_1_1;
  VkInstanceCreateInfo instance_info{VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO};
  instance_info.pApplicationInfo = &app;
  const float priority = 1.f;
  VkDeviceQueueCreateInfo queue_info{VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO};
  queue_info.queueCount = 1;
  queue_info.pQueuePriorities = &priority;
  VkDeviceCreateInfo device_info{VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO};
  device_info.queueCreateInfoCount = 1;
  device_info.pQueueCreateInfos = &queue_info;
  XrGraphicsBindingVulkanKHR& b = out.binding;

  if (enable_version == 2) {
    // The runtime creates both, adding what it needs to our create infos.
    PFN_xrGetVulkanGraphicsRequirements2KHR requirements = nullptr;
    PFN_xrCreateVulkanInstanceKHR create_instance = nullptr;
    PFN_xrGetVulkanGraphicsDevice2KHR get_device = nullptr;
    PFN_xrCreateVulkanDeviceKHR create_device = nullptr;
    for (tw::Status s : {get_proc(instance, "xrGetVulkanGraphicsRequirements2KHR", requirements),
                         get_proc(instance, "xrCreateVulkanInstanceKHR", create_instance),
                         get_proc(instance, "xrGetVulkanGraphicsDevice2KHR", get_device),
                         get_proc(instance, "xrCreateVulkanDeviceKHR", create_device)})
      if (!s) return s.error();
    XrGraphicsRequirementsVulkan2KHR req{XR_TYPE_GRAPHICS_REQUIREMENTS_VULKAN2_KHR};
    if (XrResult r = requirements(instance, system, &req); XR_FAILED(r))
      return xr_fail("xrGetVulkanGraphicsRequirements2KHR", r);
    XrVulkanInstanceCreateInfoKHR xi{XR_TYPE_VULKAN_INSTANCE_CREATE_INFO_KHR};
    xi.systemId = system;
    xi.pfnGetInstanceProcAddr = vkGetInstanceProcAddr;
    xi.vulkanCreateInfo = &instance_info;
    VkResult vr = VK_SUCCESS;
    if (XrResult r = create_instance(instance, &xi, &b.instance, &vr); XR_FAILED(r) || vr != VK_SUCCESS)
      return XR_FAILED(r) ? xr_fail("xrCreateVulkanInstanceKHR", r) : vk_fail("vkCreateInstance", vr);
    XrVulkanGraphicsDeviceGetInfoKHR gi{XR_TYPE_VULKAN_GRAPHICS_DEVICE_GET_INFO_KHR};
    gi.systemId = system;
    gi.vulkanInstance = b.instance;
    if (XrResult r = get_device(instance, &gi, &b.physicalDevice); XR_FAILED(r))
      return xr_fail("xrGetVulkanGraphicsDevice2KHR", r);
    auto family = graphics_family(b.physicalDevice);
    if (!family) return family.error();
    queue_info.queueFamilyIndex = b.queueFamilyIndex = family.value();
    XrVulkanDeviceCreateInfoKHR xd{XR_TYPE_VULKAN_DEVICE_CREATE_INFO_KHR};
    xd.systemId = system;
    xd.pfnGetInstanceProcAddr = vkGetInstanceProcAddr;
    xd.vulkanPhysicalDevice = b.physicalDevice;
    xd.vulkanCreateInfo = &device_info;
    if (XrResult r = create_device(instance, &xd, &b.device, &vr); XR_FAILED(r) || vr != VK_SUCCESS)
      return XR_FAILED(r) ? xr_fail("xrCreateVulkanDeviceKHR", r) : vk_fail("vkCreateDevice", vr);
  } else {
    // v1: the runtime names the extensions; the app creates both itself.
    PFN_xrGetVulkanGraphicsRequirementsKHR requirements = nullptr;
    PFN_xrGetVulkanInstanceExtensionsKHR instance_exts = nullptr;
    PFN_xrGetVulkanDeviceExtensionsKHR device_exts = nullptr;
    PFN_xrGetVulkanGraphicsDeviceKHR get_device = nullptr;
    for (tw::Status s : {get_proc(instance, "xrGetVulkanGraphicsRequirementsKHR", requirements),
                         get_proc(instance, "xrGetVulkanInstanceExtensionsKHR", instance_exts),
                         get_proc(instance, "xrGetVulkanDeviceExtensionsKHR", device_exts),
                         get_proc(instance, "xrGetVulkanGraphicsDeviceKHR", get_device)})
      if (!s) return s.error();
    XrGraphicsRequirementsVulkanKHR req{XR_TYPE_GRAPHICS_REQUIREMENTS_VULKAN_KHR};
    if (XrResult r = requirements(instance, system, &req); XR_FAILED(r))
      return xr_fail("xrGetVulkanGraphicsRequirementsKHR", r);
    auto inames = split_names(instance, system, instance_exts);
    if (!inames) return inames.error();
    uint32_t n = 0;
    vkEnumerateInstanceExtensionProperties(nullptr, &n, nullptr);
    std::vector<VkExtensionProperties> ihave(n);
    vkEnumerateInstanceExtensionProperties(nullptr, &n, ihave.data());
    const std::vector<const char*> iptrs = present(inames.value(), ihave);
    instance_info.enabledExtensionCount = static_cast<uint32_t>(iptrs.size());
    instance_info.ppEnabledExtensionNames = iptrs.data();
    if (VkResult vr = vkCreateInstance(&instance_info, nullptr, &b.instance); vr != VK_SUCCESS)
      return vk_fail("vkCreateInstance", vr);
    if (XrResult r = get_device(instance, system, b.instance, &b.physicalDevice); XR_FAILED(r))
      return xr_fail("xrGetVulkanGraphicsDeviceKHR", r);
    auto family = graphics_family(b.physicalDevice);
    if (!family) return family.error();
    queue_info.queueFamilyIndex = b.queueFamilyIndex = family.value();
    auto dnames = split_names(instance, system, device_exts);
    if (!dnames) return dnames.error();
    vkEnumerateDeviceExtensionProperties(b.physicalDevice, nullptr, &n, nullptr);
    std::vector<VkExtensionProperties> dhave(n);
    vkEnumerateDeviceExtensionProperties(b.physicalDevice, nullptr, &n, dhave.data());
    const std::vector<const char*> dptrs = present(dnames.value(), dhave);
    device_info.enabledExtensionCount = static_cast<uint32_t>(dptrs.size());
    device_info.ppEnabledExtensionNames = dptrs.data();
    if (VkResult vr = vkCreateDevice(b.physicalDevice, &device_info, nullptr, &b.device); vr != VK_SUCCESS)
      return vk_fail("vkCreateDevice", vr);
  }
  b.queueIndex = 0;
  VkCommandPoolCreateInfo pool{VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO};
  pool.flags = VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT;
  pool.queueFamilyIndex = b.queueFamilyIndex;
  if (VkResult vr = vkCreateCommandPool(b.device, &pool, nullptr, &out.pool); vr != VK_SUCCESS)
    return vk_fail("vkCreateCommandPool", vr);
  return out;
}

void XrVulkan::destroy() {
  if (binding.device != VK_NULL_HANDLE) {
    vkDeviceWaitIdle(binding.device);
    if (pool != VK_NULL_HANDLE) vkDestroyCommandPool(binding.device, pool, nullptr);
    vkDestroyDevice(binding.device, nullptr);
  }
  if (binding.instance != VK_NULL_HANDLE) vkDestroyInstance(binding.instance, nullptr);
  binding = {XR_TYPE_GRAPHICS_BINDING_VULKAN_KHR};
  pool = VK_NULL_HANDLE;
}

}  // namespace sample
