// samples/openxr_app: a minimal OpenXR Vulkan app (in the spirit of Khronos'
// hello_xr) that integrates Timewall explicitly. The reference for
// integrators; docs/integration.md walks through it.
//
// The app clears each eye to a dark blue (its "scene"). Everything marked
// TIMEWALL is what an app adds to show the wearer's Timewall panels:
//   1. stand up a tw::Runtime from the wearer's policy file and ledger;
//   2. hand the XrInstance, XrSession, app space and Vulkan objects to a
//      tw::xr::SessionBinding;
//   3. tell the binding about session state changes;
//   4. each frame: feed the binding's signals to Runtime::tick, pass the
//      overlays back to the binding, and append the layers it returns to
//      xrEndFrame;
//   5. where timewalld runs (`timewall serve`, which counts every app on
//      the device), defer to it: its decision for this process is read off
//      the frame thread, and while it counts the app the app's own engine
//      neither counts nor blocks it again, and the app shows the service's
//      ring and shield (tw::ServiceDeferral, as the API layer does).
//
//   timewall_openxr_app --policy FILE [--ledger PATH] [--frames N]
//                       [--vulkan-enable 1|2] [--cylinders] [--max-layers N]
//                       [--into-views] [--frame-log FILE]
// --max-layers caps the layers per frame (forces the atlas when low);
// --into-views draws the panels into the eye images instead of adding layers;
// --frame-log writes what each frame submitted (tests read it). SIGTERM or
// SIGINT ends the session cleanly (xrRequestExitSession), as --frames does.
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include <unistd.h>

#include "common/system_clock.hpp"
#include "common/local_timezone.hpp"
#include "core/device/service_deferral.hpp"
#include "core/runtime/device_paths.hpp"
#include "core/runtime/runtime.hpp"
#include "openxr/session_binding.hpp"
#include "render/keep_driver_loaded.hpp"
#if TW_WITH_DBUS
#include "dbus/inbox_client.hpp"
#endif
#include "frame_log.hpp"
#include "xr_vulkan.hpp"

namespace {

// SIGTERM or SIGINT: end the session the OpenXR way (xrRequestExitSession),
// so Timewall's last interval reaches the ledger (Runtime::finish) and the
// runtime sees a clean exit.
volatile std::sig_atomic_t g_stop_requested = 0;
void request_stop(int) { g_stop_requested = 1; }

constexpr const char* kLedgerId = "openxr.timewall_sample";  // this app in the wearer's ledger and policy

struct Options {
  std::string policy_path;
  std::string ledger_path;
  std::string frame_log_path;
  long frames = 0;  // 0: until the runtime ends the session
  int vulkan_enable = 2;
  bool cylinders = false;
  bool into_views = false;
  uint32_t max_layers = 0;
};

bool parse(int argc, char** argv, Options& o) {
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const char* v = i + 1 < argc ? argv[i + 1] : nullptr;
    if (a == "--cylinders") { o.cylinders = true; continue; }
    if (a == "--into-views") { o.into_views = true; continue; }
    if (v == nullptr) return false;
    if (a == "--policy") o.policy_path = v;
    else if (a == "--ledger") o.ledger_path = v;
    else if (a == "--frame-log") o.frame_log_path = v;
    else if (a == "--frames") o.frames = std::strtol(v, nullptr, 10);
    else if (a == "--vulkan-enable") o.vulkan_enable = std::atoi(v);
    else if (a == "--max-layers") o.max_layers = static_cast<uint32_t>(std::strtoul(v, nullptr, 10));
    else return false;
    ++i;
  }
  return !o.policy_path.empty() && o.frames >= 0 && (o.vulkan_enable == 1 || o.vulkan_enable == 2);
}

int fail(const std::string& what) {
  std::fprintf(stderr, "openxr_app: %s\n", what.c_str());
  return 1;
}

#define XR_CHECK(call)                                                     \
  do {                                                                     \
    if (XrResult r_ = (call); XR_FAILED(r_))                               \
      return fail(std::string(#call) + " failed: " + std::to_string(r_));  \
  } while (0)

bool has_extension(const char* name) {
  uint32_t n = 0;
  xrEnumerateInstanceExtensionProperties(nullptr, 0, &n, nullptr);
  std::vector<XrExtensionProperties> props(n, {XR_TYPE_EXTENSION_PROPERTIES});
  xrEnumerateInstanceExtensionProperties(nullptr, n, &n, props.data());
  for (const auto& p : props)
    if (std::strcmp(p.extensionName, name) == 0) return true;
  return false;
}

// One swapchain per eye, cleared to the scene colour each frame.
struct EyeSwapchain {
  XrSwapchain handle = XR_NULL_HANDLE;
  int32_t width = 0, height = 0;
  std::vector<VkImage> images;
  std::vector<VkImageView> views;  // only for --into-views
};

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
  const VkClearColorValue scene{{0.02f, 0.03f, 0.10f, 1.f}};
  vkCmdClearColorImage(cmd, image, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, &scene, 1, &b.subresourceRange);
  // OpenXR wants colour swapchain images back in COLOR_ATTACHMENT_OPTIMAL.
  b.oldLayout = VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL;
  b.newLayout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL;
  b.srcAccessMask = VK_ACCESS_TRANSFER_WRITE_BIT;
  b.dstAccessMask = VK_ACCESS_COLOR_ATTACHMENT_WRITE_BIT;
  vkCmdPipelineBarrier(cmd, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_PIPELINE_STAGE_COLOR_ATTACHMENT_OUTPUT_BIT, 0, 0,
                       nullptr, 0, nullptr, 1, &b);
}

}  // namespace

int main(int argc, char** argv) {
  Options opt;
  if (!parse(argc, argv, opt))
    return fail("usage: timewall_openxr_app --policy FILE [--ledger PATH] [--frames N] [--vulkan-enable 1|2] "
                "[--cylinders] [--max-layers N] [--into-views] [--frame-log FILE]");
  std::signal(SIGTERM, request_stop);
  std::signal(SIGINT, request_stop);
  const tw::SystemClock clock;

  // TIMEWALL 1: the core, from the wearer's policy, recording to the ledger
  // (the policy the ledger last accepted gates it; the device zone applies
  // when the policy names none).
  auto device_zone = tw::load_local_timezone(std::getenv("TZ"));
  // Commits run on a background thread (every 4 s, each reading back what
  // other apps recorded), so a frame never waits for SQLite.
  auto runtime_r = tw::Runtime::create({.policy_path = opt.policy_path,
                                        .device_policy_path = tw::device_file(tw::kDeviceDir, tw::kDevicePolicyFile),
                                        .ledger_path = opt.ledger_path,
                                        .device_zone = device_zone ? device_zone.value() : tw::TimeZone::utc(),
                                        .commit_every_s = 4,
                                        .background_commit = true,
                                        .restore_notifications = false});  // timewall serve's
  if (!runtime_r) return fail(runtime_r.error().message);
  tw::Runtime& runtime = runtime_r.value();
  if (runtime.start_refusal()) std::fprintf(stderr, "openxr_app: %s\n", runtime.start_refusal()->message.c_str());
  const tw::AppId self = runtime.apps().intern(kLedgerId);

  // TIMEWALL 5: timewalld's decision for this process, polled by a thread
  // of the client's own (never in the frame). No bus, no service: the app's
  // own engine counts, as without this step.
  tw::ServiceDeferral defer;
#if TW_WITH_DBUS
  std::optional<tw::dbus::InboxClient> service;
  if (std::getenv("DBUS_SESSION_BUS_ADDRESS") != nullptr) {
    auto started = tw::dbus::InboxClient::start({.decision_pid = static_cast<int32_t>(getpid()), .decision_app = kLedgerId});
    if (started) service.emplace(std::move(started.value()));
  }
#endif

  // OpenXR instance with Vulkan (and cylinder layers where offered).
  std::vector<const char*> extensions{sample::vulkan_extension_name(opt.vulkan_enable)};
  const bool cylinders = opt.cylinders && has_extension(XR_KHR_COMPOSITION_LAYER_CYLINDER_EXTENSION_NAME);
  if (cylinders) extensions.push_back(XR_KHR_COMPOSITION_LAYER_CYLINDER_EXTENSION_NAME);
  if (opt.cylinders && !cylinders) std::fprintf(stderr, "openxr_app: the runtime has no cylinder layers; quads it is\n");
  XrInstanceCreateInfo ici{XR_TYPE_INSTANCE_CREATE_INFO};
  std::strcpy(ici.applicationInfo.applicationName, "timewall_sample");
  ici.applicationInfo.apiVersion = XR_MAKE_VERSION(1, 0, 0);  // what Debian 12's headers and Monado agree on
  ici.enabledExtensionCount = static_cast<uint32_t>(extensions.size());
  ici.enabledExtensionNames = extensions.data();
  XrInstance instance = XR_NULL_HANDLE;
  XR_CHECK(xrCreateInstance(&ici, &instance));
  XrSystemGetInfo sgi{XR_TYPE_SYSTEM_GET_INFO};
  sgi.formFactor = XR_FORM_FACTOR_HEAD_MOUNTED_DISPLAY;
  XrSystemId system = XR_NULL_SYSTEM_ID;
  XR_CHECK(xrGetSystem(instance, &sgi, &system));
  auto vk_r = sample::XrVulkan::create(instance, system, opt.vulkan_enable);
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
  XrSpace app_space = XR_NULL_HANDLE;
  XR_CHECK(xrCreateReferenceSpace(session, &rsi, &app_space));

  // One swapchain per eye, in an sRGB format the runtime offers.
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
  // R8G8B8A8_SRGB first: Timewall's panels can then be drawn into the eyes too.
  int64_t format = 0;
  for (int64_t wanted : {VK_FORMAT_R8G8B8A8_SRGB, VK_FORMAT_B8G8R8A8_SRGB})
    for (int64_t f : formats)
      if (f == wanted && format == 0) format = f;
  if (format == 0 || (opt.into_views && format != VK_FORMAT_R8G8B8A8_SRGB))
    return fail("the runtime offers no suitable sRGB swapchain format");
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
    for (const auto& im : images) {
      eyes[v].images.push_back(im.image);
      if (!opt.into_views) continue;
      VkImageViewCreateInfo view{VK_STRUCTURE_TYPE_IMAGE_VIEW_CREATE_INFO};
      view.image = im.image;
      view.viewType = VK_IMAGE_VIEW_TYPE_2D;
      view.format = VK_FORMAT_R8G8B8A8_SRGB;
      view.subresourceRange = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 1, 0, 1};
      eyes[v].views.push_back(VK_NULL_HANDLE);
      if (vkCreateImageView(vk.binding.device, &view, nullptr, &eyes[v].views.back()) != VK_SUCCESS)
        return fail("vkCreateImageView failed");
    }
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
  tw::keep_driver_loaded_for_leak_checks();  // ASan builds only (a test aid; see the header)

  // TIMEWALL 2: the binding, on this app's session, space and Vulkan device.
  // Its own OpenXR calls go through the loader, like the app's.
  auto dispatch = tw::xr::load_dispatch(xrGetInstanceProcAddr, instance);
  if (!dispatch) return fail(dispatch.error().message);
  auto binding_r = tw::xr::SessionBinding::create({.xr = dispatch.value(),
                                                   .instance = instance,
                                                   .system = system,
                                                   .session = session,
                                                   .vulkan = vk.binding,
                                                   .app_space = app_space,
                                                   .app = self,
                                                   .app_name = kLedgerId,
                                                   .view_config = view_config,
                                                   .cylinders = cylinders,
                                                   .max_layers = opt.max_layers});
  if (!binding_r) return fail(binding_r.error().message);
  std::unique_ptr<tw::xr::SessionBinding> binding = std::move(binding_r.value());
  const tw::xr::PanelText text{&runtime.policy(), &runtime.apps(), &runtime.categories()};

  sample::FrameLog log(opt.frame_log_path);  // for the tests only
  log.header(opt.vulkan_enable, cylinders, binding->max_layer_count());

  bool running = false, exit_requested = false, quit = false;
  long frames = 0;
  std::vector<XrView> views(view_count, {XR_TYPE_VIEW});
  std::vector<XrCompositionLayerProjectionView> projection_views(view_count,
                                                                 {XR_TYPE_COMPOSITION_LAYER_PROJECTION_VIEW});
  std::vector<tw::xr::EyeImage> eye_images(view_count);  // --into-views
  std::vector<const XrCompositionLayerBaseHeader*> layers;
  layers.reserve(8);
  constexpr uint32_t kTimewallLayers = 4;  // room we give Timewall per frame
  int rc = 0;
  while (!quit) {
    XrEventDataBuffer event{XR_TYPE_EVENT_DATA_BUFFER};
    while (xrPollEvent(instance, &event) == XR_SUCCESS) {
      if (event.type == XR_TYPE_EVENT_DATA_SESSION_STATE_CHANGED) {
        const auto& changed = reinterpret_cast<const XrEventDataSessionStateChanged&>(event);
        binding->on_session_state(changed.state, clock.now());  // TIMEWALL 3: focus, blur
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
    if (g_stop_requested && running && !exit_requested) {
      XR_CHECK(xrRequestExitSession(session));  // then STOPPING, then EXITING
      exit_requested = true;
    }
    if (g_stop_requested && !running) quit = true;  // no session to end
    if (quit || !running) continue;  // (xrPollEvent paces nothing: fine for a sample)

    XrFrameState frame{XR_TYPE_FRAME_STATE};
    XR_CHECK(xrWaitFrame(session, nullptr, &frame));
    XR_CHECK(xrBeginFrame(session, nullptr));
    XrFrameEndInfo end{XR_TYPE_FRAME_END_INFO};
    end.displayTime = frame.predictedDisplayTime;
    end.environmentBlendMode = XR_ENVIRONMENT_BLEND_MODE_OPAQUE;
    layers.clear();

    // TIMEWALL 4a: signals in, overlays out.
    const tw::Instant now = clock.now();
    std::span<const tw::Signal> signals = binding->signals();
#if TW_WITH_DBUS
    if (service) {  // TIMEWALL 5: the service's newest answer decides who counts
      service->refresh();
      const tw::dbus::ServiceView& view = service->service();
      const bool was = defer.deferring();
      const std::span<const tw::Signal> turn = defer.update(
          view.present, view.decision, binding->session_state() == XR_SESSION_STATE_FOCUSED, self, now);
      if (defer.deferring()) signals = defer.filter(turn, signals);  // no focus change: it would count again
      else if (!turn.empty()) runtime.tick(now, turn);                 // counting again from now
      if (was != defer.deferring()) log.service(defer.deferring(), frames + 1, now.unix_ms);
    }
#endif
    const tw::TickOutput& out = runtime.tick(now, signals);
    binding->clear_signals();
    std::span<const tw::Overlay> shown = out.overlays;
#if TW_WITH_DBUS
    if (defer.deferring())  // the service's ring and shield instead of the engine's
      shown = defer.compose(out.overlays, service->service().decision, runtime.policy(), self,
                            runtime.engine().scheduler().category_of(self));
#endif
    binding->set_overlays(shown, text, runtime.engine().scheduler().attention().moving());

    XrCompositionLayerProjection projection{XR_TYPE_COMPOSITION_LAYER_PROJECTION};
    if (frame.shouldRender) {
      // The app's own scene: locate the eyes, clear each eye's image.
      XrViewLocateInfo locate{XR_TYPE_VIEW_LOCATE_INFO};
      locate.viewConfigurationType = view_config;
      locate.displayTime = frame.predictedDisplayTime;
      locate.space = app_space;
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
        if (opt.into_views)
          eye_images[v] = {eyes[v].images[index], eyes[v].views[index], static_cast<uint32_t>(eyes[v].width),
                           static_cast<uint32_t>(eyes[v].height), views[v].pose, views[v].fov};
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
      if (opt.into_views) {
        // TIMEWALL 4b, fallback: panels drawn over the scene on this queue,
        // before the eye images go back to the runtime. No extra layer.
        auto drawn = binding->draw_into_views(frame.predictedDisplayTime, end.environmentBlendMode, now, eye_images);
        if (!drawn) std::fprintf(stderr, "openxr_app: Timewall stops drawing: %s\n", drawn.error().message.c_str());
      }
      for (uint32_t v = 0; v < view_count; ++v) XR_CHECK(xrReleaseSwapchainImage(eyes[v].handle, nullptr));
      projection.space = app_space;
      projection.viewCount = view_count;
      projection.views = projection_views.data();
      layers.push_back(reinterpret_cast<const XrCompositionLayerBaseHeader*>(&projection));
    }

    // TIMEWALL 4b: Timewall's layers appended. It renders (on this queue) only
    // the panels whose content changed.
    uint32_t added = 0;
    if (frame.shouldRender && !opt.into_views) {
      const size_t app_layers = layers.size();
      end.layerCount = static_cast<uint32_t>(app_layers);
      end.layers = layers.data();
      layers.resize(app_layers + kTimewallLayers);
      auto n = binding->compose(end, now, layers.data() + app_layers, kTimewallLayers);
      if (!n) std::fprintf(stderr, "openxr_app: Timewall stops drawing: %s\n", n.error().message.c_str());
      added = n ? n.value() : 0;
      layers.resize(app_layers + added);
    }
    end.layerCount = static_cast<uint32_t>(layers.size());
    end.layers = layers.data();
    const XrResult ended = xrEndFrame(session, &end);
    if (XR_FAILED(ended)) rc = fail("xrEndFrame failed: " + std::to_string(ended));
    ++frames;

    if (frame.shouldRender) log.placements(session, app_space, *binding, frame.predictedDisplayTime);
    log.frame(frames, binding->last_stats(), added, ended);
    if (XR_FAILED(ended)) break;
    if (opt.frames > 0 && frames >= opt.frames && !exit_requested) {
      XR_CHECK(xrRequestExitSession(session));  // then STOPPING, then EXITING
      exit_requested = true;
    }
  }

  // Teardown: Timewall's swapchains and spaces go before the session.
  binding.reset();
  if (tw::Status s = runtime.finish(clock.now()); !s) std::fprintf(stderr, "openxr_app: ledger: %s\n", s.error().message.c_str());
  log.end(frames);
  vkWaitForFences(vk.binding.device, 1, &fence, VK_TRUE, UINT64_MAX);
  vkDestroyFence(vk.binding.device, fence, nullptr);
  for (auto& e : eyes) {
    for (VkImageView v : e.views) vkDestroyImageView(vk.binding.device, v, nullptr);
    xrDestroySwapchain(e.handle);
  }
  xrDestroySpace(app_space);
  xrDestroySession(session);
  vk.destroy();
  xrDestroyInstance(instance);
  std::printf("openxr_app: %ld frames\n", frames);
  return rc;
}
