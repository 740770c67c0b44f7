// Card buttons and the gaze hit test: the button table matches what the
// renderer draws on the friction prompt, rays aimed (with plain vector
// maths, no hit-test helper) at a solved panel's buttons name them, misses
// miss, the nearest panel wins, and the early rejection changes nothing.
#include <cmath>
#include <random>

#include "layout/card_buttons.hpp"
#include "layout/gaze_hit.hpp"
#include "layout/panel_spec.hpp"
#include "layout_fixtures.hpp"

using namespace twt;
using tw::OverlayKind;

namespace {

Ray ray_to(glm::vec3 from, glm::vec3 to) { return {from, to - from}; }

glm::vec2 centre(const EmRect& r) { return {r.x_em + 0.5f * r.width_em, r.y_em + 0.5f * r.height_em}; }

Layout solved(std::initializer_list<OverlayKind> kinds, std::vector<tw::Overlay>& ov, float fov_deg = 60.f) {
  ov = overlays(kinds);
  auto solver = Solver::create({});
  REQUIRE(solver.ok());
  Layout out;
  REQUIRE(solver.value().solve({.overlays = ov, .T_space_head = head(0.f), .eye_fov = device(fov_deg, fov_deg)}, out).ok());
  return out;
}

}  // namespace

TEST_CASE("the friction prompt's buttons are where panel_ui draws them", "[layout][buttons]") {
  // panel_ui.cpp at 28 px per em: full form, by = pad + 4 lines + 8 px,
  // bw = (w - 3 pad) / 2, bh = h - by - pad; collapsed, line 1, bh = line - 4 px.
  const float px = 28.f, pad = 0.6f * px, line = 1.4f * px;
  const float w = 22.f * px, h = 6 * line + 2 * pad;
  const float by = pad + 4 * line + 8.f, bw = (w - 3 * pad) / 2, bh = h - by - pad;
  const auto full = card_buttons(OverlayKind::friction_prompt, false);
  REQUIRE(full.size() == 6);
  CHECK(full[0].button == CardButton::continue_anyway);
  CHECK(full[1].button == CardButton::leave);
  CHECK(full[0].rect.x_em * px == Approx(pad));
  CHECK(full[1].rect.x_em * px == Approx(2 * pad + bw));
  for (size_t i = 0; i < 2; ++i) {
    CHECK(full[i].rect.y_em * px == Approx(by));
    CHECK(full[i].rect.width_em * px == Approx(bw));
    CHECK(full[i].rect.height_em * px == Approx(bh));
  }
  // The pick rows (row0..row3), two a line on lines 2 and 3: half a padding
  // apart, 8 px below the line's top, 1.2 em high.
  const float gap = 0.5f * pad, cw_row = 0.5f * (w - 2 * pad - gap);
  for (int i = 0; i < 4; ++i) {
    const ButtonSlot& r = full[static_cast<size_t>(2 + i)];
    CHECK(row_index(r.button) == i);
    CHECK(r.rect.x_em * px == Approx(pad + static_cast<float>(i % 2) * (cw_row + gap)));
    CHECK(r.rect.y_em * px == Approx(pad + static_cast<float>(2 + i / 2) * line + 8.f));
    CHECK(r.rect.width_em * px == Approx(cw_row));
    CHECK(r.rect.height_em == Approx(1.2f));
  }
  const float cw = 14.f * px;
  const auto small = card_buttons(OverlayKind::friction_prompt, true);
  REQUIRE(small.size() == 2);
  CHECK(small[1].rect.x_em * px == Approx(2 * pad + (cw - 3 * pad) / 2));
  CHECK(small[0].rect.y_em * px == Approx(pad + line));
  CHECK(small[0].rect.height_em * px == Approx(line - 4.f));
}

TEST_CASE("every card's buttons lie inside its form, apart, big enough to dwell on", "[layout][buttons]") {
  for (int k = 0; k < tw::kOverlayKindCount; ++k) {
    const auto kind = static_cast<OverlayKind>(k);
    for (bool collapsed : {false, true}) {
      const PanelForm& f = collapsed ? panel_spec(kind).collapsed : panel_spec(kind).full;
      const auto buttons = card_buttons(kind, collapsed);
      const bool answers = kind == OverlayKind::friction_prompt || kind == OverlayKind::block_shield ||
                           kind == OverlayKind::fill_card || kind == OverlayKind::nudge;
      CHECK(buttons.empty() == !answers);
      for (size_t i = 0; i < buttons.size(); ++i) {
        const EmRect& r = buttons[i].rect;
        INFO(tw::to_string(kind) << (collapsed ? " collapsed " : " full ") << i);
        CHECK(r.x_em >= kPanelPaddingEm - 1e-4f);
        CHECK(r.x_em + r.width_em <= f.width_em - kPanelPaddingEm + 1e-4f);
        CHECK(r.y_em >= kPanelPaddingEm - 1e-4f);
        CHECK(r.y_em + r.height_em <= f.drawn_height_em() - kPanelPaddingEm + 1e-4f);
        CHECK(r.height_em >= 1.2f);  // at least a body line: 0.84 deg at the default text size
        CHECK(r.width_em >= 4.f);
        for (size_t j = 0; j < i; ++j) {  // apart: no two overlap (side by side, or on different lines)
          const EmRect& o = buttons[j].rect;
          CHECK((o.x_em + o.width_em < r.x_em || r.x_em + r.width_em < o.x_em || o.y_em + o.height_em < r.y_em ||
                 r.y_em + r.height_em < o.y_em));
        }
      }
    }
  }
  // The shield's full form keeps its icon square clear.
  const auto shield = card_buttons(OverlayKind::block_shield, false);
  REQUIRE(shield.size() == 2);
  CHECK(shield[0].button == CardButton::extend);
  CHECK(shield[1].button == CardButton::leave);
  CHECK(shield[0].rect.x_em >= panel_spec(OverlayKind::block_shield).full.drawn_height_em());
  // A single button takes the right half.
  const auto nudge = card_buttons(OverlayKind::nudge, false);
  REQUIRE(nudge.size() == 3);
  CHECK(nudge[0].button == CardButton::dismiss);
  CHECK(nudge[0].rect.x_em > 0.5f * panel_spec(OverlayKind::nudge).full.width_em);
  // A notification's two actions split the left half, left of "dismiss", on its row.
  CHECK(nudge[1].button == CardButton::action0);
  CHECK(nudge[2].button == CardButton::action1);
  CHECK(nudge[1].rect.x_em + nudge[1].rect.width_em < nudge[2].rect.x_em);
  CHECK(nudge[2].rect.x_em + nudge[2].rect.width_em < nudge[0].rect.x_em);
  CHECK(nudge[1].rect.y_em == nudge[0].rect.y_em);
  // Collapsed: "dismiss" only.
  REQUIRE(card_buttons(OverlayKind::nudge, true).size() == 1);
  CHECK(card_buttons(OverlayKind::nudge, true)[0].button == CardButton::dismiss);
  REQUIRE(card_buttons(OverlayKind::fill_card, false).size() == 1);
}

TEST_CASE("button states follow the overlay", "[layout][buttons]") {
  tw::Overlay prompt = overlay(OverlayKind::friction_prompt);
  prompt.countdown_s = 4;
  CHECK(button_state(prompt, CardButton::continue_anyway).offered);
  CHECK_FALSE(button_state(prompt, CardButton::continue_anyway).enabled);  // the pause is not over
  CHECK(button_state(prompt, CardButton::leave).enabled);
  prompt.countdown_s = 0;
  CHECK_FALSE(button_state(prompt, CardButton::continue_anyway).offered);  // no extension left
  prompt.bypass_available = true;
  CHECK(button_state(prompt, CardButton::continue_anyway).enabled);
  CHECK_FALSE(button_state(prompt, CardButton::dismiss).offered);

  tw::Overlay shield = overlay(OverlayKind::block_shield);
  CHECK(button_state(shield, CardButton::leave).enabled);
  CHECK_FALSE(button_state(shield, CardButton::extend).offered);
  shield.bypass_available = true;
  CHECK(button_state(shield, CardButton::extend).enabled);
  CHECK(button_state(overlay(OverlayKind::nudge), CardButton::dismiss).enabled);
  CHECK(button_state(overlay(OverlayKind::fill_card), CardButton::dismiss).enabled);
  CHECK_FALSE(button_state(overlay(OverlayKind::warning), CardButton::dismiss).offered);

  // A notification's actions: as many as Overlay::actions counts.
  tw::Overlay note = overlay(OverlayKind::nudge);
  CHECK_FALSE(button_state(note, CardButton::action0).offered);
  note.actions = 1;
  CHECK(button_state(note, CardButton::action0).enabled);
  CHECK_FALSE(button_state(note, CardButton::action1).offered);
  note.actions = 2;
  CHECK(button_state(note, CardButton::action1).enabled);
  tw::Overlay fill = overlay(OverlayKind::fill_card);
  fill.actions = 2;
  CHECK_FALSE(button_state(fill, CardButton::action0).offered);
}

TEST_CASE("a ray aimed at a solved card's button names it", "[layout][gaze]") {
  std::vector<tw::Overlay> ov;
  const Layout layout = solved({OverlayKind::budget_ring, OverlayKind::friction_prompt, OverlayKind::nudge}, ov);
  const Pose eye = head(0.f);
  for (OverlayKind kind : {OverlayKind::friction_prompt, OverlayKind::nudge}) {
    const PlacedPanel* p = find(layout, kind);
    REQUIRE(p != nullptr);
    REQUIRE(p->visible());
    const bool collapsed = p->visibility == Visibility::collapsed;
    const auto buttons = card_buttons(kind, collapsed);
    for (size_t b = 0; b < buttons.size(); ++b) {
      INFO(tw::to_string(kind) << " button " << b);
      const glm::vec3 target = at_em(*p, centre(buttons[b].rect));
      const PanelHit hit = hit_test(layout, ray_to(eye.position, target));
      REQUIRE(hit.hit);
      CHECK(hit.kind == kind);
      CHECK(hit.overlay_index == p->overlay_index);
      CHECK(hit.collapsed == collapsed);
      CHECK(hit.button == static_cast<int>(b));
      CHECK(hit.point_em.x == Approx(centre(buttons[b].rect).x).margin(1e-3));
      CHECK(hit.point_em.y == Approx(centre(buttons[b].rect).y).margin(1e-3));
      CHECK(hit.distance_m == Approx(glm::length(target - eye.position)).margin(1e-4));
    }
    // On the card, off its buttons: the panel, no button.
    const PanelHit text = hit_test(layout, ray_to(eye.position, at_em(*p, {1.f, 0.9f})));
    CHECK(text.hit);
    CHECK(text.kind == kind);
    CHECK(text.button == -1);
    // Just past a corner: nothing.
    const PanelSpec& spec = panel_spec(kind);
    const float w_em = collapsed ? spec.collapsed.width_em : spec.full.width_em;
    CHECK_FALSE(hit_test(layout, ray_to(eye.position, at_em(*p, {w_em + 0.05f, -0.05f}))).hit);
  }
}

TEST_CASE("rays that cannot meet a panel miss", "[layout][gaze]") {
  std::vector<tw::Overlay> ov;
  const Layout layout = solved({OverlayKind::friction_prompt}, ov);
  const PlacedPanel* p = find(layout, OverlayKind::friction_prompt);
  REQUIRE(p != nullptr);
  const glm::vec3 eye = head(0.f).position;
  const glm::vec3 target = at_em(*p, centre(card_buttons(p->kind, false)[1].rect));
  CHECK(hit_test(layout, ray_to(eye, target)).hit);
  CHECK_FALSE(hit_test(layout, {eye, eye - target}).hit);         // pointing away
  CHECK_FALSE(hit_test(layout, {eye, {0.f, 0.f, 0.f}}).hit);      // no direction
  CHECK_FALSE(hit_test(layout, {eye, {NAN, 0.f, -1.f}}).hit);     // not finite
  const glm::vec3 behind = 2.f * target - eye;                     // from behind the panel, towards the eye
  CHECK_FALSE(hit_test(layout, ray_to(behind, eye)).hit);
  CHECK_FALSE(hit_test(layout, view_ray(head(0.f, 40.f))).hit);   // looking up, over it
  Layout hidden = layout;
  hidden.items[p - layout.items.data()].visibility = Visibility::deferred;
  CHECK_FALSE(hit_test(hidden, ray_to(eye, target)).hit);
}

TEST_CASE("head gaze: tilting the head down onto a card reaches its buttons", "[layout][gaze]") {
  std::vector<tw::Overlay> ov;
  const Layout layout = solved({OverlayKind::friction_prompt}, ov);
  const PlacedPanel* p = find(layout, OverlayKind::friction_prompt);
  REQUIRE(p != nullptr);
  // Straight ahead is above the card (it sits below the horizon).
  CHECK_FALSE(hit_test(layout, view_ray(head(0.f))).hit);
  // Turn the head so its forward axis goes through "leave".
  const glm::vec3 d = glm::normalize(at_em(*p, centre(card_buttons(p->kind, false)[1].rect)) - head(0.f).position);
  const float yaw = deg(std::atan2(-d.x, -d.z)), pitch = deg(std::asin(d.y));
  const PanelHit hit = hit_test(layout, view_ray(head(yaw, pitch)));
  REQUIRE(hit.hit);
  CHECK(card_buttons(hit.kind, hit.collapsed)[static_cast<size_t>(hit.button)].button == CardButton::leave);
}

TEST_CASE("the nearest panel along the ray wins", "[layout][gaze]") {
  Layout l;
  l.count = 2;
  for (int i = 0; i < 2; ++i) {
    PlacedPanel& p = l.items[static_cast<size_t>(i)];
    p.kind = i == 0 ? OverlayKind::nudge : OverlayKind::fill_card;
    p.overlay_index = static_cast<uint16_t>(i);
    p.visibility = Visibility::shown;
    p.size_m = {0.6f, 0.3f};
    p.T_space_panel = {{0.f, 0.f, i == 0 ? -3.f : -1.5f}, {1.f, 0.f, 0.f, 0.f}};
  }
  const PanelHit hit = hit_test(l, {{0.f, 0.f, 0.f}, {0.f, 0.f, -1.f}});
  REQUIRE(hit.hit);
  CHECK(hit.kind == OverlayKind::fill_card);
  CHECK(hit.panel == 1);
  CHECK(hit.distance_m == Approx(1.5f));
  CHECK(hit.point_em.x == Approx(0.5f * panel_spec(OverlayKind::fill_card).full.width_em));
  CHECK(hit_test(l, {{0.f, 0.f, 0.f}, {0.f, 0.f, -1.f}}, {.early_reject = false}).panel == 1);
}

TEST_CASE("early rejection gives the exact test's answer", "[layout][gaze]") {
  std::vector<tw::Overlay> ov;
  const Layout layout = solved({OverlayKind::budget_ring, OverlayKind::protect_indicator, OverlayKind::warning,
                                OverlayKind::friction_prompt, OverlayKind::nudge, OverlayKind::fill_card},
                               ov, 90.f);
  std::mt19937 rng(5);
  std::uniform_real_distribution<float> yaw(-50.f, 50.f), pitch(-45.f, 15.f), off(-0.3f, 0.3f);
  int hits = 0, buttons = 0;
  for (int i = 0; i < 20000; ++i) {
    const Pose h = head(yaw(rng), pitch(rng), 0.f, {off(rng), 1.6f + off(rng), off(rng)});
    const PanelHit a = hit_test(layout, view_ray(h));
    const PanelHit b = hit_test(layout, view_ray(h), {.early_reject = false});
    REQUIRE(a.hit == b.hit);
    if (!a.hit) continue;
    ++hits;
    buttons += a.button >= 0;
    REQUIRE(a.panel == b.panel);
    REQUIRE(a.button == b.button);
    REQUIRE(a.point_em == b.point_em);
  }
  CHECK(hits > 1000);  // the sample does reach the panels
  CHECK(buttons > 100);
}
