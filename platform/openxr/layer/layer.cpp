// layer.cpp: XR_APILAYER_TIMEWALL_overlay, the OpenXR API layer.
//
// A thin shell over tw::xr::SessionBinding and tw::xr::LayerCore: it
// intercepts the instance, session, event, input and frame calls of any OpenXR
// app. Each xrEndFrame, the session's signals (state changes, input, head
// motion) go to the core's Engine, whose budget ring the SessionBinding draws
// (Vulkan sessions only) and appends to the frame. Everything else is
// forwarded untouched. Attended time is recorded in any session, with or
// without overlays.
//
// Rules kept at every entry point (this code runs in someone else's process):
//   - nothing throws across the ABI: each entry has a catch-all;
//   - the app's structs are never modified; xrEndFrame gets a copy with a new
//     layer array, and unknown next-chain structs pass through as they were;
//   - on any internal failure, overlays are switched off, the failure is
//     logged once to stderr, and every call keeps being forwarded;
//   - the library exports only xrNegotiateLoaderApiLayerInterface.
//
// [SECTION] state  [SECTION] helpers  [SECTION] intercepted calls  [SECTION] loader interface

#include <algorithm>
#include <array>
#include <atomic>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/system_clock.hpp"
#include "core/app_id.hpp"
#include "core/app_id_overrides.hpp"
#include "core/input_gate.hpp"
#include "core/policy/app_coverage.hpp"
#include "openxr/layer/app_views_head.hpp"
#include "openxr/layer/hand_pinch.hpp"
#include "openxr/layer/head_locator.hpp"
#include "openxr/layer/head_watch.hpp"
#include "openxr/layer/layer_actions.hpp"
#include "openxr/layer/layer_core.hpp"
#if TW_WITH_DBUS
#include "openxr/layer/layer_inbox.hpp"
#include "core/device/service_deferral.hpp"
#endif
#include "openxr/layer/layer_shield.hpp"
#include "openxr/layer/user_presence.hpp"
#include "openxr/loader_negotiation.hpp"
#include "openxr/session_binding.hpp"

#define TW_EXPORT extern "C" __attribute__((visibility("default")))

namespace {

// [SECTION] state

constexpr const char* kLayerName = "XR_APILAYER_TIMEWALL_overlay";
constexpr uint32_t kMaxTimewallLayers = 4;
constexpr size_t kOwnSignals = 16;  // state and input signals between two frames
// The engine ticks at once when the session's state or input changed, else at
// most this often: overlays change by the displayed minute or countdown
// second, and attended time is exact whatever the rate (it comes from the
// Instants), so ticking every 90 Hz frame would only cost CPU in the app.
constexpr int64_t kCoreTickNs = 100'000'000;
static_assert(tw::kOpenXrMaxNameBytes == XR_MAX_APPLICATION_NAME_SIZE - 1, "the app id rule's OpenXR name limit");

struct Instance {
  XrInstance handle = XR_NULL_HANDLE;
  PFN_xrGetInstanceProcAddr next_gipa = nullptr;
  PFN_xrDestroyInstance DestroyInstance = nullptr;
  PFN_xrCreateSession CreateSession = nullptr;
  PFN_xrDestroySession DestroySession = nullptr;
  PFN_xrBeginSession BeginSession = nullptr;
  PFN_xrEndSession EndSession = nullptr;
  PFN_xrPollEvent PollEvent = nullptr;
  PFN_xrWaitFrame WaitFrame = nullptr;
  PFN_xrEndFrame EndFrame = nullptr;
  PFN_xrRequestExitSession RequestExitSession = nullptr;
  PFN_xrGetActionStateBoolean GetActionStateBoolean = nullptr;
  PFN_xrGetActionStateFloat GetActionStateFloat = nullptr;
  PFN_xrGetActionStateVector2f GetActionStateVector2f = nullptr;
  PFN_xrCreateReferenceSpace CreateReferenceSpace = nullptr;
  PFN_xrCreateActionSpace CreateActionSpace = nullptr;
  PFN_xrLocateViews LocateViews = nullptr;
  bool overlays = false;   // the dispatch for Timewall's own calls loaded
  // TIMEWALL_LAYER_APP_VIEWS=0: locate VIEW each frame instead of taking the
  // head from the app's views (a runtime whose eye centre is not VIEW's origin).
  bool head_from_app_views = true;
  // TIMEWALL_LAYER_MAX_LAYERS=N: at most N layers a frame, the app's
  // included (0: the runtime's maxLayerCount); a low N tests the atlas.
  uint32_t max_layers = 0;
  // XR_EXT_user_presence is enabled (by the layer or the app), and whether
  // the app enabled it itself (else its events are hidden from it).
  bool user_presence = false;
  bool app_user_presence = false;
  tw::xr::Offer user_presence_offer = tw::xr::Offer::unknown;
  // XR_EXT_hand_tracking likewise (a pinch selects, hand_pinch.hpp); its
  // functions are hidden from an app that did not enable it itself.
  bool hand_tracking = false;
  bool app_hand_tracking = false;
  tw::xr::Offer hand_tracking_offer = tw::xr::Offer::unknown;
  tw::xr::HandDispatch hands{};  // loaded: hand_tracking and the runtime gave its functions
  bool hands_loaded = false;
  tw::xr::XrDispatch xr{};
  std::string app_name;
  std::string ledger_id;
  std::string id_source;  // how ledger_id was found: the app map's line, or the rule
  std::mutex core_mutex;  // the core and every session's own signals
  std::unique_ptr<tw::xr::LayerCore> core;  // null only if it could not be built
  std::unique_ptr<tw::xr::LayerActions> actions;  // Timewall's hidden actions; null: none in this instance
#if TW_WITH_DBUS
  std::unique_ptr<tw::xr::LayerInbox> inbox;  // serve's notification cards; null: not read (layer_inbox.hpp)
  // timewalld counts this app: the core does not (layer_defer.hpp). Under core_mutex.
  tw::ServiceDeferral defer;
#endif
  FILE* frame_log = nullptr;
};

struct Session {
  Instance* instance = nullptr;
  XrSession handle = XR_NULL_HANDLE;
  std::unique_ptr<tw::xr::SessionBinding> binding;  // null: this session has no overlays
  XrViewConfigurationType view_config = XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO;
  uint64_t frames = 0;
  std::atomic<XrTime> predicted_display_time{0};  // from xrWaitFrame, maybe on another thread
  // The head, located by the layer itself each frame (any session), into
  // motion and presence signals; null when its spaces could not be made.
  std::unique_ptr<tw::xr::HeadLocator> head;
  // The head from the app's own xrLocateViews at the frame's display time,
  // when it located there; else `head` locates VIEW (app_views_head.hpp).
  tw::xr::AppViewsHead app_head;
  uint64_t head_frames = 0;  // frame log only: frames whose head was sampled
  tw::xr::HeadWatch head_watch;
  uint64_t head_policy = ~uint64_t{0};  // the policy version head_watch's afk_after_s is from
  std::vector<const XrCompositionLayerBaseHeader*> layers;  // capacity kept across frames
  // Session states, input and the head become signals here, with or
  // without a binding, in time order; handed to the core as `batch`.
  tw::xr::SessionAttention attention;
  std::array<tw::Signal, kOwnSignals> own{};
  size_t own_count = 0;
  std::atomic<bool> input{false};  // an action state changed since the last frame
  std::array<tw::Signal, kOwnSignals> batch{};
  int64_t last_tick_ns = 0;
  bool ticked = false;
  bool views_logged = false;
  bool backdrop_logged = false;
  int64_t ring_min = -1;  // frame log only: the ring's displayed minutes left and limit, -1 = no ring
  int64_t ring_limit_min = -1;
  int64_t steady_cpu_ns = 0;  // frame log only: Timewall's own CPU time in frames
  tw::xr::SessionActions actions;  // the hidden set's attachment, aim spaces and the app's input gate
  tw::layout::WearerInput wearer;  // this frame's hands (LayerActions::read_hands), for the answering code
  std::unique_ptr<tw::xr::HandPinch> pinch;  // null: no XR_EXT_hand_tracking trackers in this session
  std::atomic<uint64_t> reads{0};  // frame log only: the app's action state reads, those it saw
  std::atomic<uint64_t> reads_active{0};    // active, and those made while a card captured input
  std::atomic<uint64_t> reads_captured{0};
  uint64_t answering_frames = 0;  // frame log only: frames in which a card took answers (aims located)
  std::array<uint64_t, 4> hand_frames{};  // frame log only: frames with the left, right aim located, select, dismiss
  uint64_t steady_frames = 0;  // that rendered nothing (the steady state)
  // The core said the wearer chose "leave" on this app (tw::wearer_left):
  // the layer asks the runtime to end the session, once, and only then.
  int hover_logged = -1;  // frame log only: the hovered button last logged, -1 none
  bool exit_wanted = false;
  bool exit_requested = false;
};

std::mutex g_mutex;
std::unordered_map<XrInstance, std::unique_ptr<Instance>> g_instances;
std::unordered_map<XrSession, std::unique_ptr<Session>> g_sessions;
std::atomic<bool> g_failed{false};
const tw::SystemClock g_clock;

// [SECTION] helpers

void log_line(const char* what) noexcept { std::fprintf(stderr, "[%s] %s\n", kLayerName, what); }

// Says once per session what the app counts as and what the policy in force
// does with it (docs/openxr.md), to stderr and the frame log: a mapping that
// does not match shows here before the wearer relies on it.
void log_resolution(Instance& i) {
  if (!i.core) return;
  std::string line;
  {
    std::lock_guard lock(i.core_mutex);
    const tw::Policy& p = i.core->policy();
    line = "application \"" + i.app_name + "\" counts as \"" + i.ledger_id + "\" (" + i.id_source + "): " +
           tw::describe_app_coverage(p, tw::app_coverage(p, i.ledger_id));
  }
  log_line(line.c_str());
  if (i.frame_log) std::fprintf(i.frame_log, "# resolved %s\n", line.c_str());
}

// Switches overlays off for the whole process and says why, once.
void fail(const std::string& why) noexcept {
  if (!g_failed.exchange(true)) {
    const std::string msg = "overlays disabled, the app continues without them: " + why;
    log_line(msg.c_str());
  }
}

int64_t thread_cpu_ns() noexcept {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

Instance* find_instance(XrInstance h) {
  std::lock_guard lock(g_mutex);
  auto it = g_instances.find(h);
  return it == g_instances.end() ? nullptr : it->second.get();
}

Session* find_session(XrSession h) {
  std::lock_guard lock(g_mutex);
  auto it = g_sessions.find(h);
  return it == g_sessions.end() ? nullptr : it->second.get();
}

template <class Pfn>
bool next_proc(Instance& i, const char* name, Pfn& out) {
  PFN_xrVoidFunction fn = nullptr;
  if (XR_FAILED(i.next_gipa(i.handle, name, &fn)) || fn == nullptr) return false;
  out = reinterpret_cast<Pfn>(fn);
  return true;
}

const XrGraphicsBindingVulkanKHR* find_vulkan_binding(const void* next) {
  for (auto* s = static_cast<const XrBaseInStructure*>(next); s != nullptr; s = s->next)
    if (s->type == XR_TYPE_GRAPHICS_BINDING_VULKAN_KHR)  // also XR_TYPE_GRAPHICS_BINDING_VULKAN2_KHR
      return reinterpret_cast<const XrGraphicsBindingVulkanKHR*>(s);
  return nullptr;
}

void push_own(Session& s, const tw::Signal& sig) {
  if (s.own_count == s.own.size()) {  // keep the newest
    for (size_t k = 1; k < s.own.size(); ++k) s.own[k - 1] = s.own[k];
    --s.own_count;
  }
  s.own[s.own_count++] = sig;
}

// The session's signals since the last tick, oldest first; drains the queue.
std::span<const tw::Signal> gather(Session& s, tw::Instant now) {
  if (s.input.exchange(false))
    push_own(s, {.at = now, .kind = tw::SignalKind::interaction, .app = s.instance->core->app()});
  if (s.binding) s.binding->clear_signals();  // its head samples: the layer takes its own (sample_head)
  const size_t n = s.own_count;
  std::copy_n(s.own.begin(), n, s.batch.begin());
  s.own_count = 0;
  return {s.batch.data(), n};
}

// The head at the frame's display time (VIEW in the binding's LOCAL space, or
// the locator's own without a binding) -> head_motion and presence signals
// (head_watch.hpp); the binding reuses the pose for placement and head gaze
// (SessionBinding::use_head), so one locate serves the frame.
void sample_head(Session& s, tw::Instant now, XrTime t) {
  if (!s.head || !s.instance->core) return;
  tw::HeadPose pose;
  ++s.head_frames;
  const bool tracked = (s.binding && s.instance->head_from_app_views &&
                        s.app_head.take(s.instance->xr, s.binding->app_space(), t, pose)) ||
                       s.head->locate(t, pose);
  if (s.binding)
    s.binding->use_head(t, tracked, {{pose.qx, pose.qy, pose.qz, pose.qw}, {pose.x_m, pose.y_m, pose.z_m}});
  tw::xr::LayerCore& core = *s.instance->core;
  std::lock_guard lock(s.instance->core_mutex);
  if (core.policy_version() != s.head_policy) {
    s.head_policy = core.policy_version();
    s.head_watch.set_afk_after_s(core.policy().attention.afk_after_s);
  }
  for (const tw::Signal& sig : tracked ? s.head_watch.on_pose(pose, now, core.app())
                                       : s.head_watch.on_untracked(now, core.app()))
    push_own(s, sig);
}

// The binding failed for good. The head locator borrowed its LOCAL space: it
// gets one of its own first, so presence goes on without the overlays.
void drop_binding(Session& s) {
  if (s.head && s.binding) {
    auto own = tw::xr::HeadLocator::create(s.instance->xr, s.instance->handle, s.handle);
    s.head = own ? std::move(own.value()) : nullptr;
    if (!own) log_line(("no head pose, so no presence from it: " + own.error().message).c_str());
  }
  s.binding.reset();
}

// Signals -> Engine::tick -> the overlays the binding draws (see kCoreTickNs).
// Caller holds core_mutex.
void run_core(Session& s, tw::Instant now, bool force = false) {
  const bool due = force || !s.ticked || s.own_count > 0 || s.input.load(std::memory_order_relaxed) ||
                   now.mono_ns - s.last_tick_ns >= kCoreTickNs;
  if (!due) return;
  s.ticked = true;
  s.last_tick_ns = now.mono_ns;
  tw::xr::LayerCore& core = *s.instance->core;
  std::span<const tw::Signal> signals = gather(s, now);
#if TW_WITH_DBUS
  // The inbox thread's newest answer from timewalld decides, this frame,
  // whether the core counts this app (never a bus call here).
  tw::xr::LayerInbox* inbox = s.instance->inbox.get();
  tw::ServiceDeferral& defer = s.instance->defer;
  if (inbox) {
    inbox->refresh();
    const tw::dbus::ServiceView& view = inbox->service();
    const bool was = defer.deferring();
    const std::span<const tw::Signal> turn =
        defer.update(view.present, view.decision, s.attention.focused(), core.app(), now);
    if (defer.deferring()) {
      signals = defer.filter(turn, signals);  // no focus change: it would count the app again
    } else if (!turn.empty()) {
      core.tick(now, turn);  // counting again from now, then this frame's signals
    }
    if (was != defer.deferring() && s.instance->frame_log)
      std::fprintf(s.instance->frame_log, "# service %s frame %llu unix_ms %lld\n",
                   defer.deferring() ? "accounts" : "gone", static_cast<unsigned long long>(s.frames + 1),
                   static_cast<long long>(now.unix_ms));
  }
#endif
  const tw::TickOutput& out = core.tick(now, signals);
  s.actions.capture.store(tw::captures_input(out.overlays), std::memory_order_relaxed);
  for (const tw::Decision& d : out.decisions)
    if (tw::wearer_left(d) && d.app == core.app()) s.exit_wanted = true;
  const tw::Overlay* ring = core.ring();
  // As the ring shows them: whole minutes, rounded up.
  s.ring_min = ring ? (ring->remaining_s + 59) / 60 : -1;
  s.ring_limit_min = ring ? (ring->limit_s + 59) / 60 : -1;
  if (!s.binding) return;
  std::span<const tw::Overlay> shown = out.overlays;
  std::span<const tw::NotificationText> notes;
#if TW_WITH_DBUS
  if (defer.deferring()) {  // the service's ring and shield instead of the core's
    const tw::AppDecision& d = inbox->service().decision;
    shown = defer.compose(out.overlays, d, core.policy(), core.app(),
                          core.runtime().engine().scheduler().category_of(core.app()));
    s.ring_min = d.ring_limit_ms >= 0 ? (std::max<int64_t>(0, d.ring_limit_ms - d.ring_used_ms) / 1000 + 59) / 60 : -1;
    s.ring_limit_min = d.ring_limit_ms >= 0 ? (d.ring_limit_ms / 1000 + 59) / 60 : -1;
  }
  if (inbox) {  // serve's cards beside the core's
    inbox->compose(shown);
    shown = inbox->overlays();
    notes = inbox->texts();
  }
#endif
  s.binding->set_overlays(shown, {&core.policy(), &core.apps(), &core.categories(), notes}, core.fast_motion());
}

// The session is going: its last signals (a blur if the app never left
// FOCUSED), then Engine::finish commits what it recorded.
void end_session(Session& s) {
  Instance& i = *s.instance;
  if (!i.core) return;
  const tw::Instant now = g_clock.now();
  std::lock_guard lock(i.core_mutex);
  if (s.attention.focused())
    for (const tw::Signal& sig : s.attention.on_state(XR_SESSION_STATE_EXITING, now, i.core->app())) push_own(s, sig);
  run_core(s, now, true);
  i.core->finish(now);
  if (i.frame_log) std::fprintf(i.frame_log, "# session_end unix_ms %lld\n", static_cast<long long>(now.unix_ms));
}

void log_views_once(Session& s, const XrFrameEndInfo& info) {
  if (s.views_logged || s.instance->frame_log == nullptr || info.displayTime <= 0) return;
  s.views_logged = true;
  XrViewLocateInfo locate{XR_TYPE_VIEW_LOCATE_INFO};
  locate.viewConfigurationType = s.view_config;
  locate.displayTime = info.displayTime;
  locate.space = s.binding->view_space();
  XrViewState state{XR_TYPE_VIEW_STATE};
  XrView views[4];
  for (auto& v : views) v = {XR_TYPE_VIEW};
  uint32_t n = 0;
  if (XR_FAILED(s.instance->xr.LocateViews(s.binding->session_handle(), &locate, &state, 4, &n, views))) return;
  const auto& p = s.binding->ring_placement();
  std::fprintf(s.instance->frame_log, "# panel ring %s_pos %.4f %.4f %.4f size_m %.4f %.4f orientation %.4f %.4f %.4f %.4f\n",
               p.view_space ? "view" : "local", p.pose.position.x, p.pose.position.y, p.pose.position.z,
               p.size_m.width, p.size_m.height, p.pose.orientation.x, p.pose.orientation.y, p.pose.orientation.z,
               p.pose.orientation.w);
  for (uint32_t v = 0; v < n; ++v)
    std::fprintf(s.instance->frame_log, "# view %u pos %.4f %.4f %.4f fov_rad %.4f %.4f %.4f %.4f\n", v,
                 views[v].pose.position.x, views[v].pose.position.y, views[v].pose.position.z,
                 views[v].fov.angleLeft, views[v].fov.angleRight, views[v].fov.angleUp, views[v].fov.angleDown);
}

// A pinch (XR_EXT_hand_tracking joints) is that hand's select, as the trigger
// is: it joins what read_hands() found (or stands alone without hidden actions).
void read_pinch(Session& s, XrTime t, bool answering, const tw::layout::PinchConfig& config) {
  s.pinch->configure(config);
  const std::array<bool, 2>& down = s.pinch->update(s.binding->app_space(), t, answering);
  for (int h : {tw::layout::kLeftHand, tw::layout::kRightHand}) {
    tw::layout::WearerHand& hand = s.wearer.hands[static_cast<size_t>(h)];
    hand.select_down = (s.instance->actions && hand.select_down) || down[static_cast<size_t>(h)];
    if (s.instance->frame_log && down[static_cast<size_t>(h)] && s.pinch->frame(h).select)
      std::fprintf(s.instance->frame_log, "# pinch %s gap_m %.4f frame %llu\n", h == tw::layout::kLeftHand ? "left" : "right",
                   static_cast<double>(s.pinch->frame(h).gap_m), static_cast<unsigned long long>(s.frames + 1));
  }
}

// This frame's answer to a card (SessionBinding::answer: the wearer's head
// gaze, hands and dismiss action on the layout just composed); a choice is
// queued for the core's next tick, which runs on the next frame.
void answer_cards(Session& s, tw::Instant now) {
  if (!s.binding || !s.instance->core) return;
  const tw::layout::AnswerFrame& f = s.binding->answer(s.wearer, now);
  Instance& i = *s.instance;
  // The frame log says when the hovered button changes (for tests), not every frame.
  const tw::layout::GazeTarget& h = f.hovered;
  const int hover = h.valid ? static_cast<int>(h.kind) * 8 + static_cast<int>(h.button) * 2 +
                                  (f.hovered_via == tw::layout::AnswerVia::aim ? 1 : 0)
                            : -1;
  if (i.frame_log && hover != s.hover_logged) {
    s.hover_logged = hover;
    if (!h.valid) {
      std::fprintf(i.frame_log, "# hover none frame %llu\n", static_cast<unsigned long long>(s.frames + 1));
    } else {
      const std::string_view button = tw::layout::to_string(h.button), via = tw::layout::to_string(f.hovered_via),
                             card = tw::to_string(h.kind);
      std::fprintf(i.frame_log, "# hover %.*s via %.*s card %.*s enabled %d frame %llu\n",
                   static_cast<int>(button.size()), button.data(), static_cast<int>(via.size()), via.data(),
                   static_cast<int>(card.size()), card.data(), h.enabled ? 1 : 0,
                   static_cast<unsigned long long>(s.frames + 1));
    }
  }
#if TW_WITH_DBUS
  // A choice on one of serve's notification cards goes back to serve.
  if (i.inbox && i.inbox->answer(f, s.binding->overlays())) {
    if (i.frame_log) {
      const std::string_view button = tw::layout::to_string(f.choice.button);
      std::fprintf(i.frame_log, "# notification %u %.*s frame %llu\n",
                   tw::notify_id_of(s.binding->overlays()[f.choice.overlay_index].nudge_id),
                   static_cast<int>(button.size()), button.data(), static_cast<unsigned long long>(s.frames + 1));
    }
    return;
  }
#endif
  tw::Signal sig;
  if (!s.binding->answer_signal(sig)) return;
  std::lock_guard lock(i.core_mutex);
  sig.app = i.core->app();
  push_own(s, sig);
  if (i.frame_log) {
    const std::string_view button = tw::layout::to_string(f.choice.button), via = tw::layout::to_string(f.via),
                           card = tw::to_string(f.choice.kind);
    std::fprintf(i.frame_log, "# answer %.*s via %.*s card %.*s frame %llu unix_ms %lld\n",
                 static_cast<int>(button.size()), button.data(), static_cast<int>(via.size()), via.data(),
                 static_cast<int>(card.size()), card.data(), static_cast<unsigned long long>(s.frames + 1),
                 static_cast<long long>(now.unix_ms));
  }
}

// The wearer chose "leave": xrRequestExitSession on their behalf, once. The
// STOPPING that follows is the app's exit, not the headset coming off.
void request_exit(Session& s) noexcept {
  s.exit_requested = true;
  Instance& i = *s.instance;
  const XrResult r = i.RequestExitSession(s.handle);
  try {
    std::lock_guard lock(i.core_mutex);
    if (XR_SUCCEEDED(r)) s.attention.on_exit_requested();
    if (i.frame_log) std::fprintf(i.frame_log, "# exit_requested result %d\n", static_cast<int>(r));
    if (XR_FAILED(r))
      log_line(("xrRequestExitSession on the wearer's leave failed: XrResult " + std::to_string(r)).c_str());
  } catch (...) {
    fail("internal error after xrRequestExitSession");
  }
}

// [SECTION] intercepted calls

XRAPI_ATTR XrResult XRAPI_CALL tw_xrGetInstanceProcAddr(XrInstance instance, const char* name,
                                                       PFN_xrVoidFunction* function);

XRAPI_ATTR XrResult XRAPI_CALL tw_xrDestroyInstance(XrInstance instance) {
  Instance* i = find_instance(instance);
  if (i == nullptr) return XR_ERROR_HANDLE_INVALID;
  const PFN_xrDestroyInstance next = i->DestroyInstance;
  try {
    std::unique_ptr<Instance> owned;
    std::vector<std::unique_ptr<Session>> sessions;  // destroyed before the instance goes
    {
      std::lock_guard lock(g_mutex);
      for (auto it = g_sessions.begin(); it != g_sessions.end();)
        if (it->second->instance == i) sessions.push_back(std::move(it->second)), it = g_sessions.erase(it);
        else ++it;
      owned = std::move(g_instances[instance]);
      g_instances.erase(instance);
    }
    for (auto& s : sessions) {
      end_session(*s);
      if (owned->actions) owned->actions->release(s->actions);
    }
    sessions.clear();
    if (owned->core) owned->core->finish(g_clock.now());
    if (owned->frame_log) std::fclose(owned->frame_log);
  } catch (...) {
    fail("internal error in xrDestroyInstance");
  }
  return next(instance);
}

XRAPI_ATTR XrResult XRAPI_CALL tw_xrCreateSession(XrInstance instance, const XrSessionCreateInfo* info,
                                                 XrSession* session) {
  Instance* i = find_instance(instance);
  if (i == nullptr) return XR_ERROR_HANDLE_INVALID;
  const XrResult r = i->CreateSession(instance, info, session);
  if (XR_FAILED(r)) return r;
  try {
    auto s = std::make_unique<Session>();
    s->instance = i;
    s->handle = *session;
    s->layers.reserve(64);
    const XrGraphicsBindingVulkanKHR* vk = info ? find_vulkan_binding(info->next) : nullptr;
    if (vk == nullptr) {
      log_line("this session is not a Vulkan session: no overlays in it");
    } else if (i->overlays && i->core && !g_failed) {
      auto b = tw::xr::SessionBinding::create({.xr = i->xr, .instance = instance, .system = info->systemId,
                                               .session = *session, .vulkan = *vk, .app = i->core->app(),
                                               .app_name = i->ledger_id, .max_layers = i->max_layers});
      if (b) s->binding = std::move(b.value());  // shows nothing until the engine's first tick
      else fail(b.error().message);
    }
    if (i->overlays && i->core) {
      auto head = tw::xr::HeadLocator::create(i->xr, instance, *session,
                                              s->binding ? s->binding->app_space() : XR_NULL_HANDLE);
      if (head) s->head = std::move(head.value());
      else log_line(("no head pose, so no presence from it: " + head.error().message).c_str());
    }
    if (s->binding && i->hands_loaded) {
      auto p = tw::xr::HandPinch::create(i->hands, instance, info->systemId, *session);
      if (p) s->pinch = std::move(p.value());
      else log_line(("no pinch from hand joints in this session: " + p.error().message).c_str());
    }
    if (i->frame_log && s->binding)
      std::fprintf(i->frame_log, "# session max_layers %u hand_trackers %d\n", s->binding->max_layer_count(),
                   s->pinch ? 1 : 0);
    log_resolution(*i);
    std::lock_guard lock(g_mutex);
    g_sessions[*session] = std::move(s);
  } catch (...) {
    fail("internal error in xrCreateSession");
  }
  return r;
}

XRAPI_ATTR XrResult XRAPI_CALL tw_xrDestroySession(XrSession session) {
  Session* s = find_session(session);
  if (s == nullptr) return XR_ERROR_HANDLE_INVALID;
  const PFN_xrDestroySession next = s->instance->DestroySession;
  try {
    std::unique_ptr<Session> owned;
    {
      std::lock_guard lock(g_mutex);
      owned = std::move(g_sessions[session]);
      g_sessions.erase(session);
    }
    end_session(*owned);
    if (owned->instance->actions) owned->instance->actions->release(owned->actions);
    if (FILE* log = owned->instance->frame_log) {
      std::fprintf(log, "# input reads %llu active %llu captured %llu\n",
                   static_cast<unsigned long long>(owned->reads.load()),
                   static_cast<unsigned long long>(owned->reads_active.load()),
                   static_cast<unsigned long long>(owned->reads_captured.load()));
      const auto& h = owned->hand_frames;
      std::fprintf(log, "# hands frames %llu aim_left %llu aim_right %llu select %llu dismiss %llu answering %llu\n",
                   static_cast<unsigned long long>(owned->frames), static_cast<unsigned long long>(h[0]),
                   static_cast<unsigned long long>(h[1]), static_cast<unsigned long long>(h[2]),
                   static_cast<unsigned long long>(h[3]), static_cast<unsigned long long>(owned->answering_frames));
    }
    if (FILE* log = owned->instance->frame_log; log && owned->pinch) {
      const tw::xr::HandPinch::Stats& p = owned->pinch->stats();
      std::fprintf(log,
                   "# hand_joints frames %llu tracked_left %llu tracked_right %llu pinches_left %llu pinches_right %llu "
                   "min_gap_m_left %.4f min_gap_m_right %.4f\n",
                   static_cast<unsigned long long>(p.frames), static_cast<unsigned long long>(p.tracked[0]),
                   static_cast<unsigned long long>(p.tracked[1]), static_cast<unsigned long long>(p.pinches[0]),
                   static_cast<unsigned long long>(p.pinches[1]), static_cast<double>(p.min_gap_m[0]),
                   static_cast<double>(p.min_gap_m[1]));
    }
    if (FILE* log = owned->instance->frame_log)
      std::fprintf(log, "# head frames %llu from_app_views %llu\n", static_cast<unsigned long long>(owned->head_frames),
                   static_cast<unsigned long long>(owned->app_head.taken()));
    if (FILE* log = owned->instance->frame_log; log && owned->steady_frames > 0)
      std::fprintf(log, "# steady_state frames %llu layer_cpu_ns_per_frame %lld\n",
                   static_cast<unsigned long long>(owned->steady_frames),
                   static_cast<long long>(owned->steady_cpu_ns / static_cast<int64_t>(owned->steady_frames)));
    owned.reset();  // Timewall's swapchains and spaces go before the session
  } catch (...) {
    fail("internal error in xrDestroySession");
  }
  return next(session);
}

XRAPI_ATTR XrResult XRAPI_CALL tw_xrBeginSession(XrSession session, const XrSessionBeginInfo* info) {
  Session* s = find_session(session);
  if (s == nullptr) return XR_ERROR_HANDLE_INVALID;
  if (info != nullptr) s->view_config = info->primaryViewConfigurationType;
  return s->instance->BeginSession(session, info);
}

XRAPI_ATTR XrResult XRAPI_CALL tw_xrEndSession(XrSession session) {
  Session* s = find_session(session);
  if (s == nullptr) return XR_ERROR_HANDLE_INVALID;
  return s->instance->EndSession(session);
}

// The app's reference and action spaces and its located views: what
// AppViewsHead needs to take the head from the app's own xrLocateViews.
XRAPI_ATTR XrResult XRAPI_CALL tw_xrCreateReferenceSpace(XrSession session, const XrReferenceSpaceCreateInfo* info,
                                                         XrSpace* space) {
  Session* s = find_session(session);
  if (s == nullptr) return XR_ERROR_HANDLE_INVALID;
  const XrResult r = s->instance->CreateReferenceSpace(session, info, space);
  if (XR_SUCCEEDED(r) && info != nullptr && space != nullptr) s->app_head.on_space_created(*space, info->referenceSpaceType);
  return r;
}

XRAPI_ATTR XrResult XRAPI_CALL tw_xrCreateActionSpace(XrSession session, const XrActionSpaceCreateInfo* info,
                                                      XrSpace* space) {
  Session* s = find_session(session);
  if (s == nullptr) return XR_ERROR_HANDLE_INVALID;
  const XrResult r = s->instance->CreateActionSpace(session, info, space);
  if (XR_SUCCEEDED(r) && space != nullptr) s->app_head.on_action_space_created(*space);
  return r;
}

XRAPI_ATTR XrResult XRAPI_CALL tw_xrLocateViews(XrSession session, const XrViewLocateInfo* info, XrViewState* state,
                                                uint32_t capacity, uint32_t* count, XrView* views) {
  Session* s = find_session(session);
  if (s == nullptr) return XR_ERROR_HANDLE_INVALID;
  const XrResult r = s->instance->LocateViews(session, info, state, capacity, count, views);
  if (r == XR_SUCCESS && info != nullptr && state != nullptr && count != nullptr && views != nullptr && capacity > 0)
    s->app_head.on_views(info->space, info->displayTime, state->viewStateFlags,
                         {views, std::min<size_t>(*count, capacity)});
  return r;
}

XRAPI_ATTR XrResult XRAPI_CALL tw_xrRequestExitSession(XrSession session) {
  Session* s = find_session(session);
  if (s == nullptr) return XR_ERROR_HANDLE_INVALID;
  const XrResult r = s->instance->RequestExitSession(session);
  if (XR_SUCCEEDED(r)) {
    std::lock_guard lock(s->instance->core_mutex);
    s->attention.on_exit_requested();  // the STOPPING to come is the app's, not the runtime's
  }
  return r;
}

// Any action whose state changed since the last xrSyncActions is the wearer
// using the app: an interaction for the core's away timer.
template <class State, class Pfn>
XrResult action_state(XrSession session, const XrActionStateGetInfo* info, State* state, Pfn Instance::*next) {
  Session* s = find_session(session);
  if (s == nullptr) return XR_ERROR_HANDLE_INVALID;
  const XrResult r = (s->instance->*next)(session, info, state);
  if (r == XR_SUCCESS && state != nullptr) {
    const auto gate = tw::xr::gate_app_state(s->actions, *state);  // no input behind a card
    s->reads.fetch_add(1, std::memory_order_relaxed);
    if (state->isActive) s->reads_active.fetch_add(1, std::memory_order_relaxed);
    if (gate == tw::InputGate::State::captured) s->reads_captured.fetch_add(1, std::memory_order_relaxed);
  }
  if (r == XR_SUCCESS && state != nullptr && state->isActive && state->changedSinceLastSync)
    s->input.store(true, std::memory_order_relaxed);
  return r;
}

XRAPI_ATTR XrResult XRAPI_CALL tw_xrGetActionStateBoolean(XrSession session, const XrActionStateGetInfo* info,
                                                         XrActionStateBoolean* state) {
  return action_state(session, info, state, &Instance::GetActionStateBoolean);
}

XRAPI_ATTR XrResult XRAPI_CALL tw_xrGetActionStateFloat(XrSession session, const XrActionStateGetInfo* info,
                                                       XrActionStateFloat* state) {
  return action_state(session, info, state, &Instance::GetActionStateFloat);
}

XRAPI_ATTR XrResult XRAPI_CALL tw_xrGetActionStateVector2f(XrSession session, const XrActionStateGetInfo* info,
                                                          XrActionStateVector2f* state) {
  return action_state(session, info, state, &Instance::GetActionStateVector2f);
}

// Timewall's hidden actions (layer_actions.hpp). These are intercepted only
// in an instance whose LayerActions exist; each returns the app's answer.
XRAPI_ATTR XrResult XRAPI_CALL tw_xrSuggestInteractionProfileBindings(
    XrInstance instance, const XrInteractionProfileSuggestedBinding* bindings) {
  Instance* i = find_instance(instance);
  if (i == nullptr || !i->actions) return XR_ERROR_HANDLE_INVALID;
  return i->actions->suggest(bindings);
}

XRAPI_ATTR XrResult XRAPI_CALL tw_xrAttachSessionActionSets(XrSession session,
                                                           const XrSessionActionSetsAttachInfo* info) {
  Session* s = find_session(session);
  if (s == nullptr || !s->instance->actions) return XR_ERROR_HANDLE_INVALID;
  const XrResult r = s->instance->actions->attach(session, info, s->actions);
  if (FILE* log = s->instance->frame_log) {
    std::lock_guard lock(s->actions.mutex);
    std::fprintf(log, "# attach result %d hidden_set %d\n", static_cast<int>(r), s->actions.attached ? 1 : 0);
  }
  return r;
}

XRAPI_ATTR XrResult XRAPI_CALL tw_xrSyncActions(XrSession session, const XrActionsSyncInfo* info) {
  Session* s = find_session(session);
  if (s == nullptr || !s->instance->actions) return XR_ERROR_HANDLE_INVALID;
  return s->instance->actions->sync(session, info, s->actions);
}

XRAPI_ATTR XrResult XRAPI_CALL tw_xrApplyHapticFeedback(XrSession session, const XrHapticActionInfo* info,
                                                       const XrHapticBaseHeader* haptic) {
  Session* s = find_session(session);
  if (s == nullptr || !s->instance->actions) return XR_ERROR_HANDLE_INVALID;
  return s->instance->actions->apply_haptics(session, info, haptic, s->actions);
}

XRAPI_ATTR XrResult XRAPI_CALL tw_xrGetCurrentInteractionProfile(XrSession session, XrPath user_path,
                                                                XrInteractionProfileState* state) {
  Session* s = find_session(session);
  if (s == nullptr || !s->instance->actions) return XR_ERROR_HANDLE_INVALID;
  return s->instance->actions->current_profile(session, user_path, state);
}

// A profile the app never suggested is Timewall's: its changes are not the app's news.
bool hidden_event(const Instance& i, const XrEventDataBuffer& event) {
  return event.type == XR_TYPE_EVENT_DATA_INTERACTION_PROFILE_CHANGED && i.actions && i.actions->hides_profiles();
}

// XR_EXT_user_presence: the sensor's word becomes the session's worn signal.
// Returns whether the app may see the event (it enabled the extension).
bool on_user_presence(Instance& i, const XrEventDataBuffer& event) {
  const auto* e = reinterpret_cast<const tw::xr::UserPresenceChanged*>(&event);
  try {
    if (Session* s = find_session(e->session); s && i.core) {
      const tw::Instant now = g_clock.now();
      std::lock_guard lock(i.core_mutex);
      for (const tw::Signal& sig : s->head_watch.on_user_presence(e->isUserPresent != XR_FALSE, now, i.core->app()))
        push_own(*s, sig);
      if (i.frame_log)
        std::fprintf(i.frame_log, "# user_presence %d unix_ms %lld\n", e->isUserPresent ? 1 : 0,
                     static_cast<long long>(now.unix_ms));
    }
  } catch (...) {
    fail("internal error in xrPollEvent (user presence)");
  }
  return i.app_user_presence;
}

XRAPI_ATTR XrResult XRAPI_CALL tw_xrPollEvent(XrInstance instance, XrEventDataBuffer* event) {
  Instance* i = find_instance(instance);
  if (i == nullptr) return XR_ERROR_HANDLE_INVALID;
  XrResult r = i->PollEvent(instance, event);
  // Events of Timewall's own making (a hidden profile's change, a presence
  // event the app did not ask for) are taken, and the next one polled.
  while (r == XR_SUCCESS && event != nullptr &&
         (hidden_event(*i, *event) ||
          (i->user_presence && event->type == tw::xr::kTypeUserPresenceChanged && !on_user_presence(*i, *event)))) {
    *event = {XR_TYPE_EVENT_DATA_BUFFER};  // nothing of it stays for the app to read
    r = i->PollEvent(instance, event);
  }
  if (r == XR_SUCCESS && event != nullptr && event->type == XR_TYPE_EVENT_DATA_REFERENCE_SPACE_CHANGE_PENDING) {
    // The app's space may have moved against LOCAL: locate it again.
    const auto* e = reinterpret_cast<const XrEventDataReferenceSpaceChangePending*>(event);
    if (Session* s = find_session(e->session)) s->app_head.on_reference_space_change();
  }
  if (r != XR_SUCCESS || event == nullptr || event->type != XR_TYPE_EVENT_DATA_SESSION_STATE_CHANGED) return r;
  try {
    const auto* changed = reinterpret_cast<const XrEventDataSessionStateChanged*>(event);
    if (Session* s = find_session(changed->session); s && i->core) {
      const tw::Instant now = g_clock.now();
      std::lock_guard lock(i->core_mutex);
      for (const tw::Signal& sig : s->attention.on_state(changed->state, now, i->core->app())) push_own(*s, sig);
      if (i->frame_log)
        std::fprintf(i->frame_log, "# state %d unix_ms %lld\n", static_cast<int>(changed->state),
                     static_cast<long long>(now.unix_ms));
    }
  } catch (...) {
    fail("internal error in xrPollEvent");
  }
  return r;
}

XRAPI_ATTR XrResult XRAPI_CALL tw_xrWaitFrame(XrSession session, const XrFrameWaitInfo* info, XrFrameState* state) {
  Session* s = find_session(session);
  if (s == nullptr) return XR_ERROR_HANDLE_INVALID;
  const XrResult r = s->instance->WaitFrame(session, info, state);
  if (XR_SUCCEEDED(r) && state != nullptr)
    s->predicted_display_time.store(state->predictedDisplayTime, std::memory_order_relaxed);
  return r;
}

XRAPI_ATTR XrResult XRAPI_CALL tw_xrEndFrame(XrSession session, const XrFrameEndInfo* info) {
  Session* s = find_session(session);
  if (s == nullptr) return XR_ERROR_HANDLE_INVALID;
  const PFN_xrEndFrame next = s->instance->EndFrame;
  uint32_t added = 0;
  bool replaced = false;  // `ours` goes to the runtime instead of the app's frame
  bool blocked = false;   // a block is in force: the app's layers are held back (layout::plan_shield)
  bool holds_back = false;  // ... and it has some to hold back
  XrFrameEndInfo ours{};
  const bool timing = s->instance->frame_log != nullptr;
  const int64_t cpu0_ns = timing ? thread_cpu_ns() : 0;
  try {
    // The platform boundary: one clock reading per frame, passed in.
    const tw::Instant now = info != nullptr ? g_clock.now() : tw::Instant{};
    if (info != nullptr)
      sample_head(*s, now,
                  info->displayTime > 0 ? info->displayTime : s->predicted_display_time.load(std::memory_order_relaxed));
    tw::layout::ShieldPlan plan{};
    tw::layout::PinchConfig pinch_config{};  // the wearer's thresholds, read under the core's lock
    if (s->instance->core && info != nullptr) {
      std::lock_guard lock(s->instance->core_mutex);
      run_core(*s, now);
      pinch_config = tw::layout::PinchDetector::config_from(s->instance->core->policy());
      plan = tw::xr::shield_plan(*s->instance->core, info->environmentBlendMode);
#if TW_WITH_DBUS
      if (s->instance->defer.deferring())  // the service's block, not the core's (which counts nothing now)
        plan = tw::layout::plan_shield(s->instance->defer.blocks(), tw::xr::display_blend(info->environmentBlendMode),
                                       s->instance->core->fast_motion());
#endif
    }
    if (s->binding && (s->instance->actions || s->pinch) && info != nullptr && info->displayTime > 0) {
      // The hands' aims and joints (IPC round trips on Monado) only while a card takes answers.
      const bool answering = s->binding->takes_answers();
      s->answering_frames += answering;
      if (s->instance->actions)
        s->instance->actions->read_hands(session, s->actions, s->binding->app_space(), info->displayTime, answering,
                                         s->wearer);
      const tw::layout::WearerInput& w = s->wearer;
      s->hand_frames[0] += w.hands[0].aim_valid, s->hand_frames[1] += w.hands[1].aim_valid;
      s->hand_frames[2] += w.hands[0].select_down || w.hands[1].select_down, s->hand_frames[3] += w.dismiss_down;
      if (s->pinch) read_pinch(*s, info->displayTime, answering, pinch_config);  // after the count: "select" is the action's
    }
    // A count without an array (the app's bug, for the runtime to refuse) is
    // passed on exactly as the app gave it, blocked or not.
    const bool well_formed = info != nullptr && (info->layerCount == 0 || info->layers != nullptr);
    blocked = well_formed && !plan.app_layers;
    // Only layers there are can be held back: an empty frame goes as the app's own.
    holds_back = blocked && info->layerCount > 0;
    XrFrameEndInfo shown{};
    if (well_formed) shown = *info;  // same next chain
    if (blocked) shown.layerCount = 0, shown.layers = nullptr;
    // Only a frame with room for ours gets them: a full one goes as it is.
    if (s->binding && well_formed && !g_failed && shown.layerCount < s->binding->max_layer_count()) {
      s->binding->set_backdrop(plan.backdrop);
      s->layers.assign(shown.layers, shown.layers + shown.layerCount);
      const size_t app_count = s->layers.size();
      s->layers.resize(app_count + kMaxTimewallLayers);
      auto n = s->binding->compose(shown, now, s->layers.data() + app_count, kMaxTimewallLayers);
      if (!n) {
        fail(n.error().message);
        drop_binding(*s);
      } else {
        added = n.value();
        s->layers.resize(app_count + added);
        answer_cards(*s, now);
        // Nothing of ours to add and nothing held back: the app's own struct
        // goes down untouched (docs/openxr.md, the layer's contract).
        if (added > 0 || holds_back) {
          ours = shown;
          ours.layerCount = static_cast<uint32_t>(s->layers.size());
          ours.layers = s->layers.data();
          replaced = true;
        }
        log_views_once(*s, *info);
        if (const std::string& e = s->binding->backdrop_error(); !e.empty() && !s->backdrop_logged) {
          s->backdrop_logged = true;
          log_line(("no full-view backdrop behind the block shield: " + e).c_str());
        }
      }
    }
    if (holds_back && !replaced) ours = shown, replaced = true;  // no overlays here: nothing of the app either
  } catch (...) {
    fail("internal error in xrEndFrame");
    added = 0;
    replaced = holds_back;  // a block holds even then: the app's layers stay back
    if (holds_back) ours = *info, ours.layerCount = 0, ours.layers = nullptr;
  }
  const int64_t own_cpu_ns = timing ? thread_cpu_ns() - cpu0_ns : 0;
  XrResult r = next(session, replaced ? &ours : info);
  if (XR_FAILED(r) && added) {
    // Refused with Timewall's layers: end the frame without them (the app's
    // as it asked; none of it under a block). Only if the runtime takes that
    // were ours at fault: then they go for good.
    const XrResult with_ours = r;
    added = 0;
    ours.layerCount = 0, ours.layers = nullptr;
    r = next(session, holds_back ? &ours : info);
    if (XR_SUCCEEDED(r)) {
      try {
        fail("xrEndFrame with Timewall's layers failed (XrResult " + std::to_string(with_ours) + ")");
      } catch (...) {
      }
    }
  }
  if (s->exit_wanted && !s->exit_requested) request_exit(*s);
  if (Instance* i = s->instance; i->frame_log && info != nullptr) {
    const uint32_t renders = added && s->binding ? s->binding->last_stats().renders : 0;
    if (added && renders == 0) s->steady_cpu_ns += own_cpu_ns, ++s->steady_frames;
    std::fprintf(i->frame_log,
                 "frame %llu app_layers %u timewall_layers %u renders %u result %d cpu_ns %lld blocked %d "
                 "ring_min %lld ring_limit_min %lld mode %s panels %u\n",
                 static_cast<unsigned long long>(++s->frames), info->layerCount, added, renders,
                 static_cast<int>(r), static_cast<long long>(own_cpu_ns), blocked ? 1 : 0,
                 static_cast<long long>(s->ring_min), static_cast<long long>(s->ring_limit_min),
                 added && s->binding ? tw::xr::to_string(s->binding->last_stats().mode) : "none",
                 added && s->binding ? s->binding->last_stats().panels : 0u);
    std::fflush(i->frame_log);
  }
  return r;
}

struct Intercept {
  const char* name;
  PFN_xrVoidFunction fn;
};

#define TW_INTERCEPT(name) {#name, reinterpret_cast<PFN_xrVoidFunction>(tw_##name)}
const Intercept kIntercepts[] = {
    TW_INTERCEPT(xrGetInstanceProcAddr), TW_INTERCEPT(xrDestroyInstance), TW_INTERCEPT(xrCreateSession),
    TW_INTERCEPT(xrDestroySession),      TW_INTERCEPT(xrBeginSession),    TW_INTERCEPT(xrEndSession),
    TW_INTERCEPT(xrPollEvent),           TW_INTERCEPT(xrWaitFrame),       TW_INTERCEPT(xrEndFrame),
    TW_INTERCEPT(xrRequestExitSession),  TW_INTERCEPT(xrGetActionStateBoolean),
    TW_INTERCEPT(xrGetActionStateFloat), TW_INTERCEPT(xrGetActionStateVector2f),
    TW_INTERCEPT(xrCreateReferenceSpace), TW_INTERCEPT(xrCreateActionSpace), TW_INTERCEPT(xrLocateViews),
};
// Only where the instance has Timewall's hidden actions (else the next layer's).
const Intercept kActionIntercepts[] = {
    TW_INTERCEPT(xrSuggestInteractionProfileBindings), TW_INTERCEPT(xrAttachSessionActionSets),
    TW_INTERCEPT(xrSyncActions), TW_INTERCEPT(xrApplyHapticFeedback), TW_INTERCEPT(xrGetCurrentInteractionProfile),
};
#undef TW_INTERCEPT

XRAPI_ATTR XrResult XRAPI_CALL tw_xrGetInstanceProcAddr(XrInstance instance, const char* name,
                                                       PFN_xrVoidFunction* function) {
  try {
    if (name == nullptr || function == nullptr) return XR_ERROR_VALIDATION_FAILURE;
    Instance* i = find_instance(instance);
    if (i == nullptr) {
      // Before any instance exists (global functions), ask the first we know, if any.
      std::lock_guard lock(g_mutex);
      if (g_instances.empty()) return XR_ERROR_HANDLE_INVALID;
      i = g_instances.begin()->second.get();
    }
    // The layer enabled XR_EXT_hand_tracking for itself: to the app it stays
    // an extension it did not enable (the loader's own answer for one).
    if (i->hand_tracking && !i->app_hand_tracking && tw::xr::is_hand_tracking_function(name)) {
      *function = nullptr;
      return XR_ERROR_FUNCTION_UNSUPPORTED;
    }
    for (const Intercept& c : kIntercepts)
      if (std::strcmp(name, c.name) == 0) {
        *function = c.fn;
        return XR_SUCCESS;
      }
    if (i->actions)
      for (const Intercept& c : kActionIntercepts)
        if (std::strcmp(name, c.name) == 0) {
          *function = c.fn;
          return XR_SUCCESS;
        }
    return i->next_gipa(instance, name, function);
  } catch (...) {
    return XR_ERROR_RUNTIME_FAILURE;
  }
}

const char* offer_name(tw::xr::Offer o) {
  return o == tw::xr::Offer::yes ? "yes" : o == tw::xr::Offer::no ? "no" : "unknown";
}

void set_up_instance(Instance& i, const XrInstanceCreateInfo& info) {
  i.app_name.assign(info.applicationInfo.applicationName,
                    strnlen(info.applicationInfo.applicationName, tw::kOpenXrMaxNameBytes));
  auto map = tw::AppIdOverrides::load(tw::default_app_map_path());
  if (!map) {
    log_line(map.error().message.c_str());
    map = tw::AppIdOverrides{};
  }
  for (const std::string& w : map.value().warnings()) log_line(w.c_str());
  i.ledger_id = map.value().resolve_openxr(i.app_name);
  const tw::AppIdOverrides::Entry* e = map.value().find(i.app_name);
  i.id_source = e ? "app map " + map.value().source() + ":" + std::to_string(e->line) : "no app map entry";
  const tw::xr::LayerLog log = [](std::string_view m) { log_line(std::string(m).c_str()); };
  i.core = std::make_unique<tw::xr::LayerCore>(tw::xr::layer_core_config_from_env(i.ledger_id, log), g_clock.now(),
                                               log);
#if TW_WITH_DBUS
  i.inbox = tw::xr::LayerInbox::start(i.ledger_id);
#endif

  // Timewall's hidden actions: without them the wearer answers with the head alone.
  std::string no_actions;
  if (auto d = tw::xr::load_action_dispatch(i.next_gipa, i.handle); !d) {
    no_actions = d.error().message;
  } else if (auto a = tw::xr::LayerActions::create(d.value(), i.handle,
                                                   {info.enabledExtensionNames, info.enabledExtensionCount}); !a) {
    no_actions = a.error().message;
  } else {
    i.actions = std::move(a.value());
  }
  if (!no_actions.empty())
    log_line(("no hidden actions, cards can be answered with the head alone: " + no_actions).c_str());

  if (i.hand_tracking) {
    auto h = tw::xr::load_hand_dispatch(i.next_gipa, i.handle);
    if (h) i.hands = h.value(), i.hands_loaded = true;
    else log_line(("no pinch from hand joints: " + h.error().message).c_str());
  }

  auto xr = tw::xr::load_dispatch(i.next_gipa, i.handle);
  if (xr) {
    i.xr = xr.value();
    i.overlays = true;
  } else {
    fail(xr.error().message);
  }
  if (const char* v = std::getenv("TIMEWALL_LAYER_APP_VIEWS"); v && std::string_view(v) == "0")
    i.head_from_app_views = false;
  if (const char* v = std::getenv("TIMEWALL_LAYER_MAX_LAYERS"); v && *v) {
    char* end = nullptr;
    const unsigned long n = std::strtoul(v, &end, 10);
    if (*end != '\0' || n < 1 || n > 1024 || v[0] == '-')
      log_line("TIMEWALL_LAYER_MAX_LAYERS is not a whole number from 1 to 1024: the runtime's maxLayerCount applies");
    else
      i.max_layers = static_cast<uint32_t>(n);
  }
  if (const char* path = std::getenv("TIMEWALL_LAYER_FRAME_LOG"); path && *path) {
    i.frame_log = std::fopen(path, "w");
    if (i.frame_log == nullptr) log_line("TIMEWALL_LAYER_FRAME_LOG could not be opened for writing");
    else std::fprintf(i.frame_log, "# timewall layer frame log v1\n# app %s ledger_id %s\n# core policy_version %llu zone %s ledger %s\n",
                      i.app_name.c_str(), i.ledger_id.c_str(), static_cast<unsigned long long>(i.core->policy_version()),
                      i.core->zone().name().c_str(), i.core->recording() ? "on" : "off");
  if (i.frame_log)
    std::fprintf(i.frame_log, "# user_presence offered %s enabled %d by_app %d\n",
                 offer_name(i.user_presence_offer),
                 i.user_presence ? 1 : 0, i.app_user_presence ? 1 : 0);
  if (i.frame_log)
    std::fprintf(i.frame_log, "# hand_tracking offered %s enabled %d by_app %d\n", offer_name(i.hand_tracking_offer),
                 i.hand_tracking ? 1 : 0, i.app_hand_tracking ? 1 : 0);
  }
}

XRAPI_ATTR XrResult XRAPI_CALL tw_xrCreateApiLayerInstance(const XrInstanceCreateInfo* info,
                                                          const XrApiLayerCreateInfo* layer_info,
                                                          XrInstance* instance) {
  if (info == nullptr || layer_info == nullptr || layer_info->nextInfo == nullptr || instance == nullptr)
    return XR_ERROR_INITIALIZATION_FAILED;
  const XrApiLayerNextInfo* next = layer_info->nextInfo;
  if (std::strncmp(next->layerName, kLayerName, XR_MAX_API_LAYER_NAME_SIZE) != 0 ||
      next->nextCreateApiLayerInstance == nullptr || next->nextGetInstanceProcAddr == nullptr)
    return XR_ERROR_INITIALIZATION_FAILED;
  XrApiLayerCreateInfo down = *layer_info;  // the loader's struct stays as it was
  down.nextInfo = next->next;
  // XR_EXT_hand_tracking (a pinch selects) and XR_EXT_user_presence where
  // the app did not ask for them: on top of the app's extensions, in a copy
  // of its struct; the app's array is not touched.
  // Hand tracking is asked for at once, and the instance made as the app
  // asked only if the chain refuses it: making an instance and remaking it
  // ends a Monado service run with IPC_EXIT_ON_DISCONNECT=1 (seen in the
  // e2e tests), and Monado offers hand tracking.
  // User presence is asked of the chain through the new instance (asked with
  // a null one, the chain below gave no answer on Monado and core validation
  // logged an internal error), and the instance made again with it only when
  // it is offered (Monado 25 does not).
  const bool app_presence = tw::xr::has_extension(info->enabledExtensionNames, info->enabledExtensionCount,
                                                  tw::xr::kUserPresenceExtension);
  const bool app_hands = tw::xr::has_extension(info->enabledExtensionNames, info->enabledExtensionCount,
                                               tw::xr::kHandTrackingExtension);
  XrResult r = XR_ERROR_RUNTIME_FAILURE;
  bool added_hands = false;
  std::vector<const char*> with_hands;  // the app's names and hand tracking; empty: not added
  try {
    if (!app_hands)
      with_hands = tw::xr::with_extension(info->enabledExtensionNames, info->enabledExtensionCount,
                                          tw::xr::kHandTrackingExtension);
  } catch (...) {
    with_hands.clear();
  }
  XrInstanceCreateInfo asked = *info;  // as the app asked, plus hand tracking when the chain takes it
  if (!with_hands.empty()) {
    asked.enabledExtensionCount = static_cast<uint32_t>(with_hands.size());
    asked.enabledExtensionNames = with_hands.data();
    r = next->nextCreateApiLayerInstance(&asked, &down, instance);
    added_hands = XR_SUCCEEDED(r);
  }
  if (!added_hands) {
    asked = *info;
    r = next->nextCreateApiLayerInstance(info, &down, instance);
  }
  if (XR_FAILED(r)) return r;
  tw::xr::Offer offer = app_presence ? tw::xr::Offer::yes : tw::xr::Offer::unknown;
  tw::xr::Offer hands_offer = app_hands ? tw::xr::Offer::yes : tw::xr::Offer::unknown;
  bool added_presence = false;
  try {
    if (!app_hands) hands_offer = tw::xr::chain_offers(next->nextGetInstanceProcAddr, *instance,
                                                       tw::xr::kHandTrackingExtension);
    if (!app_presence) offer = tw::xr::chain_offers(next->nextGetInstanceProcAddr, *instance,
                                                    tw::xr::kUserPresenceExtension);
    PFN_xrVoidFunction destroy = nullptr;
    if (offer == tw::xr::Offer::yes && !app_presence &&
        XR_SUCCEEDED(next->nextGetInstanceProcAddr(*instance, "xrDestroyInstance", &destroy)) && destroy) {
      const std::vector<const char*> names = tw::xr::with_extension(
          asked.enabledExtensionNames, asked.enabledExtensionCount, tw::xr::kUserPresenceExtension);
      reinterpret_cast<PFN_xrDestroyInstance>(destroy)(*instance);  // nothing can throw from here on
      XrInstanceCreateInfo with = asked;
      with.enabledExtensionCount = static_cast<uint32_t>(names.size());
      with.enabledExtensionNames = names.data();
      r = next->nextCreateApiLayerInstance(&with, &down, instance);
      added_presence = XR_SUCCEEDED(r);
      if (!added_presence) r = next->nextCreateApiLayerInstance(&asked, &down, instance);  // as before
    }
  } catch (...) {
    // before the instance was remade: it stands as made
  }
  if (XR_FAILED(r)) return r;
  try {
    auto i = std::make_unique<Instance>();
    i->handle = *instance;
    i->user_presence = added_presence || app_presence;
    i->app_user_presence = app_presence;
    i->user_presence_offer = offer;
    // A loader may drop a name the runtime lacks: the chain's list decides.
    i->hand_tracking = (added_hands && hands_offer == tw::xr::Offer::yes) || app_hands;
    i->app_hand_tracking = app_hands;
    i->hand_tracking_offer = hands_offer;
    i->next_gipa = next->nextGetInstanceProcAddr;
    const bool forwarding = next_proc(*i, "xrDestroyInstance", i->DestroyInstance) &&
                            next_proc(*i, "xrCreateSession", i->CreateSession) &&
                            next_proc(*i, "xrDestroySession", i->DestroySession) &&
                            next_proc(*i, "xrBeginSession", i->BeginSession) &&
                            next_proc(*i, "xrEndSession", i->EndSession) &&
                            next_proc(*i, "xrPollEvent", i->PollEvent) &&
                            next_proc(*i, "xrWaitFrame", i->WaitFrame) && next_proc(*i, "xrEndFrame", i->EndFrame) &&
                            next_proc(*i, "xrRequestExitSession", i->RequestExitSession) &&
                            next_proc(*i, "xrGetActionStateBoolean", i->GetActionStateBoolean) &&
                            next_proc(*i, "xrGetActionStateFloat", i->GetActionStateFloat) &&
                            next_proc(*i, "xrGetActionStateVector2f", i->GetActionStateVector2f) &&
                            next_proc(*i, "xrCreateReferenceSpace", i->CreateReferenceSpace) &&
                            next_proc(*i, "xrCreateActionSpace", i->CreateActionSpace) &&
                            next_proc(*i, "xrLocateViews", i->LocateViews);
    if (!forwarding) {
      // Cannot happen with a conformant chain; without these calls we cannot
      // even forward, so the instance is handed back and creation fails.
      log_line("the next layer or runtime lacks core functions; the layer cannot sit in this chain");
      if (i->DestroyInstance) i->DestroyInstance(*instance);
      return XR_ERROR_INITIALIZATION_FAILED;
    }
    set_up_instance(*i, *info);
    std::lock_guard lock(g_mutex);
    g_instances[*instance] = std::move(i);
  } catch (...) {
    fail("internal error in xrCreateInstance");
  }
  return r;
}

}  // namespace

// [SECTION] loader interface

TW_EXPORT XRAPI_ATTR XrResult XRAPI_CALL xrNegotiateLoaderApiLayerInterface(const XrNegotiateLoaderInfo* loader_info,
                                                                           const char* layer_name,
                                                                           XrNegotiateApiLayerRequest* request) {
  try {
    if (loader_info == nullptr || request == nullptr ||
        loader_info->structType != XR_LOADER_INTERFACE_STRUCT_LOADER_INFO ||
        loader_info->structVersion != XR_LOADER_INFO_STRUCT_VERSION ||
        loader_info->structSize != sizeof(XrNegotiateLoaderInfo) ||
        request->structType != XR_LOADER_INTERFACE_STRUCT_API_LAYER_REQUEST ||
        request->structVersion != XR_API_LAYER_INFO_STRUCT_VERSION ||
        request->structSize != sizeof(XrNegotiateApiLayerRequest))
      return XR_ERROR_INITIALIZATION_FAILED;
    if (layer_name == nullptr || std::strcmp(layer_name, kLayerName) != 0) return XR_ERROR_INITIALIZATION_FAILED;
    if (loader_info->minInterfaceVersion > XR_CURRENT_LOADER_API_LAYER_VERSION ||
        loader_info->maxInterfaceVersion < XR_CURRENT_LOADER_API_LAYER_VERSION)
      return XR_ERROR_INITIALIZATION_FAILED;
    if (XR_VERSION_MAJOR(loader_info->minApiVersion) > 1 || XR_VERSION_MAJOR(loader_info->maxApiVersion) < 1)
      return XR_ERROR_INITIALIZATION_FAILED;
    request->layerInterfaceVersion = XR_CURRENT_LOADER_API_LAYER_VERSION;
    request->layerApiVersion = XR_CURRENT_API_VERSION;
    request->getInstanceProcAddr = tw_xrGetInstanceProcAddr;
    request->createApiLayerInstance = tw_xrCreateApiLayerInstance;
    return XR_SUCCESS;
  } catch (...) {
    return XR_ERROR_INITIALIZATION_FAILED;
  }
}
