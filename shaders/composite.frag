#version 450
// composite.frag: samples a premultiplied panel (an sRGB image, so the sample
// is linear) for premultiplied-over or additive blending.
layout(set = 0, binding = 0) uniform sampler2D panel;
layout(location = 0) in vec2 v_uv;
layout(location = 0) out vec4 out_color;
void main() { out_color = texture(panel, v_uv); }
