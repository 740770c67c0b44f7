// frame_writer.hpp: PNGs of what the wearer sees, one eye, at given moments.
//
// What it does: for an overlay set (what the core shows now), solves the
// placement (sdk/layout) for a head at rest, presents the visible panels
// with sdk/render's PanelPresenter (only panels whose content changed since
// the last frame are rendered, into the presenter's own images), composites
// its quads at their solved poses as seen by the left eye over a synthetic
// room or a plain background, and writes DIR/NNNN-label.png. It
// says where each panel landed (pixel rectangles, for an index and checks)
// and can write the background alone (what the frames show outside panels).
// What it does not do: decide when to write (the caller does: at each
// decision point), or simulate head motion.
//
//   auto fw = tw::FrameWriter::create({.dir = "frames"});
//   auto path = fw->write(out.overlays, policy, apps, categories, now, "09-12-warning");
//   for (const tw::FramePanel& p : fw->last_panels()) index(p.kind, p.x0, p.y0, p.x1, p.y1);
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/interner.hpp"
#include "core/overlay.hpp"
#include "core/policy.hpp"
#include "core/result.hpp"
#include "headless/compositor.hpp"
#include "render/panel_content.hpp"

namespace tw {

struct FrameWriterDesc {
  std::string dir;                    // required: created if missing
  Theme theme = Theme::additive;      // panel theme
  DisplayBlend blend = DisplayBlend::additive;  // how the display combines light
  bool plain_background = false;      // default: a synthetic room
  uint32_t width = 0;                 // default 1280
  uint32_t height = 0;                // default 1000
  float fov_width_deg = 0.f;          // default 46 (AR-glasses class)
  float fov_height_deg = 0.f;         // default 36
};

struct FrameStats {
  uint64_t frames = 0;        // PNGs written
  uint64_t panel_renders = 0; // panel renders (the rest were unchanged)
  uint64_t panels_drawn = 0;  // panels composited, summed over frames
};

// Where a composited panel landed: the pixel bounding box [x0, x1) x [y0, y1)
// of its quad, clipped to the frame. No pixel outside it was touched.
struct FramePanel {
  OverlayKind kind = OverlayKind::budget_ring;
  uint32_t overlay_index = 0;  // into the overlays given to write()
  bool collapsed = false;
  int32_t x0 = 0, y0 = 0, x1 = 0, y1 = 0;
};

class FrameWriter {
 public:
  static Result<FrameWriter> create(const FrameWriterDesc& desc);

  FrameWriter(FrameWriter&&) noexcept;
  FrameWriter& operator=(FrameWriter&&) noexcept;
  FrameWriter(const FrameWriter&) = delete;
  FrameWriter& operator=(const FrameWriter&) = delete;
  ~FrameWriter();

  // Writes one frame; returns its path. `label` is sanitised into the name.
  // `notifications`: what notification cards among `overlays` say.
  Result<std::string> write(std::span<const Overlay> overlays, const Policy& policy, const Interner& apps,
                            const Interner& categories, Instant now, std::string_view label,
                            std::span<const NotificationText> notifications = {});

  // The panels of the last write(), back to front.
  std::span<const FramePanel> last_panels() const noexcept;

  // Writes the background with no panels as DIR/`name`; returns its path.
  Result<std::string> write_background(std::string_view name);

  const FrameStats& stats() const noexcept;

 private:
  struct Impl;
  explicit FrameWriter(std::unique_ptr<Impl> impl) noexcept;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tw
