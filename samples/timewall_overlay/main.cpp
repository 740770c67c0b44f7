// timewall-overlay: timewalld's ring, prompts and cards over every app, in
// an XR_EXTX_overlay session of its own (issue 15 §3), and the wearer's
// answers to them, taken there.
//
// An app whose Timewall layer is switched off (its disable_environment), or
// one the layer never loads into (not Vulkan), shows nothing of Timewall's.
// On a runtime with overlay sessions (Monado), this client's session is
// composited above whatever app is in front, is always visible and focused,
// and gets input while the app keeps its own. It draws what the service's
// one Runtime shows (Device1.Shown, read by a thread: service_feed.hpp)
// with the same SessionBinding, panel presenter and layout as every OpenXR
// host, and answers the cards with head-gaze dwell or aim + trigger on its
// own action set (the layer's LayerActions, on its own session); an answer
// goes back to the service (Device1.Answer), which applies it to its engine.
//
//   timewall-overlay [--bus ADDRESS] [--frame-log FILE] [--poll-ms N] [--frames N]
// --bus: the D-Bus address of timewalld ("" = the session bus); --frame-log:
// one line per frame and per event (the views, each new snapshot, each
// answer; default $TIMEWALL_OVERLAY_FRAME_LOG); --frames: end after N frames (tests). It ends its session cleanly
// on SIGTERM or SIGINT. `timewall serve --overlay PROGRAM` starts it.
// What it does not do: decide or count anything (the service does), draw
// notification cards (Inbox1 has them; not read here yet), or end the app a
// "leave" is about (the service records the answer).
// Timewall's implicit API layer is switched off in it (its disable_environment).
#define XR_USE_GRAPHICS_API_VULKAN
#include <vulkan/vulkan.h>
#include <openxr/openxr.h>
#include <openxr/openxr_platform.h>

#include <pthread.h>
#include <signal.h>
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "common/system_clock.hpp"
#include "openxr/layer/layer_actions.hpp"
#include "openxr/session_binding.hpp"
#include "render/keep_driver_loaded.hpp"
#include "service_feed.hpp"
#include "xr_vulkan.hpp"

namespace {

constexpr const char* kAppName = "timewall-overlay";
constexpr const char* kLedgerId = "openxr.timewall-overlay";

struct Options {
  std::string bus;
  std::string frame_log;
  long poll_ms = 100;
  long frames = 0;
};

bool parse(int argc, char** argv, Options& o) {
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--bus") o.bus = argv[i + 1];
    else if (a == "--frame-log") o.frame_log = argv[i + 1];
    else if (a == "--poll-ms") o.poll_ms = std::strtol(argv[i + 1], nullptr, 10);
    else if (a == "--frames") o.frames = std::strtol(argv[i + 1], nullptr, 10);
    else return false;
  }
  return argc % 2 == 1 && o.frames >= 0 && o.poll_ms >= 10 && o.poll_ms <= 10'000;
}

int fail(const std::string& what) {
  std::fprintf(stderr, "timewall-overlay: %s\n", what.c_str());
  return 1;
}

#define XR_CHECK(call)                                                     \
  do {                                                                     \
    if (XrResult r_ = (call); XR_FAILED(r_))                               \
      return fail(std::string(#call) + " failed: " + std::to_string(r_));  \
  } while (0)

bool has_extension(const char* name) {
  uint32_t n = 0;
  if (XR_FAILED(xrEnumerateInstanceExtensionProperties(nullptr, 0, &n, nullptr))) return false;
  std::vector<XrExtensionProperties> props(n, {XR_TYPE_EXTENSION_PROPERTIES});
  if (XR_FAILED(xrEnumerateInstanceExtensionProperties(nullptr, n, &n, props.data()))) return false;
  for (const auto& p : props)
    if (std::strcmp(p.extensionName, name) == 0) return true;
  return false;
}

// The kinds shown, comma-separated, for the frame log ("-" for none).
void kinds_text(std::span<const tw::Overlay> overlays, char* out, size_t cap) {
  size_t n = 0;
  out[0] = '\0';
  for (const tw::Overlay& o : overlays) {
    const std::string_view k = tw::to_string(o.kind);
    const int w = std::snprintf(out + n, cap - n, "%s%.*s", n ? "," : "", static_cast<int>(k.size()), k.data());
    if (w < 0 || static_cast<size_t>(w) >= cap - n) break;
    n += static_cast<size_t>(w);
  }
  if (n == 0) std::snprintf(out, cap, "-");
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
  if (!parse(argc, argv, opt))
    return fail("usage: timewall-overlay [--bus ADDRESS] [--frame-log FILE] [--poll-ms 10..10000] [--frames N]");
  // Timewall's own API layer stays out of this client: it would count (and
  // under youth mode block) the overlay itself.
  keep_own_layer_out();
  // SIGTERM and SIGINT stay blocked in every thread and are taken with
  // sigtimedwait once per frame (a handler would interrupt Monado's IPC).
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  bool stop = false;
  const tw::SystemClock clock;
  FILE* log = nullptr;
  if (opt.frame_log.empty() && std::getenv("TIMEWALL_OVERLAY_FRAME_LOG"))
    opt.frame_log = std::getenv("TIMEWALL_OVERLAY_FRAME_LOG");
  if (!opt.frame_log.empty()) {
    log = std::fopen(opt.frame_log.c_str(), "a");  // a restarted client keeps what the last one said
    if (!log) return fail("cannot write the frame log " + opt.frame_log + ": " + std::strerror(errno));
    setvbuf(log, nullptr, _IOLBF, 0);
  }

  if (!has_extension(XR_EXTX_OVERLAY_EXTENSION_NAME))
    return fail("the OpenXR runtime offers no XR_EXTX_overlay: nothing can be drawn over other apps");
  XrInstanceCreateInfo ici{XR_TYPE_INSTANCE_CREATE_INFO};
  std::strcpy(ici.applicationInfo.applicationName, kAppName);
  ici.applicationInfo.apiVersion = XR_MAKE_VERSION(1, 0, 0);
  const char* extensions[] = {sample::vulkan_extension_name(2), XR_EXTX_OVERLAY_EXTENSION_NAME};
  ici.enabledExtensionCount = 2;
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
  // An overlay session: composited above the app in front (placement 1),
  // never primary, so the app keeps being displayed and focused.
  XrSessionCreateInfoOverlayEXTX over{XR_TYPE_SESSION_CREATE_INFO_OVERLAY_EXTX};
  over.next = &vk.binding;
  over.sessionLayersPlacement = 1;
  XrSessionCreateInfo sci{XR_TYPE_SESSION_CREATE_INFO};
  sci.next = &over;
  sci.systemId = system;
  XrSession session = XR_NULL_HANDLE;
  XR_CHECK(xrCreateSession(instance, &sci, &session));
  XrReferenceSpaceCreateInfo rsi{XR_TYPE_REFERENCE_SPACE_CREATE_INFO};
  rsi.referenceSpaceType = XR_REFERENCE_SPACE_TYPE_LOCAL;
  rsi.poseInReferenceSpace = {{0, 0, 0, 1}, {0, 0, 0}};
  XrSpace space = XR_NULL_HANDLE;
  XR_CHECK(xrCreateReferenceSpace(session, &rsi, &space));
  tw::keep_driver_loaded_for_leak_checks();

  // The wearer's hands: the layer's own action set (select, aim, dismiss on
  // both hands, bound on every profile it knows), here on a session of our
  // own. LayerActions merges its set into an app's; this client's "app"
  // set holds one unbound action so that there is a set to merge into.
  auto adisp = tw::xr::load_action_dispatch(xrGetInstanceProcAddr, instance);
  if (!adisp) return fail(adisp.error().message);
  auto actions_r = tw::xr::LayerActions::create(adisp.value(), instance, {});
  if (!actions_r) return fail(actions_r.error().message);
  std::unique_ptr<tw::xr::LayerActions> actions = std::move(actions_r.value());
  XrActionSetCreateInfo asci{XR_TYPE_ACTION_SET_CREATE_INFO};
  std::strcpy(asci.actionSetName, "timewall_overlay_client");
  std::strcpy(asci.localizedActionSetName, "Timewall overlay client");
  XrActionSet own_set = XR_NULL_HANDLE;
  XR_CHECK(xrCreateActionSet(instance, &asci, &own_set));
  XrActionCreateInfo aci{XR_TYPE_ACTION_CREATE_INFO};
  aci.actionType = XR_ACTION_TYPE_BOOLEAN_INPUT;
  std::strcpy(aci.actionName, "unbound");
  std::strcpy(aci.localizedActionName, "Unbound");
  XrAction unbound = XR_NULL_HANDLE;
  XR_CHECK(xrCreateAction(own_set, &aci, &unbound));
  tw::xr::SessionActions hands;
  XrSessionActionSetsAttachInfo attach{XR_TYPE_SESSION_ACTION_SETS_ATTACH_INFO};
  attach.countActionSets = 1;
  attach.actionSets = &own_set;
  if (XR_FAILED(actions->attach(session, &attach, hands)) || !hands.attached)
    std::fprintf(stderr, "timewall-overlay: no controller input (the runtime refused the action set); head "
                         "gaze still answers\n");
  const XrActiveActionSet active{own_set, XR_NULL_PATH};
  XrActionsSyncInfo sync{XR_TYPE_ACTIONS_SYNC_INFO};
  sync.countActiveActionSets = 1;
  sync.activeActionSets = &active;

  const XrViewConfigurationType view_config = XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO;
  auto dispatch = tw::xr::load_dispatch(xrGetInstanceProcAddr, instance);
  if (!dispatch) return fail(dispatch.error().message);
  auto binding_r = tw::xr::SessionBinding::create({.xr = dispatch.value(),
                                                   .instance = instance,
                                                   .system = system,
                                                   .session = session,
                                                   .vulkan = vk.binding,
                                                   .app_space = space,
                                                   .app_name = kLedgerId,
                                                   .view_config = view_config});
  if (!binding_r) return fail(binding_r.error().message);
  std::unique_ptr<tw::xr::SessionBinding> binding = std::move(binding_r.value());

  auto feed = overlay::ServiceFeed::start({.bus_address = opt.bus, .poll_ms = static_cast<int32_t>(opt.poll_ms)});
  std::string feed_error;

  bool running = false, exit_requested = false, quit = false, views_logged = false, ring_logged = false;
  long frames = 0;
  uint64_t shown_generation = 0;  // the snapshot set on the binding (in each frame line)
  std::vector<const XrCompositionLayerBaseHeader*> layers(tw::layout::kMaxPanels + 2);
  char kinds[160];
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
        std::printf("state unix_ms %lld %d\n", static_cast<long long>(clock.now().unix_ms),
                    static_cast<int>(changed.state));
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
    // What the service shows: the newest snapshot, if one came (never waits).
    if (feed->refresh()) {
      const overlay::FeedSnapshot& snap = feed->current();
      binding->set_overlays(snap.overlays, {&snap.policy, &snap.apps, &snap.categories});
      // Under a block the overlay puts the calm full-view backdrop behind the
      // card itself: on Monado 25 the shield's slate did not show while an
      // overlay session ran (e2e.device_overlay.block), and the app must not.
      binding->set_backdrop(std::any_of(snap.overlays.begin(), snap.overlays.end(), [](const tw::Overlay& o) {
        return o.kind == tw::OverlayKind::block_shield;
      }));
      shown_generation = snap.generation;
      if (log) {
        kinds_text(snap.overlays, kinds, sizeof kinds);
        std::fprintf(log, "# snapshot %llu read_unix_ms %lld connected %d kinds %s\n",
                     static_cast<unsigned long long>(snap.generation), static_cast<long long>(snap.read_unix_ms),
                     snap.connected ? 1 : 0, kinds);
      }
    }
    if (log && frames % 50 == 0) {
      std::string e = feed->error();
      if (e != feed_error) std::fprintf(log, "# service %s\n", e.empty() ? "answers" : e.c_str());
      feed_error = std::move(e);
    }
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
    uint32_t count = 0;
    const tw::Instant now = clock.now();
    if (frame.shouldRender) {
      if (log && !views_logged) {
        // The eyes, as the layer logs them (tests/e2e/card_target reads them).
        XrViewLocateInfo locate{XR_TYPE_VIEW_LOCATE_INFO};
        locate.viewConfigurationType = view_config;
        locate.displayTime = frame.predictedDisplayTime;
        locate.space = binding->view_space();
        XrViewState vs{XR_TYPE_VIEW_STATE};
        XrView views[2] = {{XR_TYPE_VIEW}, {XR_TYPE_VIEW}};
        uint32_t n = 0;
        if (XR_SUCCEEDED(xrLocateViews(session, &locate, &vs, 2, &n, views))) {
          for (uint32_t v = 0; v < n; ++v)
            std::fprintf(log, "# view %u pos %.4f %.4f %.4f fov_rad %.4f %.4f %.4f %.4f\n", v,
                         views[v].pose.position.x, views[v].pose.position.y, views[v].pose.position.z,
                         views[v].fov.angleLeft, views[v].fov.angleRight, views[v].fov.angleUp, views[v].fov.angleDown);
          views_logged = true;
        }
      }
      auto added = binding->compose(end, now, layers.data(), static_cast<uint32_t>(layers.size()));
      if (!added) {
        rc = fail("the panels cannot be drawn: " + added.error().message);
        break;
      }
      count = added.value();
      if (log && !ring_logged && binding->ring_placement().visible) {
        // Where the ring went (tests/e2e/pixel_probe reads it), once.
        const tw::xr::PanelPlacement& p = binding->ring_placement();
        std::fprintf(log, "# panel ring %s_pos %.4f %.4f %.4f size_m %.4f %.4f\n", p.view_space ? "view" : "local",
                     p.pose.position.x, p.pose.position.y, p.pose.position.z, p.size_m.width, p.size_m.height);
        ring_logged = true;
      }
      // Answers: the head (the binding's own) and the hands on our set.
      tw::layout::WearerInput input;
      if (hands.attached) {
        actions->sync(session, &sync, hands);
        actions->read_hands(session, hands, space, frame.predictedDisplayTime, binding->takes_answers(), input);
      }
      const tw::layout::AnswerFrame& f = binding->answer(input, now);
      tw::Signal sig;
      if (f.chosen && binding->answer_signal(sig)) {
        const bool queued = feed->answer(sig.kind, sig.nudge_id);
        if (log) {
          const std::string_view button = tw::layout::to_string(f.choice.button), via = tw::layout::to_string(f.via),
                                 card = tw::to_string(f.choice.kind);
          std::fprintf(log, "# answer %.*s via %.*s card %.*s frame %ld unix_ms %lld sent %d\n",
                       static_cast<int>(button.size()), button.data(), static_cast<int>(via.size()), via.data(),
                       static_cast<int>(card.size()), card.data(), frames + 1,
                       static_cast<long long>(now.unix_ms), queued ? 1 : 0);
        }
      }
    }
    end.layerCount = count;
    end.layers = count ? layers.data() : nullptr;
    const XrResult ended = xrEndFrame(session, &end);
    if (XR_FAILED(ended)) {
      rc = fail("xrEndFrame failed: " + std::to_string(ended));
      break;
    }
    ++frames;
    if (log) {
      const tw::xr::ComposeStats& st = binding->last_stats();
      kinds_text(binding->overlays(), kinds, sizeof kinds);
      std::fprintf(log, "frame %ld unix_ms %lld snapshot %llu layers %u panels %u renders %u kinds %s\n", frames,
                   static_cast<long long>(now.unix_ms), static_cast<unsigned long long>(shown_generation), count,
                   st.panels, st.renders, kinds);
    }
    if (opt.frames > 0 && frames >= opt.frames) stop = true;
  }

  feed.reset();
  actions->release(hands);
  binding.reset();
  xrDestroySpace(space);
  xrDestroySession(session);
  vk.destroy();
  xrDestroyInstance(instance);
  if (log) std::fclose(log);
  std::printf("frames %ld\n", frames);
  return rc;
}
