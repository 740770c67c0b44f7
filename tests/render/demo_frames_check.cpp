// demo_frames_check.cpp: checks the output of `timewall demo --frames DIR`.
//
//   demo_frames_check DIR DECISIONS.jsonl [INDEX.jsonl]
//     DECISIONS is the same day's decision log (`timewall replay --out`),
//     INDEX defaults to DIR/frames.jsonl. Passes when
//     - there is one index line and one PNG per decision point of the log
//       (each distinct "t" with a show, update or hide decision), in order,
//       and no other frame PNG in DIR;
//     - every PNG decodes at the size of DIR/background.png;
//     - inside every listed panel box at least 2% of the pixels differ from
//       the background (the panel shows), and outside every box no pixel
//       differs at all (nothing was drawn where the index says nothing is).
// Exit 0 on pass, 1 on fail (with the reason), 2 on bad input.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "headless/png.hpp"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct Box {
  std::string kind;
  int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
};

int fail(const std::string& why) {
  std::printf("FAIL: %s\n", why.c_str());
  return 1;
}

int bad_input(const std::string& why) {
  std::fprintf(stderr, "demo_frames_check: %s\n", why.c_str());
  return 2;
}

bool differs(const tw::RgbaImage& a, const tw::RgbaImage& b, size_t i) {
  for (size_t c = 0; c < 4; ++c)
    if (a.pixels[i * 4 + c] != b.pixels[i * 4 + c]) return true;
  return false;
}

// Distinct "t" of show/update/hide decisions, in log order.
std::vector<std::string> decision_points(const std::string& path, std::string& error) {
  std::vector<std::string> points;
  std::ifstream in(path);
  if (!in) error = "cannot read " + path;
  std::string line;
  while (std::getline(in, line)) {
    const json d = json::parse(line, nullptr, false);
    if (d.is_discarded() || !d.contains("kind") || !d.contains("t")) {
      error = path + ": not a decision line: " + line;
      break;
    }
    const std::string kind = d["kind"];
    if (kind != "show" && kind != "update" && kind != "hide") continue;
    const std::string t = d["t"];
    if (points.empty() || points.back() != t) points.push_back(t);
  }
  return points;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3 && argc != 4) return bad_input("usage: demo_frames_check DIR DECISIONS.jsonl [INDEX.jsonl]");
  const fs::path dir = argv[1];
  const std::string index_path = argc == 4 ? argv[3] : (dir / "frames.jsonl").string();
  std::string error;
  const std::vector<std::string> points = decision_points(argv[2], error);
  if (!error.empty()) return bad_input(error);
  auto background = tw::read_png((dir / "background.png").string());
  if (!background) return bad_input(background.error().message);
  const tw::RgbaImage& bg = background.value();

  std::ifstream index(index_path);
  if (!index) return bad_input("cannot read " + index_path);
  std::vector<std::string> listed;
  std::string line;
  size_t n = 0, boxes_checked = 0;
  while (std::getline(index, line)) {
    const json f = json::parse(line, nullptr, false);
    if (f.is_discarded() || !f.contains("frame") || !f.contains("t") || !f.contains("panels"))
      return bad_input(index_path + ": bad line " + std::to_string(n + 1));
    const std::string name = f["frame"], t = f["t"];
    listed.push_back(name);
    if (n >= points.size()) return fail("frame " + name + " at " + t + " is past the log's last decision point");
    if (t != points[n]) return fail("frame " + name + " is at " + t + ", the log's decision point is " + points[n]);
    ++n;
    auto img = tw::read_png((dir / name).string());
    if (!img) return fail(img.error().message);
    if (img->width != bg.width || img->height != bg.height) return fail(name + ": size differs from background.png");
    std::vector<Box> boxes;
    for (const json& p : f["panels"]) {
      Box b{p["kind"], p["x0"], p["y0"], p["x1"], p["y1"]};
      const int w = static_cast<int>(bg.width), h = static_cast<int>(bg.height);
      if (b.x0 < 0 || b.y0 < 0 || b.x1 > w || b.y1 > h || b.x0 >= b.x1 || b.y0 >= b.y1)
        return fail(name + ": " + b.kind + " box is empty or outside the frame");
      boxes.push_back(b);
    }
    std::vector<bool> covered(size_t{bg.width} * bg.height, false);
    for (const Box& b : boxes) {
      size_t changed = 0;
      for (int y = b.y0; y < b.y1; ++y)
        for (int x = b.x0; x < b.x1; ++x) {
          const size_t i = static_cast<size_t>(y) * bg.width + static_cast<size_t>(x);
          covered[i] = true;
          changed += differs(img.value(), bg, i);
        }
      const size_t area = static_cast<size_t>(b.x1 - b.x0) * static_cast<size_t>(b.y1 - b.y0);
      if (changed * 50 < area)
        return fail(name + ": " + b.kind + " box (" + std::to_string(b.x0) + "," + std::to_string(b.y0) + ")-(" +
                    std::to_string(b.x1) + "," + std::to_string(b.y1) + ") shows nothing: " +
                    std::to_string(changed) + " of " + std::to_string(area) + " pixels differ from the background");
      ++boxes_checked;
    }
    size_t outside = 0;
    for (size_t i = 0; i < covered.size(); ++i) outside += !covered[i] && differs(img.value(), bg, i);
    if (outside > 0)
      return fail(name + ": " + std::to_string(outside) + " pixels outside every panel box differ from the background");
  }
  if (n != points.size())
    return fail("the index lists " + std::to_string(n) + " frames, the decision log has " +
                std::to_string(points.size()) + " decision points");
  // No stray frame PNGs beside the listed ones.
  size_t pngs = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    if (e.path().extension() != ".png" || name == "background.png") continue;
    ++pngs;
    if (std::find(listed.begin(), listed.end(), name) == listed.end()) return fail("unlisted frame " + name);
  }
  if (pngs != n) return fail(std::to_string(pngs) + " PNGs for " + std::to_string(n) + " index lines");
  std::printf("ok: %zu frames = %zu decision points, %zu panel boxes checked\n", n, points.size(), boxes_checked);
  return 0;
}
