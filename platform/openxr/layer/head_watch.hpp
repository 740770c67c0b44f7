// head_watch.hpp: the wearer's head, once a frame, as signals for the core.
//
// What it does: takes the head pose the layer locates each frame (VIEW in a
// LOCAL space of its own, at the frame's predicted display time) and turns it
// into Signals:
//   - head_motion, at most every kHeadSampleMs: linear and angular speed since
//     the last sample, for the walking detector (attention.hpp);
//   - present / not_worn / worn from tw::PresenceDetector (presence.hpp): a
//     head that moves beyond the sensor noise is a present wearer, with or
//     without input; a pose frozen within it for afk_after_s is a headset set
//     down (not_worn), its next movement puts it on again (worn).
// Where the runtime has a presence sensor (XR_EXT_user_presence), its events
// (on_user_presence) are the worn signal from the first one on: the frozen
// pose then no longer says not_worn (a wearer holding very still stays worn),
// and movement after a frozen spell is `present`, not `worn`.
// What it does not do: read a clock, call OpenXR, or keep signals (each span
// is valid until the next call).
//
//   tw::xr::HeadWatch watch;
//   watch.set_afk_after_s(policy.attention.afk_after_s);
//   for (const tw::Signal& s : watch.on_pose(pose, now, app)) push(s);
//   for (const tw::Signal& s : watch.on_user_presence(false, now, app)) push(s);  // taken off
#pragma once

#include <array>
#include <cstdint>
#include <span>

#include "core/attention/presence.hpp"

namespace tw::xr {

class HeadWatch {
 public:
  static constexpr int64_t kHeadSampleMs = 100;

  void set_afk_after_s(int64_t afk_after_s);
  std::span<const Signal> on_pose(const HeadPose& pose, Instant at, AppId app);
  // No valid pose this frame (tracking lost): time passes without movement.
  std::span<const Signal> on_untracked(Instant at, AppId app);
  // An XrEventDataUserPresenceChangedEXT: the sensor's word on being worn.
  std::span<const Signal> on_user_presence(bool present, Instant at, AppId app);

  bool sensor() const { return sensor_; }

 private:
  // The detector's signals, as the worn source in use allows.
  void take(std::span<const Signal> from);
  void add(const Signal& s);

  PresenceDetector presence_;
  int64_t afk_after_s_ = 0;
  bool sensor_ = false;
  bool sensor_worn_ = true;  // the core starts out worn
  bool have_head_ = false;
  HeadPose last_head_;
  int64_t last_head_ns_ = 0;
  std::array<Signal, 2> out_{};
  size_t count_ = 0;
};

}  // namespace tw::xr
