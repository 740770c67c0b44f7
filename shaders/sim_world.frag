#version 450
// sim_world.frag: the desktop simulator's world, ray-cast per pixel so every
// head pose gives correct perspective: a floor with a 1 m grid, pillars and
// boxes at 2-40 m, a sky and a hazy horizon. Output is linear light.
layout(push_constant) uniform WorldPush {
  mat4 T_world_clip;     // inverse of T_clip_view * T_view_world
  vec4 eye_m;            // xyz: the eye in world metres
  vec4 params;           // x: brightness (1 passthrough camera, lower for see-through)
} pc;
layout(location = 0) in vec2 v_ndc;
layout(location = 0) out vec4 out_color;

const int kBoxes = 12;
// centre xyz, half size xyz
const vec3 kBoxC[kBoxes] = vec3[](
  vec3(-2.5, 1.5, -4.0), vec3(2.5, 1.5, -4.0), vec3(-2.5, 1.5, -10.0), vec3(2.5, 1.5, -10.0),
  vec3(-2.5, 1.5, -16.0), vec3(2.5, 1.5, -16.0), vec3(-1.0, 0.4, -6.5), vec3(1.2, 0.25, -2.5),
  vec3(0.0, 3.0, -28.0), vec3(-6.0, 2.5, 3.0), vec3(6.0, 2.0, 1.0), vec3(0.5, 0.6, 5.0));
const vec3 kBoxH[kBoxes] = vec3[](
  vec3(0.2, 1.5, 0.2), vec3(0.2, 1.5, 0.2), vec3(0.2, 1.5, 0.2), vec3(0.2, 1.5, 0.2),
  vec3(0.2, 1.5, 0.2), vec3(0.2, 1.5, 0.2), vec3(0.5, 0.4, 0.5), vec3(0.35, 0.25, 0.35),
  vec3(6.0, 3.0, 0.5), vec3(0.5, 2.5, 2.0), vec3(0.5, 2.0, 2.0), vec3(0.6, 0.6, 0.6));
const vec3 kBoxColor[kBoxes] = vec3[](
  vec3(0.55, 0.50, 0.45), vec3(0.55, 0.50, 0.45), vec3(0.55, 0.50, 0.45), vec3(0.55, 0.50, 0.45),
  vec3(0.55, 0.50, 0.45), vec3(0.55, 0.50, 0.45), vec3(0.20, 0.35, 0.60), vec3(0.65, 0.30, 0.20),
  vec3(0.45, 0.42, 0.40), vec3(0.30, 0.45, 0.30), vec3(0.50, 0.45, 0.30), vec3(0.60, 0.55, 0.20));

vec3 sky(vec3 d) {
  float up = clamp(d.y, 0.0, 1.0);
  return mix(vec3(0.62, 0.70, 0.78), vec3(0.25, 0.45, 0.75), pow(up, 0.6));
}

void main() {
  vec4 far_w = pc.T_world_clip * vec4(v_ndc, 1.0, 1.0);
  vec3 ro = pc.eye_m.xyz;
  vec3 rd = normalize(far_w.xyz / far_w.w - ro);

  float t_hit = 1e9;
  vec3 color = sky(rd);
  vec3 n = vec3(0.0);
  // Floor at y = 0.
  if (rd.y < -1e-4) {
    float t = -ro.y / rd.y;
    if (t > 0.0) {
      t_hit = t;
      vec2 p = ro.xz + t * rd.xz;
      vec2 w = fwidth(p);
      vec2 g = abs(fract(p + 0.5) - 0.5) / max(w, vec2(1e-4));
      float line = 1.0 - clamp(min(g.x, g.y) - 0.5, 0.0, 1.0);
      float road = step(abs(p.x), 2.0);
      vec3 base = mix(vec3(0.30, 0.30, 0.28), vec3(0.22, 0.22, 0.24), road);
      color = mix(base, vec3(0.62, 0.62, 0.58), line * 0.6);
      n = vec3(0.0, 1.0, 0.0);
    }
  }
  for (int i = 0; i < kBoxes; ++i) {
    vec3 inv = 1.0 / rd;
    vec3 t0 = (kBoxC[i] - kBoxH[i] - ro) * inv;
    vec3 t1 = (kBoxC[i] + kBoxH[i] - ro) * inv;
    vec3 tmin = min(t0, t1), tmax = max(t0, t1);
    float tn = max(max(tmin.x, tmin.y), tmin.z);
    float tf = min(min(tmax.x, tmax.y), tmax.z);
    if (tn < tf && tn > 0.0 && tn < t_hit) {
      t_hit = tn;
      vec3 nn = step(vec3(tn), tmin) * -sign(rd);
      n = nn;
      float light = 0.55 + 0.45 * max(dot(nn, normalize(vec3(0.4, 0.8, 0.3))), 0.0);
      color = kBoxColor[i] * light;
    }
  }
  // Haze towards the horizon gives the depth cue of distance.
  if (t_hit < 1e8) color = mix(color, sky(vec3(rd.x, 0.0, rd.z)), clamp(t_hit / 60.0, 0.0, 1.0));
  out_color = vec4(color * pc.params.x, 1.0);
}
