// frame_check.cpp: checks a frame saved by `timewall-simulator --screenshot`.
//
//   frame_check view VIEW.png WORLD.png FRAME.json
//     VIEW is the eye's view with Timewall's panels, WORLD the same frame
//     without them, FRAME.json the projected corners of each placed panel.
//     Passes when at least one panel is visible, every visible panel's quad
//     (inside the display) differs from the world in at least 2% of its
//     pixels, and outside every quad (3 px margin) at most 0.05% differ.
//   frame_check window WINDOW.png
//     Passes when the whole window (view + control panel) was rendered: the
//     view is not flat and the control panel shows text.
// Exit 0 on pass, 1 on fail (with the reason), 2 on bad input.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "headless/png.hpp"

namespace {

using Quad = std::array<std::array<float, 2>, 4>;

// Signed distance of (x, y) inside a convex quad (positive inside), in pixels.
float inside_distance(const Quad& q, float x, float y) {
  float area = 0.f;
  for (size_t i = 0; i < 4; ++i) {
    const auto& a = q[i];
    const auto& b = q[(i + 1) % 4];
    area += a[0] * b[1] - b[0] * a[1];
  }
  const float orient = area > 0.f ? 1.f : -1.f;
  float d = 1e9f;
  for (size_t i = 0; i < 4; ++i) {
    const auto& a = q[i];
    const auto& b = q[(i + 1) % 4];
    const float ex = b[0] - a[0], ey = b[1] - a[1];
    const float len = std::sqrt(ex * ex + ey * ey);
    if (len <= 0.f) continue;
    d = std::min(d, orient * (ex * (y - a[1]) - ey * (x - a[0])) / len);
  }
  return d;
}

bool differs(const tw::RgbaImage& a, const tw::RgbaImage& b, size_t i) {
  for (size_t c = 0; c < 3; ++c)
    if (std::abs(int{a.pixels[i * 4 + c]} - int{b.pixels[i * 4 + c]}) > 10) return true;
  return false;
}

int fail(const std::string& why) {
  std::printf("FAIL: %s\n", why.c_str());
  return 1;
}

int check_view(const char* view_path, const char* world_path, const char* json_path) {
  auto view = tw::read_png(view_path);
  auto world = tw::read_png(world_path);
  if (!view || !world) {
    std::fprintf(stderr, "%s\n", (!view ? view : world).error().message.c_str());
    return 2;
  }
  if (view->width != world->width || view->height != world->height) return fail("view and world differ in size");
  std::ifstream f(json_path);
  const nlohmann::json j = nlohmann::json::parse(f, nullptr, false);
  if (j.is_discarded() || !j.contains("panels") || !j.contains("display")) {
    std::fprintf(stderr, "%s: not a frame description\n", json_path);
    return 2;
  }
  const auto disp = j["display"].get<std::vector<int>>();
  std::vector<std::pair<std::string, Quad>> quads;
  for (const auto& p : j["panels"]) {
    if (!p.contains("corners_px")) continue;
    Quad q{};
    for (size_t i = 0; i < 4; ++i) q[i] = {p["corners_px"][i][0].get<float>(), p["corners_px"][i][1].get<float>()};
    quads.emplace_back(p["kind"].get<std::string>(), q);
  }
  if (quads.empty()) return fail("no panel is visible in this frame");

  const uint32_t w = view->width, h = view->height;
  std::vector<size_t> in_n(quads.size()), in_diff(quads.size());
  size_t out_n = 0, out_diff = 0;
  for (uint32_t y = 0; y < h; ++y)
    for (uint32_t x = 0; x < w; ++x) {
      const float px = static_cast<float>(x) + 0.5f, py = static_cast<float>(y) + 0.5f;
      const bool in_display = static_cast<int>(x) >= disp[0] && static_cast<int>(x) < disp[0] + disp[2] &&
                              static_cast<int>(y) >= disp[1] && static_cast<int>(y) < disp[1] + disp[3];
      const size_t i = size_t{y} * w + x;
      bool near_any = false;
      for (size_t k = 0; k < quads.size(); ++k) {
        const float d = inside_distance(quads[k].second, px, py);
        if (d > -3.f) near_any = true;
        if (d >= 2.f && in_display) {
          ++in_n[k];
          in_diff[k] += differs(view.value(), world.value(), i);
        }
      }
      if (!near_any) {
        ++out_n;
        out_diff += differs(view.value(), world.value(), i);
      }
    }
  int failures = 0;
  for (size_t k = 0; k < quads.size(); ++k) {
    const double share = in_n[k] ? static_cast<double>(in_diff[k]) / static_cast<double>(in_n[k]) : 0.0;
    std::printf("%s: %zu px inside, %.1f%% differ from the world\n", quads[k].first.c_str(), in_n[k], 100.0 * share);
    if (in_n[k] < 50 || share < 0.02) {
      std::printf("FAIL: %s is not where the solver placed it\n", quads[k].first.c_str());
      ++failures;
    }
  }
  const double out_share = out_n ? static_cast<double>(out_diff) / static_cast<double>(out_n) : 0.0;
  std::printf("outside the panels: %zu px, %.3f%% differ\n", out_n, 100.0 * out_share);
  if (out_share > 0.0005) {
    std::printf("FAIL: pixels changed outside every placed panel\n");
    ++failures;
  }
  return failures ? 1 : 0;
}

int check_window(const char* path) {
  auto img = tw::read_png(path);
  if (!img) {
    std::fprintf(stderr, "%s\n", img.error().message.c_str());
    return 2;
  }
  const uint32_t w = img->width, h = img->height;
  const uint32_t panel_x = w - std::min(460u, w / 3);
  double sum = 0, sum2 = 0;
  size_t bright_text = 0, n = 0;
  for (uint32_t y = 0; y < h; ++y)
    for (uint32_t x = 0; x < w; ++x) {
      const uint8_t* p = &img->pixels[(size_t{y} * w + x) * 4];
      const double l = 0.2126 * p[0] + 0.7152 * p[1] + 0.0722 * p[2];
      if (x < panel_x) {
        sum += l;
        sum2 += l * l;
        ++n;
      } else if (l > 170.0) {
        ++bright_text;
      }
    }
  const double mean = sum / static_cast<double>(n);
  const double sd = std::sqrt(std::max(0.0, sum2 / static_cast<double>(n) - mean * mean));
  std::printf("view: mean %.1f, sd %.1f; control panel: %zu bright px\n", mean, sd, bright_text);
  if (sd < 8.0) return fail("the view is flat: the world was not rendered");
  if (bright_text < 500) return fail("the control panel shows no text");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "view" && argc == 5) return check_view(argv[2], argv[3], argv[4]);
  if (mode == "window" && argc == 3) return check_window(argv[2]);
  std::fprintf(stderr, "usage: frame_check view VIEW.png WORLD.png FRAME.json | window WINDOW.png\n");
  return 2;
}
