// AttentionState: accrual only over attended time, away, worn, motion
// settling, idle moments and the breakpoints they raise.
#include "tw_catch.hpp"

#include <vector>

#include "core/attention/attention.hpp"

namespace {

constexpr int64_t kS = 1'000'000'000;

tw::Instant at_s(double s) {
  const auto ns = static_cast<int64_t>(s * 1e9);
  return {ns, 1'700'000'000'000 + ns / 1'000'000};
}

struct Recorder final : tw::AttentionListener {
  int64_t attended_ns = 0;
  std::vector<tw::AttentionEvent> events;
  void on_attended(tw::AppId, tw::Instant from, tw::Instant to) override {
    attended_ns += to.mono_ns - from.mono_ns;
  }
  void on_attention_event(const tw::AttentionEvent& e) override { events.push_back(e); }
  int count(tw::AttentionEventKind k) const {
    int n = 0;
    for (const auto& e : events) n += e.kind == k;
    return n;
  }
  const tw::AttentionEvent* first(tw::AttentionEventKind k) const {
    for (const auto& e : events)
      if (e.kind == k) return &e;
    return nullptr;
  }
};

tw::Signal sig(double s, tw::SignalKind kind, tw::AppId app = tw::kNoId) {
  return {.at = at_s(s), .kind = kind, .app = app};
}

tw::AttentionState::Config config() {
  return {.afk_after_s = 60, .min_idle_s = 20, .walk_mps = 0.7, .turn_dps = 90, .settle_s = 2};
}

}  // namespace

TEST_CASE("attended time accrues only while worn, not away and focused", "[attention]") {
  tw::AttentionState att(config());
  Recorder rec;
  att.advance(at_s(0), rec);
  att.apply(sig(0, tw::SignalKind::app_focus, 1), rec);
  att.apply(sig(30, tw::SignalKind::interaction), rec);
  att.advance(at_s(40), rec);
  CHECK(rec.attended_ns == 40 * kS);

  SECTION("away starts exactly afk_after_s after the last interaction") {
    att.advance(at_s(200), rec);
    CHECK(rec.attended_ns == 90 * kS);  // 30 + 60
    const auto* away = rec.first(tw::AttentionEventKind::away);
    REQUIRE(away != nullptr);
    CHECK(away->at.mono_ns == 90 * kS);
    CHECK(att.away());
    att.apply(sig(210, tw::SignalKind::interaction), rec);
    CHECK_FALSE(att.away());
    CHECK(rec.count(tw::AttentionEventKind::back) == 1);
    att.advance(at_s(215), rec);
    CHECK(rec.attended_ns == 95 * kS);
  }
  SECTION("not worn stops accrual; worn resumes it") {
    att.apply(sig(40, tw::SignalKind::not_worn), rec);
    att.advance(at_s(500), rec);
    CHECK(rec.attended_ns == 40 * kS);
    CHECK(rec.count(tw::AttentionEventKind::away) == 0);
    att.apply(sig(500, tw::SignalKind::worn), rec);
    att.advance(at_s(510), rec);
    CHECK(rec.attended_ns == 50 * kS);
  }
  SECTION("blur of the focused app stops accrual; blur of another app does not") {
    att.apply(sig(40, tw::SignalKind::app_blur, 2), rec);
    att.advance(at_s(45), rec);
    CHECK(rec.attended_ns == 45 * kS);
    att.apply(sig(45, tw::SignalKind::app_blur, 1), rec);
    att.advance(at_s(55), rec);
    CHECK(rec.attended_ns == 45 * kS);
    CHECK(att.focused() == tw::kNoId);
  }
}

TEST_CASE("idle moments start after min_idle_s or at once on a waiting hint", "[attention]") {
  tw::AttentionState att(config());
  Recorder rec;
  att.apply(sig(0, tw::SignalKind::app_focus, 1), rec);
  att.advance(at_s(19.999), rec);
  CHECK_FALSE(att.idle());
  att.advance(at_s(20), rec);
  CHECK(att.idle());
  REQUIRE(rec.first(tw::AttentionEventKind::idle_started) != nullptr);
  CHECK(rec.first(tw::AttentionEventKind::idle_started)->at.mono_ns == 20 * kS);

  att.apply(sig(25, tw::SignalKind::interaction), rec);
  CHECK_FALSE(att.idle());
  CHECK(rec.count(tw::AttentionEventKind::idle_ended) == 1);

  tw::Signal hint = sig(26, tw::SignalKind::context_hint);
  hint.context = tw::Context::waiting;
  att.apply(hint, rec);
  CHECK(att.idle());
  CHECK(rec.count(tw::AttentionEventKind::idle_started) == 2);
  // The timer does not start a second moment while one is running, and away ends it.
  att.advance(at_s(85), rec);
  CHECK(att.away());
  CHECK_FALSE(att.idle());
  CHECK(rec.count(tw::AttentionEventKind::idle_started) == 2);
  // Away does not restart an idle moment by itself.
  att.advance(at_s(300), rec);
  CHECK(rec.count(tw::AttentionEventKind::idle_started) == 2);
}

TEST_CASE("motion: walking, turning and settling after settle_s below both", "[attention]") {
  tw::AttentionState att(config());
  Recorder rec;
  att.advance(at_s(0), rec);
  tw::Signal m = sig(1, tw::SignalKind::head_motion);
  m.linear_mps = 1.2f;
  att.apply(m, rec);
  CHECK(att.motion() == tw::MotionState::walking);
  m.at = at_s(2);
  m.linear_mps = 0.1f;
  m.angular_dps = 120.f;
  att.apply(m, rec);
  CHECK(att.motion() == tw::MotionState::turning);
  CHECK(rec.count(tw::AttentionEventKind::motion_started) == 2);

  m.at = at_s(3);
  m.angular_dps = 10.f;
  att.apply(m, rec);
  CHECK(att.moving());
  // An above-threshold sample during settling restarts it.
  m.at = at_s(4);
  m.linear_mps = 0.9f;
  att.apply(m, rec);
  m.at = at_s(4.5);
  m.linear_mps = 0.2f;
  att.apply(m, rec);
  att.advance(at_s(6.499), rec);
  CHECK(att.moving());
  att.advance(at_s(6.5), rec);
  CHECK_FALSE(att.moving());
  REQUIRE(rec.first(tw::AttentionEventKind::motion_settled) != nullptr);
  CHECK(rec.first(tw::AttentionEventKind::motion_settled)->at.mono_ns == 6'500'000'000);
  // Walking back to walking from walking is not a new start (turning -> walking was).
  CHECK(rec.count(tw::AttentionEventKind::motion_started) == 3);
}

TEST_CASE("app switch is a breakpoint, refocusing the same app is not", "[attention]") {
  tw::AttentionState att(config());
  Recorder rec;
  att.apply(sig(0, tw::SignalKind::app_focus, 1), rec);
  att.apply(sig(1, tw::SignalKind::app_focus, 1), rec);
  att.apply(sig(2, tw::SignalKind::app_focus, 2), rec);
  CHECK(rec.count(tw::AttentionEventKind::app_switch) == 2);
  CHECK(att.focused() == 2);
}

TEST_CASE("late-stamped signals happen at the last processed instant", "[attention]") {
  tw::AttentionState att(config());
  Recorder rec;
  att.apply(sig(0, tw::SignalKind::app_focus, 1), rec);
  att.advance(at_s(10), rec);
  att.apply(sig(5, tw::SignalKind::app_blur, 1), rec);
  att.advance(at_s(20), rec);
  CHECK(rec.attended_ns == 10 * kS);
}

TEST_CASE("presence keeps a wearer without input from going away, without being input", "[attention][presence]") {
  tw::AttentionState att(config());  // afk 60 s, idle after 20 s
  Recorder rec;
  att.apply(sig(0, tw::SignalKind::app_focus, 1), rec);
  for (int s = 50; s <= 300; s += 50) att.apply(sig(s, tw::SignalKind::present), rec);
  att.advance(at_s(300), rec);
  CHECK(rec.count(tw::AttentionEventKind::away) == 0);
  CHECK(rec.attended_ns == 300 * kS);  // watched, never touched: all of it counts
  // Not an interaction: the idle moment still starts 20 s after the last input.
  const auto* idle = rec.first(tw::AttentionEventKind::idle_started);
  REQUIRE(idle != nullptr);
  CHECK(idle->at.mono_ns == 20 * kS);
  CHECK(rec.count(tw::AttentionEventKind::idle_ended) == 0);

  SECTION("away comes afk_after_s after the last presence") {
    att.advance(at_s(500), rec);
    const auto* away = rec.first(tw::AttentionEventKind::away);
    REQUIRE(away != nullptr);
    CHECK(away->at.mono_ns == 360 * kS);
    CHECK(rec.attended_ns == 360 * kS);
    SECTION("and presence ends it") {
      att.apply(sig(520, tw::SignalKind::present), rec);
      CHECK_FALSE(att.away());
      CHECK(rec.count(tw::AttentionEventKind::back) == 1);
      att.advance(at_s(530), rec);
      CHECK(rec.attended_ns == 370 * kS);
    }
  }
  SECTION("presence does not put the glasses back on") {
    att.apply(sig(310, tw::SignalKind::not_worn), rec);
    att.apply(sig(320, tw::SignalKind::present), rec);
    CHECK_FALSE(att.worn());
    att.advance(at_s(400), rec);
    CHECK(rec.attended_ns == 310 * kS);
  }
}
