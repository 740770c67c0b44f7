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

#include "headless/headless_vulkan.hpp"
#include "headless/png.hpp"
#include "layout/solver.hpp"
#include "render/panel_presenter.hpp"

namespace tw {

namespace {

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
  std::optional<PanelPresenter> presenter;
  std::optional<Compositor> compositor;
  std::optional<layout::Solver> solver;
  layout::Layout placed;
  std::array<FramePanel, layout::kMaxPanels> panels{};
  size_t panel_count = 0;
  FrameStats stats;

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
    auto p = PanelPresenter::create({.renderer = vk->renderer_desc()});
    if (!p) return p.error();
    presenter.emplace(std::move(p.value()));
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
                            const Interner& categories, Instant now, std::string_view label,
                            std::span<const NotificationText> notifications) {
    const layout::Fov fov = layout::symmetric_fov(desc.fov_width_deg, desc.fov_height_deg);
    layout::Pose T_space_head;
    T_space_head.position = {0.f, 1.6f, 0.f};
    layout::SolveInput in;
    in.overlays = overlays;
    in.T_space_head = T_space_head;
    in.eye_fov = {fov, fov};
    in.now = now;
    if (Status s = solver->solve(in, placed); !s) return s.error();
    auto shown = presenter->present({.layout = &placed, .overlays = overlays, .policy = &policy, .apps = &apps,
                                     .categories = &categories, .theme = desc.theme,
                                     .notifications = notifications});
    if (!shown) return shown.error();

    // The left eye, 32 mm left of the centre eye.
    layout::Pose T_head_eye;
    T_head_eye.position = {-0.032f, 0.f, 0.f};
    const layout::Pose T_eye_space = (T_space_head * T_head_eye).inverse();
    const layout::Pose T_eye_head = T_head_eye.inverse();
    const glm::mat4 T_clip_eye = projection_for(fov);

    struct Item {
      float distance_m;
      CompositeQuad quad;
      FramePanel panel;
    };
    std::array<Item, layout::kMaxPanels> items{};
    size_t count = 0;
    for (const PanelQuad& q : shown.value()) {
      if (q.rendered) ++stats.panel_renders;
      // The texture keeps its aspect inside the solved quad (letterboxed).
      const float aspect = static_cast<float>(q.extent.width) / static_cast<float>(q.extent.height);
      glm::vec2 size = q.size_m;
      if (size.x / size.y > aspect) size.x = size.y * aspect;
      else size.y = size.x / aspect;
      const layout::Pose T_eye_panel = q.view_space ? T_eye_head * q.pose : T_eye_space * q.pose;
      Item& item = items[count++];
      item.distance_m = glm::length(T_eye_panel.position);
      item.quad = posed_quad(q.view, T_clip_eye, T_eye_panel, size);
      item.panel = {q.kind, q.overlay_index, q.collapsed, 0, 0, 0, 0};
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
    if (Status s = presenter->wait_idle(); !s) return s.error();
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
                                       const Interner& categories, Instant now, std::string_view label,
                                       std::span<const NotificationText> notifications) {
  return impl_->write(overlays, policy, apps, categories, now, label, notifications);
}

std::span<const FramePanel> FrameWriter::last_panels() const noexcept {
  return {impl_->panels.data(), impl_->panel_count};
}

Result<std::string> FrameWriter::write_background(std::string_view name) { return impl_->write_background(name); }

const FrameStats& FrameWriter::stats() const noexcept { return impl_->stats; }

}  // namespace tw
