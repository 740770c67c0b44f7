// panel_set.hpp: one panel image per overlay kind, re-rendered only on change,
// and the quads that put the visible ones at their solved poses.
//
// What it does: owns a PanelRenderer on the window's device and an
// OffscreenImage (plus a semaphore) per overlay kind and form (full or the
// solver's collapsed form). update() turns each
// visible placed panel into its PanelContent and lets the renderer draw it
// only when that content changed; the semaphores of panels drawn this frame
// are handed to the frame so it waits for them. quads() projects each
// visible panel through the eye's clip_from_view with the same quad math as
// an OpenXR quad layer (tw::posed_quad).
// What it does not do: place panels (sdk/layout) or decide them (the core).
//
//   auto panels = tw::sim::PanelSet::create(window);
//   panels->update(layout, overlays, policy, apps, categories, tw::Theme::additive);
//   auto quads = panels->quads(layout, T_head_world, clip_from_view);
#pragma once

#include <vulkan/vulkan.h>

#include <array>
#include <memory>
#include <span>

#include <glm/mat4x4.hpp>

#include "core/interner.hpp"
#include "core/overlay.hpp"
#include "core/policy.hpp"
#include "desktop/desktop_window.hpp"
#include "headless/compositor.hpp"
#include "layout/placement.hpp"
#include "render/offscreen_image.hpp"
#include "render/panel_content.hpp"
#include "render/panel_renderer.hpp"

namespace tw::sim {

class PanelSet {
 public:
  static Result<std::unique_ptr<PanelSet>> create(const DesktopWindow& window);

  PanelSet(const PanelSet&) = delete;
  PanelSet& operator=(const PanelSet&) = delete;
  ~PanelSet();

  // Renders the visible panels whose content changed. Restores the caller's
  // ImGui context (the renderer has its own).
  Status update(const layout::Layout& layout, std::span<const Overlay> overlays, const Policy& policy,
                const Interner& apps, const Interner& categories, Theme theme);
  // Semaphores signalled by this frame's renders; the frame must wait on all.
  std::span<const VkSemaphore> rendered() const noexcept { return {pending_.data(), pending_count_}; }
  void clear_rendered() noexcept { pending_count_ = 0; }

  // Quads of the visible panels, in the view whose head pose is T_world_head.
  std::span<const CompositeQuad> quads(const layout::Layout& layout, const layout::Pose& T_world_head,
                                       const glm::mat4& clip_from_view);

  const RenderStats& stats() const noexcept { return renderer_.stats(); }

 private:
  PanelSet(PanelRenderer r, VkDevice dev) : renderer_(std::move(r)), dev_(dev) {}
  PanelRenderer renderer_;
  VkDevice dev_ = VK_NULL_HANDLE;
  // One slot per overlay kind and form: slot = kind * 2 + collapsed.
  static constexpr size_t kSlots = 2 * kOverlayKindCount;
  std::array<OffscreenImage, kSlots> images_{};
  std::array<VkSemaphore, kSlots> semaphores_{};
  std::array<bool, kSlots> ready_{};  // rendered at least once
  std::array<VkSemaphore, kSlots> pending_{};
  size_t pending_count_ = 0;
  std::array<CompositeQuad, layout::kMaxPanels> quads_{};
};

}  // namespace tw::sim
