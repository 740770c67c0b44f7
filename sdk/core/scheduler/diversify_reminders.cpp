#include "core/scheduler/diversify_reminders.hpp"

#include <algorithm>

#include "core/clock.hpp"
#include "core/diversify/concentration.hpp"
#include "core/overlay.hpp"

namespace tw {

std::string_view to_string(ReminderEvent e) noexcept {
  switch (e) {
    case ReminderEvent::concentration: return "concentration";
    case ReminderEvent::reset_shown: return "reset_shown";
    case ReminderEvent::reset_done: return "reset_done";
    case ReminderEvent::reset_later: return "reset_later";
    case ReminderEvent::reset_dismissed: return "reset_dismissed";
  }
  return "unknown";
}

std::optional<ReminderEvent> reminder_event_from(std::string_view name) noexcept {
  for (const ReminderEvent e : {ReminderEvent::concentration, ReminderEvent::reset_shown, ReminderEvent::reset_done,
                                ReminderEvent::reset_later, ReminderEvent::reset_dismissed})
    if (to_string(e) == name) return e;
  return std::nullopt;
}

void DiversifyReminders::set_policy(const Policy& policy) {
  std::vector<GroupState> groups;
  for (const DiversifyGroup& g : policy.diversify.groups) {
    GroupState s{.name = g.name};
    for (const GroupState& old : groups_)
      if (old.name == g.name) s.reminded_ms = old.reminded_ms;
    groups.push_back(std::move(s));
  }
  std::vector<ResetState> resets;
  for (const RecommendationReset& r : policy.diversify.resets) {
    ResetState s{.app = r.app};
    for (const ResetState& old : resets_)
      if (old.app == r.app) s = old, s.app = r.app;
    resets.push_back(std::move(s));
  }
  groups_ = std::move(groups);
  resets_ = std::move(resets);
}

void DiversifyReminders::seed(ReminderEvent e, std::string_view subject, int64_t at_ms, int64_t next_day_ms) {
  if (e == ReminderEvent::concentration) {
    for (GroupState& g : groups_)
      if (g.name == subject) g.reminded_ms = std::max(g.reminded_ms, at_ms);
    return;
  }
  for (ResetState& r : resets_)
    if (r.app == subject) r.seen = true, r.last = e, r.at_ms = at_ms, r.next_day_ms = next_day_ms;
}

int64_t DiversifyReminders::reset_due_ms(const Policy& policy, int32_t reset) const {
  if (reset < 0 || static_cast<size_t>(reset) >= resets_.size() ||
      static_cast<size_t>(reset) >= policy.diversify.resets.size())
    return INT64_MAX;
  const ResetState& r = resets_[static_cast<size_t>(reset)];
  if (!r.seen) return INT64_MIN;
  const int64_t period_ms = sat_mul(policy.diversify.resets[static_cast<size_t>(reset)].every_days, kDayMs);
  switch (r.last) {
    case ReminderEvent::reset_done:
    case ReminderEvent::reset_dismissed: return sat_add(r.at_ms, period_ms);
    case ReminderEvent::reset_later: return sat_add(r.at_ms, 1);  // a later breakpoint, not this one
    case ReminderEvent::reset_shown: return r.next_day_ms;
    case ReminderEvent::concentration: break;
  }
  return INT64_MAX;
}

bool DiversifyReminders::wants_week(const Policy& policy, int64_t now_ms) const {
  const int64_t every_ms = sat_mul(policy.diversify.remind_every_days, kDayMs);
  for (size_t g = 0; g < policy.diversify.groups.size() && g < groups_.size(); ++g)
    if (groups_[g].reminded_ms == INT64_MIN || now_ms >= sat_add(groups_[g].reminded_ms, every_ms)) return true;
  return false;
}

int64_t DiversifyReminders::group_reminded_ms(int32_t group) const {
  if (group < 0 || static_cast<size_t>(group) >= groups_.size()) return INT64_MIN;
  return groups_[static_cast<size_t>(group)].reminded_ms;
}

std::span<const ReminderDue> DiversifyReminders::due(const Policy& policy, std::span<const UsageTotal> week,
                                                     int64_t now_ms, int64_t next_day_ms) {
  due_.clear();
  const Diversify& d = policy.diversify;
  const int64_t every_ms = sat_mul(d.remind_every_days, kDayMs);
  for (size_t g = 0; g < d.groups.size() && g < groups_.size(); ++g) {
    GroupState& s = groups_[g];
    if (s.reminded_ms != INT64_MIN && now_ms < sat_add(s.reminded_ms, every_ms)) continue;
    const Concentration c = concentration(policy, d.groups[g], week);
    if (!c.concentrated) continue;
    s.reminded_ms = now_ms;
    // A view of the name in `week` (the caller's), not of `c`, which goes now.
    std::string_view app;
    for (const UsageTotal& u : week)
      if (u.name == c.top_app) app = u.name;
    due_.push_back({.reminder = concentration_reminder(static_cast<int32_t>(g)),
                    .reason = Reason::concentration,
                    .app = app,
                    .top_s = c.top_ms / 1000,
                    .group_s = c.group_ms / 1000});
  }
  for (size_t r = 0; r < d.resets.size() && r < resets_.size(); ++r) {
    if (now_ms < reset_due_ms(policy, static_cast<int32_t>(r))) continue;
    ResetState& s = resets_[r];
    s.seen = true, s.last = ReminderEvent::reset_shown, s.at_ms = now_ms, s.next_day_ms = next_day_ms;
    due_.push_back({.reminder = reset_reminder(static_cast<int32_t>(r)), .reason = Reason::reset_due, .app = d.resets[r].app});
  }
  return due_;
}

void DiversifyReminders::answered(int32_t reset, ReminderEvent e, int64_t now_ms) {
  if (reset < 0 || static_cast<size_t>(reset) >= resets_.size()) return;
  ResetState& s = resets_[static_cast<size_t>(reset)];
  s.seen = true, s.last = e, s.at_ms = now_ms;
}

}  // namespace tw
