// card_target: where a card's buttons are, as angles a test script can aim at.
//
// Solves the layout the way the layer does (tw::layout::Solver, the eyes'
// FOVs from a layer frame log's "# view" lines) for the budget ring plus one
// card, with the head at the reference space's origin looking down -Z, and
// prints for each button of the card its centre and the yaw/pitch (deg, as
// tw_remote_driver takes them: yaw left +, pitch up +) from the head and
// from a controller at POS (metres, in the same space):
//   button leave head_yaw_deg -5.71 head_pitch_deg -14.2 aim_yaw_deg 12.3 aim_pitch_deg 3.4 centre X Y Z
// What it does not do: know where the layer really put the card; a test
// that aims with these angles checks that by the answer it gets.
//
//   card_target KIND FRAME_LOG CTRL_X CTRL_Y CTRL_Z
//     KIND: friction_prompt | block_shield | nudge (a notification card with
//     two actions, as `timewall serve`'s inbox gives the layer one)
// Exit 0 when the card was placed, 1 when not, 2 on bad input.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include <glm/geometric.hpp>

#include "layout/card_buttons.hpp"
#include "layout/panel_spec.hpp"
#include "layout/solver.hpp"

namespace {

void angles(const glm::vec3& d, double& yaw_deg, double& pitch_deg) {
  const glm::vec3 n = glm::normalize(d);
  yaw_deg = std::atan2(-n.x, -n.z) * 180.0 / M_PI;
  pitch_deg = std::asin(n.y) * 180.0 / M_PI;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 6) {
    std::fprintf(stderr, "usage: card_target KIND FRAME_LOG CTRL_X CTRL_Y CTRL_Z\n");
    return 2;
  }
  const std::string kind_name = argv[1];
  tw::OverlayKind kind;
  if (kind_name == "friction_prompt") kind = tw::OverlayKind::friction_prompt;
  else if (kind_name == "block_shield") kind = tw::OverlayKind::block_shield;
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
  const tw::Overlay overlays[] = {{.kind = tw::OverlayKind::budget_ring}, {.kind = kind, .exercise = 0, .actions = static_cast<uint8_t>(kind == tw::OverlayKind::nudge ? 2 : 0)}};
  tw::layout::Layout layout;
  if (tw::Status s = solver.value().solve({.overlays = overlays, .T_space_head = {}, .eye_fov = fov, .fast_motion = false, .now = {}}, layout); !s)
    return std::fprintf(stderr, "card_target: %s\n", s.error().message.c_str()), 2;
  for (const tw::layout::PlacedPanel& p : layout.panels()) {
    if (p.kind != kind || !p.visible()) continue;
    const bool collapsed = p.visibility == tw::layout::Visibility::collapsed;
    const tw::layout::PanelSpec& spec = tw::layout::panel_spec(kind);
    const tw::layout::PanelForm& form = collapsed ? spec.collapsed : spec.full;
    std::printf("card %s collapsed %d centre %.3f %.3f %.3f size_m %.3f %.3f\n", argv[1], collapsed ? 1 : 0,
                static_cast<double>(p.T_space_panel.position.x), static_cast<double>(p.T_space_panel.position.y),
                static_cast<double>(p.T_space_panel.position.z), static_cast<double>(p.size_m.x),
                static_cast<double>(p.size_m.y));
    for (const tw::layout::ButtonSlot& b : tw::layout::card_buttons(kind, collapsed)) {
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
