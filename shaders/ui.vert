#version 450
// ui.vert: Dear ImGui vertices (pixel position, atlas uv, sRGB colour).
#include "common.glsl"
layout(location = 0) in vec2 in_pos;
layout(location = 1) in vec2 in_uv;
layout(location = 2) in vec4 in_color;
layout(location = 0) out vec4 v_color;
layout(location = 1) out vec2 v_uv;
void main() {
  v_color = vec4(srgb_to_linear(in_color.rgb), in_color.a);
  v_uv = in_uv;
  gl_Position = vec4(in_pos * pc.scale_translate.xy + pc.scale_translate.zw, 0.0, 1.0);
}
