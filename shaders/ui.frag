#version 450
// ui.frag: text and shapes; the font atlas holds coverage in .r.
// Output is premultiplied (blend ONE, ONE_MINUS_SRC_ALPHA).
layout(set = 0, binding = 0) uniform sampler2D atlas;
layout(location = 0) in vec4 v_color;
layout(location = 1) in vec2 v_uv;
layout(location = 0) out vec4 out_color;
void main() {
  float a = v_color.a * texture(atlas, v_uv).r;
  out_color = vec4(v_color.rgb * a, a);
}
