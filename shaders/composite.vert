#version 450
// composite.vert: a panel quad given in clip space (x, y, z, w), so 3D poses
// keep perspective-correct texture coordinates.
layout(location = 0) in vec4 in_clip;
layout(location = 1) in vec2 in_uv;
layout(location = 0) out vec2 v_uv;
void main() {
  v_uv = in_uv;
  gl_Position = in_clip;
}
