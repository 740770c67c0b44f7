#include "openxr/layer/layer_shield.hpp"

namespace tw::xr {

layout::ShieldPlan shield_plan(const LayerCore& core, XrEnvironmentBlendMode mode) noexcept {
  return layout::plan_shield(core.blocked(), display_blend(mode), core.fast_motion());
}

}  // namespace tw::xr
