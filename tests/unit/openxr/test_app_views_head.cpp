// AppViewsHead: the head from the app's own located views instead of a
// locate of VIEW per frame. The views' mean pose, moved into the layer's
// LOCAL space by the app space's pose there (located once a second, and
// again after a reference space change), only for reference spaces the app
// made (not VIEW, not a handle that came back as an action space), only at
// the display time the app located at, and only when the views were valid.
// The runtime's xrLocateSpace is a stand-in that counts calls: a unit test
// has no runtime (the e2e tests run Monado's).
#include "tw_catch.hpp"

#include <cmath>

#include "openxr/layer/app_views_head.hpp"

namespace {

// STAGE is 1.6 m below LOCAL and turned 90 deg about +Y (what the stand-in says).
int g_locates = 0;
XrResult XRAPI_CALL locate_stage_in_local(XrSpace, XrSpace, XrTime, XrSpaceLocation* loc) {
  ++g_locates;
  const float h = static_cast<float>(M_PI / 4.0);  // half of 90 deg
  loc->pose = {{0.f, std::sin(h), 0.f, std::cos(h)}, {0.f, -1.6f, 0.f}};
  loc->locationFlags = XR_SPACE_LOCATION_POSITION_VALID_BIT | XR_SPACE_LOCATION_ORIENTATION_VALID_BIT;
  return XR_SUCCESS;
}

const XrSpace kStage = reinterpret_cast<XrSpace>(uintptr_t{0x51});
const XrSpace kLocal = reinterpret_cast<XrSpace>(uintptr_t{0x52});
constexpr XrViewStateFlags kValid = XR_VIEW_STATE_POSITION_VALID_BIT | XR_VIEW_STATE_ORIENTATION_VALID_BIT;

// Two eyes 64 mm apart at (x, 1.7, z) in STAGE, looking down -Z.
std::array<XrView, 2> eyes(float x = 0.f, float z = 0.f) {
  std::array<XrView, 2> v{};
  for (int e = 0; e < 2; ++e) {
    v[e] = {XR_TYPE_VIEW};
    v[e].pose = {{0.f, 0.f, 0.f, 1.f}, {x + (e == 0 ? -0.032f : 0.032f), 1.7f, z}};
  }
  return v;
}

tw::xr::XrDispatch dispatch() {
  tw::xr::XrDispatch xr{};
  xr.LocateSpace = &locate_stage_in_local;
  return xr;
}

}  // namespace

TEST_CASE("head_from_views: the eyes' mean position and orientation", "[openxr][app_views_head]") {
  auto v = eyes(0.5f, -2.f);
  const float h = static_cast<float>(10.0 * M_PI / 360.0);
  v[0].pose.orientation = {0.f, std::sin(h), 0.f, std::cos(h)};     // +10 deg yaw
  v[1].pose.orientation = {0.f, -std::sin(h), 0.f, -std::cos(h)};    // the same, as -q
  tw::layout::Pose head;
  REQUIRE(tw::xr::head_from_views(v, head));
  CHECK(head.position.x == Approx(0.5f));
  CHECK(head.position.y == Approx(1.7f));
  CHECK(head.position.z == Approx(-2.f));
  CHECK(std::abs(head.orientation.y) == Approx(std::sin(h)).margin(1e-6));  // not averaged to zero
  CHECK_FALSE(tw::xr::head_from_views({}, head));
}

TEST_CASE("app views head: in LOCAL, the relation located once a second", "[openxr][app_views_head]") {
  g_locates = 0;
  tw::xr::AppViewsHead head;
  const tw::xr::XrDispatch xr = dispatch();
  head.on_space_created(kStage, XR_REFERENCE_SPACE_TYPE_STAGE);
  const auto v = eyes(1.f, 0.f);
  tw::HeadPose pose;
  constexpr XrTime kFrameNs = 11'111'111;
  for (int f = 1; f <= 180; ++f) {  // two seconds at 90 Hz
    const XrTime t = f * kFrameNs;
    head.on_views(kStage, t, kValid, v);
    REQUIRE(head.take(xr, kLocal, t, pose));
  }
  // STAGE (1, 1.7, 0) turned +90 deg about Y is (0, 1.7, -1) in LOCAL, 1.6 m lower.
  CHECK(pose.x_m == Approx(0.f).margin(1e-5));
  CHECK(pose.y_m == Approx(0.1f));
  CHECK(pose.z_m == Approx(-1.f));
  CHECK(g_locates == 2);  // once at the start and once a second later: not 180
  CHECK(head.taken() == 180);
  head.on_reference_space_change();
  head.on_views(kStage, 181 * kFrameNs, kValid, v);
  REQUIRE(head.take(xr, kLocal, 181 * kFrameNs, pose));
  CHECK(g_locates == 3);  // a recentre: located again at once
}

TEST_CASE("app views head: none unless the app located valid views in its reference space at that time",
          "[openxr][app_views_head]") {
  g_locates = 0;
  tw::xr::AppViewsHead head;
  const tw::xr::XrDispatch xr = dispatch();
  const auto v = eyes();
  tw::HeadPose pose;
  head.on_views(kStage, 100, kValid, v);  // a space the app never created (or not one we saw)
  CHECK_FALSE(head.take(xr, kLocal, 100, pose));
  head.on_space_created(kStage, XR_REFERENCE_SPACE_TYPE_STAGE);
  head.on_views(kStage, 100, kValid, v);
  CHECK_FALSE(head.take(xr, kLocal, 101, pose));  // the frame is for another display time
  CHECK(head.take(xr, kLocal, 100, pose));
  head.on_views(kStage, 200, XR_VIEW_STATE_ORIENTATION_VALID_BIT, v);  // position not tracked
  CHECK_FALSE(head.take(xr, kLocal, 200, pose));
  head.on_action_space_created(kStage);  // the handle came back as a controller's space
  head.on_views(kStage, 300, kValid, v);
  CHECK_FALSE(head.take(xr, kLocal, 300, pose));
  const XrSpace view = reinterpret_cast<XrSpace>(uintptr_t{0x53});
  head.on_space_created(view, XR_REFERENCE_SPACE_TYPE_VIEW);  // views in VIEW say nothing of the head
  head.on_views(view, 400, kValid, v);
  CHECK_FALSE(head.take(xr, kLocal, 400, pose));
  CHECK(head.taken() == 1);
}
