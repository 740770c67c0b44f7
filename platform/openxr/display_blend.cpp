#include "openxr/display_blend.hpp"

namespace tw::xr {

layout::DisplayBlend display_blend(XrEnvironmentBlendMode mode) noexcept {
  switch (mode) {
    case XR_ENVIRONMENT_BLEND_MODE_ADDITIVE: return layout::DisplayBlend::additive;
    case XR_ENVIRONMENT_BLEND_MODE_ALPHA_BLEND: return layout::DisplayBlend::alpha_blend;
    default: return layout::DisplayBlend::opaque;
  }
}

}  // namespace tw::xr
