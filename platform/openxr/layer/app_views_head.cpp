#include "openxr/layer/app_views_head.hpp"

#include <algorithm>

namespace tw::xr {
namespace {

constexpr XrViewStateFlags kViewsValid = XR_VIEW_STATE_POSITION_VALID_BIT | XR_VIEW_STATE_ORIENTATION_VALID_BIT;
constexpr XrSpaceLocationFlags kLocationValid =
    XR_SPACE_LOCATION_POSITION_VALID_BIT | XR_SPACE_LOCATION_ORIENTATION_VALID_BIT;

layout::Pose pose_of(const XrPosef& p) {
  return {{p.position.x, p.position.y, p.position.z},
          {p.orientation.w, p.orientation.x, p.orientation.y, p.orientation.z}};
}

}  // namespace

bool head_from_views(std::span<const XrView> views, layout::Pose& T_space_head) {
  if (views.empty()) return false;
  glm::vec3 position{0.f};
  glm::quat sum{0.f, 0.f, 0.f, 0.f};
  const glm::quat first = pose_of(views[0].pose).orientation;
  for (const XrView& v : views) {
    const layout::Pose p = pose_of(v.pose);
    position += p.position;
    // q and -q are one rotation: add each in the first view's hemisphere.
    sum += glm::dot(first, p.orientation) < 0.f ? -p.orientation : p.orientation;
  }
  const float length = glm::length(sum);
  if (!(length > 1e-6f)) return false;
  T_space_head = {position / static_cast<float>(views.size()), sum / length};
  return true;
}

bool AppViewsHead::known(XrSpace space) const {
  return space != XR_NULL_HANDLE && std::find(spaces_.begin(), spaces_.end(), space) != spaces_.end();
}

void AppViewsHead::forget(XrSpace space) {
  std::replace(spaces_.begin(), spaces_.end(), space, XrSpace{XR_NULL_HANDLE});
  if (views_space_ == space) views_space_ = XR_NULL_HANDLE;
  if (relation_space_ == space) relation_space_ = XR_NULL_HANDLE;
}

void AppViewsHead::on_space_created(XrSpace space, XrReferenceSpaceType type) {
  if (space == XR_NULL_HANDLE) return;
  std::lock_guard lock(mutex_);
  forget(space);  // a handle the app destroyed and got back: nothing of the old space may stay
  if (type == XR_REFERENCE_SPACE_TYPE_VIEW) return;
  auto free = std::find(spaces_.begin(), spaces_.end(), XrSpace{XR_NULL_HANDLE});
  if (free != spaces_.end()) *free = space;
}

void AppViewsHead::on_action_space_created(XrSpace space) {
  if (space == XR_NULL_HANDLE) return;
  std::lock_guard lock(mutex_);
  forget(space);
}

void AppViewsHead::on_views(XrSpace space, XrTime display_time, XrViewStateFlags flags,
                            std::span<const XrView> views) {
  std::lock_guard lock(mutex_);
  layout::Pose head;
  if ((flags & kViewsValid) != kViewsValid || !known(space) || !head_from_views(views, head)) {
    views_space_ = XR_NULL_HANDLE;  // an untracked locate: take() falls back to the layer's own
    return;
  }
  views_space_ = space;
  views_t_ = display_time;
  T_space_head_ = head;
}

void AppViewsHead::on_reference_space_change() {
  std::lock_guard lock(mutex_);
  relation_space_ = XR_NULL_HANDLE;
}

bool AppViewsHead::take(const XrDispatch& xr, XrSpace local, XrTime t, HeadPose& out) {
  std::lock_guard lock(mutex_);
  if (t <= 0 || local == XR_NULL_HANDLE || views_space_ == XR_NULL_HANDLE || views_t_ != t) return false;
  if (relation_space_ != views_space_ || t - relation_t_ > kRelationMaxAgeNs || t < relation_t_) {
    XrSpaceLocation loc{XR_TYPE_SPACE_LOCATION};
    if (XR_FAILED(xr.LocateSpace(views_space_, local, t, &loc)) || (loc.locationFlags & kLocationValid) != kLocationValid)
      return false;
    relation_space_ = views_space_;
    relation_t_ = t;
    T_local_space_ = pose_of(loc.pose);
  }
  const layout::Pose T_local_head = T_local_space_ * T_space_head_;
  const glm::vec3& p = T_local_head.position;
  const glm::quat& q = T_local_head.orientation;
  out = {p.x, p.y, p.z, q.x, q.y, q.z, q.w};
  ++taken_;
  return true;
}

}  // namespace tw::xr
