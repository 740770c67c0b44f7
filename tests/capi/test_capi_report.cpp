// tw_report_write: every format through the C ABI is byte for byte what
// sdk/report renders for the same ledger (so what `timewall report` /
// `export` print), into a buffer or a file, and each misuse is an error
// value with a diagnostic, never a crash or a partial write.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "core/civil_days.hpp"
#include "report/history.hpp"
#include "report/render.hpp"
#include "temp_dir.hpp"
#include "timewall/timewall.h"
#include "tw_catch.hpp"

namespace {

const std::string kDemoPolicy = std::string(TW_SOURCE_DIR) + "/data/demo/policy.toml";
const int64_t kMonday = tw::days_from_civil(2026, 3, 2);

// A ledger with a Tuesday feed half hour and a Wednesday-night mail crossing midnight.
void fill_ledger(const std::string& path) {
  auto h = tw::report::open_history(kDemoPolicy, path, false);
  REQUIRE(h.ok());
  auto at = [&](int64_t day, int hour, int minute) {
    return tw::report::day_start_ms(h->tz, day) + (hour * 60 + minute) * 60'000;
  };
  const std::vector<tw::AttendedInterval> rows = {
      {"com.example.feed", "social", at(kMonday + 1, 9, 0), at(kMonday + 1, 9, 30)},
      {"com.example.mail", "work", at(kMonday + 2, 23, 40), at(kMonday + 3, 0, 10)}};
  REQUIRE(h->ledger.import_intervals(rows).ok());
}

tw_engine* make_engine(const std::string& ledger) {
  tw_engine_desc desc{};
  desc.struct_size = sizeof desc;
  desc.policy_path = kDemoPolicy.c_str();
  desc.ledger_path = ledger.empty() ? nullptr : ledger.c_str();
  tw_engine* e = nullptr;
  REQUIRE(tw_engine_create(&desc, &e, nullptr) == TW_OK);
  return e;
}

tw_report_desc desc_for(tw_report_format format) {
  tw_report_desc d{};
  d.struct_size = sizeof d;
  d.format = format;
  return d;
}

std::string through_abi(tw_engine* e, const tw_report_desc& d) {
  size_t size = 0;
  REQUIRE(tw_report_write(e, &d, nullptr, 0, &size, nullptr) == TW_OK);
  std::string out(size + 1, '\0');
  size_t again = 0;
  REQUIRE(tw_report_write(e, &d, out.data(), out.size(), &again, nullptr) == TW_OK);
  REQUIRE(again == size);
  CHECK(out[size] == '\0');
  out.resize(size);
  return out;
}

std::string key_of_first(const tw_diagnostics* diag) {
  tw_diagnostic d{};
  return tw_diagnostics_get(diag, 0, &d) == TW_OK ? std::string(d.key) : "<none>";
}

}  // namespace

TEST_CASE("C ABI report: each format equals sdk/report's render of the same ledger", "[capi][report]") {
  tw_test::TempDir dir("tw_capi_report");
  const std::string ledger = dir.file("t.db");
  fill_ledger(ledger);
  tw_engine* e = make_engine(ledger);
  auto h = tw::report::open_history(kDemoPolicy, ledger, true);
  REQUIRE(h.ok());
  struct Case {
    tw_report_format c;
    tw::report::Format cpp;
  };
  for (const Case& k : {Case{TW_REPORT_TEXT, tw::report::Format::text}, Case{TW_REPORT_HTML, tw::report::Format::html},
                        Case{TW_REPORT_JSON, tw::report::Format::activitywatch},
                        Case{TW_REPORT_CSV, tw::report::Format::csv}}) {
    INFO("format " << k.c);
    auto want = tw::report::render(h->ledger, h->policy, h->tz, {.format = k.cpp, .period = {}, .hostname = {}});
    REQUIRE(want.ok());
    CHECK(through_abi(e, desc_for(k.c)) == want.value());
  }
  // A period and a host name reach the library as given.
  tw_report_desc d = desc_for(TW_REPORT_JSON);
  d.from = "2026-03-04";
  d.to = "2026-03-04";
  d.hostname = "glasses";
  auto want = tw::report::render(h->ledger, h->policy, h->tz,
                                 {.format = tw::report::Format::activitywatch,
                                  .period = {.week = {}, .from = kMonday + 2, .to = kMonday + 2},
                                  .hostname = "glasses"});
  REQUIRE(want.ok());
  const std::string got = through_abi(e, d);
  CHECK(got == want.value());
  CHECK(got.find("aw-watcher-timewall_glasses") != std::string::npos);
  CHECK(got.find("com.example.feed") == std::string::npos);  // Tuesday is outside

  // To a file: the same bytes; out_size may be NULL.
  tw_report_desc f = desc_for(TW_REPORT_HTML);
  const std::string path = dir.file("week.html");
  f.path = path.c_str();
  REQUIRE(tw_report_write(e, &f, nullptr, 0, nullptr, nullptr) == TW_OK);
  std::ifstream in(path, std::ios::binary);
  std::ostringstream file;
  file << in.rdbuf();
  CHECK(file.str() == through_abi(e, desc_for(TW_REPORT_HTML)));
  tw_engine_destroy(e);
}

TEST_CASE("C ABI report: misuse gives an error value and writes nothing", "[capi][report]") {
  tw_test::TempDir dir("tw_capi_report");
  const std::string ledger = dir.file("t.db");
  fill_ledger(ledger);
  tw_engine* e = make_engine(ledger);
  tw_diagnostics* diag = nullptr;
  REQUIRE(tw_diagnostics_create(&diag) == TW_OK);
  size_t size = 0;

  SECTION("a buffer too small is left untouched, and the size is told") {
    tw_report_desc d = desc_for(TW_REPORT_TEXT);
    char small[8] = "keepme";
    CHECK(tw_report_write(e, &d, small, sizeof small, &size, diag) == TW_ERROR_BUFFER_TOO_SMALL);
    CHECK(std::string(small) == "keepme");
    CHECK(size == through_abi(e, d).size());
    std::string exact(size, 'x');  // no room for the NUL
    CHECK(tw_report_write(e, &d, exact.data(), exact.size(), &size, diag) == TW_ERROR_BUFFER_TOO_SMALL);
    CHECK(exact == std::string(size, 'x'));
  }
  SECTION("bad dates and periods name their field") {
    tw_report_desc d = desc_for(TW_REPORT_CSV);
    d.from = "2026-02-30";
    CHECK(tw_report_write(e, &d, nullptr, 0, &size, diag) == TW_ERROR_INVALID_ARGUMENT);
    CHECK(key_of_first(diag) == "from");
    d.from = "2026-03-05";
    d.to = "2026-03-01";
    CHECK(tw_report_write(e, &d, nullptr, 0, &size, diag) == TW_ERROR_INVALID_ARGUMENT);
    CHECK(tw_diagnostics_count(diag) == 1);
    d.week = "2026-03-02";
    d.to = nullptr;
    CHECK(tw_report_write(e, &d, nullptr, 0, &size, diag) == TW_ERROR_INVALID_ARGUMENT);
  }
  SECTION("wrong calls") {
    tw_report_desc d = desc_for(TW_REPORT_CSV);
    CHECK(tw_report_write(nullptr, &d, nullptr, 0, &size, diag) == TW_ERROR_NULL_HANDLE);
    CHECK(tw_report_write(e, nullptr, nullptr, 0, &size, diag) == TW_ERROR_INVALID_ARGUMENT);
    CHECK(tw_report_write(e, &d, nullptr, 0, nullptr, diag) == TW_ERROR_INVALID_ARGUMENT);  // out_size required
    char buf[4];
    CHECK(tw_report_write(e, &d, nullptr, sizeof buf, &size, diag) == TW_ERROR_INVALID_ARGUMENT);
    const std::string p = dir.file("x.csv");
    d.path = p.c_str();
    CHECK(tw_report_write(e, &d, buf, sizeof buf, &size, diag) == TW_ERROR_INVALID_ARGUMENT);  // path and buffer
    CHECK_FALSE(std::filesystem::exists(p));
    d.path = nullptr;
    d.format = 4;
    CHECK(tw_report_write(e, &d, nullptr, 0, &size, diag) == TW_ERROR_INVALID_ARGUMENT);
    CHECK(key_of_first(diag) == "format");
    d.format = TW_REPORT_CSV;
    d.struct_size = sizeof d - 1;
    CHECK(tw_report_write(e, &d, nullptr, 0, &size, diag) == TW_ERROR_STRUCT_SIZE);
  }
  SECTION("a file that cannot be written") {
    tw_report_desc d = desc_for(TW_REPORT_HTML);
    const std::string p = dir.file("no/such/folder/r.html");
    d.path = p.c_str();
    CHECK(tw_report_write(e, &d, nullptr, 0, nullptr, diag) == TW_ERROR_IO);
    CHECK(tw_diagnostics_count(diag) == 1);
  }
  SECTION("no ledger, or nothing recorded and no period") {
    tw_engine* bare = make_engine("");
    tw_report_desc d = desc_for(TW_REPORT_TEXT);
    CHECK(tw_report_write(bare, &d, nullptr, 0, &size, diag) == TW_ERROR_NO_LEDGER);
    tw_engine_destroy(bare);
    tw_engine* fresh = make_engine(dir.file("empty.db"));
    CHECK(tw_report_write(fresh, &d, nullptr, 0, &size, diag) == TW_ERROR_NOT_FOUND);
    d.week = "2026-03-02";  // an empty week is a report of zeros, not an error
    CHECK(tw_report_write(fresh, &d, nullptr, 0, &size, diag) == TW_OK);
    tw_engine_destroy(fresh);
  }
  tw_diagnostics_destroy(diag);
  tw_engine_destroy(e);
}
