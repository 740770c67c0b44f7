// probe_layer.cpp: XR_APILAYER_TIMEWALL_e2e_probe, an API layer for the e2e
// tests that logs what the app itself reads back.
//
// Placed first in XR_ENABLE_API_LAYERS (next to the app, above Timewall's),
// it sees the results the app gets, after every layer below has had its
// say. api_dump prints only a call's inputs; this prints the outputs, one
// line each, to the file TW_PROBE_LOG (nothing without it), with the wall
// clock in ms to match the layer's frame log and the remote driver's lines:
//   sync unix_ms T n N result R
//   bool|float|vec2|pose unix_ms T action A sub S active 0|1 changed 0|1 value V result R
//   haptic unix_ms T action A result R        (the app's xrApplyHapticFeedback, passed on)
//   exit_request unix_ms T result R           (an xrRequestExitSession from above)
//   views unix_ms T yaw_deg Y pitch_deg P pos X Y Z result R   (xrLocateViews' first view)
//   state unix_ms T state N                  (a session state the app polled: 3 SYNCHRONIZED, 5 FOCUSED)
// A is the XrAction handle, S the subaction XrPath (0: none), as numbers.
// Built twice: XR_APILAYER_TIMEWALL_e2e_probe (log: TW_PROBE_LOG) and
// XR_APILAYER_TIMEWALL_e2e_probe_below (TW_PROBE_BELOW_LOG, its own library),
// which goes under Timewall's layer to see what Timewall passes on.
// What it does not do: change any call, argument or result.
#include <openxr/openxr.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>

#include "openxr/loader_negotiation.hpp"

#define TW_EXPORT extern "C" __attribute__((visibility("default")))
#ifndef TW_PROBE_LOG_ENV
#define TW_PROBE_LOG_ENV "TW_PROBE_LOG"
#endif

namespace {

PFN_xrGetInstanceProcAddr g_next_gipa = nullptr;
PFN_xrSyncActions g_sync = nullptr;
PFN_xrGetActionStateBoolean g_bool = nullptr;
PFN_xrGetActionStateFloat g_float = nullptr;
PFN_xrGetActionStateVector2f g_vec2 = nullptr;
PFN_xrGetActionStatePose g_pose = nullptr;
PFN_xrApplyHapticFeedback g_haptic = nullptr;
PFN_xrLocateViews g_views = nullptr;
PFN_xrRequestExitSession g_exit = nullptr;
PFN_xrPollEvent g_poll = nullptr;
std::mutex g_mutex;  // the app may call from several threads
FILE* g_log = nullptr;
unsigned long g_syncs = 0;

long long unix_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

template <class... A>
void log_line(const char* fmt, A... a) {
  std::lock_guard lock(g_mutex);
  if (g_log == nullptr) return;
  std::fprintf(g_log, fmt, unix_ms(), a...);
  std::fflush(g_log);
}

unsigned long long id(const XrActionStateGetInfo* info) {
  return info ? reinterpret_cast<unsigned long long>(info->action) : 0;
}
unsigned long long sub(const XrActionStateGetInfo* info) { return info ? info->subactionPath : 0; }

XRAPI_ATTR XrResult XRAPI_CALL probe_xrSyncActions(XrSession s, const XrActionsSyncInfo* info) {
  const XrResult r = g_sync(s, info);
  unsigned long n;
  {
    std::lock_guard lock(g_mutex);
    n = ++g_syncs;
  }
  log_line("sync unix_ms %lld n %lu result %d\n", n, static_cast<int>(r));
  return r;
}

XRAPI_ATTR XrResult XRAPI_CALL probe_bool(XrSession s, const XrActionStateGetInfo* info, XrActionStateBoolean* st) {
  const XrResult r = g_bool(s, info, st);
  if (st) log_line("bool unix_ms %lld action %llu sub %llu active %d changed %d value %d result %d\n", id(info), sub(info),
                   st->isActive ? 1 : 0, st->changedSinceLastSync ? 1 : 0, st->currentState ? 1 : 0, static_cast<int>(r));
  return r;
}

XRAPI_ATTR XrResult XRAPI_CALL probe_float(XrSession s, const XrActionStateGetInfo* info, XrActionStateFloat* st) {
  const XrResult r = g_float(s, info, st);
  if (st) log_line("float unix_ms %lld action %llu sub %llu active %d changed %d value %.4f result %d\n", id(info),
                   sub(info), st->isActive ? 1 : 0, st->changedSinceLastSync ? 1 : 0,
                   static_cast<double>(st->currentState), static_cast<int>(r));
  return r;
}

XRAPI_ATTR XrResult XRAPI_CALL probe_vec2(XrSession s, const XrActionStateGetInfo* info, XrActionStateVector2f* st) {
  const XrResult r = g_vec2(s, info, st);
  if (st) log_line("vec2 unix_ms %lld action %llu sub %llu active %d changed %d value %.4f,%.4f result %d\n", id(info),
                   sub(info), st->isActive ? 1 : 0, st->changedSinceLastSync ? 1 : 0,
                   static_cast<double>(st->currentState.x), static_cast<double>(st->currentState.y),
                   static_cast<int>(r));
  return r;
}

XRAPI_ATTR XrResult XRAPI_CALL probe_pose(XrSession s, const XrActionStateGetInfo* info, XrActionStatePose* st) {
  const XrResult r = g_pose(s, info, st);
  if (st) log_line("pose unix_ms %lld action %llu sub %llu active %d changed 0 value 0 result %d\n", id(info), sub(info),
                   st->isActive ? 1 : 0, static_cast<int>(r));
  return r;
}

XRAPI_ATTR XrResult XRAPI_CALL probe_haptic(XrSession s, const XrHapticActionInfo* info, const XrHapticBaseHeader* h) {
  const XrResult r = g_haptic(s, info, h);
  log_line("haptic unix_ms %lld action %llu result %d\n", info ? reinterpret_cast<unsigned long long>(info->action) : 0ull,
           static_cast<int>(r));
  return r;
}

XRAPI_ATTR XrResult XRAPI_CALL probe_exit(XrSession s) {
  const XrResult r = g_exit(s);
  log_line("exit_request unix_ms %lld result %d\n", static_cast<int>(r));
  return r;
}

XRAPI_ATTR XrResult XRAPI_CALL probe_poll(XrInstance instance, XrEventDataBuffer* event) {
  const XrResult r = g_poll(instance, event);
  if (r == XR_SUCCESS && event != nullptr && event->type == XR_TYPE_EVENT_DATA_SESSION_STATE_CHANGED)
    log_line("state unix_ms %lld state %d\n",
             static_cast<int>(reinterpret_cast<const XrEventDataSessionStateChanged*>(event)->state));
  return r;
}

XRAPI_ATTR XrResult XRAPI_CALL probe_views(XrSession s, const XrViewLocateInfo* info, XrViewState* state,
                                           uint32_t capacity, uint32_t* count, XrView* views) {
  const XrResult r = g_views(s, info, state, capacity, count, views);
  if (XR_SUCCEEDED(r) && views != nullptr && capacity > 0 && count != nullptr && *count > 0) {
    const XrQuaternionf q = views[0].pose.orientation;
    // The view's forward (-Z) rotated by q: yaw about +Y (left +), pitch up +.
    const double fx = -2.0 * (q.x * q.z + q.w * q.y), fy = -2.0 * (q.y * q.z - q.w * q.x),
                 fz = -(1.0 - 2.0 * (q.x * q.x + q.y * q.y));
    const double yaw = std::atan2(-fx, -fz) * 180.0 / M_PI, pitch = std::asin(std::fmax(-1.0, std::fmin(1.0, fy))) * 180.0 / M_PI;
    log_line("views unix_ms %lld yaw_deg %.2f pitch_deg %.2f pos %.4f %.4f %.4f result %d\n", yaw, pitch,
             static_cast<double>(views[0].pose.position.x), static_cast<double>(views[0].pose.position.y),
             static_cast<double>(views[0].pose.position.z), static_cast<int>(r));
  }
  return r;
}

XRAPI_ATTR XrResult XRAPI_CALL probe_gipa(XrInstance instance, const char* name, PFN_xrVoidFunction* fn) {
  struct Hook {
    const char* name;
    PFN_xrVoidFunction fn;
  };
#define HOOK(n, f) {n, reinterpret_cast<PFN_xrVoidFunction>(f)}
  static const Hook kHooks[] = {
      HOOK("xrGetInstanceProcAddr", probe_gipa), HOOK("xrSyncActions", probe_xrSyncActions),
      HOOK("xrGetActionStateBoolean", probe_bool), HOOK("xrGetActionStateFloat", probe_float),
      HOOK("xrGetActionStateVector2f", probe_vec2), HOOK("xrGetActionStatePose", probe_pose),
      HOOK("xrApplyHapticFeedback", probe_haptic), HOOK("xrLocateViews", probe_views),
      HOOK("xrRequestExitSession", probe_exit), HOOK("xrPollEvent", probe_poll),
  };
#undef HOOK
  if (name != nullptr && fn != nullptr)
    for (const Hook& h : kHooks)
      if (std::strcmp(name, h.name) == 0) return *fn = h.fn, XR_SUCCESS;
  return g_next_gipa ? g_next_gipa(instance, name, fn) : XR_ERROR_HANDLE_INVALID;
}

template <class Pfn>
bool next(XrInstance instance, const char* name, Pfn& out) {
  PFN_xrVoidFunction fn = nullptr;
  if (XR_FAILED(g_next_gipa(instance, name, &fn)) || fn == nullptr) return false;
  out = reinterpret_cast<Pfn>(fn);
  return true;
}

XRAPI_ATTR XrResult XRAPI_CALL probe_create(const XrInstanceCreateInfo* info, const XrApiLayerCreateInfo* layer_info,
                                            XrInstance* instance) {
  if (layer_info == nullptr || layer_info->nextInfo == nullptr) return XR_ERROR_INITIALIZATION_FAILED;
  XrApiLayerCreateInfo down = *layer_info;
  down.nextInfo = layer_info->nextInfo->next;
  const XrResult r = layer_info->nextInfo->nextCreateApiLayerInstance(info, &down, instance);
  if (XR_FAILED(r)) return r;
  g_next_gipa = layer_info->nextInfo->nextGetInstanceProcAddr;
  if (!next(*instance, "xrSyncActions", g_sync) || !next(*instance, "xrGetActionStateBoolean", g_bool) ||
      !next(*instance, "xrGetActionStateFloat", g_float) || !next(*instance, "xrGetActionStateVector2f", g_vec2) ||
      !next(*instance, "xrGetActionStatePose", g_pose) || !next(*instance, "xrApplyHapticFeedback", g_haptic) ||
      !next(*instance, "xrLocateViews", g_views) || !next(*instance, "xrRequestExitSession", g_exit) ||
      !next(*instance, "xrPollEvent", g_poll))
    return XR_ERROR_INITIALIZATION_FAILED;
  if (const char* path = std::getenv(TW_PROBE_LOG_ENV); path && *path) {
    std::lock_guard lock(g_mutex);
    g_log = std::fopen(path, "w");
  }
  return r;
}

}  // namespace

TW_EXPORT XRAPI_ATTR XrResult XRAPI_CALL xrNegotiateLoaderApiLayerInterface(const XrNegotiateLoaderInfo* loader_info,
                                                                           const char* /*layer_name*/,
                                                                           XrNegotiateApiLayerRequest* request) {
  if (loader_info == nullptr || request == nullptr || loader_info->minInterfaceVersion > 1 ||
      loader_info->maxInterfaceVersion < 1)
    return XR_ERROR_INITIALIZATION_FAILED;
  request->layerInterfaceVersion = XR_CURRENT_LOADER_API_LAYER_VERSION;
  request->layerApiVersion = XR_CURRENT_API_VERSION;
  request->getInstanceProcAddr = probe_gipa;
  request->createApiLayerInstance = probe_create;
  return XR_SUCCESS;
}
