#include "openxr/xr_dispatch.hpp"

#include <string>

namespace tw::xr {

namespace {

template <class Pfn>
bool load(PFN_xrGetInstanceProcAddr gipa, XrInstance instance, const char* name, Pfn& out,
          std::string& missing) {
  PFN_xrVoidFunction fn = nullptr;
  if (XR_FAILED(gipa(instance, name, &fn)) || fn == nullptr) {
    missing += missing.empty() ? name : std::string(", ") + name;
    return false;
  }
  out = reinterpret_cast<Pfn>(fn);
  return true;
}

}  // namespace

Result<XrDispatch> load_dispatch(PFN_xrGetInstanceProcAddr gipa, XrInstance instance) {
  if (gipa == nullptr || instance == XR_NULL_HANDLE)
    return Error{Errc::invalid_argument, "load_dispatch: null xrGetInstanceProcAddr or instance"};
  XrDispatch d;
  d.GetInstanceProcAddr = gipa;
  std::string missing;
  load(gipa, instance, "xrGetSystemProperties", d.GetSystemProperties, missing);
  load(gipa, instance, "xrEnumerateSwapchainFormats", d.EnumerateSwapchainFormats, missing);
  load(gipa, instance, "xrCreateSwapchain", d.CreateSwapchain, missing);
  load(gipa, instance, "xrDestroySwapchain", d.DestroySwapchain, missing);
  load(gipa, instance, "xrEnumerateSwapchainImages", d.EnumerateSwapchainImages, missing);
  load(gipa, instance, "xrAcquireSwapchainImage", d.AcquireSwapchainImage, missing);
  load(gipa, instance, "xrWaitSwapchainImage", d.WaitSwapchainImage, missing);
  load(gipa, instance, "xrReleaseSwapchainImage", d.ReleaseSwapchainImage, missing);
  load(gipa, instance, "xrCreateReferenceSpace", d.CreateReferenceSpace, missing);
  load(gipa, instance, "xrDestroySpace", d.DestroySpace, missing);
  load(gipa, instance, "xrLocateSpace", d.LocateSpace, missing);
  load(gipa, instance, "xrLocateViews", d.LocateViews, missing);
  load(gipa, instance, "xrResultToString", d.ResultToString, missing);
  if (!missing.empty()) return Error{kErrcOpenxr, "xrGetInstanceProcAddr found no " + missing};
  return d;
}

std::string xr_error(const XrDispatch& d, XrInstance instance, const char* call, XrResult r) {
  char name[XR_MAX_RESULT_STRING_SIZE] = {};
  if (d.ResultToString == nullptr || XR_FAILED(d.ResultToString(instance, r, name))) name[0] = '\0';
  return std::string(call) + ": " + (name[0] ? name : "XrResult") + " (" + std::to_string(r) + ")";
}

}  // namespace tw::xr
