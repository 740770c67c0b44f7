#include "layout/placement.hpp"

namespace tw::layout {

std::string_view to_string(Anchor anchor) noexcept {
  switch (anchor) {
    case Anchor::view_locked: return "view_locked";
    case Anchor::body_locked: return "body_locked";
    case Anchor::world_locked: return "world_locked";
  }
  return "unknown";
}

std::string_view to_string(Visibility visibility) noexcept {
  switch (visibility) {
    case Visibility::shown: return "shown";
    case Visibility::collapsed: return "collapsed";
    case Visibility::deferred: return "deferred";
    case Visibility::hidden: return "hidden";
  }
  return "unknown";
}

std::string_view to_string(LayoutReason reason) noexcept {
  switch (reason) {
    case LayoutReason::none: return "none";
    case LayoutReason::no_room: return "no_room";
    case LayoutReason::fov_too_small: return "fov_too_small";
    case LayoutReason::fast_motion: return "fast_motion";
    case LayoutReason::crossing: return "crossing";
    case LayoutReason::too_near: return "too_near";
    case LayoutReason::duplicate: return "duplicate";
    case LayoutReason::eccentricity_limited: return "eccentricity_limited";
  }
  return "unknown";
}

}  // namespace tw::layout
