// The ledger file: owner-only, damaged files reported and never touched,
// files from a newer Timewall refused.
#include <sys/stat.h>

#include <cstdio>
#include <fstream>

#include "ledger_test_util.hpp"

using namespace tw_test;

namespace {
constexpr int64_t kT0_ms = 1'780'000'000'000;

mode_t mode_of(const std::string& path) {
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mode & 0777;
}

// A ledger with enough rows to span several pages, closed cleanly.
void make_ledger(const std::string& path) {
  auto ledger = open_ledger({.path = path, .pulse_s = 1}, tw::TimeZone::utc());
  for (int i = 0; i < 3000; ++i) {
    REQUIRE(ledger.record_heartbeat({i % 2 ? "feed" : "mail", "x", kT0_ms + i * 10'000, 1'000}).ok());
  }
  REQUIRE(ledger.commit().ok());
}

void overwrite(const std::string& path, long offset, const std::string& bytes) {
  std::FILE* f = std::fopen(path.c_str(), "r+b");
  REQUIRE(f != nullptr);
  REQUIRE(std::fseek(f, offset, SEEK_SET) == 0);
  REQUIRE(std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size());
  std::fclose(f);
}

void require_corrupt_and_unchanged(const std::string& path) {
  const auto before = file_bytes(path);
  auto r = tw::Ledger::open({.path = path}, tw::TimeZone::utc());
  REQUIRE_FALSE(r.ok());
  INFO(r.error().message);
  CHECK(r.error().code == tw::Errc::ledger_corrupt);
  CHECK(r.error().message.find(path) != std::string::npos);
  CHECK(file_bytes(path) == before);
  CHECK_FALSE(std::filesystem::exists(path + "-wal"));
  CHECK_FALSE(std::filesystem::exists(path + "-journal"));
}
}  // namespace

TEST_CASE("ledger: the database, -wal and -shm are owner-only whatever the umask", "[ledger][files]") {
  TempDir dir;
  const auto path = dir.file("l.db");
  const mode_t old_mask = umask(0);
  auto ledger = tw::Ledger::open({.path = path}, tw::TimeZone::utc());
  umask(old_mask);
  REQUIRE(ledger.ok());
  REQUIRE(ledger->record_heartbeat({"feed", "social", kT0_ms, 1'000}).ok());
  REQUIRE(ledger->commit().ok());
  CHECK(mode_of(path) == 0600);
  CHECK(mode_of(path + "-wal") == 0600);
  CHECK(mode_of(path + "-shm") == 0600);
}

TEST_CASE("ledger: an existing ledger with loose permissions is made owner-only", "[ledger][files]") {
  TempDir dir;
  const auto path = dir.file("l.db");
  make_ledger(path);
  REQUIRE(chmod(path.c_str(), 0644) == 0);
  auto ledger = open_ledger({.path = path}, tw::TimeZone::utc());
  CHECK(mode_of(path) == 0600);
}

TEST_CASE("ledger: a file that is not a database is reported and left unchanged", "[ledger][files][faults]") {
  TempDir dir;
  const auto path = dir.file("l.db");
  {
    std::ofstream out(path, std::ios::binary);
    for (int i = 0; i < 8192; ++i) out.put(static_cast<char>((i * 131 + 7) & 0xFF));
  }
  require_corrupt_and_unchanged(path);
}

TEST_CASE("ledger: a truncated ledger is reported and left unchanged", "[ledger][files][faults]") {
  TempDir dir;
  const auto path = dir.file("l.db");
  make_ledger(path);
  const auto size = std::filesystem::file_size(path);
  REQUIRE(size > 16 * 4096);
  std::filesystem::resize_file(path, size / 2);
  require_corrupt_and_unchanged(path);
}

TEST_CASE("ledger: a damaged page fails quick_check, reported and left unchanged", "[ledger][files][faults]") {
  TempDir dir;
  const auto path = dir.file("l.db");
  make_ledger(path);
  // Scribble over the b-tree header of a page in the middle of the file.
  const auto pages = static_cast<long>(std::filesystem::file_size(path) / 4096);
  overwrite(path, (pages / 2) * 4096, std::string(64, '\x5a'));
  require_corrupt_and_unchanged(path);
}

TEST_CASE("ledger: a ledger from a newer Timewall gives schema_too_new", "[ledger][files]") {
  TempDir dir;
  const auto path = dir.file("l.db");
  make_ledger(path);
  sql_exec(path, "PRAGMA user_version = 99");
  const auto before = file_bytes(path);
  auto r = tw::Ledger::open({.path = path}, tw::TimeZone::utc());
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == tw::Errc::schema_too_new);
  CHECK(r.error().message.find("99") != std::string::npos);
  CHECK(file_bytes(path) == before);
}

TEST_CASE("ledger: bad descriptors are rejected", "[ledger][files]") {
  CHECK(tw::Ledger::open({}, tw::TimeZone::utc()).error().code == tw::Errc::invalid_argument);
  TempDir dir;
  CHECK(tw::Ledger::open({.path = dir.file("l.db"), .pulse_s = -1}, tw::TimeZone::utc()).error().code ==
        tw::Errc::invalid_argument);
  CHECK(tw::Ledger::open({.path = dir.file("none.db"), .read_only = true}, tw::TimeZone::utc()).error().code ==
        tw::Errc::not_found);
  CHECK(tw::Ledger::open({.path = dir.file("missing-dir/l.db")}, tw::TimeZone::utc()).error().code == tw::Errc::io);
}
