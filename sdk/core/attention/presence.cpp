#include "core/attention/presence.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>

namespace tw {
namespace {

constexpr int64_t kNsPerMs = 1'000'000;
constexpr double kRadToDeg = 57.29577951308232;

int64_t ms_or(int64_t ms, int64_t fallback_ms) { return sat_mul(ms > 0 ? ms : fallback_ms, kNsPerMs); }

}  // namespace

void PresenceDetector::set_config(const PresenceConfig& c) {
  afk_ns_ = sat_mul(c.afk_after_s > 0 ? c.afk_after_s : 120, 1'000'000'000);
  floor_deg_ = c.floor_deg > 0.0 && std::isfinite(c.floor_deg) ? c.floor_deg : kPresenceFloorDeg;
  floor_m_ = c.floor_m > 0.0 && std::isfinite(c.floor_m) ? c.floor_m : kPresenceFloorM;
  window_ns_ = ms_or(c.window_ms, kPresenceWindowMs);
  present_every_ns_ = ms_or(c.present_every_ms, 1000);
}

double PresenceDetector::angle_deg(const HeadPose& a, const HeadPose& b) {
  // The rotation between them is conj(a) * b; its angle is 2 atan2(|v|, |w|),
  // which stays exact for the tiny angles compared here (acos would not).
  const double aw = a.qw, ax = -a.qx, ay = -a.qy, az = -a.qz;
  const double bw = b.qw, bx = b.qx, by = b.qy, bz = b.qz;
  const double w = aw * bw - ax * bx - ay * by - az * bz;
  const double x = aw * bx + ax * bw + ay * bz - az * by;
  const double y = aw * by - ax * bz + ay * bw + az * bx;
  const double z = aw * bz + ax * by - ay * bx + az * bw;
  return 2.0 * std::atan2(std::sqrt(x * x + y * y + z * z), std::abs(w)) * kRadToDeg;
}

double PresenceDetector::distance_m(const HeadPose& a, const HeadPose& b) {
  const double dx = double{b.x_m} - a.x_m, dy = double{b.y_m} - a.y_m, dz = double{b.z_m} - a.z_m;
  return std::sqrt(dx * dx + dy * dy + dz * dz);
}

int64_t PresenceDetector::time_of(Instant at) {
  const int64_t t = clamp_instant(at).mono_ns;
  last_ns_ = started_ ? std::max(t, last_ns_) : t;
  if (!started_) {
    started_ = true;
    last_moved_ns_ = last_ns_;  // nothing is known to be frozen before the first frame
  }
  return last_ns_;
}

std::span<const Signal> PresenceDetector::emit(SignalKind kind, Instant at, AppId app) {
  out_[0] = Signal{.at = at, .kind = kind, .app = app};
  return {out_.data(), 1};
}

std::span<const Signal> PresenceDetector::frozen_check(Instant at, AppId app) {
  if (set_down_ || last_ns_ - last_moved_ns_ < afk_ns_) return {};
  set_down_ = true;
  return emit(SignalKind::not_worn, at, app);
}

std::span<const Signal> PresenceDetector::on_untracked(Instant at, AppId app) {
  time_of(at);
  return frozen_check(at, app);
}

std::span<const Signal> PresenceDetector::on_pose(const HeadPose& pose, Instant at, AppId app) {
  const float fields[] = {pose.x_m, pose.y_m, pose.z_m, pose.qx, pose.qy, pose.qz, pose.qw};
  if (!std::all_of(std::begin(fields), std::end(fields), [](float f) { return std::isfinite(f); }))
    return on_untracked(at, app);  // never a reference: NaN would freeze every comparison
  const int64_t t = time_of(at);
  if (!have_reference_) {
    have_reference_ = true;
    reference_ = pose;
    reference_ns_ = t;
    return frozen_check(at, app);
  }
  const bool moved = angle_deg(reference_, pose) > floor_deg_ || distance_m(reference_, pose) > floor_m_;
  if (moved || t - reference_ns_ >= window_ns_) {
    reference_ = pose;
    reference_ns_ = t;
  }
  if (!moved) return frozen_check(at, app);
  last_moved_ns_ = t;
  if (set_down_) {
    set_down_ = false;
    present_sent_ = true;
    last_present_ns_ = t;
    return emit(SignalKind::worn, at, app);
  }
  if (present_sent_ && t - last_present_ns_ < present_every_ns_) return {};
  present_sent_ = true;
  last_present_ns_ = t;
  return emit(SignalKind::present, at, app);
}

}  // namespace tw
