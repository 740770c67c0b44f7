#include "layer_runtime.hpp"

#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <set>
#include <string>
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
  std::set<XrActionSet> attached;  // empty: not attached yet
};

constexpr const char* kTimewallSet = "xr_apilayer_timewall_overlay";
// The profiles this runtime takes suggestions for.
constexpr const char* kProfiles[] = {
    "/interaction_profiles/khr/simple_controller", "/interaction_profiles/oculus/touch_controller",
    "/interaction_profiles/valve/index_controller", "/interaction_profiles/htc/vive_controller",
    "/interaction_profiles/microsoft/motion_controller"};

struct State {
  VkPhysicalDevice physical = VK_NULL_HANDLE;
  VkDevice device = VK_NULL_HANDLE;
  uint64_t handles = 0;
  XrInstance instance = XR_NULL_HANDLE;
  std::map<XrSession, Session> sessions;
  std::map<XrSwapchain, Swapchain> swapchains;
  std::map<XrSpace, XrSession> spaces;
  std::set<XrSpace> action_spaces;
  std::map<std::string, XrPath> paths;
  std::map<XrPath, std::string> path_names;
  std::map<XrActionSet, bool> sets;  // true: Timewall's own
  std::map<XrAction, XrActionSet> actions;
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
    st.sets.clear();
    st.actions.clear();
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

  // Input calls. What the layer passes down is the app's call (as given), the
  // app's entries followed by Timewall's own (merged), or Timewall's alone.
  enum class Kind { app, merged, own };
  static bool own_set(XrActionSet set) {
    auto it = state().sets.find(set);
    return it != state().sets.end() && it->second;
  }
  static bool own_action(XrAction a) {
    auto it = state().actions.find(a);
    return it != state().actions.end() && own_set(it->second);
  }
  template <class Entry, class IsOwn>
  static Kind classify(const char* call, const void* got, const Entry* got_entries, uint32_t got_count,
                       const Entry* app_entries, uint32_t app_count, bool same_header, IsOwn is_own) {
    LayerRuntime& rt = LayerRuntime::get();
    if (got == rt.app_input_) return Kind::app;
    uint32_t mine = 0;
    if (app_entries != nullptr && app_count > 0 && same_header && got_count > app_count) {
      for (; mine < app_count; ++mine)
        if (std::memcmp(&got_entries[mine], &app_entries[mine], sizeof(Entry)) != 0) break;
    }
    const Kind kind = mine == app_count && app_entries != nullptr && app_count > 0 && same_header && got_count > app_count
                          ? Kind::merged
                          : Kind::own;
    const uint32_t from = kind == Kind::merged ? app_count : 0;
    if (got_count == from || got_entries == nullptr) violation("%s: an empty or null call that is not the app's", call);
    for (uint32_t i = from; i < got_count; ++i)
      if (!is_own(got_entries[i])) violation("%s: entry %u is neither the app's nor Timewall's own", call, i);
    return kind;
  }
  static XrResult seen(Kind kind, XrResult r) {
    InputSeen& s = LayerRuntime::get().input_seen_;
    if (kind == Kind::own) {
      ++s.own_calls;
    } else {
      ++s.calls;
      s.last_merged = kind == Kind::merged;
      s.last_result = r;
    }
    return r;
  }

  static XrResult XRAPI_CALL StringToPath(XrInstance instance, const char* text, XrPath* out) {
    State& st = state();
    if (instance != st.instance) return XR_ERROR_HANDLE_INVALID;
    if (text == nullptr || out == nullptr) return XR_ERROR_VALIDATION_FAILURE;
    if (text[0] != '/') return XR_ERROR_PATH_FORMAT_INVALID;
    auto [it, fresh] = st.paths.emplace(text, st.paths.size() + 1);
    st.path_names[it->second] = text;
    *out = it->second;
    return XR_SUCCESS;
  }

  static XrResult XRAPI_CALL CreateActionSet(XrInstance instance, const XrActionSetCreateInfo* info,
                                             XrActionSet* out) {
    State& st = state();
    if (instance != st.instance) return XR_ERROR_HANDLE_INVALID;
    if (info == nullptr || out == nullptr || info->type != XR_TYPE_ACTION_SET_CREATE_INFO)
      return XR_ERROR_VALIDATION_FAILURE;
    *out = make_handle<XrActionSet>(st.handles);
    st.sets[*out] = std::strcmp(info->actionSetName, kTimewallSet) == 0;
    return XR_SUCCESS;
  }

  static XrResult XRAPI_CALL DestroyActionSet(XrActionSet set) {
    return state().sets.erase(set) ? XR_SUCCESS : XR_ERROR_HANDLE_INVALID;
  }

  static XrResult XRAPI_CALL CreateAction(XrActionSet set, const XrActionCreateInfo* info, XrAction* out) {
    State& st = state();
    if (!st.sets.count(set)) return XR_ERROR_HANDLE_INVALID;
    if (info == nullptr || out == nullptr || info->type != XR_TYPE_ACTION_CREATE_INFO) return XR_ERROR_VALIDATION_FAILURE;
    *out = make_handle<XrAction>(st.handles);
    st.actions[*out] = set;
    return XR_SUCCESS;
  }

  static XrResult XRAPI_CALL SuggestInteractionProfileBindings(XrInstance instance,
                                                               const XrInteractionProfileSuggestedBinding* b) {
    State& st = state();
    LayerRuntime& rt = LayerRuntime::get();
    const auto* app = rt.app_call_ == InputCall::suggest
                          ? static_cast<const XrInteractionProfileSuggestedBinding*>(rt.app_input_) : nullptr;
    const bool app_ok = app != nullptr && b != nullptr && app->interactionProfile == b->interactionProfile;
    const Kind kind = b == nullptr ? (b == rt.app_input_ ? Kind::app : (violation("suggest: a null call not the app's"), Kind::own))
                                   : classify("xrSuggestInteractionProfileBindings", b, b->suggestedBindings,
                                              b->countSuggestedBindings, app_ok ? app->suggestedBindings : nullptr,
                                              app_ok ? app->countSuggestedBindings : 0, app_ok,
                                              [](const XrActionSuggestedBinding& e) { return own_action(e.action); });
    if (instance != st.instance) return seen(kind, XR_ERROR_HANDLE_INVALID);
    if (b == nullptr || b->type != XR_TYPE_INTERACTION_PROFILE_SUGGESTED_BINDING ||
        (b->countSuggestedBindings > 0 && b->suggestedBindings == nullptr) || b->countSuggestedBindings == 0)
      return seen(kind, XR_ERROR_VALIDATION_FAILURE);
    for (const auto& [h, s] : st.sessions)
      if (!s.attached.empty()) return seen(kind, XR_ERROR_ACTIONSETS_ALREADY_ATTACHED);
    auto name = st.path_names.find(b->interactionProfile);
    bool known = false;
    for (const char* p : kProfiles) known = known || (name != st.path_names.end() && name->second == p);
    if (!known) return seen(kind, XR_ERROR_PATH_UNSUPPORTED);
    for (uint32_t i = 0; i < b->countSuggestedBindings; ++i) {
      const XrActionSuggestedBinding& e = b->suggestedBindings[i];
      if (!st.actions.count(e.action)) return seen(kind, XR_ERROR_HANDLE_INVALID);
      auto path = st.path_names.find(e.binding);
      if (path == st.path_names.end() || path->second.rfind("/user/hand/", 0) != 0)
        return seen(kind, XR_ERROR_PATH_UNSUPPORTED);
      if (rt.refuse_timewall_bindings && own_action(e.action)) return seen(kind, XR_ERROR_PATH_UNSUPPORTED);
    }
    return seen(kind, XR_SUCCESS);
  }

  static XrResult XRAPI_CALL AttachSessionActionSets(XrSession session, const XrSessionActionSetsAttachInfo* info) {
    State& st = state();
    LayerRuntime& rt = LayerRuntime::get();
    const auto* app = rt.app_call_ == InputCall::attach
                          ? static_cast<const XrSessionActionSetsAttachInfo*>(rt.app_input_) : nullptr;
    const Kind kind = info == nullptr ? (info == rt.app_input_ ? Kind::app : (violation("attach: a null call not the app's"), Kind::own))
                                      : classify("xrAttachSessionActionSets", info, info->actionSets,
                                                 info->countActionSets, app ? app->actionSets : nullptr,
                                                 app ? app->countActionSets : 0, app != nullptr, own_set);
    if (kind == Kind::own) violation("xrAttachSessionActionSets with Timewall's set alone: the app's attach would fail");
    auto it = st.sessions.find(session);
    if (it == st.sessions.end()) return seen(kind, XR_ERROR_HANDLE_INVALID);
    if (info == nullptr || info->type != XR_TYPE_SESSION_ACTION_SETS_ATTACH_INFO || info->countActionSets == 0 ||
        info->actionSets == nullptr)
      return seen(kind, XR_ERROR_VALIDATION_FAILURE);
    if (!it->second.attached.empty()) return seen(kind, XR_ERROR_ACTIONSETS_ALREADY_ATTACHED);
    for (uint32_t i = 0; i < info->countActionSets; ++i)
      if (!st.sets.count(info->actionSets[i])) return seen(kind, XR_ERROR_HANDLE_INVALID);
    it->second.attached.insert(info->actionSets, info->actionSets + info->countActionSets);
    return seen(kind, XR_SUCCESS);
  }

  static XrResult XRAPI_CALL SyncActions(XrSession session, const XrActionsSyncInfo* info) {
    State& st = state();
    LayerRuntime& rt = LayerRuntime::get();
    const auto* app = rt.app_call_ == InputCall::sync ? static_cast<const XrActionsSyncInfo*>(rt.app_input_) : nullptr;
    const bool app_ok = app != nullptr && app->activeActionSets != nullptr;
    const Kind kind = info == nullptr ? (info == rt.app_input_ ? Kind::app : (violation("sync: a null call not the app's"), Kind::own))
                                      : classify("xrSyncActions", info, info->activeActionSets,
                                                 info->countActiveActionSets, app_ok ? app->activeActionSets : nullptr,
                                                 app_ok ? app->countActiveActionSets : 0, app_ok,
                                                 [](const XrActiveActionSet& e) { return own_set(e.actionSet); });
    auto it = st.sessions.find(session);
    if (it == st.sessions.end()) return seen(kind, XR_ERROR_HANDLE_INVALID);
    if (info == nullptr || info->type != XR_TYPE_ACTIONS_SYNC_INFO) return seen(kind, XR_ERROR_VALIDATION_FAILURE);
    if (info->countActiveActionSets == 0) return seen(kind, XR_SUCCESS);  // as Monado: before any check
    if (info->activeActionSets == nullptr) return seen(kind, XR_ERROR_VALIDATION_FAILURE);
    for (uint32_t i = 0; i < info->countActiveActionSets; ++i)
      if (!it->second.attached.count(info->activeActionSets[i].actionSet))
        return seen(kind, XR_ERROR_ACTIONSET_NOT_ATTACHED);
    return seen(kind, rt.sync_result);
  }

  static XrResult XRAPI_CALL CreateActionSpace(XrSession session, const XrActionSpaceCreateInfo* info,
                                               XrSpace* space) {
    State& st = state();
    auto it = st.sessions.find(session);
    if (it == st.sessions.end()) return XR_ERROR_HANDLE_INVALID;
    if (info == nullptr || space == nullptr || !st.actions.count(info->action)) return XR_ERROR_VALIDATION_FAILURE;
    *space = make_handle<XrSpace>(st.handles);
    st.spaces[*space] = session;
    st.action_spaces.insert(*space);
    it->second.spaces.insert(*space);
    return XR_SUCCESS;
  }

  static XrResult XRAPI_CALL ApplyHapticFeedback(XrSession session, const XrHapticActionInfo*,
                                                 const XrHapticBaseHeader*) {
    return app_call(session) ? XR_SUCCESS : XR_ERROR_HANDLE_INVALID;
  }

  static XrResult XRAPI_CALL GetCurrentInteractionProfile(XrSession session, XrPath,
                                                          XrInteractionProfileState* out) {
    if (!app_call(session)) return XR_ERROR_HANDLE_INVALID;
    if (out == nullptr) return XR_ERROR_VALIDATION_FAILURE;
    out->interactionProfile = LayerRuntime::get().current_profile;
    return XR_SUCCESS;
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
    // A block: none of the app's layers (a well-formed frame of them), only Timewall's.
    const bool blocked = app->layerCount > 0 && app->layers != nullptr &&
                         (got->layerCount == 0 || got->layers == nullptr || got->layers[0] != app->layers[0]);
    if (blocked && !rt.allow_block) violation("the app's %u layers were held back with no block allowed", app->layerCount);
    const uint32_t app_count = blocked ? 0 : app->layerCount;
    if (got->layerCount < app_count) violation("%u app layers became %u", app->layerCount, got->layerCount);
    const uint32_t added = got->layerCount - app_count;
    if (added == 0 && got != app && !blocked)
      violation("a frame without Timewall's layers is not the app's own XrFrameEndInfo");
    if (blocked) {
      // Checked below as Timewall's quads, every one.
    } else if (app->layerCount > 0 && app->layers != nullptr) {
      for (uint32_t i = 0; i < app->layerCount; ++i)
        if (got->layers[i] != app->layers[i]) violation("app layer %u of %u changed or moved", i, app->layerCount);
    } else if (app->layerCount > 0 && got->layers != nullptr && added > 0) {
      violation("the layer appended to an app frame whose layer array is null");
    }
    if (added > 0) {
      if (got->layerCount > s.max_layers)
        violation("%u layers passed down, maxLayerCount is %u (app's: %u)", got->layerCount, s.max_layers,
                  app->layerCount);
      for (uint32_t i = app_count; i < got->layerCount; ++i) {
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
    if (seen.calls == 1) seen.first_added = added, seen.blocked = blocked;

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
    st.action_spaces.erase(space);
    st.spaces.erase(it);
    return XR_SUCCESS;
  }

  static XrResult XRAPI_CALL LocateSpace(XrSpace space, XrSpace base, XrTime, XrSpaceLocation* location) {
    if (!state().spaces.count(space) || !state().spaces.count(base)) return XR_ERROR_HANDLE_INVALID;
    if (location == nullptr) return XR_ERROR_VALIDATION_FAILURE;
    location->locationFlags = XR_SPACE_LOCATION_POSITION_VALID_BIT | XR_SPACE_LOCATION_ORIENTATION_VALID_BIT;
    location->pose = state().action_spaces.count(space) ? LayerRuntime::get().aim_pose : LayerRuntime::get().head_pose;
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
      TW_RT(GetActionStateVector2f), TW_RT(StringToPath), TW_RT(CreateActionSet),
      TW_RT(DestroyActionSet),   TW_RT(CreateAction),        TW_RT(SuggestInteractionProfileBindings),
      TW_RT(AttachSessionActionSets), TW_RT(SyncActions),    TW_RT(CreateActionSpace),
      TW_RT(ApplyHapticFeedback), TW_RT(GetCurrentInteractionProfile),
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

void LayerRuntime::expect_input(InputCall call, const void* app_info) {
  app_call_ = call;
  app_input_ = app_info;
  input_seen_ = {};
}

size_t LayerRuntime::live_sessions() const { return state().sessions.size(); }
size_t LayerRuntime::live_swapchains() const { return state().swapchains.size(); }
size_t LayerRuntime::live_spaces() const { return state().spaces.size(); }

}  // namespace tw::fuzz
