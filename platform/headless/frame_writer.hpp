// frame_writer.hpp: PNGs of what the wearer sees, one eye, at given moments.
//
// What it does: for an overlay set (what the core shows now), solves the
// placement (sdk/layout) for a head at rest, renders each visible panel with
// PanelRenderer (only panels whose content changed since the last frame),
// composites them at their solved poses as seen by the left eye over a
// synthetic room or a plain background, and writes DIR/NNNN-label.png.
// What it does not do: decide when to write (the caller does: at each
// decision point), or simulate head motion.
//
//   auto fw = tw::FrameWriter::create({.dir = "frames"});
//   auto path = fw->write(out.overlays, policy, apps, categories, now, "09-12-warning");
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

class FrameWriter {
 public:
  static Result<FrameWriter> create(const FrameWriterDesc& desc);

  FrameWriter(FrameWriter&&) noexcept;
  FrameWriter& operator=(FrameWriter&&) noexcept;
  FrameWriter(const FrameWriter&) = delete;
  FrameWriter& operator=(const FrameWriter&) = delete;
  ~FrameWriter();

  // Writes one frame; returns its path. `label` is sanitised into the name.
  Result<std::string> write(std::span<const Overlay> overlays, const Policy& policy, const Interner& apps,
                            const Interner& categories, Instant now, std::string_view label);

  const FrameStats& stats() const noexcept;

 private:
  struct Impl;
  explicit FrameWriter(std::unique_ptr<Impl> impl) noexcept;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tw
