// scene_probe: does a screenshot of Monado's window show the app's scene, as
// a control screenshot (the same app, same stationary head, no Timewall
// layer) does?
//
//   scene_probe CONTROL.ppm IMAGE.ppm --shown
//   scene_probe CONTROL.ppm IMAGE.ppm --hidden R,G,B
// The control's most frequent colour is the app's clear colour; its scene
// pixels are those far from it (hello_xr's cubes). A scene pixel is kept when
// IMAGE has (nearly) the control's colour there.
//   --shown:  at least 85 % of the scene pixels are kept (Timewall's panels
//             may cover a few);
//   --hidden: at most 2 % are kept, at most 1 % of IMAGE is the app's clear
//             colour, and at least half of IMAGE is the backdrop colour R,G,B
//             (the full-view shield of an opaque display).
// Prints the figures; exit 0 when the expectation holds, 1 when not, 2 on
// bad input.
#include <array>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>

#include "ppm.hpp"

namespace {

using Rgb = std::array<int, 3>;

Rgb at(const tw_e2e::Image& im, size_t i) { return {im.rgb[i * 3], im.rgb[i * 3 + 1], im.rgb[i * 3 + 2]}; }

int distance(const Rgb& a, const Rgb& b) {
  return std::abs(a[0] - b[0]) + std::abs(a[1] - b[1]) + std::abs(a[2] - b[2]);
}

constexpr int kSceneDistance = 40;  // a scene pixel differs this much from the clear colour
constexpr int kSameDistance = 24;   // two pixels this close show the same thing

}  // namespace

int main(int argc, char** argv) {
  const bool hidden = argc == 5 && std::strcmp(argv[3], "--hidden") == 0;
  Rgb backdrop{};
  if (!((argc == 4 && std::strcmp(argv[3], "--shown") == 0) ||
        (hidden && std::sscanf(argv[4], "%d,%d,%d", &backdrop[0], &backdrop[1], &backdrop[2]) == 3))) {
    std::fprintf(stderr, "usage: scene_probe CONTROL.ppm IMAGE.ppm (--shown | --hidden R,G,B)\n");
    return 2;
  }
  tw_e2e::Image control, image;
  if (!tw_e2e::read_ppm(argv[1], control) || !tw_e2e::read_ppm(argv[2], image)) {
    std::fprintf(stderr, "scene_probe: %s or %s is not a readable 8-bit P6 PPM\n", argv[1], argv[2]);
    return 2;
  }
  if (control.width != image.width || control.height != image.height) {
    std::fprintf(stderr, "scene_probe: the images differ in size\n");
    return 2;
  }
  const size_t n = static_cast<size_t>(control.width) * static_cast<size_t>(control.height);
  std::map<Rgb, size_t> counts;
  for (size_t i = 0; i < n; ++i) ++counts[at(control, i)];
  Rgb clear = counts.begin()->first;
  for (const auto& [c, k] : counts)
    if (k > counts[clear]) clear = c;
  size_t scene = 0, kept = 0, clear_in_image = 0, backdrop_in_image = 0;
  for (size_t i = 0; i < n; ++i) {
    const Rgb c = at(control, i), m = at(image, i);
    if (distance(c, clear) > kSceneDistance) {
      ++scene;
      kept += distance(c, m) <= kSameDistance;
    }
    clear_in_image += distance(m, clear) <= kSameDistance;
    backdrop_in_image += distance(m, backdrop) <= kSameDistance;
  }
  const double kept_pct = scene ? 100.0 * static_cast<double>(kept) / static_cast<double>(scene) : 0.0;
  const double clear_pct = 100.0 * static_cast<double>(clear_in_image) / static_cast<double>(n);
  const double backdrop_pct = 100.0 * static_cast<double>(backdrop_in_image) / static_cast<double>(n);
  std::printf("scene_probe: control clear colour %d,%d,%d; %zu scene pixels, %zu (%.1f %%) kept in %s; "
              "clear colour %.1f %% of it",
              clear[0], clear[1], clear[2], scene, kept, kept_pct, argv[2], clear_pct);
  if (hidden) std::printf(", backdrop %d,%d,%d %.1f %%", backdrop[0], backdrop[1], backdrop[2], backdrop_pct);
  std::printf("\n");
  if (scene < 500) {
    std::fprintf(stderr, "scene_probe: the control shows almost no scene (%zu pixels)\n", scene);
    return 2;
  }
  if (!hidden) return kept_pct >= 85.0 ? 0 : 1;
  return kept_pct <= 2.0 && clear_pct <= 1.0 && backdrop_pct >= 50.0 ? 0 : 1;
}
