#include "openxr/layer/hand_pinch.hpp"

#include <cstring>
#include <string>

#include "openxr/xr_dispatch.hpp"

namespace tw::xr {
namespace {

constexpr std::array<const char*, 3> kFunctions{"xrCreateHandTrackerEXT", "xrDestroyHandTrackerEXT",
                                                "xrLocateHandJointsEXT"};

template <typename Pfn>
bool load(PFN_xrGetInstanceProcAddr gipa, XrInstance instance, const char* name, Pfn& out) {
  PFN_xrVoidFunction fn = nullptr;
  if (XR_FAILED(gipa(instance, name, &fn)) || fn == nullptr) return false;
  out = reinterpret_cast<Pfn>(fn);
  return true;
}

}  // namespace

Result<HandDispatch> load_hand_dispatch(PFN_xrGetInstanceProcAddr gipa, XrInstance instance) {
  if (gipa == nullptr || instance == XR_NULL_HANDLE)
    return Error{Errc::invalid_argument, "load_hand_dispatch: null xrGetInstanceProcAddr or instance"};
  HandDispatch d;
  if (!load(gipa, instance, "xrGetSystemProperties", d.GetSystemProperties) ||
      !load(gipa, instance, kFunctions[0], d.CreateHandTrackerEXT) ||
      !load(gipa, instance, kFunctions[1], d.DestroyHandTrackerEXT) ||
      !load(gipa, instance, kFunctions[2], d.LocateHandJointsEXT))
    return Error{kErrcOpenxr, "xrGetInstanceProcAddr gives no XR_EXT_hand_tracking functions"};
  return d;
}

bool is_hand_tracking_function(const char* name) noexcept {
  if (name == nullptr) return false;
  for (const char* f : kFunctions)
    if (std::strcmp(name, f) == 0) return true;
  return false;
}

Result<std::unique_ptr<HandPinch>> HandPinch::create(const HandDispatch& d, XrInstance instance, XrSystemId system,
                                                     XrSession session) {
  if (d.GetSystemProperties == nullptr || d.CreateHandTrackerEXT == nullptr || d.DestroyHandTrackerEXT == nullptr || d.LocateHandJointsEXT == nullptr)
    return Error{Errc::invalid_argument, "HandPinch::create: XR_EXT_hand_tracking functions not loaded"};
  XrSystemHandTrackingPropertiesEXT hands{XR_TYPE_SYSTEM_HAND_TRACKING_PROPERTIES_EXT};
  XrSystemProperties props{XR_TYPE_SYSTEM_PROPERTIES};
  props.next = &hands;
  if (const XrResult r = d.GetSystemProperties(instance, system, &props); XR_FAILED(r))
    return Error{kErrcOpenxr, "xrGetSystemProperties for hand tracking failed (XrResult " + std::to_string(r) + ")"};
  if (!hands.supportsHandTracking) return std::unique_ptr<HandPinch>();
  std::unique_ptr<HandPinch> p(new HandPinch());
  p->d_ = d;
  constexpr std::array<XrHandEXT, 2> kHands{XR_HAND_LEFT_EXT, XR_HAND_RIGHT_EXT};
  for (size_t h = 0; h < 2; ++h) {
    XrHandTrackerCreateInfoEXT info{XR_TYPE_HAND_TRACKER_CREATE_INFO_EXT};
    info.hand = kHands[h];
    info.handJointSet = XR_HAND_JOINT_SET_DEFAULT_EXT;
    if (const XrResult r = d.CreateHandTrackerEXT(session, &info, &p->trackers_[h]); XR_FAILED(r)) {
      p->trackers_[h] = XR_NULL_HANDLE;
      return Error{kErrcOpenxr, "xrCreateHandTrackerEXT for the " + std::string(h == 0 ? "left" : "right") +
                                    " hand failed (XrResult " + std::to_string(r) + ")"};  // ~HandPinch frees the other
    }
  }
  return p;
}

HandPinch::~HandPinch() {
  for (XrHandTrackerEXT t : trackers_)
    if (t != XR_NULL_HANDLE) d_.DestroyHandTrackerEXT(t);
}

const std::array<bool, 2>& HandPinch::update(XrSpace space, XrTime t, bool answering) {
  down_ = {};
  if (!answering || space == XR_NULL_HANDLE) {
    for (size_t h = 0; h < 2; ++h) pinch_[h].reset(), armed_[h] = false;
    return down_;
  }
  ++stats_.frames;
  constexpr XrSpaceLocationFlags kValid = XR_SPACE_LOCATION_POSITION_VALID_BIT;
  for (size_t h = 0; h < 2; ++h) {
    XrHandJointsLocateInfoEXT info{XR_TYPE_HAND_JOINTS_LOCATE_INFO_EXT};
    info.baseSpace = space;
    info.time = t;
    XrHandJointLocationsEXT out{XR_TYPE_HAND_JOINT_LOCATIONS_EXT};
    out.jointCount = static_cast<uint32_t>(joints_.size());
    out.jointLocations = joints_.data();
    const bool located = XR_SUCCEEDED(d_.LocateHandJointsEXT(trackers_[h], &info, &out)) && out.isActive;
    const XrHandJointLocationEXT& thumb = joints_[XR_HAND_JOINT_THUMB_TIP_EXT];
    const XrHandJointLocationEXT& index = joints_[XR_HAND_JOINT_INDEX_TIP_EXT];
    const auto& p = pinch_[h].update({thumb.pose.position.x, thumb.pose.position.y, thumb.pose.position.z},
                                     located && (thumb.locationFlags & kValid) == kValid,
                                     {index.pose.position.x, index.pose.position.y, index.pose.position.z},
                                     located && (index.locationFlags & kValid) == kValid);
    stats_.tracked[h] += p.tracked;
    if (p.tracked && (stats_.min_gap_m[h] < 0.f || p.gap_m < stats_.min_gap_m[h])) stats_.min_gap_m[h] = p.gap_m;
    if (p.tracked && !p.pinched) armed_[h] = true;
    down_[h] = armed_[h] && p.pinched;
    stats_.pinches[h] += armed_[h] && p.select;
  }
  return down_;
}

}  // namespace tw::xr
