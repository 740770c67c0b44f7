// panel_set.cpp
#include "panel_set.hpp"

#include <imgui.h>

#include <utility>

#include "render/vk_util.hpp"

namespace tw::sim {

Result<std::unique_ptr<PanelSet>> PanelSet::create(const DesktopWindow& window) {
  RendererDesc desc{};
  desc.instance = window.instance();
  desc.physical_device = window.physical_device();
  desc.device = window.device();
  desc.queue_family = window.queue_family();
  desc.queue = window.queue();
  desc.max_slots = static_cast<uint32_t>(kSlots);
  ImGuiContext* ui = ImGui::GetCurrentContext();
  auto r = PanelRenderer::create(desc);
  ImGui::SetCurrentContext(ui);
  if (!r) return r.error();
  std::unique_ptr<PanelSet> holder(new PanelSet(std::move(r.value()), window.device()));
  PanelSet& set = *holder;
  for (size_t slot = 0; slot < kSlots; ++slot) {
    const PanelExtentPx px = panel_extent_px(static_cast<OverlayKind>(slot / 2), slot % 2 == 1);
    auto img = OffscreenImage::create(window.physical_device(), window.device(), px.width, px.height);
    if (!img) return img.error();
    set.images_[slot] = std::move(img.value());
    VkSemaphoreCreateInfo sci{};
    sci.sType = VK_STRUCTURE_TYPE_SEMAPHORE_CREATE_INFO;
    if (VkResult vr = vkCreateSemaphore(window.device(), &sci, nullptr, &set.semaphores_[slot]); vr != VK_SUCCESS)
      return vk_error("vkCreateSemaphore", vr);
  }
  return holder;
}

PanelSet::~PanelSet() {
  if (!dev_) return;
  (void)renderer_.wait_idle();
  for (const OffscreenImage& img : images_)
    if (img.view()) (void)renderer_.forget_view(img.view());
  vkDeviceWaitIdle(dev_);
  for (VkSemaphore s : semaphores_)
    if (s) vkDestroySemaphore(dev_, s, nullptr);
}

Status PanelSet::update(const layout::Layout& layout, std::span<const Overlay> overlays, const Policy& policy,
                        const Interner& apps, const Interner& categories, Theme theme) {
  ImGuiContext* ui = ImGui::GetCurrentContext();
  Status result;
  for (const layout::PlacedPanel& p : layout.panels()) {
    if (!p.visible() || p.overlay_index >= overlays.size()) continue;
    const bool collapsed = p.visibility == layout::Visibility::collapsed;
    const size_t k = static_cast<size_t>(p.kind) * 2 + (collapsed ? 1 : 0);
    PanelContent content = make_panel_content(overlays[p.overlay_index], policy, apps, categories, theme);
    content.collapsed = collapsed;
    // A semaphore already signalled this frame must be waited before reuse.
    if (renderer_.is_current(static_cast<uint32_t>(k), content)) continue;
    bool pending = false;
    for (size_t i = 0; i < pending_count_; ++i) pending |= pending_[i] == semaphores_[k];
    if (pending) continue;
    PanelTarget t = images_[k].target(VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL);
    t.signal = semaphores_[k];
    auto drawn = renderer_.update(static_cast<uint32_t>(k), content, t);
    if (!drawn) {
      result = drawn.error();
      break;
    }
    if (drawn.value()) {
      ready_[k] = true;
      pending_[pending_count_++] = semaphores_[k];
    }
  }
  ImGui::SetCurrentContext(ui);
  return result;
}

std::span<const CompositeQuad> PanelSet::quads(const layout::Layout& layout, const layout::Pose& T_world_head,
                                               const glm::mat4& clip_from_view) {
  const layout::Pose T_head_world = T_world_head.inverse();
  size_t n = 0;
  for (const layout::PlacedPanel& p : layout.panels()) {
    const size_t k = static_cast<size_t>(p.kind) * 2 + (p.visibility == layout::Visibility::collapsed ? 1 : 0);
    if (!p.visible() || !ready_[k]) continue;
    const layout::Pose T_view_panel = p.view_space ? p.pose : T_head_world * p.T_space_panel;
    quads_[n++] = posed_quad(images_[k].view(), clip_from_view, T_view_panel, p.size_m);
  }
  return {quads_.data(), n};
}

}  // namespace tw::sim
