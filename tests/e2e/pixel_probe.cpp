// pixel_probe: checks a screenshot of Monado's XCB window for Timewall's ring.
//
// Reads a binary PPM (P6) of the window and a frame log (the layer's or
// samples/openxr_app's), which records where the panels were placed (VIEW
// space position and size; the first '# panel' line is the ring) and each
// eye's pose and field of view as the runtime reported them. Projects the
// panels into each eye's half of the window (Monado's simulated HMD shows the
// eyes side by side, undistorted) and counts ring-coloured (accent) pixels:
// the ring's rectangle must have some in each eye, and nine tenths of all of
// them must lie inside the panels' rectangles (other panels, such as a fill
// card's title, use the accent colour too):
//   pixel_probe IMAGE.ppm FRAME_LOG           ring present where it was placed
//   pixel_probe IMAGE.ppm --absent            no ring colour anywhere
// Exit 0 when the expectation holds, 1 when not, 2 on bad input.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "ppm.hpp"

namespace {

using tw_e2e::Image;
using tw_e2e::read_ppm;

// The ring's arc in the plated theme: the accent colour of sdk/render's
// palette (panel_ui.cpp), which nothing in hello_xr's scene comes near.
constexpr int kArcRgb[3] = {70, 200, 255};

bool is_ring(const unsigned char* p) {
  return std::abs(p[0] - kArcRgb[0]) <= 24 && std::abs(p[1] - kArcRgb[1]) <= 24 && std::abs(p[2] - kArcRgb[2]) <= 24;
}

struct View {
  double x = 0, y = 0, z = 0, left = 0, right = 0, up = 0, down = 0;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: pixel_probe IMAGE.ppm (FRAME_LOG | --absent)\n");
    return 2;
  }
  Image im;
  if (!read_ppm(argv[1], im)) {
    std::fprintf(stderr, "pixel_probe: %s is not a readable 8-bit P6 PPM\n", argv[1]);
    return 2;
  }
  long total = 0;
  for (size_t i = 0; i < im.rgb.size(); i += 3) total += is_ring(&im.rgb[i]);
  if (std::string(argv[2]) == "--absent") {
    std::printf("pixel_probe: %ld ring-coloured pixels in the %dx%d image (expected 0)\n", total, im.width,
                im.height);
    return total == 0 ? 0 : 1;
  }

  std::ifstream log(argv[2]);
  std::string line;
  struct Panel {
    double x = 0, y = 0, z = 0, w = 0, h = 0;
  };
  std::vector<Panel> panels;
  std::vector<View> views;
  while (std::getline(log, line)) {
    std::istringstream s(line);
    std::string hash, kind, word;
    s >> hash >> kind;
    if (kind == "panel") {
      Panel p;
      s >> word >> word >> p.x >> p.y >> p.z >> word >> p.w >> p.h;  // KIND view_pos x y z size_m w h
      if (s) panels.push_back(p);
    } else if (kind == "view") {
      View v;
      s >> word >> word >> v.x >> v.y >> v.z >> word >> v.left >> v.right >> v.up >> v.down;
      if (s && views.size() < 2) views.push_back(v);  // the first layout's eyes
    }
  }
  if (panels.empty() || views.empty()) {
    std::fprintf(stderr, "pixel_probe: %s has no '# panel' or '# view' lines\n", argv[2]);
    return 2;
  }
  const int eye_w = im.width / static_cast<int>(views.size());
  std::vector<unsigned char> in_panel(static_cast<size_t>(im.width) * static_cast<size_t>(im.height), 0);
  bool every_eye = true;
  for (size_t e = 0; e < views.size(); ++e) {
    const View& v = views[e];
    for (size_t i = 0; i < panels.size(); ++i) {
      const Panel& p = panels[i];
      // Panel corners in this eye's frame (eye orientation = VIEW orientation on Monado's HMD).
      const double cx = p.x - v.x, cy = p.y - v.y, d = -(p.z - v.z);
      if (d <= 0.05) continue;
      const double tl = std::tan(v.left), tr = std::tan(v.right), tu = std::tan(v.up), td = std::tan(v.down);
      const double eye_x0 = static_cast<double>(e) * eye_w;
      auto col = [&](double x) { return eye_x0 + (x / d - tl) / (tr - tl) * eye_w; };
      auto row = [&](double y) { return (tu - y / d) / (tu - td) * im.height; };
      // The solved rectangle, grown by a quarter of its size for resampling
      // (and for body-locked panels turned towards the wearer).
      const double mx = p.w * 0.25, my = p.h * 0.25;
      const int x0 = std::max(static_cast<int>(std::floor(col(cx - p.w / 2 - mx))), static_cast<int>(eye_x0));
      const int x1 = std::min(static_cast<int>(std::ceil(col(cx + p.w / 2 + mx))), static_cast<int>(eye_x0) + eye_w);
      const int y0 = std::max(static_cast<int>(std::floor(row(cy + p.h / 2 + my))), 0);
      const int y1 = std::min(static_cast<int>(std::ceil(row(cy - p.h / 2 - my))), im.height);
      long inside = 0;
      for (int y = y0; y < y1; ++y)
        for (int x = x0; x < x1; ++x) {
          const size_t at = static_cast<size_t>(y) * static_cast<size_t>(im.width) + static_cast<size_t>(x);
          inside += is_ring(&im.rgb[at * 3]);
          in_panel[at] = 1;
        }
      std::printf("pixel_probe: eye %zu panel %zu: expected in x %d..%d y %d..%d: %ld ring-coloured pixels\n", e, i,
                  x0, x1, y0, y1, inside);
      if (i == 0) every_eye = every_eye && inside >= 5;  // the solved ring is ~11 px wide in a 320 px eye
    }
  }
  long inside_all = 0;
  for (size_t at = 0; at < in_panel.size(); ++at) inside_all += in_panel[at] && is_ring(&im.rgb[at * 3]);
  std::printf("pixel_probe: %ld of %ld ring-coloured pixels lie where the panels were placed\n", inside_all, total);
  return every_eye && inside_all * 10 >= total * 9 ? 0 : 1;
}
