// daily_summary.hpp: the card that tells the wearer what the day that ended
// cost them.
//
// What it does: when a local day ends, holds its attended time and cost;
// the card is wanted until the wearer's next interaction after it was on
// screen at least once (a card held by motion is not dismissed unseen).
// What it does not do: notice midnight (the Scheduler calls day_ended), or
// decide whether motion holds the card.
//
//   tw::DailySummary s;
//   s.day_ended(attended_ns, policy.time_value.hourly_value);
//   if (s.wanted()) push(s.overlay());
#pragma once

#include <cstdint>

#include "core/overlay.hpp"

namespace tw {

class DailySummary {
 public:
  void day_ended(int64_t attended_ns, double hourly_value);
  // An interaction or app focus: dismisses the card once it has been seen.
  void on_interaction() {
    if (seen_) wanted_ = false;
  }
  void mark_seen() { seen_ = true; }
  bool wanted() const { return wanted_; }
  Overlay overlay() const;

 private:
  bool wanted_ = false;
  bool seen_ = false;  // in an overlay set at least once: an interaction may dismiss it
  int64_t used_s_ = 0;
  double cost_ = 0.0;
};

}  // namespace tw
