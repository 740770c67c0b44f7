// card_target: where a card's buttons are, as angles a test script can aim at.
//
// Solves the layout the way the layer does (tw::layout::Solver, the eyes'
// FOVs from a layer frame log's "# view" lines) for the budget ring plus one
// card, with the head at the reference space's origin looking down -Z, and
// prints for each button of the card its centre and the yaw/pitch (deg, as
// tw_remote_driver takes them: yaw left +, pitch up +) from the head and
// from a controller at POS (metres, in the same space):
//   button leave head_yaw_deg -5.71 head_pitch_deg -14.2 aim_yaw_deg 12.3 aim_pitch_deg 3.4 centre X Y Z
// With `atlas`, the buttons are where the layer shows them when too few
// composition layers are left: ring and card in one atlas quad
// (openxr/panel_layers.hpp's packing, layout/shown_layout.hpp's places), the
// higher-priority panel at its solved place, the other below it.
// What it does not do: know where the layer really put the card; a test
// that aims with these angles checks that by the answer it gets.
//
//   card_target KIND FRAME_LOG CTRL_X CTRL_Y CTRL_Z [atlas]
//     KIND: friction_prompt | block_shield | fill_card | nudge (a
//     notification card with three actions, as `timewall serve`'s inbox
//     gives the layer one in hello_xr_inbox.sh)
// Exit 0 when the card was placed, 1 when not, 2 on bad input.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include <glm/geometric.hpp>

#include "layout/card_buttons.hpp"
#include "layout/panel_spec.hpp"
#include "layout/shown_layout.hpp"
#include "layout/solver.hpp"
#include "openxr/panel_layers.hpp"
#include "render/panel_content.hpp"

namespace {

void angles(const glm::vec3& d, double& yaw_deg, double& pitch_deg) {
  const glm::vec3 n = glm::normalize(d);
  yaw_deg = std::atan2(-n.x, -n.z) * 180.0 / M_PI;
  pitch_deg = std::asin(n.y) * 180.0 / M_PI;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 6 && !(argc == 7 && std::string(argv[6]) == "atlas")) {
    std::fprintf(stderr, "usage: card_target KIND FRAME_LOG CTRL_X CTRL_Y CTRL_Z [atlas]\n");
    return 2;
  }
  const bool atlas = argc == 7;
  const std::string kind_name = argv[1];
  tw::OverlayKind kind;
  if (kind_name == "friction_prompt") kind = tw::OverlayKind::friction_prompt;
  else if (kind_name == "block_shield") kind = tw::OverlayKind::block_shield;
  else if (kind_name == "fill_card") kind = tw::OverlayKind::fill_card;
  else if (kind_name == "nudge") kind = tw::OverlayKind::nudge;
  else return std::fprintf(stderr, "card_target: unknown kind %s\n", argv[1]), 2;
  std::array<tw::layout::Fov, 2> fov{};
  int views = 0;
  std::ifstream log(argv[2]);
  for (std::string line; views < 2 && std::getline(log, line);) {
    std::istringstream in(line);
    std::string hash, word, skip;
    int v = -1;
    float l, r, u, d;
    if (in >> hash >> word >> v >> skip >> skip >> skip >> skip >> skip >> l >> r >> u >> d && hash == "#" &&
        word == "view" && skip == "fov_rad" && v == views)
      fov[static_cast<size_t>(views++)] = {l, r, u, d};
  }
  if (views != 2) return std::fprintf(stderr, "card_target: no two '# view' lines in %s\n", argv[2]), 2;
  const glm::vec3 ctrl{std::strtof(argv[3], nullptr), std::strtof(argv[4], nullptr), std::strtof(argv[5], nullptr)};

  auto solver = tw::layout::Solver::create({});
  if (!solver) return std::fprintf(stderr, "card_target: %s\n", solver.error().message.c_str()), 2;
  const tw::Overlay overlays[] = {{.kind = tw::OverlayKind::budget_ring}, {.kind = kind, .exercise = 0, .actions = static_cast<uint8_t>(kind == tw::OverlayKind::nudge ? 3 : 0)}};  // hello_xr_inbox's yes/no/call
  tw::layout::Layout solved;
  if (tw::Status s = solver.value().solve({.overlays = overlays, .T_space_head = {}, .eye_fov = fov, .fast_motion = false, .now = {}}, solved); !s)
    return std::fprintf(stderr, "card_target: %s\n", s.error().message.c_str()), 2;
  // As SessionBinding shows them: in the atlas, by priority, packed top to bottom.
  std::array<tw::layout::ShownPanel, tw::layout::kMaxPanels> shown{};
  std::array<tw::PanelExtentPx, tw::layout::kMaxPanels> extents{};
  size_t n = 0;
  for (const tw::layout::PlacedPanel& p : solved.panels())
    if (p.visible()) shown[n++] = {.overlay_index = p.overlay_index, .rect = {}};
  std::stable_sort(shown.begin(), shown.begin() + static_cast<long>(n), [&](const auto& a, const auto& b) {
    return tw::layout::panel_spec(overlays[a.overlay_index].kind).priority <
           tw::layout::panel_spec(overlays[b.overlay_index].kind).priority;
  });
  for (size_t i = 0; i < n; ++i)
    for (const tw::layout::PlacedPanel& p : solved.panels())
      if (p.overlay_index == shown[i].overlay_index)
        extents[i] = tw::panel_extent_px(p.kind, p.visibility == tw::layout::Visibility::collapsed);
  const tw::xr::AtlasPacking packing = tw::xr::pack_atlas({extents.data(), n});
  for (size_t i = 0; i < n; ++i) shown[i].rect = packing.rects[i];
  tw::layout::Layout layout;
  tw::layout::shown_layout(solved, {.panels = {shown.data(), n}, .atlas = atlas, .head_valid = true, .T_space_head = {}},
                           layout);
  for (const tw::layout::PlacedPanel& p : layout.panels()) {
    if (p.kind != kind || !p.visible()) continue;
    const bool collapsed = p.visibility == tw::layout::Visibility::collapsed;
    const tw::layout::PanelSpec& spec = tw::layout::panel_spec(kind);
    const tw::layout::PanelForm& form = collapsed ? spec.collapsed : spec.full;
    std::printf("card %s collapsed %d centre %.3f %.3f %.3f size_m %.3f %.3f\n", argv[1], collapsed ? 1 : 0,
                static_cast<double>(p.T_space_panel.position.x), static_cast<double>(p.T_space_panel.position.y),
                static_cast<double>(p.T_space_panel.position.z), static_cast<double>(p.size_m.x),
                static_cast<double>(p.size_m.y));
    for (const tw::layout::ButtonSlot& b : tw::layout::card_buttons(kind, collapsed, p.actions)) {
      // The button's centre on the quad (gaze_hit.cpp's mapping, inverted).
      const float x_em = b.rect.x_em + 0.5f * b.rect.width_em, y_em = b.rect.y_em + 0.5f * b.rect.height_em;
      const glm::vec3 local{(x_em / form.width_em - 0.5f) * p.size_m.x,
                            (0.5f - y_em / form.drawn_height_em()) * p.size_m.y, 0.f};
      const glm::vec3 c = p.T_space_panel.apply(local);
      double hy, hp, ay, ap;
      angles(c, hy, hp);
      angles(c - ctrl, ay, ap);
      std::printf("button %s head_yaw_deg %.2f head_pitch_deg %.2f aim_yaw_deg %.2f aim_pitch_deg %.2f centre %.3f %.3f %.3f\n",
                  std::string(tw::layout::to_string(b.button)).c_str(), hy, hp, ay, ap, static_cast<double>(c.x),
                  static_cast<double>(c.y), static_cast<double>(c.z));
    }
    return 0;
  }
  std::fprintf(stderr, "card_target: the solver did not show the %s\n", argv[1]);
  return 1;
}
