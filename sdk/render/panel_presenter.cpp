// panel_presenter.cpp
#include "render/panel_presenter.hpp"

#include <algorithm>
#include <cmath>

#include <imgui.h>

#include <array>
#include <optional>
#include <utility>

#include "render/offscreen_image.hpp"
#include "render/vk_util.hpp"

namespace tw {

namespace {
constexpr size_t kSlots = PanelPresenter::kSlots;

// The caller's ImGui context is current again when this goes out of scope.
struct KeepImGuiContext {
  ImGuiContext* saved = ImGui::GetCurrentContext();
  ~KeepImGuiContext() { ImGui::SetCurrentContext(saved); }
};
}  // namespace

struct PanelPresenter::Impl {
  PresenterDesc desc;
  std::optional<PanelRenderer> renderer;
  // Own images: [slot][collapsed], made the first time that form shows.
  std::array<std::array<OffscreenImage, 2>, kSlots> images{};
  std::array<VkSemaphore, kSlots> semaphores{};
  std::array<bool, kSlots> pending{};  // signalled, not yet waited by the caller
  std::array<VkSemaphore, kSlots> signalled{};
  size_t signalled_count = 0;
  // Whether [slot][collapsed] holds a render (what it shows: the renderer knows).
  std::array<std::array<bool, 2>, kSlots> ready{};
  std::array<PanelQuad, layout::kMaxPanels> quads{};
  std::array<PanelContent, layout::kMaxPanels> contents{};
  size_t count = 0;
  PresenterStats stats;

  ~Impl() {
    if (!renderer) return;
    (void)renderer->wait_idle();  // teardown: nothing left to report to
    for (auto& forms : images)
      for (OffscreenImage& img : forms)
        if (img.view()) (void)renderer->forget_view(img.view());
    const VkDevice dev = desc.renderer.device;
    vkDeviceWaitIdle(dev);  // the caller's submissions may still wait on a semaphore
    for (VkSemaphore s : semaphores)
      if (s) vkDestroySemaphore(dev, s, nullptr);
  }

  Status init() {
    if (desc.max_per_kind == 0 || desc.max_per_kind > kSlotsPerKind) desc.max_per_kind = kSlotsPerKind;
    if (desc.images && desc.signal)
      return Error{Errc::invalid_argument, "PanelPresenter: semaphores are for its own images only"};
    RendererDesc rd = desc.renderer;
    rd.max_slots = static_cast<uint32_t>(kSlots);
    KeepImGuiContext keep;
    auto r = PanelRenderer::create(rd);
    if (!r) return r.error();
    renderer.emplace(std::move(r.value()));
    if (!desc.signal) return {};
    for (VkSemaphore& s : semaphores) {
      VkSemaphoreCreateInfo sci{};
      sci.sType = VK_STRUCTURE_TYPE_SEMAPHORE_CREATE_INFO;
      if (VkResult vr = vkCreateSemaphore(rd.device, &sci, nullptr, &s); vr != VK_SUCCESS)
        return vk_error("vkCreateSemaphore", vr);
    }
    return {};
  }

  void prepare(const PresentInput& in) {
    ++stats.frames;
    count = 0;
    if (!in.layout || !in.policy || !in.apps || !in.categories) return;
    std::array<uint32_t, kOverlayKindCount> used{};
    for (const layout::PlacedPanel& p : in.layout->panels()) {
      if (!p.visible() || p.overlay_index >= in.overlays.size()) continue;
      uint32_t& nth = used[static_cast<size_t>(p.kind)];
      if (nth >= desc.max_per_kind) continue;
      const uint32_t slot = static_cast<uint32_t>(p.kind) * kSlotsPerKind + nth++;
      const bool collapsed = p.visibility == layout::Visibility::collapsed;
      PanelContent& c = contents[count];
      c = make_panel_content(in.overlays[p.overlay_index], *in.policy, *in.apps, *in.categories, in.theme);
      c.collapsed = collapsed;
      if (const Overlay& o = in.overlays[p.overlay_index]; o.kind == OverlayKind::nudge && is_notify_nudge(o.nudge_id))
        for (const NotificationText& n : in.notifications)
          if (n.id == notify_id_of(o.nudge_id)) set_notification(c, n);
      if (in.hover_overlay == static_cast<int32_t>(p.overlay_index)) {
        const auto slots = layout::card_buttons(p.kind, collapsed, c.actions);
        for (size_t b = 0; b < slots.size(); ++b)
          if (slots[b].button == in.hover_button) c.hovered = static_cast<int8_t>(b);
        const float f = std::clamp(in.hover_progress, 0.f, 1.f);
        if (c.hovered >= 0) c.dwell_steps = static_cast<int8_t>(std::lround(f * static_cast<float>(kDwellSteps)));
      }
      PanelQuad& q = quads[count++];
      q.slot = slot;
      q.overlay_index = p.overlay_index;
      q.kind = p.kind;
      q.collapsed = collapsed;
      q.view_space = p.view_space;
      q.rendered = false;
      q.has_image = ready[slot][collapsed];
      q.pose = p.pose;
      q.size_m = p.size_m;
      q.distance_m = p.distance_m;
      q.extent = panel_extent_px(p.kind, collapsed);
      q.view = desc.images ? VK_NULL_HANDLE : images[slot][collapsed].view();
    }
  }

  Result<PanelTarget> acquire(PanelQuad& q) {
    if (desc.images) return desc.images->acquire(q.slot, q.extent);
    OffscreenImage& img = images[q.slot][q.collapsed];
    if (!img.image()) {
      auto made = OffscreenImage::create(desc.renderer.physical_device, desc.renderer.device, q.extent.width,
                                         q.extent.height);
      if (!made) return made.error();
      img = std::move(made.value());
      q.view = img.view();
    }
    PanelTarget t = img.target(VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL);
    if (desc.signal) t.signal = semaphores[q.slot];
    return t;
  }

  Status render_changed() {
    KeepImGuiContext keep;
    for (size_t i = 0; i < count; ++i) {
      PanelQuad& q = quads[i];
      if (q.has_image && renderer->is_current(q.slot, contents[i])) {
        ++stats.unchanged;
        continue;
      }
      if (pending[q.slot]) continue;  // shown as it was until the caller waits
      auto target = acquire(q);
      if (!target) return target.error();
      const Status drawn = renderer->render(q.slot, contents[i], target.value());
      const Status released = desc.images ? desc.images->release(q.slot) : Status{};
      if (!drawn) return drawn;
      if (!released) return released;
      ready[q.slot][q.collapsed] = true;
      q.has_image = q.rendered = true;
      ++stats.renders;
      if (desc.signal) {
        pending[q.slot] = true;
        signalled[signalled_count++] = semaphores[q.slot];
      }
    }
    return {};
  }
};

PanelPresenter::PanelPresenter(std::unique_ptr<Impl> impl) noexcept : impl_(std::move(impl)) {}
PanelPresenter::PanelPresenter(PanelPresenter&&) noexcept = default;
PanelPresenter& PanelPresenter::operator=(PanelPresenter&&) noexcept = default;
PanelPresenter::~PanelPresenter() = default;

Result<PanelPresenter> PanelPresenter::create(const PresenterDesc& desc) {
  auto impl = std::make_unique<Impl>();
  impl->desc = desc;
  if (Status s = impl->init(); !s) return s.error();
  return PanelPresenter(std::move(impl));
}

std::span<const PanelQuad> PanelPresenter::prepare(const PresentInput& in) {
  impl_->prepare(in);
  return quads();
}

Status PanelPresenter::render_changed() { return impl_->render_changed(); }

Result<std::span<const PanelQuad>> PanelPresenter::present(const PresentInput& in) {
  impl_->prepare(in);
  if (Status s = impl_->render_changed(); !s) return s.error();
  return quads();
}

std::span<const PanelQuad> PanelPresenter::quads() const noexcept { return {impl_->quads.data(), impl_->count}; }
const PanelContent& PanelPresenter::content(size_t quad_index) const noexcept { return impl_->contents[quad_index]; }

std::span<const VkSemaphore> PanelPresenter::rendered() const noexcept {
  return {impl_->signalled.data(), impl_->signalled_count};
}

void PanelPresenter::clear_rendered() noexcept {
  impl_->signalled_count = 0;
  impl_->pending = {};
}

PanelRenderer& PanelPresenter::renderer() noexcept { return *impl_->renderer; }
Status PanelPresenter::wait_idle() { return impl_->renderer->wait_idle(); }
const PresenterStats& PanelPresenter::stats() const noexcept { return impl_->stats; }

}  // namespace tw
