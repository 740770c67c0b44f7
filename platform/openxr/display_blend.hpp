// display_blend.hpp: what kind of display a frame's XrEnvironmentBlendMode
// means, and so how Timewall draws on it.
//
// What it does: maps the blend mode to layout::DisplayBlend (unknown modes
// count as opaque: the safe reading for a shield, which then brings its
// backdrop); render::theme_for() then picks the panel theme (additive
// optics get the plate-less additive theme, everything else the plated one).
// What it does not do: read the runtime's supported modes (the app chose one
// for this frame, and that is what the wearer sees).
//
//   const tw::Theme theme = tw::theme_for(tw::xr::display_blend(end_info->environmentBlendMode));
#pragma once

#include <openxr/openxr.h>

#include "layout/shield_plan.hpp"

namespace tw::xr {

layout::DisplayBlend display_blend(XrEnvironmentBlendMode mode) noexcept;

}  // namespace tw::xr
