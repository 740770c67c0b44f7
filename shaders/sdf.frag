#version 450
// sdf.frag: a ring and an arc with round caps from signed distances, so the
// edge stays one pixel wide at any size (anti-aliased by fwidth).
#include "common.glsl"
layout(location = 0) in vec2 v_px;
layout(location = 0) out vec4 out_color;
const float kTwoPi = 6.28318530718;
void main() {
  vec2 p = v_px - pc.ring_px.xy;
  float radius = pc.ring_px.z;
  float half_w = pc.ring_px.w;
  float r = length(p);
  float aa = max(fwidth(r), 1e-4);
  float d_ring = abs(r - radius) - half_w;
  // Angle clockwise from 12 o'clock in turns (pixel y points down).
  float turn = atan(p.x, -p.y) / kTwoPi;
  if (turn < 0.0) turn += 1.0;
  float f = clamp(pc.arc.x, 0.0, 1.0);
  float d_arc = 1e6;
  if (f >= 1.0) {
    d_arc = d_ring;
  } else if (f > 0.0) {
    vec2 e0 = vec2(0.0, -radius);
    vec2 e1 = radius * vec2(sin(kTwoPi * f), -cos(kTwoPi * f));
    float d_caps = min(length(p - e0), length(p - e1)) - half_w;
    d_arc = turn <= f ? min(d_ring, d_caps) : d_caps;
  }
  float track = clamp(0.5 - d_ring / aa, 0.0, 1.0);
  float arc = clamp(0.5 - d_arc / aa, 0.0, 1.0);
  out_color = pc.arc_color * arc + pc.track_color * track * (1.0 - arc);
}
