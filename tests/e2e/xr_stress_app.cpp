// xr_stress_app.cpp: an OpenXR + Vulkan app (XR_KHR_vulkan_enable2) that
// treats the API layers under it roughly, for the e2e robustness tests
// (xr_layer_stress.sh). It renders nothing but cleared swapchain images.
//
//   tw_xr_stress_app MODE [FRAMES]      (FRAMES: 120 by default)
// Modes, each a case an app may legally present to a layer:
//   sessions         a second session while one exists (the runtime may
//                    refuse it), then 3 cycles of create, run, request exit,
//                    end, destroy
//   zero_layers      every xrEndFrame with no layers at all
//   app_quads        a projection layer plus 3 quads of the app's own
//   max_layers       a projection plus quads up to the runtime's maxLayerCount
//   unknown_structs  structs of an unknown type in the next chains of
//                    xrCreateSession, xrEndFrame, projection views and layers
//   until_lost       app_quads until the runtime goes away; it must report
//                    an error (not crash) and the app exits 0
//   actions_clean    app_quads with input: one action set bound on
//                    khr/simple_controller only, attached, synced and read
//                    every frame, haptics; prints "reads N active M"
//   actions          actions_clean after a hostile input sequence, each
//                    call's result printed as "call NAME: RESULT" (bindings
//                    for an unknown profile and a bad path, syncs and reads
//                    before the attach, a second attach, a sync of zero sets
//                    and of a set never attached, an undeclared subaction
//                    path, the current profile and bound sources), and a
//                    second thread that syncs, reads and buzzes while the
//                    frames run ("thread: ..." lists its result codes)
// Prints "frame N" every 30 frames and a final "done: ..." line. Exit 0 on
// success; 1 when a call that must work failed (a frame refused, a session
// that does not start), with the call and XrResult printed.
#define XR_USE_GRAPHICS_API_VULKAN
#include <vulkan/vulkan.h>
#include <openxr/openxr.h>
#include <openxr/openxr_platform.h>

#include <atomic>
#include <chrono>
#include <map>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "render/keep_driver_loaded.hpp"

namespace {

constexpr XrStructureType kUnknownType = static_cast<XrStructureType>(0x7ead0001);

struct Failure {
  std::string what;
};

std::string result_name(XrInstance instance, XrResult r) {
  char name[XR_MAX_RESULT_STRING_SIZE] = {};
  if (instance == XR_NULL_HANDLE || XR_FAILED(xrResultToString(instance, r, name))) return std::to_string(r);
  return name;
}

void check(XrInstance instance, XrResult r, const char* call) {
  if (XR_FAILED(r)) throw Failure{std::string(call) + ": " + result_name(instance, r)};
}

void check_vk(VkResult r, const char* call) {
  if (r != VK_SUCCESS) throw Failure{std::string(call) + ": VkResult " + std::to_string(r)};
}

template <class Pfn>
Pfn proc(XrInstance instance, const char* name) {
  PFN_xrVoidFunction fn = nullptr;
  check(instance, xrGetInstanceProcAddr(instance, name, &fn), name);
  return reinterpret_cast<Pfn>(fn);
}

// The instance, the system and the Vulkan device the runtime asked for.
struct Context {
  XrInstance instance = XR_NULL_HANDLE;
  XrSystemId system = XR_NULL_SYSTEM_ID;
  uint32_t max_layers = 0;
  XrExtent2Di view_px{};
  VkInstance vk_instance = VK_NULL_HANDLE;
  VkPhysicalDevice physical = VK_NULL_HANDLE;
  VkDevice device = VK_NULL_HANDLE;
  uint32_t family = 0;
  VkQueue queue = VK_NULL_HANDLE;
  VkCommandPool pool = VK_NULL_HANDLE;
  VkCommandBuffer cmd = VK_NULL_HANDLE;
  VkFence fence = VK_NULL_HANDLE;

  void create() {
    const char* extensions[] = {XR_KHR_VULKAN_ENABLE2_EXTENSION_NAME};
    XrInstanceCreateInfo info{XR_TYPE_INSTANCE_CREATE_INFO};
    std::snprintf(info.applicationInfo.applicationName, XR_MAX_APPLICATION_NAME_SIZE, "tw_xr_stress_app");
    info.applicationInfo.apiVersion = XR_MAKE_VERSION(1, 0, 0);
    info.enabledExtensionCount = 1;
    info.enabledExtensionNames = extensions;
    check(XR_NULL_HANDLE, xrCreateInstance(&info, &instance), "xrCreateInstance");
    XrSystemGetInfo sys{XR_TYPE_SYSTEM_GET_INFO};
    sys.formFactor = XR_FORM_FACTOR_HEAD_MOUNTED_DISPLAY;
    check(instance, xrGetSystem(instance, &sys, &system), "xrGetSystem");
    XrSystemProperties props{XR_TYPE_SYSTEM_PROPERTIES};
    check(instance, xrGetSystemProperties(instance, system, &props), "xrGetSystemProperties");
    max_layers = props.graphicsProperties.maxLayerCount;
    XrViewConfigurationView views[2] = {{XR_TYPE_VIEW_CONFIGURATION_VIEW}, {XR_TYPE_VIEW_CONFIGURATION_VIEW}};
    uint32_t n = 0;
    check(instance, xrEnumerateViewConfigurationViews(instance, system, XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO, 2,
                                                      &n, views),
          "xrEnumerateViewConfigurationViews");
    view_px = {static_cast<int32_t>(views[0].recommendedImageRectWidth),
               static_cast<int32_t>(views[0].recommendedImageRectHeight)};

    XrGraphicsRequirementsVulkan2KHR req{XR_TYPE_GRAPHICS_REQUIREMENTS_VULKAN2_KHR};
    check(instance, proc<PFN_xrGetVulkanGraphicsRequirements2KHR>(instance, "xrGetVulkanGraphicsRequirements2KHR")(
                        instance, system, &req),
          "xrGetVulkanGraphicsRequirements2KHR");
    VkApplicationInfo app{VK_STRUCTURE_TYPE_APPLICATION_INFO};
    app.pApplicationName = "tw_xr_stress_app";
    app.apiVersion = VK_API_VERSION_1_1;
    VkInstanceCreateInfo vk_info{VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO};
    vk_info.pApplicationInfo = &app;
    XrVulkanInstanceCreateInfoKHR xr_vk{XR_TYPE_VULKAN_INSTANCE_CREATE_INFO_KHR};
    xr_vk.systemId = system;
    xr_vk.pfnGetInstanceProcAddr = &vkGetInstanceProcAddr;
    xr_vk.vulkanCreateInfo = &vk_info;
    VkResult vr = VK_SUCCESS;
    check(instance, proc<PFN_xrCreateVulkanInstanceKHR>(instance, "xrCreateVulkanInstanceKHR")(instance, &xr_vk,
                                                                                               &vk_instance, &vr),
          "xrCreateVulkanInstanceKHR");
    check_vk(vr, "vkCreateInstance (through OpenXR)");
    XrVulkanGraphicsDeviceGetInfoKHR dev_get{XR_TYPE_VULKAN_GRAPHICS_DEVICE_GET_INFO_KHR};
    dev_get.systemId = system;
    dev_get.vulkanInstance = vk_instance;
    check(instance, proc<PFN_xrGetVulkanGraphicsDevice2KHR>(instance, "xrGetVulkanGraphicsDevice2KHR")(
                        instance, &dev_get, &physical),
          "xrGetVulkanGraphicsDevice2KHR");
    uint32_t families = 0;
    vkGetPhysicalDeviceQueueFamilyProperties(physical, &families, nullptr);
    std::vector<VkQueueFamilyProperties> props_q(families);
    vkGetPhysicalDeviceQueueFamilyProperties(physical, &families, props_q.data());
    for (family = 0; family < families && !(props_q[family].queueFlags & VK_QUEUE_GRAPHICS_BIT);) ++family;
    if (family == families) throw Failure{"no graphics queue family"};
    const float priority = 1.f;
    VkDeviceQueueCreateInfo queue_info{VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO};
    queue_info.queueFamilyIndex = family;
    queue_info.queueCount = 1;
    queue_info.pQueuePriorities = &priority;
    VkDeviceCreateInfo dev_info{VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO};
    dev_info.queueCreateInfoCount = 1;
    dev_info.pQueueCreateInfos = &queue_info;
    XrVulkanDeviceCreateInfoKHR xr_dev{XR_TYPE_VULKAN_DEVICE_CREATE_INFO_KHR};
    xr_dev.systemId = system;
    xr_dev.pfnGetInstanceProcAddr = &vkGetInstanceProcAddr;
    xr_dev.vulkanPhysicalDevice = physical;
    xr_dev.vulkanCreateInfo = &dev_info;
    check(instance, proc<PFN_xrCreateVulkanDeviceKHR>(instance, "xrCreateVulkanDeviceKHR")(instance, &xr_dev,
                                                                                           &device, &vr),
          "xrCreateVulkanDeviceKHR");
    check_vk(vr, "vkCreateDevice (through OpenXR)");
    vkGetDeviceQueue(device, family, 0, &queue);
    tw::keep_driver_loaded_for_leak_checks();  // ASan builds: see the header
    VkCommandPoolCreateInfo pool_info{VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO};
    pool_info.flags = VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT;
    pool_info.queueFamilyIndex = family;
    check_vk(vkCreateCommandPool(device, &pool_info, nullptr, &pool), "vkCreateCommandPool");
    VkCommandBufferAllocateInfo alloc{VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO};
    alloc.commandPool = pool;
    alloc.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
    alloc.commandBufferCount = 1;
    check_vk(vkAllocateCommandBuffers(device, &alloc, &cmd), "vkAllocateCommandBuffers");
    VkFenceCreateInfo fence_info{VK_STRUCTURE_TYPE_FENCE_CREATE_INFO};
    check_vk(vkCreateFence(device, &fence_info, nullptr, &fence), "vkCreateFence");
  }

  // Clears an acquired swapchain image and leaves it COLOR_ATTACHMENT_OPTIMAL.
  void clear(VkImage image, float shade) {
    VkCommandBufferBeginInfo begin{VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
    begin.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
    check_vk(vkBeginCommandBuffer(cmd, &begin), "vkBeginCommandBuffer");
    const VkImageSubresourceRange range{VK_IMAGE_ASPECT_COLOR_BIT, 0, 1, 0, 1};
    VkImageMemoryBarrier b{VK_STRUCTURE_TYPE_IMAGE_MEMORY_BARRIER};
    b.srcQueueFamilyIndex = b.dstQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED;
    b.image = image;
    b.subresourceRange = range;
    b.oldLayout = VK_IMAGE_LAYOUT_UNDEFINED;
    b.newLayout = VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL;
    b.dstAccessMask = VK_ACCESS_TRANSFER_WRITE_BIT;
    vkCmdPipelineBarrier(cmd, VK_PIPELINE_STAGE_TOP_OF_PIPE_BIT, VK_PIPELINE_STAGE_TRANSFER_BIT, 0, 0, nullptr, 0,
                         nullptr, 1, &b);
    const VkClearColorValue color{{0.1f, shade, 0.3f, 1.f}};
    vkCmdClearColorImage(cmd, image, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, &color, 1, &range);
    b.oldLayout = VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL;
    b.newLayout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL;
    b.srcAccessMask = VK_ACCESS_TRANSFER_WRITE_BIT;
    b.dstAccessMask = VK_ACCESS_COLOR_ATTACHMENT_WRITE_BIT;
    vkCmdPipelineBarrier(cmd, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_PIPELINE_STAGE_COLOR_ATTACHMENT_OUTPUT_BIT, 0, 0,
                         nullptr, 0, nullptr, 1, &b);
    check_vk(vkEndCommandBuffer(cmd), "vkEndCommandBuffer");
    VkSubmitInfo submit{VK_STRUCTURE_TYPE_SUBMIT_INFO};
    submit.commandBufferCount = 1;
    submit.pCommandBuffers = &cmd;
    check_vk(vkQueueSubmit(queue, 1, &submit, fence), "vkQueueSubmit");
    check_vk(vkWaitForFences(device, 1, &fence, VK_TRUE, UINT64_MAX), "vkWaitForFences");
    check_vk(vkResetFences(device, 1, &fence), "vkResetFences");
  }

  void destroy() {
    if (device != VK_NULL_HANDLE) {
      vkDeviceWaitIdle(device);
      vkDestroyFence(device, fence, nullptr);
      vkDestroyCommandPool(device, pool, nullptr);
      vkDestroyDevice(device, nullptr);
    }
    if (vk_instance != VK_NULL_HANDLE) vkDestroyInstance(vk_instance, nullptr);
    if (instance != XR_NULL_HANDLE) xrDestroyInstance(instance);
  }
};

// One session with a LOCAL space and one swapchain holding both eyes side by side.
struct Session {
  Context& ctx;
  XrSession handle = XR_NULL_HANDLE;
  XrSpace local = XR_NULL_HANDLE;
  XrSwapchain swapchain = XR_NULL_HANDLE;
  std::vector<XrSwapchainImageVulkan2KHR> images;
  XrSessionState state = XR_SESSION_STATE_UNKNOWN;
  bool running = false;
  bool exiting = false;

  static XrResult try_create(Context& ctx, const void* extra_chain, XrSession* out) {
    XrGraphicsBindingVulkan2KHR binding{XR_TYPE_GRAPHICS_BINDING_VULKAN2_KHR};
    binding.instance = ctx.vk_instance;
    binding.physicalDevice = ctx.physical;
    binding.device = ctx.device;
    binding.queueFamilyIndex = ctx.family;
    binding.next = extra_chain;
    XrSessionCreateInfo info{XR_TYPE_SESSION_CREATE_INFO};
    info.next = &binding;
    info.systemId = ctx.system;
    return xrCreateSession(ctx.instance, &info, out);
  }

  void create(const void* extra_chain) {
    check(ctx.instance, try_create(ctx, extra_chain, &handle), "xrCreateSession");
    XrReferenceSpaceCreateInfo space{XR_TYPE_REFERENCE_SPACE_CREATE_INFO};
    space.referenceSpaceType = XR_REFERENCE_SPACE_TYPE_LOCAL;
    space.poseInReferenceSpace = {{0, 0, 0, 1}, {0, 0, 0}};
    check(ctx.instance, xrCreateReferenceSpace(handle, &space, &local), "xrCreateReferenceSpace");
    uint32_t n = 0;
    check(ctx.instance, xrEnumerateSwapchainFormats(handle, 0, &n, nullptr), "xrEnumerateSwapchainFormats");
    std::vector<int64_t> formats(n);
    check(ctx.instance, xrEnumerateSwapchainFormats(handle, n, &n, formats.data()), "xrEnumerateSwapchainFormats");
    int64_t format = formats.at(0);
    for (int64_t f : formats)
      if (f == VK_FORMAT_R8G8B8A8_SRGB) format = f;
    XrSwapchainCreateInfo sc{XR_TYPE_SWAPCHAIN_CREATE_INFO};
    sc.usageFlags = XR_SWAPCHAIN_USAGE_COLOR_ATTACHMENT_BIT | XR_SWAPCHAIN_USAGE_TRANSFER_DST_BIT;
    sc.format = format;
    sc.sampleCount = 1;
    sc.width = static_cast<uint32_t>(ctx.view_px.width * 2);
    sc.height = static_cast<uint32_t>(ctx.view_px.height);
    sc.faceCount = sc.arraySize = sc.mipCount = 1;
    check(ctx.instance, xrCreateSwapchain(handle, &sc, &swapchain), "xrCreateSwapchain");
    check(ctx.instance, xrEnumerateSwapchainImages(swapchain, 0, &n, nullptr), "xrEnumerateSwapchainImages");
    images.assign(n, {XR_TYPE_SWAPCHAIN_IMAGE_VULKAN2_KHR});
    check(ctx.instance,
          xrEnumerateSwapchainImages(swapchain, n, &n, reinterpret_cast<XrSwapchainImageBaseHeader*>(images.data())),
          "xrEnumerateSwapchainImages");
  }

  void destroy() {
    if (swapchain != XR_NULL_HANDLE) xrDestroySwapchain(swapchain);
    if (local != XR_NULL_HANDLE) xrDestroySpace(local);
    if (handle != XR_NULL_HANDLE) check(ctx.instance, xrDestroySession(handle), "xrDestroySession");
    swapchain = XR_NULL_HANDLE, local = XR_NULL_HANDLE, handle = XR_NULL_HANDLE;
  }

  // Handles the runtime's events; a lost instance or session is an error.
  XrResult pump() {
    for (;;) {
      XrEventDataBuffer event{XR_TYPE_EVENT_DATA_BUFFER};
      const XrResult r = xrPollEvent(ctx.instance, &event);
      if (r == XR_EVENT_UNAVAILABLE) return XR_SUCCESS;
      if (XR_FAILED(r)) return r;
      if (event.type == XR_TYPE_EVENT_DATA_INSTANCE_LOSS_PENDING) return XR_ERROR_INSTANCE_LOST;
      if (event.type != XR_TYPE_EVENT_DATA_SESSION_STATE_CHANGED) continue;
      const auto& changed = reinterpret_cast<const XrEventDataSessionStateChanged&>(event);
      if (changed.session != handle) continue;
      state = changed.state;
      if (state == XR_SESSION_STATE_READY) {
        XrSessionBeginInfo begin{XR_TYPE_SESSION_BEGIN_INFO};
        begin.primaryViewConfigurationType = XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO;
        check(ctx.instance, xrBeginSession(handle, &begin), "xrBeginSession");
        running = true;
      } else if (state == XR_SESSION_STATE_STOPPING) {
        check(ctx.instance, xrEndSession(handle), "xrEndSession");
        running = false;
      } else if (state == XR_SESSION_STATE_EXITING) {
        exiting = true;
      } else if (state == XR_SESSION_STATE_LOSS_PENDING) {
        return XR_ERROR_SESSION_LOST;
      }
    }
  }
};

// The app's own input: one set, bound on khr/simple_controller only.
struct Input {
  XrInstance instance = XR_NULL_HANDLE;
  XrActionSet set = XR_NULL_HANDLE, stray = XR_NULL_HANDLE;  // stray: never attached
  XrAction click = XR_NULL_HANDLE, value = XR_NULL_HANDLE, stick = XR_NULL_HANDLE, buzz = XR_NULL_HANDLE;
  XrPath hands[2] = {};
  // Reads made after a sync that found the session focused (either thread's),
  // and how many of them were active: the same with and without a layer.
  std::atomic<uint64_t> reads{0}, active{0};
  std::atomic<bool> focused{false};

  XrPath path(const char* s) {
    XrPath p = XR_NULL_PATH;
    check(instance, xrStringToPath(instance, s, &p), "xrStringToPath");
    return p;
  }
  XrAction action(XrActionSet in, const char* name, XrActionType type) {
    XrActionCreateInfo info{XR_TYPE_ACTION_CREATE_INFO};
    std::snprintf(info.actionName, sizeof info.actionName, "%s", name);
    std::snprintf(info.localizedActionName, sizeof info.localizedActionName, "%s", name);
    info.actionType = type;
    info.countSubactionPaths = 2;
    info.subactionPaths = hands;
    XrAction a = XR_NULL_HANDLE;
    check(instance, xrCreateAction(in, &info, &a), "xrCreateAction");
    return a;
  }
  XrActionSet make_set(const char* name) {
    XrActionSetCreateInfo info{XR_TYPE_ACTION_SET_CREATE_INFO};
    std::snprintf(info.actionSetName, sizeof info.actionSetName, "%s", name);
    std::snprintf(info.localizedActionSetName, sizeof info.localizedActionSetName, "%s", name);
    XrActionSet out = XR_NULL_HANDLE;
    check(instance, xrCreateActionSet(instance, &info, &out), "xrCreateActionSet");
    return out;
  }
  void create(XrInstance in) {
    instance = in;
    hands[0] = path("/user/hand/left"), hands[1] = path("/user/hand/right");
    set = make_set("stress_input");
    stray = make_set("stress_stray");
    click = action(set, "click", XR_ACTION_TYPE_BOOLEAN_INPUT);
    value = action(set, "value", XR_ACTION_TYPE_FLOAT_INPUT);
    stick = action(set, "stick", XR_ACTION_TYPE_VECTOR2F_INPUT);
    buzz = action(set, "buzz", XR_ACTION_TYPE_VIBRATION_OUTPUT);
    action(stray, "stray_click", XR_ACTION_TYPE_BOOLEAN_INPUT);
  }
  XrResult suggest(const char* profile, std::initializer_list<std::pair<XrAction, const char*>> list) {
    std::vector<XrActionSuggestedBinding> b;
    for (const auto& [a, p] : list) b.push_back({a, path(p)});
    XrInteractionProfileSuggestedBinding s{XR_TYPE_INTERACTION_PROFILE_SUGGESTED_BINDING};
    s.interactionProfile = path(profile);
    s.countSuggestedBindings = static_cast<uint32_t>(b.size());
    s.suggestedBindings = b.data();
    return xrSuggestInteractionProfileBindings(instance, &s);
  }
  XrResult suggest_simple() {
    return suggest("/interaction_profiles/khr/simple_controller",
                   {{click, "/user/hand/left/input/select/click"}, {click, "/user/hand/right/input/select/click"},
                    {value, "/user/hand/right/input/select/click"}, {buzz, "/user/hand/left/output/haptic"},
                    {buzz, "/user/hand/right/output/haptic"}});
  }
  XrResult attach(XrSession session) {
    XrSessionActionSetsAttachInfo info{XR_TYPE_SESSION_ACTION_SETS_ATTACH_INFO};
    info.countActionSets = 1;
    info.actionSets = &set;
    return xrAttachSessionActionSets(session, &info);
  }
  XrResult sync(XrSession session, XrActionSet which, uint32_t count = 1) {
    const XrActiveActionSet a{which, XR_NULL_PATH};
    XrActionsSyncInfo info{XR_TYPE_ACTIONS_SYNC_INFO};
    info.countActiveActionSets = count;
    info.activeActionSets = count ? &a : nullptr;
    const XrResult r = xrSyncActions(session, &info);
    if (count == 1 && which == set) focused = r == XR_SUCCESS;
    return r;
  }
  // Reads every input action on both hands; returns the first failure.
  XrResult read(XrSession session) {
    XrResult worst = XR_SUCCESS;
    const bool count = focused;
    for (XrPath hand : hands) {
      XrActionStateGetInfo get{XR_TYPE_ACTION_STATE_GET_INFO};
      get.subactionPath = hand;
      XrActionStateBoolean b{XR_TYPE_ACTION_STATE_BOOLEAN};
      XrActionStateFloat f{XR_TYPE_ACTION_STATE_FLOAT};
      XrActionStateVector2f v{XR_TYPE_ACTION_STATE_VECTOR2F};
      get.action = click;
      XrResult r = xrGetActionStateBoolean(session, &get, &b);
      worst = XR_FAILED(r) ? r : worst, reads += count, active += count && XR_SUCCEEDED(r) && b.isActive;
      get.action = value;
      r = xrGetActionStateFloat(session, &get, &f);
      worst = XR_FAILED(r) ? r : worst, reads += count, active += count && XR_SUCCEEDED(r) && f.isActive;
      get.action = stick;
      r = xrGetActionStateVector2f(session, &get, &v);
      worst = XR_FAILED(r) ? r : worst, reads += count, active += count && XR_SUCCEEDED(r) && v.isActive;
    }
    return worst;
  }
  XrResult haptic(XrSession session) {
    XrHapticActionInfo info{XR_TYPE_HAPTIC_ACTION_INFO};
    info.action = buzz;
    XrHapticVibration v{XR_TYPE_HAPTIC_VIBRATION};
    v.duration = XR_MIN_HAPTIC_DURATION;
    v.frequency = XR_FREQUENCY_UNSPECIFIED;
    v.amplitude = 0.5f;
    return xrApplyHapticFeedback(session, &info, reinterpret_cast<const XrHapticBaseHeader*>(&v));
  }
};

struct Frames {
  const std::string mode;
  Input* input = nullptr;  // synced and read every frame when set
  uint64_t ok = 0;
  XrBaseInStructure unknown{kUnknownType, nullptr};
  const char* failed_call = "";  // what returned the last error

  XrResult step(const char* call, XrResult r) {
    if (XR_FAILED(r)) failed_call = call;
    return r;
  }

  // One frame of `s` with the mode's layers; returns the first failed call's result.
  XrResult frame(Session& s) {
    Context& ctx = s.ctx;
    XrFrameState fs{XR_TYPE_FRAME_STATE};
    XrResult r = XR_SUCCESS;
    if (XR_FAILED(r = step("xrWaitFrame", xrWaitFrame(s.handle, nullptr, &fs)))) return r;
    if (XR_FAILED(r = step("xrBeginFrame", xrBeginFrame(s.handle, nullptr)))) return r;
    const bool unknown_chains = mode == "unknown_structs";
    XrCompositionLayerProjectionView views[2] = {{XR_TYPE_COMPOSITION_LAYER_PROJECTION_VIEW},
                                                 {XR_TYPE_COMPOSITION_LAYER_PROJECTION_VIEW}};
    XrCompositionLayerProjection projection{XR_TYPE_COMPOSITION_LAYER_PROJECTION};
    std::vector<XrCompositionLayerQuad> quads;
    std::vector<const XrCompositionLayerBaseHeader*> layers;
    if (fs.shouldRender && mode != "zero_layers") {
      XrViewLocateInfo locate{XR_TYPE_VIEW_LOCATE_INFO};
      locate.viewConfigurationType = XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO;
      locate.displayTime = fs.predictedDisplayTime;
      locate.space = s.local;
      XrViewState vs{XR_TYPE_VIEW_STATE};
      XrView located[2] = {{XR_TYPE_VIEW}, {XR_TYPE_VIEW}};
      uint32_t n = 0;
      if (XR_FAILED(r = step("xrLocateViews", xrLocateViews(s.handle, &locate, &vs, 2, &n, located)))) return r;
      uint32_t index = 0;
      XrSwapchainImageAcquireInfo acquire{XR_TYPE_SWAPCHAIN_IMAGE_ACQUIRE_INFO};
      if (XR_FAILED(r = step("xrAcquireSwapchainImage",
                                    xrAcquireSwapchainImage(s.swapchain, &acquire, &index)))) return r;
      XrSwapchainImageWaitInfo wait{XR_TYPE_SWAPCHAIN_IMAGE_WAIT_INFO};
      wait.timeout = XR_INFINITE_DURATION;
      if (XR_FAILED(r = step("xrWaitSwapchainImage", xrWaitSwapchainImage(s.swapchain, &wait)))) return r;
      ctx.clear(s.images[index].image, static_cast<float>(ok % 60) / 60.f);
      XrSwapchainImageReleaseInfo release{XR_TYPE_SWAPCHAIN_IMAGE_RELEASE_INFO};
      if (XR_FAILED(r = step("xrReleaseSwapchainImage", xrReleaseSwapchainImage(s.swapchain, &release)))) return r;
      for (uint32_t v = 0; v < 2; ++v) {
        views[v].pose = located[v].pose;
        views[v].fov = located[v].fov;
        views[v].subImage.swapchain = s.swapchain;
        views[v].subImage.imageRect = {{static_cast<int32_t>(v) * ctx.view_px.width, 0}, ctx.view_px};
        if (unknown_chains) views[v].next = &unknown;
      }
      projection.space = s.local;
      projection.viewCount = 2;
      projection.views = views;
      if (unknown_chains) projection.next = &unknown;
      layers.push_back(reinterpret_cast<const XrCompositionLayerBaseHeader*>(&projection));
      // The app's own quads: 3, or as many as fill maxLayerCount.
      size_t want = mode == "max_layers" ? ctx.max_layers - 1 : mode == "zero_layers" ? 0 : 3;
      quads.resize(want, {XR_TYPE_COMPOSITION_LAYER_QUAD});
      for (size_t i = 0; i < quads.size(); ++i) {
        XrCompositionLayerQuad& q = quads[i];
        q.space = s.local;
        q.eyeVisibility = XR_EYE_VISIBILITY_BOTH;
        q.subImage.swapchain = s.swapchain;
        q.subImage.imageRect = {{0, 0}, ctx.view_px};
        q.pose = {{0, 0, 0, 1}, {-0.3f + 0.01f * static_cast<float>(i % 60), 0.2f, -2.f}};
        q.size = {0.2f, 0.15f};
        if (unknown_chains) q.next = &unknown;
        layers.push_back(reinterpret_cast<const XrCompositionLayerBaseHeader*>(&q));
      }
    }
    XrFrameEndInfo end{XR_TYPE_FRAME_END_INFO};
    end.displayTime = fs.predictedDisplayTime;
    end.environmentBlendMode = XR_ENVIRONMENT_BLEND_MODE_OPAQUE;
    end.layerCount = static_cast<uint32_t>(layers.size());
    end.layers = layers.data();
    if (unknown_chains) end.next = &unknown;
    if (XR_FAILED(r = step("xrEndFrame", xrEndFrame(s.handle, &end)))) return r;
    if (++ok % 30 == 0) std::printf("frame %llu\n", static_cast<unsigned long long>(ok)), std::fflush(stdout);
    return XR_SUCCESS;
  }

  // Runs `s` until `count` frames were submitted (0: until an error), or
  // until it exits after xrRequestExitSession when `stop` is set.
  XrResult run(Session& s, uint64_t count, bool stop) {
    const uint64_t until = ok + count;
    bool exit_requested = false;
    for (int idle = 0; idle < 3000;) {
      if (XrResult r = step("xrPollEvent (or a loss event)", s.pump()); XR_FAILED(r)) return r;
      if (s.exiting) return XR_SUCCESS;
      if (!s.running) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        ++idle;
        continue;
      }
      if (count != 0 && ok >= until) {
        if (!stop) return XR_SUCCESS;
        if (!exit_requested) check(s.ctx.instance, xrRequestExitSession(s.handle), "xrRequestExitSession");
        exit_requested = true;
      }
      if (input != nullptr) {
        if (XrResult r = step("xrSyncActions", input->sync(s.handle, input->set)); XR_FAILED(r)) return r;
        if (XrResult r = step("xrGetActionState*", input->read(s.handle)); XR_FAILED(r)) return r;
        if (XrResult r = step("xrApplyHapticFeedback", input->haptic(s.handle)); XR_FAILED(r)) return r;
      }
      if (XrResult r = frame(s); XR_FAILED(r)) return r;
    }
    return XR_ERROR_RUNTIME_FAILURE;  // 30 s without the session running
  }
};

// The input cases (see the file comment): the results of the hostile calls
// are printed for the caller to compare with a run without the layer.
void run_actions(Context& ctx, Frames& f, uint64_t frames, bool hostile) {
  Input in;
  in.create(ctx.instance);
  auto call = [&](const char* name, XrResult r) { std::printf("call %s: %s\n", name, result_name(ctx.instance, r).c_str()); };
  if (hostile) {
    call("suggest_unknown_profile",
         in.suggest("/interaction_profiles/timewall/no_such_controller", {{in.click, "/user/hand/left/input/select/click"}}));
    call("suggest_bad_path",
         in.suggest("/interaction_profiles/khr/simple_controller", {{in.click, "/user/hand/left/input/trigger/click"}}));
  }
  check(ctx.instance, in.suggest_simple(), "xrSuggestInteractionProfileBindings");
  Session s{ctx};
  s.create(nullptr);
  if (hostile) {
    call("sync_before_attach", in.sync(s.handle, in.set));
    call("read_before_attach", in.read(s.handle));
  }
  check(ctx.instance, in.attach(s.handle), "xrAttachSessionActionSets");
  if (hostile) {
    call("attach_again", in.attach(s.handle));
    call("suggest_after_attach", in.suggest_simple());
    call("sync_zero_sets", in.sync(s.handle, in.set, 0));
    call("sync_unattached_set", in.sync(s.handle, in.stray));
    XrActionStateGetInfo get{XR_TYPE_ACTION_STATE_GET_INFO};
    get.action = in.click;
    get.subactionPath = in.path("/user/gamepad");
    XrActionStateBoolean b{XR_TYPE_ACTION_STATE_BOOLEAN};
    call("read_undeclared_subaction_path", xrGetActionStateBoolean(s.handle, &get, &b));
    // What the app sees of bindings: the same profile and sources with and without a layer.
    XrInteractionProfileState profile{XR_TYPE_INTERACTION_PROFILE_STATE};
    XrResult r = xrGetCurrentInteractionProfile(s.handle, in.hands[0], &profile);
    char name[XR_MAX_PATH_LENGTH] = "null";
    uint32_t len = 0;
    if (profile.interactionProfile != XR_NULL_PATH)
      xrPathToString(ctx.instance, profile.interactionProfile, sizeof name, &len, name);
    call((std::string("current_profile ") + name).c_str(), r);
    XrBoundSourcesForActionEnumerateInfo bound{XR_TYPE_BOUND_SOURCES_FOR_ACTION_ENUMERATE_INFO};
    bound.action = in.click;
    uint32_t n = 0;
    r = xrEnumerateBoundSourcesForAction(s.handle, &bound, 0, &n, nullptr);
    std::vector<XrPath> sources(n);
    if (n > 0) r = xrEnumerateBoundSourcesForAction(s.handle, &bound, n, &n, sources.data());
    std::string listed = "bound_sources";
    for (XrPath p : sources) {
      char source[XR_MAX_PATH_LENGTH] = "";
      xrPathToString(ctx.instance, p, sizeof source, &len, source);
      listed += std::string(" ") + source;
    }
    call(listed.c_str(), r);
  }
  // Another thread syncs, reads and buzzes while the frames run.
  std::atomic<bool> stop{false};
  std::map<std::string, int> codes;
  std::thread other;
  if (hostile)
    other = std::thread([&] {
      for (int k = 0; k < 2000 && !stop; ++k) {
        ++codes[result_name(ctx.instance, in.sync(s.handle, in.set))];
        ++codes[result_name(ctx.instance, in.read(s.handle))];
        ++codes[result_name(ctx.instance, in.haptic(s.handle))];
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
    });
  f.input = &in;
  const XrResult r = f.run(s, frames, true);
  stop = true;
  if (other.joinable()) other.join();
  if (hostile) {
    std::printf("thread:");
    for (const auto& [code, count] : codes) std::printf(" %s x%d", code.c_str(), count);
    std::printf("\n");
  }
  std::printf("reads %llu active %llu\n", static_cast<unsigned long long>(in.reads.load()),
              static_cast<unsigned long long>(in.active.load()));
  check(ctx.instance, r, "frame loop");
  s.destroy();
}

int run_mode(const std::string& mode, uint64_t frames) {
  Context ctx;
  Frames f{mode};
  int rc = 0;
  try {
    ctx.create();
    std::printf("max_layers %u view_px %dx%d\n", ctx.max_layers, ctx.view_px.width, ctx.view_px.height);
    if (mode == "sessions") {
      for (int cycle = 0; cycle < 3; ++cycle) {
        Session s{ctx};
        s.create(nullptr);
        if (cycle == 0) {
          XrSession second = XR_NULL_HANDLE;
          const XrResult r = Session::try_create(ctx, nullptr, &second);
          std::printf("second session at once: %s\n", result_name(ctx.instance, r).c_str());
          if (XR_SUCCEEDED(r)) check(ctx.instance, xrDestroySession(second), "xrDestroySession(second)");
        }
        check(ctx.instance, f.run(s, frames / 3, true), "frame loop");
        s.destroy();
        std::printf("cycle %d: session destroyed after %llu frames in all\n", cycle,
                    static_cast<unsigned long long>(f.ok));
      }
    } else if (mode == "until_lost") {
      Session s{ctx};
      s.create(nullptr);
      const XrResult r = f.run(s, 0, false);
      std::printf("lost: %s from %s after %llu frames\n", result_name(ctx.instance, r).c_str(), f.failed_call,
                  static_cast<unsigned long long>(f.ok));
      if (r == XR_ERROR_RUNTIME_FAILURE || XR_SUCCEEDED(r)) rc = 1;  // never lost, or stuck
      if (s.swapchain) xrDestroySwapchain(s.swapchain);
      if (s.local) xrDestroySpace(s.local);
      xrDestroySession(s.handle);  // may fail: the runtime is gone
      s.handle = XR_NULL_HANDLE;
    } else if (mode == "actions" || mode == "actions_clean") {
      run_actions(ctx, f, frames, mode == "actions");
    } else if (mode == "zero_layers" || mode == "app_quads" || mode == "max_layers" || mode == "unknown_structs") {
      XrBaseInStructure unknown{kUnknownType, nullptr};
      Session s{ctx};
      s.create(mode == "unknown_structs" ? &unknown : nullptr);
      check(ctx.instance, f.run(s, frames, true), "frame loop");
      s.destroy();
    } else {
      std::fprintf(stderr, "unknown mode %s\n", mode.c_str());
      return 2;
    }
  } catch (const Failure& e) {
    std::printf("FAILED: %s after %llu frames\n", e.what.c_str(), static_cast<unsigned long long>(f.ok));
    rc = 1;
  }
  ctx.destroy();
  std::printf("done: mode %s frames %llu rc %d\n", mode.c_str(), static_cast<unsigned long long>(f.ok), rc);
  return rc;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s MODE [FRAMES]\n", argv[0]);
    return 2;
  }
  const uint64_t frames = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 120;
  return run_mode(argv[1], frames);
}
