// common.glsl: the push constants shared by every panel and compositor
// pipeline, so one VkPipelineLayout serves them all (96 bytes, inside the
// 128 bytes every Vulkan device guarantees).
layout(push_constant) uniform PushConstants {
  vec4 scale_translate;  // UI: pixel -> NDC (x, y scale; x, y offset)
  vec4 rect_px;          // SDF: the quad drawn, x0 y0 x1 y1 in pixels
  vec4 ring_px;          // SDF: centre x, y, radius, half thickness
  vec4 arc;              // SDF: x = shown fraction (clockwise from 12 o'clock)
  vec4 track_color;      // SDF: premultiplied linear colour of the full ring
  vec4 arc_color;        // SDF: premultiplied linear colour of the arc
} pc;

// Vertex colours come as sRGB bytes (ImGui's colour space); panels are
// R8G8B8A8_SRGB, so shaders work in linear light and the hardware encodes.
vec3 srgb_to_linear(vec3 c) {
  return mix(c / 12.92, pow((c + 0.055) / 1.055, vec3(2.4)), step(vec3(0.04045), c));
}
