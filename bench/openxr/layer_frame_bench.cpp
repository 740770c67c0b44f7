// The API layer's own cost per steady frame, on the real runtime: this
// program is an OpenXR + Vulkan app (XR_KHR_vulkan_enable2) that runs, in one
// process and one run, the same frame loop under three layer stacks, each in
// an instance of its own:
//   none         no API layer;
//   passthrough  XR_APILAYER_TIMEWALL_bench_frame_counter (intercepts
//                xrEndFrame and forwards it: the cost of being a layer);
//   timewall     XR_APILAYER_TIMEWALL_overlay with a policy whose budget on
//                this app shows the ring, and a SQLite ledger.
// One iteration is one app frame as a simple game makes it: xrWaitFrame,
// xrBeginFrame, xrSyncActions of one set, three xrGetActionState* reads,
// xrLocateViews, a swapchain image acquired, waited and released (never
// drawn: the app's own GPU work is not what is measured), xrEndFrame with one
// projection layer. Under Timewall, that frame also syncs its hidden set,
// gates the reads, takes the head from the app's views (the *_locate_head
// runs: locates it itself), ticks the core and
// appends the ring's layer. Steady state: 300 warm-up frames, then timed
// frames with nothing changing (no input, the ring's minute unchanged).
// CPU time is this thread's (the app's frame thread, where the layer runs).
// Counters, per timed frame: `new_per_frame` (operator new, replaced here),
// `malloc_per_frame` (malloc/calloc/realloc, the C allocator, also
// replaced: they reach the loader, Monado's client and Mesa too, the same in
// every stack) and `submits_per_frame` (vkQueueSubmit calls through the
// exported Vulkan entry point, interposed here: the layer's renderer calls
// it, the app never does); `setup_submits` proves the count works (the
// ring's first render); `layer_malloc_per_frame`: C allocations called from
// the Timewall layer's own code (SQLite inside it, say); the app thread's
// CPU per frame in each group of calls (`wait_begin_us`, `sync_reads_us`,
// `views_us`, `end_frame_us`), to see where a layer's cost lands;
// `layer_alloc_frames`: timed frames in which the layer's code allocated at all.
//
// Runs inside the Monado root (it needs the runtime), as bench/openxr/layer_frame_bench.sh does:
//   bash bench/openxr/layer_frame_bench.sh [--benchmark_repetitions=3]
#include <benchmark/benchmark.h>
#include <dlfcn.h>
#include <link.h>
#include <time.h>
#include <openxr/openxr.h>
#include <vulkan/vulkan.h>
#define XR_USE_GRAPHICS_API_VULKAN
#include <openxr/openxr_platform.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

// [SECTION] counting

namespace {
std::atomic<uint64_t> g_new{0}, g_layer_new{0}, g_malloc{0}, g_layer_malloc{0}, g_submits{0};
// The Timewall layer's code, once loaded: C allocations called from there are its own.
std::atomic<uintptr_t> g_layer_lo{0}, g_layer_hi{0};

bool from_layer(const void* caller) {
  const auto ra = reinterpret_cast<uintptr_t>(caller);
  return ra >= g_layer_lo.load(std::memory_order_relaxed) && ra < g_layer_hi.load(std::memory_order_relaxed);
}
void count_malloc(const void* caller) {
  g_malloc.fetch_add(1, std::memory_order_relaxed);
  if (from_layer(caller)) g_layer_malloc.fetch_add(1, std::memory_order_relaxed);
}

// Finds the Timewall layer's executable segment in this process (0, 0 when not loaded).
void find_layer_code() {
  g_layer_lo = 0, g_layer_hi = 0;
  dl_iterate_phdr(
      [](dl_phdr_info* info, size_t, void*) {
        if (info->dlpi_name == nullptr || std::strstr(info->dlpi_name, "XrApiLayer_timewall_overlay") == nullptr)
          return 0;
        for (int k = 0; k < info->dlpi_phnum; ++k)
          if (info->dlpi_phdr[k].p_type == PT_LOAD && (info->dlpi_phdr[k].p_flags & PF_X)) {
            g_layer_lo = info->dlpi_addr + info->dlpi_phdr[k].p_vaddr;
            g_layer_hi = info->dlpi_addr + info->dlpi_phdr[k].p_vaddr + info->dlpi_phdr[k].p_memsz;
          }
        return 1;
      },
      nullptr);
}

int64_t thread_cpu_ns() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}
}  // namespace

void* operator new(std::size_t n) {
  g_new.fetch_add(1, std::memory_order_relaxed);
  if (from_layer(__builtin_return_address(0))) g_layer_new.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

extern "C" {
void* __libc_malloc(size_t);
void* __libc_calloc(size_t, size_t);
void* __libc_realloc(void*, size_t);
void* malloc(size_t n) {
  count_malloc(__builtin_return_address(0));
  return __libc_malloc(n);
}
void* calloc(size_t n, size_t size) {
  count_malloc(__builtin_return_address(0));
  return __libc_calloc(n, size);
}
void* realloc(void* p, size_t n) {
  count_malloc(__builtin_return_address(0));
  return __libc_realloc(p, n);
}
// Interposes libvulkan's export: the layer's renderer calls this one.
VKAPI_ATTR VkResult VKAPI_CALL vkQueueSubmit(VkQueue queue, uint32_t count, const VkSubmitInfo* submits, VkFence fence) {
  static const auto next = reinterpret_cast<PFN_vkQueueSubmit>(dlsym(RTLD_NEXT, "vkQueueSubmit"));
  g_submits.fetch_add(1, std::memory_order_relaxed);
  return next(queue, count, submits, fence);
}
}

namespace {

// [SECTION] the app

void check(XrResult r, const char* call) {
  if (XR_FAILED(r)) throw std::runtime_error(std::string(call) + ": XrResult " + std::to_string(r));
}
void check_vk(VkResult r, const char* call) {
  if (r != VK_SUCCESS) throw std::runtime_error(std::string(call) + ": VkResult " + std::to_string(r));
}
template <class Pfn>
Pfn proc(XrInstance instance, const char* name) {
  PFN_xrVoidFunction fn = nullptr;
  check(xrGetInstanceProcAddr(instance, name, &fn), name);
  return reinterpret_cast<Pfn>(fn);
}

struct App {
  XrInstance instance = XR_NULL_HANDLE;
  XrSystemId system = XR_NULL_SYSTEM_ID;
  XrExtent2Di view_px{};
  VkInstance vk_instance = VK_NULL_HANDLE;
  VkPhysicalDevice physical = VK_NULL_HANDLE;
  VkDevice device = VK_NULL_HANDLE;
  uint32_t family = 0;
  XrSession session = XR_NULL_HANDLE;
  XrSpace local = XR_NULL_HANDLE;
  XrSwapchain swapchain = XR_NULL_HANDLE;
  XrActionSet set = XR_NULL_HANDLE;
  XrAction click = XR_NULL_HANDLE, value = XR_NULL_HANDLE, aim = XR_NULL_HANDLE;
  XrPath right = XR_NULL_PATH;
  XrSessionState state = XR_SESSION_STATE_UNKNOWN;
  bool running = false, exiting = false;
  uint64_t active_reads = 0;
  // This thread's CPU in the frame's calls: wait+begin, sync+reads, views+swapchain, end.
  int64_t cpu_ns[4] = {};
  uint64_t frames = 0;

  explicit App(const char* layers) {
    setenv("XR_ENABLE_API_LAYERS", layers, 1);  // the loader reads it in xrCreateInstance
    const char* extensions[] = {XR_KHR_VULKAN_ENABLE2_EXTENSION_NAME};
    XrInstanceCreateInfo info{XR_TYPE_INSTANCE_CREATE_INFO};
    std::snprintf(info.applicationInfo.applicationName, XR_MAX_APPLICATION_NAME_SIZE, "tw_bench_layer_frame");
    info.applicationInfo.apiVersion = XR_MAKE_VERSION(1, 0, 0);
    info.enabledExtensionCount = 1;
    info.enabledExtensionNames = extensions;
    check(xrCreateInstance(&info, &instance), "xrCreateInstance");
    XrSystemGetInfo sys{XR_TYPE_SYSTEM_GET_INFO};
    sys.formFactor = XR_FORM_FACTOR_HEAD_MOUNTED_DISPLAY;
    check(xrGetSystem(instance, &sys, &system), "xrGetSystem");
    XrViewConfigurationView views[2] = {{XR_TYPE_VIEW_CONFIGURATION_VIEW}, {XR_TYPE_VIEW_CONFIGURATION_VIEW}};
    uint32_t n = 0;
    check(xrEnumerateViewConfigurationViews(instance, system, XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO, 2, &n, views),
          "xrEnumerateViewConfigurationViews");
    view_px = {static_cast<int32_t>(views[0].recommendedImageRectWidth),
               static_cast<int32_t>(views[0].recommendedImageRectHeight)};
    create_vulkan();
    create_session();
    create_input();
  }
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  ~App() {
    if (session != XR_NULL_HANDLE) {
      if (running) {
        xrRequestExitSession(session);
        for (int k = 0; k < 600 && !exiting; ++k) {
          pump();
          if (running) frame();
          else std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
      }
      xrDestroySwapchain(swapchain);
      xrDestroySpace(local);
      xrDestroySession(session);
    }
    if (device != VK_NULL_HANDLE) vkDestroyDevice(device, nullptr);
    if (vk_instance != VK_NULL_HANDLE) vkDestroyInstance(vk_instance, nullptr);
    if (instance != XR_NULL_HANDLE) xrDestroyInstance(instance);
  }

  void create_vulkan() {
    XrGraphicsRequirementsVulkan2KHR req{XR_TYPE_GRAPHICS_REQUIREMENTS_VULKAN2_KHR};
    check(proc<PFN_xrGetVulkanGraphicsRequirements2KHR>(instance, "xrGetVulkanGraphicsRequirements2KHR")(instance,
                                                                                                         system, &req),
          "xrGetVulkanGraphicsRequirements2KHR");
    VkApplicationInfo app{VK_STRUCTURE_TYPE_APPLICATION_INFO};
    app.pApplicationName = "tw_bench_layer_frame";
    app.apiVersion = VK_API_VERSION_1_1;
    VkInstanceCreateInfo vk_info{VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO};
    vk_info.pApplicationInfo = &app;
    XrVulkanInstanceCreateInfoKHR xr_vk{XR_TYPE_VULKAN_INSTANCE_CREATE_INFO_KHR};
    xr_vk.systemId = system;
    xr_vk.pfnGetInstanceProcAddr = &vkGetInstanceProcAddr;
    xr_vk.vulkanCreateInfo = &vk_info;
    VkResult vr = VK_SUCCESS;
    check(proc<PFN_xrCreateVulkanInstanceKHR>(instance, "xrCreateVulkanInstanceKHR")(instance, &xr_vk, &vk_instance,
                                                                                     &vr),
          "xrCreateVulkanInstanceKHR");
    check_vk(vr, "vkCreateInstance");
    XrVulkanGraphicsDeviceGetInfoKHR dev_get{XR_TYPE_VULKAN_GRAPHICS_DEVICE_GET_INFO_KHR};
    dev_get.systemId = system;
    dev_get.vulkanInstance = vk_instance;
    check(proc<PFN_xrGetVulkanGraphicsDevice2KHR>(instance, "xrGetVulkanGraphicsDevice2KHR")(instance, &dev_get,
                                                                                             &physical),
          "xrGetVulkanGraphicsDevice2KHR");
    uint32_t families = 0;
    vkGetPhysicalDeviceQueueFamilyProperties(physical, &families, nullptr);
    std::vector<VkQueueFamilyProperties> props(families);
    vkGetPhysicalDeviceQueueFamilyProperties(physical, &families, props.data());
    for (family = 0; family < families && !(props[family].queueFlags & VK_QUEUE_GRAPHICS_BIT);) ++family;
    if (family == families) throw std::runtime_error("no graphics queue family");
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
    check(proc<PFN_xrCreateVulkanDeviceKHR>(instance, "xrCreateVulkanDeviceKHR")(instance, &xr_dev, &device, &vr),
          "xrCreateVulkanDeviceKHR");
    check_vk(vr, "vkCreateDevice");
  }

  void create_session() {
    XrGraphicsBindingVulkan2KHR binding{XR_TYPE_GRAPHICS_BINDING_VULKAN2_KHR};
    binding.instance = vk_instance;
    binding.physicalDevice = physical;
    binding.device = device;
    binding.queueFamilyIndex = family;
    XrSessionCreateInfo info{XR_TYPE_SESSION_CREATE_INFO};
    info.next = &binding;
    info.systemId = system;
    check(xrCreateSession(instance, &info, &session), "xrCreateSession");
    XrReferenceSpaceCreateInfo space{XR_TYPE_REFERENCE_SPACE_CREATE_INFO};
    space.referenceSpaceType = XR_REFERENCE_SPACE_TYPE_LOCAL;
    space.poseInReferenceSpace = {{0, 0, 0, 1}, {0, 0, 0}};
    check(xrCreateReferenceSpace(session, &space, &local), "xrCreateReferenceSpace");
    XrSwapchainCreateInfo sc{XR_TYPE_SWAPCHAIN_CREATE_INFO};
    sc.usageFlags = XR_SWAPCHAIN_USAGE_COLOR_ATTACHMENT_BIT;
    sc.format = VK_FORMAT_R8G8B8A8_SRGB;
    sc.sampleCount = 1;
    sc.width = static_cast<uint32_t>(view_px.width * 2);
    sc.height = static_cast<uint32_t>(view_px.height);
    sc.faceCount = sc.arraySize = sc.mipCount = 1;
    check(xrCreateSwapchain(session, &sc, &swapchain), "xrCreateSwapchain");
  }

  XrPath path(const char* s) {
    XrPath p = XR_NULL_PATH;
    check(xrStringToPath(instance, s, &p), "xrStringToPath");
    return p;
  }

  // One set: a click, a value and an aim pose on the right hand (khr/simple_controller).
  void create_input() {
    right = path("/user/hand/right");
    XrActionSetCreateInfo si{XR_TYPE_ACTION_SET_CREATE_INFO};
    std::snprintf(si.actionSetName, sizeof si.actionSetName, "game");
    std::snprintf(si.localizedActionSetName, sizeof si.localizedActionSetName, "game");
    check(xrCreateActionSet(instance, &si, &set), "xrCreateActionSet");
    auto action = [&](const char* name, XrActionType type) {
      XrActionCreateInfo ai{XR_TYPE_ACTION_CREATE_INFO};
      std::snprintf(ai.actionName, sizeof ai.actionName, "%s", name);
      std::snprintf(ai.localizedActionName, sizeof ai.localizedActionName, "%s", name);
      ai.actionType = type;
      ai.countSubactionPaths = 1;
      ai.subactionPaths = &right;
      XrAction a = XR_NULL_HANDLE;
      check(xrCreateAction(set, &ai, &a), "xrCreateAction");
      return a;
    };
    click = action("click", XR_ACTION_TYPE_BOOLEAN_INPUT);
    value = action("value", XR_ACTION_TYPE_FLOAT_INPUT);
    aim = action("aim", XR_ACTION_TYPE_POSE_INPUT);
    const XrActionSuggestedBinding b[] = {{click, path("/user/hand/right/input/select/click")},
                                          {value, path("/user/hand/right/input/select/click")},
                                          {aim, path("/user/hand/right/input/aim/pose")}};
    XrInteractionProfileSuggestedBinding s{XR_TYPE_INTERACTION_PROFILE_SUGGESTED_BINDING};
    s.interactionProfile = path("/interaction_profiles/khr/simple_controller");
    s.countSuggestedBindings = 3;
    s.suggestedBindings = b;
    check(xrSuggestInteractionProfileBindings(instance, &s), "xrSuggestInteractionProfileBindings");
    XrSessionActionSetsAttachInfo attach{XR_TYPE_SESSION_ACTION_SETS_ATTACH_INFO};
    attach.countActionSets = 1;
    attach.actionSets = &set;
    check(xrAttachSessionActionSets(session, &attach), "xrAttachSessionActionSets");
  }

  void pump() {
    for (;;) {
      XrEventDataBuffer event{XR_TYPE_EVENT_DATA_BUFFER};
      const XrResult r = xrPollEvent(instance, &event);
      if (r == XR_EVENT_UNAVAILABLE) return;
      check(r, "xrPollEvent");
      if (event.type != XR_TYPE_EVENT_DATA_SESSION_STATE_CHANGED) continue;
      state = reinterpret_cast<const XrEventDataSessionStateChanged&>(event).state;
      if (state == XR_SESSION_STATE_READY) {
        XrSessionBeginInfo begin{XR_TYPE_SESSION_BEGIN_INFO};
        begin.primaryViewConfigurationType = XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO;
        check(xrBeginSession(session, &begin), "xrBeginSession");
        running = true;
      } else if (state == XR_SESSION_STATE_STOPPING) {
        check(xrEndSession(session), "xrEndSession");
        running = false;
      } else if (state == XR_SESSION_STATE_EXITING || state == XR_SESSION_STATE_LOSS_PENDING) {
        exiting = true;
      }
    }
  }

  // Pumps and runs frames until FOCUSED, then `more` frames.
  void warm_up(int more) {
    for (int k = 0; k < 3000 && state != XR_SESSION_STATE_FOCUSED; ++k) {
      pump();
      if (running) frame();
      else std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (state != XR_SESSION_STATE_FOCUSED) throw std::runtime_error("the session never reached FOCUSED");
    for (int k = 0; k < more; ++k) pump(), frame();
  }

  // One app frame (see the file comment).
  void frame() {
    ++frames;
    int64_t t = thread_cpu_ns();
    auto lap = [&](int k) {
      const int64_t now = thread_cpu_ns();
      cpu_ns[k] += now - t;
      t = now;
    };
    XrFrameState fs{XR_TYPE_FRAME_STATE};
    check(xrWaitFrame(session, nullptr, &fs), "xrWaitFrame");
    check(xrBeginFrame(session, nullptr), "xrBeginFrame");
    lap(0);
    const XrActiveActionSet active{set, XR_NULL_PATH};
    XrActionsSyncInfo sync{XR_TYPE_ACTIONS_SYNC_INFO};
    sync.countActiveActionSets = 1;
    sync.activeActionSets = &active;
    const XrResult synced = xrSyncActions(session, &sync);
    if (synced != XR_SESSION_NOT_FOCUSED) check(synced, "xrSyncActions");
    XrActionStateGetInfo get{XR_TYPE_ACTION_STATE_GET_INFO};
    get.subactionPath = right;
    XrActionStateBoolean b{XR_TYPE_ACTION_STATE_BOOLEAN};
    XrActionStateFloat f{XR_TYPE_ACTION_STATE_FLOAT};
    XrActionStatePose p{XR_TYPE_ACTION_STATE_POSE};
    get.action = click;
    check(xrGetActionStateBoolean(session, &get, &b), "xrGetActionStateBoolean");
    get.action = value;
    check(xrGetActionStateFloat(session, &get, &f), "xrGetActionStateFloat");
    get.action = aim;
    check(xrGetActionStatePose(session, &get, &p), "xrGetActionStatePose");
    active_reads += b.isActive + f.isActive;
    lap(1);
    XrCompositionLayerProjectionView views[2] = {{XR_TYPE_COMPOSITION_LAYER_PROJECTION_VIEW},
                                                 {XR_TYPE_COMPOSITION_LAYER_PROJECTION_VIEW}};
    XrCompositionLayerProjection projection{XR_TYPE_COMPOSITION_LAYER_PROJECTION};
    const XrCompositionLayerBaseHeader* layers[] = {reinterpret_cast<const XrCompositionLayerBaseHeader*>(&projection)};
    XrFrameEndInfo end{XR_TYPE_FRAME_END_INFO};
    end.displayTime = fs.predictedDisplayTime;
    end.environmentBlendMode = XR_ENVIRONMENT_BLEND_MODE_OPAQUE;
    if (fs.shouldRender) {
      XrViewLocateInfo locate{XR_TYPE_VIEW_LOCATE_INFO};
      locate.viewConfigurationType = XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO;
      locate.displayTime = fs.predictedDisplayTime;
      locate.space = local;
      XrViewState vs{XR_TYPE_VIEW_STATE};
      XrView located[2] = {{XR_TYPE_VIEW}, {XR_TYPE_VIEW}};
      uint32_t n = 0;
      check(xrLocateViews(session, &locate, &vs, 2, &n, located), "xrLocateViews");
      uint32_t index = 0;
      XrSwapchainImageAcquireInfo acquire{XR_TYPE_SWAPCHAIN_IMAGE_ACQUIRE_INFO};
      check(xrAcquireSwapchainImage(swapchain, &acquire, &index), "xrAcquireSwapchainImage");
      XrSwapchainImageWaitInfo wait{XR_TYPE_SWAPCHAIN_IMAGE_WAIT_INFO};
      wait.timeout = XR_INFINITE_DURATION;
      check(xrWaitSwapchainImage(swapchain, &wait), "xrWaitSwapchainImage");
      XrSwapchainImageReleaseInfo release{XR_TYPE_SWAPCHAIN_IMAGE_RELEASE_INFO};
      check(xrReleaseSwapchainImage(swapchain, &release), "xrReleaseSwapchainImage");
      for (uint32_t v = 0; v < 2; ++v) {
        views[v].pose = located[v].pose;
        views[v].fov = located[v].fov;
        views[v].subImage.swapchain = swapchain;
        views[v].subImage.imageRect = {{static_cast<int32_t>(v) * view_px.width, 0}, view_px};
      }
      projection.space = local;
      projection.viewCount = 2;
      projection.views = views;
      end.layerCount = 1;
      end.layers = layers;
    }
    lap(2);
    check(xrEndFrame(session, &end), "xrEndFrame");
    lap(3);
  }
};

// [SECTION] the benchmark

// The layer's own thread CPU inside xrEndFrame (the call down the chain
// excluded), from its frame log, over frames (first, last] that showed
// Timewall's layers and rendered nothing: the median and p90, in us.
std::pair<double, double> own_cpu_us(const char* log, uint64_t first, uint64_t last) {
  std::vector<long long> ns;
  if (FILE* f = std::fopen(log, "r")) {
    char line[512];
    while (std::fgets(line, sizeof line, f)) {
      unsigned long long n = 0;
      unsigned app = 0, ours = 0, renders = 0;
      int result = 0;
      long long cpu = 0;
      if (std::sscanf(line, "frame %llu app_layers %u timewall_layers %u renders %u result %d cpu_ns %lld", &n, &app,
                      &ours, &renders, &result, &cpu) == 6 &&
          n > first && n <= last && ours > 0 && renders == 0)
        ns.push_back(cpu);
    }
    std::fclose(f);
  }
  if (ns.empty()) return {-1, -1};
  std::sort(ns.begin(), ns.end());
  return {static_cast<double>(ns[ns.size() / 2]) / 1e3, static_cast<double>(ns[ns.size() * 9 / 10]) / 1e3};
}

// app_views false: TIMEWALL_LAYER_APP_VIEWS=0, the layer locates VIEW itself
// each frame instead of taking the head from this app's xrLocateViews.
void BM_SteadyFrame(benchmark::State& state, const char* layers, const char* frame_log = nullptr,
                    bool app_views = true) {
  try {
    if (app_views) unsetenv("TIMEWALL_LAYER_APP_VIEWS");
    else setenv("TIMEWALL_LAYER_APP_VIEWS", "0", 1);
    if (frame_log) setenv("TIMEWALL_LAYER_FRAME_LOG", frame_log, 1);
    else unsetenv("TIMEWALL_LAYER_FRAME_LOG");
    // A ledger of its own per run, so the ring's minute does not carry over.
    static const std::string ledger = std::getenv("TIMEWALL_LEDGER") ? std::getenv("TIMEWALL_LEDGER") : "";
    static int runs = 0;
    if (!ledger.empty()) setenv("TIMEWALL_LEDGER", (ledger + "." + std::to_string(++runs)).c_str(), 1);
    const uint64_t submits0 = g_submits.load();
    std::unique_ptr<App> owned = std::make_unique<App>(layers);
    App& app = *owned;
    app.warm_up(300);
    const uint64_t setup_submits = g_submits.load() - submits0;
    find_layer_code();
    const uint64_t n0 = g_new.load(), ln0 = g_layer_new.load(), m0 = g_malloc.load(), l0 = g_layer_malloc.load(),
                   s0 = g_submits.load(), f0 = app.frames;
    const uint64_t reads0 = app.active_reads;
    for (int64_t& c : app.cpu_ns) c = 0;
    uint64_t alloc_frames = 0;  // frames in which the layer's code allocated
    for (auto _ : state) {
      const uint64_t a = g_layer_new.load(std::memory_order_relaxed) + g_layer_malloc.load(std::memory_order_relaxed);
      app.frame();
      alloc_frames += g_layer_new.load(std::memory_order_relaxed) + g_layer_malloc.load(std::memory_order_relaxed) != a;
    }
    state.counters["layer_alloc_frames"] = static_cast<double>(alloc_frames);
    const auto frames = static_cast<double>(state.iterations());
    const char* kCalls[] = {"wait_begin_us", "sync_reads_us", "views_us", "end_frame_us"};
    for (int k = 0; k < 4; ++k) state.counters[kCalls[k]] = static_cast<double>(app.cpu_ns[k]) / frames / 1e3;
    state.counters["layer_malloc_per_frame"] = static_cast<double>(g_layer_malloc.load() - l0) / frames;
    state.counters["layer_new_per_frame"] = static_cast<double>(g_layer_new.load() - ln0) / frames;
    state.counters["active_reads_per_frame"] = static_cast<double>(app.active_reads - reads0) / frames;
    state.counters["new_per_frame"] = static_cast<double>(g_new.load() - n0) / frames;
    state.counters["malloc_per_frame"] = static_cast<double>(g_malloc.load() - m0) / frames;
    state.counters["submits_per_frame"] = static_cast<double>(g_submits.load() - s0) / frames;
    state.counters["setup_submits"] = static_cast<double>(setup_submits);
    if (frame_log) {
      const uint64_t f1 = app.frames;
      owned.reset();  // the layer closes its log with the instance
      const auto [median, p90] = own_cpu_us(frame_log, f0, f1);
      state.counters["own_us_median"] = median;
      state.counters["own_us_p90"] = p90;
    }
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
  }
}
// 300 frames each: the compositor paces them, so the wall time is the
// display's; the CPU column is the app thread's own work.
BENCHMARK_CAPTURE(BM_SteadyFrame, none, "")->Iterations(300)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_SteadyFrame, passthrough, "XR_APILAYER_TIMEWALL_bench_frame_counter")
    ->Iterations(300)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_SteadyFrame, timewall, "XR_APILAYER_TIMEWALL_overlay")->Iterations(300)->Unit(benchmark::kMicrosecond);
// The same with the layer's frame log on, for its own CPU inside xrEndFrame
// (the log's writing adds to this run's CPU column, so it is not compared).
BENCHMARK_CAPTURE(BM_SteadyFrame, timewall_frame_log, "XR_APILAYER_TIMEWALL_overlay", "/tmp/tw_layer_frame_bench.log")
    ->Iterations(300)
    ->Unit(benchmark::kMicrosecond);
// The head located by the layer each frame (before the app's views were used).
BENCHMARK_CAPTURE(BM_SteadyFrame, timewall_locate_head, "XR_APILAYER_TIMEWALL_overlay", nullptr, false)
    ->Iterations(300)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_SteadyFrame, timewall_locate_head_frame_log, "XR_APILAYER_TIMEWALL_overlay",
                  "/tmp/tw_layer_frame_bench.log", false)
    ->Iterations(300)
    ->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
