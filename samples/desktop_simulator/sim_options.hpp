// sim_options.hpp: the simulator's command line.
//
// What it does: parses the options below into SimOptions, with a clear
// message for anything it does not understand. usage() lists them.
// What it does not do: open files (the simulator does, and reports them).
//
//   auto o = tw::sim::parse_options(argc, argv);
//   if (!o) { std::cerr << o.error().message << "\n" << tw::sim::usage(); return 2; }
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace tw::sim {

enum class DisplayMode : uint8_t { additive, passthrough };

struct GlassesFov {
  std::string name;     // "narrow", "mid", "vr" or "custom"
  float width_deg = 0.f;
  float height_deg = 0.f;
};
// narrow 20x20 (Meta Ray-Ban Display class), mid 40x24 (46 deg diagonal,
// Spectacles class), vr 100x90 (a VR headset).
GlassesFov glasses_preset(std::string_view name);  // width 0 when unknown

struct SimOptions {
  std::string policy_path;        // empty: the demo policy
  std::string ledger_path;        // empty: a fresh ledger for this run, removed at exit
  std::string script_path;        // JSONL timeline (timewall replay format)
  std::string screenshot_dir;     // with a script: save frames, then exit
  std::vector<int> shot_minutes;  // --at HH:MM,...: local minutes of the first day
  std::string start_hh_mm = "07:30";  // interactive start time (the demo day)
  GlassesFov fov = glasses_preset("mid");
  DisplayMode display = DisplayMode::additive;
  float view_fov_deg = 0.f;       // 0: chosen from the glasses FOV
  int width = 1600, height = 900;
  bool timewall = true;           // false: the same scene without Timewall
  bool validation = false;
  bool prefer_cpu = false;
  bool vsync = true;              // false: present as fast as possible (benchmarks)
  int max_frames = 0;             // > 0: exit after this many frames
  bool serve_inbox = false;       // show the cards `timewall serve` shows (org.timewall.Inbox1)
};

Result<SimOptions> parse_options(int argc, char** argv);
std::string usage();

}  // namespace tw::sim
