// interner.hpp: app and category names become small integer ids.
//
// What it does: maps a string to a stable dense id the first time it is seen,
// so the per-tick path compares integers and never allocates.
// What it does not do: forget names; ids live as long as the Interner.
//
//   tw::Interner apps;
//   tw::AppId feed = apps.intern("com.example.feed");   // allocates once
//   apps.find("com.example.feed");                      // -> feed, no alloc
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace tw {

using AppId = uint32_t;
using CategoryId = uint32_t;
inline constexpr uint32_t kNoId = 0xFFFF'FFFFu;

class Interner {
 public:
  uint32_t intern(std::string_view name);
  std::optional<uint32_t> find(std::string_view name) const;
  std::string_view name(uint32_t id) const;  // "" for kNoId or unknown ids
  size_t size() const { return names_.size(); }

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };
  std::vector<std::string> names_;
  std::unordered_map<std::string, uint32_t, Hash, std::equal_to<>> index_;
};

}  // namespace tw
