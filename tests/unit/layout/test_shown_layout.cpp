// The layout as shown: rays aimed (with plain vector maths from the shown
// quad's corners) at a card packed below the first panel of an atlas, or at
// a view-locked panel after the head turned, hit it there, and not at its
// solved place; panels the host does not show are neither hit nor in the way.
#include "layout/card_buttons.hpp"
#include "layout/gaze_hit.hpp"
#include "layout/panel_spec.hpp"
#include "layout/shown_layout.hpp"
#include "layout_fixtures.hpp"

using namespace twt;
using tw::OverlayKind;

namespace {

constexpr float kPxPerEm = 28.f;

const PlacedPanel& panel_of(const Layout& l, OverlayKind kind) {
  for (const PlacedPanel& p : l.panels())
    if (p.kind == kind) return p;
  FAIL("no panel of that kind");
  return l.items[0];
}

PixelRect form_px(const PlacedPanel& p, uint32_t x, uint32_t y) {
  const PanelSpec& spec = panel_spec(p.kind);
  const PanelForm& f = p.visibility == Visibility::collapsed ? spec.collapsed : spec.full;
  return {x, y, static_cast<uint32_t>(f.width_em * kPxPerEm), static_cast<uint32_t>(f.drawn_height_em() * kPxPerEm)};
}

glm::vec2 button_centre_em(OverlayKind kind, bool collapsed, CardButton which) {
  for (const ButtonSlot& b : card_buttons(kind, collapsed))
    if (b.button == which) return {b.rect.x_em + 0.5f * b.rect.width_em, b.rect.y_em + 0.5f * b.rect.height_em};
  FAIL("no such button");
  return {};
}

Ray ray_to(glm::vec3 from, glm::vec3 to) { return {from, to - from}; }

}  // namespace

TEST_CASE("in an atlas, a card packed below the first panel is answered where the atlas shows it", "[layout][shown]") {
  const std::vector<tw::Overlay> ov = overlays({OverlayKind::budget_ring, OverlayKind::fill_card});
  auto solver = Solver::create({});
  REQUIRE(solver.ok());
  Layout solved;
  const Pose eye = head(0.f);
  REQUIRE(solver.value().solve({.overlays = ov, .T_space_head = eye, .eye_fov = device(60.f, 60.f)}, solved).ok());
  const PlacedPanel& ring = panel_of(solved, OverlayKind::budget_ring);
  const PlacedPanel& fill = panel_of(solved, OverlayKind::fill_card);
  REQUIRE(ring.visible());
  REQUIRE(fill.visible());
  REQUIRE(ring.view_space);

  // The ring first (it keeps its place), the card 2 px below it, as pack_atlas stacks them.
  const PixelRect ring_px = form_px(ring, 0, 0), fill_px = form_px(fill, 0, ring_px.height_px + 2);
  const ShownPanel shown[] = {{.overlay_index = ring.overlay_index, .rect = ring_px},
                              {.overlay_index = fill.overlay_index, .rect = fill_px}};
  Layout as_shown;
  shown_layout(solved, {.panels = shown, .atlas = true, .head_valid = true, .T_space_head = eye}, as_shown);

  // Where the card's "dismiss" is drawn: from the ring's top-left corner,
  // along the ring's right and down axes at the ring's metres per pixel.
  const float m_per_px = ring.size_m.x / static_cast<float>(ring_px.width_px);
  const glm::vec3 right = ring.T_space_panel.orientation * glm::vec3(1, 0, 0);
  const glm::vec3 down = ring.T_space_panel.orientation * glm::vec3(0, -1, 0);
  const glm::vec3 top_left = ring.T_space_panel.apply({-0.5f * ring.size_m.x, 0.5f * ring.size_m.y, 0.f});
  const bool collapsed = fill.visibility == Visibility::collapsed;
  const PanelSpec& spec = panel_spec(OverlayKind::fill_card);
  const float px_per_em = static_cast<float>(fill_px.width_px) / (collapsed ? spec.collapsed : spec.full).width_em;
  const glm::vec2 dismiss_px = glm::vec2(fill_px.x_px, fill_px.y_px) +
                               button_centre_em(OverlayKind::fill_card, collapsed, CardButton::dismiss) * px_per_em;
  const glm::vec3 drawn = top_left + right * (dismiss_px.x * m_per_px) + down * (dismiss_px.y * m_per_px);
  const Ray gaze = ray_to(eye.position, drawn);

  const PanelHit hit = hit_test(as_shown, gaze);
  REQUIRE(hit.hit);
  CHECK(hit.kind == OverlayKind::fill_card);
  REQUIRE(hit.button >= 0);
  CHECK(card_buttons(OverlayKind::fill_card, hit.collapsed)[static_cast<size_t>(hit.button)].button == CardButton::dismiss);
  // The solved layout has the card elsewhere: the same ray misses its button there.
  const PanelHit at_solved = hit_test(solved, gaze);
  CHECK_FALSE((at_solved.hit && at_solved.kind == OverlayKind::fill_card && at_solved.button >= 0));
  // And a ray at the card's solved place finds nothing of it as shown.
  const PanelHit old_place = hit_test(as_shown, ray_to(eye.position, fill.T_space_panel.position));
  CHECK_FALSE((old_place.hit && old_place.kind == OverlayKind::fill_card));
  // The shown card has the ring's scale: its pixel size at the ring's metres per pixel.
  const PlacedPanel& shown_fill = panel_of(as_shown, OverlayKind::fill_card);
  CHECK(shown_fill.size_m.x == Approx(static_cast<float>(fill_px.width_px) * m_per_px));
  CHECK(shown_fill.size_m.y == Approx(static_cast<float>(fill_px.height_px) * m_per_px).epsilon(0.02));
}

TEST_CASE("the first panel of an atlas, and every panel outside one, keep their solved place", "[layout][shown]") {
  const std::vector<tw::Overlay> ov = overlays({OverlayKind::friction_prompt, OverlayKind::budget_ring});
  auto solver = Solver::create({});
  REQUIRE(solver.ok());
  Layout solved;
  const Pose eye = head(0.f);
  REQUIRE(solver.value().solve({.overlays = ov, .T_space_head = eye, .eye_fov = device(60.f, 60.f)}, solved).ok());
  const PlacedPanel& prompt = panel_of(solved, OverlayKind::friction_prompt);
  const PlacedPanel& ring = panel_of(solved, OverlayKind::budget_ring);
  REQUIRE(prompt.visible());
  const ShownPanel shown[] = {{.overlay_index = prompt.overlay_index, .rect = form_px(prompt, 0, 0)},
                              {.overlay_index = ring.overlay_index, .rect = form_px(ring, 0, 300)}};
  for (const bool atlas : {true, false}) {
    Layout as_shown;
    shown_layout(solved, {.panels = shown, .atlas = atlas, .head_valid = true, .T_space_head = eye}, as_shown);
    const PlacedPanel& p = panel_of(as_shown, OverlayKind::friction_prompt);
    CHECK(p.visibility == prompt.visibility);
    CHECK(glm::length(p.T_space_panel.position - prompt.T_space_panel.position) < 1e-6f);
    CHECK(p.size_m == prompt.size_m);
    const glm::vec3 leave = prompt.T_space_panel.position;  // the prompt's centre
    const PanelHit hit = hit_test(as_shown, ray_to(eye.position, leave));
    CHECK(hit.hit);
    CHECK(hit.kind == OverlayKind::friction_prompt);
  }
}

TEST_CASE("a view-locked panel is hit where the head carries it this frame", "[layout][shown]") {
  const std::vector<tw::Overlay> ov = overlays({OverlayKind::budget_ring});
  auto solver = Solver::create({});
  REQUIRE(solver.ok());
  Layout solved;
  REQUIRE(solver.value().solve({.overlays = ov, .T_space_head = head(0.f), .eye_fov = device(60.f, 60.f)}, solved).ok());
  const PlacedPanel& ring = panel_of(solved, OverlayKind::budget_ring);
  REQUIRE(ring.view_space);
  // The head turned 30 deg left since that solve: the ring went with it.
  const Pose now = head(30.f);
  const ShownPanel shown[] = {{.overlay_index = ring.overlay_index, .rect = {}}};
  Layout as_shown;
  shown_layout(solved, {.panels = shown, .head_valid = true, .T_space_head = now}, as_shown);
  const glm::vec3 drawn = now.apply(ring.pose.position);
  CHECK(hit_test(as_shown, ray_to(now.position, drawn)).hit);
  CHECK_FALSE(hit_test(solved, ray_to(now.position, drawn)).hit);
  // Without a head this frame, it stays where the solve put it.
  shown_layout(solved, {.panels = shown, .head_valid = false, .T_space_head = now}, as_shown);
  CHECK(glm::length(panel_of(as_shown, OverlayKind::budget_ring).T_space_panel.position - ring.T_space_panel.position) < 1e-6f);
}

TEST_CASE("a panel the host does not show is neither hit nor in the way", "[layout][shown]") {
  const std::vector<tw::Overlay> ov = overlays({OverlayKind::friction_prompt});
  auto solver = Solver::create({});
  REQUIRE(solver.ok());
  Layout solved;
  const Pose eye = head(0.f);
  REQUIRE(solver.value().solve({.overlays = ov, .T_space_head = eye, .eye_fov = device(60.f, 60.f)}, solved).ok());
  const PlacedPanel& prompt = panel_of(solved, OverlayKind::friction_prompt);
  REQUIRE(hit_test(solved, ray_to(eye.position, prompt.T_space_panel.position)).hit);
  Layout as_shown;
  shown_layout(solved, {.panels = {}, .head_valid = true, .T_space_head = eye}, as_shown);
  CHECK_FALSE(hit_test(as_shown, ray_to(eye.position, prompt.T_space_panel.position)).hit);
  CHECK(as_shown.count == solved.count);
}
