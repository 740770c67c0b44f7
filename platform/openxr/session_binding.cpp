#include "openxr/session_binding.hpp"

#include <cmath>

namespace tw::xr {

namespace {

constexpr int64_t kHeadSampleNs = 100'000'000;  // one head_motion signal per 100 ms

float angle_between_deg(const XrQuaternionf& a, const XrQuaternionf& b) {
  const float dot = std::fabs(a.x * b.x + a.y * b.y + a.z * b.z + a.w * b.w);
  return 2.f * std::acos(std::fmin(1.f, dot)) * 57.2957795f;
}

}  // namespace

Result<std::unique_ptr<SessionBinding>> SessionBinding::create(const SessionBindingDesc& desc) {
  if (desc.session == XR_NULL_HANDLE || desc.instance == XR_NULL_HANDLE)
    return Error{Errc::invalid_argument, "SessionBinding: null instance or session"};
  std::unique_ptr<SessionBinding> b(new SessionBinding());
  b->desc_ = desc;
  const XrDispatch& xr = desc.xr;

  XrSystemProperties props{XR_TYPE_SYSTEM_PROPERTIES};
  XrResult r = xr.GetSystemProperties(desc.instance, desc.system, &props);
  if (XR_FAILED(r)) return Error{Errc::openxr, xr_error(xr, desc.instance, "xrGetSystemProperties", r)};
  b->max_layers_ = props.graphicsProperties.maxLayerCount;

  auto vk = VkContext::create(desc.vulkan);
  if (!vk) return vk.error();
  b->vk_ = std::move(vk.value());

  XrReferenceSpaceCreateInfo space{XR_TYPE_REFERENCE_SPACE_CREATE_INFO};
  space.poseInReferenceSpace = {{0, 0, 0, 1}, {0, 0, 0}};
  space.referenceSpaceType = XR_REFERENCE_SPACE_TYPE_VIEW;
  r = xr.CreateReferenceSpace(desc.session, &space, &b->view_space_);
  if (XR_FAILED(r)) return Error{Errc::openxr, xr_error(xr, desc.instance, "xrCreateReferenceSpace(VIEW)", r)};
  space.referenceSpaceType = XR_REFERENCE_SPACE_TYPE_LOCAL;
  r = xr.CreateReferenceSpace(desc.session, &space, &b->local_space_);
  if (XR_FAILED(r)) return Error{Errc::openxr, xr_error(xr, desc.instance, "xrCreateReferenceSpace(LOCAL)", r)};

  const PanelExtentPx px = panel_extent_px(OverlayKind::budget_ring);
  auto ring = PanelSwapchain::create(xr, desc.instance, desc.session, b->vk_, {px.width, px.height});
  if (!ring) return ring.error();
  b->ring_ = std::move(ring.value());

  RendererDesc rd{};
  rd.instance = desc.vulkan.instance;
  rd.physical_device = b->vk_.physical_device();
  rd.device = b->vk_.device();
  rd.queue_family = b->vk_.queue_family();
  rd.queue = b->vk_.queue();
  rd.font_path = desc.font_path;
  rd.max_slots = 1;
  auto renderer = PanelRenderer::create(rd);
  if (!renderer) return renderer.error();
  b->renderer_.emplace(std::move(renderer.value()));
  auto solver = layout::Solver::create({});
  if (!solver) return solver.error();
  b->solver_.emplace(std::move(solver.value()));
  b->ring_overlay_.kind = OverlayKind::budget_ring;
  b->ring_overlay_.app = b->apps_.intern(desc.app_name);  // the label the ring may show
  return b;
}

SessionBinding::~SessionBinding() {
  if (renderer_) {
    renderer_->wait_idle().ok();  // teardown: nothing left to report to
    for (uint32_t i = 0; i < ring_.image_count(); ++i) renderer_->forget_view(ring_.view(i)).ok();
    renderer_.reset();
  }
  ring_ = PanelSwapchain();
  if (view_space_ != XR_NULL_HANDLE) desc_.xr.DestroySpace(view_space_);
  if (local_space_ != XR_NULL_HANDLE) desc_.xr.DestroySpace(local_space_);
}

void SessionBinding::push(const Signal& s) {
  if (signal_count_ == signals_.size()) {  // keep the newest: shift one out
    for (size_t i = 1; i < signals_.size(); ++i) signals_[i - 1] = signals_[i];
    --signal_count_;
  }
  signals_[signal_count_++] = s;
}

void SessionBinding::on_session_state(XrSessionState state, Instant at) {
  const XrSessionState before = state_;
  state_ = state;
  if (state == XR_SESSION_STATE_FOCUSED) {
    push({.at = at, .kind = SignalKind::app_focus, .app = desc_.app});
  } else if (before == XR_SESSION_STATE_FOCUSED) {
    // Visible without input focus (a system menu), stopping, loss pending:
    // the wearer's attention left the app.
    push({.at = at, .kind = SignalKind::app_blur, .app = desc_.app});
  }
}

void SessionBinding::sample_head(XrTime t, Instant at) {
  if (t <= 0) return;
  if (have_head_ && t - last_head_ns_ < kHeadSampleNs) return;
  XrSpaceLocation loc{XR_TYPE_SPACE_LOCATION};
  if (XR_FAILED(desc_.xr.LocateSpace(view_space_, local_space_, t, &loc))) return;
  const XrSpaceLocationFlags need = XR_SPACE_LOCATION_POSITION_VALID_BIT | XR_SPACE_LOCATION_ORIENTATION_VALID_BIT;
  if ((loc.locationFlags & need) != need) return;
  if (have_head_ && t > last_head_ns_) {
    const float dt_s = static_cast<float>(t - last_head_ns_) * 1e-9f;
    const XrVector3f a = last_head_.position, b = loc.pose.position;
    const float dist_m = std::sqrt((a.x - b.x) * (a.x - b.x) + (a.y - b.y) * (a.y - b.y) + (a.z - b.z) * (a.z - b.z));
    push({.at = at, .kind = SignalKind::head_motion, .app = desc_.app, .linear_mps = dist_m / dt_s,
          .angular_dps = angle_between_deg(last_head_.orientation, loc.pose.orientation) / dt_s});
  }
  have_head_ = true;
  last_head_ = loc.pose;
  last_head_ns_ = t;
}

void SessionBinding::place(XrTime t, Instant at) {
  if (!have_fov_ && t > 0) {
    // The eyes' FOVs, once: the solver keeps panels inside them.
    XrViewLocateInfo locate{XR_TYPE_VIEW_LOCATE_INFO};
    locate.viewConfigurationType = desc_.view_config;
    locate.displayTime = t;
    locate.space = view_space_;
    XrViewState state{XR_TYPE_VIEW_STATE};
    XrView views[2] = {{XR_TYPE_VIEW}, {XR_TYPE_VIEW}};
    uint32_t n = 0;
    if (XR_SUCCEEDED(desc_.xr.LocateViews(desc_.session, &locate, &state, 2, &n, views)) && n == 2) {
      for (int e = 0; e < 2; ++e)
        eye_fov_[e] = {views[e].fov.angleLeft, views[e].fov.angleRight, views[e].fov.angleUp, views[e].fov.angleDown};
      have_fov_ = true;
    }
  }
  if (!have_fov_) return;  // keep the default view-locked placement
  layout::Pose head;
  if (have_head_) {
    head.position = {last_head_.position.x, last_head_.position.y, last_head_.position.z};
    head.orientation = {last_head_.orientation.w, last_head_.orientation.x, last_head_.orientation.y,
                        last_head_.orientation.z};
  }
  const Status solved = solver_->solve(
      {.overlays = {&ring_overlay_, 1}, .T_space_head = head, .eye_fov = eye_fov_, .fast_motion = false, .now = at},
      layout_);
  if (!solved) return;  // the solver keeps its previous state; so do we
  for (const layout::PlacedPanel& p : layout_.panels()) {
    if (p.kind != OverlayKind::budget_ring) continue;
    ring_place_.visible = p.visible();
    ring_place_.view_space = p.view_space;
    ring_place_.pose = {{p.pose.orientation.x, p.pose.orientation.y, p.pose.orientation.z, p.pose.orientation.w},
                        {p.pose.position.x, p.pose.position.y, p.pose.position.z}};
    ring_place_.size_m = {p.size_m.x, p.size_m.y};
  }
}

Result<uint32_t> SessionBinding::compose(const XrFrameEndInfo& end_info, Instant at,
                                         const XrCompositionLayerBaseHeader** out, uint32_t capacity) {
  stats_ = {.app_layers = end_info.layerCount, .timewall_layers = 0, .renders = 0};
  sample_head(end_info.displayTime, at);
  place(end_info.displayTime, at);
  const Theme theme =
      end_info.environmentBlendMode == XR_ENVIRONMENT_BLEND_MODE_ADDITIVE ? Theme::additive : Theme::plated;
  const PanelContent content = make_panel_content(ring_overlay_, policy_, apps_, categories_, theme);
  if (!renderer_->is_current(0, content)) {
    // Changed: one acquire, one render on the app's queue, one release.
    auto index = ring_.acquire();
    if (!index) return index.error();
    const Status drawn = renderer_->render(0, content, ring_.target(index.value()));
    const Status released = ring_.release();
    if (!drawn) return drawn.error();
    if (!released) return released.error();
    ++stats_.renders;
  }
  const uint32_t room = max_layers_ > end_info.layerCount ? max_layers_ - end_info.layerCount : 0;
  if (!ring_.has_image() || !ring_place_.visible || room == 0 || capacity == 0) return 0u;
  ring_quad_.layerFlags = XR_COMPOSITION_LAYER_BLEND_TEXTURE_SOURCE_ALPHA_BIT;
  ring_quad_.space = ring_place_.view_space ? view_space_ : local_space_;
  ring_quad_.eyeVisibility = XR_EYE_VISIBILITY_BOTH;
  ring_quad_.subImage.swapchain = ring_.handle();
  ring_quad_.subImage.imageRect = {{0, 0},
                                   {static_cast<int32_t>(ring_.width_px()), static_cast<int32_t>(ring_.height_px())}};
  ring_quad_.subImage.imageArrayIndex = 0;
  ring_quad_.pose = ring_place_.pose;
  ring_quad_.size = ring_place_.size_m;
  out[0] = reinterpret_cast<const XrCompositionLayerBaseHeader*>(&ring_quad_);
  stats_.timewall_layers = 1;
  return 1u;
}

}  // namespace tw::xr
