#include "tw_catch.hpp"

#include <vector>

#include "openxr/ring_pixels.hpp"

namespace {

constexpr uint32_t kEdge = 128;

const uint8_t* at(const std::vector<uint8_t>& px, uint32_t x, uint32_t y) { return &px[(y * kEdge + x) * 4]; }

bool is_arc(const uint8_t* p) { return p[0] == tw::xr::kRingArcRgb[0] && p[1] == tw::xr::kRingArcRgb[1] && p[2] == tw::xr::kRingArcRgb[2]; }

}  // namespace

TEST_CASE("the arc covers the remaining fraction clockwise from 12 o'clock", "[openxr][ring]") {
  std::vector<uint8_t> px(kEdge * kEdge * 4);
  tw::xr::draw_ring(px.data(), kEdge, kEdge, false, {.remaining = 0.5f});
  const uint32_t c = kEdge / 2, r = static_cast<uint32_t>(kEdge * 0.36f);
  CHECK(is_arc(at(px, c + 1, c - r)));      // 12 o'clock
  CHECK(is_arc(at(px, c + r, c)));          // 3 o'clock: a quarter used of the half
  CHECK_FALSE(is_arc(at(px, c - r, c)));    // 9 o'clock: beyond the remaining half
  CHECK(at(px, c - r, c)[3] == 255);        // the track is still drawn, opaque
  CHECK(at(px, c, c)[3] > 200);             // dark plate in the middle
  CHECK(at(px, 0, 0)[3] == 0);              // transparent corner
}

TEST_CASE("the additive theme has no plate and BGRA swaps red and blue", "[openxr][ring]") {
  std::vector<uint8_t> px(kEdge * kEdge * 4);
  tw::xr::draw_ring(px.data(), kEdge, kEdge, true, {.remaining = 1.f, .theme = tw::xr::Theme::additive});
  const uint32_t c = kEdge / 2, r = static_cast<uint32_t>(kEdge * 0.36f);
  CHECK(at(px, c, c)[3] == 0);  // black would be invisible on additive glasses: no plate
  const uint8_t* p = at(px, c + r, c);
  CHECK(p[2] == tw::xr::kRingArcRgb[0]);
  CHECK(p[0] == tw::xr::kRingArcRgb[2]);
}

TEST_CASE("an empty budget draws no arc", "[openxr][ring]") {
  std::vector<uint8_t> px(kEdge * kEdge * 4);
  tw::xr::draw_ring(px.data(), kEdge, kEdge, false, {.remaining = 0.f});
  size_t arc = 0;
  for (size_t i = 0; i < px.size(); i += 4) arc += is_arc(&px[i]);
  CHECK(arc == 0);
}
