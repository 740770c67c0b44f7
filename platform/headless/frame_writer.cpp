// frame_writer.cpp
#include "headless/frame_writer.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <system_error>
#include <utility>
#include <vector>

#include "headless/headless_vulkan.hpp"
#include "headless/png.hpp"
#include "layout/solver.hpp"
#include "render/offscreen_image.hpp"
#include "render/panel_renderer.hpp"

namespace tw {

namespace {
// Two panels of one kind at most per frame get their own images.
constexpr uint32_t kPerKind = 2;

// The pixels a quad can touch: the rasterizer only covers pixels whose
// centres are inside it, so floor/ceil of its corners bound them. A quad
// reaching behind the eye gets the whole frame (it is clipped, not bounded).
void pixel_box(const CompositeQuad& q, uint32_t width, uint32_t height, FramePanel& out) {
  float x_lo = INFINITY, y_lo = INFINITY, x_hi = -INFINITY, y_hi = -INFINITY;
  for (const glm::vec4& c : q.clip) {
    if (!(c.w > 1e-6f)) {
      out.x0 = out.y0 = 0;
      out.x1 = static_cast<int32_t>(width);
      out.y1 = static_cast<int32_t>(height);
      return;
    }
    const float x = (c.x / c.w + 1.f) * 0.5f * static_cast<float>(width);
    const float y = (c.y / c.w + 1.f) * 0.5f * static_cast<float>(height);
    x_lo = std::min(x_lo, x), x_hi = std::max(x_hi, x);
    y_lo = std::min(y_lo, y), y_hi = std::max(y_hi, y);
  }
  auto clamp_to = [](float v, uint32_t n) {
    return static_cast<int32_t>(std::clamp(v, 0.f, static_cast<float>(n)));
  };
  out.x0 = clamp_to(std::floor(x_lo), width);
  out.y0 = clamp_to(std::floor(y_lo), height);
  out.x1 = clamp_to(std::ceil(x_hi), width);
  out.y1 = clamp_to(std::ceil(y_hi), height);
}

// DIR/name with anything but [A-Za-z0-9_-] replaced by '-'.
std::string frame_path(const std::string& dir, std::string_view stem) {
  std::string name;
  for (char ch : stem) {
    const bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-' ||
                    ch == '_';
    name += ok ? ch : '-';
  }
  return (std::filesystem::path(dir) / (name + ".png")).string();
}
}  // namespace

struct FrameWriter::Impl {
  FrameWriterDesc desc;
  std::optional<HeadlessVulkan> vk;
  std::optional<PanelRenderer> renderer;
  std::optional<Compositor> compositor;
  std::optional<layout::Solver> solver;
  std::array<OffscreenImage, kOverlayKindCount * kPerKind> images{};
  layout::Layout placed;
  std::array<FramePanel, layout::kMaxPanels> panels{};
  size_t panel_count = 0;
  FrameStats stats;

  ~Impl() {
    if (!renderer) return;
    for (const OffscreenImage& img : images) {
      if (img.view()) (void)renderer->forget_view(img.view());  // before the views go
    }
  }

  Status init() {
    if (desc.dir.empty()) return Error{Errc::invalid_argument, "FrameWriter needs an output directory"};
    std::error_code ec;
    std::filesystem::create_directories(desc.dir, ec);
    if (ec) return Error{Errc::io, "cannot create frame directory " + desc.dir + ": " + ec.message()};
    if (desc.width == 0) desc.width = 1280;
    if (desc.height == 0) desc.height = 1000;
    if (desc.fov_width_deg <= 0.f) desc.fov_width_deg = 46.f;
    if (desc.fov_height_deg <= 0.f) desc.fov_height_deg = 36.f;
    auto v = HeadlessVulkan::create({});
    if (!v) return v.error();
    vk.emplace(std::move(v.value()));
    auto r = PanelRenderer::create(vk->renderer_desc());
    if (!r) return r.error();
    renderer.emplace(std::move(r.value()));
    CompositorDesc cd;
    cd.width = desc.width;
    cd.height = desc.height;
    cd.blend = desc.blend;
    cd.scene = !desc.plain_background;
    auto c = Compositor::create(*vk, cd);
    if (!c) return c.error();
    compositor.emplace(std::move(c.value()));
    auto s = layout::Solver::create({});
    if (!s) return s.error();
    solver.emplace(std::move(s.value()));
    return {};
  }

  Result<std::string> write(std::span<const Overlay> overlays, const Policy& policy, const Interner& apps,
                            const Interner& categories, Instant now, std::string_view label) {
    const layout::Fov fov = layout::symmetric_fov(desc.fov_width_deg, desc.fov_height_deg);
    layout::Pose T_space_head;
    T_space_head.position = {0.f, 1.6f, 0.f};
    layout::SolveInput in;
    in.overlays = overlays;
    in.T_space_head = T_space_head;
    in.eye_fov = {fov, fov};
    in.now = now;
    if (Status s = solver->solve(in, placed); !s) return s.error();

    // The left eye, 32 mm left of the centre eye.
    layout::Pose T_head_eye;
    T_head_eye.position = {-0.032f, 0.f, 0.f};
    const layout::Pose T_eye_space = (T_space_head * T_head_eye).inverse();
    const layout::Pose T_eye_head = T_head_eye.inverse();
    const glm::mat4 clip_from_eye = projection_for(fov);

    struct Item {
      float distance_m;
      CompositeQuad quad;
      FramePanel panel;
    };
    std::array<Item, layout::kMaxPanels> items{};
    size_t count = 0;
    std::array<uint32_t, kOverlayKindCount> used{};
    for (const layout::PlacedPanel& p : placed.panels()) {
      if (!p.visible() || p.overlay_index >= overlays.size()) continue;
      const auto kind_index = static_cast<uint32_t>(p.kind);
      if (used[kind_index] >= kPerKind) continue;
      const uint32_t slot = kind_index * kPerKind + used[kind_index]++;
      const bool collapsed = p.visibility == layout::Visibility::collapsed;
      const PanelExtentPx ext = panel_extent_px(p.kind, collapsed);
      OffscreenImage& img = images[slot];
      if (img.image() && (img.width() != ext.width || img.height() != ext.height)) {
        if (Status s = renderer->forget_view(img.view()); !s) return s.error();
        renderer->invalidate(slot);
        img = OffscreenImage{};
      }
      if (!img.image()) {
        auto made = OffscreenImage::create(vk->physical_device(), vk->device(), ext.width, ext.height);
        if (!made) return made.error();
        img = std::move(made.value());
      }
      PanelContent content = make_panel_content(overlays[p.overlay_index], policy, apps, categories, desc.theme);
      content.collapsed = collapsed;
      auto drawn = renderer->update(slot, content, img.target(VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL));
      if (!drawn) return drawn.error();
      if (drawn.value()) ++stats.panel_renders;
      // The texture keeps its aspect inside the solved quad (letterboxed).
      const float aspect = static_cast<float>(ext.width) / static_cast<float>(ext.height);
      glm::vec2 size = p.size_m;
      if (size.x / size.y > aspect) size.x = size.y * aspect;
      else size.y = size.x / aspect;
      const layout::Pose T_eye_panel = p.view_space ? T_eye_head * p.pose : T_eye_space * p.T_space_panel;
      Item& item = items[count++];
      item.distance_m = glm::length(T_eye_panel.position);
      item.quad = posed_quad(img.view(), clip_from_eye, T_eye_panel, size);
      item.panel = {p.kind, p.overlay_index, collapsed, 0, 0, 0, 0};
      pixel_box(item.quad, desc.width, desc.height, item.panel);
    }
    std::sort(items.begin(), items.begin() + static_cast<std::ptrdiff_t>(count),
              [](const Item& a, const Item& b) { return a.distance_m > b.distance_m; });
    std::array<CompositeQuad, layout::kMaxPanels> quads{};
    for (size_t i = 0; i < count; ++i) {
      quads[i] = items[i].quad;
      panels[i] = items[i].panel;
    }
    panel_count = 0;  // until the frame is written
    if (Status s = renderer->wait_idle(); !s) return s.error();
    auto rgba = compositor->compose(std::span<const CompositeQuad>(quads.data(), count));
    if (!rgba) return rgba.error();

    char prefix[16];
    std::snprintf(prefix, sizeof prefix, "%04llu-", static_cast<unsigned long long>(stats.frames));
    const std::string path = frame_path(desc.dir, std::string(prefix) + std::string(label));
    if (Status s = write_png(path, rgba.value()); !s) return s.error();
    ++stats.frames;
    stats.panels_drawn += count;
    panel_count = count;
    return path;
  }

  Result<std::string> write_background(std::string_view name) {
    auto rgba = compositor->compose({});
    if (!rgba) return rgba.error();
    const std::string path = frame_path(desc.dir, name);
    if (Status s = write_png(path, rgba.value()); !s) return s.error();
    return path;
  }
};

FrameWriter::FrameWriter(std::unique_ptr<Impl> impl) noexcept : impl_(std::move(impl)) {}
FrameWriter::FrameWriter(FrameWriter&&) noexcept = default;
FrameWriter& FrameWriter::operator=(FrameWriter&&) noexcept = default;
FrameWriter::~FrameWriter() = default;

Result<FrameWriter> FrameWriter::create(const FrameWriterDesc& desc) {
  auto impl = std::make_unique<Impl>();
  impl->desc = desc;
  if (Status s = impl->init(); !s) return s.error();
  return FrameWriter(std::move(impl));
}

Result<std::string> FrameWriter::write(std::span<const Overlay> overlays, const Policy& policy, const Interner& apps,
                                       const Interner& categories, Instant now, std::string_view label) {
  return impl_->write(overlays, policy, apps, categories, now, label);
}

std::span<const FramePanel> FrameWriter::last_panels() const noexcept {
  return {impl_->panels.data(), impl_->panel_count};
}

Result<std::string> FrameWriter::write_background(std::string_view name) { return impl_->write_background(name); }

const FrameStats& FrameWriter::stats() const noexcept { return impl_->stats; }

}  // namespace tw
