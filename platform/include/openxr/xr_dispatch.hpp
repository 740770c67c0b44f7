// xr_dispatch.hpp: the OpenXR functions the Timewall binding calls itself.
//
// What it does: loads, through a given xrGetInstanceProcAddr, the handful of
// functions the binding needs (system properties, swapchains, spaces). The
// explicit binding passes the loader's xrGetInstanceProcAddr; the API layer
// passes the next layer's, so Timewall's own calls go down the chain below it.
// What it does not do: intercept anything; see layer/.
//
//   tw::Result<tw::xr::XrDispatch> d = tw::xr::load_dispatch(xrGetInstanceProcAddr, instance);
#pragma once

#include <openxr/openxr.h>

#include <string>

#include "core/result.hpp"

namespace tw::xr {

// An OpenXR call failed: the XR binding's error code, TW_ERROR_OPENXR in the
// C ABI (core's Errc leaves 16 to it; see core/result.hpp).
inline constexpr Errc kErrcOpenxr{16};

struct XrDispatch {
  PFN_xrGetInstanceProcAddr GetInstanceProcAddr = nullptr;
  PFN_xrGetSystemProperties GetSystemProperties = nullptr;
  PFN_xrEnumerateSwapchainFormats EnumerateSwapchainFormats = nullptr;
  PFN_xrCreateSwapchain CreateSwapchain = nullptr;
  PFN_xrDestroySwapchain DestroySwapchain = nullptr;
  PFN_xrEnumerateSwapchainImages EnumerateSwapchainImages = nullptr;
  PFN_xrAcquireSwapchainImage AcquireSwapchainImage = nullptr;
  PFN_xrWaitSwapchainImage WaitSwapchainImage = nullptr;
  PFN_xrReleaseSwapchainImage ReleaseSwapchainImage = nullptr;
  PFN_xrCreateReferenceSpace CreateReferenceSpace = nullptr;
  PFN_xrDestroySpace DestroySpace = nullptr;
  PFN_xrLocateSpace LocateSpace = nullptr;
  PFN_xrLocateViews LocateViews = nullptr;
  PFN_xrResultToString ResultToString = nullptr;
};

Result<XrDispatch> load_dispatch(PFN_xrGetInstanceProcAddr gipa, XrInstance instance);

// Loads `name` into `out` through `gipa`; one that is not there is added to
// `missing` ("xrA, xrB"), for the caller's error.
template <class Pfn>
void load_proc(PFN_xrGetInstanceProcAddr gipa, XrInstance instance, const char* name, Pfn& out,
               std::string& missing) {
  PFN_xrVoidFunction fn = nullptr;
  if (XR_FAILED(gipa(instance, name, &fn)) || fn == nullptr) {
    missing += missing.empty() ? name : std::string(", ") + name;
    return;
  }
  out = reinterpret_cast<Pfn>(fn);
}

// "xrCreateSwapchain: XR_ERROR_LIMIT_REACHED (-10)" style text for errors.
std::string xr_error(const XrDispatch& d, XrInstance instance, const char* call, XrResult r);

}  // namespace tw::xr
