// libFuzzer target: XR_APILAYER_TIMEWALL_overlay between a fuzzed app and a
// checking runtime (layer_runtime.hpp), on a real Vulkan device (lavapipe),
// with the real core Engine inside and a policy that gives the app a budget
// (layer_policy.toml), so the layer has its budget ring to show; or, with
// TW_FUZZ_LAYER_POLICY=friction or block, a used-up one, so the friction
// prompt or the block shield is up: input captured, the app's layers held
// back (block), the wearer's head, aim, select and dismiss fuzzed each frame.
//
// Each input is a small program the "app" runs through the layer's loader
// interface: create sessions whose XrSessionCreateInfo next chain mixes
// unknown structs, Vulkan bindings and bindings with a null device, under a
// maxLayerCount of 1..300; submit xrEndFrame with zero layers, the app's own
// quads and projections, unknown and null layers, counts around
// maxLayerCount, unknown structs in the frame's next chain, a null layer array
// or no frame at all; session state events for its sessions (any state, in
// any order), for unknown sessions, other and unknown event types; action
// states (active or not, changed or not, failing); the app's input calls:
// suggested bindings for Timewall's profiles and others, with bad actions
// and paths, null, of the wrong type, or a count without an array (at times
// with a runtime that refuses Timewall's bindings), attaches (again, of
// unknown sets, on unknown sessions), syncs of 0..2 sets (attached or not;
// the runtime focused or not), haptics and the current interaction profile;
// xrRequestExitSession;
// destroy sessions and re-create them. Vulkan sessions are kept across inputs
// (one per maxLayerCount of 1, 2, 3, 4, 16, 128) for speed; destroying one
// re-creates it later.
//
// The layer's contract (docs/openxr.md), checked on every call; the runtime
// checks the frames it is handed (app layers first and unchanged, only
// Timewall quads on the session's own swapchains after them, count <=
// maxLayerCount, a frame without Timewall layers is the app's own struct):
//   - every app call reaches the runtime once, and its answer (result, event,
//     action state) comes back to the app as the runtime gave it;
//   - the app's structs and next chains are never modified (byte compare);
//   - Timewall adds at most min(kMaxTimewallLayers, maxLayerCount - app
//     layers) layers, and none to a frame without room (full, a count without
//     an array, no frame), in a session without overlays (not Vulkan), or
//     once overlays are off;
//   - the budget ring: in a frame with room, when the session's last sure
//     engine tick (a frame with state or input signals waiting, or its first)
//     saw the app focused, and no other session changed that since, the app
//     has a budget and so at least one Timewall layer is there, once the
//     layer has located the head and the eyes (a frame with room and a valid
//     display time). Focus is what the engine heard: each
//     session's state events, mapped as docs/openxr.md says (entering FOCUSED
//     = focus, leaving it = blur, all sessions of the instance are one app),
//     reach the engine at that session's next frame or its destruction;
//   - a second xrEndFrame only after the runtime refused one with Timewall's
//     layers; overlays switch off only for an unusable Vulkan binding, never
//     for the app's own bad frames;
//   - everything it created in the runtime is gone when sessions and the
//     instance are;
//   - input (layer_actions.hpp): an app's suggestion, attach or sync reaches
//     the runtime once or twice (the runtime checks each is the app's own
//     struct, or a copy of its entries followed only by Timewall's, or
//     Timewall's alone, and never an attach of Timewall's set alone); the
//     app gets the answer to the last call that carried its entries, which,
//     when it is a refusal, was the app's call as given; an accepted
//     suggestion for a profile Timewall binds carries Timewall's bindings
//     (until the runtime once refused them for that profile), an accepted
//     attach carries Timewall's set, an accepted sync of a session with it
//     carries it too; the app's structs are never modified; haptics and the
//     current profile are forwarded once (the profile reads null where
//     Timewall suggested its own profiles for an app that suggested none,
//     and then the runtime's profile-changed events are not delivered).
// A self-check at start-up shows each of these can fail: no layer before
// focus, the ring once FOCUSED, none in a full frame, none after blur.
// The layer's source is compiled into this TU so that its process-wide
// "overlays disabled" latch can be reset between inputs (each input starts
// from a freshly loaded layer), and for its limits (kMaxTimewallLayers,
// kOwnSignals).
#include "openxr/layer/layer.cpp"  // NOLINT(bugprone-suspicious-include)

#include <fuzzer/FuzzedDataProvider.h>

#include <cmath>
#include <deque>
#include <map>
#include <set>

#include "headless/headless_vulkan.hpp"
#include "layer_runtime.hpp"

namespace {

using tw::fuzz::LayerRuntime;

[[noreturn]] void finding(const char* what) {
  std::fprintf(stderr, "tw_fuzz_layer: %s\n", what);
  std::abort();
}

struct LayerEntry {
  PFN_xrGetInstanceProcAddr gipa = nullptr;
  PFN_xrCreateApiLayerInstance create = nullptr;
};

struct Calls {
  PFN_xrDestroyInstance DestroyInstance = nullptr;
  PFN_xrCreateSession CreateSession = nullptr;
  PFN_xrDestroySession DestroySession = nullptr;
  PFN_xrBeginSession BeginSession = nullptr;
  PFN_xrEndSession EndSession = nullptr;
  PFN_xrRequestExitSession RequestExitSession = nullptr;
  PFN_xrPollEvent PollEvent = nullptr;
  PFN_xrWaitFrame WaitFrame = nullptr;
  PFN_xrEndFrame EndFrame = nullptr;
  PFN_xrGetActionStateBoolean GetActionStateBoolean = nullptr;
  PFN_xrGetActionStateFloat GetActionStateFloat = nullptr;
  PFN_xrGetActionStateVector2f GetActionStateVector2f = nullptr;
  PFN_xrStringToPath StringToPath = nullptr;
  PFN_xrCreateActionSet CreateActionSet = nullptr;
  PFN_xrCreateAction CreateAction = nullptr;
  PFN_xrSuggestInteractionProfileBindings SuggestInteractionProfileBindings = nullptr;
  PFN_xrAttachSessionActionSets AttachSessionActionSets = nullptr;
  PFN_xrSyncActions SyncActions = nullptr;
  PFN_xrApplyHapticFeedback ApplyHapticFeedback = nullptr;
  PFN_xrGetCurrentInteractionProfile GetCurrentInteractionProfile = nullptr;
};

// The policy (layer_policy*.toml) gives the harness's app a daily budget:
// far from its limit (notify: the ring), or used up (friction: the friction
// prompt captures the app's input; block: the block shield also holds the
// app's layers back). TW_FUZZ_LAYER_POLICY picks one; notify by default.
constexpr bool kAppHasBudget = true;
enum class PolicyKind : uint8_t { notify, friction, block };
PolicyKind g_policy = PolicyKind::notify;

// What the layer's engine has heard of one session (docs/openxr.md, "The core
// inside the layer"): its state and input signals wait in the layer (the
// newest kOwnSignals of them) until the session's next frame or destruction.
enum class Heard : uint8_t { focus, blur, worn, not_worn, interaction };

struct SessionModel {
  XrSessionState state = XR_SESSION_STATE_UNKNOWN;
  bool worn = true;  // the core starts out worn
  bool exit_requested = false;
  bool input = false;  // an action state changed since the session's last tick
  bool ticked = false;
  bool located = false;  // a frame the layer drew into had a display time: head pose and FOVs known
  // The app's focus at this session's last sure tick (the overlays it shows
  // until its next tick); -1: unknown, another session's signals changed it
  // since, and a timed tick may or may not have followed.
  int focus_shown = -1;
  std::deque<Heard> pending;

  void push(Heard h) {
    if (pending.size() == kOwnSignals) pending.pop_front();
    pending.push_back(h);
  }

  // A state event: leaving FOCUSED blurs, entering it focuses; READY, VISIBLE
  // and FOCUSED after a not-worn are worn again; LOSS_PENDING, or STOPPING the
  // app did not ask for, is not worn.
  void on_state(XrSessionState next) {
    const XrSessionState before = state;
    state = next;
    if (before == XR_SESSION_STATE_FOCUSED && next != XR_SESSION_STATE_FOCUSED) push(Heard::blur);
    if (next == XR_SESSION_STATE_READY) exit_requested = false;
    if (next == XR_SESSION_STATE_READY || next == XR_SESSION_STATE_VISIBLE || next == XR_SESSION_STATE_FOCUSED) {
      if (!worn) worn = true, push(Heard::worn);
      if (next == XR_SESSION_STATE_FOCUSED && before != XR_SESSION_STATE_FOCUSED) push(Heard::focus);
    } else if (next == XR_SESSION_STATE_LOSS_PENDING || (next == XR_SESSION_STATE_STOPPING && !exit_requested)) {
      if (worn) worn = false, push(Heard::not_worn);
    }
  }
};

// Per live session, and whether the engine of the fuzzed instance sees the app
// focused (one app: any session's focus focuses it, any blur blurs it).
std::map<XrSession, SessionModel> g_models;
std::set<XrSession> g_with_hidden_set;  // sessions the app attached, with Timewall's set beside its own
bool g_app_focused = false;

// How often each check had something to check, printed at exit (scripts/fuzz.sh logs it).
struct Tally {
  uint64_t frames = 0;       // xrEndFrame calls
  uint64_t with_layers = 0;  // ... that reached the runtime with Timewall layers
  uint64_t ring_due = 0;     // ... in which the ring had to be there
  uint64_t retried = 0;      // ... refused with Timewall layers, then ended as the app asked
  uint64_t events = 0;       // xrPollEvent calls
  uint64_t focus_changes = 0;  // focus or blur reaching the engine
  uint64_t inputs = 0;         // the app's suggestions, attaches and syncs
  uint64_t merged = 0;         // ... answered with Timewall's entries in
  uint64_t blocked = 0;        // frames with the app's layers held back
  uint64_t captured = 0;       // the app's action state reads and haptics behind a card
  uint64_t hovered = 0;        // frames whose answer hovered a button (fuzzed gaze and aim)
  uint64_t answers = 0;        // ... and chose one
  uint64_t exits = 0;          // the wearer's "leave": the layer's own xrRequestExitSession
} g_tally;

// The layer's input gate for a session (layer_actions.hpp): whether the
// app's reads come back inactive (suppressed) or unchanged (hides_changes).
struct GateSeen {
  bool suppressed = false, hides_changes = false;
};
GateSeen gate_of(XrSession h) {
  Session* ls = find_session(h);
  if (ls == nullptr) return {};
  std::lock_guard lock(ls->actions.mutex);
  return {ls->actions.gate.suppressed(), ls->actions.gate.hides_changes()};
}

// Where the self-check's head gaze found a card's button (cards stand where
// they stand for every session: straight ahead of the first head pose).
XrPosef g_button_pose{{0, 0, 0, 1}, {0, 1.6f, 0}};

// A pose at `position` turned yaw (left +) then pitched (up +), in degrees.
XrPosef turned(XrVector3f position, float yaw_deg, float pitch_deg) {
  const float y = yaw_deg * 3.14159265f / 360.f, p = pitch_deg * 3.14159265f / 360.f;
  // q = q_yaw(about +Y) * q_pitch(about +X)
  const float cy = std::cos(y), sy = std::sin(y), cp = std::cos(p), sp = std::sin(p);
  return {{cy * sp, sy * cp, -sy * sp, cy * cp}, position};
}

// The session's frame (or end): the engine hears what waited. Returns whether
// the engine surely ticks now (something waited, or its first frame).
bool deliver(SessionModel& m) {
  const bool due = !m.ticked || m.input || !m.pending.empty();
  const bool focused_before = g_app_focused;
  if (m.input) m.push(Heard::interaction);
  for (Heard h : m.pending) {
    if (h != Heard::focus && h != Heard::blur) continue;
    g_app_focused = h == Heard::focus;
    ++g_tally.focus_changes;
  }
  if (g_app_focused != focused_before)
    for (auto& [h, other] : g_models)
      if (&other != &m) other.focus_shown = -1;
  if (due) m.focus_shown = g_app_focused ? 1 : 0;
  m.pending.clear();
  m.input = false;
  m.ticked = true;
  return due;
}

// xrDestroySession: a session still FOCUSED blurs, then the engine hears all.
void end_model(XrSession h) {
  auto it = g_models.find(h);
  if (it == g_models.end()) finding("harness: a session without a model");
  if (it->second.state == XR_SESSION_STATE_FOCUSED) it->second.push(Heard::blur);
  deliver(it->second);
  g_models.erase(it);
  g_with_hidden_set.erase(h);
}

struct AppSession {
  XrSession handle = XR_NULL_HANDLE;
  uint32_t max_layers = 0;
  bool overlays = false;  // the layer may draw in it
  bool pooled = false;    // kept across inputs (see g_pool)
};

tw::HeadlessVulkan* g_vk = nullptr;  // never destroyed: lavapipe stays loaded
LayerEntry g_layer;
// One instance for the whole run, and Vulkan sessions kept across inputs by
// maxLayerCount: a session with overlays costs a panel renderer (pipelines,
// font atlas) on lavapipe, far more than the rest of an input.
XrInstance g_instance = XR_NULL_HANDLE;
std::map<uint32_t, XrSession> g_pool;
constexpr uint32_t kPoolMaxes[] = {1, 2, 3, 4, 16, 128};
// Never a runtime handle (those are multiples of 0x10).
const XrSession kUnknownSession = reinterpret_cast<XrSession>(uintptr_t{0xdead1});

// Structs of any size for next chains: 8-byte aligned, zeroed, type set.
struct Arena {
  struct Block {
    std::unique_ptr<uint64_t[]> words;
    size_t count = 0;
  };
  std::vector<Block> blocks;
  template <class T>
  T* make(XrStructureType type, size_t extra_bytes = 0) {
    const size_t words = (sizeof(T) + extra_bytes + 7) / 8;
    blocks.push_back({std::make_unique<uint64_t[]>(words), words});
    auto* s = reinterpret_cast<T*>(blocks.back().words.get());
    reinterpret_cast<XrBaseInStructure*>(s)->type = type;
    return s;
  }
  // Every byte of every struct, to see that nobody wrote to them.
  std::vector<uint64_t> snapshot() const {
    std::vector<uint64_t> all;
    for (const Block& b : blocks) all.insert(all.end(), b.words.get(), b.words.get() + b.count);
    return all;
  }
};

// Any value an enum of the API can hold (0..2^31-2: negative ones are not XrStructureTypes).
template <class Enum>
Enum any_enum(FuzzedDataProvider& in) {
  return static_cast<Enum>(in.ConsumeIntegralInRange<int32_t>(0, 0x7ffffffe));
}

XrStructureType unknown_type(FuzzedDataProvider& in) {
  const auto t = any_enum<XrStructureType>(in);
  return t == XR_TYPE_GRAPHICS_BINDING_VULKAN_KHR ? static_cast<XrStructureType>(0x7ffffffe) : t;
}

// A next chain of 0..4 structs the layer knows nothing about.
const void* unknown_chain(FuzzedDataProvider& in, Arena& arena) {
  const void* next = nullptr;
  for (int n = in.ConsumeIntegralInRange(0, 4); n > 0; --n) {
    auto* s = arena.make<XrBaseInStructure>(unknown_type(in), in.ConsumeIntegralInRange<size_t>(0, 64));
    s->next = static_cast<const XrBaseInStructure*>(next);
    next = s;
  }
  return next;
}

LayerEntry negotiate() {
  XrNegotiateLoaderInfo loader{};
  loader.structType = XR_LOADER_INTERFACE_STRUCT_LOADER_INFO;
  loader.structVersion = XR_LOADER_INFO_STRUCT_VERSION;
  loader.structSize = sizeof loader;
  loader.minInterfaceVersion = 1;
  loader.maxInterfaceVersion = XR_CURRENT_LOADER_API_LAYER_VERSION;
  loader.minApiVersion = XR_MAKE_VERSION(1, 0, 0);
  loader.maxApiVersion = XR_MAKE_VERSION(1, 0xfff, 0xffff);
  XrNegotiateApiLayerRequest request{};
  request.structType = XR_LOADER_INTERFACE_STRUCT_API_LAYER_REQUEST;
  request.structVersion = XR_API_LAYER_INFO_STRUCT_VERSION;
  request.structSize = sizeof request;
  if (xrNegotiateLoaderApiLayerInterface(&loader, kLayerName, &request) != XR_SUCCESS)
    finding("xrNegotiateLoaderApiLayerInterface failed");
  return {request.getInstanceProcAddr, request.createApiLayerInstance};
}

XrInstance create_instance() {
  XrApiLayerNextInfo next{};
  next.structType = XR_LOADER_INTERFACE_STRUCT_API_LAYER_NEXT_INFO;
  next.structVersion = XR_API_LAYER_NEXT_INFO_STRUCT_VERSION;
  next.structSize = sizeof next;
  std::snprintf(next.layerName, sizeof next.layerName, "%s", kLayerName);
  next.nextGetInstanceProcAddr = &LayerRuntime::get_instance_proc_addr;
  next.nextCreateApiLayerInstance = &LayerRuntime::create_api_layer_instance;
  XrApiLayerCreateInfo layer_info{};
  layer_info.structType = XR_LOADER_INTERFACE_STRUCT_API_LAYER_CREATE_INFO;
  layer_info.structVersion = XR_API_LAYER_CREATE_INFO_STRUCT_VERSION;
  layer_info.structSize = sizeof layer_info;
  layer_info.nextInfo = &next;
  XrInstanceCreateInfo info{XR_TYPE_INSTANCE_CREATE_INFO};
  std::snprintf(info.applicationInfo.applicationName, sizeof info.applicationInfo.applicationName, "fuzz_app");
  info.applicationInfo.apiVersion = XR_MAKE_VERSION(1, 0, 0);
  XrInstance instance = XR_NULL_HANDLE;
  if (g_layer.create(&info, &layer_info, &instance) != XR_SUCCESS) finding("instance creation failed");
  return instance;
}

template <class Pfn>
void get(XrInstance instance, const char* name, Pfn& out) {
  PFN_xrVoidFunction fn = nullptr;
  if (g_layer.gipa(instance, name, &fn) != XR_SUCCESS || fn == nullptr) finding("the layer has no function it should");
  out = reinterpret_cast<Pfn>(fn);
}

Calls calls_of(XrInstance instance) {
  Calls c;
  get(instance, "xrDestroyInstance", c.DestroyInstance);
  get(instance, "xrCreateSession", c.CreateSession);
  get(instance, "xrDestroySession", c.DestroySession);
  get(instance, "xrBeginSession", c.BeginSession);
  get(instance, "xrEndSession", c.EndSession);
  get(instance, "xrRequestExitSession", c.RequestExitSession);
  get(instance, "xrPollEvent", c.PollEvent);
  get(instance, "xrWaitFrame", c.WaitFrame);
  get(instance, "xrEndFrame", c.EndFrame);
  get(instance, "xrGetActionStateBoolean", c.GetActionStateBoolean);
  get(instance, "xrGetActionStateFloat", c.GetActionStateFloat);
  get(instance, "xrGetActionStateVector2f", c.GetActionStateVector2f);
  get(instance, "xrStringToPath", c.StringToPath);
  get(instance, "xrCreateActionSet", c.CreateActionSet);
  get(instance, "xrCreateAction", c.CreateAction);
  get(instance, "xrSuggestInteractionProfileBindings", c.SuggestInteractionProfileBindings);
  get(instance, "xrAttachSessionActionSets", c.AttachSessionActionSets);
  get(instance, "xrSyncActions", c.SyncActions);
  get(instance, "xrApplyHapticFeedback", c.ApplyHapticFeedback);
  get(instance, "xrGetCurrentInteractionProfile", c.GetCurrentInteractionProfile);
  return c;
}

// The app's own input on an instance: a set with two actions, and a set it
// never attaches.
struct AppInput {
  XrActionSet set = XR_NULL_HANDLE, stray = XR_NULL_HANDLE;
  XrAction actions[2] = {};
};

XrPath path(const Calls& xr, XrInstance instance, const char* text) {
  XrPath p = XR_NULL_PATH;
  if (xr.StringToPath(instance, text, &p) != XR_SUCCESS) finding("harness: xrStringToPath failed");
  return p;
}

AppInput make_app_input(const Calls& xr, XrInstance instance) {
  AppInput a;
  XrActionSetCreateInfo set{XR_TYPE_ACTION_SET_CREATE_INFO};
  std::snprintf(set.actionSetName, sizeof set.actionSetName, "app");
  if (xr.CreateActionSet(instance, &set, &a.set) != XR_SUCCESS) finding("harness: xrCreateActionSet failed");
  std::snprintf(set.actionSetName, sizeof set.actionSetName, "stray");
  if (xr.CreateActionSet(instance, &set, &a.stray) != XR_SUCCESS) finding("harness: xrCreateActionSet failed");
  for (int k = 0; k < 2; ++k) {
    XrActionCreateInfo info{XR_TYPE_ACTION_CREATE_INFO};
    std::snprintf(info.actionName, sizeof info.actionName, "a%d", k);
    info.actionType = k == 0 ? XR_ACTION_TYPE_BOOLEAN_INPUT : XR_ACTION_TYPE_FLOAT_INPUT;
    if (xr.CreateAction(a.set, &info, &a.actions[k]) != XR_SUCCESS) finding("harness: xrCreateAction failed");
  }
  return a;
}

AppInput g_input;
std::set<XrPath> g_refused_profiles;    // the runtime refused Timewall's bindings for these once

XrGraphicsBindingVulkanKHR good_binding();

// One app call that the layer must forward exactly once.
template <class F>
XrResult forwarded(const char* what, F&& call) {
  const uint64_t before = LayerRuntime::get().app_calls;
  const XrResult r = call();
  if (LayerRuntime::get().app_calls != before + 1) {
    std::fprintf(stderr, "tw_fuzz_layer: %s reached the runtime %llu times\n", what,
                 static_cast<unsigned long long>(LayerRuntime::get().app_calls - before));
    finding("an app call was not forwarded exactly once");
  }
  return r;
}

struct Run {
  FuzzedDataProvider& in;
  XrInstance instance;
  Calls xr;
  std::vector<AppSession> sessions;
  bool expect_failed = false;
  int vulkan_sessions = 0;

  void check_latch() const {
    if (g_failed.load() != expect_failed)
      finding(expect_failed ? "a broken Vulkan binding did not switch overlays off"
                            : "overlays were switched off by the app's own mistakes");
  }

  // A Vulkan session from the pool (created on first use), or a fresh one.
  void pooled_session() {
    if (sessions.size() >= 4) return;
    const uint32_t max = in.PickValueInArray(kPoolMaxes);
    for (const AppSession& s : sessions)
      if (s.pooled && s.max_layers == max) return;
    // With overlays off for this input, a new session would never get any.
    if (!g_pool.count(max) && expect_failed) return;
    XrSession& handle = g_pool[max];
    if (handle == XR_NULL_HANDLE) {
      LayerRuntime::get().next_max_layers = max;
      XrGraphicsBindingVulkanKHR binding = good_binding();
      XrSessionCreateInfo info{XR_TYPE_SESSION_CREATE_INFO};
      info.next = &binding;
      info.systemId = 1;
      if (xr.CreateSession(instance, &info, &handle) != XR_SUCCESS) finding("xrCreateSession failed");
      g_models[handle] = {};
    }
    // Created before any of this input's mistakes: it has overlays.
    sessions.push_back({.handle = handle, .max_layers = max, .overlays = true, .pooled = true});
  }

  void create_session() {
    if (sessions.size() >= 4) return;
    static constexpr uint32_t kMaxes[] = {1, 2, 3, 4, 5, 16, 64, 128};
    const uint32_t max = in.ConsumeBool() ? in.PickValueInArray(kMaxes) : in.ConsumeIntegralInRange(1u, 300u);
    LayerRuntime::get().next_max_layers = max;
    Arena arena;
    const void* next = nullptr;
    enum { kNone, kGood, kNullDevice } first_binding = kNone;
    for (int n = in.ConsumeIntegralInRange(0, 5); n > 0; --n) {
      const int kind = in.ConsumeIntegralInRange(0, 3);
      XrBaseInStructure* s = nullptr;
      if (kind == 0 && vulkan_sessions < 1) {
        auto* b = arena.make<XrGraphicsBindingVulkanKHR>(XR_TYPE_GRAPHICS_BINDING_VULKAN_KHR);
        *b = good_binding();
        s = reinterpret_cast<XrBaseInStructure*>(b);
        first_binding = kGood;  // built back to front: the last made is first in the chain
      } else if (kind == 1) {
        s = reinterpret_cast<XrBaseInStructure*>(
            arena.make<XrGraphicsBindingVulkanKHR>(XR_TYPE_GRAPHICS_BINDING_VULKAN_KHR));
        first_binding = kNullDevice;
      } else if (kind == 2) {
        auto* o = arena.make<XrSessionCreateInfoOverlayEXTX>(XR_TYPE_SESSION_CREATE_INFO_OVERLAY_EXTX);
        o->sessionLayersPlacement = in.ConsumeIntegral<uint32_t>();
        s = reinterpret_cast<XrBaseInStructure*>(o);
      } else {
        s = arena.make<XrBaseInStructure>(unknown_type(in), in.ConsumeIntegralInRange<size_t>(0, 64));
      }
      s->next = static_cast<const XrBaseInStructure*>(next);
      next = s;
    }
    XrSessionCreateInfo info{XR_TYPE_SESSION_CREATE_INFO};
    info.next = next;
    info.systemId = 1;
    const XrSessionCreateInfo info_before = info;
    const std::vector<uint64_t> chain_before = arena.snapshot();
    AppSession s;
    s.max_layers = max;
    if (xr.CreateSession(instance, &info, &s.handle) != XR_SUCCESS) finding("xrCreateSession failed");
    if (std::memcmp(&info_before, &info, sizeof info) != 0 || arena.snapshot() != chain_before)
      finding("the layer modified the app's XrSessionCreateInfo or its next chain");
    if (first_binding == kGood) ++vulkan_sessions;
    if (first_binding == kNullDevice) expect_failed = true;
    s.overlays = first_binding == kGood && !expect_failed;
    check_latch();
    g_models[s.handle] = {};
    sessions.push_back(s);
  }

  AppSession* pick() {
    if (sessions.empty()) return nullptr;
    return &sessions[in.ConsumeIntegralInRange<size_t>(0, sessions.size() - 1)];
  }

  // Destroying a pooled session drops it from the pool: the next use re-creates it.
  void destroy_session() {
    if (sessions.empty()) return;
    const size_t i = in.ConsumeIntegralInRange<size_t>(0, sessions.size() - 1);
    if (xr.DestroySession(sessions[i].handle) != XR_SUCCESS) finding("xrDestroySession failed");
    end_model(sessions[i].handle);
    if (sessions[i].pooled) g_pool.erase(sessions[i].max_layers);
    sessions.erase(sessions.begin() + static_cast<std::ptrdiff_t>(i));
  }

  void end_frame() {
    AppSession* s = pick();
    if (s == nullptr) return;
    Arena arena;
    const uint32_t max = s->max_layers;
    uint32_t count = 0;
    switch (in.ConsumeIntegralInRange(0, 4)) {
      case 0: count = 0; break;
      case 1: count = max - 1; break;
      case 2: count = max; break;
      case 3: count = max + 1; break;
      default: count = in.ConsumeIntegralInRange(0u, std::min(max + 2, 140u)); break;
    }
    std::vector<const XrCompositionLayerBaseHeader*> layers(count);
    for (auto& l : layers) {
      switch (in.ConsumeIntegralInRange(0, 4)) {
        case 0: {
          auto* p = arena.make<XrCompositionLayerProjection>(XR_TYPE_COMPOSITION_LAYER_PROJECTION);
          p->next = unknown_chain(in, arena);
          l = reinterpret_cast<const XrCompositionLayerBaseHeader*>(p);
          break;
        }
        case 1:
        case 2: {  // the app's own quad
          auto* q = arena.make<XrCompositionLayerQuad>(XR_TYPE_COMPOSITION_LAYER_QUAD);
          q->size = {in.ConsumeFloatingPoint<float>(), in.ConsumeFloatingPoint<float>()};
          q->next = unknown_chain(in, arena);
          l = reinterpret_cast<const XrCompositionLayerBaseHeader*>(q);
          break;
        }
        case 3:
          l = reinterpret_cast<const XrCompositionLayerBaseHeader*>(
              arena.make<XrBaseInStructure>(unknown_type(in), in.ConsumeIntegralInRange<size_t>(0, 64)));
          break;
        default: l = nullptr; break;
      }
    }
    static constexpr XrEnvironmentBlendMode kBlends[] = {XR_ENVIRONMENT_BLEND_MODE_OPAQUE,
                                                         XR_ENVIRONMENT_BLEND_MODE_ADDITIVE,
                                                         XR_ENVIRONMENT_BLEND_MODE_ALPHA_BLEND};
    XrFrameEndInfo info{XR_TYPE_FRAME_END_INFO};
    info.next = unknown_chain(in, arena);
    info.displayTime = in.ConsumeBool() ? in.ConsumeIntegral<int64_t>() : 1'000'000'000;
    info.environmentBlendMode = in.ConsumeBool() ? any_enum<XrEnvironmentBlendMode>(in)
                                                 : in.PickValueInArray(kBlends);
    info.layerCount = count;
    info.layers = layers.data();
    const int shape = in.ConsumeIntegralInRange(0, 15);
    if (shape == 0 && count > 0) info.layers = nullptr;  // the app's bug: a count without an array
    const XrFrameEndInfo* submitted = shape == 1 ? nullptr : &info;

    const XrFrameEndInfo before = info;
    const std::vector<const XrCompositionLayerBaseHeader*> layers_before = layers;
    const std::vector<uint64_t> structs_before = arena.snapshot();
    LayerRuntime& rt = LayerRuntime::get();
    // The wearer answers: the head stays, or looks at a button, or turns
    // mostly where cards' buttons stand (ahead, 5-25 deg down, in 1 deg
    // steps: a button is about 2 deg tall), else anywhere ahead; the right
    // aim likewise; Timewall's select and dismiss (every action state reads
    // action_answer) going down or up.
    auto angle = [&](float near_lo, float near_hi, float far_lo, float far_hi) {
      return in.ConsumeBool() ? static_cast<float>(in.ConsumeIntegralInRange(static_cast<int>(near_lo), static_cast<int>(near_hi)))
                              : in.ConsumeFloatingPointInRange(far_lo, far_hi);
    };
    switch (in.ConsumeIntegralInRange(0, 3)) {  // 0 (also when the input ran out): the head stays
      case 1: rt.head_pose = g_button_pose; break;  // on a button the self-check found
      case 2:
      case 3: {
        const float yaw = angle(-15, 15, -40, 40), pitch = angle(-25, -5, -45, 20);
        rt.head_pose = turned({0, 1.6f, 0}, yaw, pitch);
        break;
      }
    }
    if (in.ConsumeBool()) {
      const float yaw = angle(-25, 15, -60, 60), pitch = angle(-20, 5, -45, 30);
      rt.aim_pose = turned({0.15f, 1.35f, -0.3f}, yaw, pitch);
    }
    if (in.ConsumeBool())
      rt.action_answer = {.result = XR_SUCCESS, .active = XR_TRUE, .changed = static_cast<XrBool32>(in.ConsumeBool()),
                          .value = in.ConsumeBool() ? 1.f : 0.f};
    Session* layer_session = find_session(s->handle);
    const bool exit_before = layer_session && layer_session->exit_requested;
    rt.expect_frame(submitted);
    const XrResult r = xr.EndFrame(s->handle, submitted);
    const tw::fuzz::EndFrameSeen seen = rt.seen();
    rt.expect_frame(nullptr);

    if (std::memcmp(&before, &info, sizeof info) != 0 || layers != layers_before)
      finding("the layer modified the app's XrFrameEndInfo or its layer array");
    if (arena.snapshot() != structs_before) finding("the layer modified the app's layers or next chains");
    if (seen.calls == 0 || seen.calls > 2) finding("xrEndFrame reached the runtime other than once or twice");
    if (seen.calls == 2 && (seen.first_added == 0 || XR_SUCCEEDED(seen.first_result)))
      finding("xrEndFrame was retried without a refused frame with Timewall's layers");
    if (r != seen.last_result) finding("the layer returned another result than the runtime's for the app's frame");

    // The engine ticks with what this session's events said (only for a frame).
    SessionModel& m = g_models.at(s->handle);
    if (submitted != nullptr) deliver(m);
    // Only a block (its policy) holds the app's layers back: then Timewall has the whole frame.
    if (seen.blocked && g_policy != PolicyKind::block) finding("the app's layers were held back without a block");
    const uint32_t app_kept = seen.blocked ? 0 : count;
    const bool room = submitted != nullptr && (count == 0 || info.layers != nullptr) && app_kept < max;
    const bool drawing = s->overlays && !expect_failed;
    const uint32_t allowed = drawing && room ? std::min(kMaxTimewallLayers, max - app_kept) : 0u;
    // Panels are placed from the head pose and the eyes' FOVs, located at a
    // frame's display time: none before the first frame with a valid one.
    if (drawing && room && info.displayTime > 0) m.located = true;
    const bool ring = m.focus_shown == 1 && kAppHasBudget && drawing && room && m.located;
    // The wearer's answer this frame; a "leave" ends the session through the
    // layer's own xrRequestExitSession (the runtime answers exit_result).
    if (layer_session && layer_session->binding) {
      const tw::layout::AnswerFrame& f = layer_session->binding->last_answer();
      g_tally.hovered += f.hovered.valid;
      g_tally.answers += f.chosen;
    }
    if (layer_session && layer_session->exit_requested && !exit_before) {
      ++g_tally.exits;
      if (XR_SUCCEEDED(rt.exit_result)) m.exit_requested = true;
    }
    ++g_tally.frames;
    g_tally.blocked += seen.blocked;
    g_tally.with_layers += seen.first_added > 0;
    g_tally.ring_due += ring;
    g_tally.retried += seen.calls == 2;
    if (seen.first_added > allowed || (ring && seen.first_added == 0)) {
      std::fprintf(stderr,
                   "tw_fuzz_layer: %u Timewall layers, %u allowed, ring %s (app layers %u, max %u, overlays %d, "
                   "pooled %d, focus shown %d, app focused %d, display time %lld)\n",
                   seen.first_added, allowed, ring ? "due" : "not due", count, max, static_cast<int>(s->overlays),
                   static_cast<int>(s->pooled), m.focus_shown, static_cast<int>(g_app_focused),
                   static_cast<long long>(info.displayTime));
      finding(seen.first_added > allowed ? "more Timewall layers than min(kMaxTimewallLayers, room)"
                                         : "no Timewall layer in a focused app with a budget and room");
    }
    check_latch();
  }

  void poll_event() {
    AppSession* s = pick();
    XrEventDataBuffer queued{};
    bool have = true;
    switch (const int kind = in.ConsumeIntegralInRange(0, 6)) {
      case 0:
      case 1:
      case 2:
      case 3: {  // a state change, for one of the app's sessions or an unknown one
        const XrSession target = s && in.ConsumeBool() ? s->handle : kUnknownSession;
        const XrSessionState state = kind == 0   ? any_enum<XrSessionState>(in)
                                     : kind == 1 ? static_cast<XrSessionState>(in.ConsumeIntegralInRange(0, 8))
                                     : kind == 2 ? XR_SESSION_STATE_FOCUSED
                                                 : XR_SESSION_STATE_VISIBLE;
        auto* e = reinterpret_cast<XrEventDataSessionStateChanged*>(&queued);
        *e = {XR_TYPE_EVENT_DATA_SESSION_STATE_CHANGED};
        e->session = target;
        e->state = state;
        e->time = in.ConsumeIntegral<int64_t>();
        break;
      }
      case 4: {  // another event, any payload
        static constexpr XrStructureType kOthers[] = {
            XR_TYPE_EVENT_DATA_EVENTS_LOST, XR_TYPE_EVENT_DATA_INSTANCE_LOSS_PENDING,
            XR_TYPE_EVENT_DATA_INTERACTION_PROFILE_CHANGED, XR_TYPE_EVENT_DATA_REFERENCE_SPACE_CHANGE_PENDING,
            XR_TYPE_EVENT_DATA_SESSION_STATE_CHANGED};
        queued.type = in.PickValueInArray(kOthers);
        in.ConsumeData(queued.varying, in.ConsumeIntegralInRange<size_t>(0, 64));
        break;
      }
      case 5:
        queued.type = unknown_type(in);
        in.ConsumeData(queued.varying, in.ConsumeIntegralInRange<size_t>(0, sizeof queued.varying));
        break;
      default: have = false; break;
    }
    LayerRuntime& rt = LayerRuntime::get();
    if (have) rt.queue_event(queued);
    XrEventDataBuffer event{XR_TYPE_EVENT_DATA_BUFFER};
    const XrEventDataBuffer app_before = event;
    // Timewall's own profiles are not the app's news: that event is dropped.
    const Instance* layer_instance = find_instance(instance);
    const bool hidden = have && queued.type == XR_TYPE_EVENT_DATA_INTERACTION_PROFILE_CHANGED &&
                        layer_instance->actions && layer_instance->actions->hides_profiles();
    const uint64_t calls_before = LayerRuntime::get().app_calls;
    const XrResult r = hidden ? xr.PollEvent(instance, &event)
                              : forwarded("xrPollEvent", [&] { return xr.PollEvent(instance, &event); });
    ++g_tally.events;
    if (hidden) {
      if (r != XR_EVENT_UNAVAILABLE || LayerRuntime::get().app_calls != calls_before + 2)
        finding("a profile change of Timewall's own profiles reached the app");
      have = false;
    }
    if (r != (have ? XR_SUCCESS : XR_EVENT_UNAVAILABLE)) finding("xrPollEvent lost or made up an event");
    if (!hidden && std::memcmp(&event, have ? &queued : &app_before, sizeof event) != 0)
      finding("xrPollEvent handed the app another event than the runtime's");
    if (have && queued.type == XR_TYPE_EVENT_DATA_SESSION_STATE_CHANGED) {
      const auto* e = reinterpret_cast<const XrEventDataSessionStateChanged*>(&queued);
      if (auto it = g_models.find(e->session); it != g_models.end()) it->second.on_state(e->state);
    }
  }

  void request_exit() {
    AppSession* s = pick();
    if (s == nullptr) return;
    LayerRuntime& rt = LayerRuntime::get();
    rt.exit_result = in.ConsumeBool() ? XR_SUCCESS : XR_ERROR_SESSION_NOT_RUNNING;
    const XrResult r = forwarded("xrRequestExitSession", [&] { return xr.RequestExitSession(s->handle); });
    if (r != rt.exit_result) finding("xrRequestExitSession's result changed");
    if (XR_SUCCEEDED(r)) g_models.at(s->handle).exit_requested = true;
  }

  // The app reads an action state: changed and active is the wearer's input.
  void action_state() {
    AppSession* s = pick();
    const XrSession target = s && in.ConsumeIntegralInRange(0, 7) > 0 ? s->handle : kUnknownSession;
    static constexpr XrResult kResults[] = {XR_SUCCESS, XR_SUCCESS, XR_SUCCESS, XR_SESSION_LOSS_PENDING,
                                            XR_ERROR_ACTIONSET_NOT_ATTACHED, XR_ERROR_PATH_UNSUPPORTED};
    tw::fuzz::ActionAnswer& a = LayerRuntime::get().action_answer;
    a = {.result = in.PickValueInArray(kResults),
         .active = static_cast<XrBool32>(in.ConsumeBool()),
         .changed = static_cast<XrBool32>(in.ConsumeBool()),
         .value = in.ConsumeFloatingPoint<float>()};
    const bool null_state = in.ConsumeIntegralInRange(0, 15) == 0;
    XrActionStateGetInfo get{XR_TYPE_ACTION_STATE_GET_INFO};
    get.action = reinterpret_cast<XrAction>(uintptr_t{0x4c0});
    XrActionStateBoolean b{XR_TYPE_ACTION_STATE_BOOLEAN};
    XrActionStateFloat f{XR_TYPE_ACTION_STATE_FLOAT};
    XrActionStateVector2f v{XR_TYPE_ACTION_STATE_VECTOR2F};
    const void* out = nullptr;
    XrBool32 active = XR_FALSE, changed = XR_FALSE;
    auto call = [&]() -> XrResult {
      switch (in.ConsumeIntegralInRange(0, 2)) {
        case 0:
          out = null_state ? nullptr : &b;
          return xr.GetActionStateBoolean(target, &get, null_state ? nullptr : &b);
        case 1:
          out = null_state ? nullptr : &f;
          return xr.GetActionStateFloat(target, &get, null_state ? nullptr : &f);
        default:
          out = null_state ? nullptr : &v;
          return xr.GetActionStateVector2f(target, &get, null_state ? nullptr : &v);
      }
    };
    if (target == kUnknownSession) {
      if (call() != XR_ERROR_HANDLE_INVALID) finding("an action state for an unknown session did not fail");
      return;
    }
    const GateSeen gate = gate_of(target);  // the reads behind a card (the gate moves only at syncs)
    const XrResult r = forwarded("xrGetActionState*", call);
    const XrResult want = null_state ? XR_ERROR_VALIDATION_FAILURE : a.result;
    if (r != want) finding("xrGetActionState*'s result changed");
    if (LayerRuntime::get().last_action_state != out) finding("xrGetActionState* did not pass the app's own struct");
    if (out != nullptr && XR_SUCCEEDED(r)) {
      if (out == &b) active = b.isActive, changed = b.changedSinceLastSync;
      if (out == &f) active = f.isActive, changed = f.changedSinceLastSync;
      if (out == &v) active = v.isActive, changed = v.changedSinceLastSync;
      // Behind a card: inactive and zero (suppressed), unchanged (hides_changes); else the runtime's answer.
      const XrBool32 want_active = gate.suppressed ? XR_FALSE : a.active;
      const XrBool32 want_changed = gate.hides_changes ? XR_FALSE : a.changed;
      if (active != want_active || changed != want_changed) finding("xrGetActionState* changed the runtime's answer");
      const bool zero = out == &b ? b.currentState == XR_FALSE
                        : out == &f ? f.currentState == 0.f
                                    : v.currentState.x == 0.f && v.currentState.y == 0.f;
      if (gate.suppressed && !zero) finding("an action state behind a card read non-zero");
      g_tally.captured += gate.suppressed;
    }
    if (r == XR_SUCCESS && out != nullptr && active && changed) g_models.at(target).input = true;
  }

  // One of the app's input calls (see the file comment for what is checked).
  void input() {
    LayerRuntime& rt = LayerRuntime::get();
    AppSession* s = pick();
    const XrSession target = s && in.ConsumeIntegralInRange(0, 7) > 0 ? s->handle : kUnknownSession;
    rt.refuse_timewall_bindings = in.ConsumeIntegralInRange(0, 7) == 0;
    rt.sync_result = in.ConsumeBool() ? XR_SUCCESS : XR_SESSION_NOT_FOCUSED;
    const int shape = in.ConsumeIntegralInRange(0, 9);  // 0: null, 1: wrong type, 2: count without array
    const XrAction bogus = reinterpret_cast<XrAction>(uintptr_t{0xbad1});
    const int what = in.ConsumeIntegralInRange(0, 4);
    if (what == 3) {  // haptics, forwarded once unless a card captures input
      XrHapticActionInfo info{XR_TYPE_HAPTIC_ACTION_INFO};
      info.action = g_input.actions[0];
      XrHapticVibration buzz{XR_TYPE_HAPTIC_VIBRATION};
      const auto* h = reinterpret_cast<const XrHapticBaseHeader*>(&buzz);
      if (target == kUnknownSession) {
        if (xr.ApplyHapticFeedback(target, &info, h) != XR_ERROR_HANDLE_INVALID) finding("haptics on an unknown session");
        return;
      }
      if (gate_of(target).suppressed) {  // behind a card the buzz goes nowhere, and the app hears success
        const uint64_t calls = LayerRuntime::get().app_calls;
        if (xr.ApplyHapticFeedback(target, &info, h) != XR_SUCCESS || LayerRuntime::get().app_calls != calls)
          finding("haptics behind a card reached the runtime or failed");
        ++g_tally.captured;
        return;
      }
      if (forwarded("xrApplyHapticFeedback", [&] { return xr.ApplyHapticFeedback(target, &info, h); }) != XR_SUCCESS)
        finding("xrApplyHapticFeedback's result changed");
      return;
    }
    if (what == 4) {  // the current profile: the runtime's, or null where Timewall's are hidden
      rt.current_profile = path(xr, instance, "/interaction_profiles/khr/simple_controller");
      XrInteractionProfileState st{XR_TYPE_INTERACTION_PROFILE_STATE};
      if (target == kUnknownSession) {
        if (xr.GetCurrentInteractionProfile(target, XR_NULL_PATH, &st) != XR_ERROR_HANDLE_INVALID)
          finding("the current profile of an unknown session");
        return;
      }
      const XrResult r = forwarded("xrGetCurrentInteractionProfile",
                                   [&] { return xr.GetCurrentInteractionProfile(target, XR_NULL_PATH, &st); });
      const bool hides = find_instance(instance)->actions->hides_profiles();
      if (r != XR_SUCCESS || st.interactionProfile != (hides ? XR_NULL_PATH : rt.current_profile))
        finding("xrGetCurrentInteractionProfile's answer changed");
      return;
    }
    Arena arena;
    XrResult r = XR_SUCCESS;
    bool expect_merge = false;  // an accepted call must carry Timewall's entries
    XrPath profile = XR_NULL_PATH;
    if (what == 0) {
      static constexpr const char* kProfileNames[] = {
          "/interaction_profiles/khr/simple_controller", "/interaction_profiles/oculus/touch_controller",
          "/interaction_profiles/valve/index_controller", "/interaction_profiles/htc/vive_controller",
          "/interaction_profiles/microsoft/motion_controller", "/interaction_profiles/ext/hand_interaction_ext",
          "/interaction_profiles/unknown/controller"};
      static constexpr const char* kPaths[] = {"/user/hand/left/input/select/click", "/user/hand/right/input/trigger/value",
                                               "/user/head/input/system/click", "/user/hand/left/output/haptic"};
      const char* profile_name = in.PickValueInArray(kProfileNames);
      profile = path(xr, instance, profile_name);
      std::vector<XrActionSuggestedBinding> b(in.ConsumeIntegralInRange(0, 4));
      for (auto& e : b)
        e = {in.ConsumeIntegralInRange(0, 5) == 0 ? bogus : g_input.actions[in.ConsumeBool() ? 1 : 0],
             path(xr, instance, in.PickValueInArray(kPaths))};
      auto* info = arena.make<XrInteractionProfileSuggestedBinding>(
          shape == 1 ? XR_TYPE_ACTIONS_SYNC_INFO : XR_TYPE_INTERACTION_PROFILE_SUGGESTED_BINDING);
      info->interactionProfile = profile;
      info->countSuggestedBindings = static_cast<uint32_t>(b.size());
      info->suggestedBindings = shape == 2 && !b.empty() ? nullptr : b.data();
      const auto* arg = shape == 0 ? nullptr : info;
      const std::vector<XrActionSuggestedBinding> b_before = b;
      const std::vector<uint64_t> before = arena.snapshot();
      rt.expect_input(tw::fuzz::InputCall::suggest, arg);
      r = xr.SuggestInteractionProfileBindings(instance, arg);
      if (arena.snapshot() != before ||
          (!b.empty() && std::memcmp(b.data(), b_before.data(), b.size() * sizeof b[0]) != 0))
        finding("the layer modified the app's suggested bindings");
      expect_merge = tw::xr::find_own_profile(profile_name) != nullptr &&
                     tw::xr::find_own_profile(profile_name)->extension == nullptr && !g_refused_profiles.count(profile) &&
                     !rt.refuse_timewall_bindings;  // refused with Timewall's: the app's own goes on alone
    } else {
      if (target == kUnknownSession) {
        XrActionsSyncInfo sync{XR_TYPE_ACTIONS_SYNC_INFO};
        XrSessionActionSetsAttachInfo attach{XR_TYPE_SESSION_ACTION_SETS_ATTACH_INFO};
        const XrResult u = what == 1 ? xr.AttachSessionActionSets(target, &attach) : xr.SyncActions(target, &sync);
        if (u != XR_ERROR_HANDLE_INVALID) finding("an input call on an unknown session did not fail");
        return;
      }
      const bool hidden_set = g_with_hidden_set.count(target) != 0;
      std::vector<XrActiveActionSet> sets(in.ConsumeIntegralInRange(0, 2));
      for (auto& e : sets) e = {in.ConsumeIntegralInRange(0, 3) == 0 ? g_input.stray : g_input.set, XR_NULL_PATH};
      if (what == 1) {
        std::vector<XrActionSet> handles;
        for (const auto& e : sets) handles.push_back(e.actionSet);
        auto* info = arena.make<XrSessionActionSetsAttachInfo>(
            shape == 1 ? XR_TYPE_ACTIONS_SYNC_INFO : XR_TYPE_SESSION_ACTION_SETS_ATTACH_INFO);
        info->countActionSets = static_cast<uint32_t>(handles.size());
        info->actionSets = shape == 2 && !handles.empty() ? nullptr : handles.data();
        const auto* arg = shape == 0 ? nullptr : info;
        const std::vector<uint64_t> before = arena.snapshot();
        rt.expect_input(tw::fuzz::InputCall::attach, arg);
        r = xr.AttachSessionActionSets(target, arg);
        if (arena.snapshot() != before) finding("the layer modified the app's attach info");
        expect_merge = true;
        if (XR_SUCCEEDED(r)) g_with_hidden_set.insert(target);
      } else {
        auto* info = arena.make<XrActionsSyncInfo>(shape == 1 ? XR_TYPE_ACTION_STATE_GET_INFO : XR_TYPE_ACTIONS_SYNC_INFO);
        info->countActiveActionSets = static_cast<uint32_t>(sets.size());
        info->activeActionSets = shape == 2 && !sets.empty() ? nullptr : sets.data();
        const auto* arg = shape == 0 ? nullptr : info;
        const std::vector<uint64_t> before = arena.snapshot();
        rt.expect_input(tw::fuzz::InputCall::sync, arg);
        r = xr.SyncActions(target, arg);
        if (arena.snapshot() != before) finding("the layer modified the app's sync info");
        expect_merge = hidden_set && !sets.empty();
        const tw::fuzz::InputSeen& seen = rt.input_seen();
        if (seen.own_calls > 1) finding("more than one sync of Timewall's set alone per app sync");
        if (hidden_set && sets.empty() && shape != 0 && shape != 1 && XR_SUCCEEDED(r) && seen.own_calls != 1)
          finding("a sync of no sets left Timewall's set unsynced");
      }
    }
    const tw::fuzz::InputSeen seen = rt.input_seen();
    rt.expect_input(tw::fuzz::InputCall::none, nullptr);
    ++g_tally.inputs;
    if (seen.calls == 0 || seen.calls > 2) finding("an app input call reached the runtime other than once or twice");
    if (r != seen.last_result) finding("the layer returned another result than the runtime's to the app's input call");
    if (XR_FAILED(r) && seen.last_merged) finding("a refusal of Timewall's merged call was handed to the app");
    if (XR_SUCCEEDED(r) && expect_merge && !seen.last_merged)
      finding("an accepted input call did not carry Timewall's bindings or set");
    g_tally.merged += seen.last_merged;
    if (what == 0 && seen.calls == 2 && XR_SUCCEEDED(r)) g_refused_profiles.insert(profile);
  }

  void wait_begin_end() {
    AppSession* s = pick();
    if (s == nullptr) return;
    XrSessionBeginInfo begin{XR_TYPE_SESSION_BEGIN_INFO};
    begin.primaryViewConfigurationType = XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO;
    XrFrameState frame{XR_TYPE_FRAME_STATE};
    const int what = in.ConsumeIntegralInRange(0, 2);
    const XrResult r = forwarded("a session call", [&] {
      return what == 0 ? xr.BeginSession(s->handle, &begin)
             : what == 1 ? xr.WaitFrame(s->handle, nullptr, &frame)
                         : xr.EndSession(s->handle);
    });
    if (r != XR_SUCCESS) finding("a forwarded session call failed");
  }
};

XrGraphicsBindingVulkanKHR good_binding() {
  XrGraphicsBindingVulkanKHR b{XR_TYPE_GRAPHICS_BINDING_VULKAN_KHR};
  b.instance = g_vk->instance();
  b.physicalDevice = g_vk->physical_device();
  b.device = g_vk->device();
  b.queueFamilyIndex = g_vk->queue_family();
  return b;
}

void run(FuzzedDataProvider& in) {
  g_failed = false;  // as if the layer had just been loaded
  Run run{in, g_instance, calls_of(g_instance)};
  run.pooled_session();  // most inputs are about a session that can show overlays
  for (int op = 0; op < 48 && in.remaining_bytes() > 0; ++op) {
    switch (in.ConsumeIntegralInRange(0, 12)) {
      case 0: run.create_session(); break;
      case 1: run.pooled_session(); break;
      case 2: run.destroy_session(); break;
      case 3:
      case 4: run.poll_event(); break;
      case 5: run.wait_begin_end(); break;
      case 6: run.request_exit(); break;
      case 7: run.action_state(); break;
      case 11:
      case 12: run.input(); break;
      default: run.end_frame(); break;
    }
  }
  for (const AppSession& s : run.sessions) {
    if (s.pooled) continue;
    if (run.xr.DestroySession(s.handle) != XR_SUCCESS) finding("xrDestroySession failed");
    end_model(s.handle);
  }
  const LayerRuntime& rt = LayerRuntime::get();
  if (rt.live_sessions() != g_pool.size() || g_sessions.size() != g_pool.size() || g_models.size() != g_pool.size())
    finding("sessions outlived xrDestroySession");
}

// The harness must see the layer work before it fuzzes it, and each of its
// checks able to fail: a Vulkan session with the app's budget shows nothing
// before the app is focused, the ring once it is, nothing in a full frame,
// nothing once the app is blurred.
void self_check() {
  g_failed = false;
  const XrInstance instance = create_instance();
  const Calls xr = calls_of(instance);
  LayerRuntime& rt = LayerRuntime::get();
  rt.next_max_layers = 16;
  XrGraphicsBindingVulkanKHR binding = good_binding();
  XrSessionCreateInfo info{XR_TYPE_SESSION_CREATE_INFO};
  info.next = &binding;
  info.systemId = 1;
  XrSession session = XR_NULL_HANDLE, plain = XR_NULL_HANDLE;
  if (xr.CreateSession(instance, &info, &session) != XR_SUCCESS) finding("self-check: xrCreateSession failed");
  // The app attaches its set: Timewall's goes with it, so its select is read.
  const AppInput app = make_app_input(xr, instance);
  XrSessionActionSetsAttachInfo attach{XR_TYPE_SESSION_ACTION_SETS_ATTACH_INFO};
  attach.countActionSets = 1;
  attach.actionSets = &app.set;
  rt.expect_input(tw::fuzz::InputCall::attach, &attach);
  if (xr.AttachSessionActionSets(session, &attach) != XR_SUCCESS) finding("self-check: xrAttachSessionActionSets failed");
  rt.expect_input(tw::fuzz::InputCall::none, nullptr);
  auto state = [&](XrSessionState st) {
    rt.queue_state(session, st);
    XrEventDataBuffer event{XR_TYPE_EVENT_DATA_BUFFER};
    if (xr.PollEvent(instance, &event) != XR_SUCCESS) finding("self-check: xrPollEvent failed");
  };
  XrFrameEndInfo empty{XR_TYPE_FRAME_END_INFO};
  empty.displayTime = 1'000'000'000;
  empty.environmentBlendMode = XR_ENVIRONMENT_BLEND_MODE_OPAQUE;
  XrCompositionLayerProjection projection{XR_TYPE_COMPOSITION_LAYER_PROJECTION};
  const std::vector<const XrCompositionLayerBaseHeader*> full_layers(
      rt.next_max_layers, reinterpret_cast<const XrCompositionLayerBaseHeader*>(&projection));
  XrFrameEndInfo full = empty;
  full.layerCount = static_cast<uint32_t>(full_layers.size());
  full.layers = full_layers.data();
  bool blocked = false;  // the last frame's app layers were held back
  auto added = [&](const XrFrameEndInfo& frame) {
    rt.expect_frame(&frame);
    if (xr.EndFrame(session, &frame) != XR_SUCCESS || g_failed) finding("self-check: xrEndFrame failed");
    const uint32_t n = rt.seen().first_added;
    blocked = rt.seen().blocked;
    rt.expect_frame(nullptr);
    return n;
  };
  // A used-up budget that blocks shows its shield from the first frame, focused or not.
  if (g_policy != PolicyKind::block && added(empty) != 0) finding("self-check: a Timewall layer before the app was focused");
  for (XrSessionState st : {XR_SESSION_STATE_READY, XR_SESSION_STATE_SYNCHRONIZED, XR_SESSION_STATE_VISIBLE,
                            XR_SESSION_STATE_FOCUSED})
    state(st);
  for (int i = 0; i < 2; ++i) {
    const uint32_t n = added(empty);
    if (n == 0) finding("self-check: no budget ring in the focused app's empty frame");
    if (n > kMaxTimewallLayers) finding("self-check: more than kMaxTimewallLayers Timewall layers");
  }
  if (g_policy != PolicyKind::notify) {
    // The card takes answers: the head, turned in 1 deg steps, finds one of
    // its buttons, and a select press there chooses it.
    Session* ls = find_session(session);
    bool hovered = false;
    for (int yaw = -15; yaw <= 15 && !hovered; ++yaw)
      for (int pitch = -25; pitch <= -5 && !hovered; ++pitch) {
        rt.head_pose = turned({0, 1.6f, 0}, static_cast<float>(yaw), static_cast<float>(pitch));
        added(empty);
        hovered = ls->binding->last_answer().hovered.valid;
      }
    if (!hovered) finding("self-check: the head gaze found no button on the card");
    g_button_pose = rt.head_pose;
    rt.action_answer = {.result = XR_SUCCESS, .active = XR_TRUE, .changed = XR_TRUE, .value = 1.f};
    added(empty);
    const bool chosen = ls->binding->last_answer().chosen;
    rt.action_answer = {};
    added(empty);
    if (!chosen && ls->binding->last_answer().hovered.enabled)
      finding("self-check: a select press on an enabled button chose nothing");
    rt.head_pose = turned({0, 1.6f, 0}, 0.f, 0.f);
  }
  if (g_policy == PolicyKind::block) {
    // A block holds the app's layers back: the shield alone, even in a full frame.
    if (added(full) == 0 || !blocked) finding("self-check: a full frame under a block was not the shield alone");
  } else if (added(full) != 0) {
    finding("self-check: a Timewall layer in a full frame");
  }
  state(XR_SESSION_STATE_VISIBLE);
  // The block shield stays while the app is visible.
  if (g_policy != PolicyKind::block && added(empty) != 0) finding("self-check: a Timewall layer after the app lost focus");
  // The instance goes with both sessions alive: the layer must take its own
  // objects along first (the runtime checks), and forget both.
  info.next = nullptr;
  if (xr.CreateSession(instance, &info, &plain) != XR_SUCCESS) finding("self-check: xrCreateSession failed");
  if (xr.DestroyInstance(instance) != XR_SUCCESS) finding("self-check: xrDestroyInstance failed");
  if (rt.live_sessions() != 0 || rt.live_swapchains() != 0 || rt.live_spaces() != 0 || !g_sessions.empty() ||
      !g_instances.empty())
    finding("self-check: objects outlived xrDestroyInstance");
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  setenv("TIMEWALL_LAYER_FRAME_LOG", "/dev/null", 1);  // exercise the frame log too
  setenv("TIMEWALL_LAYER_APP_MAP", "/nonexistent/openxr-apps.conf", 1);
  // Hermetic: a budget on fuzz_app, no ledger.
  const char* kind = std::getenv("TW_FUZZ_LAYER_POLICY");
  const std::string which = kind && *kind ? kind : "notify";
  if (which == "friction") g_policy = PolicyKind::friction;
  else if (which == "block") g_policy = PolicyKind::block;
  else if (which != "notify") finding("TW_FUZZ_LAYER_POLICY must be notify, friction or block");
  const std::string policy = std::string(TW_FUZZ_LAYER_POLICY_DIR) + "/layer_policy" +
                             (which == "notify" ? std::string() : "_" + which) + ".toml";
  setenv("TIMEWALL_POLICY", policy.c_str(), 1);
  LayerRuntime::get().allow_block = g_policy == PolicyKind::block;
  setenv("TIMEWALL_LEDGER", "none", 1);
  auto vk = tw::HeadlessVulkan::create({});
  if (!vk) {
    std::fprintf(stderr, "tw_fuzz_layer: no Vulkan device: %s\n", vk.error().message.c_str());
    std::abort();
  }
  g_vk = new tw::HeadlessVulkan(std::move(vk.value()));
  LayerRuntime::init(g_vk->physical_device(), g_vk->device());
  g_layer = negotiate();
  self_check();
  g_instance = create_instance();
  g_input = make_app_input(calls_of(g_instance), g_instance);
  g_app_focused = false;  // a new instance: a new engine
  std::atexit([] {
    std::fprintf(stderr,
                 "tw_fuzz_layer: %llu frames checked, %llu with Timewall layers, %llu with the ring due, %llu "
                 "retried without them; %llu events, %llu focus changes; %llu input calls, %llu merged; "
                 "%llu blocked, %llu reads or buzzes captured, %llu frames hovering a button, %llu answers, "
                 "%llu exits\n",
                 static_cast<unsigned long long>(g_tally.frames), static_cast<unsigned long long>(g_tally.with_layers),
                 static_cast<unsigned long long>(g_tally.ring_due), static_cast<unsigned long long>(g_tally.retried),
                 static_cast<unsigned long long>(g_tally.events),
                 static_cast<unsigned long long>(g_tally.focus_changes),
                 static_cast<unsigned long long>(g_tally.inputs), static_cast<unsigned long long>(g_tally.merged),
                 static_cast<unsigned long long>(g_tally.blocked), static_cast<unsigned long long>(g_tally.captured),
                 static_cast<unsigned long long>(g_tally.hovered), static_cast<unsigned long long>(g_tally.answers),
                 static_cast<unsigned long long>(g_tally.exits));
  });
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  run(in);
  return 0;
}
