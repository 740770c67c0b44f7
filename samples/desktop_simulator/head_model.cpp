// head_model.cpp
#include "head_model.hpp"

#include <algorithm>
#include <cmath>

#include <glm/geometric.hpp>
#include <glm/gtc/quaternion.hpp>

namespace tw::sim {

namespace {
glm::quat orientation(float yaw_deg, float pitch_deg) {
  // Yaw about +Y (negative: positive yaw turns right), then pitch about the head's +X.
  return glm::angleAxis(glm::radians(-yaw_deg), glm::vec3(0.f, 1.f, 0.f)) *
         glm::angleAxis(glm::radians(pitch_deg), glm::vec3(1.f, 0.f, 0.f));
}
}  // namespace

void HeadModel::step(const HeadStep& s, double dt_s) {
  const glm::quat before = orientation(yaw_deg_, pitch_deg_);
  const glm::vec3 start = position_m_;

  yaw_deg_ = std::fmod(yaw_deg_ + s.look_deg.x, 360.f);
  pitch_deg_ = std::clamp(pitch_deg_ - s.look_deg.y, -80.f, 80.f);

  glm::vec2 move = s.move;
  if (glm::length(move) > 1.f) move = glm::normalize(move);
  const float speed = s.fast ? kHurry_mps : kWalk_mps;
  const float yaw = glm::radians(yaw_deg_);
  const glm::vec3 forward{std::sin(yaw), 0.f, -std::cos(yaw)};
  const glm::vec3 right{std::cos(yaw), 0.f, std::sin(yaw)};
  const auto dt = static_cast<float>(dt_s);
  position_m_ += (forward * move.y + right * move.x) * speed * dt;
  position_m_.y = std::clamp(position_m_.y + std::clamp(s.rise, -1.f, 1.f) * 0.5f * dt, 0.5f, 2.2f);

  if (dt_s > 0.0) {
    linear_mps_ = glm::length(position_m_ - start) / dt;
    const glm::quat delta = orientation(yaw_deg_, pitch_deg_) * glm::conjugate(before);
    const float w = std::min(1.f, std::abs(delta.w));
    angular_dps_ = glm::degrees(2.f * std::acos(w)) / dt;
  }
}

void HeadModel::recentre() {
  yaw_deg_ = 0.f;
  pitch_deg_ = 0.f;
  position_m_.y = kEyeHeight_m;
}

layout::Pose HeadModel::T_world_head() const { return {position_m_, orientation(yaw_deg_, pitch_deg_)}; }

}  // namespace tw::sim
