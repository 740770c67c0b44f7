// A real full disk: the ledger lives on a 512 KiB tmpfs that a filler file
// fills up. Commits must fail with ledger_full naming the file, keep every
// event in the bounded buffer (nothing lost, nothing half-written: the file
// passes integrity_check), the host keeps recording, and once space returns
// the next commit writes every held event exactly once.
// Needs root to mount the tmpfs; exits 77 (CTest: skipped) with the reason
// otherwise. A plain program, not Catch2, so that it can report "skipped".
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "core/ledger/ledger.hpp"

namespace {
int g_failures = 0;

void expect(bool ok, const char* what, const std::string& detail = {}) {
  std::printf("%s: %s%s%s\n", ok ? "ok  " : "FAIL", what, detail.empty() ? "" : " -- ",
              detail.c_str());
  if (!ok) ++g_failures;
}

long long sql_count(const std::string& path, const char* sql) {
  sqlite3* db = nullptr;
  long long v = -1;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
      v = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  return v;
}

std::string integrity(const std::string& path) {
  sqlite3* db = nullptr;
  std::string out = "cannot open";
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, nullptr) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
      out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    }
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  return out;
}

// Writes 4 KiB blocks until the file system says ENOSPC.
long fill(const std::string& path) {
  FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) return -1;
  const std::vector<char> block(4096, 'x');
  long written = 0;
  while (std::fwrite(block.data(), 1, block.size(), f) == block.size() && std::fflush(f) == 0) {
    written += static_cast<long>(block.size());
  }
  std::fclose(f);
  return written;
}

constexpr int64_t kT0_ms = 1'780'000'000'000;

int run(const std::string& dir) {
  const std::string path = dir + "/ledger.db";
  std::vector<tw::Error> reported;
  auto opened = tw::Ledger::open(
      {.path = path, .on_error = [&](const tw::Error& e) { reported.push_back(e); }},
      tw::TimeZone::utc());
  expect(opened.ok(), "the ledger opens on the small tmpfs", opened ? "" : opened.error().message);
  if (!opened) return 1;
  tw::Ledger ledger = std::move(opened).value();
  const std::string reason(200, 'r');
  for (int i = 0; i < 20; ++i) (void)ledger.record_block({kT0_ms + i, "feed", "social", reason});
  expect(ledger.commit().ok(), "a first batch commits while there is space");

  const long filler_bytes = fill(dir + "/filler");
  expect(filler_bytes > 0, "the filler file takes the remaining space",
         std::to_string(filler_bytes) + " bytes");

  int recorded = 20;
  tw::Status st = tw::Status{};
  for (int batch = 0; batch < 5; ++batch) {  // the host keeps going while the disk is full
    for (int i = 0; i < 100; ++i, ++recorded) {
      (void)ledger.record_block({kT0_ms + recorded, "feed", "social", reason});
    }
    st = ledger.commit();
  }
  expect(!st.ok(), "commits fail while the disk is full");
  if (!st.ok()) {
    expect(st.error().code == tw::Errc::ledger_full, "the error is ledger_full", st.error().message);
    expect(st.error().message.find(path) != std::string::npos, "the error names the file",
           st.error().message);
  }
  expect(ledger.pending_events() == 500, "all 500 events are held in memory",
         std::to_string(ledger.pending_events()));
  expect(ledger.lost_events() == 0, "none is dropped");
  expect(ledger.durable_seq() < ledger.last_seq(), "durable_seq does not claim them");
  expect(integrity(path) == "ok", "the file passes integrity_check while full", integrity(path));

  std::filesystem::remove(dir + "/filler");
  st = ledger.commit();
  expect(st.ok(), "once space returns the next commit succeeds", st ? "" : st.error().message);
  expect(ledger.pending_events() == 0 && ledger.durable_seq() == ledger.last_seq(),
         "every held event is now durable");
  expect(sql_count(path, "SELECT COUNT(*) FROM block") == recorded,
         "every event is on disk exactly once",
         std::to_string(sql_count(path, "SELECT COUNT(*) FROM block")) + " of " +
             std::to_string(recorded));
  expect(reported.empty(), "nothing was dropped, so on_error stayed quiet");
  std::printf("full disk: %d events recorded, %d held through a full disk, 0 lost\n", recorded,
              recorded - 20);
  return 0;
}
}  // namespace

int main() {
  if (geteuid() != 0) {
    std::printf("SKIP: mounting a 512 KiB tmpfs needs root (the simulated cap is covered by "
                "tw_ledger_tests 'a full disk gives ledger_full')\n");
    return 77;
  }
  std::string tmpl = (std::filesystem::temp_directory_path() / "tw_fulldisk_XXXXXX").string();
  if (!mkdtemp(tmpl.data())) return 1;
  if (mount("tmpfs", tmpl.c_str(), "tmpfs", 0, "size=512k,mode=0700") != 0) {
    std::printf("SKIP: cannot mount a tmpfs here (%s)\n", std::strerror(errno));
    rmdir(tmpl.c_str());
    return 77;
  }
  const int rc = run(tmpl);
  umount2(tmpl.c_str(), MNT_DETACH);
  rmdir(tmpl.c_str());
  return rc != 0 || g_failures != 0 ? 1 : 0;
}
