// HandPinch: the layer's pinch from XR_EXT_hand_tracking joints, on a
// stand-in runtime whose joints the test sets (the real one is Monado's, in
// e2e.hello_xr_answering.pinch). Nothing is located while no card takes
// answers; a pinch held when the card comes must open first; joints without
// a valid position, or an inactive hand, are no pinch; a system without hand
// tracking gets none; a tracker the runtime refuses fails creation and the
// other one is destroyed.
#include "tw_catch.hpp"

#include <array>
#include <cstdint>
#include <cstring>

#include "openxr/layer/hand_pinch.hpp"

namespace {

struct Runtime {
  int created = 0, destroyed = 0, located = 0;
  bool refuse_right = false;
  bool supported = true;  // XrSystemHandTrackingPropertiesEXT
  std::array<float, 2> gap_m{0.1f, 0.1f};  // index tip's distance from the thumb tip, per hand
  std::array<bool, 2> active{true, true};
  XrSpaceLocationFlags flags = XR_SPACE_LOCATION_POSITION_VALID_BIT | XR_SPACE_LOCATION_ORIENTATION_VALID_BIT;
} g_rt;

XrHandTrackerEXT handle(XrHandEXT hand) { return reinterpret_cast<XrHandTrackerEXT>(uintptr_t{0x100} + hand); }

XRAPI_ATTR XrResult XRAPI_CALL system_properties(XrInstance, XrSystemId, XrSystemProperties* props) {
  auto* hands = static_cast<XrSystemHandTrackingPropertiesEXT*>(props->next);
  if (hands == nullptr || hands->type != XR_TYPE_SYSTEM_HAND_TRACKING_PROPERTIES_EXT) return XR_ERROR_VALIDATION_FAILURE;
  hands->supportsHandTracking = g_rt.supported;
  return XR_SUCCESS;
}
XRAPI_ATTR XrResult XRAPI_CALL create(XrSession, const XrHandTrackerCreateInfoEXT* info, XrHandTrackerEXT* out) {
  if (info == nullptr || info->type != XR_TYPE_HAND_TRACKER_CREATE_INFO_EXT) return XR_ERROR_VALIDATION_FAILURE;
  if (g_rt.refuse_right && info->hand == XR_HAND_RIGHT_EXT) return XR_ERROR_FEATURE_UNSUPPORTED;
  ++g_rt.created;
  *out = handle(info->hand);
  return XR_SUCCESS;
}
XRAPI_ATTR XrResult XRAPI_CALL destroy(XrHandTrackerEXT) {
  ++g_rt.destroyed;
  return XR_SUCCESS;
}
XRAPI_ATTR XrResult XRAPI_CALL locate(XrHandTrackerEXT tracker, const XrHandJointsLocateInfoEXT* info,
                                      XrHandJointLocationsEXT* out) {
  if (info == nullptr || info->baseSpace == XR_NULL_HANDLE || out->jointCount != XR_HAND_JOINT_COUNT_EXT)
    return XR_ERROR_VALIDATION_FAILURE;
  ++g_rt.located;
  const size_t h = tracker == handle(XR_HAND_LEFT_EXT) ? 0 : 1;
  out->isActive = g_rt.active[h];
  for (uint32_t j = 0; j < out->jointCount; ++j) {
    out->jointLocations[j] = {};
    out->jointLocations[j].locationFlags = g_rt.flags;
    out->jointLocations[j].pose.position = {0.1f * static_cast<float>(j), 1.f, -0.3f};
  }
  out->jointLocations[XR_HAND_JOINT_THUMB_TIP_EXT].pose.position = {0.f, 1.2f, -0.3f};
  out->jointLocations[XR_HAND_JOINT_INDEX_TIP_EXT].pose.position = {0.f, 1.2f + g_rt.gap_m[h], -0.3f};
  return XR_SUCCESS;
}

const tw::xr::HandDispatch kDispatch{system_properties, create, destroy, locate};
const XrInstance kInstance = reinterpret_cast<XrInstance>(uintptr_t{0x44});
const XrSystemId kSystem = 1;
const XrSession kSession = reinterpret_cast<XrSession>(uintptr_t{0x55});
const XrSpace kSpace = reinterpret_cast<XrSpace>(uintptr_t{0x66});

}  // namespace

TEST_CASE("a pinch selects while a card takes answers, once the hand was seen open", "[openxr][pinch]") {
  g_rt = {};
  {
    auto made = tw::xr::HandPinch::create(kDispatch, kInstance, kSystem, kSession);
    REQUIRE(made.ok());
    REQUIRE(made.value() != nullptr);
    tw::xr::HandPinch& p = *made.value();
    CHECK(g_rt.created == 2);

    g_rt.gap_m = {0.1f, 0.005f};  // the right hand pinches before any card
    for (int i = 0; i < 10; ++i) CHECK_FALSE(p.update(kSpace, 1000 + i, false)[1]);
    CHECK(g_rt.located == 0);  // no card: no IPC
    // The card comes while the right hand pinches: no select until it opens.
    for (int i = 0; i < 10; ++i) CHECK_FALSE(p.update(kSpace, 2000 + i, true)[1]);
    CHECK(g_rt.located == 20);
    g_rt.gap_m[1] = 0.05f;
    CHECK_FALSE(p.update(kSpace, 3000, true)[1]);
    g_rt.gap_m[1] = 0.01f;
    CHECK(p.update(kSpace, 3001, true)[1]);
    CHECK(p.frame(1).select);
    CHECK(p.frame(1).gap_m == Approx(0.01f));
    g_rt.gap_m[1] = 0.025f;  // held (hysteresis)
    CHECK(p.update(kSpace, 3002, true)[1]);
    CHECK_FALSE(p.update(kSpace, 3002, true)[0]);
    CHECK(p.stats().pinches[1] == 1);
    CHECK(p.stats().pinches[0] == 0);
    CHECK(p.stats().min_gap_m[1] == Approx(0.005f));  // while held before it opened
    CHECK(p.stats().min_gap_m[0] == Approx(0.1f));

    // The card goes and comes back while still pinched: must open again.
    CHECK_FALSE(p.update(kSpace, 4000, false)[1]);
    g_rt.gap_m[1] = 0.01f;
    CHECK_FALSE(p.update(kSpace, 4001, true)[1]);
    CHECK(p.stats().frames == 15);
    CHECK(g_rt.located == 30);  // both hands a frame
  }
  CHECK(g_rt.destroyed == 2);
}

TEST_CASE("joints without a valid position, or an inactive hand, are no pinch", "[openxr][pinch]") {
  g_rt = {};
  auto made = tw::xr::HandPinch::create(kDispatch, kInstance, kSystem, kSession);
  REQUIRE(made.ok());
  REQUIRE(made.value() != nullptr);
  tw::xr::HandPinch& p = *made.value();
  CHECK_FALSE(p.update(kSpace, 1, true)[0]);  // open: armed
  g_rt.gap_m[0] = 0.005f;
  g_rt.flags = XR_SPACE_LOCATION_ORIENTATION_VALID_BIT;  // no position
  CHECK_FALSE(p.update(kSpace, 2, true)[0]);
  CHECK_FALSE(p.frame(0).tracked);
  g_rt.flags |= XR_SPACE_LOCATION_POSITION_VALID_BIT;
  g_rt.active[0] = false;
  CHECK_FALSE(p.update(kSpace, 3, true)[0]);
  g_rt.active[0] = true;
  CHECK(p.update(kSpace, 4, true)[0]);  // back and pinched: a fresh press
  CHECK(p.stats().tracked[0] == 2);
  CHECK_FALSE(p.update(XR_NULL_HANDLE, 5, true)[0]);  // no space: nothing located
}

TEST_CASE("a tracker the runtime refuses fails creation and frees the other", "[openxr][pinch]") {
  g_rt = {};
  g_rt.refuse_right = true;
  auto made = tw::xr::HandPinch::create(kDispatch, kInstance, kSystem, kSession);
  REQUIRE_FALSE(made.ok());
  CHECK(made.error().message.find("right hand") != std::string::npos);
  CHECK(g_rt.created == 1);
  CHECK(g_rt.destroyed == 1);
  CHECK_FALSE(tw::xr::HandPinch::create({}, kInstance, kSystem, kSession).ok());
}

TEST_CASE("a system without hand tracking gets no trackers, and no error", "[openxr][pinch]") {
  g_rt = {};
  g_rt.supported = false;
  auto made = tw::xr::HandPinch::create(kDispatch, kInstance, kSystem, kSession);
  REQUIRE(made.ok());
  CHECK(made.value() == nullptr);
  CHECK(g_rt.created == 0);
}

TEST_CASE("the extension's functions are named for hiding", "[openxr][pinch]") {
  CHECK(tw::xr::is_hand_tracking_function("xrCreateHandTrackerEXT"));
  CHECK(tw::xr::is_hand_tracking_function("xrDestroyHandTrackerEXT"));
  CHECK(tw::xr::is_hand_tracking_function("xrLocateHandJointsEXT"));
  CHECK_FALSE(tw::xr::is_hand_tracking_function("xrLocateSpace"));
  CHECK_FALSE(tw::xr::is_hand_tracking_function(nullptr));
  CHECK_FALSE(tw::xr::load_hand_dispatch(nullptr, XR_NULL_HANDLE).ok());
}
