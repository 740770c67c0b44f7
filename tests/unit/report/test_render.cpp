// tw::report::render and the period it covers, on a real ledger: each
// format's figures are the ledger's, and a wrong period is refused by kind.
#include <algorithm>

#include "report/activitywatch.hpp"
#include "report/figures_text.hpp"
#include "report/render.hpp"
#include "report/report_data.hpp"
#include "report/report_text.hpp"
#include "report_test_ledger.hpp"

using namespace tw_test;
using tw::report::Format;

namespace {

struct Fixture {
  TempDir dir{"tw_report"};
  std::string path = dir.file("t.db");
  std::vector<tw::AttendedInterval> written;

  Fixture() {
    auto tz = tw::TimeZone::load("Europe/Berlin").value();
    // Tuesday 09:00-09:30 feed, Wednesday 23:40 - Thursday 00:10 mail (across local midnight).
    written = {{"com.example.feed", "social", local_ms(tz, kMonday + 1, 9), local_ms(tz, kMonday + 1, 9, 30)},
               {"com.example.mail", "work", local_ms(tz, kMonday + 2, 23, 40), local_ms(tz, kMonday + 3, 0, 10)}};
    write_ledger(path, written);
  }
  tw::report::History open() const {
    auto h = tw::report::open_history(kDemoPolicy, path, true);
    REQUIRE(h.ok());
    return std::move(h).value();
  }
};

size_t count(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("report period: a week, from/to, defaults, and each wrong request's kind", "[report][period]") {
  Fixture f;
  const auto h = f.open();
  using tw::report::DefaultPeriod;
  auto p = tw::report::resolve_period({.week = kMonday + 3}, h.ledger, DefaultPeriod::everything);
  REQUIRE(p.ok());
  CHECK((p->first == kMonday && p->last == kMonday + 6));
  p = tw::report::resolve_period({}, h.ledger, DefaultPeriod::everything);  // what is recorded
  REQUIRE(p.ok());
  CHECK((p->first == kMonday + 1 && p->last == kMonday + 3));
  p = tw::report::resolve_period({}, h.ledger, DefaultPeriod::last_week);
  REQUIRE(p.ok());
  CHECK((p->first == kMonday && p->last == kMonday + 6));
  p = tw::report::resolve_period({.from = kMonday + 2}, h.ledger, DefaultPeriod::everything);
  REQUIRE(p.ok());
  CHECK((p->first == kMonday + 2 && p->last == kMonday + 3));

  CHECK(tw::report::resolve_period({.week = kMonday, .to = kMonday}, h.ledger, DefaultPeriod::everything).error().code ==
        tw::Errc::invalid_argument);
  CHECK(tw::report::resolve_period({.from = kMonday, .to = kMonday - 1}, h.ledger, DefaultPeriod::everything)
            .error()
            .code == tw::Errc::invalid_argument);
  CHECK(tw::report::resolve_period({.from = kMonday - 366, .to = kMonday}, h.ledger, DefaultPeriod::everything)
            .error()
            .code == tw::Errc::invalid_argument);

  TempDir empty_dir{"tw_report"};
  write_ledger(empty_dir.file("e.db"), {});
  auto empty = tw::report::open_history(kDemoPolicy, empty_dir.file("e.db"), true);
  REQUIRE(empty.ok());
  auto none = tw::report::resolve_period({}, empty->ledger, DefaultPeriod::last_week);
  REQUIRE_FALSE(none.ok());
  CHECK(none.error().code == tw::Errc::not_found);
}

TEST_CASE("report render: every format carries the ledger's figures", "[report][render]") {
  Fixture f;
  const auto h = f.open();
  auto render = [&](Format format, tw::report::PeriodRequest period = {}) {
    auto text = tw::report::render(h.ledger, h.policy, h.tz, {.format = format, .period = period});
    REQUIRE(text.ok());
    return std::move(text).value();
  };

  SECTION("text: the default week, as render_report_text of build_report") {
    const std::string text = render(Format::text);
    auto data = tw::report::build_report(h.ledger, h.policy, h.tz, kMonday, kMonday + 6);
    REQUIRE(data.ok());
    CHECK(text == tw::report::render_report_text(data.value()));
    CHECK(text.rfind("Timewall report 2026-03-02 .. 2026-03-08 (Europe/Berlin, 30.00 EUR per attended hour)", 0) == 0);
    CHECK(data->attended_ms == 60 * 60'000);
    CHECK(text.find(tw::report::cost_text(60 * 60'000, 30.0, "EUR")) != std::string::npos);  // 30.00 EUR
  }
  SECTION("html: the total in cents") {
    const std::string html = render(Format::html);
    CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
    CHECK(html.find("data-total-cents=\"3000\"") != std::string::npos);
  }
  SECTION("csv: split at local midnight, one row per local day") {
    const std::string csv = render(Format::csv);
    CHECK(count(csv, "\r\n") == 4);  // header, feed, mail before and after midnight
    CHECK(csv.find("2026-03-04,2026-03-04T23:40:00+01:00,2026-03-05T00:00:00+01:00") != std::string::npos);
    CHECK(csv.find("2026-03-05,2026-03-05T00:00:00+01:00,2026-03-05T00:10:00+01:00") != std::string::npos);
  }
  SECTION("activitywatch: events whole, cut only at the period's edges") {
    const std::string all = render(Format::activitywatch);
    auto back = tw::report::parse_activitywatch(all, "x.json", h.policy);
    REQUIRE(back.ok());
    REQUIRE(back->intervals.size() == 2);
    CHECK(back->intervals[1].start_ms == f.written[1].start_ms);
    CHECK(back->intervals[1].end_ms == f.written[1].end_ms);
    CHECK(all.find("\"aw-watcher-timewall_timewall\"") != std::string::npos);
    // Wednesday only: the mail event is cut at the period's end (local midnight).
    auto wed = tw::report::parse_activitywatch(render(Format::activitywatch, {.from = kMonday + 2, .to = kMonday + 2}),
                                               "x.json", h.policy);
    REQUIRE(wed.ok());
    REQUIRE(wed->intervals.size() == 1);
    CHECK(wed->intervals[0].end_ms == tw::report::day_start_ms(h.tz, kMonday + 3));
  }
  SECTION("a wrong period is an error, not an empty report") {
    auto r = tw::report::render(h.ledger, h.policy, h.tz, {.format = Format::csv, .period = {.from = kMonday, .to = kMonday - 2}});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == tw::Errc::invalid_argument);
  }
}

TEST_CASE("report: notifications per app and the interruptions breakpoints saved", "[report][notify]") {
  Fixture f;
  {
    auto h = tw::report::open_history(kDemoPolicy, f.path, false);
    REQUIRE(h.ok());
    tw::Ledger& l = h->ledger;
    const int64_t t = local_ms(h->tz, kMonday + 1, 10);
    // chat: 3 received; one held and delivered at a breakpoint, one urgent
    // (an interruption), one dropped. feed: 1 held, still waiting.
    for (int64_t id = 1; id <= 4; ++id)
      REQUIRE(l.record_notification({.id = id, .app = id < 4 ? "chat" : "feed", .app_name = "x", .summary = "s",
                                     .received_ms = t})
                  .ok());
    auto step = [&](int64_t id, const char* kind, const char* detail) {
      REQUIRE(l.record_notification_event({.id = id, .at_ms = t, .kind = kind, .detail = detail, .card = id}).ok());
    };
    for (int64_t id = 1; id <= 4; ++id) step(id, "received", "");
    step(1, "held", "awaiting_breakpoint");
    step(1, "delivered", "breakpoint_app_switch");
    step(2, "delivered", "urgent");
    step(3, "dropped", "dismissed");
    step(4, "held", "sleep_window");
    REQUIRE(l.commit().ok());
  }
  const auto h = f.open();
  auto data = tw::report::build_report(h.ledger, h.policy, h.tz, kMonday, kMonday + 6);
  REQUIRE(data.ok());
  REQUIRE(data->notifications.size() == 2);
  const tw::NotificationTally& chat = data->notifications[0];
  CHECK(chat.app == "chat");
  CHECK(chat.received == 3);
  CHECK(chat.held == 1);
  CHECK(chat.delivered == 2);
  CHECK(chat.dropped == 1);
  CHECK(chat.interruptions == 1);
  CHECK(chat.saved == 2);
  CHECK(data->notifications[1].saved == 0);  // still waiting: neither saved nor an interruption
  const std::string text = tw::report::render_report_text(data.value());
  CHECK(text.find("chat") != std::string::npos);
  CHECK(text.find("3 1 0 2 1 0") != std::string::npos);
  CHECK(text.find("saved 2 of 3") != std::string::npos);
  auto html = tw::report::render(h.ledger, h.policy, h.tz, {.format = Format::html, .period = {}});
  REQUIRE(html.ok());
  CHECK(html->find("data-notifications=\"4\" data-saved=\"2\"") != std::string::npos);
}
