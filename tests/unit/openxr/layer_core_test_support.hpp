// Shared by the LayerCore tests: a fixed Monday clock, a log sink that
// counts lines, a fresh folder per test and owner-only policy files.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "openxr/layer/layer_core.hpp"
#include "tw_catch.hpp"

namespace tw_test {

inline constexpr int64_t kMonday_ms = 1'795'392'000'000;  // 2026-11-23 00:00 UTC

inline tw::Instant at_ms(int64_t ms) { return {ms * 1'000'000, kMonday_ms + ms}; }

struct Log {
  std::vector<std::string> lines;
  tw::xr::LayerLog sink() {
    return [this](std::string_view m) { lines.emplace_back(m); };
  }
  size_t count(std::string_view part) const {
    size_t n = 0;
    for (const auto& l : lines) n += l.find(part) != std::string::npos;
    return n;
  }
};

// A fresh folder per test under the build tree: TW_BINARY_DIR/suite/name.
inline std::string fresh_dir(const char* suite, const char* name) {
  const std::string dir = std::string(TW_BINARY_DIR) + "/" + suite + "/" + name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

// Owner-only, as a wearer's policy should be (a wider mode is made
// owner-only and logged once: test_layer_core_youth.cpp).
inline void write(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::trunc) << text;
  std::filesystem::permissions(path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
}

// The app's attended time on the test's Monday (UTC), read from the ledger.
inline int64_t attended_ms(const std::string& ledger_path, const std::string& app) {
  auto ledger = tw::Ledger::open({.path = ledger_path}, tw::TimeZone::utc());
  REQUIRE(ledger.ok());
  auto rows = ledger.value().day_per_app(kMonday_ms / 86'400'000);
  REQUIRE(rows.ok());
  for (const auto& r : rows.value())
    if (r.name == app) return r.attended_ms;
  return 0;
}

}  // namespace tw_test
