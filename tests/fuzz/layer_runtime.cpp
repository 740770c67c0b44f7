#include "layer_runtime.hpp"

#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <set>
#include <vector>

#include "render/offscreen_image.hpp"

namespace tw::fuzz {

namespace {

[[noreturn]] void violation(const char* fmt, ...) {
  std::va_list args;
  va_start(args, fmt);
  std::fputs("tw_fuzz_layer: the layer passed down a bad call: ", stderr);
  std::vfprintf(stderr, fmt, args);
  std::fputc('\n', stderr);
  va_end(args);
  std::abort();
}

template <class Handle>
Handle make_handle(uint64_t& counter) {
  return reinterpret_cast<Handle>(static_cast<uintptr_t>(++counter * 0x10));
}

struct Swapchain {
  XrSession session = XR_NULL_HANDLE;
  std::vector<OffscreenImage> images;
  uint32_t next = 0;
  bool acquired = false;
};

struct Session {
  uint32_t max_layers = 0;
  std::set<XrSwapchain> swapchains;
  std::set<XrSpace> spaces;
};

struct State {
  VkPhysicalDevice physical = VK_NULL_HANDLE;
  VkDevice device = VK_NULL_HANDLE;
  uint64_t handles = 0;
  XrInstance instance = XR_NULL_HANDLE;
  std::map<XrSession, Session> sessions;
  std::map<XrSwapchain, Swapchain> swapchains;
  std::map<XrSpace, XrSession> spaces;
};

// Never destroyed: the layer's sessions still alive at exit are torn down by
// its own static destructors, which call into this runtime.
State& state() {
  static State* s = new State;
  return *s;
}

bool is_layer_type(XrStructureType t) {
  return t == XR_TYPE_COMPOSITION_LAYER_PROJECTION || t == XR_TYPE_COMPOSITION_LAYER_QUAD ||
         t == XR_TYPE_COMPOSITION_LAYER_CUBE_KHR || t == XR_TYPE_COMPOSITION_LAYER_CYLINDER_KHR ||
         t == XR_TYPE_COMPOSITION_LAYER_EQUIRECT_KHR;
}

}  // namespace

// The runtime's functions; a struct so they may touch LayerRuntime's privates.
struct RuntimeCalls {
  static XrResult XRAPI_CALL DestroyInstance(XrInstance instance) {
    State& st = state();
    if (instance != st.instance) return XR_ERROR_HANDLE_INVALID;
    // The layer must have destroyed its own objects, and its sessions' ones,
    // before the instance: only the app's sessions may remain.
    for (auto& [h, s] : st.sessions)
      if (!s.swapchains.empty() || !s.spaces.empty())
        violation("xrDestroyInstance with the layer's swapchains or spaces still alive");
    st.sessions.clear();
    st.instance = XR_NULL_HANDLE;
    LayerRuntime::get().events_.clear();
    return XR_SUCCESS;
  }

  static XrResult XRAPI_CALL CreateSession(XrInstance instance, const XrSessionCreateInfo* info, XrSession* session) {
    State& st = state();
    if (instance != st.instance) return XR_ERROR_HANDLE_INVALID;
    if (info == nullptr || session == nullptr || info->type != XR_TYPE_SESSION_CREATE_INFO)
      return XR_ERROR_VALIDATION_FAILURE;
    *session = make_handle<XrSession>(st.handles);
    st.sessions[*session].max_layers = LayerRuntime::get().next_max_layers;
    return XR_SUCCESS;
  }

  static XrResult XRAPI_CALL DestroySession(XrSession session) {
    State& st = state();
    auto it = st.sessions.find(session);
    if (it == st.sessions.end()) return XR_ERROR_HANDLE_INVALID;
    if (!it->second.swapchains.empty() || !it->second.spaces.empty())
      violation("xrDestroySession with %zu of the layer's swapchains and %zu spaces still alive",
                it->second.swapchains.size(), it->second.spaces.size());
    st.sessions.erase(it);
    return XR_SUCCESS;
  }

  static bool app_call(XrSession session) {
    ++LayerRuntime::get().app_calls;
    return state().sessions.count(session) != 0;
  }

  static XrResult XRAPI_CALL BeginSession(XrSession session, const XrSessionBeginInfo*) {
    return app_call(session) ? XR_SUCCESS : XR_ERROR_HANDLE_INVALID;
  }
  static XrResult XRAPI_CALL EndSession(XrSession session) {
    return app_call(session) ? XR_SUCCESS : XR_ERROR_HANDLE_INVALID;
  }
  static XrResult XRAPI_CALL RequestExitSession(XrSession session) {
    return app_call(session) ? LayerRuntime::get().exit_result : XR_ERROR_HANDLE_INVALID;
  }

  // Every action state reads what the harness put in action_answer.
  template <class State>
  static XrResult action_state(XrSession session, State* out) {
    if (!app_call(session)) return XR_ERROR_HANDLE_INVALID;
    LayerRuntime::get().last_action_state = out;
    if (out == nullptr) return XR_ERROR_VALIDATION_FAILURE;
    const ActionAnswer& a = LayerRuntime::get().action_answer;
    if (XR_FAILED(a.result)) return a.result;
    out->isActive = a.active;
    out->changedSinceLastSync = a.changed;
    out->lastChangeTime = a.changed ? 1'000'000'000 : 0;
    return a.result;
  }
  static XrResult XRAPI_CALL GetActionStateBoolean(XrSession session, const XrActionStateGetInfo*,
                                                   XrActionStateBoolean* out) {
    const XrResult r = action_state(session, out);
    if (r == XR_SUCCESS) out->currentState = LayerRuntime::get().action_answer.value > 0.5f ? XR_TRUE : XR_FALSE;
    return r;
  }
  static XrResult XRAPI_CALL GetActionStateFloat(XrSession session, const XrActionStateGetInfo*,
                                                 XrActionStateFloat* out) {
    const XrResult r = action_state(session, out);
    if (r == XR_SUCCESS) out->currentState = LayerRuntime::get().action_answer.value;
    return r;
  }
  static XrResult XRAPI_CALL GetActionStateVector2f(XrSession session, const XrActionStateGetInfo*,
                                                    XrActionStateVector2f* out) {
    const XrResult r = action_state(session, out);
    if (r == XR_SUCCESS) out->currentState = {LayerRuntime::get().action_answer.value, -1.f};
    return r;
  }

  static XrResult XRAPI_CALL PollEvent(XrInstance instance, XrEventDataBuffer* event) {
    ++LayerRuntime::get().app_calls;
    if (instance != state().instance) return XR_ERROR_HANDLE_INVALID;
    if (event == nullptr) return XR_ERROR_VALIDATION_FAILURE;
    auto& events = LayerRuntime::get().events_;
    if (events.empty()) return XR_EVENT_UNAVAILABLE;
    *event = events.front();
    events.pop_front();
    return XR_SUCCESS;
  }

  static XrResult XRAPI_CALL WaitFrame(XrSession session, const XrFrameWaitInfo*, XrFrameState* frame) {
    if (!app_call(session)) return XR_ERROR_HANDLE_INVALID;
    if (frame == nullptr) return XR_ERROR_VALIDATION_FAILURE;
    frame->predictedDisplayTime = 1'000'000'000;
    frame->predictedDisplayPeriod = 11'111'111;
    frame->shouldRender = XR_TRUE;
    return XR_SUCCESS;
  }

  static XrResult XRAPI_CALL EndFrame(XrSession session, const XrFrameEndInfo* got) {
    LayerRuntime& rt = LayerRuntime::get();
    State& st = state();
    EndFrameSeen& seen = rt.seen_;
    ++seen.calls;
    auto answer = [&seen](XrResult r) {
      if (seen.calls == 1) seen.first_result = r;
      return seen.last_result = r;
    };
    const XrFrameEndInfo* app = rt.app_frame_;
    auto it = st.sessions.find(session);
    if (it == st.sessions.end()) return answer(XR_ERROR_HANDLE_INVALID);
    const Session& s = it->second;
    if (app == nullptr || got == nullptr) {
      if (app != got) violation("the app submitted %s frame, the layer passed down %s", app ? "a" : "no",
                                got ? "one" : "none");
      return answer(XR_ERROR_VALIDATION_FAILURE);
    }
    if (got->type != app->type || got->next != app->next || got->displayTime != app->displayTime ||
        got->environmentBlendMode != app->environmentBlendMode)
      violation("the frame's type, next chain, display time or blend mode changed");
    if (got->layerCount < app->layerCount) violation("%u app layers became %u", app->layerCount, got->layerCount);
    const uint32_t added = got->layerCount - app->layerCount;
    if (added == 0 && got != app) violation("a frame without Timewall's layers is not the app's own XrFrameEndInfo");
    if (app->layerCount > 0 && app->layers != nullptr) {
      for (uint32_t i = 0; i < app->layerCount; ++i)
        if (got->layers[i] != app->layers[i]) violation("app layer %u of %u changed or moved", i, app->layerCount);
    } else if (app->layerCount > 0 && got->layers != nullptr && added > 0) {
      violation("the layer appended to an app frame whose layer array is null");
    }
    if (added > 0) {
      if (got->layerCount > s.max_layers)
        violation("%u layers passed down, maxLayerCount is %u (app's: %u)", got->layerCount, s.max_layers,
                  app->layerCount);
      for (uint32_t i = app->layerCount; i < got->layerCount; ++i) {
        const auto* l = got->layers[i];
        if (l == nullptr || l->type != XR_TYPE_COMPOSITION_LAYER_QUAD) violation("added layer %u is not a quad", i);
        const auto* q = reinterpret_cast<const XrCompositionLayerQuad*>(l);
        if (!s.swapchains.count(q->subImage.swapchain))
          violation("added quad %u uses a swapchain not of this session", i);
        if (!s.spaces.count(q->space)) violation("added quad %u uses a space not of this session", i);
        if (q->next != nullptr) violation("added quad %u has a next chain", i);
        if (st.swapchains.at(q->subImage.swapchain).acquired) violation("added quad %u's image is still acquired", i);
      }
    }
    if (seen.calls == 1) seen.first_added = added;

    // What a runtime refuses.
    XrResult r = XR_SUCCESS;
    if (got->layerCount > s.max_layers) r = XR_ERROR_LAYER_LIMIT_EXCEEDED;
    else if (got->displayTime <= 0) r = XR_ERROR_TIME_INVALID;
    else if (got->layerCount > 0 && got->layers == nullptr) r = XR_ERROR_VALIDATION_FAILURE;
    else
      for (uint32_t i = 0; i < got->layerCount && r == XR_SUCCESS; ++i)
        if (got->layers[i] == nullptr || !is_layer_type(got->layers[i]->type)) r = XR_ERROR_LAYER_INVALID;
    return answer(r);
  }

  static XrResult XRAPI_CALL GetSystemProperties(XrInstance instance, XrSystemId, XrSystemProperties* props) {
    if (instance != state().instance) return XR_ERROR_HANDLE_INVALID;
    if (props == nullptr || props->type != XR_TYPE_SYSTEM_PROPERTIES) return XR_ERROR_VALIDATION_FAILURE;
    props->graphicsProperties.maxLayerCount = LayerRuntime::get().next_max_layers;
    props->graphicsProperties.maxSwapchainImageWidth = 4096;
    props->graphicsProperties.maxSwapchainImageHeight = 4096;
    return XR_SUCCESS;
  }

  static XrResult XRAPI_CALL EnumerateSwapchainFormats(XrSession session, uint32_t capacity, uint32_t* count,
                                                       int64_t* formats) {
    if (!state().sessions.count(session)) return XR_ERROR_HANDLE_INVALID;
    if (count == nullptr) return XR_ERROR_VALIDATION_FAILURE;
    const int64_t offered[] = {VK_FORMAT_B8G8R8A8_SRGB, VK_FORMAT_R8G8B8A8_SRGB};
    *count = 2;
    if (capacity == 0) return XR_SUCCESS;
    if (capacity < 2 || formats == nullptr) return XR_ERROR_SIZE_INSUFFICIENT;
    std::memcpy(formats, offered, sizeof offered);
    return XR_SUCCESS;
  }

  static XrResult XRAPI_CALL CreateSwapchain(XrSession session, const XrSwapchainCreateInfo* info,
                                             XrSwapchain* swapchain) {
    State& st = state();
    auto it = st.sessions.find(session);
    if (it == st.sessions.end()) return XR_ERROR_HANDLE_INVALID;
    if (info == nullptr || swapchain == nullptr || info->format != VK_FORMAT_R8G8B8A8_SRGB || info->width == 0 ||
        info->height == 0 || info->width > 4096 || info->height > 4096)
      return XR_ERROR_VALIDATION_FAILURE;
    Swapchain sc;
    sc.session = session;
    for (int i = 0; i < 3; ++i) {
      auto image = OffscreenImage::create(st.physical, st.device, info->width, info->height);
      if (!image) return XR_ERROR_RUNTIME_FAILURE;
      sc.images.push_back(std::move(image.value()));
    }
    *swapchain = make_handle<XrSwapchain>(st.handles);
    st.swapchains.emplace(*swapchain, std::move(sc));
    it->second.swapchains.insert(*swapchain);
    return XR_SUCCESS;
  }

  static XrResult XRAPI_CALL DestroySwapchain(XrSwapchain swapchain) {
    State& st = state();
    auto it = st.swapchains.find(swapchain);
    if (it == st.swapchains.end()) return XR_ERROR_HANDLE_INVALID;
    st.sessions.at(it->second.session).swapchains.erase(swapchain);
    st.swapchains.erase(it);
    return XR_SUCCESS;
  }

  static XrResult XRAPI_CALL EnumerateSwapchainImages(XrSwapchain swapchain, uint32_t capacity, uint32_t* count,
                                                      XrSwapchainImageBaseHeader* images) {
    auto it = state().swapchains.find(swapchain);
    if (it == state().swapchains.end()) return XR_ERROR_HANDLE_INVALID;
    if (count == nullptr) return XR_ERROR_VALIDATION_FAILURE;
    const auto n = static_cast<uint32_t>(it->second.images.size());
    *count = n;
    if (capacity == 0) return XR_SUCCESS;
    if (capacity < n || images == nullptr) return XR_ERROR_SIZE_INSUFFICIENT;
    auto* vk = reinterpret_cast<XrSwapchainImageVulkanKHR*>(images);
    for (uint32_t i = 0; i < n; ++i) {
      if (vk[i].type != XR_TYPE_SWAPCHAIN_IMAGE_VULKAN_KHR) return XR_ERROR_VALIDATION_FAILURE;
      vk[i].image = it->second.images[i].image();
    }
    return XR_SUCCESS;
  }

  static XrResult XRAPI_CALL AcquireSwapchainImage(XrSwapchain swapchain, const XrSwapchainImageAcquireInfo*,
                                                   uint32_t* index) {
    auto it = state().swapchains.find(swapchain);
    if (it == state().swapchains.end()) return XR_ERROR_HANDLE_INVALID;
    Swapchain& sc = it->second;
    if (index == nullptr) return XR_ERROR_VALIDATION_FAILURE;
    if (sc.acquired) return XR_ERROR_CALL_ORDER_INVALID;
    sc.acquired = true;
    *index = sc.next;
    sc.next = (sc.next + 1) % static_cast<uint32_t>(sc.images.size());
    return XR_SUCCESS;
  }

  static XrResult XRAPI_CALL WaitSwapchainImage(XrSwapchain swapchain, const XrSwapchainImageWaitInfo*) {
    auto it = state().swapchains.find(swapchain);
    if (it == state().swapchains.end()) return XR_ERROR_HANDLE_INVALID;
    return it->second.acquired ? XR_SUCCESS : XR_ERROR_CALL_ORDER_INVALID;
  }

  static XrResult XRAPI_CALL ReleaseSwapchainImage(XrSwapchain swapchain, const XrSwapchainImageReleaseInfo*) {
    auto it = state().swapchains.find(swapchain);
    if (it == state().swapchains.end()) return XR_ERROR_HANDLE_INVALID;
    if (!it->second.acquired) return XR_ERROR_CALL_ORDER_INVALID;
    it->second.acquired = false;
    return XR_SUCCESS;
  }

  static XrResult XRAPI_CALL CreateReferenceSpace(XrSession session, const XrReferenceSpaceCreateInfo* info,
                                                  XrSpace* space) {
    State& st = state();
    auto it = st.sessions.find(session);
    if (it == st.sessions.end()) return XR_ERROR_HANDLE_INVALID;
    if (info == nullptr || space == nullptr) return XR_ERROR_VALIDATION_FAILURE;
    *space = make_handle<XrSpace>(st.handles);
    st.spaces[*space] = session;
    it->second.spaces.insert(*space);
    return XR_SUCCESS;
  }

  static XrResult XRAPI_CALL DestroySpace(XrSpace space) {
    State& st = state();
    auto it = st.spaces.find(space);
    if (it == st.spaces.end()) return XR_ERROR_HANDLE_INVALID;
    st.sessions.at(it->second).spaces.erase(space);
    st.spaces.erase(it);
    return XR_SUCCESS;
  }

  static XrResult XRAPI_CALL LocateSpace(XrSpace space, XrSpace base, XrTime, XrSpaceLocation* location) {
    if (!state().spaces.count(space) || !state().spaces.count(base)) return XR_ERROR_HANDLE_INVALID;
    if (location == nullptr) return XR_ERROR_VALIDATION_FAILURE;
    location->locationFlags = XR_SPACE_LOCATION_POSITION_VALID_BIT | XR_SPACE_LOCATION_ORIENTATION_VALID_BIT;
    location->pose = {{0, 0, 0, 1}, {0, 1.6f, 0}};
    return XR_SUCCESS;
  }

  static XrResult XRAPI_CALL LocateViews(XrSession session, const XrViewLocateInfo* info, XrViewState* view_state,
                                         uint32_t capacity, uint32_t* count, XrView* views) {
    if (!state().sessions.count(session)) return XR_ERROR_HANDLE_INVALID;
    if (info == nullptr || view_state == nullptr || count == nullptr) return XR_ERROR_VALIDATION_FAILURE;
    *count = 2;
    if (capacity == 0) return XR_SUCCESS;
    if (capacity < 2 || views == nullptr) return XR_ERROR_SIZE_INSUFFICIENT;
    view_state->viewStateFlags = XR_VIEW_STATE_POSITION_VALID_BIT | XR_VIEW_STATE_ORIENTATION_VALID_BIT;
    for (uint32_t v = 0; v < 2; ++v) {
      views[v].pose = {{0, 0, 0, 1}, {v == 0 ? -0.032f : 0.032f, 0, 0}};
      views[v].fov = {-0.8f, 0.8f, 0.7f, -0.7f};
    }
    return XR_SUCCESS;
  }

  static XrResult XRAPI_CALL ResultToString(XrInstance, XrResult r, char buffer[XR_MAX_RESULT_STRING_SIZE]) {
    std::snprintf(buffer, XR_MAX_RESULT_STRING_SIZE, "XR_RESULT_%d", static_cast<int>(r));
    return XR_SUCCESS;
  }
};

void LayerRuntime::init(VkPhysicalDevice physical, VkDevice device) {
  state().physical = physical;
  state().device = device;
}

LayerRuntime& LayerRuntime::get() {
  static LayerRuntime* rt = new LayerRuntime;  // as state(): outlives the layer
  return *rt;
}

XrResult LayerRuntime::create_api_layer_instance(const XrInstanceCreateInfo* info, const XrApiLayerCreateInfo*,
                                                 XrInstance* instance) {
  State& st = state();
  if (info == nullptr || instance == nullptr) return XR_ERROR_VALIDATION_FAILURE;
  if (st.instance != XR_NULL_HANDLE) return XR_ERROR_LIMIT_REACHED;  // one at a time
  st.instance = make_handle<XrInstance>(st.handles);
  *instance = st.instance;
  return XR_SUCCESS;
}

XrResult LayerRuntime::get_instance_proc_addr(XrInstance, const char* name, PFN_xrVoidFunction* function) {
  if (name == nullptr || function == nullptr) return XR_ERROR_VALIDATION_FAILURE;
  struct Entry {
    const char* name;
    PFN_xrVoidFunction fn;
  };
#define TW_RT(n) {"xr" #n, reinterpret_cast<PFN_xrVoidFunction>(&RuntimeCalls::n)}
  static const Entry kTable[] = {
      TW_RT(DestroyInstance),    TW_RT(CreateSession),       TW_RT(DestroySession),
      TW_RT(BeginSession),       TW_RT(EndSession),          TW_RT(PollEvent),
      TW_RT(WaitFrame),          TW_RT(EndFrame),            TW_RT(GetSystemProperties),
      TW_RT(EnumerateSwapchainFormats), TW_RT(CreateSwapchain), TW_RT(DestroySwapchain),
      TW_RT(EnumerateSwapchainImages), TW_RT(AcquireSwapchainImage), TW_RT(WaitSwapchainImage),
      TW_RT(ReleaseSwapchainImage), TW_RT(CreateReferenceSpace), TW_RT(DestroySpace),
      TW_RT(LocateSpace),        TW_RT(LocateViews),         TW_RT(ResultToString),
      TW_RT(RequestExitSession), TW_RT(GetActionStateBoolean), TW_RT(GetActionStateFloat),
      TW_RT(GetActionStateVector2f),
  };
#undef TW_RT
  for (const Entry& e : kTable)
    if (std::strcmp(name, e.name) == 0) {
      *function = e.fn;
      return XR_SUCCESS;
    }
  *function = nullptr;
  return XR_ERROR_FUNCTION_UNSUPPORTED;
}

void LayerRuntime::expect_frame(const XrFrameEndInfo* app_frame) {
  app_frame_ = app_frame;
  seen_ = {};
}

void LayerRuntime::queue_state(XrSession session, XrSessionState s) {
  XrEventDataBuffer buffer{};
  auto* e = reinterpret_cast<XrEventDataSessionStateChanged*>(&buffer);
  *e = {XR_TYPE_EVENT_DATA_SESSION_STATE_CHANGED};
  e->session = session;
  e->state = s;
  e->time = 1;
  events_.push_back(buffer);
}

void LayerRuntime::queue_event(const XrEventDataBuffer& event) { events_.push_back(event); }

size_t LayerRuntime::live_sessions() const { return state().sessions.size(); }
size_t LayerRuntime::live_swapchains() const { return state().swapchains.size(); }
size_t LayerRuntime::live_spaces() const { return state().spaces.size(); }

}  // namespace tw::fuzz
