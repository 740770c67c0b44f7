// panel_presenter.hpp: the one presentation loop for Timewall's panels:
// solved placements in, changed panels rendered into their slots, a quad
// list out.
//
// What it does: for each visible placed panel (sdk/layout) it builds the
// PanelContent, gives it a slot (slot = kind * kSlotsPerKind + the n-th
// panel of that kind this frame; the same scheme for every target), renders
// it through its PanelRenderer only when the slot does not already show
// exactly that content, and returns one PanelQuad per shown panel: pose and
// size (in view or reference space, as solved), slot, the pixels it fills
// and, for the presenter's own images, the image view to sample. Each target
// turns the quads into its own output: an XrCompositionLayerQuad per slot
// swapchain (platform/openxr), a composited PNG (platform/headless), a
// window frame (the desktop simulator). Slot images are either the
// presenter's own (one offscreen image per slot and form, made the first
// time that form shows) or the target's (PanelImages: XR swapchains). A
// frame whose panels did not change renders, submits and allocates nothing.
// What it does not do: solve placement, composite or present, or create a
// device (RendererDesc is the host's; VkDeviceSetup makes one for tests).
//
//   auto p = tw::PanelPresenter::create({.renderer = vk.renderer_desc()});
//   auto quads = p->present({.layout = &layout, .overlays = out.overlays, .policy = &policy,
//                            .apps = &apps, .categories = &categories, .theme = tw::Theme::additive});
//   for (const tw::PanelQuad& q : quads.value()) if (q.has_image) draw(q.view, q.pose, q.size_m);
#pragma once

#include <vulkan/vulkan.h>

#include <cstdint>
#include <memory>
#include <span>

#include <glm/vec2.hpp>

#include "core/interner.hpp"
#include "core/overlay.hpp"
#include "core/policy.hpp"
#include "core/result.hpp"
#include "layout/card_buttons.hpp"
#include "layout/placement.hpp"
#include "render/panel_content.hpp"
#include "render/panel_renderer.hpp"

namespace tw {

// Slot images a target owns (e.g. one XrSwapchain per slot). Both calls
// come from the presenter's thread, one slot at a time.
class PanelImages {
 public:
  virtual ~PanelImages() = default;
  // An image of `slot` to render a panel of `form` into now, at its top-left
  // corner (e.g. an acquired swapchain image).
  virtual Result<PanelTarget> acquire(uint32_t slot, PanelExtentPx form) = 0;
  // The render into the image acquire() gave has been submitted (or failed).
  virtual Status release(uint32_t slot) = 0;
};

struct PresenterDesc {
  RendererDesc renderer;             // the device, font; max_slots is the presenter's
  PanelImages* images = nullptr;     // null: the presenter's own offscreen images
  uint32_t max_per_kind = 0;         // panels of one kind shown at once; 0 = kSlotsPerKind
  // Own images only: each render signals the slot's semaphore (rendered());
  // without it the caller waits with wait_idle() before sampling.
  bool signal = false;
};

// One shown panel, in the solver's order.
struct PanelQuad {
  uint32_t slot = 0;
  uint32_t overlay_index = 0;  // into PresentInput::overlays
  OverlayKind kind = OverlayKind::budget_ring;
  bool collapsed = false;
  bool view_space = false;     // pose is T_view_panel; else T_space_panel
  bool rendered = false;       // rendered by this frame
  bool has_image = false;      // its slot image holds this panel (now or, if not yet re-rendered, before)
  layout::Pose pose;
  glm::vec2 size_m{0.f, 0.f};
  float distance_m = 0.f;
  PanelExtentPx extent;        // the pixels it fills, from the image's top-left corner
  VkImageView view = VK_NULL_HANDLE;  // own images: the one to sample (SHADER_READ_ONLY_OPTIMAL)
};

struct PresentInput {
  const layout::Layout* layout = nullptr;  // required
  std::span<const Overlay> overlays;       // what layout was solved for
  const Policy* policy = nullptr;          // required: the texts panels show
  const Interner* apps = nullptr;          // required
  const Interner* categories = nullptr;    // required
  Theme theme = Theme::additive;
  // The button the wearer hovers (layout::CardAnswering's AnswerFrame): on
  // the panel of overlay hover_overlay (-1: none), hover_button, with its
  // dwell ring at hover_progress (0..1, shown in kDwellSteps steps).
  int32_t hover_overlay = -1;
  layout::CardButton hover_button = layout::CardButton::dismiss;
  float hover_progress = 0.f;
  // What notifications' cards say (a nudge with tw::is_notify_nudge): the
  // one whose id matches its nudge; a card with none says "<app> has a message".
  std::span<const NotificationText> notifications{};
};

struct PresenterStats {
  uint64_t frames = 0;     // prepare() calls
  uint64_t renders = 0;    // panels rendered into their slots
  uint64_t unchanged = 0;  // shown panels whose slot already showed their content
};

class PanelPresenter {
 public:
  static constexpr uint32_t kSlotsPerKind = 2;
  static constexpr uint32_t kSlots = kOverlayKindCount * kSlotsPerKind;
  static constexpr OverlayKind kind_of_slot(uint32_t slot) noexcept {
    return static_cast<OverlayKind>(slot / kSlotsPerKind);
  }

  static Result<PanelPresenter> create(const PresenterDesc& desc);

  PanelPresenter(PanelPresenter&&) noexcept;
  PanelPresenter& operator=(PanelPresenter&&) noexcept;
  PanelPresenter(const PanelPresenter&) = delete;
  PanelPresenter& operator=(const PanelPresenter&) = delete;
  ~PanelPresenter();  // waits for its renders; destroys its own images

  // This frame's quads and contents; renders nothing (a target that shows
  // the panels some other way, e.g. an XR atlas, stops here).
  std::span<const PanelQuad> prepare(const PresentInput& in);
  // Renders the prepared panels whose slot does not show their content.
  // Restores the caller's ImGui context (the renderer has its own).
  Status render_changed();
  // prepare() then render_changed().
  Result<std::span<const PanelQuad>> present(const PresentInput& in);

  std::span<const PanelQuad> quads() const noexcept;
  const PanelContent& content(size_t quad_index) const noexcept;

  // With desc.signal: semaphores signalled by renders since clear_rendered();
  // the next submission that samples the images must wait on all of them. A
  // slot whose semaphore is still unwaited is not re-rendered until then.
  std::span<const VkSemaphore> rendered() const noexcept;
  void clear_rendered() noexcept;

  // For renders outside the slots (an XR atlas, panels drawn into eye
  // images): use a slot >= kSlots, which the renderer does not track.
  PanelRenderer& renderer() noexcept;
  Status wait_idle();
  const PresenterStats& stats() const noexcept;

 private:
  struct Impl;
  explicit PanelPresenter(std::unique_ptr<Impl> impl) noexcept;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tw
