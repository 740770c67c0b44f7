#include "layout/pinch_detector.hpp"

#include <cmath>

#include <glm/geometric.hpp>

namespace tw::layout {

void PinchDetector::set_config(const PinchConfig& config) {
  const bool ok = std::isfinite(config.close_m) && std::isfinite(config.open_m) && config.close_m > 0.f &&
                  config.open_m >= config.close_m;
  config_ = ok ? config : PinchConfig{};
}

const PinchFrame& PinchDetector::update(const glm::vec3& thumb_tip_m, bool thumb_valid, const glm::vec3& index_tip_m,
                                        bool index_valid) {
  const bool was_pinched = frame_.pinched;
  const float gap_m = glm::distance(thumb_tip_m, index_tip_m);
  if (!thumb_valid || !index_valid || !std::isfinite(gap_m)) {
    frame_ = {};  // lost: released, so a pinch on return is a fresh one
    return frame_;
  }
  const bool pinched = was_pinched ? gap_m <= config_.open_m : gap_m < config_.close_m;
  frame_ = {.tracked = true, .pinched = pinched, .select = pinched && !was_pinched, .gap_m = gap_m};
  return frame_;
}

}  // namespace tw::layout
