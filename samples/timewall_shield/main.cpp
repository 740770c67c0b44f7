// timewall-shield: the block shield as a normal OpenXR session of its own
// (issue 15 §3). `timewall enforce` starts it when an app is blocked: on a
// runtime that displays one normal session at a time (Monado), the newest
// takes primary, so the blocked app drops to SYNCHRONIZED, neither displayed
// nor focused, while this session shows the full-view backdrop (the layer's
// calm slate, kBackdropSrgb) and Timewall's block card, drawn by the same
// SessionBinding and panel renderer as every OpenXR host.
//
//   timewall-shield [--label TEXT] [--reason NAME] [--frames N]
// --label: what is paused (a category, else an app); --reason: the block's
// tw::Reason by name (budget_reached, youth_daily_cap, ...); --frames: end
// after N frames (tests). It ends its session cleanly on SIGTERM or SIGINT.
// One line per session state on stdout: "state unix_ms T N" (1 IDLE ... 5
// FOCUSED ... 8 EXITING), and "frames N" at the end.
// What it does not do: decide anything (the enforcer's Runtime does), count
// time, answer buttons (the card's "leave" and "extend" do nothing yet), or
// give primary back (the enforcer does that with the runtime's control).
// With TIMEWALL_SHIELD_CARD=0 it draws the slate alone: `timewall serve
// --overlay` sets it, and its overlay client draws the card, whose buttons work there.
// Timewall's implicit API layer is switched off in it (its disable_environment).
#define XR_USE_GRAPHICS_API_VULKAN
#include <vulkan/vulkan.h>
#include <openxr/openxr.h>
#include <openxr/openxr_platform.h>

#include <pthread.h>
#include <signal.h>
#include <time.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "common/system_clock.hpp"
#include "core/interner.hpp"
#include "core/overlay.hpp"
#include "core/policy.hpp"
#include "core/reason.hpp"
#include "openxr/backdrop.hpp"
#include "openxr/session_binding.hpp"
#include "render/keep_driver_loaded.hpp"
#include "xr_vulkan.hpp"

namespace {

constexpr const char* kAppName = "timewall-shield";
constexpr const char* kLedgerId = "openxr.timewall-shield";


struct Options {
  std::string label;
  std::string reason = "none";
  long frames = 0;
};

bool parse(int argc, char** argv, Options& o) {
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--label") o.label = argv[i + 1];
    else if (a == "--reason") o.reason = argv[i + 1];
    else if (a == "--frames") o.frames = std::strtol(argv[i + 1], nullptr, 10);
    else return false;
  }
  return argc % 2 == 1 && o.frames >= 0;
}

// The reason named, or none for a name it does not know.
tw::Reason reason_named(const std::string& name) {
  for (int r = 0; r <= static_cast<int>(tw::Reason::picked); ++r)
    if (tw::to_string(static_cast<tw::Reason>(r)) == name) return static_cast<tw::Reason>(r);
  return tw::Reason::none;
}

long long unix_ms(const tw::SystemClock& clock) { return static_cast<long long>(clock.now().unix_ms); }

int fail(const std::string& what) {
  std::fprintf(stderr, "timewall-shield: %s\n", what.c_str());
  return 1;
}

#define XR_CHECK(call)                                                     \
  do {                                                                     \
    if (XrResult r_ = (call); XR_FAILED(r_))                               \
      return fail(std::string(#call) + " failed: " + std::to_string(r_));  \
  } while (0)

float srgb_to_linear(uint8_t v) {
  const float c = static_cast<float>(v) / 255.f;
  return c <= 0.04045f ? c / 12.92f : std::pow((c + 0.055f) / 1.055f, 2.4f);
}

struct EyeSwapchain {
  XrSwapchain handle = XR_NULL_HANDLE;
  int32_t width = 0, height = 0;
  std::vector<VkImage> images;
};

// The eye image, cleared to the backdrop slate (an sRGB image: linear values).
void clear_eye(VkCommandBuffer cmd, VkImage image) {
  VkImageMemoryBarrier b{VK_STRUCTURE_TYPE_IMAGE_MEMORY_BARRIER};
  b.srcQueueFamilyIndex = b.dstQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED;
  b.image = image;
  b.subresourceRange = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 1, 0, 1};
  b.oldLayout = VK_IMAGE_LAYOUT_UNDEFINED;
  b.newLayout = VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL;
  b.dstAccessMask = VK_ACCESS_TRANSFER_WRITE_BIT;
  vkCmdPipelineBarrier(cmd, VK_PIPELINE_STAGE_TOP_OF_PIPE_BIT, VK_PIPELINE_STAGE_TRANSFER_BIT, 0, 0, nullptr, 0,
                       nullptr, 1, &b);
  const auto& s = tw::xr::kBackdropSrgb;
  const VkClearColorValue slate{{srgb_to_linear(s[0]), srgb_to_linear(s[1]), srgb_to_linear(s[2]), 1.f}};
  vkCmdClearColorImage(cmd, image, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, &slate, 1, &b.subresourceRange);
  b.oldLayout = VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL;
  b.newLayout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL;
  b.srcAccessMask = VK_ACCESS_TRANSFER_WRITE_BIT;
  b.dstAccessMask = VK_ACCESS_COLOR_ATTACHMENT_WRITE_BIT;
  vkCmdPipelineBarrier(cmd, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_PIPELINE_STAGE_COLOR_ATTACHMENT_OUTPUT_BIT, 0, 0,
                       nullptr, 0, nullptr, 1, &b);
}

// Timewall's own API layer stays out of this process: the implicit one by
// its disable_environment, the explicit one by taking its name out of
// XR_ENABLE_API_LAYERS (inherited from a session that enables it for apps).
void keep_own_layer_out() {
  setenv("DISABLE_XR_APILAYER_TIMEWALL_OVERLAY", "1", 1);
  const char* enabled = std::getenv("XR_ENABLE_API_LAYERS");
  if (enabled == nullptr) return;
  std::string kept, list = enabled;
  for (size_t start = 0; start <= list.size();) {
    size_t end = list.find(':', start);
    if (end == std::string::npos) end = list.size();
    const std::string name = list.substr(start, end - start);
    if (!name.empty() && name != "XR_APILAYER_TIMEWALL_overlay") kept += (kept.empty() ? "" : ":") + name;
    start = end + 1;
  }
  setenv("XR_ENABLE_API_LAYERS", kept.c_str(), 1);
}

}  // namespace

int main(int argc, char** argv) {
  Options opt;
  if (!parse(argc, argv, opt)) return fail("usage: timewall-shield [--label TEXT] [--reason NAME] [--frames N]");
  // Timewall's own API layer stays out of the shield: it would count (and
  // under youth mode block) the shield itself.
  keep_own_layer_out();
  // SIGTERM and SIGINT stay blocked in every thread (the runtime's client
  // library starts some) and are taken with sigtimedwait once per frame: a
  // handler would interrupt the runtime's IPC (Monado's recvmsg fails on
  // EINTR and the instance is lost).
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  bool stop = false;
  const tw::SystemClock clock;

  // What the card says: the block, as the enforcer's Runtime decided it.
  const tw::Policy policy;
  tw::Interner apps, categories;
  const tw::AppId self = apps.intern(kLedgerId);
  tw::Overlay block;
  block.kind = tw::OverlayKind::block_shield;
  block.reason = reason_named(opt.reason);
  if (!opt.label.empty()) block.category = categories.intern(opt.label);
  const tw::xr::PanelText text{&policy, &apps, &categories};

  XrInstanceCreateInfo ici{XR_TYPE_INSTANCE_CREATE_INFO};
  std::strcpy(ici.applicationInfo.applicationName, kAppName);
  ici.applicationInfo.apiVersion = XR_MAKE_VERSION(1, 0, 0);
  const char* extensions[] = {sample::vulkan_extension_name(2)};
  ici.enabledExtensionCount = 1;
  ici.enabledExtensionNames = extensions;
  XrInstance instance = XR_NULL_HANDLE;
  XR_CHECK(xrCreateInstance(&ici, &instance));
  XrSystemGetInfo sgi{XR_TYPE_SYSTEM_GET_INFO};
  sgi.formFactor = XR_FORM_FACTOR_HEAD_MOUNTED_DISPLAY;
  XrSystemId system = XR_NULL_SYSTEM_ID;
  XR_CHECK(xrGetSystem(instance, &sgi, &system));
  auto vk_r = sample::XrVulkan::create(instance, system, 2);
  if (!vk_r) return fail(vk_r.error().message);
  sample::XrVulkan vk = vk_r.value();
  XrSessionCreateInfo sci{XR_TYPE_SESSION_CREATE_INFO};
  sci.next = &vk.binding;
  sci.systemId = system;
  XrSession session = XR_NULL_HANDLE;
  XR_CHECK(xrCreateSession(instance, &sci, &session));
  XrReferenceSpaceCreateInfo rsi{XR_TYPE_REFERENCE_SPACE_CREATE_INFO};
  rsi.referenceSpaceType = XR_REFERENCE_SPACE_TYPE_LOCAL;
  rsi.poseInReferenceSpace = {{0, 0, 0, 1}, {0, 0, 0}};
  XrSpace space = XR_NULL_HANDLE;
  XR_CHECK(xrCreateReferenceSpace(session, &rsi, &space));

  const XrViewConfigurationType view_config = XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO;
  uint32_t view_count = 0;
  XR_CHECK(xrEnumerateViewConfigurationViews(instance, system, view_config, 0, &view_count, nullptr));
  std::vector<XrViewConfigurationView> config_views(view_count, {XR_TYPE_VIEW_CONFIGURATION_VIEW});
  XR_CHECK(xrEnumerateViewConfigurationViews(instance, system, view_config, view_count, &view_count,
                                             config_views.data()));
  uint32_t format_count = 0;
  XR_CHECK(xrEnumerateSwapchainFormats(session, 0, &format_count, nullptr));
  std::vector<int64_t> formats(format_count);
  XR_CHECK(xrEnumerateSwapchainFormats(session, format_count, &format_count, formats.data()));
  int64_t format = 0;
  for (int64_t wanted : {VK_FORMAT_R8G8B8A8_SRGB, VK_FORMAT_B8G8R8A8_SRGB})
    for (int64_t f : formats)
      if (f == wanted && format == 0) format = f;
  if (format == 0) return fail("the runtime offers no sRGB swapchain format");
  std::vector<EyeSwapchain> eyes(view_count);
  for (uint32_t v = 0; v < view_count; ++v) {
    XrSwapchainCreateInfo info{XR_TYPE_SWAPCHAIN_CREATE_INFO};
    info.usageFlags = XR_SWAPCHAIN_USAGE_COLOR_ATTACHMENT_BIT | XR_SWAPCHAIN_USAGE_TRANSFER_DST_BIT;
    info.format = format;
    info.sampleCount = 1;
    info.width = config_views[v].recommendedImageRectWidth;
    info.height = config_views[v].recommendedImageRectHeight;
    info.faceCount = info.arraySize = info.mipCount = 1;
    XR_CHECK(xrCreateSwapchain(session, &info, &eyes[v].handle));
    eyes[v].width = static_cast<int32_t>(info.width);
    eyes[v].height = static_cast<int32_t>(info.height);
    uint32_t n = 0;
    XR_CHECK(xrEnumerateSwapchainImages(eyes[v].handle, 0, &n, nullptr));
    std::vector<XrSwapchainImageVulkanKHR> images(n, {XR_TYPE_SWAPCHAIN_IMAGE_VULKAN_KHR});
    XR_CHECK(xrEnumerateSwapchainImages(eyes[v].handle, n, &n,
                                        reinterpret_cast<XrSwapchainImageBaseHeader*>(images.data())));
    for (const auto& im : images) eyes[v].images.push_back(im.image);
  }
  VkCommandBufferAllocateInfo cai{VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO};
  cai.commandPool = vk.pool;
  cai.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
  cai.commandBufferCount = 1;
  VkCommandBuffer cmd = VK_NULL_HANDLE;
  vkAllocateCommandBuffers(vk.binding.device, &cai, &cmd);
  VkFenceCreateInfo fci{VK_STRUCTURE_TYPE_FENCE_CREATE_INFO};
  fci.flags = VK_FENCE_CREATE_SIGNALED_BIT;
  VkFence fence = VK_NULL_HANDLE;
  vkCreateFence(vk.binding.device, &fci, nullptr, &fence);
  VkQueue queue = VK_NULL_HANDLE;
  vkGetDeviceQueue(vk.binding.device, vk.binding.queueFamilyIndex, 0, &queue);
  tw::keep_driver_loaded_for_leak_checks();

  // The card: Timewall's SessionBinding, as in every OpenXR host.
  auto dispatch = tw::xr::load_dispatch(xrGetInstanceProcAddr, instance);
  if (!dispatch) return fail(dispatch.error().message);
  auto binding_r = tw::xr::SessionBinding::create({.xr = dispatch.value(),
                                                   .instance = instance,
                                                   .system = system,
                                                   .session = session,
                                                   .vulkan = vk.binding,
                                                   .app_space = space,
                                                   .app = self,
                                                   .app_name = kLedgerId,
                                                   .view_config = view_config});
  if (!binding_r) return fail(binding_r.error().message);
  std::unique_ptr<tw::xr::SessionBinding> binding = std::move(binding_r.value());
  // TIMEWALL_SHIELD_CARD=0 (timewall serve --overlay): the overlay client
  // draws the block card above this slate, where its buttons are answered.
  const char* card_env = std::getenv("TIMEWALL_SHIELD_CARD");
  if (card_env == nullptr || std::string(card_env) != "0") binding->set_overlays({&block, 1}, text);

  bool running = false, exit_requested = false, quit = false;
  long frames = 0;
  std::vector<XrView> views(view_count, {XR_TYPE_VIEW});
  std::vector<XrCompositionLayerProjectionView> projection_views(view_count,
                                                                 {XR_TYPE_COMPOSITION_LAYER_PROJECTION_VIEW});
  std::vector<const XrCompositionLayerBaseHeader*> layers;
  layers.reserve(8);
  constexpr uint32_t kCardLayers = 4;
  int rc = 0;
  while (!quit) {
    const timespec no_wait{0, 0};
    if (sigtimedwait(&stop_signals, nullptr, &no_wait) > 0) stop = true;
    if (stop && !exit_requested) {
      if (running) xrRequestExitSession(session);
      else quit = true;
      exit_requested = true;
    }
    XrEventDataBuffer event{XR_TYPE_EVENT_DATA_BUFFER};
    while (xrPollEvent(instance, &event) == XR_SUCCESS) {
      if (event.type == XR_TYPE_EVENT_DATA_SESSION_STATE_CHANGED) {
        const auto& changed = reinterpret_cast<const XrEventDataSessionStateChanged&>(event);
        std::printf("state unix_ms %lld %d\n", unix_ms(clock), static_cast<int>(changed.state));
        std::fflush(stdout);
        binding->on_session_state(changed.state, clock.now());
        if (changed.state == XR_SESSION_STATE_READY) {
          XrSessionBeginInfo begin{XR_TYPE_SESSION_BEGIN_INFO};
          begin.primaryViewConfigurationType = view_config;
          XR_CHECK(xrBeginSession(session, &begin));
          running = true;
        } else if (changed.state == XR_SESSION_STATE_STOPPING) {
          XR_CHECK(xrEndSession(session));
          running = false;
        } else if (changed.state == XR_SESSION_STATE_EXITING || changed.state == XR_SESSION_STATE_LOSS_PENDING) {
          quit = true;
        }
      } else if (event.type == XR_TYPE_EVENT_DATA_INSTANCE_LOSS_PENDING) {
        quit = true;
      }
      event = {XR_TYPE_EVENT_DATA_BUFFER};
    }
    if (quit) break;
    if (!running) {
      timespec idle{0, 10'000'000};
      nanosleep(&idle, nullptr);
      continue;
    }
    XrFrameState frame{XR_TYPE_FRAME_STATE};
    XR_CHECK(xrWaitFrame(session, nullptr, &frame));
    XR_CHECK(xrBeginFrame(session, nullptr));
    XrFrameEndInfo end{XR_TYPE_FRAME_END_INFO};
    end.displayTime = frame.predictedDisplayTime;
    end.environmentBlendMode = XR_ENVIRONMENT_BLEND_MODE_OPAQUE;
    layers.clear();
    XrCompositionLayerProjection projection{XR_TYPE_COMPOSITION_LAYER_PROJECTION};
    if (frame.shouldRender) {
      XrViewLocateInfo locate{XR_TYPE_VIEW_LOCATE_INFO};
      locate.viewConfigurationType = view_config;
      locate.displayTime = frame.predictedDisplayTime;
      locate.space = space;
      XrViewState view_state{XR_TYPE_VIEW_STATE};
      uint32_t n = 0;
      XR_CHECK(xrLocateViews(session, &locate, &view_state, view_count, &n, views.data()));
      vkWaitForFences(vk.binding.device, 1, &fence, VK_TRUE, UINT64_MAX);
      vkResetFences(vk.binding.device, 1, &fence);
      vkResetCommandBuffer(cmd, 0);
      VkCommandBufferBeginInfo cbi{VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
      cbi.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
      vkBeginCommandBuffer(cmd, &cbi);
      for (uint32_t v = 0; v < view_count; ++v) {
        uint32_t index = 0;
        XR_CHECK(xrAcquireSwapchainImage(eyes[v].handle, nullptr, &index));
        XrSwapchainImageWaitInfo wait{XR_TYPE_SWAPCHAIN_IMAGE_WAIT_INFO};
        wait.timeout = XR_INFINITE_DURATION;
        XR_CHECK(xrWaitSwapchainImage(eyes[v].handle, &wait));
        clear_eye(cmd, eyes[v].images[index]);
        projection_views[v] = {XR_TYPE_COMPOSITION_LAYER_PROJECTION_VIEW};
        projection_views[v].pose = views[v].pose;
        projection_views[v].fov = views[v].fov;
        projection_views[v].subImage.swapchain = eyes[v].handle;
        projection_views[v].subImage.imageRect = {{0, 0}, {eyes[v].width, eyes[v].height}};
      }
      vkEndCommandBuffer(cmd);
      VkSubmitInfo submit{VK_STRUCTURE_TYPE_SUBMIT_INFO};
      submit.commandBufferCount = 1;
      submit.pCommandBuffers = &cmd;
      vkQueueSubmit(queue, 1, &submit, fence);
      for (uint32_t v = 0; v < view_count; ++v) XR_CHECK(xrReleaseSwapchainImage(eyes[v].handle, nullptr));
      projection.space = space;
      projection.viewCount = view_count;
      projection.views = projection_views.data();
      layers.push_back(reinterpret_cast<const XrCompositionLayerBaseHeader*>(&projection));
      // The block card over the slate (rendered only when its content changes).
      end.layerCount = 1;
      end.layers = layers.data();
      layers.resize(1 + kCardLayers);
      auto added = binding->compose(end, clock.now(), layers.data() + 1, kCardLayers);
      if (!added) std::fprintf(stderr, "timewall-shield: the card is not drawn: %s\n", added.error().message.c_str());
      layers.resize(1 + (added ? added.value() : 0));
    }
    end.layerCount = static_cast<uint32_t>(layers.size());
    end.layers = layers.data();
    const XrResult ended = xrEndFrame(session, &end);
    if (XR_FAILED(ended)) {
      rc = fail("xrEndFrame failed: " + std::to_string(ended));
      break;
    }
    ++frames;
    if (opt.frames > 0 && frames >= opt.frames) stop = true;
  }

  binding.reset();
  vkWaitForFences(vk.binding.device, 1, &fence, VK_TRUE, UINT64_MAX);
  vkDestroyFence(vk.binding.device, fence, nullptr);
  for (auto& e : eyes) xrDestroySwapchain(e.handle);
  xrDestroySpace(space);
  xrDestroySession(session);
  vk.destroy();
  xrDestroyInstance(instance);
  std::printf("frames %ld\n", frames);
  return rc;
}
