#include "openxr/session_binding.hpp"

#include <algorithm>
#include <cmath>

#include "layout/angles.hpp"
#include "layout/panel_spec.hpp"
#include "openxr/display_blend.hpp"

namespace tw::xr {

namespace {

constexpr int64_t kHeadSampleNs = 100'000'000;  // one head_motion signal per 100 ms

float angle_between_deg(const XrQuaternionf& a, const XrQuaternionf& b) {
  const float dot = std::fabs(a.x * b.x + a.y * b.y + a.z * b.z + a.w * b.w);
  return 2.f * std::acos(std::fmin(1.f, dot)) * layout::kRadToDeg;
}

}  // namespace

Result<std::unique_ptr<SessionBinding>> SessionBinding::create(const SessionBindingDesc& desc) {
  if (desc.session == XR_NULL_HANDLE || desc.instance == XR_NULL_HANDLE)
    return Error{Errc::invalid_argument, "SessionBinding: null instance or session"};
  std::unique_ptr<SessionBinding> b(new SessionBinding());
  b->desc_ = desc;
  b->desc_.app_name = {};  // not kept: the caller's string may go
  const XrDispatch& xr = desc.xr;

  XrSystemProperties props{XR_TYPE_SYSTEM_PROPERTIES};
  XrResult r = xr.GetSystemProperties(desc.instance, desc.system, &props);
  if (XR_FAILED(r)) return Error{kErrcOpenxr, xr_error(xr, desc.instance, "xrGetSystemProperties", r)};
  b->max_layers_ = props.graphicsProperties.maxLayerCount;
  if (desc.max_layers > 0) b->max_layers_ = std::min(b->max_layers_, desc.max_layers);

  auto vk = VkContext::create(desc.vulkan);
  if (!vk) return vk.error();
  b->vk_ = std::move(vk.value());

  XrReferenceSpaceCreateInfo space{XR_TYPE_REFERENCE_SPACE_CREATE_INFO};
  space.poseInReferenceSpace = {{0, 0, 0, 1}, {0, 0, 0}};
  space.referenceSpaceType = XR_REFERENCE_SPACE_TYPE_VIEW;
  r = xr.CreateReferenceSpace(desc.session, &space, &b->view_space_);
  if (XR_FAILED(r)) return Error{kErrcOpenxr, xr_error(xr, desc.instance, "xrCreateReferenceSpace(VIEW)", r)};
  b->app_space_ = desc.app_space;
  if (b->app_space_ == XR_NULL_HANDLE) {
    space.referenceSpaceType = XR_REFERENCE_SPACE_TYPE_LOCAL;
    r = xr.CreateReferenceSpace(desc.session, &space, &b->app_space_);
    if (XR_FAILED(r)) return Error{kErrcOpenxr, xr_error(xr, desc.instance, "xrCreateReferenceSpace(LOCAL)", r)};
    b->own_app_space_ = true;
  }

  b->swapchains_.emplace(desc.xr, desc.instance, desc.session, b->vk_);
  RendererDesc rd{};
  rd.instance = desc.vulkan.instance;
  rd.physical_device = b->vk_.physical_device();
  rd.device = b->vk_.device();
  rd.queue_family = b->vk_.queue_family();
  rd.queue = b->vk_.queue();
  rd.font_path = desc.font_path;
  // One panel per kind (placement() reports one per kind); slots beyond the
  // presenter's (the atlas, eye images) are untracked.
  auto presenter = PanelPresenter::create({.renderer = rd, .images = &*b->swapchains_, .max_per_kind = 1});
  if (!presenter) return presenter.error();
  b->presenter_.emplace(std::move(presenter.value()));
  auto solver = layout::Solver::create({});
  if (!solver) return solver.error();
  b->solver_.emplace(std::move(solver.value()));
  b->own_app_ = b->apps_.intern(desc.app_name);  // the label the ring may show
  for (int k = 0; k < kOverlayKindCount; ++k) b->places_[static_cast<size_t>(k)].kind = static_cast<OverlayKind>(k);
  return b;
}

SessionBinding::~SessionBinding() {
  presenter_.reset();  // waits for its renders; its framebuffers go before the swapchains' views
  atlas_ = PanelSwapchain();
  backdrop_.reset();
  swapchains_.reset();
  if (view_space_ != XR_NULL_HANDLE) desc_.xr.DestroySpace(view_space_);
  if (own_app_space_ && app_space_ != XR_NULL_HANDLE) desc_.xr.DestroySpace(app_space_);
}

void SessionBinding::set_overlays(std::span<const Overlay> overlays, const PanelText& text, bool fast_motion) {
  overlay_count_ = std::min(overlays.size(), overlays_.size());
  std::copy_n(overlays.begin(), overlay_count_, overlays_.begin());
  text_ = text;
  fast_motion_ = fast_motion;
  answering_.set_config(layout::CardAnswering::config_from(text_.policy ? *text_.policy : policy_));
}

const layout::AnswerFrame& SessionBinding::answer(const layout::WearerInput& input, Instant at) {
  answered_ = false;
  layout::WearerInput in = input;
  in.view_valid = head_now_valid_;
  if (head_now_valid_) in.T_space_view = from_xr(head_now_);
  static const layout::Layout kNone{};
  const std::span<const Overlay> shown{overlays_.data(), overlay_count_};
  if (placed_)
    layout::shown_layout(layout_,
                         {.panels = {answer_panels_.data(), answer_panel_count_},
                          .atlas = answer_atlas_,
                          .head_valid = answer_on_head_now_ ? head_now_valid_ : have_head_,
                          .T_space_head = from_xr(answer_on_head_now_ ? head_now_ : last_head_)},
                         answer_layout_);
  const layout::AnswerFrame& f = answering_.update(placed_ ? answer_layout_ : kNone, shown, in, at);
  if (f.chosen && layout::answer_signal(f, shown, desc_.app, at, answer_)) {
    answered_ = true;
    push(answer_);
  }
  return f;
}

bool SessionBinding::takes_answers() const {
  for (size_t i = 0; i < overlay_count_; ++i)
    if (!layout::card_buttons(overlays_[i].kind, false).empty()) return true;
  return false;
}

bool SessionBinding::answer_signal(Signal& out) const {
  if (answered_) out = answer_;
  return answered_;
}

void SessionBinding::set_ring(const Overlay& ring) {
  Overlay r = ring;
  r.kind = OverlayKind::budget_ring;
  set_overlays({&r, 1});
}

void SessionBinding::push(const Signal& s) {
  if (signal_count_ == signals_.size()) {  // keep the newest: shift one out
    for (size_t i = 1; i < signals_.size(); ++i) signals_[i - 1] = signals_[i];
    --signal_count_;
  }
  signals_[signal_count_++] = s;
}

void SessionBinding::on_session_state(XrSessionState state, Instant at) {
  for (const Signal& s : attention_.on_state(state, at, desc_.app)) push(s);
}

void SessionBinding::sample_head(XrTime t, Instant at) {
  head_now_valid_ = false;
  if (t <= 0) return;
  // Every frame: the head gaze answers cards (answer()); the solver and the
  // motion signals take it at most every kHeadSampleNs.
  XrSpaceLocation loc{XR_TYPE_SPACE_LOCATION};
  if (t == given_head_t_) {
    if (!given_head_valid_) return;
    loc.pose = given_head_;
  } else {
    if (XR_FAILED(desc_.xr.LocateSpace(view_space_, app_space_, t, &loc))) return;
    const XrSpaceLocationFlags need = XR_SPACE_LOCATION_POSITION_VALID_BIT | XR_SPACE_LOCATION_ORIENTATION_VALID_BIT;
    if ((loc.locationFlags & need) != need) return;
  }
  head_now_valid_ = true;
  head_now_ = loc.pose;
  if (have_head_ && t - last_head_ns_ < kHeadSampleNs) return;
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

void SessionBinding::solve(XrTime t, Instant at) {
  placed_ = false;
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
  if (!have_fov_ || !have_head_) return;  // nothing is placed before the first FOV and head pose
  const layout::Pose head{{last_head_.position.x, last_head_.position.y, last_head_.position.z},
                          {last_head_.orientation.w, last_head_.orientation.x, last_head_.orientation.y,
                           last_head_.orientation.z}};
  const Status solved = solver_->solve({.overlays = {overlays_.data(), overlay_count_},
                                        .T_space_head = head,
                                        .eye_fov = eye_fov_,
                                        .fast_motion = fast_motion_,
                                        .now = at},
                                       layout_);
  placed_ = static_cast<bool>(solved);  // bad input (time going backwards): show nothing this frame
}

Status SessionBinding::draw_atlas(uint32_t count) {
  bool same = count == atlas_count_ && atlas_.has_image();
  for (uint32_t i = 0; same && i < count; ++i) same = atlas_content_[i] == presenter_->content(shown_[i]);
  if (same) return {};
  if (atlas_.handle() == XR_NULL_HANDLE) {
    // Large enough for every kind at once, in its larger form.
    std::array<PanelExtentPx, kOverlayKindCount> all{};
    for (int k = 0; k < kOverlayKindCount; ++k) {
      const PanelExtentPx f = panel_extent_px(static_cast<OverlayKind>(k), false);
      const PanelExtentPx c = panel_extent_px(static_cast<OverlayKind>(k), true);
      all[static_cast<size_t>(k)] = {std::max(f.width, c.width), std::max(f.height, c.height)};
    }
    const AtlasPacking most = pack_atlas(all);
    auto sc = PanelSwapchain::create(desc_.xr, desc_.instance, desc_.session, vk_, {most.width_px, most.height_px});
    if (!sc) return sc.error();
    atlas_ = std::move(sc.value());
  }
  std::array<PanelExtentPx, kOverlayKindCount> forms{};
  for (uint32_t i = 0; i < count; ++i) forms[i] = shown(i).extent;
  atlas_packing_ = pack_atlas({forms.data(), count});
  // Every panel goes into the acquired image: the others may hold older frames.
  auto index = atlas_.acquire();
  if (!index) return index.error();
  Status drawn;
  for (uint32_t i = 0; i < count && drawn; ++i) {
    PanelTarget target = atlas_.target(index.value());
    const AtlasRect& r = atlas_packing_.rects[i];
    target.x = r.x_px;
    target.y = r.y_px;
    target.width = r.width_px;
    target.height = r.height_px;
    drawn = presenter_->renderer().render(PanelPresenter::kSlots, presenter_->content(shown_[i]), target);  // untracked
  }
  const Status released = atlas_.release();
  if (!drawn) return drawn;
  if (!released) return released;
  for (uint32_t i = 0; i < count; ++i) atlas_content_[i] = presenter_->content(shown_[i]);
  atlas_count_ = count;
  ++stats_.renders;
  return {};
}

uint32_t SessionBinding::emit_separate(const XrCompositionLayerBaseHeader** out) {
  uint32_t n = 0;
  for (uint32_t i = 0; i < shown_count_; ++i) {
    const PanelQuad& p = shown(i);
    XrSwapchainSubImage sub{};
    sub.swapchain = swapchains_->handle(p.slot);
    sub.imageRect = {{0, 0}, {static_cast<int32_t>(p.extent.width), static_cast<int32_t>(p.extent.height)}};
    const XrSpace space = p.view_space ? view_space_ : app_space_;
    if (desc_.cylinders && !p.view_space) {
      const CylinderShape c = cylinder_for(p.pose, p.size_m.x, p.size_m.y, p.distance_m);
      XrCompositionLayerCylinderKHR& l = cylinders_[i];
      l = {XR_TYPE_COMPOSITION_LAYER_CYLINDER_KHR};
      l.layerFlags = XR_COMPOSITION_LAYER_BLEND_TEXTURE_SOURCE_ALPHA_BIT;
      l.space = space;
      l.eyeVisibility = XR_EYE_VISIBILITY_BOTH;
      l.subImage = sub;
      l.pose = c.pose;
      l.radius = c.radius_m;
      l.centralAngle = c.central_angle_rad;
      l.aspectRatio = c.aspect_ratio;
      out[n++] = reinterpret_cast<const XrCompositionLayerBaseHeader*>(&l);
      ++stats_.cylinders;
      continue;
    }
    XrCompositionLayerQuad& q = quads_[i];
    q = {XR_TYPE_COMPOSITION_LAYER_QUAD};
    q.layerFlags = XR_COMPOSITION_LAYER_BLEND_TEXTURE_SOURCE_ALPHA_BIT;
    q.space = space;
    q.eyeVisibility = XR_EYE_VISIBILITY_BOTH;
    q.subImage = sub;
    q.pose = to_xr(p.pose);
    q.size = {p.size_m.x, p.size_m.y};
    out[n++] = reinterpret_cast<const XrCompositionLayerBaseHeader*>(&q);
  }
  return n;
}

uint32_t SessionBinding::emit_atlas(const XrCompositionLayerBaseHeader** out) {
  const PanelQuad& first = shown(0);
  const QuadShape shape = atlas_quad(first.pose, first.size_m.x, first.size_m.y, atlas_packing_.rects[0],
                                     atlas_packing_.width_px, atlas_packing_.height_px);
  XrCompositionLayerQuad& q = quads_[0];
  q = {XR_TYPE_COMPOSITION_LAYER_QUAD};
  q.layerFlags = XR_COMPOSITION_LAYER_BLEND_TEXTURE_SOURCE_ALPHA_BIT;
  q.space = first.view_space ? view_space_ : app_space_;
  q.eyeVisibility = XR_EYE_VISIBILITY_BOTH;
  q.subImage.swapchain = atlas_.handle();
  q.subImage.imageRect = {{0, 0},
                          {static_cast<int32_t>(atlas_packing_.width_px), static_cast<int32_t>(atlas_packing_.height_px)}};
  q.pose = shape.pose;
  q.size = shape.size_m;
  atlas_place_ = {.kind = first.kind, .view_space = first.view_space, .pose = shape.pose, .size_m = shape.size_m,
                  .distance_m = first.distance_m, .visible = true, .collapsed = false};
  out[0] = reinterpret_cast<const XrCompositionLayerBaseHeader*>(&q);
  return 1;
}

// What answer() hit-tests: the shown panels, with their atlas rectangles.
void SessionBinding::note_shown(bool atlas, bool on_head_now) {
  answer_atlas_ = atlas;
  answer_on_head_now_ = on_head_now;
  answer_panel_count_ = 0;
  for (uint32_t i = 0; i < shown_count_; ++i)
    answer_panels_[answer_panel_count_++] = {.overlay_index = static_cast<uint16_t>(shown(i).overlay_index),
                                             .rect = atlas ? atlas_packing_.rects[i] : AtlasRect{}};
}

// The full-view backdrop, created the first time it is wanted; 0 or 1 layers.
uint32_t SessionBinding::emit_backdrop(const XrCompositionLayerBaseHeader** out, uint32_t room) {
  if (!backdrop_wanted_ || room == 0 || !have_fov_ || !backdrop_error_.empty()) return 0;
  if (!backdrop_) {
    auto b = Backdrop::create(desc_.xr, desc_.instance, desc_.session, vk_);
    if (!b) {
      backdrop_error_ = b.error().message.empty() ? "unknown error" : b.error().message;
      return 0;
    }
    backdrop_.emplace(std::move(b.value()));
  }
  out[0] = backdrop_->quad(view_space_, eye_fov_);
  return 1;
}

// Head pose, placement and what each shown panel displays, for this frame.
void SessionBinding::prepare(XrTime t, XrEnvironmentBlendMode blend, Instant at) {
  stats_ = {};
  sample_head(t, at);
  solve(t, at);
  shown_count_ = 0;
  answer_panel_count_ = 0;
  atlas_place_.visible = false;
  for (PanelPlacement& p : places_) p.visible = false;
  const Theme theme = theme_for(display_blend(blend));
  const layout::GazeTarget& hover = answering_.frame().hovered;
  const std::span<const PanelQuad> quads =
      presenter_->prepare({.layout = placed_ ? &layout_ : nullptr,
                           .overlays = {overlays_.data(), overlay_count_},
                           .policy = text_.policy ? text_.policy : &policy_,
                           .apps = text_.apps ? text_.apps : &apps_,
                           .categories = text_.categories ? text_.categories : &categories_,
                           .theme = theme,
                           // The last answer()'s hover and dwell ring (a frame behind).
                           .hover_overlay = hover.valid ? static_cast<int32_t>(hover.overlay_index) : -1,
                           .hover_button = hover.button,
                           .hover_progress = answering_.frame().progress,
                           .notifications = text_.notifications});
  for (uint32_t i = 0; i < quads.size(); ++i) {
    const PanelQuad& q = quads[i];
    PanelPlacement& p = places_[static_cast<size_t>(q.kind)];
    p.visible = true;
    p.collapsed = q.collapsed;
    p.view_space = q.view_space;
    p.pose = to_xr(q.pose);
    p.size_m = {q.size_m.x, q.size_m.y};
    p.distance_m = q.distance_m;
    shown_[shown_count_++] = i;
  }
  stats_.panels = shown_count_;
}

Result<uint32_t> SessionBinding::draw_into_views(XrTime display_time, XrEnvironmentBlendMode blend, Instant at,
                                                 std::span<const EyeImage> eyes) {
  prepare(display_time, blend, at);
  if (shown_count_ == 0) return 0u;
  stats_.mode = LayerMode::in_views;
  note_shown(false, false);
  const layout::Pose T_app_head = from_xr(last_head_);
  for (const EyeImage& eye : eyes) {
    const layout::Pose T_eye_app = from_xr(eye.pose).inverse();
    for (uint32_t i = 0; i < shown_count_; ++i) {
      const PanelQuad& p = shown(i);
      const layout::Pose T_app_panel = p.view_space ? T_app_head * p.pose : p.pose;
      AtlasRect r;
      if (!project_to_view(T_eye_app * T_app_panel, p.size_m.x, p.size_m.y, eye.fov, eye.width_px, eye.height_px,
                           r))
        continue;  // partly outside this eye: drawn in the other one only
      PanelTarget target{.image = eye.image, .view = eye.view, .width = r.width_px, .height = r.height_px,
                         .x = r.x_px, .y = r.y_px, .layout_width = p.extent.width, .layout_height = p.extent.height,
                         .blend_over = true};
      const PanelContent& content = presenter_->content(shown_[i]);
      if (Status s = presenter_->renderer().render(PanelPresenter::kSlots, content, target); !s)  // untracked
        return s.error();
      ++stats_.renders;
    }
  }
  return stats_.renders;
}

Result<uint32_t> SessionBinding::compose(const XrFrameEndInfo& end_info, Instant at,
                                         const XrCompositionLayerBaseHeader** out, uint32_t capacity) {
  prepare(end_info.displayTime, end_info.environmentBlendMode, at);
  stats_.app_layers = end_info.layerCount;
  stats_.backdrops = emit_backdrop(out, layer_room(max_layers_, end_info.layerCount, capacity));
  const uint32_t first = stats_.backdrops;  // the panels go after (in front of) the backdrop
  out += first;
  stats_.mode = plan_layers(shown_count_, layer_room(max_layers_, end_info.layerCount + first, capacity - first));
  stats_.timewall_layers = first;
  if (stats_.mode == LayerMode::separate) {
    if (Status s = presenter_->render_changed(); !s) return s.error();
    for (const PanelQuad& q : presenter_->quads()) stats_.renders += q.rendered ? 1 : 0;
    stats_.timewall_layers += emit_separate(out);
    note_shown(false, true);
  } else if (stats_.mode == LayerMode::atlas) {
    // The most important panel keeps its solved place; the others hang below it.
    const std::span<const PanelQuad> quads = presenter_->quads();
    std::stable_sort(shown_.begin(), shown_.begin() + shown_count_, [&](uint32_t a, uint32_t b) {
      return layout::panel_spec(quads[a].kind).priority < layout::panel_spec(quads[b].kind).priority;
    });
    if (Status s = draw_atlas(shown_count_); !s) return s.error();
    stats_.timewall_layers += emit_atlas(out);
    note_shown(true, true);
  }
  return stats_.timewall_layers;
}

}  // namespace tw::xr
