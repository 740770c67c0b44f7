#include "openxr/layer/head_watch.hpp"

namespace tw::xr {

void HeadWatch::set_afk_after_s(int64_t afk_after_s) {
  if (afk_after_s == afk_after_s_) return;
  afk_after_s_ = afk_after_s;
  presence_.set_config({.afk_after_s = afk_after_s});
}

void HeadWatch::add(const Signal& s) {
  if (count_ < out_.size()) out_[count_++] = s;
}

void HeadWatch::take(std::span<const Signal> from) {
  for (Signal s : from) {
    if (sensor_ && s.kind == SignalKind::not_worn) continue;  // the sensor says whether it is worn
    if (sensor_ && s.kind == SignalKind::worn) s.kind = SignalKind::present;
    add(s);
  }
}

std::span<const Signal> HeadWatch::on_pose(const HeadPose& pose, Instant at, AppId app) {
  count_ = 0;
  const int64_t t = clamp_instant(at).mono_ns;
  if (have_head_ && t - last_head_ns_ >= kHeadSampleMs * 1'000'000) {
    const float dt_s = static_cast<float>(t - last_head_ns_) * 1e-9f;
    add({.at = at, .kind = SignalKind::head_motion, .app = app,
         .linear_mps = static_cast<float>(PresenceDetector::distance_m(last_head_, pose)) / dt_s,
         .angular_dps = static_cast<float>(PresenceDetector::angle_deg(last_head_, pose)) / dt_s});
  }
  if (!have_head_ || t - last_head_ns_ >= kHeadSampleMs * 1'000'000) {
    have_head_ = true;
    last_head_ = pose;
    last_head_ns_ = t;
  }
  take(presence_.on_pose(pose, at, app));
  return {out_.data(), count_};
}

std::span<const Signal> HeadWatch::on_untracked(Instant at, AppId app) {
  count_ = 0;
  take(presence_.on_untracked(at, app));
  return {out_.data(), count_};
}

std::span<const Signal> HeadWatch::on_user_presence(bool present, Instant at, AppId app) {
  count_ = 0;
  sensor_ = true;
  if (present != sensor_worn_) {
    sensor_worn_ = present;
    add({.at = at, .kind = present ? SignalKind::worn : SignalKind::not_worn, .app = app});
  }
  return {out_.data(), count_};
}

}  // namespace tw::xr
