#include "frame_log.hpp"

#include <vector>

#include "layout/pose.hpp"

namespace sample {

namespace {

tw::layout::Pose from_xr(const XrPosef& p) {
  return {{p.position.x, p.position.y, p.position.z},
          {p.orientation.w, p.orientation.x, p.orientation.y, p.orientation.z}};
}

const char* mode_name(tw::xr::LayerMode m) {
  switch (m) {
    case tw::xr::LayerMode::separate: return "separate";
    case tw::xr::LayerMode::atlas: return "atlas";
    case tw::xr::LayerMode::in_views: return "in_views";
    case tw::xr::LayerMode::none: break;
  }
  return "none";
}

}  // namespace

FrameLog::FrameLog(const std::string& path) {
  if (!path.empty()) f_ = std::fopen(path.c_str(), "w");
  if (!path.empty() && f_ == nullptr) std::fprintf(stderr, "openxr_app: cannot write %s\n", path.c_str());
}

FrameLog::~FrameLog() {
  if (f_) std::fclose(f_);
}

void FrameLog::header(int vulkan_enable, bool cylinders, uint32_t max_layers) {
  if (f_) std::fprintf(f_, "# timewall openxr_app frame log v1\n# vulkan_enable %d cylinders %d max_layers %u\n",
                       vulkan_enable, cylinders ? 1 : 0, max_layers);
}

void FrameLog::service(bool accounts, long n, int64_t unix_ms) {
  if (f_) std::fprintf(f_, "# service %s frame %ld unix_ms %lld\n", accounts ? "accounts" : "gone", n,
                       static_cast<long long>(unix_ms));
}

void FrameLog::placements(XrSession session, XrSpace app_space, const tw::xr::SessionBinding& binding, XrTime t) {
  if (!f_) return;
  uint32_t mask = 0;
  for (int k = 0; k < tw::kOverlayKindCount; ++k)
    if (binding.placement(static_cast<tw::OverlayKind>(k)).visible) mask |= 1u << k;
  if (mask == shown_mask_ || !(mask & 1u)) return;  // unchanged, or no ring yet
  // Body-locked panels are placed in the app space: bring them into VIEW.
  XrSpaceLocation head{XR_TYPE_SPACE_LOCATION};
  if (XR_FAILED(xrLocateSpace(binding.view_space(), app_space, t, &head))) return;
  XrViewLocateInfo locate{XR_TYPE_VIEW_LOCATE_INFO};
  locate.viewConfigurationType = XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO;
  locate.displayTime = t;
  locate.space = binding.view_space();
  XrViewState state{XR_TYPE_VIEW_STATE};
  XrView views[2] = {{XR_TYPE_VIEW}, {XR_TYPE_VIEW}};
  uint32_t n = 0;
  if (XR_FAILED(xrLocateViews(session, &locate, &state, 2, &n, views))) return;
  shown_mask_ = mask;
  const tw::layout::Pose T_view_app = from_xr(head.pose).inverse();
  std::fprintf(f_, "# layout shown_mask %u\n", mask);
  for (int k = 0; k < tw::kOverlayKindCount; ++k) {  // budget_ring (kind 0) first
    const tw::xr::PanelPlacement& p = binding.placement(static_cast<tw::OverlayKind>(k));
    if (!p.visible) continue;
    const tw::layout::Pose T_view_panel = p.view_space ? from_xr(p.pose) : T_view_app * from_xr(p.pose);
    std::fprintf(f_, "# panel %s view_pos %.4f %.4f %.4f size_m %.4f %.4f %s\n",
                 std::string(tw::to_string(p.kind)).c_str(), T_view_panel.position.x, T_view_panel.position.y,
                 T_view_panel.position.z, p.size_m.width, p.size_m.height, p.view_space ? "view_locked" : "body_locked");
  }
  if (const tw::xr::PanelPlacement& a = binding.atlas_placement(); a.visible) {
    // Every panel is drawn inside this one quad.
    const tw::layout::Pose T_view_atlas = a.view_space ? from_xr(a.pose) : T_view_app * from_xr(a.pose);
    std::fprintf(f_, "# panel atlas view_pos %.4f %.4f %.4f size_m %.4f %.4f\n", T_view_atlas.position.x,
                 T_view_atlas.position.y, T_view_atlas.position.z, a.size_m.width, a.size_m.height);
  }
  for (uint32_t v = 0; v < n; ++v)
    std::fprintf(f_, "# view %u pos %.4f %.4f %.4f fov_rad %.4f %.4f %.4f %.4f\n", v, views[v].pose.position.x,
                 views[v].pose.position.y, views[v].pose.position.z, views[v].fov.angleLeft, views[v].fov.angleRight,
                 views[v].fov.angleUp, views[v].fov.angleDown);
}

void FrameLog::frame(long n, const tw::xr::ComposeStats& s, uint32_t added, XrResult ended) {
  if (!f_) return;
  std::fprintf(f_, "frame %ld app_layers %u timewall_layers %u renders %u panels %u mode %s cylinders %u result %d\n",
               n, s.app_layers, added, s.renders, s.panels, mode_name(s.mode), s.cylinders,
               static_cast<int>(ended));
  std::fflush(f_);
}

void FrameLog::end(long frames) {
  if (f_) std::fprintf(f_, "# exit frames %ld\n", frames);
}

}  // namespace sample
