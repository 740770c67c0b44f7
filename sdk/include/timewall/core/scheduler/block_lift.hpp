// block_lift.hpp: when a block shield's block lifts, read from the
// scheduler's decision (the shield's Overlay: its reason, window and
// budget) and the policy in force.
//
// What it does: a sleep, focus or schedule window's block lifts at the
// window's end (a local minute of the day); youth night at the night's end;
// the youth daily cap at local midnight; a budget's block when its period
// resets (daily: local midnight; weekly: local Monday 00:00).
// What it does not do: format text (the renderer writes "until 07:00" or
// "budget resets at midnight"), or know a reclaimed slot's end (unknown:
// the shield then says only why).
//
//   const tw::BlockLift lift = tw::block_lift(shield_overlay, policy);
//   if (lift.kind == tw::LiftKind::at_minute) show_until(lift.minute / 60, lift.minute % 60);
#pragma once

#include <cstdint>

#include "core/overlay.hpp"
#include "core/policy.hpp"

namespace tw {

enum class LiftKind : uint8_t {
  unknown,      // not known (reclaimed time), or not a block
  at_minute,    // at local minute `minute` of the day (a window's or youth night's end)
  day_reset,    // local midnight: a daily budget, or the youth daily cap
  week_reset,   // local Monday 00:00: a weekly budget
};

struct BlockLift {
  LiftKind kind = LiftKind::unknown;
  MinuteOfDay minute = 0;  // at_minute: 0..1439

  bool operator==(const BlockLift&) const = default;
};

BlockLift block_lift(const Overlay& shield, const Policy& policy) noexcept;

}  // namespace tw
