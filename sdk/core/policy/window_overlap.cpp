#include "core/policy/window_overlap.hpp"

#include <algorithm>
#include <cstdint>

namespace tw {
namespace {

constexpr int32_t kDay = 24 * 60;
constexpr int32_t kWeek = 7 * kDay;

int32_t length_min(const ProtectedWindow& w) { return ((w.end - w.start) % kDay + kDay) % kDay; }

}  // namespace

std::optional<WindowOverlap> find_overlap(const ProtectedWindow& a, const ProtectedWindow& b) {
  const int32_t len_a = length_min(a), len_b = length_min(b);
  if (len_a == 0 || len_b == 0) return std::nullopt;
  std::optional<int32_t> first_start;
  int32_t first_end = 0;
  for (int32_t da = 0; da < 7; ++da) {
    if (!(a.days & (1u << da))) continue;
    const int32_t a0 = da * kDay + a.start, a1 = a0 + len_a;
    for (int32_t db = 0; db < 7; ++db) {
      if (!(b.days & (1u << db))) continue;
      for (int32_t shift : {-kWeek, 0, kWeek}) {  // Sunday night wraps into Monday
        const int32_t b0 = db * kDay + b.start + shift, b1 = b0 + len_b;
        const int32_t lo = std::max(a0, b0), hi = std::min(a1, b1);
        if (lo >= hi) continue;
        const int32_t at = (lo % kWeek + kWeek) % kWeek;
        if (!first_start || at < *first_start) {
          first_start = at;
          first_end = at + (hi - lo);
        }
      }
    }
  }
  if (!first_start) return std::nullopt;
  return WindowOverlap{*first_start / kDay, *first_start % kDay, first_end % kDay};
}

}  // namespace tw
