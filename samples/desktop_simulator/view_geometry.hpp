// view_geometry.hpp: where the simulated eye's view and the glasses' display
// sit in the window, and the eye's projection.
//
// What it does: splits the window into the view (left) and the control
// panel (right); picks the eye's field of view (the glasses' FOV for a VR
// headset, wider for glasses so the world around the display shows); gives
// the Vulkan T_clip_view for that FOV (tw::projection_for, the OpenXR
// convention) and the display's pixel rectangle inside the view, where
// panels are clipped as the glasses' optics would. to_pixels() maps a clip
// position to window pixels, for the saved frame's panel rectangles.
// What it does not do: draw.
//
//   tw::sim::ViewGeometry g = tw::sim::view_geometry(extent, fov, 0.f);
//   glm::vec2 px = g.to_pixels(quad.clip[0]);
#pragma once

#include <vulkan/vulkan.h>

#include <glm/mat4x4.hpp>
#include <glm/vec2.hpp>
#include <glm/vec4.hpp>

#include "layout/fov.hpp"
#include "sim_options.hpp"

namespace tw::sim {

struct ViewGeometry {
  VkRect2D view{};
  VkRect2D display{};
  VkRect2D panel{};             // the control panel's area
  layout::Fov eye_fov;          // the simulated eye
  layout::Fov display_fov;      // the glasses (what the solver fits into)
  glm::mat4 T_clip_view{1.f};

  glm::vec2 to_pixels(const glm::vec4& clip) const;
};

ViewGeometry view_geometry(VkExtent2D window, const GlassesFov& glasses, float view_fov_deg);

}  // namespace tw::sim
