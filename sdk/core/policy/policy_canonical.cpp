#include "core/policy/policy_canonical.hpp"

#include <charconv>
#include <cstdio>
#include <string_view>

#include <sodium.h>

#include "core/signals.hpp"

namespace tw {
namespace {

constexpr std::string_view kDayNames[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

class Writer {
 public:
  void header(std::string_view h) { out_ += (out_.empty() ? "" : "\n") + std::string(h) + '\n'; }
  void key(std::string_view k) { out_ += std::string(k) + " = "; }

  void str(std::string_view k, std::string_view v) {
    key(k);
    quoted(v);
    out_ += '\n';
  }
  void quoted_key_str(std::string_view k, std::string_view v) {  // "app.id" = "value"
    quoted(k);
    out_ += " = ";
    quoted(v);
    out_ += '\n';
  }
  void integer(std::string_view k, int64_t v) {
    key(k);
    out_ += std::to_string(v) + '\n';
  }
  void number(std::string_view k, double v) {
    key(k);
    num(v);
    out_ += '\n';
  }
  void boolean(std::string_view k, bool v) {
    key(k);
    out_ += v ? "true\n" : "false\n";
  }
  void hhmm(std::string_view k, MinuteOfDay m) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%02d:%02d", static_cast<int>(m / 60), static_cast<int>(m % 60));
    str(k, buf);
  }
  void days(std::string_view k, WeekdayMask mask) {
    key(k);
    out_ += '[';
    bool first = true;
    for (int d = 0; d < 7; ++d) {
      if (!(mask & (1u << d))) continue;
      out_ += first ? "" : ", ";
      quoted(kDayNames[d]);
      first = false;
    }
    out_ += "]\n";
  }
  void strings(std::string_view k, const std::vector<std::string>& v) {
    key(k);
    out_ += '[';
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (i) out_ += ", ";
      quoted(v[i]);
    }
    out_ += "]\n";
  }
  void numbers(std::string_view k, const std::vector<double>& v) {
    key(k);
    out_ += '[';
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (i) out_ += ", ";
      num(v[i]);
    }
    out_ += "]\n";
  }
  void quoted(std::string_view s) {
    out_ += '"';
    for (char c : s) {
      switch (c) {
        case '"': out_ += "\\\""; break;
        case '\\': out_ += "\\\\"; break;
        case '\n': out_ += "\\n"; break;
        case '\t': out_ += "\\t"; break;
        case '\r': out_ += "\\r"; break;
        default:
          if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04X", static_cast<unsigned>(static_cast<unsigned char>(c)));
            out_ += buf;
          } else {
            out_ += c;
          }
      }
    }
    out_ += '"';
  }
  std::string take() { return std::move(out_); }

 private:
  // Shortest text that reads back to the same double, always a TOML float.
  void num(double v) {
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    std::string s(buf, r.ptr);
    if (s.find_first_of(".eEn") == std::string::npos) s += ".0";  // "n": nan, inf stay as is
    out_ += s;
  }
  std::string out_;
};

void window_lists(Writer& w, const ProtectedWindow& win) {
  w.strings("block", win.block_categories);
  w.strings("friction", win.friction_categories);
}

}  // namespace

std::string canonical_policy_text(const Policy& p) {
  Writer w;
  w.integer("schema", p.schema);

  w.header("[time_value]");
  w.number("hourly", p.time_value.hourly_value);
  w.str("currency", p.time_value.currency);
  w.str("timezone", p.time_value.timezone);

  w.header("[attention]");
  w.integer("afk_after_s", p.attention.afk_after_s);
  w.integer("heartbeat_pulse_s", p.attention.heartbeat_pulse_s);
  w.number("dwell_s", p.attention.dwell_s);
  w.number("pinch_close_cm", p.attention.pinch_close_cm);
  w.number("pinch_open_cm", p.attention.pinch_open_cm);

  w.header("[apps]");
  for (const AppCategory& a : p.apps) w.quoted_key_str(a.app, a.category);

  for (const Budget& b : p.budgets) {
    w.header("[[budget]]");
    w.str("id", b.id);
    w.str(b.scope == BudgetScope::app ? "app" : "category", b.target);
    w.str("period", b.period == BudgetPeriod::daily ? "daily" : "weekly");
    w.integer("limit_min", b.limit_s / 60);
    w.numbers("warn_at", b.warn_at);
    constexpr std::string_view kActions[3] = {"notify", "friction", "block"};
    w.str("at_limit", kActions[static_cast<int>(b.at_limit)]);
    w.integer("extension_min", b.extension_s / 60);
    w.integer("max_extensions", b.max_extensions);
  }

  w.header("[friction]");
  w.integer("pause_s", p.friction.pause_s);
  if (!p.friction.intentions.empty()) w.strings("intentions", p.friction.intentions);
  // Written only when set, so the text (and hash) of older policies stays.
  if (p.friction.floor_share != Friction{}.floor_share) w.number("floor_share", p.friction.floor_share);
  if (p.friction.seed != kDefaultExerciseSeed) w.integer("seed", p.friction.seed);
  for (const Exercise& e : p.friction.exercises) {
    w.header("[[friction.exercise]]");
    w.str("id", e.id);
    constexpr std::string_view kKinds[4] = {"breathe", "intention", "wait", "alternative"};
    w.str("kind", kKinds[static_cast<int>(e.kind)]);
    w.str("text", e.text);
    if (e.kind == ExerciseKind::breathe) w.integer("breaths", e.breaths);
    if (e.kind == ExerciseKind::wait) w.integer("wait_s", e.wait_s);
  }

  constexpr std::string_view kModes[2] = {"fill", "protect"};
  w.header("[idle]");
  w.integer("min_idle_s", p.idle.min_idle_s);
  w.str("default", kModes[static_cast<int>(p.idle.default_mode)]);
  for (const IdleRule& r : p.idle.rules) {
    w.header("[[idle.rule]]");
    if (r.match_context) {
      constexpr std::string_view kContexts[4] = {"none", "waiting", "commuting", "in_conversation"};
      w.str("context", kContexts[r.context < 4 ? r.context : 0]);
    }
    if (r.match_time) {
      if (r.days != kEveryDay || r.start == r.end) w.days("days", r.days);
      if (r.start != r.end) {
        w.hhmm("from", r.start);
        w.hhmm("to", r.end);
      }
    }
    w.str("mode", kModes[static_cast<int>(r.mode)]);
  }
  for (const FillItem& item : p.idle.items) {
    w.header("[[idle.item]]");
    w.str("id", item.id);
    constexpr std::string_view kKinds[3] = {"vocabulary", "breathing", "note"};
    w.str("kind", kKinds[static_cast<int>(item.kind)]);
    w.str("title", item.title);
    w.str("body", item.body);
  }

  for (const ProtectedWindow& win : p.windows) {
    if (win.kind != WindowKind::sleep) continue;
    w.header("[sleep]");
    w.hhmm("bedtime", win.start);
    w.hhmm("wake", win.end);
    w.days("days", win.days);
    w.integer("wind_down_min", win.wind_down_min);
    window_lists(w, win);
  }
  for (WindowKind kind : {WindowKind::focus, WindowKind::schedule}) {
    for (const ProtectedWindow& win : p.windows) {
      if (win.kind != kind) continue;
      w.header(kind == WindowKind::focus ? "[[focus]]" : "[[schedule]]");
      w.str("name", win.name);
      w.days("days", win.days);
      w.hhmm("from", win.start);
      w.hhmm("to", win.end);
      window_lists(w, win);
    }
  }

  w.header("[reclaim]");
  w.strings("protect", p.reclaim.protect_categories);
  w.header("[deferral]");
  w.integer("max_defer_s", p.deferral.max_defer_s);
  // Written only when set, so the hash of a policy without notification
  // rules is the one earlier versions recorded.
  if (p.notifications != Notifications{}) {
    static constexpr std::string_view kRoutes[] = {"deliver", "batch", "hold", "drop"};
    w.header("[notifications]");
    w.str("default", kRoutes[static_cast<int>(p.notifications.default_route)]);
    w.integer("flood_per_min", p.notifications.flood_per_min);
    for (const NotifyRule& r : p.notifications.rules) {
      w.header("[[notifications.rule]]");
      if (!r.app.empty()) w.str("app", r.app);
      else w.str("category", r.category);
      w.str("route", kRoutes[static_cast<int>(r.route)]);
    }
  }
  w.header("[motion]");
  w.number("walk_mps", p.motion.walk_mps);
  w.number("turn_dps", p.motion.turn_dps);
  w.integer("settle_s", p.motion.settle_s);

  w.header("[youth]");
  w.boolean("enabled", p.youth.enabled);
  w.integer("daily_cap_min", p.youth.daily_cap_s / 60);
  w.hhmm("night_from", p.youth.night_start);
  w.hhmm("night_to", p.youth.night_end);
  w.strings("allow", p.youth.allow);
  w.str("guardian_pin_hash", p.youth.guardian_pin_hash);
  w.header("[diversify]");
  w.integer("remind_every_days", p.diversify.remind_every_days);
  for (const DiversifyGroup& g : p.diversify.groups) {
    w.header("[[diversify.group]]");
    w.str("name", g.name);
    w.strings("categories", g.categories);
    w.number("max_top_share", g.max_top_share);
    w.integer("min_week_min", g.min_week_s / 60);
  }
  for (const RecommendationReset& r : p.diversify.resets) {
    w.header("[[diversify.reset]]");
    w.str("app", r.app);
    w.integer("every_days", r.every_days);
    w.str("note", r.note);
  }
  return w.take();
}

std::string policy_hash(const Policy& p) { return policy_text_hash(canonical_policy_text(p)); }

std::string policy_text_hash(std::string_view text) {
  // Idempotent; BLAKE2b gives the same digest with or without the fast paths.
  [[maybe_unused]] const int sodium_status = sodium_init();
  unsigned char digest[crypto_generichash_BYTES];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(text.data()),
                     text.size(), nullptr, 0);
  char hex[crypto_generichash_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

}  // namespace tw
