// head_model.hpp: the simulated wearer's head and body.
//
// What it does: keeps the head pose in the world (metres; +Y up, -Z ahead at
// yaw 0, eye height 1.6 m), turns it by mouse look, walks it in the yaw
// frame (1.4 m/s, 3 m/s when hurrying), recentres it, and measures what an
// IMU would report for each step: linear speed in m/s and angular speed in
// deg/s from the pose change over the step's duration. Speeds are in the
// wearer's own (real) seconds, so walking at 60x simulated time still reads
// as walking.
// What it does not do: read input devices or send signals (main.cpp does).
//
//   tw::sim::HeadModel head;
//   head.step({.look_deg = {1.f, 0.f}, .move = {0.f, 1.f}}, 1.0 / 60);
//   float v = head.linear_mps();     // 1.4 while walking forward
#pragma once

#include <glm/vec2.hpp>
#include <glm/vec3.hpp>

#include "layout/pose.hpp"

namespace tw::sim {

struct HeadStep {
  glm::vec2 look_deg{0.f, 0.f};  // x: turn right, y: look down
  glm::vec2 move{0.f, 0.f};      // x: strafe right, y: forward; each -1..1
  float rise = 0.f;              // -1..1: crouch/stand (0.5 m/s)
  bool fast = false;
};

class HeadModel {
 public:
  static constexpr float kEyeHeight_m = 1.6f;
  static constexpr float kWalk_mps = 1.4f;
  static constexpr float kHurry_mps = 3.0f;

  void step(const HeadStep& s, double dt_s);
  void recentre();  // level, facing -Z, where the wearer stands

  layout::Pose T_world_head() const;
  glm::vec3 position_m() const { return position_m_; }
  float yaw_deg() const { return yaw_deg_; }
  float pitch_deg() const { return pitch_deg_; }
  float linear_mps() const { return linear_mps_; }
  float angular_dps() const { return angular_dps_; }

 private:
  glm::vec3 position_m_{0.f, kEyeHeight_m, 0.f};
  float yaw_deg_ = 0.f;    // positive turns right (clockwise seen from above)
  float pitch_deg_ = 0.f;  // positive looks up
  float linear_mps_ = 0.f;
  float angular_dps_ = 0.f;
};

}  // namespace tw::sim
