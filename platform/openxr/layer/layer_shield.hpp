// layer_shield.hpp: what the layer passes to xrEndFrame under a block.
//
// What it does: maps the frame's XrEnvironmentBlendMode to the display kind
// (openxr/display_blend.hpp) and asks layout::plan_shield with the core's state (a block in force on
// this app, the wearer walking): whether the app's layers go on, and whether
// the full-view backdrop goes behind Timewall's panels.
// What it does not do: touch the frame (layer.cpp applies the plan).
//
//   const tw::layout::ShieldPlan plan = tw::xr::shield_plan(core, info->environmentBlendMode);
#pragma once

#include <openxr/openxr.h>

#include "layout/shield_plan.hpp"
#include "openxr/display_blend.hpp"
#include "openxr/layer/layer_core.hpp"

namespace tw::xr {

layout::ShieldPlan shield_plan(const LayerCore& core, XrEnvironmentBlendMode mode) noexcept;

}  // namespace tw::xr
