// presence.hpp: is someone wearing the headset? Read from the head pose.
//
// What it does: PresenceDetector takes the head pose of each frame (as the
// runtime reports it, e.g. VIEW located in a reference space at the frame's
// display time) and the time, and turns it into Signals for the core:
// - `present`: the head moved beyond the sensor-noise floor, so a wearer is
//   there, with or without input (at most one per `present_every_ms`). The
//   attention state keeps such a wearer from going away (attention.hpp), so
//   an app that is only watched still counts as attended;
// - `not_worn`: the pose stayed within the floor for `afk_after_s`: a
//   headset set down on a desk, which must not count as attended;
// - `worn`: the first movement after that.
// "Moved" means: the pose strayed from a reference pose by more than
// floor_m in position or floor_deg in orientation, where the reference is
// the pose of the last movement or, when older than window_ms, the pose at
// the window's start. Judging the straying over a short window keeps the
// slow drift of IMU-only tracking (3-DoF glasses) from reading as a wearer.
//
// The default floor, and where it comes from (docs/openxr.md, "Presence
// from the head pose"):
// - 0.2 deg in 2 s. Monado's Basalt calibration of the Valve Index IMU
//   (basalt-monado data/index_calib.json: gyro noise density 0.000282
//   rad/s/sqrt(Hz), gyro bias random walk 0.0001 rad/s^2/sqrt(Hz)) gives a
//   static, IMU-only orientation a random walk of sqrt(0.000282^2 * 2 +
//   0.0001^2 * 2^3 / 3) = 0.00043 rad = 0.025 deg (1 sigma) in 2 s; the
//   floor is 8 sigma. Camera-tracked headsets hold still far better.
// - 5 mm in 2 s. Position readings of a static tracked headset repeat within
//   a few millimetres (Bauer, Lienhart, Jost 2021, Sensors 21(5):1622, HTC
//   Vive Pro); IMU-only devices report no position change at all.
// A worn head turns by more than 0.2 deg within some 2 s of every
// afk_after_s (120 s by default) even when its wearer only watches: the
// detector needs one such moment per afk_after_s, not a steady motion.
// Monado's simulated HMD is noise-free by construction (simulated_hmd.c
// computes its pose from time: "wobble" sweeps 0.2 m and +-7 deg, and
// "stationary" returns the same pose), so it gives no floor to measure.
// What it does not do: read a clock or talk to a runtime. Time only moves
// with the Instants passed in; an earlier one counts as the last.
//
//   tw::PresenceDetector presence(tw::PresenceDetector::config_from(policy));
//   for (const tw::Signal& s : presence.on_pose({x, y, z, qx, qy, qz, qw}, now, app)) push(s);
//   for (const tw::Signal& s : presence.on_untracked(now, app)) push(s);  // no valid pose this frame
#pragma once

#include <array>
#include <cstdint>
#include <span>

#include "core/clock.hpp"
#include "core/interner.hpp"
#include "core/policy.hpp"
#include "core/signals.hpp"

namespace tw {

// XrPosef's fields: position in metres, orientation as a unit quaternion.
struct HeadPose {
  float x_m = 0.f, y_m = 0.f, z_m = 0.f;
  float qx = 0.f, qy = 0.f, qz = 0.f, qw = 1.f;
};

inline constexpr double kPresenceFloorDeg = 0.2;
inline constexpr double kPresenceFloorM = 0.005;
inline constexpr int64_t kPresenceWindowMs = 2000;

struct PresenceConfig {
  int64_t afk_after_s = 0;       // frozen this long = set down; 0: 120
  double floor_deg = 0.0;        // 0: kPresenceFloorDeg
  double floor_m = 0.0;          // 0: kPresenceFloorM
  int64_t window_ms = 0;         // 0: kPresenceWindowMs
  int64_t present_every_ms = 0;  // at most one `present` per this; 0: 1000
};

class PresenceDetector {
 public:
  static PresenceConfig config_from(const Policy& policy) { return {.afk_after_s = policy.attention.afk_after_s}; }

  PresenceDetector() { set_config({}); }
  explicit PresenceDetector(const PresenceConfig& config) { set_config(config); }
  void set_config(const PresenceConfig& config);

  // The signals one frame implies (none, or one), valid until the next call.
  std::span<const Signal> on_pose(const HeadPose& pose, Instant at, AppId app);
  // A frame without a valid pose: no movement seen (a lost headset freezes).
  std::span<const Signal> on_untracked(Instant at, AppId app);

  bool set_down() const { return set_down_; }
  // Degrees and metres between two poses (for tests and diagnostics).
  static double angle_deg(const HeadPose& a, const HeadPose& b);
  static double distance_m(const HeadPose& a, const HeadPose& b);

 private:
  int64_t time_of(Instant at);
  std::span<const Signal> emit(SignalKind kind, Instant at, AppId app);
  std::span<const Signal> frozen_check(Instant at, AppId app);

  double floor_deg_ = kPresenceFloorDeg, floor_m_ = kPresenceFloorM;
  int64_t afk_ns_ = 0, window_ns_ = 0, present_every_ns_ = 0;
  bool started_ = false;
  int64_t last_ns_ = 0;
  bool have_reference_ = false;
  HeadPose reference_;
  int64_t reference_ns_ = 0;
  int64_t last_moved_ns_ = 0;
  bool present_sent_ = false;
  int64_t last_present_ns_ = 0;
  bool set_down_ = false;
  std::array<Signal, 1> out_{};
};

}  // namespace tw
