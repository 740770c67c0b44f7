#version 450
// sdf.vert: a quad from push constants (no vertex buffer), 6 vertices.
#include "common.glsl"
layout(location = 0) out vec2 v_px;
void main() {
  const vec2 corners[6] = vec2[](vec2(0, 0), vec2(1, 0), vec2(1, 1), vec2(0, 0), vec2(1, 1), vec2(0, 1));
  vec2 c = corners[gl_VertexIndex];
  v_px = mix(pc.rect_px.xy, pc.rect_px.zw, c);
  gl_Position = vec4(v_px * pc.scale_translate.xy + pc.scale_translate.zw, 0.0, 1.0);
}
