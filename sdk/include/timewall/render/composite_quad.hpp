// composite_quad.hpp: a panel image as a quad in clip space, and the two
// ways Timewall makes one: at a screen rectangle, or at a 3D pose seen
// through an eye's projection.
//
// What it does: declares CompositeQuad (what QuadPass draws) and computes
// it: screen_quad() from pixel corners, posed_quad() from a panel pose in
// view space (the XrCompositionLayerQuad convention) and T_clip_view, and
// projection_for() the Vulkan T_clip_view of an OpenXR-style FOV.
// What it does not do: draw (quad_pass.hpp), or decide where panels go
// (sdk/layout).
//
//   const glm::mat4 T_clip_view = tw::projection_for(fov);
//   tw::CompositeQuad q = tw::posed_quad(view, T_clip_view, T_view_panel, size_m);
#pragma once

#include <vulkan/vulkan.h>

#include <array>
#include <cstdint>

#include <glm/mat4x4.hpp>
#include <glm/vec2.hpp>
#include <glm/vec4.hpp>

#include "layout/fov.hpp"
#include "layout/pose.hpp"

namespace tw {

// A panel quad: corners top-left, top-right, bottom-right, bottom-left in
// Vulkan clip space (x right, y down, z 0..1, w). `panel` is kPanelFormat in
// SHADER_READ_ONLY_OPTIMAL when the commands run.
struct CompositeQuad {
  VkImageView panel = VK_NULL_HANDLE;
  std::array<glm::vec4, 4> clip{};
};

CompositeQuad screen_quad(VkImageView panel, glm::vec2 min_px, glm::vec2 max_px, uint32_t width, uint32_t height);

// Vulkan T_clip_view for an OpenXR-style FOV (view looks down -Z, +Y up),
// like XrMatrix4x4f_CreateProjectionFov for Vulkan.
glm::mat4 projection_for(const layout::Fov& fov, float near_m = 0.05f, float far_m = 100.f);

// The quad of a panel at T_view_panel (XrCompositionLayerQuad convention:
// in its XY plane, facing +Z, +Y up) of size_m, seen through T_clip_view.
CompositeQuad posed_quad(VkImageView panel, const glm::mat4& T_clip_view, const layout::Pose& T_view_panel,
                         glm::vec2 size_m);

}  // namespace tw
