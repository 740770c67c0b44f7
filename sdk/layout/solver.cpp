#include "layout/solver.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>

#include <glm/geometric.hpp>

#include "layout/angles.hpp"
#include "layout/panel_spec.hpp"
#include "layout/projection.hpp"

namespace tw::layout {
namespace {

constexpr float kMaxCentre_deg = 80.f;  // tangent angles blow up towards 90
constexpr float kMaxStep_s = 1.f;       // a longer gap (pause, first frame) snaps

float wrap180(float deg) {
  deg = std::fmod(deg + 180.f, 360.f);
  if (deg < 0.f) deg += 360.f;
  return deg - 180.f;
}

bool same(const AngularRect& a, const AngularRect& b) {
  return a.left_deg == b.left_deg && a.right_deg == b.right_deg && a.down_deg == b.down_deg && a.up_deg == b.up_deg;
}

bool finite(const glm::vec3& v) {
  return std::isfinite(v.x) && std::isfinite(v.y) && std::isfinite(v.z);
}

// Centre of an extent `size` kept inside [lo, hi] (the middle if it is wider).
float clamp_centre(float v, float lo, float hi, float size) {
  return lo + 0.5f * size > hi - 0.5f * size ? 0.5f * (lo + hi)
                                             : std::clamp(v, lo + 0.5f * size, hi - 0.5f * size);
}

// True when a and b are at least `gap_deg` apart on some axis.
bool separated(const AngularRect& a, const AngularRect& b, float gap_deg) {
  return a.right_deg + gap_deg <= b.left_deg || b.right_deg + gap_deg <= a.left_deg ||
         a.up_deg + gap_deg <= b.down_deg || b.up_deg + gap_deg <= a.down_deg;
}

struct Spot {
  glm::vec3 dir{0.f, 0.f, -1.f};  // eye to panel centre, in the frame
  glm::quat orientation{1.f, 0.f, 0.f, 0.f};
  AngularRect rect;
};

// Places an eye-facing quad at `distance_m` so that its exact bounding rect
// is centred as near `target` as `region` allows and lies inside `region`.
// A fixed-point iteration: off-axis, the rect is not centred on the ray.
// With `view_fov`, the spot must also fit that FOV as seen rolled by `roll_deg`.
std::optional<Spot> place(glm::vec2 target, glm::vec2 size_m, float distance_m,
                          const glm::vec3& up, const AngularRect& region,
                          const AngularRect* view_fov = nullptr, float roll_deg = 0.f) {
  glm::vec2 ray = target;
  Spot s;
  ViewQuad q;
  for (int iter = 0; iter < 5; ++iter) {
    ray = glm::clamp(ray, glm::vec2(-kMaxCentre_deg), glm::vec2(kMaxCentre_deg));
    s.dir = direction_for(ray.x, ray.y);
    s.orientation = facing(s.dir, up);
    q = project_quad({s.dir * distance_m, s.orientation}, size_m);
    if (!q.valid) return std::nullopt;
    s.rect = bounding_rect(q);
    const float w = s.rect.width_deg(), h = s.rect.height_deg();
    if (w > region.width_deg() || h > region.height_deg()) return std::nullopt;
    const glm::vec2 want{std::clamp(target.x, region.left_deg + 0.5f * w, region.right_deg - 0.5f * w),
                         std::clamp(target.y, region.down_deg + 0.5f * h, region.up_deg - 0.5f * h)};
    const glm::vec2 centre{0.5f * (s.rect.left_deg + s.rect.right_deg),
                           0.5f * (s.rect.down_deg + s.rect.up_deg)};
    ray += want - centre;
  }
  if (!region.contains(s.rect)) return std::nullopt;
  if (view_fov && !view_fov->contains(rolled_rect(q, roll_deg))) return std::nullopt;
  return s;
}

struct Obstacles {
  std::array<AngularRect, kMaxPanels> rect{};
  int count = 0;
  void add(const AngularRect& r) {
    if (count < kMaxPanels) rect[static_cast<size_t>(count++)] = r;
  }
};

// Everything one body-locked layout pass needs, in the anchor frame: the
// horizon-level frame at the head position facing the lazy heading.
struct BodyPass {
  const ComfortConfig* cfg = nullptr;
  Pose T_space_anchor;
  glm::vec3 up_local{0.f, 1.f, 0.f};  // gravity up, in the anchor frame
  AngularRect region;                 // where body-locked panels may go
  AngularRect view_fov;               // usable FOV of a view on the anchor...
  float roll_deg = 0.f;               // ...rolled like the head was when it settled
  bool check_view = true;             // false when the region reaches below the view
  glm::vec2 preferred{0.f, 0.f};      // rest gaze, straight ahead
  float em_m = 0.f;
};

glm::vec2 form_size_m(const PanelForm& f, const ComfortConfig& c, float em_m) {
  return {f.width_em * em_m, f.height_em(c.line_spacing, c.padding_em) * em_m};
}

// Places the body-locked panels listed in `order` (priority order) and
// writes their visibility, reason, size and pose in the anchor frame into
// `out` (`pose`; T_space_panel is left for the caller).
// `collapse` (a bit per slot) forces the collapsed form.
void layout_body(const BodyPass& pass, std::span<const uint16_t> order, const Obstacles& fixed,
                 uint32_t collapse, Layout& out) {
  const ComfortConfig& c = *pass.cfg;
  const float D = c.distance_m;
  Obstacles placed;
  for (const uint16_t slot : order) {
    PlacedPanel& p = out.items[slot];
    const PanelSpec& spec = panel_spec(p.kind);
    const PanelForm* forms[2] = {&spec.full, &spec.collapsed};
    std::optional<Spot> best;
    int best_form = -1;
    for (int f = (collapse >> slot) & 1u ? 1 : 0; f < 2 && !best; ++f) {
      const glm::vec2 size_m = form_size_m(*forms[f], c, pass.em_m);
      const float w = 2.f * std::atan(0.5f * size_m.x / D) / kDegToRad;
      const float h = 2.f * std::atan(0.5f * size_m.y / D) / kDegToRad;
      // Candidates: the rest point; beside, below and above every panel and
      // indicator already there, a gap apart; and the rest point's column
      // just above or below each.
      std::array<glm::vec2, 1 + 8 * 2 * kMaxPanels> cand{};
      size_t n = 0;
      const glm::vec2 P = pass.preferred;
      cand[n++] = P;
      const float g = c.panel_gap_deg;
      const Obstacles* sets[2] = {&placed, &fixed};
      for (const Obstacles* set : sets) {
        for (int k = 0; k < set->count; ++k) {
          const AngularRect& r = set->rect[static_cast<size_t>(k)];
          const float cx = 0.5f * (r.left_deg + r.right_deg), cy = 0.5f * (r.down_deg + r.up_deg);
          cand[n++] = {r.right_deg + g + 0.5f * w, cy};
          cand[n++] = {r.left_deg - g - 0.5f * w, cy};
          cand[n++] = {cx, r.down_deg - g - 0.5f * h};
          cand[n++] = {cx, r.up_deg + g + 0.5f * h};
          cand[n++] = {r.right_deg + g + 0.5f * w, r.up_deg - 0.5f * h};
          cand[n++] = {r.left_deg - g - 0.5f * w, r.up_deg - 0.5f * h};
          cand[n++] = {P.x, r.down_deg - g - 0.5f * h};
          cand[n++] = {P.x, r.up_deg + g + 0.5f * h};
        }
      }
      // Try candidates nearest the rest point first (by their nominal centre
      // clamped into the region); the first whose exact spot is free wins.
      std::array<std::pair<float, uint16_t>, cand.size()> by_dist{};
      const AngularRect& R = pass.region;
      for (size_t i = 0; i < n; ++i) {
        const glm::vec2 nc{clamp_centre(cand[i].x, R.left_deg, R.right_deg, w),
                           clamp_centre(cand[i].y, R.down_deg, R.up_deg, h)};
        const glm::vec2 d = nc - P;
        by_dist[i] = {glm::dot(d, d), static_cast<uint16_t>(i)};
      }
      std::sort(by_dist.begin(), by_dist.begin() + static_cast<std::ptrdiff_t>(n));
      for (size_t k = 0; k < n && !best; ++k) {
        const std::optional<Spot> s = place(cand[by_dist[k].second], size_m, D, pass.up_local, pass.region,
                                            pass.check_view ? &pass.view_fov : nullptr, pass.roll_deg);
        if (!s) continue;
        bool clear = true;
        for (int j = 0; j < placed.count && clear; ++j)
          clear = separated(s->rect, placed.rect[static_cast<size_t>(j)], 0.5f * g);
        for (int j = 0; j < fixed.count && clear; ++j)
          clear = separated(s->rect, fixed.rect[static_cast<size_t>(j)], 0.5f * g);
        if (!clear) continue;
        best = s;
        best_form = f;
      }
    }
    // Whether a form fits the region at all, for the reason of a yield.
    auto fits_alone = [&](const PanelForm& form) {
      return place(pass.preferred, form_size_m(form, c, pass.em_m), D, pass.up_local, pass.region,
                   pass.check_view ? &pass.view_fov : nullptr, pass.roll_deg)
          .has_value();
    };
    p.anchor = Anchor::body_locked;
    p.view_space = false;
    p.distance_m = D;
    p.text_height_m = pass.em_m;
    if (!best) {
      p.visibility = spec.when_no_room;
      p.reason = fits_alone(spec.collapsed) ? LayoutReason::no_room : LayoutReason::fov_too_small;
      p.size_m = form_size_m(spec.collapsed, c, pass.em_m);
      p.pose = p.T_space_panel = Pose{};
      continue;
    }
    placed.add(best->rect);
    p.size_m = form_size_m(*forms[best_form], c, pass.em_m);
    p.visibility = best_form == 0 ? Visibility::shown : Visibility::collapsed;
    p.reason = best_form == 0 ? LayoutReason::none
                              : ((collapse >> slot) & 1u || fits_alone(spec.full) ? LayoutReason::no_room
                                                                            : LayoutReason::fov_too_small);
    p.pose = Pose{best->dir * D, best->orientation};  // T_anchor_panel until the pass ends
  }
}

// Stable insertion sort by priority: n <= kMaxPanels, and std::stable_sort
// may allocate a buffer.
void sort_by_priority(const Layout& out, std::span<uint16_t> slots) {
  auto prio = [&](uint16_t i) { return panel_spec(out.items[i].kind).priority; };
  for (size_t i = 1; i < slots.size(); ++i)
    for (size_t j = i; j > 0 && prio(slots[j]) < prio(slots[j - 1]); --j) std::swap(slots[j], slots[j - 1]);
}

// Lays out the body-locked panels; when a must_show panel finds no room,
// collapses the lowest-priority full panel placed before it and tries again.
void layout_body_making_room(const BodyPass& pass, std::span<const uint16_t> order,
                             const Obstacles& fixed, Layout& out) {
  uint32_t collapse = 0;
  for (size_t attempt = 0; attempt <= order.size(); ++attempt) {
    layout_body(pass, order, fixed, collapse, out);
    int stuck = -1, victim = -1;
    for (size_t j = 0; j < order.size() && stuck < 0; ++j) {
      const PlacedPanel& p = out.items[order[j]];
      if (p.visible() || !panel_spec(p.kind).must_show || p.reason != LayoutReason::no_room) continue;
      stuck = static_cast<int>(j);
      for (size_t k = j; k-- > 0;)
        if (out.items[order[k]].visibility == Visibility::shown) {
          victim = order[k];
          break;
        }
    }
    if (stuck < 0) return;
    if (victim < 0) break;
    collapse |= 1u << victim;
  }
  // Collapsing everything before it did not help: keep the plain layout.
  if (collapse != 0) layout_body(pass, order, fixed, 0, out);
}

}  // namespace

Result<Solver> Solver::create(const SolverDesc& desc) {
  Result<ComfortConfig> cfg = resolve_comfort(desc.comfort);
  if (!cfg) return cfg.error();
  return Solver(cfg.value(), desc.cache_body_layout);
}

bool Solver::is_pinned(OverlayKind kind) const {
  const auto i = static_cast<size_t>(kind);
  return i < pins_.size() && pins_[i].body_visible;
}

Status Solver::pin(OverlayKind kind) {
  const auto i = static_cast<size_t>(kind);
  if (i >= pins_.size()) return Error{Errc::invalid_argument, "pin: unknown overlay kind"};
  if (panel_spec(kind).anchor == Anchor::view_locked)
    return Error{Errc::invalid_argument,
                 std::string("pin: ") + std::string(to_string(kind)) + " is view-locked"};
  if (!last_[i].body_visible)
    return Error{Errc::not_found, std::string("pin: no body-locked ") +
                                      std::string(to_string(kind)) + " was shown by the last solve"};
  pins_[i] = last_[i];
  return {};
}

Status Solver::unpin(OverlayKind kind) {
  const auto i = static_cast<size_t>(kind);
  if (i >= pins_.size() || !pins_[i].body_visible)
    return Error{Errc::not_found, "unpin: that overlay kind is not pinned"};
  pins_[i].body_visible = false;
  return {};
}

namespace solver_steps {

struct Frame {
  AngularRect U;           // the binocular FOV less the edge margins
  Pose head;               // T_space_head, its rotation normalised
  Pose T_head_space;
  glm::vec3 head_yp{0.f};  // head yaw, pitch, roll (deg)
  float dt_s = 0.f;        // since the last solve
  bool snap = false;       // the first solve, or after a long gap: no smoothing
  float em_m = 0.f;        // body text line height at the comfortable distance
};

struct PitchRange {
  float hi_deg = 0.f;      // the highest anchor pitch that still shows the band
  float room_deg = 0.f;    // height the body-locked panels want when stacked
  float target_deg = 0.f;  // the head's pitch clamped into the range
};

}  // namespace solver_steps

namespace {

using solver_steps::Frame;
using solver_steps::PitchRange;

// View-locked indicators: lower periphery, ring right, protect left, inner
// corner on the central cone where the FOV allows.
void place_indicators(const ComfortConfig& c, const Frame& f, Layout& out) {
  const float D = c.distance_m;
  for (uint16_t i = 0; i < out.count; ++i) {
    PlacedPanel& p = out.items[i];
    if (p.anchor != Anchor::view_locked) continue;
    p.view_space = true;
    p.distance_m = D;
    p.text_height_m = f.em_m;
    if (p.reason == LayoutReason::duplicate) continue;
    const float side_m = panel_spec(p.kind).full.width_em * f.em_m;
    p.size_m = {side_m, side_m};
    const float s_deg = visual_angle_deg(side_m, D);
    const float side = p.kind == OverlayKind::budget_ring ? 1.f : -1.f;
    // The inner corner on the cone, out and down at 4:3 (beside the cards
    // at the rest gaze rather than on them); a second pass corrects for the
    // bounding rect being wider than the nominal angle.
    const float tan_cone = std::tan(c.central_cone_deg * kDegToRad);
    const glm::vec2 inner{side * std::atan(0.8f * tan_cone) / kDegToRad,
                          -std::atan(0.6f * tan_cone) / kDegToRad};
    glm::vec2 target = inner + glm::vec2(side * 0.5f * s_deg, -0.5f * s_deg);
    std::optional<Spot> s = place(target, p.size_m, D, {0.f, 1.f, 0.f}, f.U);
    if (s) {
      const glm::vec2 got{side > 0.f ? s->rect.left_deg : s->rect.right_deg, s->rect.up_deg};
      target += inner - got;
      s = place(target, p.size_m, D, {0.f, 1.f, 0.f}, f.U);
    }
    if (!s) {
      p.reason = LayoutReason::fov_too_small;
      continue;
    }
    p.visibility = Visibility::shown;
    if (nearest_eccentricity_deg(s->rect) < c.min_eccentricity_deg)
      p.reason = LayoutReason::eccentricity_limited;
    p.pose = {s->dir * D, s->orientation};
    p.T_space_panel = f.head * p.pose;
  }
}

// The body-locked panels to lay out, in priority order (none under fast
// motion: they hide). Returns how many were written to `order`.
size_t body_order(const ComfortConfig& c, const Frame& f, bool fast_motion, Layout& out,
                  std::array<uint16_t, kMaxPanels>& order) {
  size_t n = 0;
  for (uint16_t i = 0; i < out.count; ++i) {
    PlacedPanel& p = out.items[i];
    if (p.anchor != Anchor::body_locked) continue;
    if (fast_motion) {
      p.reason = LayoutReason::fast_motion;
      p.distance_m = c.distance_m;
      p.text_height_m = f.em_m;
      continue;
    }
    order[n++] = i;
  }
  sort_by_priority(out, {order.data(), n});
  return n;
}

// Anchor pitch range: the band below the horizon must leave room for at
// least the smallest collapsed form inside the FOV.
PitchRange anchor_pitch_range(const ComfortConfig& c, const Frame& f, std::span<const uint16_t> body,
                              const Layout& out) {
  const float D = c.distance_m;
  float min_form_deg = INFINITY;
  for (int k = 0; k < kOverlayKindCount; ++k) {
    const PanelSpec& s = panel_spec(static_cast<OverlayKind>(k));
    if (s.anchor == Anchor::body_locked)
      min_form_deg = std::min(min_form_deg, visual_angle_deg(form_size_m(s.collapsed, c, f.em_m).y, D));
  }
  const float st = c.settle_deg;
  PitchRange r;
  // Height the body-locked panels want when stacked: their full forms and gaps.
  r.room_deg = c.panel_gap_deg;
  for (const uint16_t i : body)
    r.room_deg += visual_angle_deg(form_size_m(panel_spec(out.items[i].kind).full, c, f.em_m).y, D) + c.panel_gap_deg;
  float p_hi = -(f.U.down_deg + st) - min_form_deg;
  float p_lo = -c.band_bottom_deg - (f.U.up_deg - st) + min_form_deg;
  if (p_lo > p_hi) p_lo = p_hi = 0.5f * (p_lo + p_hi);
  r.hi_deg = p_hi;
  r.target_deg = std::clamp(f.head_yp.y, p_lo, p_hi);
  return r;
}

// The body-locked pass around an anchor of this yaw, pitch and roll (deg):
// the band below the horizon inside the FOV, in the anchor frame.
BodyPass body_pass(const ComfortConfig& c, const Frame& f, const PitchRange& pitch, glm::vec3 anchor_ypr_deg) {
  const float st = c.settle_deg;
  const AngularRect& U = f.U;
  const float anchor_pitch_deg = anchor_ypr_deg.y;
  BodyPass pass;
  pass.cfg = &c;
  const glm::quat q_a = glm::angleAxis(anchor_ypr_deg.x * kDegToRad, glm::vec3(0.f, 1.f, 0.f)) *
                        glm::angleAxis(anchor_pitch_deg * kDegToRad, glm::vec3(1.f, 0.f, 0.f));
  pass.T_space_anchor = {f.head.position, q_a};
  pass.up_local = glm::conjugate(q_a) * glm::vec3(0.f, 1.f, 0.f);
  pass.region = {std::max(U.left_deg + st, -c.layout_half_width_deg),
                 std::min(U.right_deg - st, c.layout_half_width_deg),
                 std::max(U.down_deg + st, -c.band_bottom_deg - anchor_pitch_deg),
                 std::min(U.up_deg - st, -anchor_pitch_deg)};
  // Head raised beyond what the FOV can serve: the band shows only as a
  // strip at the bottom of the view. Panels then wait in the band just
  // below the view (in_fov false) rather than vanish; looking down brings
  // them into view.
  const float floor_deg = std::max(-c.band_bottom_deg - anchor_pitch_deg, pass.region.up_deg - pitch.room_deg);
  if (anchor_pitch_deg >= pitch.hi_deg - 1e-3f && pass.region.down_deg > floor_deg) {
    pass.region.down_deg = floor_deg;
    pass.check_view = false;
  }
  pass.preferred = {0.f, -c.rest_gaze_deg - anchor_pitch_deg};
  pass.em_m = f.em_m;
  pass.view_fov = U;
  pass.roll_deg = anchor_ypr_deg.z;
  return pass;
}

// Indicators where they are when the head is on the anchor (so unrolled by
// the anchor's roll), and pinned panels where they are now.
Obstacles body_obstacles(const Layout& out, const std::array<ViewQuad, kMaxPanels>& quads, float anchor_roll_deg,
                         const Pose& T_anchor_space) {
  Obstacles obstacles;
  for (uint16_t i = 0; i < out.count; ++i)
    if (out.items[i].anchor == Anchor::view_locked && out.items[i].visible())
      obstacles.add(rolled_rect(quads[i], -anchor_roll_deg));
  for (uint16_t i = 0; i < out.count; ++i) {
    const PlacedPanel& p = out.items[i];
    if (p.anchor != Anchor::world_locked || !p.visible()) continue;
    const ViewQuad q = project_quad(T_anchor_space * p.T_space_panel, p.size_m);
    if (q.valid) obstacles.add(bounding_rect(q));
  }
  return obstacles;
}

// True when every placed body-locked panel is inside the usable FOV of the
// current view. (An indicator crossing a card does not move the card.)
// When every body-locked panel yielded, recentring may make room, and it
// moves nothing the wearer sees.
bool body_fits_view(const Frame& f, std::span<const uint16_t> body, const Layout& out) {
  bool any_visible = false;
  for (const uint16_t i : body) any_visible = any_visible || out.items[i].visible();
  if (!any_visible) return false;
  for (const uint16_t i : body) {
    const PlacedPanel& p = out.items[i];
    if (!p.visible()) continue;
    const ViewQuad q = project_quad(f.T_head_space * p.T_space_panel, p.size_m);
    if (!q.valid || !f.U.contains(bounding_rect(q))) return false;
  }
  return true;
}

// The current view: rects, FOV fit, and crossings (an indicator passing over
// a card as the head turns, a panel mid-recentre), which hide the later
// panel for that frame. Content that stays put in the world wins over an
// indicator that moves with the head: a glance never shuffles cards, the
// ring steps aside.
void resolve_crossings(const Frame& f, Layout& out, std::array<ViewQuad, kMaxPanels>& quads) {
  std::array<uint16_t, kMaxPanels> all{};
  size_t n_all = 0;
  for (int pass_view = 0; pass_view < 2; ++pass_view) {
    const size_t first = n_all;
    for (uint16_t i = 0; i < out.count; ++i)
      if ((out.items[i].anchor == Anchor::view_locked) == (pass_view == 1)) all[n_all++] = i;
    sort_by_priority(out, {all.data() + first, n_all - first});
  }
  std::array<uint16_t, kMaxPanels> kept{};
  size_t n_kept = 0;
  for (size_t j = 0; j < n_all; ++j) {
    const uint16_t i = all[j];
    PlacedPanel& p = out.items[i];
    const Pose T_view_panel = p.view_space ? p.pose : f.T_head_space * p.T_space_panel;
    quads[i] = project_quad(T_view_panel, p.size_m);
    p.rect_valid = quads[i].valid;
    if (p.rect_valid) p.rect = bounding_rect(quads[i]);
    p.in_fov = p.rect_valid && f.U.contains(p.rect);
    if (!p.visible()) continue;
    bool clear = true;
    for (size_t k = 0; k < n_kept && clear; ++k) clear = !quads_overlap(quads[i], quads[kept[k]]);
    if (!clear) {
      p.visibility = Visibility::hidden;
      p.reason = LayoutReason::crossing;
      continue;
    }
    kept[n_kept++] = i;
  }
}

}  // namespace

// Validates everything before any state or `out` is touched.
Status Solver::check_input(const SolveInput& in, Frame& f) const {
  const ComfortConfig& c = cfg_;
  Result<AngularRect> both = binocular_fov(in.eye_fov);
  if (!both) return both.error();
  AngularRect U = both.value();
  U.left_deg += c.fov_margin_deg;
  U.right_deg -= c.fov_margin_deg;
  U.down_deg += c.fov_margin_deg;
  U.up_deg -= c.fov_margin_deg;
  if (U.width_deg() <= 0.f || U.height_deg() <= 0.f)
    return Error{Errc::invalid_argument, "solve: the FOV is narrower than its edge margins"};
  const glm::quat& q_in = in.T_space_head.orientation;
  const float q_len = std::sqrt(q_in.w * q_in.w + q_in.x * q_in.x + q_in.y * q_in.y + q_in.z * q_in.z);
  if (!finite(in.T_space_head.position) || !std::isfinite(q_len) || q_len < 0.5f || q_len > 2.f)
    return Error{Errc::invalid_argument, "solve: head pose is not finite or not a rotation"};
  if (initialized_ && in.now.mono_ns < last_mono_ns_)
    return Error{Errc::invalid_argument, "solve: time went backwards"};
  f.U = U;
  f.head = {in.T_space_head.position, q_in / q_len};
  f.T_head_space = f.head.inverse();
  f.head_yp = yaw_pitch_roll_deg(f.head.orientation);
  f.dt_s = initialized_ ? static_cast<float>(in.now.mono_ns - last_mono_ns_) * 1e-9f : 0.f;
  f.snap = !initialized_ || f.dt_s > kMaxStep_s;
  f.em_m = size_for_angle_m(c.body_text_deg, c.distance_m);
  return {};
}

// Per overlay: the anchor from its spec, or world-locked when pinned.
void Solver::assign_anchors(const SolveInput& in, Layout& out) const {
  std::array<bool, kOverlayKindCount> seen{};
  for (uint16_t i = 0; i < out.count; ++i) {
    PlacedPanel& p = out.items[i];
    p = PlacedPanel{};
    p.kind = in.overlays[i].kind;
    p.overlay_index = i;
    p.actions = in.overlays[i].actions;
    const auto k = static_cast<size_t>(p.kind);
    const bool first = k < seen.size() && !seen[k];
    if (k < seen.size()) seen[k] = true;
    p.anchor = panel_spec(p.kind).anchor;
    if (p.anchor == Anchor::body_locked && first && pins_[k].body_visible) p.anchor = Anchor::world_locked;
    if (p.anchor == Anchor::view_locked && !first) p.reason = LayoutReason::duplicate;
  }
}

// Pinned panels keep their pose; too near or moving, they hide.
void Solver::place_pinned(const SolveInput& in, const Frame& f, Layout& out, Quads& quads) const {
  for (uint16_t i = 0; i < out.count; ++i) {
    PlacedPanel& p = out.items[i];
    if (p.anchor != Anchor::world_locked) continue;
    const Placed& pin = pins_[static_cast<size_t>(p.kind)];
    p.pose = p.T_space_panel = pin.T_space_panel;
    p.size_m = pin.size_m;
    p.text_height_m = pin.text_height_m;
    p.distance_m = glm::length(pin.T_space_panel.position - f.head.position);
    if (in.fast_motion) p.reason = LayoutReason::fast_motion;
    else if (p.distance_m < cfg_.min_distance_m) p.reason = LayoutReason::too_near;
    else p.visibility = Visibility::shown;
    if (p.visible()) quads[i] = project_quad(f.T_head_space * p.T_space_panel, p.size_m);
  }
}

// Lays out the body-locked panels around the lazy anchor: in the anchor
// frame (reused from the cache while its inputs hold), then into space.
void Solver::lay_out_body(const Frame& f, const PitchRange& pitch, std::span<const uint16_t> body,
                          const Quads& quads, Layout& out) {
  const BodyPass pass = body_pass(cfg_, f, pitch, {anchor_yaw_deg_, anchor_pitch_deg_, anchor_roll_deg_});
  const Obstacles obstacles = body_obstacles(out, quads, anchor_roll_deg_, pass.T_space_anchor.inverse());
  const std::span<const AngularRect> fixed{obstacles.rect.data(), static_cast<size_t>(obstacles.count)};
  if (body_cache_hit(f.U, fixed, out)) {
    restore_body(f, body, out);
  } else {
    layout_body_making_room(pass, body, obstacles, out);
    ++body_layouts_;
    store_body(f.U, fixed, body, out);
  }
  for (const uint16_t i : body) {
    PlacedPanel& p = out.items[i];
    if (p.visible()) p.pose = p.T_space_panel = pass.T_space_anchor * p.pose;
  }
}

// The layout in the anchor frame depends only on the FOV, the anchor's
// orientation, the overlay kinds and the obstacles: reuse it while they hold.
bool Solver::body_cache_hit(const AngularRect& U, std::span<const AngularRect> obstacles, const Layout& out) const {
  const BodyCache& k = cache_;
  bool hit = cache_enabled_ && k.valid && same(k.fov, U) && k.yaw_deg == anchor_yaw_deg_ &&
             k.pitch_deg == anchor_pitch_deg_ && k.roll_deg == anchor_roll_deg_ && k.count == out.count &&
             k.obstacle_count == static_cast<int>(obstacles.size());
  for (uint16_t i = 0; i < out.count && hit; ++i)
    hit = k.kinds[i] == out.items[i].kind && k.anchors[i] == out.items[i].anchor;
  for (size_t i = 0; i < obstacles.size() && hit; ++i) hit = same(k.obstacles[i], obstacles[i]);
  return hit;
}

void Solver::restore_body(const Frame& f, std::span<const uint16_t> body, Layout& out) const {
  for (const uint16_t i : body) {
    PlacedPanel& p = out.items[i];
    const CachedSlot& slot = cache_.slots[i];
    p.anchor = Anchor::body_locked;
    p.view_space = false;
    p.distance_m = cfg_.distance_m;
    p.text_height_m = f.em_m;
    p.visibility = slot.visibility;
    p.reason = slot.reason;
    p.size_m = slot.size_m;
    p.pose = slot.T_anchor_panel;
  }
}

void Solver::store_body(const AngularRect& U, std::span<const AngularRect> obstacles, std::span<const uint16_t> body,
                        const Layout& out) {
  BodyCache& k = cache_;
  k.valid = cache_enabled_;
  k.fov = U;
  k.yaw_deg = anchor_yaw_deg_;
  k.pitch_deg = anchor_pitch_deg_;
  k.roll_deg = anchor_roll_deg_;
  k.count = out.count;
  for (uint16_t i = 0; i < out.count; ++i) {
    k.kinds[i] = out.items[i].kind;
    k.anchors[i] = out.items[i].anchor;
  }
  k.obstacle_count = static_cast<int>(obstacles.size());
  for (size_t i = 0; i < obstacles.size(); ++i) k.obstacles[i] = obstacles[i];
  for (const uint16_t i : body) {
    const PlacedPanel& p = out.items[i];
    k.slots[i] = {p.visibility, p.reason, p.size_m, p.pose};
  }
}

// Lazy follow: the anchor snaps to the heading (first frame, after a gap or
// motion, or with nothing to show), stays inside the dead zone while the
// panels fit the view, and otherwise recentres by exponential approach,
// the same path whatever the frame rate.
void Solver::follow_head(const Frame& f, const PitchRange& pitch, std::span<const uint16_t> body,
                         const Quads& quads, Layout& out) {
  const ComfortConfig& c = cfg_;
  const float st = c.settle_deg;
  if (f.snap) {
    anchor_yaw_deg_ = f.head_yp.x;
    anchor_pitch_deg_ = pitch.target_deg;
    anchor_roll_deg_ = f.head_yp.z;
    recentring_ = false;
    return;
  }
  lay_out_body(f, pitch, body, quads, out);
  const float dyaw = wrap180(f.head_yp.x - anchor_yaw_deg_);
  const float dpitch = pitch.target_deg - anchor_pitch_deg_;
  const float droll = wrap180(f.head_yp.z - anchor_roll_deg_);
  const bool off_by_more_than_settle = std::max({std::abs(dyaw), std::abs(dpitch), std::abs(droll)}) > st;
  if (std::abs(dyaw) > c.dead_zone_yaw_deg || std::abs(dpitch) > c.dead_zone_pitch_deg ||
      (off_by_more_than_settle && !body_fits_view(f, body, out)))
    recentring_ = true;
  if (recentring_) {
    const float alpha = 1.f - std::exp(-f.dt_s / c.follow_tau_s);
    anchor_yaw_deg_ = wrap180(anchor_yaw_deg_ + alpha * dyaw);
    anchor_pitch_deg_ += alpha * dpitch;
    anchor_roll_deg_ = wrap180(anchor_roll_deg_ + alpha * droll);
    if ((1.f - alpha) * std::max({std::abs(dyaw), std::abs(dpitch), std::abs(droll)}) < st) recentring_ = false;
  }
}

// Body-locked panels shown by this solve, for pin().
void Solver::remember_body_panels(const Layout& out) {
  for (Placed& l : last_) l.body_visible = false;
  for (uint16_t i = 0; i < out.count; ++i) {
    const PlacedPanel& p = out.items[i];
    Placed& l = last_[static_cast<size_t>(p.kind)];
    if (p.anchor != Anchor::body_locked || !p.visible() || l.body_visible) continue;
    l = {true, p.T_space_panel, p.size_m, p.text_height_m};
  }
}

Status Solver::solve(const SolveInput& in, Layout& out) {
  Frame f;
  if (Status checked = check_input(in, f); !checked) return checked;
  initialized_ = true;
  last_mono_ns_ = in.now.mono_ns;
  out.count = static_cast<uint16_t>(std::min<size_t>(in.overlays.size(), kMaxPanels));
  out.dropped = static_cast<uint16_t>(in.overlays.size() - out.count);
  out.usable_fov = f.U;

  assign_anchors(in, out);
  Quads quads{};
  place_indicators(cfg_, f, out);
  place_pinned(in, f, out, quads);
  std::array<uint16_t, kMaxPanels> order{};
  const std::span<const uint16_t> body{order.data(), body_order(cfg_, f, in.fast_motion, out, order)};
  const PitchRange pitch = anchor_pitch_range(cfg_, f, body, out);
  for (uint16_t i = 0; i < out.count; ++i)
    if (out.items[i].anchor == Anchor::view_locked && out.items[i].visible())
      quads[i] = project_quad(out.items[i].pose, out.items[i].size_m);

  // Hidden by motion, or nothing to show: reappear straight ahead.
  if (in.fast_motion || was_fast_ || body.empty()) f.snap = true;
  was_fast_ = in.fast_motion;
  follow_head(f, pitch, body, quads, out);
  if (!body.empty()) lay_out_body(f, pitch, body, quads, out);
  out.recentring = recentring_;

  resolve_crossings(f, out, quads);
  remember_body_panels(out);
  return {};
}

}  // namespace tw::layout
