#include "openxr/layer/head_locator.hpp"

namespace tw::xr {

Result<std::unique_ptr<HeadLocator>> HeadLocator::create(const XrDispatch& xr, XrInstance instance,
                                                         XrSession session, XrSpace local) {
  std::unique_ptr<HeadLocator> h(new HeadLocator());
  h->xr_ = xr;
  XrReferenceSpaceCreateInfo info{XR_TYPE_REFERENCE_SPACE_CREATE_INFO};
  info.poseInReferenceSpace = {{0, 0, 0, 1}, {0, 0, 0}};
  info.referenceSpaceType = XR_REFERENCE_SPACE_TYPE_VIEW;
  XrResult r = xr.CreateReferenceSpace(session, &info, &h->view_);
  if (XR_FAILED(r)) return Error{kErrcOpenxr, xr_error(xr, instance, "xrCreateReferenceSpace(VIEW)", r)};
  h->local_ = local;
  if (local != XR_NULL_HANDLE) return h;
  info.referenceSpaceType = XR_REFERENCE_SPACE_TYPE_LOCAL;
  r = xr.CreateReferenceSpace(session, &info, &h->local_);
  if (XR_FAILED(r)) return Error{kErrcOpenxr, xr_error(xr, instance, "xrCreateReferenceSpace(LOCAL)", r)};
  h->own_local_ = true;
  return h;
}

HeadLocator::~HeadLocator() {
  if (view_ != XR_NULL_HANDLE) xr_.DestroySpace(view_);
  if (own_local_ && local_ != XR_NULL_HANDLE) xr_.DestroySpace(local_);
}

bool HeadLocator::locate(XrTime t, HeadPose& out) const {
  if (t <= 0) return false;
  XrSpaceLocation loc{XR_TYPE_SPACE_LOCATION};
  if (XR_FAILED(xr_.LocateSpace(view_, local_, t, &loc))) return false;
  const XrSpaceLocationFlags need = XR_SPACE_LOCATION_POSITION_VALID_BIT | XR_SPACE_LOCATION_ORIENTATION_VALID_BIT;
  if ((loc.locationFlags & need) != need) return false;
  const XrPosef& p = loc.pose;
  out = {p.position.x, p.position.y, p.position.z, p.orientation.x, p.orientation.y, p.orientation.z,
         p.orientation.w};
  return true;
}

}  // namespace tw::xr
