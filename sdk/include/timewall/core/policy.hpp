// policy.hpp: the wearer's policy, as the core uses it.
//
// What it does: a plain value type holding every rule the wearer set: the
// value of their time, budgets with their escalation ladder, idle-moment
// fill/protect rules, protected windows (sleep, focus, named schedules),
// reclaimed time, bounded deferral, motion safety and youth mode.
// What it does not do: parse files or validate. policy_loader.hpp turns a
// TOML file into a Policy and reports file:line:column:key for every error;
// A Policy the loader returns has passed validation. docs/policy-reference.md
// documents every key and default; operator== compares every field (the
// PolicyStore uses it to notice a youth-section change).
//
//   tw::Policy p;                       // defaults are a usable policy
//   p.budgets.push_back({.id = "social-daily", .scope = tw::BudgetScope::category,
//                        .target = "social", .limit_s = 30 * 60});
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace tw {

// Minutes after local midnight, 0..1439. A window whose end is not after its
// start wraps past midnight (sleep 23:00 -> 07:00): it belongs to the day it
// starts on and runs into the next morning. start == end never comes from a
// file (the loader rejects it) except for an idle rule that names days but no
// times, where 0..0 means the whole day.
using MinuteOfDay = int32_t;

// Bit d set = weekday d (0 = Monday .. 6 = Sunday).
using WeekdayMask = uint8_t;
inline constexpr WeekdayMask kEveryDay = 0x7F;

struct TimeValue {
  double hourly_value = 0.0;     // what one attended hour is worth to the wearer
  std::string currency = "EUR";  // ISO 4217 code, shown beside costs
  std::string timezone = "UTC";  // IANA name; day boundaries are local midnight

  bool operator==(const TimeValue&) const = default;
};

enum class BudgetScope : uint8_t { app, category };
enum class BudgetPeriod : uint8_t { daily, weekly };
enum class LimitAction : uint8_t { notify, friction, block };

struct Budget {
  std::string id;
  BudgetScope scope = BudgetScope::category;
  std::string target;  // app id or category name
  BudgetPeriod period = BudgetPeriod::daily;
  int64_t limit_s = 0;
  std::vector<double> warn_at = {0.8};  // fractions of limit_s, ascending, in (0, 1)
  LimitAction at_limit = LimitAction::notify;
  int64_t extension_s = 5 * 60;  // granted per "continue anyway" (friction only)
  int32_t max_extensions = 2;    // per period; after that the prompt has no bypass

  bool operator==(const Budget&) const = default;
};

// What the wearer does on a friction prompt (docs/policy-reference.md,
// [[friction.exercise]]); the values are stable (the C ABI's tw_exercise_kind).
enum class ExerciseKind : uint8_t {
  breathe,      // a paced breath (4 s in, 6 s out), `breaths` times
  intention,    // pick one of Friction::intentions
  wait,         // a countdown of `wait_s`
  alternative,  // pick one of the fill items (Idle::items) instead
};

struct Exercise {
  std::string id;
  ExerciseKind kind = ExerciseKind::breathe;
  std::string text;     // shown on the friction prompt
  int32_t breaths = 3;  // breathe only
  int64_t wait_s = 10;  // wait only

  bool operator==(const Exercise&) const = default;
};

// The adaptive rotation's generator seed when the policy sets none: fixed, so
// replays of the same signals pick the same exercises (exercise_picker.hpp).
inline constexpr int64_t kDefaultExerciseSeed = 0x74696d6577616c6c;  // "timewall"

struct Friction {
  int64_t pause_s = 10;             // the countdown before "continue anyway" is offered
  std::vector<Exercise> exercises;  // picked by measured effect, never one twice in a row
  double floor_share = 0.1;         // each exercise's least share of the picks
  int64_t seed = kDefaultExerciseSeed;  // the picker's generator
  std::vector<std::string> intentions;  // the wearer's own reasons, picked on an intention exercise

  bool operator==(const Friction&) const = default;
};

enum class IdleMode : uint8_t { fill, protect };

struct IdleRule {
  // A rule matches when every set condition holds; the first match wins.
  bool match_context = false;
  uint8_t context = 0;  // tw::Context value when match_context
  bool match_time = false;  // days and start..end below apply
  WeekdayMask days = kEveryDay;
  MinuteOfDay start = 0;
  MinuteOfDay end = 0;
  IdleMode mode = IdleMode::protect;

  bool operator==(const IdleRule&) const = default;
};

enum class FillKind : uint8_t { vocabulary, breathing, note };

struct FillItem {
  std::string id;
  FillKind kind = FillKind::note;
  std::string title;
  std::string body;

  bool operator==(const FillItem&) const = default;
};

struct Idle {
  int64_t min_idle_s = 20;  // no interaction for this long starts an idle moment
  IdleMode default_mode = IdleMode::protect;
  std::vector<IdleRule> rules;
  std::vector<FillItem> items;  // local, wearer-chosen; never ads or remote content

  bool operator==(const Idle&) const = default;
};

enum class WindowKind : uint8_t { sleep, focus, schedule };

struct ProtectedWindow {
  std::string name;  // unique across all windows; "sleep" for the sleep window
  WindowKind kind = WindowKind::schedule;
  WeekdayMask days = kEveryDay;  // the days the window starts on
  MinuteOfDay start = 0;
  MinuteOfDay end = 0;
  int32_t wind_down_min = 0;  // sleep only: wind-down shown this long before start
  std::vector<std::string> block_categories;
  std::vector<std::string> friction_categories;

  bool operator==(const ProtectedWindow&) const = default;
};

struct Reclaim {
  std::vector<std::string> protect_categories;  // blocked for the rest of a slot finished early

  bool operator==(const Reclaim&) const = default;
};

struct Deferral {
  int64_t max_defer_s = 120;  // a non-urgent nudge never waits longer than this

  bool operator==(const Deferral&) const = default;
};

// What happens to a notification (docs/policy-reference.md, [notifications]).
enum class NotifyRoute : uint8_t {
  deliver,  // shown at once, whatever its urgency (still held while walking)
  batch,    // low and normal wait for the next breakpoint (<= max_defer_s) and
            // through protected windows; critical passes as urgent
  hold,     // as batch, but during a protected window even critical waits for its end
  drop,     // never shown; recorded as dropped
};

struct NotifyRule {
  std::string app{};       // a normalised app id; empty when `category` is set
  std::string category{};  // an [apps] category; empty when `app` is set
  NotifyRoute route = NotifyRoute::batch;

  bool operator==(const NotifyRule&) const = default;
};

struct Notifications {
  NotifyRoute default_route = NotifyRoute::batch;
  int32_t flood_per_min = 20;     // per app; beyond it the rest join one batched card
  std::vector<NotifyRule> rules;  // app rules before category rules; the first match wins

  bool operator==(const Notifications&) const = default;
};

struct Motion {
  double walk_mps = 0.7;     // head linear speed above this = walking
  double turn_dps = 90.0;    // head angular speed above this = turning fast
  int64_t settle_s = 2;      // motion must stay below both this long to settle

  bool operator==(const Motion&) const = default;
};

struct Youth {
  bool enabled = false;
  int64_t daily_cap_s = 2 * 3600;  // all apps together
  MinuteOfDay night_start = 21 * 60;
  MinuteOfDay night_end = 7 * 60;
  std::vector<std::string> allow;  // app ids usable at night
  std::string guardian_pin_hash;   // argon2id string from libsodium; never the PIN

  bool operator==(const Youth&) const = default;
};

struct AttentionConfig {
  int64_t afk_after_s = 120;    // no interaction for this long = away
  int64_t heartbeat_pulse_s = 30;  // ledger heartbeats merge within this gap
  double dwell_s = 1.2;         // gaze resting on a card's button this long chooses it
  // Thumb and index tips closer than this: a pinch (a hand's select);
  // farther than pinch_open_cm: open again. The gap between the two keeps a
  // pinch held at the threshold from flickering (layout::PinchDetector).
  double pinch_close_cm = 1.5;
  double pinch_open_cm = 3.0;

  bool operator==(const AttentionConfig&) const = default;
};

// [diversify]: one app holding most of a group's attention, and the
// recommendations the wearer resets now and then (docs/policy-reference.md).
struct DiversifyGroup {
  std::string name;                     // "leisure"
  std::vector<std::string> categories;  // weighed together, app by app
  double max_top_share = 0.6;           // one app above this share of the group's week is concentration
  int64_t min_week_s = 3600;            // a week with less time in the group is not judged

  bool operator==(const DiversifyGroup&) const = default;
};

struct RecommendationReset {
  std::string app;       // app id
  int32_t every_days = 30;
  std::string note;      // the wearer's own words on how to reset it; local text, never fetched

  bool operator==(const RecommendationReset&) const = default;
};

struct Diversify {
  int32_t remind_every_days = 7;  // at most one concentration reminder per group this often
  std::vector<DiversifyGroup> groups;
  std::vector<RecommendationReset> resets;

  bool operator==(const Diversify&) const = default;
};

struct AppCategory {
  std::string app;
  std::string category;

  bool operator==(const AppCategory&) const = default;
};

struct Policy {
  int32_t schema = 1;
  TimeValue time_value;
  AttentionConfig attention;
  std::vector<AppCategory> apps;  // unknown apps fall in category "other"
  std::vector<Budget> budgets;
  Friction friction;
  Idle idle;
  std::vector<ProtectedWindow> windows;
  Reclaim reclaim;
  Deferral deferral;
  Notifications notifications;
  Motion motion;
  Youth youth;
  Diversify diversify;

  bool operator==(const Policy&) const = default;
};

}  // namespace tw
