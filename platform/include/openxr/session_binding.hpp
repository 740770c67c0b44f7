// session_binding.hpp: Timewall on one OpenXR session (explicit or via the layer).
//
// What it does: given an app's XrInstance, XrSession, system, reference space
// and Vulkan binding (XR_KHR_vulkan_enable2 or _enable: the same struct), it
// shows the overlays the core asks for (set_overlays(), e.g. Engine::tick's
// TickOutput::overlays), and each frame:
//   - places them with the sdk/layout solver: the budget ring and protect
//     indicator view-locked (VIEW space), cards, prompts and shields
//     body-locked with lazy follow in the app's space, only the peripheral
//     indicators under fast motion;
//   - presents them with sdk/render's PanelPresenter (the same loop as the
//     headless frames and the desktop simulator): one PanelSwapchain per
//     presenter slot (panel_swapchains.hpp), created the first time that
//     slot shows and reused after; a panel is re-drawn only when what it
//     displays changed (else the runtime keeps compositing its last released
//     image: no acquire, no GPU work);
//   - returns the composition layers to append to xrEndFrame: a quad per
//     panel (a cylinder for body-locked panels where
//     XR_KHR_composition_layer_cylinder is enabled), or one atlas quad holding
//     every panel when maxLayerCount less the app's layers leaves too few;
//   - turns session state changes (session_attention.hpp: focus, blur, worn,
//     not worn) and the head pose (VIEW located in the app's space) into
//     tw::Signals for the core;
//   - answers cards (answer(): layout::CardAnswering on this frame's layout,
//     the head located each frame and the host's hands), and shows the
//     hovered button and its dwell ring on the panels from the next compose.
// Panels are drawn by the presenter's PanelRenderer (Dear ImGui + SDF) on
// the app's VkDevice and queue. Picks the additive theme when the frame's blend
// mode is ADDITIVE, the plated one otherwise. A steady frame allocates nothing.
// What it does not do: call xrBeginFrame/xrEndFrame (the app does), read a
// clock (Instants come in), or decide what to show (the core does).
//
//   auto b = tw::xr::SessionBinding::create({.xr = d, .instance = i, .system = s,
//                                            .session = sess, .vulkan = vk_binding,
//                                            .app_space = app_space});
//   b->on_session_state(XR_SESSION_STATE_FOCUSED, clock.now());
//   const tw::TickOutput& out = engine.tick(clock.now(), b->signals());  b->clear_signals();
//   b->set_overlays(out.overlays, {&engine.policy(), &engine.apps(), &engine.categories()});
//   uint32_t n = b->compose(frame_end_info, clock.now(), extra, 4).value();  // append extra[0..n)
//   if (b->answer(hands, clock.now()).chosen) { /* its Signal is in b->signals() */ }
#pragma once

#include <array>
#include <memory>
#include <optional>
#include <span>

#include "core/policy.hpp"
#include "core/signals.hpp"
#include "layout/card_answering.hpp"
#include "layout/solver.hpp"
#include "openxr/backdrop.hpp"
#include "openxr/panel_layers.hpp"
#include "openxr/panel_swapchain.hpp"
#include "openxr/panel_swapchains.hpp"
#include "openxr/session_attention.hpp"
#include "render/panel_content.hpp"
#include "render/panel_presenter.hpp"

namespace tw::xr {

struct SessionBindingDesc {
  XrDispatch xr;
  XrInstance instance = XR_NULL_HANDLE;
  XrSystemId system = XR_NULL_SYSTEM_ID;
  XrSession session = XR_NULL_HANDLE;
  XrGraphicsBindingVulkanKHR vulkan{XR_TYPE_GRAPHICS_BINDING_VULKAN_KHR};
  // The app's reference space (LOCAL or STAGE: gravity along -Y), where
  // body-locked panels live. Null: the binding creates a LOCAL space.
  XrSpace app_space = XR_NULL_HANDLE;
  AppId app = kNoId;           // the caller's id for this app, put in signals
  std::string_view app_name;   // its ledger id, e.g. "openxr.helloxr"
  const char* font_path = nullptr;  // nullptr: the renderer's default (DejaVu Sans)
  XrViewConfigurationType view_config = XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO;
  // XR_KHR_composition_layer_cylinder is enabled on the instance: body-locked
  // panels go as cylinders (they keep their solved distance across their width).
  bool cylinders = false;
  // At most this many layers in all (0: the runtime's maxLayerCount). Lower
  // it to leave room for layers the app adds later, or to test the atlas.
  uint32_t max_layers = 0;
};

// One of the app's eye images, for draw_into_views(): kPanelFormat
// (R8G8B8A8_SRGB), created with COLOR_ATTACHMENT usage, with a 2D view, in
// COLOR_ATTACHMENT_OPTIMAL (where OpenXR wants it before release).
struct EyeImage {
  VkImage image = VK_NULL_HANDLE;
  VkImageView view = VK_NULL_HANDLE;
  uint32_t width_px = 0;
  uint32_t height_px = 0;
  XrPosef pose{{0, 0, 0, 1}, {0, 0, 0}};  // the eye in the app space (xrLocateViews)
  XrFovf fov{};
};

// The texts panels look up by index (fill items, currency, names): normally
// the engine's. Null fields: the binding's own empty policy and names.
struct PanelText {
  const Policy* policy = nullptr;
  const Interner* apps = nullptr;
  const Interner* categories = nullptr;
  std::span<const NotificationText> notifications{};  // what notification cards say (panel_presenter.hpp)
};

// Where a panel is (T_view_panel when view_space, else T_app_panel), and how
// large; from the sdk/layout solver once it has the eyes' FOVs.
struct PanelPlacement {
  OverlayKind kind = OverlayKind::budget_ring;
  bool view_space = true;
  XrPosef pose{{0, 0, 0, 1}, {0.16f, -0.10f, -1.0f}};
  XrExtent2Df size_m{0.12f, 0.12f};
  float distance_m = 1.f;
  bool visible = false;
  bool collapsed = false;
};

struct ComposeStats {
  uint32_t app_layers = 0;
  uint32_t timewall_layers = 0;
  uint32_t panels = 0;     // panels shown this frame (in the atlas or not)
  uint32_t renders = 0;    // panel images written this frame
  uint32_t cylinders = 0;  // of timewall_layers
  uint32_t backdrops = 0;  // of timewall_layers: the full-view shield (set_backdrop)
  LayerMode mode = LayerMode::none;
};

class SessionBinding {
 public:
  static Result<std::unique_ptr<SessionBinding>> create(const SessionBindingDesc& desc);
  ~SessionBinding();
  SessionBinding(const SessionBinding&) = delete;
  SessionBinding& operator=(const SessionBinding&) = delete;

  // What to show from the next compose on, in priority order (the first
  // kMaxPanels; of several overlays of one kind only the first is shown).
  // Copied: `overlays` may go after the call; `text` must outlive the next
  // compose(). `fast_motion` is the core's motion state (walking, turning).
  void set_overlays(std::span<const Overlay> overlays, const PanelText& text = {}, bool fast_motion = false);
  // Only the budget ring, with the binding's own names (ring.app may be
  // app_id(), the binding's id for desc.app_name).
  void set_ring(const Overlay& ring);
  AppId app_id() const { return own_app_; }
  // The overlays of the last set_overlays (what answer() answers on).
  std::span<const Overlay> overlays() const { return {overlays_.data(), overlay_count_}; }
  // From the next compose on, put the calm full-view backdrop (backdrop.hpp)
  // first, behind the panels, while `on` (layout::plan_shield decides).
  // One that cannot be created is not tried again: backdrop_error() says why.
  void set_backdrop(bool on) { backdrop_wanted_ = on; }
  const std::string& backdrop_error() const { return backdrop_error_; }

  // Where each kind was placed by the last compose (visible == false: not shown).
  const PanelPlacement& placement(OverlayKind kind) const { return places_[static_cast<size_t>(kind)]; }
  const PanelPlacement& ring_placement() const { return placement(OverlayKind::budget_ring); }
  // The atlas quad of the last compose (visible only in LayerMode::atlas);
  // its kind is that of the panel kept at its solved place.
  const PanelPlacement& atlas_placement() const { return atlas_place_; }

  // Session lifecycle -> attention signals (see SessionAttention).
  void on_session_state(XrSessionState state, Instant at);
  XrSessionState session_state() const { return attention_.state(); }
  // The app called xrRequestExitSession: the STOPPING that follows is not
  // the runtime's (so not a sign the headset came off).
  void on_exit_requested() { attention_.on_exit_requested(); }

  // Writes up to `capacity` Timewall layers to `out` for the frame described by
  // `end_info`, within maxLayerCount; renders changed panels first, and samples
  // the head pose at end_info.displayTime. The layers stay valid until the
  // next compose().
  // An error means the binding can no longer draw; the caller submits the
  // app's layers alone from then on.
  Result<uint32_t> compose(const XrFrameEndInfo& end_info, Instant at,
                           const XrCompositionLayerBaseHeader** out, uint32_t capacity);
  const ComposeStats& last_stats() const { return stats_; }

  // The fallback for runtimes that penalise extra layers: instead of
  // compose(), draws the panels into the app's eye images (after the app drew
  // its scene, before it releases them), each scaled to the rectangle it
  // covers in that eye, blended over the scene. Costs a render per panel and
  // eye every frame (the images are new each frame). Returns the draws.
  Result<uint32_t> draw_into_views(XrTime display_time, XrEnvironmentBlendMode blend, Instant at,
                                   std::span<const EyeImage> eyes);

  // The host located VIEW in app_space() at `t` itself (the layer does, for
  // presence): the next compose() or draw_into_views() for the same `t`
  // uses `T_app_view` instead of locating it again (one IPC round trip less
  // per frame on Monado). `valid` false: the runtime gave no pose at `t`.
  void use_head(XrTime t, bool valid, const XrPosef& T_app_view) {
    given_head_t_ = t, given_head_valid_ = valid, given_head_ = T_app_view;
  }

  // After compose(): the wearer's answer this frame (card_answering.hpp), from
  // `input`'s hands and dismiss action (its head is ignored: the binding's
  // own, VIEW located in the app space at the frame's display time, is used),
  // against the panels as compose() showed them (in the atlas too, and
  // view-locked ones on this frame's head). A choice's Signal (app =
  // desc.app) goes to signals() and answer_signal(). The hovered button and
  // its dwell ring show from the next compose. Nothing before a layout is
  // solved. Allocation-free.
  const layout::AnswerFrame& answer(const layout::WearerInput& input, Instant at);
  // Whether a card with buttons is set to show (set_overlays): only then do
  // the hands' aims matter to answer(), so a host may skip locating them.
  bool takes_answers() const;
  // The Signal of the last answer()'s choice; false when it chose nothing.
  bool answer_signal(Signal& out) const;
  const layout::AnswerFrame& last_answer() const { return answering_.frame(); }

  // Signals gathered since the last drain (bounded; the oldest are dropped).
  std::span<const Signal> signals() const { return {signals_.data(), signal_count_}; }
  void clear_signals() { signal_count_ = 0; }

  uint32_t max_layer_count() const { return max_layers_; }
  XrSession session_handle() const { return desc_.session; }
  XrSpace view_space() const { return view_space_; }
  XrSpace app_space() const { return app_space_; }
  // Kept for the layer: the app space the binding created, when none was given.
  XrSpace local_space() const { return app_space_; }

 private:
  SessionBinding() = default;
  void push(const Signal& s);
  void sample_head(XrTime t, Instant at);
  void solve(XrTime t, Instant at);
  void prepare(XrTime t, XrEnvironmentBlendMode blend, Instant at);
  const PanelQuad& shown(uint32_t i) const { return presenter_->quads()[shown_[i]]; }
  Status draw_atlas(uint32_t count);
  uint32_t emit_separate(const XrCompositionLayerBaseHeader** out);
  uint32_t emit_atlas(const XrCompositionLayerBaseHeader** out);
  uint32_t emit_backdrop(const XrCompositionLayerBaseHeader** out, uint32_t room);
  void note_shown(bool atlas, bool on_head_now);

  SessionBindingDesc desc_{};
  VkContext vk_;
  std::optional<PanelSwapchains> swapchains_;  // the presenter's slot images
  PanelSwapchain atlas_;
  std::optional<Backdrop> backdrop_;
  bool backdrop_wanted_ = false;
  std::string backdrop_error_;
  std::optional<PanelPresenter> presenter_;  // destroyed before the swapchains' views
  std::array<PanelPlacement, kOverlayKindCount> places_{};
  Policy policy_;
  Interner apps_;
  Interner categories_;
  AppId own_app_ = kNoId;
  std::array<Overlay, layout::kMaxPanels> overlays_{};
  size_t overlay_count_ = 0;
  PanelText text_{};
  bool fast_motion_ = false;
  XrSpace view_space_ = XR_NULL_HANDLE;
  XrSpace app_space_ = XR_NULL_HANDLE;
  bool own_app_space_ = false;
  uint32_t max_layers_ = XR_MIN_COMPOSITION_LAYERS_SUPPORTED;
  SessionAttention attention_;
  std::optional<layout::Solver> solver_;
  layout::Layout layout_{};
  std::array<layout::Fov, 2> eye_fov_{};
  bool have_fov_ = false;
  bool placed_ = false;  // layout_ holds this frame's solve
  // This frame's shown panels (indices into the presenter's quads), in the
  // solver's order; by priority in atlas mode.
  std::array<uint32_t, kOverlayKindCount> shown_{};
  uint32_t shown_count_ = 0;
  // What the atlas image shows now (the kinds and contents, in order).
  std::array<PanelContent, kOverlayKindCount> atlas_content_{};
  uint32_t atlas_count_ = 0;
  AtlasPacking atlas_packing_{};
  PanelPlacement atlas_place_{};
  // What answer() hit-tests (layout/shown_layout.hpp): the panels the last
  // compose or draw_into_views showed, in atlas order when answer_atlas_;
  // view-locked ones rode on head_now_ (layers) or last_head_ (in views).
  std::array<layout::ShownPanel, kOverlayKindCount> answer_panels_{};
  uint32_t answer_panel_count_ = 0;
  bool answer_atlas_ = false;
  bool answer_on_head_now_ = true;
  layout::Layout answer_layout_{};
  std::array<XrCompositionLayerQuad, kOverlayKindCount> quads_{};
  std::array<XrCompositionLayerCylinderKHR, kOverlayKindCount> cylinders_{};
  ComposeStats stats_{};
  std::array<Signal, 64> signals_{};
  size_t signal_count_ = 0;
  bool have_head_ = false;
  XrPosef last_head_{};
  int64_t last_head_ns_ = 0;
  bool head_now_valid_ = false;  // head_now_: located at the last compose's display time
  XrPosef head_now_{};
  XrTime given_head_t_ = 0;  // use_head(): the host's pose for this display time
  bool given_head_valid_ = false;
  XrPosef given_head_{};
  layout::CardAnswering answering_;
  Signal answer_{};
  bool answered_ = false;
};

}  // namespace tw::xr
