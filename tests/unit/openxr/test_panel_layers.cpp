// Geometry of Timewall's composition layers: room, atlas packing and
// placement, cylinders (platform/include/openxr/panel_layers.hpp).
#include <cmath>

#include "openxr/panel_layers.hpp"
#include "tw_catch.hpp"

using namespace tw;
using namespace tw::xr;

namespace {
glm::vec3 v(const XrVector3f& p) { return {p.x, p.y, p.z}; }
layout::Pose yawed(float yaw_rad, glm::vec3 at) { return {at, glm::angleAxis(yaw_rad, glm::vec3(0, 1, 0))}; }
}  // namespace

TEST_CASE("layer room keeps to maxLayerCount alongside the app's layers") {
  CHECK(layer_room(16, 1, 4) == 4);
  CHECK(layer_room(16, 14, 4) == 2);
  CHECK(layer_room(16, 16, 4) == 0);
  CHECK(layer_room(16, 20, 4) == 0);  // an app over the limit leaves nothing
  CHECK(plan_layers(0, 4) == LayerMode::none);
  CHECK(plan_layers(3, 0) == LayerMode::none);
  CHECK(plan_layers(3, 3) == LayerMode::separate);
  CHECK(plan_layers(3, 2) == LayerMode::atlas);
  CHECK(plan_layers(3, 1) == LayerMode::atlas);
}

TEST_CASE("the atlas stacks panels top to bottom without overlap") {
  const PanelExtentPx panels[] = {panel_extent_px(OverlayKind::budget_ring), panel_extent_px(OverlayKind::fill_card),
                                  panel_extent_px(OverlayKind::warning, true)};
  const AtlasPacking a = pack_atlas(panels);
  REQUIRE(a.count == 3);
  uint32_t widest = 0;
  for (uint32_t i = 0; i < a.count; ++i) {
    CHECK(a.rects[i].x_px == 0);
    CHECK(a.rects[i].width_px == panels[i].width);
    CHECK(a.rects[i].height_px == panels[i].height);
    if (i > 0) CHECK(a.rects[i].y_px >= a.rects[i - 1].y_px + a.rects[i - 1].height_px);
    widest = std::max(widest, panels[i].width);
  }
  CHECK(a.width_px == widest);
  CHECK(a.height_px == a.rects[2].y_px + a.rects[2].height_px);
  CHECK(pack_atlas({}).count == 0);
}

TEST_CASE("every kind fits one atlas swapchain") {
  std::array<PanelExtentPx, kOverlayKindCount> all{};
  for (int k = 0; k < kOverlayKindCount; ++k) all[static_cast<size_t>(k)] = panel_extent_px(static_cast<OverlayKind>(k));
  const AtlasPacking a = pack_atlas(all);
  CHECK(a.count == static_cast<uint32_t>(kOverlayKindCount));
  CHECK(a.width_px <= 4096);
  CHECK(a.height_px <= 4096);
}

TEST_CASE("the atlas quad keeps the first panel exactly where it was solved") {
  const layout::Pose first = yawed(0.4f, {0.2f, 1.3f, -1.4f});
  const AtlasRect r0{0, 0, 200, 100};
  const uint32_t W = 400, H = 350;
  const QuadShape q = atlas_quad(first, 0.2f, 0.1f, r0, W, H);
  // The same metres per pixel as the solved panel.
  CHECK(q.size_m.width == Approx(0.4f));
  CHECK(q.size_m.height == Approx(0.35f));
  // The atlas's top-left corner coincides with the first panel's.
  const layout::Pose atlas{v(q.pose.position), {q.pose.orientation.w, q.pose.orientation.x, q.pose.orientation.y,
                                                q.pose.orientation.z}};
  const glm::vec3 atlas_tl = atlas.apply({-q.size_m.width / 2, q.size_m.height / 2, 0});
  const glm::vec3 first_tl = first.apply({-0.1f, 0.05f, 0});
  CHECK(glm::length(atlas_tl - first_tl) < 1e-5f);
  // Same plane and orientation.
  CHECK(std::fabs(glm::dot(atlas.orientation, first.orientation)) == Approx(1.f));
  // A degenerate rect gives an empty quad, never a division by zero.
  CHECK(atlas_quad(first, 0.2f, 0.1f, {}, W, H).size_m.width == 0.f);
}

TEST_CASE("a cylinder shows the panel at its distance, covering its width") {
  const glm::vec3 head{0.f, 1.6f, 0.f};
  const float yaw = -0.3f, d = 1.5f;
  const layout::Pose panel = yawed(yaw, head + glm::angleAxis(yaw, glm::vec3(0, 1, 0)) * glm::vec3(0, 0, -d));
  const CylinderShape c = cylinder_for(panel, 0.6f, 0.3f, d);
  CHECK(c.radius_m == Approx(d));
  CHECK(c.central_angle_rad == Approx(0.6f / d));
  CHECK(c.aspect_ratio == Approx(2.f));
  // The cylinder is centred on the head, and the panel's centre lies on it
  // along the cylinder's -Z.
  CHECK(glm::length(v(c.pose.position) - head) < 1e-5f);
  const layout::Pose centre{v(c.pose.position), {c.pose.orientation.w, c.pose.orientation.x, c.pose.orientation.y,
                                                 c.pose.orientation.z}};
  CHECK(glm::length(centre.apply({0, 0, -d}) - panel.position) < 1e-5f);
  // A zero height never divides by zero.
  CHECK(cylinder_for(panel, 0.6f, 0.f, d).aspect_ratio == 1.f);
}

TEST_CASE("a panel projects to the pixel rectangle it covers in an eye") {
  const XrFovf fov{-0.7f, 0.7f, 0.6f, -0.6f};
  const uint32_t W = 400, H = 300;
  const float Wf = 400.f, Hf = 300.f;
  // 1 m ahead, 0.2 x 0.1 m: tan = +-0.1 / +-0.05 around the centre.
  const layout::Pose ahead{{0.f, 0.f, -1.f}, {1.f, 0.f, 0.f, 0.f}};
  AtlasRect r;
  REQUIRE(project_to_view(ahead, 0.2f, 0.1f, fov, W, H, r));
  const float tx = std::tan(0.7f), ty = std::tan(0.6f);
  const float px_per_tan_x = Wf / (2 * tx), px_per_tan_y = Hf / (2 * ty);
  CHECK(std::fabs(static_cast<float>(r.width_px) - 0.2f * px_per_tan_x) <= 2.f);
  CHECK(std::fabs(static_cast<float>(r.height_px) - 0.1f * px_per_tan_y) <= 2.f);
  CHECK(std::fabs(static_cast<float>(r.x_px) + 0.5f * static_cast<float>(r.width_px) - Wf / 2.f) <= 1.5f);
  CHECK(std::fabs(static_cast<float>(r.y_px) + 0.5f * static_cast<float>(r.height_px) - Hf / 2.f) <= 1.5f);
  // Up in the world is up in the image (rows grow downwards).
  const layout::Pose above{{0.f, 0.3f, -1.f}, {1.f, 0.f, 0.f, 0.f}};
  AtlasRect up;
  REQUIRE(project_to_view(above, 0.2f, 0.1f, fov, W, H, up));
  CHECK(up.y_px < r.y_px);
  // Behind the eye, or reaching outside the image: not drawn there.
  CHECK_FALSE(project_to_view({{0.f, 0.f, 1.f}, {1.f, 0.f, 0.f, 0.f}}, 0.2f, 0.1f, fov, W, H, r));
  CHECK_FALSE(project_to_view({{0.8f, 0.f, -1.f}, {1.f, 0.f, 0.f, 0.f}}, 0.2f, 0.1f, fov, W, H, r));
  CHECK_FALSE(project_to_view(ahead, 0.2f, 0.1f, XrFovf{0.3f, -0.3f, 0.3f, -0.3f}, W, H, r));  // inverted FOV
}
