#include "openxr/layer/layer_shield.hpp"

namespace tw::xr {

layout::DisplayBlend display_blend(XrEnvironmentBlendMode mode) noexcept {
  switch (mode) {
    case XR_ENVIRONMENT_BLEND_MODE_ADDITIVE: return layout::DisplayBlend::additive;
    case XR_ENVIRONMENT_BLEND_MODE_ALPHA_BLEND: return layout::DisplayBlend::alpha_blend;
    default: return layout::DisplayBlend::opaque;
  }
}

layout::ShieldPlan shield_plan(const LayerCore& core, XrEnvironmentBlendMode mode) noexcept {
  return layout::plan_shield(core.blocked(), display_blend(mode), core.fast_motion());
}

}  // namespace tw::xr
