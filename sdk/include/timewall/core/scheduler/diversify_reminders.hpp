// diversify_reminders.hpp: when the [diversify] reminders are due.
//
// What it does: keeps, per [[diversify.group]], when its last concentration
// reminder went out, and per [[diversify.reset]] what last became of its
// reminder (shown, done, later, dismissed), and at a breakpoint says which
// reminders are due there:
//   - a group whose week so far is concentrated (core/diversify/
//     concentration.hpp: its top app above max_top_share, with at least
//     min_week_min in the group) and that had no reminder in the last
//     remind_every_days;
//   - a reset never answered yet, every_days after its last "Done" (or
//     dismiss), at a breakpoint after its "Later", and the local day after
//     a card that went unanswered.
// State moves by group name and reset app across a policy swap, so a reload
// neither repeats a reminder nor forgets a reset done. The ledger's rows
// (ReminderEvent) seed it at start, so neither does a restart.
// What it does not do: decide what a breakpoint is, hold cards or emit
// decisions (the Scheduler does), read the ledger (the Engine seeds it) or
// read a clock: instants come in as parameters.
//
//   tw::DiversifyReminders r;
//   r.set_policy(policy);
//   r.seed(tw::ReminderEvent::reset_done, "com.example.clips", done_ms, next_day_ms);
//   for (const tw::ReminderDue& d : r.due(policy, week_usage, now_ms, next_day_ms)) show(d);
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/interner.hpp"
#include "core/ledger/ledger.hpp"
#include "core/policy.hpp"
#include "core/reason.hpp"

namespace tw {

// What became of a reminder; the names are the ledger's (reminder.kind).
enum class ReminderEvent : uint8_t {
  concentration,    // a group's concentration card was delivered
  reset_shown,      // a reset card was delivered
  reset_done,       // "Done": the wearer reset the app's recommendations
  reset_later,      // "Later"
  reset_dismissed,  // "Dismiss": not this period
};

std::string_view to_string(ReminderEvent e) noexcept;
std::optional<ReminderEvent> reminder_event_from(std::string_view name) noexcept;

struct ReminderDue {
  int32_t reminder = 0;  // concentration_reminder(group) / reset_reminder(reset), overlay.hpp
  Reason reason = Reason::none;  // concentration or reset_due
  std::string_view app;   // the group's top app (a view into `week`), or the reset's app (the policy's)
  int64_t top_s = 0;      // concentration: the top app's and the group's attended s this week
  int64_t group_s = 0;
};

class DiversifyReminders {
 public:
  static constexpr int64_t kDayMs = 86'400'000;

  // Takes the policy's groups and resets; state moves by group name and
  // reset app (a group or reset that is gone forgets its state).
  void set_policy(const Policy& policy);
  // From the ledger, in time order: the last event for `subject` (a group's
  // name for concentration, the reset's app id otherwise) wins.
  // `next_day_ms`: the local midnight after `at_ms` (an unanswered card
  // comes back the next local day).
  void seed(ReminderEvent e, std::string_view subject, int64_t at_ms, int64_t next_day_ms);

  // The reminders due at a breakpoint at `now_ms`, each marked shown there
  // (the caller delivers all of them). `week`: attended ms per app id this
  // local week. Empty when the policy has no [diversify] reminders.
  std::span<const ReminderDue> due(const Policy& policy, std::span<const UsageTotal> week, int64_t now_ms,
                                   int64_t next_day_ms);
  bool any(const Policy& policy) const {
    return !policy.diversify.groups.empty() || !policy.diversify.resets.empty();
  }

  // Some group may be reminded at `now_ms` (none reminded within
  // remind_every_days): only then does due() need this week's usage.
  bool wants_week(const Policy& policy, int64_t now_ms) const;

  // The wearer's answers on reset card `reset` (an index into the resets).
  void answered(int32_t reset, ReminderEvent e, int64_t now_ms);

  // When reset `reset` is next due (INT64_MIN: at the next breakpoint).
  int64_t reset_due_ms(const Policy& policy, int32_t reset) const;
  // When group `group`'s last concentration reminder went out (INT64_MIN: never).
  int64_t group_reminded_ms(int32_t group) const;

 private:
  struct GroupState {
    std::string name;
    int64_t reminded_ms = INT64_MIN;
  };
  struct ResetState {
    std::string app;
    bool seen = false;  // something happened to it (else due at once)
    ReminderEvent last = ReminderEvent::reset_shown;
    int64_t at_ms = 0;
    int64_t next_day_ms = 0;
  };
  std::vector<GroupState> groups_;
  std::vector<ResetState> resets_;
  std::vector<ReminderDue> due_;
};

}  // namespace tw
