#include "core/policy/policy_keys.hpp"

#include <array>

namespace tw {
namespace {

using K = std::string_view;
constexpr K kRoot[] = {"schema", "time_value", "attention", "apps", "budget", "friction",
                       "idle", "sleep", "focus", "schedule", "reclaim", "deferral",
                       "notifications", "motion", "youth", "diversify"};
constexpr K kTimeValue[] = {"hourly", "currency", "timezone"};
constexpr K kAttention[] = {"afk_after_s", "heartbeat_pulse_s", "dwell_s", "pinch_close_cm", "pinch_open_cm"};
constexpr K kBudget[] = {"id", "app", "category", "period", "limit_min", "warn_at", "at_limit",
                         "extension_min", "max_extensions"};
constexpr K kFriction[] = {"pause_s", "intentions", "exercise", "floor_share", "seed"};
constexpr K kExercise[] = {"id", "kind", "text", "breaths", "wait_s"};
constexpr K kIdle[] = {"min_idle_s", "default", "rule", "item"};
constexpr K kIdleRule[] = {"context", "days", "from", "to", "mode"};
constexpr K kIdleItem[] = {"id", "kind", "title", "body"};
constexpr K kSleep[] = {"bedtime", "wake", "days", "wind_down_min", "block", "friction"};
constexpr K kWindow[] = {"name", "days", "from", "to", "block", "friction"};
constexpr K kReclaim[] = {"protect"};
constexpr K kDeferral[] = {"max_defer_s"};
constexpr K kNotifications[] = {"default", "flood_per_min", "rule"};
constexpr K kNotifyRule[] = {"app", "category", "route"};
constexpr K kMotion[] = {"walk_mps", "turn_dps", "settle_s"};
constexpr K kYouth[] = {"enabled", "daily_cap_min", "night_from", "night_to", "allow",
                        "guardian_pin_hash"};

constexpr K kDiversify[] = {"remind_every_days", "group", "reset"};
constexpr K kDiversifyGroup[] = {"name", "categories", "max_top_share", "min_week_min"};
constexpr K kDiversifyReset[] = {"app", "every_days", "note"};

constexpr std::array kTables = {
    PolicyTableKeys{"", kRoot},
    PolicyTableKeys{"time_value", kTimeValue},
    PolicyTableKeys{"attention", kAttention},
    PolicyTableKeys{"budget[]", kBudget},
    PolicyTableKeys{"friction", kFriction},
    PolicyTableKeys{"friction.exercise[]", kExercise},
    PolicyTableKeys{"idle", kIdle},
    PolicyTableKeys{"idle.rule[]", kIdleRule},
    PolicyTableKeys{"idle.item[]", kIdleItem},
    PolicyTableKeys{"sleep", kSleep},
    PolicyTableKeys{"focus[]", kWindow},
    PolicyTableKeys{"schedule[]", kWindow},
    PolicyTableKeys{"reclaim", kReclaim},
    PolicyTableKeys{"deferral", kDeferral},
    PolicyTableKeys{"notifications", kNotifications},
    PolicyTableKeys{"notifications.rule[]", kNotifyRule},
    PolicyTableKeys{"motion", kMotion},
    PolicyTableKeys{"youth", kYouth},
    PolicyTableKeys{"diversify", kDiversify},
    PolicyTableKeys{"diversify.group[]", kDiversifyGroup},
    PolicyTableKeys{"diversify.reset[]", kDiversifyReset},
};

}  // namespace

std::span<const PolicyTableKeys> policy_key_tables() { return kTables; }

std::span<const std::string_view> policy_keys(std::string_view table) {
  for (const PolicyTableKeys& t : kTables) {
    if (t.table == table) return t.keys;
  }
  return {};
}

}  // namespace tw
