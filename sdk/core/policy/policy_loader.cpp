#include "core/policy/policy_loader.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <set>
#include <tuple>

#include "core/app_id.hpp"
#include "core/app_id_overrides.hpp"
#include "core/guardian/pin_hash.hpp"
#include "core/policy/policy_file_mode.hpp"
#include "core/policy/policy_keys.hpp"
#include "core/policy/policy_limits.hpp"
#include "core/policy/policy_prescan.hpp"
#include "core/policy/policy_reader.hpp"
#include "core/policy/suggest.hpp"
#include "core/policy/window_overlap.hpp"
#include "core/signals.hpp"
#include "core/timezone.hpp"

namespace tw {
namespace {

namespace lim = policy_limits;

constexpr std::string_view kDayNames[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
constexpr std::string_view kWindowKinds[3] = {"sleep", "focus", "schedule"};

std::string in_quotes(std::string_view s) { return '"' + std::string(s) + '"'; }

bool is_category_name(std::string_view s) {
  if (s.empty() || s.size() > lim::kMaxIdChars) return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) return false;
  }
  return true;
}

// Decodes a parsed TOML document into a Policy, collecting every error.
class Decoder {
 public:
  Decoder(PolicyReader& r, const AppIdOverrides* app_map, YouthPin pin) : r_(r), app_map_(app_map), pin_(pin) {}

  Policy decode(const toml::table& root) {
    r_.check_keys(root, "", policy_keys(""));
    schema(root);
    time_value(root);
    attention(root);
    apps(root);  // before anything that names a category
    friction(root);  // before budgets and windows, which may need exercises
    budgets(root);
    idle(root);
    windows(root);
    reclaim(root);
    deferral(root);
    notifications(root);
    motion(root);
    youth(root);
    diversify(root);
    check_friction_has_exercises();
    check_alternatives_have_items();
    return std::move(p_);
  }

 private:
  void schema(const toml::table& root) {
    if (!root.contains("schema")) {
      r_.error({1, 1}, "schema", "missing required key; start the file with `schema = 1`");
      return;
    }
    if (auto v = r_.integer(root, "", "schema", 1, 1'000'000)) {
      if (*v != 1) {
        r_.error(pos_of(*root.get("schema")), "schema",
                 "schema " + std::to_string(*v) + " is newer than this Timewall reads (1)");
      }
    }
  }

  void time_value(const toml::table& root) {
    const toml::table* t = r_.table(root, "", "time_value");
    if (!t) return;
    const std::string path = "time_value";
    r_.check_keys(*t, path, policy_keys("time_value"));
    if (auto v = r_.number(*t, path, "hourly", 0.0, 1e6, false)) p_.time_value.hourly_value = *v;
    if (auto v = r_.string(*t, path, "currency", 0, 16)) {
      const bool ok = v->size() == 3 && std::all_of(v->begin(), v->end(), [](char c) {
                        return c >= 'A' && c <= 'Z';
                      });
      if (ok) {
        p_.time_value.currency = *v;
      } else {
        r_.error(pos_of(*t->get("currency")), "time_value.currency",
                 "must be a 3-letter ISO 4217 code in capitals such as \"EUR\", found " +
                     in_quotes(*v));
      }
    }
    if (auto v = r_.string(*t, path, "timezone", 1, 128)) {
      Result<TimeZone> zone = TimeZone::load(*v);
      if (zone) {
        p_.time_value.timezone = *v;
      } else {
        r_.error(pos_of(*t->get("timezone")), "time_value.timezone",
                 zone.error().code == Errc::not_found
                     ? "unknown time zone " + in_quotes(*v) +
                           "; use an IANA name such as \"Europe/Berlin\""
                     : zone.error().message);
      }
    }
  }

  void attention(const toml::table& root) {
    const toml::table* t = r_.table(root, "", "attention");
    if (!t) return;
    r_.check_keys(*t, "attention", policy_keys("attention"));
    if (auto v = r_.integer(*t, "attention", "afk_after_s", 1, 86'400)) p_.attention.afk_after_s = *v;
    if (auto v = r_.integer(*t, "attention", "heartbeat_pulse_s", 1, 3'600)) {
      p_.attention.heartbeat_pulse_s = *v;
    }
    if (auto v = r_.number(*t, "attention", "dwell_s", 0.2, 10.0, false)) p_.attention.dwell_s = *v;
    if (auto v = r_.number(*t, "attention", "pinch_close_cm", 0.5, 5.0, false)) p_.attention.pinch_close_cm = *v;
    if (auto v = r_.number(*t, "attention", "pinch_open_cm", 1.0, 10.0, false)) p_.attention.pinch_open_cm = *v;
    if (p_.attention.pinch_open_cm <= p_.attention.pinch_close_cm) {  // the hysteresis needs a gap
      char close[16], open[16];
      std::snprintf(close, sizeof close, "%g", p_.attention.pinch_close_cm);
      std::snprintf(open, sizeof open, "%g", p_.attention.pinch_open_cm);
      if (const toml::node* o = t->get("pinch_open_cm"))
        r_.error(pos_of(*o), "attention.pinch_open_cm",
                 std::string("must be more than pinch_close_cm (") + close + "), or a pinch held there flickers");
      else
        r_.error(pos_of(*t->get("pinch_close_cm")), "attention.pinch_close_cm",
                 std::string("must be less than pinch_open_cm (") + open + ", the default), or a pinch held there flickers");
    }
  }

  void apps(const toml::table& root) {
    const toml::table* t = r_.table(root, "", "apps");
    if (!t) return;
    if (t->size() > lim::kMaxApps) {
      r_.error(pos_of(*t), "apps",
               "has " + std::to_string(t->size()) + " entries; the limit is " +
                   std::to_string(lim::kMaxApps));
      return;
    }
    struct Entry {
      std::string id, category, key;
      SourcePos pos;
    };
    std::vector<Entry> entries;
    for (const auto& [k, v] : *t) {
      const std::string key = PolicyReader::join("apps", k.str());
      if (count_code_points(k.str()) > lim::kMaxAppIdChars) {
        r_.error(pos_of(k), key, "an app id is 1-256 characters");
        continue;
      }
      if (v.is_table()) {  // com.example.feed = "x" unquoted makes nested tables
        r_.error(pos_of(k), key,
                 "is a table; quote app ids that contain dots: \"com.example.feed\" = \"social\"");
        continue;
      }
      std::optional<std::string> id = app_id(k.str(), pos_of(k), key);
      std::optional<std::string> category = r_.string(*t, "apps", k.str(), 1, lim::kMaxIdChars);
      if (!id || !category) continue;
      if (!is_category_name(*category)) {
        r_.error(pos_of(v), key,
                 "a category name is 1-64 characters of a-z 0-9 _ -, found " + in_quotes(*category));
        continue;
      }
      entries.push_back({std::move(*id), std::move(*category), key, pos_of(k)});
    }
    // Keys that normalise to one id: the first in the file is the entry.
    std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
      return std::tie(a.id, a.pos.line, a.pos.column) < std::tie(b.id, b.pos.line, b.pos.column);
    });
    for (size_t i = 0; i < entries.size(); ++i) {
      Entry& e = entries[i];
      if (i > 0 && entries[i - 1].id == e.id) {
        const Entry& first = entries[i - 1];
        std::string same = "is the same app as " + first.key + " (line " + std::to_string(first.pos.line) +
                           "): app ids match whatever their case and surrounding whitespace";
        if (first.category != e.category) r_.error(e.pos, e.key, same + "; keep one of the two categories");
        else r_.warning(e.pos, e.key, same + "; this line is redundant");
        e.id = first.id, e.pos = first.pos, e.key = first.key;  // later duplicates compare with the first
        continue;
      }
      renamed_warning(e.id, e.pos, e.key);
      mapped_categories_.insert(e.category);
      p_.apps.push_back({e.id, e.category});
    }
  }

  // An app id as the policy names it, normalised by the app id rule
  // (core/app_id.hpp); an id no host can report is a warning, not an error:
  // the rest of the policy still applies.
  std::optional<std::string> app_id(std::string_view written, SourcePos pos, const std::string& key) {
    std::string id = normalize_app_id(written);
    if (id.empty()) {
      r_.error(pos, key, "an app id is 1-256 characters, not only whitespace");
      return std::nullopt;
    }
    if (const std::string why = unreachable_app_id(id); !why.empty())
      r_.warning(pos, key, "no host can report app id " + in_quotes(id) + ", so this never applies: " + why);
    return id;
  }

  // An OpenXR id that the wearer's app map sends elsewhere is never reported.
  void renamed_warning(const std::string& id, SourcePos pos, const std::string& key) {
    if (!app_map_ || !id.starts_with(kOpenXrAppPrefix)) return;
    for (const AppIdOverrides::Entry& e : app_map_->entries()) {
      if (openxr_app_id(e.name) != id || e.app_id == id) continue;
      r_.warning(pos, key,
                 "the OpenXR layer never reports " + in_quotes(id) + ": the app map " + app_map_->source() + ":" +
                     std::to_string(e.line) + " counts application " + in_quotes(e.name) + " as " +
                     in_quotes(e.app_id) + "; name that id here");
    }
  }

  // A category a rule names must be one some app has (or "other").
  bool check_category(const LocatedString& c) {
    if (!is_category_name(c.text)) {
      r_.error(c.pos, c.key, "a category name is 1-64 characters of a-z 0-9 _ -, found " + in_quotes(c.text));
      return false;
    }
    if (c.text == "other" || mapped_categories_.count(c.text)) return true;
    std::string message = "no app in [apps] has category " + in_quotes(c.text) +
                          ", so this rule could never apply";
    std::string best;
    std::size_t best_distance = 3;
    for (const std::string& m : mapped_categories_) {
      const std::size_t d = edit_distance(c.text, m);
      if (d < best_distance) best = m, best_distance = d;
    }
    if (!best.empty()) message += "; did you mean " + in_quotes(best) + "?";
    r_.error(c.pos, c.key, std::move(message));
    return false;
  }

  std::vector<std::string> categories(const toml::table& t, std::string_view path,
                                      std::string_view key) {
    std::vector<std::string> out;
    auto list = r_.strings(t, path, key, lim::kMaxCategoryList, lim::kMaxIdChars);
    if (!list) return out;
    for (LocatedString& c : *list) {
      if (check_category(c)) out.push_back(std::move(c.text));
    }
    return out;
  }

  // An id unique among `seen`; reports a duplicate with the first's line.
  std::optional<std::string> unique_id(const toml::table& t, const std::string& path,
                                       std::string_view key, std::map<std::string, int>& seen,
                                       std::string_view what) {
    if (!r_.require(t, path, key)) return std::nullopt;
    std::optional<std::string> id = r_.string(t, path, key, 1, lim::kMaxIdChars);
    if (!id) return std::nullopt;
    const SourcePos at = pos_of(*t.get(key));
    auto [it, inserted] = seen.emplace(*id, at.line);
    if (!inserted) {
      r_.error(at, PolicyReader::join(path, key),
               "duplicate " + std::string(what) + " " + in_quotes(*id) + "; first defined on line " +
                   std::to_string(it->second));
      return std::nullopt;
    }
    return id;
  }

  void friction(const toml::table& root) {
    const toml::table* t = r_.table(root, "", "friction");
    if (!t) return;
    r_.check_keys(*t, "friction", policy_keys("friction"));
    if (auto v = r_.integer(*t, "friction", "pause_s", 0, 600)) p_.friction.pause_s = *v;
    if (auto list = r_.strings(*t, "friction", "intentions", lim::kMaxIntentions, lim::kMaxIntentionChars)) {
      for (LocatedString& s : *list) p_.friction.intentions.push_back(std::move(s.text));
    }
    std::map<std::string, int> ids;
    const auto list = r_.tables(*t, "friction", "exercise", lim::kMaxExercises);
    for (std::size_t i = 0; i < list.size(); ++i) {
      const std::string path = PolicyReader::index("friction.exercise", i);
      if (auto x = exercise(*list[i], path, ids)) p_.friction.exercises.push_back(std::move(*x));
    }
    exercise_count_ = list.size();
    if (auto v = r_.integer(*t, "friction", "seed", 0, std::numeric_limits<int64_t>::max())) p_.friction.seed = *v;
    if (auto v = r_.number(*t, "friction", "floor_share", 0.0, 0.5, false)) {
      p_.friction.floor_share = *v;
      // Every exercise's floor together cannot ask for more than every prompt.
      if (*v * static_cast<double>(list.size()) > 1.0) {
        r_.error(pos_of(*t->get("floor_share")), "friction.floor_share",
                 "promises each of the " + std::to_string(list.size()) +
                     " exercises this share of the prompts, more than all of them together; use at most 1/" +
                     std::to_string(list.size()));
      }
    }
  }

  std::optional<Exercise> exercise(const toml::table& e, const std::string& path, std::map<std::string, int>& ids) {
    r_.check_keys(e, path, policy_keys("friction.exercise[]"));
    Exercise x;
    auto id = unique_id(e, path, "id", ids, "exercise id");
    // "breathing", the name from before the four kinds, still means breathe.
    const toml::node* kind_node = e.get("kind");
    if (kind_node && kind_node->value<std::string>() == "breathing") {
      x.kind = ExerciseKind::breathe;
    } else if (auto k = r_.choice(e, path, "kind", {"breathe", "intention", "wait", "alternative"})) {
      x.kind = static_cast<ExerciseKind>(*k);
    }
    std::optional<std::string> text;
    if (r_.require(e, path, "text")) text = r_.string(e, path, "text", 1, lim::kMaxExerciseTextChars);
    bool ok = id && text;
    // A parameter of another kind is a mistake the wearer should hear about.
    auto only_for = [&](std::string_view key, ExerciseKind kind, std::string_view kind_name) {
      if (!e.contains(key) || x.kind == kind) return true;
      r_.error(pos_of(*e.get(key)), PolicyReader::join(path, key),
               "applies to kind = " + in_quotes(std::string(kind_name)) + " only");
      return false;
    };
    ok = only_for("breaths", ExerciseKind::breathe, "breathe") && ok;
    ok = only_for("wait_s", ExerciseKind::wait, "wait") && ok;
    if (x.kind == ExerciseKind::breathe && e.contains("breaths")) {
      auto v = r_.integer(e, path, "breaths", 1, 20);
      ok = ok && v;
      if (v) x.breaths = static_cast<int32_t>(*v);
    }
    if (x.kind == ExerciseKind::wait) {
      std::optional<int64_t> v;
      if (r_.require(e, path, "wait_s")) v = r_.integer(e, path, "wait_s", 1, 600);
      ok = ok && v;
      if (v) x.wait_s = *v;
    }
    if (x.kind == ExerciseKind::intention && p_.friction.intentions.empty()) {
      r_.error(pos_of(*e.get("kind")), PolicyReader::join(path, "kind"),
               "\"intention\" asks the wearer to pick one of [friction] intentions, which lists none; "
               "add intentions = [\"...\", ...]");
      ok = false;
    }
    if (x.kind == ExerciseKind::alternative) {
      alternatives_.push_back({pos_of(*e.get("kind")), PolicyReader::join(path, "kind")});
    }
    if (!ok) return std::nullopt;
    x.id = std::move(*id);
    x.text = std::move(*text);
    return x;
  }

  void budgets(const toml::table& root) {
    std::map<std::string, int> ids;
    const auto list = r_.tables(root, "", "budget", lim::kMaxBudgets);
    for (std::size_t i = 0; i < list.size(); ++i) budget(*list[i], PolicyReader::index("budget", i), ids);
  }

  void budget(const toml::table& t, const std::string& path, std::map<std::string, int>& ids) {
    r_.check_keys(t, path, policy_keys("budget[]"));
    Budget b;
    bool ok = true;
    auto id = unique_id(t, path, "id", ids, "budget id");
    ok = ok && id;
    if (id) b.id = std::move(*id);

    const bool has_app = t.contains("app"), has_category = t.contains("category");
    if (has_app && has_category) {
      r_.error(pos_of(*t.get("category")), path,
               "set exactly one of app or category, not both");
      ok = false;
    } else if (!has_app && !has_category) {
      r_.error(pos_of(t), path, "set exactly one of app = \"...\" or category = \"...\"");
      ok = false;
    } else if (has_app) {
      b.scope = BudgetScope::app;
      auto app = r_.string(t, path, "app", 1, lim::kMaxAppIdChars);
      if (app) app = app_id(*app, pos_of(*t.get("app")), PolicyReader::join(path, "app"));
      if (app) renamed_warning(*app, pos_of(*t.get("app")), PolicyReader::join(path, "app"));
      ok = ok && app;
      if (app) b.target = std::move(*app);
    } else {
      b.scope = BudgetScope::category;
      auto c = r_.string(t, path, "category", 1, lim::kMaxIdChars);
      if (c && !check_category({*c, pos_of(*t.get("category")), PolicyReader::join(path, "category")})) {
        c.reset();
      }
      ok = ok && c;
      if (c) b.target = std::move(*c);
    }

    if (auto v = r_.choice(t, path, "period", {"daily", "weekly"})) b.period = static_cast<BudgetPeriod>(*v);
    const int64_t max_limit = b.period == BudgetPeriod::daily ? 24 * 60 : 7 * 24 * 60;
    // A plain sentinel, not std::optional: GCC -O2 tests the optional's payload
    // before its flag below, which memcheck reports as an uninitialised read.
    int64_t limit_min = -1;  // missing or invalid
    if (r_.require(t, path, "limit_min")) {
      if (auto v = r_.integer(t, path, "limit_min", 0, max_limit)) limit_min = *v;
    }
    ok = ok && limit_min >= 0;
    if (limit_min >= 0) b.limit_s = limit_min * 60;

    if (t.contains("warn_at")) {
      auto w = warn_at(t, path);
      ok = ok && w;
      if (w) b.warn_at = std::move(*w);
    }
    if (t.contains("at_limit")) {
      auto v = r_.choice(t, path, "at_limit", {"notify", "friction", "block"});
      ok = ok && v;
      if (v) b.at_limit = static_cast<LimitAction>(*v);
    }
    if (limit_min == 0 && b.at_limit == LimitAction::notify) {
      r_.error(pos_of(*t.get("limit_min")), PolicyReader::join(path, "limit_min"),
               "a limit of 0 minutes with at_limit = \"notify\" is meaningless (it would notify "
               "at once, every period); use at_limit = \"block\" or a limit above 0");
      ok = false;
    }
    if (auto v = r_.integer(t, path, "extension_min", 1, 240)) b.extension_s = *v * 60;
    if (auto v = r_.integer(t, path, "max_extensions", 0, 20)) b.max_extensions = static_cast<int32_t>(*v);
    if (b.at_limit == LimitAction::friction) {
      const toml::node* n = t.get("at_limit");
      friction_users_.push_back({n ? pos_of(*n) : pos_of(t), PolicyReader::join(path, "at_limit")});
    }
    if (ok) p_.budgets.push_back(std::move(b));
  }

  std::optional<std::vector<double>> warn_at(const toml::table& t, const std::string& path) {
    const std::string key = PolicyReader::join(path, "warn_at");
    const toml::node* n = t.get("warn_at");
    const toml::array* a = n->as_array();
    if (!a) {
      r_.error(pos_of(*n), key, "expected an array of fractions such as [0.5, 0.8]");
      return std::nullopt;
    }
    if (a->size() > lim::kMaxWarnAt) {
      r_.error(pos_of(*n), key,
               "has " + std::to_string(a->size()) + " entries; the limit is " +
                   std::to_string(lim::kMaxWarnAt));
      return std::nullopt;
    }
    std::vector<double> out;
    bool ok = true;
    for (std::size_t i = 0; i < a->size(); ++i) {
      const toml::node& x = (*a)[i];
      const std::string k = PolicyReader::index(key, i);
      const std::optional<double> v = x.is_number() ? x.value<double>() : std::nullopt;
      if (!v || !(*v > 0.0 && *v < 1.0)) {
        r_.error(pos_of(x), k, "must be a fraction of the limit above 0 and below 1 (0.8 = 80%)");
        ok = false;
      } else if (!out.empty() && *v <= out.back()) {
        r_.error(pos_of(x), k, "warn_at must be strictly ascending");
        ok = false;
      } else {
        out.push_back(*v);
      }
    }
    if (!ok) return std::nullopt;
    return out;
  }

  void idle(const toml::table& root) {
    const toml::table* t = r_.table(root, "", "idle");
    if (!t) return;
    r_.check_keys(*t, "idle", policy_keys("idle"));
    if (auto v = r_.integer(*t, "idle", "min_idle_s", 1, 3'600)) p_.idle.min_idle_s = *v;
    if (auto v = r_.choice(*t, "idle", "default", {"fill", "protect"})) {
      p_.idle.default_mode = static_cast<IdleMode>(*v);
    }

    std::map<std::string, int> ids;
    const auto items = r_.tables(*t, "idle", "item", lim::kMaxIdleItems);
    for (std::size_t i = 0; i < items.size(); ++i) {
      const toml::table& e = *items[i];
      const std::string path = PolicyReader::index("idle.item", i);
      r_.check_keys(e, path, policy_keys("idle.item[]"));
      FillItem item;
      auto id = unique_id(e, path, "id", ids, "item id");
      std::optional<int> kind;
      if (r_.require(e, path, "kind")) kind = r_.choice(e, path, "kind", {"vocabulary", "breathing", "note"});
      std::optional<std::string> title;
      if (r_.require(e, path, "title")) title = r_.string(e, path, "title", 1, lim::kMaxItemTitleChars);
      if (auto body = r_.string(e, path, "body", 0, lim::kMaxItemBodyChars)) item.body = std::move(*body);
      if (!id || !kind || !title) continue;
      item.id = std::move(*id);
      item.kind = static_cast<FillKind>(*kind);
      item.title = std::move(*title);
      p_.idle.items.push_back(std::move(item));
    }
    const bool no_items = items.empty();

    if (no_items && p_.idle.default_mode == IdleMode::fill) {
      r_.error(pos_of(*t->get("default")), "idle.default",
               "\"fill\" needs at least one [[idle.item]] to show");
    }
    const auto rules = r_.tables(*t, "idle", "rule", lim::kMaxIdleRules);
    for (std::size_t i = 0; i < rules.size(); ++i) {
      idle_rule(*rules[i], PolicyReader::index("idle.rule", i), no_items);
    }
  }

  void idle_rule(const toml::table& t, const std::string& path, bool no_items) {
    r_.check_keys(t, path, policy_keys("idle.rule[]"));
    IdleRule rule;
    bool ok = true;
    if (t.contains("context")) {
      auto c = r_.choice(t, path, "context", {"waiting", "commuting", "in_conversation"});
      ok = ok && c;
      rule.match_context = true;
      if (c) rule.context = static_cast<uint8_t>(static_cast<int>(Context::waiting) + *c);
    }
    if (t.contains("days")) {
      auto d = r_.days(t, path, "days");
      ok = ok && d;
      rule.match_time = true;
      if (d) rule.days = *d;
    }
    if (t.contains("from") || t.contains("to")) {
      auto span = from_to(t, path, "from", "to");
      ok = ok && span;
      rule.match_time = true;
      if (span) std::tie(rule.start, rule.end) = *span;
    }
    if (!t.contains("context") && !t.contains("days") && !t.contains("from") && !t.contains("to")) {
      r_.error(pos_of(t), path,
               "a rule needs a condition (context, days, or from and to); "
               "for every idle moment set idle.default instead");
      ok = false;
    }
    std::optional<int> mode;
    if (r_.require(t, path, "mode")) mode = r_.choice(t, path, "mode", {"fill", "protect"});
    if (mode && *mode == static_cast<int>(IdleMode::fill) && no_items) {
      r_.error(pos_of(*t.get("mode")), PolicyReader::join(path, "mode"),
               "\"fill\" needs at least one [[idle.item]] to show");
      ok = false;
    }
    if (!ok || !mode) return;
    rule.mode = static_cast<IdleMode>(*mode);
    p_.idle.rules.push_back(rule);
  }

  // Both of from/to (or neither, when optional), not equal.
  std::optional<std::pair<MinuteOfDay, MinuteOfDay>> from_to(const toml::table& t,
                                                             const std::string& path,
                                                             std::string_view from_key,
                                                             std::string_view to_key) {
    const bool has_from = t.contains(from_key), has_to = t.contains(to_key);
    if (has_from != has_to) {
      const std::string_view present = has_from ? from_key : to_key;
      const std::string_view missing = has_from ? to_key : from_key;
      r_.error(pos_of(*t.get(present)), PolicyReader::join(path, present),
               std::string(present) + " is set but " + std::string(missing) +
                   " is not; set both or neither");
      return std::nullopt;
    }
    if (!has_from) {
      r_.error(pos_of(t), path, "missing required keys " + std::string(from_key) + " and " + std::string(to_key));
      return std::nullopt;
    }
    auto from = r_.time_of_day(t, path, from_key);
    auto to = r_.time_of_day(t, path, to_key);
    if (!from || !to) return std::nullopt;
    if (*from == *to) {
      r_.error(pos_of(*t.get(to_key)), PolicyReader::join(path, to_key),
               "the window " + format_hhmm(*from) + ".." + format_hhmm(*to) +
                   " is empty; " + std::string(from_key) + " and " + std::string(to_key) +
                   " must differ");
      return std::nullopt;
    }
    return std::pair{*from, *to};
  }

  void windows(const toml::table& root) {
    if (const toml::table* s = r_.table(root, "", "sleep")) {
      r_.check_keys(*s, "sleep", policy_keys("sleep"));
      window(*s, "sleep", WindowKind::sleep, "bedtime", "wake");
    }
    const auto focus = r_.tables(root, "", "focus", lim::kMaxWindowsPerKind);
    for (std::size_t i = 0; i < focus.size(); ++i) {
      const std::string path = PolicyReader::index("focus", i);
      r_.check_keys(*focus[i], path, policy_keys("focus[]"));
      window(*focus[i], path, WindowKind::focus, "from", "to");
    }
    const auto schedules = r_.tables(root, "", "schedule", lim::kMaxWindowsPerKind);
    for (std::size_t i = 0; i < schedules.size(); ++i) {
      const std::string path = PolicyReader::index("schedule", i);
      r_.check_keys(*schedules[i], path, policy_keys("schedule[]"));
      window(*schedules[i], path, WindowKind::schedule, "from", "to");
    }
    check_overlaps();
  }

  void window(const toml::table& t, const std::string& path, WindowKind kind,
              std::string_view from_key, std::string_view to_key) {
    ProtectedWindow w;
    w.kind = kind;
    bool ok = true;
    if (kind == WindowKind::sleep) {
      w.name = "sleep";
      window_names_.emplace("sleep", pos_of(t).line);
      w.wind_down_min = 15;
      if (t.contains("wind_down_min")) {
        auto v = r_.integer(t, path, "wind_down_min", 0, 180);
        ok = ok && v;
        if (v) w.wind_down_min = static_cast<int32_t>(*v);
      }
    } else {
      auto name = unique_id(t, path, "name", window_names_, "window name");
      ok = ok && name;
      if (name) w.name = std::move(*name);
    }
    if (t.contains("days")) {
      auto d = r_.days(t, path, "days");
      ok = ok && d;
      if (d) w.days = *d;
    }
    auto span = from_to(t, path, from_key, to_key);
    ok = ok && span;
    if (span) std::tie(w.start, w.end) = *span;
    w.block_categories = categories(t, path, "block");
    w.friction_categories = categories(t, path, "friction");
    for (const std::string& c : w.friction_categories) {
      if (std::find(w.block_categories.begin(), w.block_categories.end(), c) != w.block_categories.end()) {
        r_.error(pos_of(*t.get("friction")), PolicyReader::join(path, "friction"),
                 in_quotes(c) + " is in both block and friction; choose one");
        ok = false;
      }
    }
    if (!w.friction_categories.empty()) {
      friction_users_.push_back({pos_of(*t.get("friction")), PolicyReader::join(path, "friction")});
    }
    if (!ok) return;
    p_.windows.push_back(std::move(w));
    window_sources_.push_back({pos_of(t), path});
  }

  void check_overlaps() {
    for (std::size_t j = 0; j < p_.windows.size(); ++j) {
      for (std::size_t i = 0; i < j; ++i) {
        const ProtectedWindow& a = p_.windows[i];
        const ProtectedWindow& b = p_.windows[j];
        if (a.kind != b.kind) continue;
        const auto o = find_overlap(a, b);
        if (!o) continue;
        const std::string kind(kWindowKinds[static_cast<int>(a.kind)]);
        r_.error(window_sources_[j].pos, window_sources_[j].key,
                 kind + " window " + in_quotes(b.name) + " (line " +
                     std::to_string(window_sources_[j].pos.line) + ") overlaps " + kind +
                     " window " + in_quotes(a.name) + " (line " +
                     std::to_string(window_sources_[i].pos.line) + ") on " +
                     std::string(kDayNames[o->day]) + " " + format_hhmm(o->start) + "-" +
                     format_hhmm(o->end));
      }
    }
  }

  void reclaim(const toml::table& root) {
    const toml::table* t = r_.table(root, "", "reclaim");
    if (!t) return;
    r_.check_keys(*t, "reclaim", policy_keys("reclaim"));
    p_.reclaim.protect_categories = categories(*t, "reclaim", "protect");
  }

  void deferral(const toml::table& root) {
    const toml::table* t = r_.table(root, "", "deferral");
    if (!t) return;
    r_.check_keys(*t, "deferral", policy_keys("deferral"));
    if (auto v = r_.integer(*t, "deferral", "max_defer_s", 0, 3'600)) p_.deferral.max_defer_s = *v;
  }

  void notifications(const toml::table& root) {
    const toml::table* t = r_.table(root, "", "notifications");
    if (!t) return;
    r_.check_keys(*t, "notifications", policy_keys("notifications"));
    Notifications& n = p_.notifications;
    if (auto v = r_.choice(*t, "notifications", "default", {"deliver", "batch", "hold", "drop"})) n.default_route = static_cast<NotifyRoute>(*v);
    if (auto v = r_.integer(*t, "notifications", "flood_per_min", 1, 10'000))
      n.flood_per_min = static_cast<int32_t>(*v);
    const auto rules = r_.tables(*t, "notifications", "rule", lim::kMaxNotifyRules);
    std::vector<NotifyRule> by_app, by_category;
    for (std::size_t i = 0; i < rules.size(); ++i) {
      const toml::table& e = *rules[i];
      const std::string path = PolicyReader::index("notifications.rule", i);
      r_.check_keys(e, path, policy_keys("notifications.rule[]"));
      NotifyRule rule;
      bool ok = true;
      const bool has_app = e.contains("app"), has_category = e.contains("category");
      if (has_app && has_category) {
        r_.error(pos_of(*e.get("category")), path, "set exactly one of app or category, not both");
        ok = false;
      } else if (!has_app && !has_category) {
        r_.error(pos_of(e), path, "set exactly one of app = \"...\" or category = \"...\"");
        ok = false;
      } else if (has_app) {
        auto app = r_.string(e, path, "app", 1, lim::kMaxAppIdChars);
        if (app) app = app_id(*app, pos_of(*e.get("app")), PolicyReader::join(path, "app"));
        ok = ok && app;
        if (app) rule.app = std::move(*app);
      } else {
        auto c = r_.string(e, path, "category", 1, lim::kMaxIdChars);
        if (c && !check_category({*c, pos_of(*e.get("category")), PolicyReader::join(path, "category")})) c.reset();
        ok = ok && c;
        if (c) rule.category = std::move(*c);
      }
      std::optional<int> route;
      if (r_.require(e, path, "route")) route = r_.choice(e, path, "route", {"deliver", "batch", "hold", "drop"});
      if (!ok || !route) continue;
      rule.route = static_cast<NotifyRoute>(*route);
      (has_app ? by_app : by_category).push_back(std::move(rule));
    }
    n.rules = std::move(by_app);
    n.rules.insert(n.rules.end(), by_category.begin(), by_category.end());
  }

  void motion(const toml::table& root) {
    const toml::table* t = r_.table(root, "", "motion");
    if (!t) return;
    r_.check_keys(*t, "motion", policy_keys("motion"));
    if (auto v = r_.number(*t, "motion", "walk_mps", 0.0, 10.0, true)) p_.motion.walk_mps = *v;
    if (auto v = r_.number(*t, "motion", "turn_dps", 0.0, 2000.0, true)) p_.motion.turn_dps = *v;
    if (auto v = r_.integer(*t, "motion", "settle_s", 0, 60)) p_.motion.settle_s = *v;
  }

  void youth(const toml::table& root) {
    const toml::table* t = r_.table(root, "", "youth");
    if (!t) return;
    const std::string path = "youth";
    r_.check_keys(*t, path, policy_keys("youth"));
    Youth& y = p_.youth;
    if (auto v = r_.boolean(*t, path, "enabled")) y.enabled = *v;
    if (auto v = r_.integer(*t, path, "daily_cap_min", 1, 24 * 60)) y.daily_cap_s = *v * 60;
    // Each end is optional (defaults 21:00 and 07:00), but together they must differ.
    if (auto v = r_.time_of_day(*t, path, "night_from")) y.night_start = *v;
    if (auto v = r_.time_of_day(*t, path, "night_to")) y.night_end = *v;
    if (y.night_start == y.night_end) {
      const std::string_view at = t->contains("night_to") ? "night_to" : "night_from";
      const toml::node* n = t->get(at);
      r_.error(n ? pos_of(*n) : pos_of(*t), n ? PolicyReader::join(path, at) : path,
               "night_from and night_to are both " + format_hhmm(y.night_start) +
                   "; the night window must have a length");
    }
    if (auto list = r_.strings(*t, path, "allow", lim::kMaxAllowList, lim::kMaxAppIdChars)) {
      for (LocatedString& a : *list)
        if (auto id = app_id(a.text, a.pos, a.key)) y.allow.push_back(std::move(*id));
    }
    if (auto h = r_.string(*t, path, "guardian_pin_hash", 0, lim::kMaxPinHashChars)) {
      if (!h->empty() && !is_guardian_pin_hash(*h)) {
        r_.error(pos_of(*t->get("guardian_pin_hash")), "youth.guardian_pin_hash",
                 "must be an argon2id hash (\"$argon2id$...\"), never the PIN itself");
      } else {
        y.guardian_pin_hash = std::move(*h);
      }
    }
    const toml::node* hash = t->get("guardian_pin_hash");
    if (pin_ == YouthPin::device) {
      // The guardian's PIN hash stays in guardian.pin (owner-only), out of
      // reach of the wearer's offline guessing (docs/youth.md).
      if (!y.guardian_pin_hash.empty())
        r_.error(pos_of(*hash), "youth.guardian_pin_hash",
                 "a device policy takes the PIN set by `timewall guardian set-pin`; remove this key");
      return;
    }
    if (y.enabled && !hash) {
      r_.error(pos_of(*t->get("enabled")), "youth.enabled",
               "youth mode needs youth.guardian_pin_hash, so that only the guardian can change it");
    } else if (y.enabled && hash->is_string() && hash->as_string()->get().empty()) {
      r_.error(pos_of(*hash), "youth.guardian_pin_hash",
               "is empty, but youth mode is enabled; set the guardian's argon2id hash");
    }
  }

  void diversify(const toml::table& root) {
    const toml::table* t = r_.table(root, "", "diversify");
    if (!t) return;
    r_.check_keys(*t, "diversify", policy_keys("diversify"));
    Diversify& d = p_.diversify;
    if (auto v = r_.integer(*t, "diversify", "remind_every_days", 1, 365)) d.remind_every_days = static_cast<int32_t>(*v);
    std::map<std::string, int> names;
    const auto groups = r_.tables(*t, "diversify", "group", lim::kMaxDiversifyGroups);
    for (std::size_t i = 0; i < groups.size(); ++i) {
      const toml::table& e = *groups[i];
      const std::string path = PolicyReader::index("diversify.group", i);
      r_.check_keys(e, path, policy_keys("diversify.group[]"));
      DiversifyGroup g;
      auto name = unique_id(e, path, "name", names, "group name");
      if (r_.require(e, path, "categories")) g.categories = categories(e, path, "categories");
      if (auto v = r_.number(e, path, "max_top_share", 0.0, 1.0, true)) g.max_top_share = *v;
      if (auto v = r_.integer(e, path, "min_week_min", 0, 7 * 24 * 60)) g.min_week_s = *v * 60;
      if (!name || g.categories.empty()) continue;
      g.name = std::move(*name);
      d.groups.push_back(std::move(g));
    }
    std::map<std::string, int> apps;
    const auto resets = r_.tables(*t, "diversify", "reset", lim::kMaxResets);
    for (std::size_t i = 0; i < resets.size(); ++i) {
      const toml::table& e = *resets[i];
      const std::string path = PolicyReader::index("diversify.reset", i);
      r_.check_keys(e, path, policy_keys("diversify.reset[]"));
      RecommendationReset reset;
      std::optional<std::string> app;
      if (r_.require(e, path, "app")) app = r_.string(e, path, "app", 1, lim::kMaxAppIdChars);
      if (app) app = app_id(*app, pos_of(*e.get("app")), PolicyReader::join(path, "app"));
      if (app) {
        auto [it, inserted] = apps.emplace(*app, pos_of(*e.get("app")).line);
        if (!inserted) {
          r_.error(pos_of(*e.get("app")), PolicyReader::join(path, "app"),
                   "a second reset for " + in_quotes(*app) + "; the first is on line " + std::to_string(it->second));
          app.reset();
        }
      }
      if (auto v = r_.integer(e, path, "every_days", 1, 365)) reset.every_days = static_cast<int32_t>(*v);
      std::optional<std::string> note;
      if (r_.require(e, path, "note")) note = r_.string(e, path, "note", 1, lim::kMaxResetNoteChars);
      if (!app || !note) continue;
      reset.app = std::move(*app);
      reset.note = std::move(*note);
      d.resets.push_back(std::move(reset));
    }
  }

  void check_friction_has_exercises() {
    if (exercise_count_ > 0) return;
    for (const auto& use : friction_users_) {
      r_.error(use.pos, use.key,
               "uses a friction prompt, but [[friction.exercise]] lists no exercise to show");
    }
  }

  void check_alternatives_have_items() {
    if (!p_.idle.items.empty()) return;
    for (const auto& use : alternatives_) {
      r_.error(use.pos, use.key, "\"alternative\" offers the wearer's [[idle.item]]s instead, and there are none");
    }
  }

  struct Located {
    SourcePos pos;
    std::string key;
  };

  PolicyReader& r_;
  const AppIdOverrides* app_map_;
  YouthPin pin_;
  Policy p_;
  std::set<std::string> mapped_categories_;
  std::size_t exercise_count_ = 0;
  std::vector<Located> friction_users_;  // budgets and windows that show friction prompts
  std::vector<Located> alternatives_;    // exercises of kind "alternative": they need idle items
  std::map<std::string, int> window_names_;  // name -> line
  std::vector<Located> window_sources_;      // parallel to p_.windows
};

}  // namespace

PolicyLoadResult parse_policy(std::string_view text, std::string_view file_name, const AppIdOverrides* app_map,
                              YouthPin pin) {
  if (auto e = prescan_policy_text(text, file_name)) return PolicyLoadResult({std::move(*e)});
  toml::table root;
  try {
    root = toml::parse(text, file_name);
  } catch (const toml::parse_error& e) {
    const auto& b = e.source().begin;
    return PolicyLoadResult({PolicyError{std::string(file_name), b.line ? static_cast<int>(b.line) : 1,
                                         b.column ? static_cast<int>(b.column) : 1, {},
                                         "TOML syntax: " + std::string(e.description()),
                                         Errc::parse}});
  }
  PolicyReader reader(file_name);
  Policy p = Decoder(reader, app_map, pin).decode(root);
  if (reader.has_errors()) return PolicyLoadResult(reader.take_errors());
  PolicyLoadResult loaded(std::move(p));
  loaded.set_warnings(reader.take_warnings());
  return loaded;
}

PolicyLoadResult load_policy_file(const std::string& path, PolicyFileMode mode, const AppIdOverrides* app_map) {
  auto fail = [&](Errc code, std::string message) {
    return PolicyLoadResult({PolicyError{path, 1, 1, {}, std::move(message), code}});
  };
  // Open first and classify the failure, rather than stat-then-open: a file
  // deleted between the two (an editor replacing it) must read as not_found.
  // The mode is checked on the opened file, so it is the file that is read.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
  if (fd < 0) {
    const int err = errno;
    if (err == ENOENT || err == ENOTDIR) return fail(Errc::not_found, "cannot open: no such file");
    return fail(Errc::io, std::string("cannot open: ") + std::strerror(err));
  }
  struct Closer {
    int fd;
    ~Closer() { ::close(fd); }
  } closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0) return fail(Errc::io, std::string("cannot stat: ") + std::strerror(errno));
  if (S_ISDIR(st.st_mode)) return fail(Errc::io, "cannot read: is a directory");
  if (!S_ISREG(st.st_mode)) return fail(Errc::io, "cannot read: not a regular file");
  Result<std::string> notice = std::string();
  if (mode == PolicyFileMode::owner_only) notice = secure_policy_file(fd, path);
  if (!notice) return fail(notice.error().code, notice.error().message);
  // Read at most one byte past the limit, so a huge file is never loaded.
  std::string text(lim::kMaxFileBytes + 1, '\0');
  size_t got = 0;
  while (got < text.size()) {
    const ssize_t n = ::read(fd, text.data() + got, text.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return fail(Errc::io, std::string("read error: ") + std::strerror(errno));
    if (n == 0) break;
    got += static_cast<size_t>(n);
  }
  text.resize(got);
  if (text.size() > lim::kMaxFileBytes) {
    return fail(Errc::too_large, "file is " + std::to_string(st.st_size) + " bytes; the limit is " +
                                     std::to_string(lim::kMaxFileBytes) + " (256 KiB)");
  }
  PolicyLoadResult loaded =
      parse_policy(text, path, app_map, mode == PolicyFileMode::device ? YouthPin::device : YouthPin::in_policy);
  loaded.set_notice(std::move(notice).value());
  return loaded;
}

}  // namespace tw
