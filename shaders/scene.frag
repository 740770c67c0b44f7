#version 450
// scene.frag: a synthetic room seen by one eye: a wall with a window, a
// floor with a grid, lit softly. Parameters: scale_translate.x = 1 for the
// scene, 0 for a plain background of track_color.
#include "common.glsl"
layout(location = 0) in vec2 v_ndc;
layout(location = 0) out vec4 out_color;
void main() {
  if (pc.scale_translate.x < 0.5) { out_color = pc.track_color; return; }
  vec2 p = v_ndc;
  float horizon = 0.25;  // NDC y, pointing down
  vec3 c;
  if (p.y > horizon) {
    // Floor: perspective grid.
    float depth = 1.0 / (p.y - horizon + 0.02);
    vec2 g = vec2(p.x * depth, depth) * 0.6;
    vec2 f = abs(fract(g) - 0.5);
    float line = smoothstep(0.47, 0.5, max(f.x, f.y));
    c = mix(vec3(0.20, 0.16, 0.12), vec3(0.30, 0.26, 0.20), line) * (0.6 + 0.4 * (p.y - horizon));
  } else {
    // Wall with a bright window.
    c = vec3(0.42, 0.43, 0.45) * (0.75 + 0.25 * (p.y + 1.0));
    vec2 w = abs(p - vec2(0.45, -0.35)) - vec2(0.22, 0.3);
    if (max(w.x, w.y) < 0.0) c = vec3(0.62, 0.78, 0.95);
    else if (max(w.x, w.y) < 0.02) c = vec3(0.85);
  }
  out_color = vec4(c, 1.0);
}
