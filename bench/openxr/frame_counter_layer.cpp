// frame_counter_layer.cpp: XR_APILAYER_TIMEWALL_bench_frame_counter, a
// measuring layer for bench/openxr/hello_xr_layer_cost.sh.
//
// Sits outermost (next to the app) in both benchmark runs, with and without
// XR_APILAYER_TIMEWALL_overlay, so the difference between the runs is the
// Timewall layer alone. Counts xrEndFrame calls; after TW_BENCH_WARMUP frames
// (default 150) it reads the process CPU clock (all threads, llvmpipe's
// rasterizer threads included) and the monotonic clock, again TW_BENCH_FRAMES
// frames later (default 300), and writes one line to TW_BENCH_OUT:
//   frames 300 process_cpu_ms 4321.0 wall_ms 12000.0
// It only counts: it never changes a call or its arguments.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>

#include "openxr/loader_negotiation.hpp"

#define TW_EXPORT extern "C" __attribute__((visibility("default")))

namespace {

PFN_xrGetInstanceProcAddr g_next_gipa = nullptr;
PFN_xrEndFrame g_next_end_frame = nullptr;
long g_frames = 0;
double g_cpu0_ms = 0, g_wall0_ms = 0;

double now_ms(clockid_t clock) {
  timespec ts{};
  clock_gettime(clock, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) * 1e-6;
}

long env_long(const char* name, long fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::strtol(v, nullptr, 10) : fallback;
}

XRAPI_ATTR XrResult XRAPI_CALL counter_xrEndFrame(XrSession session, const XrFrameEndInfo* info) {
  const XrResult r = g_next_end_frame(session, info);
  const long warmup = env_long("TW_BENCH_WARMUP", 150), measured = env_long("TW_BENCH_FRAMES", 300);
  ++g_frames;
  if (g_frames == warmup) {
    g_cpu0_ms = now_ms(CLOCK_PROCESS_CPUTIME_ID);
    g_wall0_ms = now_ms(CLOCK_MONOTONIC);
  } else if (g_frames == warmup + measured) {
    const double cpu = now_ms(CLOCK_PROCESS_CPUTIME_ID) - g_cpu0_ms, wall = now_ms(CLOCK_MONOTONIC) - g_wall0_ms;
    if (const char* out = std::getenv("TW_BENCH_OUT"); out && *out) {
      if (FILE* f = std::fopen(out, "w")) {
        std::fprintf(f, "frames %ld process_cpu_ms %.1f wall_ms %.1f\n", measured, cpu, wall);
        std::fclose(f);
      }
    }
  }
  return r;
}

XRAPI_ATTR XrResult XRAPI_CALL counter_xrGetInstanceProcAddr(XrInstance instance, const char* name,
                                                            PFN_xrVoidFunction* function) {
  if (name != nullptr && function != nullptr && std::strcmp(name, "xrEndFrame") == 0) {
    *function = reinterpret_cast<PFN_xrVoidFunction>(counter_xrEndFrame);
    return XR_SUCCESS;
  }
  if (name != nullptr && function != nullptr && std::strcmp(name, "xrGetInstanceProcAddr") == 0) {
    *function = reinterpret_cast<PFN_xrVoidFunction>(counter_xrGetInstanceProcAddr);
    return XR_SUCCESS;
  }
  return g_next_gipa ? g_next_gipa(instance, name, function) : XR_ERROR_HANDLE_INVALID;
}

XRAPI_ATTR XrResult XRAPI_CALL counter_xrCreateApiLayerInstance(const XrInstanceCreateInfo* info,
                                                               const XrApiLayerCreateInfo* layer_info,
                                                               XrInstance* instance) {
  if (layer_info == nullptr || layer_info->nextInfo == nullptr) return XR_ERROR_INITIALIZATION_FAILED;
  XrApiLayerCreateInfo down = *layer_info;
  down.nextInfo = layer_info->nextInfo->next;
  const XrResult r = layer_info->nextInfo->nextCreateApiLayerInstance(info, &down, instance);
  if (XR_FAILED(r)) return r;
  g_next_gipa = layer_info->nextInfo->nextGetInstanceProcAddr;
  PFN_xrVoidFunction fn = nullptr;
  if (XR_FAILED(g_next_gipa(*instance, "xrEndFrame", &fn)) || fn == nullptr) return XR_ERROR_INITIALIZATION_FAILED;
  g_next_end_frame = reinterpret_cast<PFN_xrEndFrame>(fn);
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
  request->getInstanceProcAddr = counter_xrGetInstanceProcAddr;
  request->createApiLayerInstance = counter_xrCreateApiLayerInstance;
  return XR_SUCCESS;
}
