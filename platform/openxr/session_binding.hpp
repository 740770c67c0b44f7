// session_binding.hpp: Timewall on one OpenXR session (explicit or via the layer).
//
// What it does: given an app's XrInstance, XrSession, system and Vulkan
// binding (XR_KHR_vulkan_enable2 or _enable: the same struct), it owns one
// PanelSwapchain per panel plus a VIEW and a LOCAL reference space, and each
// frame:
//   - re-draws a panel only when what it displays changed (else the runtime
//     keeps compositing the last released image: no acquire, no GPU work);
//   - returns the composition layers (XrCompositionLayerQuad) to append to
//     xrEndFrame, keeping to maxLayerCount alongside the app's own layers;
//   - turns session state changes and the head pose (VIEW located in LOCAL)
//     into tw::Signals for the core.
// Panels are drawn by sdk/render's PanelRenderer (Dear ImGui + SDF) on the
// app's VkDevice and queue. Picks the additive theme when the frame's blend
// mode is ADDITIVE, the plated one otherwise.
// What it does not do: call xrBeginFrame/xrEndFrame (the app does), read a
// clock (Instants come in), or decide what to show (set_ring()).
//
//   auto b = tw::xr::SessionBinding::create({.xr = d, .instance = i, .system = s,
//                                            .session = sess, .vulkan = vk_binding});
//   b->on_session_state(XR_SESSION_STATE_FOCUSED, clock.now());
//   uint32_t n = b->compose(frame_end_info, clock.now(), extra, 4);   // append extra[0..n)
#pragma once

#include <array>
#include <memory>
#include <optional>
#include <span>

#include "core/policy.hpp"
#include "core/signals.hpp"
#include "layout/solver.hpp"
#include "openxr/panel_swapchain.hpp"
#include "render/panel_content.hpp"

namespace tw::xr {

struct SessionBindingDesc {
  XrDispatch xr;
  XrInstance instance = XR_NULL_HANDLE;
  XrSystemId system = XR_NULL_SYSTEM_ID;
  XrSession session = XR_NULL_HANDLE;
  XrGraphicsBindingVulkanKHR vulkan{XR_TYPE_GRAPHICS_BINDING_VULKAN_KHR};
  AppId app = kNoId;           // the caller's id for this app, put in signals
  std::string_view app_name;   // its ledger id, e.g. "openxr.helloxr"
  const char* font_path = nullptr;  // nullptr: the renderer's default (DejaVu Sans)
  XrViewConfigurationType view_config = XR_VIEW_CONFIGURATION_TYPE_PRIMARY_STEREO;
};

// Where a panel is (T_view_panel when view_space, else T_local_panel), and
// how large; from the sdk/layout solver once it has the eyes' FOVs.
struct PanelPlacement {
  bool view_space = true;
  XrPosef pose{{0, 0, 0, 1}, {0.16f, -0.10f, -1.0f}};
  XrExtent2Df size_m{0.12f, 0.12f};
  bool visible = true;
};

struct ComposeStats {
  uint32_t app_layers = 0;
  uint32_t timewall_layers = 0;
  uint32_t renders = 0;  // panel images written this frame
};

class SessionBinding {
 public:
  static Result<std::unique_ptr<SessionBinding>> create(const SessionBindingDesc& desc);
  ~SessionBinding();
  SessionBinding(const SessionBinding&) = delete;
  SessionBinding& operator=(const SessionBinding&) = delete;

  // What the ring shows; the panel is re-drawn at the next compose only when
  // what it displays (tw::PanelContent) changed.
  void set_ring(const Overlay& ring) { ring_overlay_ = ring; }
  const PanelPlacement& ring_placement() const { return ring_place_; }

  // Session lifecycle -> attention signals (focus, blur, not worn on loss).
  void on_session_state(XrSessionState state, Instant at);
  XrSessionState session_state() const { return state_; }

  // Writes up to `capacity` Timewall layers to `out` for the frame described by
  // `end_info`, within maxLayerCount; renders changed panels first, and samples
  // the head pose at end_info.displayTime.
  // An error means the binding can no longer draw; the caller submits the
  // app's layers alone from then on.
  Result<uint32_t> compose(const XrFrameEndInfo& end_info, Instant at,
                           const XrCompositionLayerBaseHeader** out, uint32_t capacity);
  const ComposeStats& last_stats() const { return stats_; }

  // Signals gathered since the last drain (bounded; the oldest are dropped).
  std::span<const Signal> signals() const { return {signals_.data(), signal_count_}; }
  void clear_signals() { signal_count_ = 0; }

  uint32_t max_layer_count() const { return max_layers_; }
  XrSession session_handle() const { return desc_.session; }
  XrSpace view_space() const { return view_space_; }
  XrSpace local_space() const { return local_space_; }

 private:
  SessionBinding() = default;
  void push(const Signal& s);
  void sample_head(XrTime t, Instant at);
  void place(XrTime t, Instant at);

  SessionBindingDesc desc_{};
  VkContext vk_;
  PanelSwapchain ring_;
  std::optional<PanelRenderer> renderer_;  // destroyed before ring_'s views
  Policy policy_;
  Interner apps_;
  Interner categories_;
  Overlay ring_overlay_{};
  XrSpace view_space_ = XR_NULL_HANDLE;
  XrSpace local_space_ = XR_NULL_HANDLE;
  uint32_t max_layers_ = XR_MIN_COMPOSITION_LAYERS_SUPPORTED;
  XrSessionState state_ = XR_SESSION_STATE_UNKNOWN;
  PanelPlacement ring_place_{};
  std::optional<layout::Solver> solver_;
  layout::Layout layout_{};
  std::array<layout::Fov, 2> eye_fov_{};
  bool have_fov_ = false;
  XrCompositionLayerQuad ring_quad_{XR_TYPE_COMPOSITION_LAYER_QUAD};
  ComposeStats stats_{};
  std::array<Signal, 64> signals_{};
  size_t signal_count_ = 0;
  bool have_head_ = false;
  XrPosef last_head_{};
  int64_t last_head_ns_ = 0;
};

}  // namespace tw::xr
