#include "report/activitywatch.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include <nlohmann/json.hpp>

#include "core/app_id.hpp"
#include "core/replay/iso8601.hpp"
#include "core/replay/json_scan.hpp"

namespace tw::report {
namespace {

using Json = nlohmann::json;
using OrderedJson = nlohmann::ordered_json;

constexpr int kMaxDepth = 32;

std::string utc_text(int64_t ms) {
  std::string s;
  append_iso8601(s, ms, 0);
  return s;
}

// ActivityWatch writes microseconds ("...:29.392000+00:00"); the strict
// parser takes at most milliseconds, so extra digits are cut (not rounded).
IsoParse parse_timestamp(std::string_view text) {
  std::string t(text);
  const size_t dot = t.find('.', 19);
  if (dot == 19) {
    size_t end = dot + 1;
    while (end < t.size() && t[end] >= '0' && t[end] <= '9') ++end;
    if (end - dot - 1 > 3) t.erase(dot + 4, end - dot - 4);
  }
  IsoParse p = parse_iso8601(t);
  return p;
}

// Disjoint sorted spans; intersect() clips [start, end) to them.
struct Spans {
  std::vector<std::pair<int64_t, int64_t>> v;
  void normalise() {
    std::sort(v.begin(), v.end());
    std::vector<std::pair<int64_t, int64_t>> merged;
    for (const auto& s : v) {
      if (!merged.empty() && s.first <= merged.back().second) merged.back().second = std::max(merged.back().second, s.second);
      else merged.push_back(s);
    }
    v = std::move(merged);
  }
  std::vector<std::pair<int64_t, int64_t>> intersect(int64_t start, int64_t end) const {
    std::vector<std::pair<int64_t, int64_t>> out;
    auto it = std::upper_bound(v.begin(), v.end(), std::make_pair(start, INT64_MAX));
    if (it != v.begin()) --it;
    for (; it != v.end() && it->first < end; ++it) {
      const int64_t a = std::max(start, it->first), b = std::min(end, it->second);
      if (a < b) out.emplace_back(a, b);
    }
    return out;
  }
};

struct Event {
  int64_t start_ms = 0, end_ms = 0;
  const Json* data = nullptr;
};

struct Bucket {
  std::string id, type, hostname;
  std::vector<Event> events;
};

class Reader {
 public:
  Reader(std::string_view file, const Policy& policy) : file_(file), policy_(policy) {}

  Error fail(const std::string& path, const std::string& what) const {
    return Error{Errc::parse, std::string(file_) + ": " + path + ": " + what};
  }

  Result<std::vector<Bucket>> buckets(const Json& root) const {
    if (!root.is_object()) return fail("(top level)", "must be an object with \"buckets\"");
    const auto b = root.find("buckets");
    if (b == root.end()) return fail("(top level)", "no \"buckets\" object: not an ActivityWatch export");
    if (!b->is_object()) return fail("buckets", "must be an object of buckets by id");
    std::vector<Bucket> out;
    for (const auto& [key, bucket] : b->items()) {
      const std::string path = "buckets[" + Json(key).dump() + "]";
      if (!bucket.is_object()) return fail(path, "must be an object");
      Bucket bk;
      for (const char* field : {"id", "type", "hostname"}) {
        const auto f = bucket.find(field);
        if (f == bucket.end() || !f->is_string()) return fail(path + "." + field, "missing or not a string");
      }
      bk.id = bucket["id"].get<std::string>();
      bk.type = bucket["type"].get<std::string>();
      bk.hostname = bucket["hostname"].get<std::string>();
      const auto events = bucket.find("events");
      if (events == bucket.end() || !events->is_array()) return fail(path + ".events", "missing or not an array");
      for (size_t i = 0; i < events->size(); ++i) {
        const Json& e = (*events)[i];
        const std::string epath = path + ".events[" + std::to_string(i) + "]";
        if (!e.is_object()) return fail(epath, "must be an object");
        const auto ts = e.find("timestamp");
        if (ts == e.end() || !ts->is_string()) return fail(epath + ".timestamp", "missing or not a string");
        const IsoParse when = parse_timestamp(ts->get_ref<const std::string&>());
        if (!when.ok)
          return fail(epath + ".timestamp",
                      "'" + ts->get<std::string>() + "' is not an ISO 8601 time with a UTC offset: " +
                          std::string(when.error));
        const auto dur = e.find("duration");
        if (dur == e.end() || !dur->is_number()) return fail(epath + ".duration", "missing or not a number of seconds");
        const double seconds = dur->get<double>();
        if (!std::isfinite(seconds) || seconds < 0 || seconds > 366.0 * 86'400)
          return fail(epath + ".duration", "must be between 0 and 366 days of seconds, found " + dur->dump());
        const auto data = e.find("data");
        if (data == e.end() || !data->is_object()) return fail(epath + ".data", "missing or not an object");
        if (bk.type == "currentwindow") {
          const auto app = data->find("app");
          if (app == data->end() || !app->is_string()) return fail(epath + ".data.app", "missing or not a string");
          const auto cat = data->find("category");
          if (cat != data->end() && !cat->is_string()) return fail(epath + ".data.category", "not a string");
        } else if (bk.type == "afkstatus") {
          const auto status = data->find("status");
          if (status == data->end() || !status->is_string() ||
              (status->get_ref<const std::string&>() != "afk" && status->get_ref<const std::string&>() != "not-afk"))
            return fail(epath + ".data.status", "must be \"afk\" or \"not-afk\"");
        }
        const auto ms = static_cast<int64_t>(std::llround(seconds * 1000.0));
        bk.events.push_back({when.unix_ms, when.unix_ms + ms, &*data});
      }
      out.push_back(std::move(bk));
    }
    return out;
  }

  // The app id for an ActivityWatch app name (the app id rule, as every
  // host applies it), and its category in the policy.
  std::pair<std::string, std::string> map_app(const std::string& aw_app) const {
    std::string id = normalize_app_id(aw_app);
    for (const AppCategory& a : policy_.apps)
      if (a.app == id) return {std::move(id), a.category};
    return {std::move(id), "other"};
  }

 private:
  std::string_view file_;
  const Policy& policy_;
};

}  // namespace

std::string activitywatch_bucket_id(std::string_view hostname) {
  return "aw-watcher-timewall_" + std::string(hostname);
}

std::string activitywatch_export(const std::vector<AttendedInterval>& intervals, std::string_view hostname) {
  const std::string id = activitywatch_bucket_id(hostname);
  OrderedJson events = OrderedJson::array();
  for (const AttendedInterval& iv : intervals) {
    OrderedJson e;
    e["timestamp"] = utc_text(iv.start_ms);
    e["duration"] = static_cast<double>(iv.end_ms - iv.start_ms) / 1000.0;
    e["data"] = {{"app", iv.app}, {"title", iv.app}, {"category", iv.category}};
    events.push_back(std::move(e));
  }
  OrderedJson bucket;
  bucket["id"] = id;
  bucket["created"] = utc_text(intervals.empty() ? 0 : intervals.front().start_ms);
  bucket["name"] = "Timewall attended time";
  bucket["type"] = "currentwindow";
  bucket["client"] = "timewall";
  bucket["hostname"] = std::string(hostname);
  bucket["data"] = OrderedJson::object();
  bucket["events"] = std::move(events);
  OrderedJson root;
  root["buckets"][id] = std::move(bucket);
  return root.dump(1) + "\n";
}

Result<ActivityWatchImport> parse_activitywatch(std::string_view json_text, std::string_view file_name,
                                                const Policy& policy) {
  const JsonScan scan = scan_json(json_text, kMaxDepth);
  if (!scan.ok && scan.code == Errc::too_deep)
    return Error{Errc::parse, std::string(file_name) + ": nested deeper than " + std::to_string(kMaxDepth) + " levels"};
  Json root;
  try {
    root = Json::parse(json_text.begin(), json_text.end());
  } catch (const Json::exception& e) {
    // nlohmann's text is "[json.exception.parse_error.101] parse error at line 1, column 5: ..."; keep from "parse".
    std::string what = e.what();
    if (const size_t at = what.find("] "); at != std::string::npos) what = what.substr(at + 2);
    return Error{Errc::parse, std::string(file_name) + ": not JSON: " + what};
  }
  const Reader reader(file_name, policy);
  auto buckets = reader.buckets(root);
  if (!buckets) return buckets.error();

  // Not-afk spans per hostname, where an afkstatus bucket exists.
  std::map<std::string, Spans> active;
  for (const Bucket& b : buckets.value()) {
    if (b.type != "afkstatus") continue;
    Spans& s = active[b.hostname];
    for (const Event& e : b.events)
      if (e.data->at("status").get_ref<const std::string&>() == "not-afk" && e.end_ms > e.start_ms)
        s.v.emplace_back(e.start_ms, e.end_ms);
  }
  for (auto& [host, spans] : active) spans.normalise();

  ActivityWatchImport out;
  for (const Bucket& b : buckets.value()) {
    if (b.type == "afkstatus") {
      ++out.buckets_used;
      continue;
    }
    if (b.type != "currentwindow") {
      out.skipped_buckets.push_back(b.id + " (" + b.type + ")");
      continue;
    }
    ++out.buckets_used;
    const auto afk = active.find(b.hostname);
    for (const Event& e : b.events) {
      const std::string& aw_app = e.data->at("app").get_ref<const std::string&>();
      auto [app, category] = reader.map_app(aw_app);
      if (app.empty() || e.end_ms <= e.start_ms) {  // an app of only whitespace is no app
        ++out.events_skipped;
        continue;
      }
      if (const auto c = e.data->find("category"); c != e.data->end() && !c->get_ref<const std::string&>().empty())
        category = c->get<std::string>();
      const auto pieces = afk == active.end() ? std::vector<std::pair<int64_t, int64_t>>{{e.start_ms, e.end_ms}}
                                              : afk->second.intersect(e.start_ms, e.end_ms);
      if (pieces.empty()) {
        ++out.events_skipped;
        continue;
      }
      ++out.events_used;
      for (const auto& [from, to] : pieces) out.intervals.push_back({app, category, from, to});
    }
  }
  return out;
}

}  // namespace tw::report
