// The panel theme follows the frame's blend mode: a see-through additive
// display gets the plate-less additive theme (black emits no light there),
// every other display the plated one; an unknown mode reads as opaque.
#include "tw_catch.hpp"

#include "openxr/display_blend.hpp"
#include "render/panel_content.hpp"

TEST_CASE("the panel theme is chosen from the frame's blend mode", "[openxr][theme]") {
  using tw::layout::DisplayBlend;
  CHECK(tw::xr::display_blend(XR_ENVIRONMENT_BLEND_MODE_ADDITIVE) == DisplayBlend::additive);
  CHECK(tw::xr::display_blend(XR_ENVIRONMENT_BLEND_MODE_OPAQUE) == DisplayBlend::opaque);
  CHECK(tw::xr::display_blend(XR_ENVIRONMENT_BLEND_MODE_ALPHA_BLEND) == DisplayBlend::alpha_blend);
  CHECK(tw::xr::display_blend(static_cast<XrEnvironmentBlendMode>(0x7fffffff)) == DisplayBlend::opaque);

  CHECK(tw::theme_for(tw::xr::display_blend(XR_ENVIRONMENT_BLEND_MODE_ADDITIVE)) == tw::Theme::additive);
  CHECK(tw::theme_for(tw::xr::display_blend(XR_ENVIRONMENT_BLEND_MODE_OPAQUE)) == tw::Theme::plated);
  CHECK(tw::theme_for(tw::xr::display_blend(XR_ENVIRONMENT_BLEND_MODE_ALPHA_BLEND)) == tw::Theme::plated);
}
