// shader_push.hpp: the push constants of shaders/common.glsl, on the CPU side.
//
// What it does: declares the one push-constant block the panel (ui, sdf) and
// scene shaders share, so the panel renderer and the headless compositor
// fill the same struct, and the sRGB-to-linear conversion colours need
// before they are pushed (the shaders work in linear light).
// What it does not do: bind or push anything.
//
//   tw::ShaderPush p{};
//   p.track_color[0] = tw::srgb_to_linear(0.5f);
//   vkCmdPushConstants(cmd, layout, stages, 0, sizeof p, &p);
#pragma once

#include <cmath>

namespace tw {

// Must match shaders/common.glsl.
struct ShaderPush {
  float scale_translate[4];
  float rect_px[4];
  float ring_px[4];
  float arc[4];
  float track_color[4];
  float arc_color[4];
};
static_assert(sizeof(ShaderPush) == 96);

// One sRGB-encoded channel (0..1) to linear light.
inline float srgb_to_linear(float c) {
  return c <= 0.04045f ? c / 12.92f : std::pow((c + 0.055f) / 1.055f, 2.4f);
}

}  // namespace tw
