// Friction outcomes per exercise (schema v9): recorded, their return set
// later, read back per exercise; older friction rows migrate into outcomes;
// a damaged older file is reported, never migrated or emptied.
#include <cstdio>

#include "ledger_test_util.hpp"

using namespace tw_test;

namespace {
constexpr int64_t kT0 = 1'780'000'000'000;
constexpr int64_t kMin = 60'000;

tw::ExerciseOutcomeEvent outcome(int64_t shown_ms, std::string_view answer, std::string_view exercise = "breathe-3",
                                 std::string_view kind = "breathe") {
  return {.shown_ms = shown_ms, .answered_ms = shown_ms + 4'000, .app = "feed", .category = "social",
          .exercise = exercise, .kind = kind, .answer = answer, .decide_ms = 4'000};
}

// A current ledger taken back to schema v8: no friction_outcome table.
void downgrade_to_v8(const std::string& path) {
  sql_exec(path, "DROP TABLE friction_outcome; PRAGMA user_version = 8;");
  REQUIRE(sql_int(path, "PRAGMA user_version") == 8);
}
}  // namespace

TEST_CASE("ledger: friction outcomes per exercise, with the return decided later", "[ledger][exercise]") {
  TempDir dir;
  const auto path = dir.file("l.db");
  auto ledger = open_ledger({.path = path}, tw::TimeZone::utc());
  REQUIRE(ledger.record_exercise_outcome(outcome(kT0, "left")).ok());
  REQUIRE(ledger.record_exercise_return({.app = "feed", .shown_ms = kT0, .returned = true}).ok());  // same batch
  REQUIRE(ledger.record_exercise_outcome(outcome(kT0 + kMin, "left", "why", "intention")).ok());
  REQUIRE(ledger.record_exercise_outcome(outcome(kT0 + 2 * kMin, "continued")).ok());
  REQUIRE(ledger.record_exercise_outcome(outcome(kT0 + 3 * kMin, "timed_out", "", "")).ok());
  REQUIRE(ledger.commit().ok());
  REQUIRE(ledger.record_exercise_return({.app = "feed", .shown_ms = kT0 + kMin, .returned = false}).ok());  // later
  // A return for a prompt that was not a left changes nothing.
  REQUIRE(ledger.record_exercise_return({.app = "feed", .shown_ms = kT0 + 2 * kMin, .returned = true}).ok());
  REQUIRE(ledger.commit().ok());

  const auto rows = ledger.exercise_outcomes(kT0, kT0 + 10 * kMin);
  REQUIRE(rows.ok());
  REQUIRE(rows.value().size() == 4);
  const auto& r = rows.value();
  CHECK(r[0].exercise == "breathe-3");
  CHECK(r[0].kind == "breathe");
  CHECK(r[0].answer == "left");
  CHECK(r[0].decide_ms == 4'000);
  CHECK(r[0].answered_ms == kT0 + 4'000);
  CHECK(r[0].app == "feed");
  CHECK(r[0].returned == 1);
  CHECK(r[1].returned == 0);
  CHECK(r[2].answer == "continued");
  CHECK(r[2].returned == -1);
  CHECK(r[3].exercise.empty());
  CHECK(r[3].answer == "timed_out");
  CHECK(ledger.exercise_outcomes(kT0 + kMin, kT0 + 2 * kMin).value().size() == 1);  // [from, to)

  const auto tallies = ledger.exercise_tallies();
  REQUIRE(tallies.ok());
  REQUIRE(tallies.value().size() == 2);  // the prompt without an exercise is in no tally
  CHECK(tallies.value()[0].exercise == "breathe-3");
  CHECK(tallies.value()[0].left == 1);
  CHECK(tallies.value()[0].answered == 2);
  CHECK(tallies.value()[1].exercise == "why");
  CHECK(tallies.value()[1].left == 1);
  CHECK(tallies.value()[1].answered == 1);
}

TEST_CASE("ledger: a friction outcome that makes no sense is refused, nothing recorded", "[ledger][exercise]") {
  TempDir dir;
  auto ledger = open_ledger({.path = dir.file("l.db")}, tw::TimeZone::utc());
  auto refused = [&](tw::ExerciseOutcomeEvent ev) {
    const auto r = ledger.record_exercise_outcome(ev);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == tw::Errc::invalid_argument);
  };
  refused(outcome(kT0, "dismissed"));
  refused(outcome(kT0, "left", "x", "stretch"));
  refused(outcome(kT0, "left", "x", ""));
  refused(outcome(kT0, "left", "", "wait"));
  auto early = outcome(kT0, "left");
  early.answered_ms = kT0 - 1;
  refused(early);
  auto negative = outcome(kT0, "left");
  negative.decide_ms = -1;
  refused(negative);
  auto no_app = outcome(kT0, "left");
  no_app.app = "";
  refused(no_app);
  CHECK(ledger.pending_events() == 0);
  CHECK_FALSE(ledger.record_exercise_return({.app = "", .shown_ms = kT0}).ok());
}

TEST_CASE("ledger: a v8 file's friction rows become outcomes, each shown paired with its app's answer",
          "[ledger][exercise][migration]") {
  TempDir dir;
  const auto path = dir.file("v8.db");
  { auto ledger = open_ledger({.path = path}, tw::TimeZone::utc()); }
  downgrade_to_v8(path);
  // feed: shown, left (8 s); chat: shown, continued (30 s); feed: shown, never
  // answered, then shown again and left (2 s); a left with no shown before it.
  const std::string t = std::to_string(kT0);
  sql_exec(path,
           "INSERT INTO app(id, name) VALUES(1, 'feed'), (2, 'chat');"
           "INSERT INTO category(id, name) VALUES(1, 'social'), (2, 'messaging');"
           "INSERT INTO friction(at_ms, app_id, category_id, outcome, extension_s) VALUES"
           "(" + t + ", 1, 1, 'shown', 0),"
           "(" + t + " + 1000, 2, 2, 'shown', 0),"
           "(" + t + " + 8000, 1, 1, 'left', 0),"
           "(" + t + " + 31000, 2, 2, 'continued', 300),"
           "(" + t + " + 60000, 1, 1, 'shown', 0),"
           "(" + t + " + 90000, 1, 1, 'shown', 0),"
           "(" + t + " + 92000, 1, 1, 'left', 0),"
           "(" + t + " + 99000, 2, 2, 'left', 0);");
  auto ledger = open_ledger({.path = path}, tw::TimeZone::utc());
  CHECK(sql_int(path, "PRAGMA user_version") == 10);
  CHECK(sql_int(path, "SELECT COUNT(*) FROM friction") == 8);  // the old rows stay as they were
  const auto rows = ledger.exercise_outcomes(kT0, kT0 + 10 * kMin);
  REQUIRE(rows.ok());
  REQUIRE(rows.value().size() == 4);
  const auto& r = rows.value();
  CHECK((r[0].app == "feed" && r[0].answer == "left" && r[0].decide_ms == 8'000));
  CHECK((r[1].app == "chat" && r[1].answer == "continued" && r[1].decide_ms == 30'000));
  CHECK((r[2].app == "feed" && r[2].answer == "timed_out" && r[2].decide_ms == -1));
  CHECK(r[2].answered_ms == r[2].shown_ms);
  CHECK((r[3].app == "feed" && r[3].answer == "left" && r[3].decide_ms == 2'000));
  for (const auto& row : r) {
    CHECK(row.exercise.empty());  // never recorded before v9
    CHECK(row.returned == -1);
  }
  CHECK(ledger.exercise_tallies().value().empty());
  // The migrated file records exercises from now on.
  REQUIRE(ledger.record_exercise_outcome(outcome(kT0 + 5 * kMin, "left")).ok());
  REQUIRE(ledger.commit().ok());
  CHECK(ledger.exercise_tallies().value().size() == 1);
}

TEST_CASE("ledger: a damaged v8 file is reported, not migrated, and left unchanged", "[ledger][exercise][faults]") {
  TempDir dir;
  const auto path = dir.file("v8.db");
  {
    auto ledger = open_ledger({.path = path, .pulse_s = 1}, tw::TimeZone::utc());
    for (int i = 0; i < 3000; ++i)
      REQUIRE(ledger.record_heartbeat({i % 2 ? "feed" : "mail", "x", kT0 + i * 10'000, 1'000}).ok());
    REQUIRE(ledger.commit().ok());
  }
  downgrade_to_v8(path);
  sql_exec(path, "VACUUM");  // fold the WAL in: the damage below hits the file itself
  const auto pages = static_cast<long>(std::filesystem::file_size(path) / 4096);
  REQUIRE(pages > 8);
  std::FILE* f = std::fopen(path.c_str(), "r+b");
  REQUIRE(f != nullptr);
  REQUIRE(std::fseek(f, (pages / 2) * 4096, SEEK_SET) == 0);
  const std::string junk(64, '\x5a');
  REQUIRE(std::fwrite(junk.data(), 1, junk.size(), f) == junk.size());
  std::fclose(f);
  const auto before = file_bytes(path);
  auto r = tw::Ledger::open({.path = path}, tw::TimeZone::utc());
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == tw::Errc::ledger_corrupt);
  CHECK(file_bytes(path) == before);
}

TEST_CASE("ledger v10: the row picked and a prompt open at finish are recorded and read back", "[ledger][exercise]") {
  TempDir dir;
  const auto path = dir.file("l.db");
  auto ledger = open_ledger({.path = path}, tw::TimeZone::utc());
  auto picked = outcome(kT0, "continued", "why", "intention");
  picked.picked = "reply to Ana";
  REQUIRE(ledger.record_exercise_outcome(picked).ok());
  auto instead = outcome(kT0 + kMin, "left", "instead", "alternative");
  instead.picked = "w2";
  REQUIRE(ledger.record_exercise_outcome(instead).ok());
  REQUIRE(ledger.record_exercise_outcome(outcome(kT0 + 2 * kMin, "open_at_finish")).ok());
  auto wrong = outcome(kT0 + 3 * kMin, "left");  // a breathe exercise has no rows
  wrong.picked = "reply to Ana";
  CHECK_FALSE(ledger.record_exercise_outcome(wrong).ok());
  REQUIRE(ledger.commit().ok());
  const auto rows = ledger.exercise_outcomes(kT0, kT0 + 10 * kMin).value();
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].picked == "reply to Ana");
  CHECK(rows[1].picked == "w2");
  CHECK(rows[2].picked.empty());
  CHECK(rows[2].answer == "open_at_finish");
  CHECK(sql_int(path, "SELECT COUNT(*) FROM friction_outcome WHERE picked IS NULL") == 1);
  // Open at finish is no answer: it teaches the picker nothing, but it was shown.
  const auto tallies = ledger.exercise_tallies().value();
  REQUIRE(tallies.size() == 3);
  CHECK(tallies[0].exercise == "breathe-3");
  CHECK(tallies[0].answered == 0);
  CHECK(tallies[0].shown == 1);
  CHECK(tallies[0].last);  // the most recent prompt
  CHECK_FALSE(tallies[1].last);
  CHECK(tallies[2].exercise == "why");
  CHECK(tallies[2].answered == 1);
}

TEST_CASE("ledger: a return once recorded is not undone by another writer's 'not returned'", "[ledger][exercise]") {
  TempDir dir;
  auto ledger = open_ledger({.path = dir.file("l.db")}, tw::TimeZone::utc());
  REQUIRE(ledger.record_exercise_outcome(outcome(kT0, "left")).ok());
  REQUIRE(ledger.commit().ok());
  REQUIRE(ledger.record_exercise_return({.app = "feed", .shown_ms = kT0, .returned = true}).ok());
  REQUIRE(ledger.commit().ok());
  REQUIRE(ledger.record_exercise_return({.app = "feed", .shown_ms = kT0, .returned = false}).ok());
  REQUIRE(ledger.commit().ok());
  CHECK(ledger.exercise_outcomes(kT0, kT0 + 1).value()[0].returned == 1);
}

TEST_CASE("ledger: lefts whose return watch ended with their process are decided from the intervals",
          "[ledger][exercise]") {
  TempDir dir;
  auto ledger = open_ledger({.path = dir.file("l.db")}, tw::TimeZone::utc());
  constexpr int64_t kWindow = 10 * kMin;
  // Left at +4 s each (outcome()): A came back to feed 5 min later; B never
  // did (chat only); C's 10 minutes are not over at `now`; D came back after 11 min.
  auto on = [&](int64_t shown, std::string_view app) {
    auto o = outcome(shown, "left");
    o.app = app;
    REQUIRE(ledger.record_exercise_outcome(o).ok());
  };
  on(kT0, "feed");                  // A
  on(kT0 + 20 * kMin, "mail");      // B
  on(kT0 + 40 * kMin, "news");      // D
  on(kT0 + 60 * kMin, "clips");     // C
  REQUIRE(ledger.record_heartbeat({"feed", "social", kT0 + 5 * kMin, 30'000, true}).ok());
  REQUIRE(ledger.record_heartbeat({"chat", "social", kT0 + 21 * kMin, 30'000, true}).ok());
  REQUIRE(ledger.record_heartbeat({"news", "social", kT0 + 51 * kMin + 5'000, 30'000, true}).ok());
  REQUIRE(ledger.commit().ok());
  const int64_t now = kT0 + 65 * kMin;
  const auto open = ledger.resolve_returns(now, kWindow);
  REQUIRE(open.ok());
  REQUIRE(open.value().size() == 1);
  CHECK(open.value()[0].app == "clips");
  CHECK(open.value()[0].shown_ms == kT0 + 60 * kMin);
  CHECK(open.value()[0].left_ms == kT0 + 60 * kMin + 4'000);
  const auto rows = ledger.exercise_outcomes(kT0, now).value();
  REQUIRE(rows.size() == 4);
  CHECK(rows[0].returned == 1);   // A
  CHECK(rows[1].returned == 0);   // B
  CHECK(rows[2].returned == 0);   // D: back, but too late
  CHECK(rows[3].returned == -1);  // C: still being watched
  // Later, C's window over with no return: decided, nothing left open.
  CHECK(ledger.resolve_returns(now + 10 * kMin, kWindow).value().empty());
  CHECK(ledger.exercise_outcomes(kT0, now).value()[3].returned == 0);
}

TEST_CASE("ledger: a v9 file gains friction_outcome.picked and open_at_finish, its rows and ids kept",
          "[ledger][exercise][migration]") {
  TempDir dir;
  const auto path = dir.file("v9.db");
  {
    auto ledger = open_ledger({.path = path}, tw::TimeZone::utc());
    REQUIRE(ledger.record_exercise_outcome(outcome(kT0, "left")).ok());
    REQUIRE(ledger.record_exercise_outcome(outcome(kT0 + kMin, "timed_out")).ok());
    REQUIRE(ledger.commit().ok());
    REQUIRE(ledger.record_exercise_return({.app = "feed", .shown_ms = kT0, .returned = true}).ok());
    REQUIRE(ledger.commit().ok());
  }
  // Back to v9's table: no picked column, no open_at_finish.
  sql_exec(path,
           "CREATE TABLE v9(id INTEGER PRIMARY KEY, shown_ms INTEGER NOT NULL, answered_ms INTEGER NOT NULL, "
           "app_id INTEGER NOT NULL, category_id INTEGER NOT NULL, exercise_id TEXT NOT NULL, exercise_kind TEXT NOT "
           "NULL, answer TEXT NOT NULL CHECK (answer IN ('left', 'continued', 'timed_out')), decide_ms INTEGER, "
           "returned INTEGER);"
           "INSERT INTO v9 SELECT id, shown_ms, answered_ms, app_id, category_id, exercise_id, exercise_kind, answer, "
           "decide_ms, returned FROM friction_outcome;"
           "DROP TABLE friction_outcome; ALTER TABLE v9 RENAME TO friction_outcome; PRAGMA user_version = 9;");
  const int64_t first_id = sql_int(path, "SELECT MIN(id) FROM friction_outcome");
  auto ledger = open_ledger({.path = path}, tw::TimeZone::utc());
  CHECK(sql_int(path, "PRAGMA user_version") == 10);
  CHECK(sql_int(path, "SELECT MIN(id) FROM friction_outcome") == first_id);
  const auto rows = ledger.exercise_outcomes(kT0, kT0 + 10 * kMin).value();
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].returned == 1);
  CHECK(rows[0].picked.empty());
  CHECK(rows[1].answer == "timed_out");
  REQUIRE(ledger.record_exercise_outcome(outcome(kT0 + 2 * kMin, "open_at_finish")).ok());
  REQUIRE(ledger.commit().ok());
  CHECK(ledger.exercise_outcomes(kT0, kT0 + 10 * kMin).value().size() == 3);
}
