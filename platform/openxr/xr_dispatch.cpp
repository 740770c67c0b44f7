#include "openxr/xr_dispatch.hpp"

#include <string>

namespace tw::xr {

Result<XrDispatch> load_dispatch(PFN_xrGetInstanceProcAddr gipa, XrInstance instance) {
  if (gipa == nullptr || instance == XR_NULL_HANDLE)
    return Error{Errc::invalid_argument, "load_dispatch: null xrGetInstanceProcAddr or instance"};
  XrDispatch d;
  d.GetInstanceProcAddr = gipa;
  std::string missing;
  load_proc(gipa, instance, "xrGetSystemProperties", d.GetSystemProperties, missing);
  load_proc(gipa, instance, "xrEnumerateSwapchainFormats", d.EnumerateSwapchainFormats, missing);
  load_proc(gipa, instance, "xrCreateSwapchain", d.CreateSwapchain, missing);
  load_proc(gipa, instance, "xrDestroySwapchain", d.DestroySwapchain, missing);
  load_proc(gipa, instance, "xrEnumerateSwapchainImages", d.EnumerateSwapchainImages, missing);
  load_proc(gipa, instance, "xrAcquireSwapchainImage", d.AcquireSwapchainImage, missing);
  load_proc(gipa, instance, "xrWaitSwapchainImage", d.WaitSwapchainImage, missing);
  load_proc(gipa, instance, "xrReleaseSwapchainImage", d.ReleaseSwapchainImage, missing);
  load_proc(gipa, instance, "xrCreateReferenceSpace", d.CreateReferenceSpace, missing);
  load_proc(gipa, instance, "xrDestroySpace", d.DestroySpace, missing);
  load_proc(gipa, instance, "xrLocateSpace", d.LocateSpace, missing);
  load_proc(gipa, instance, "xrLocateViews", d.LocateViews, missing);
  load_proc(gipa, instance, "xrResultToString", d.ResultToString, missing);
  if (!missing.empty()) return Error{kErrcOpenxr, "xrGetInstanceProcAddr found no " + missing};
  return d;
}

std::string xr_error(const XrDispatch& d, XrInstance instance, const char* call, XrResult r) {
  char name[XR_MAX_RESULT_STRING_SIZE] = {};
  if (d.ResultToString == nullptr || XR_FAILED(d.ResultToString(instance, r, name))) name[0] = '\0';
  return std::string(call) + ": " + (name[0] ? name : "XrResult") + " (" + std::to_string(r) + ")";
}

}  // namespace tw::xr
