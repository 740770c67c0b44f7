// sim_options.cpp
#include "sim_options.hpp"

#include <charconv>

#include "sim_clock.hpp"

namespace tw::sim {

GlassesFov glasses_preset(std::string_view name) {
  if (name == "narrow") return {"narrow", 20.f, 20.f};
  if (name == "mid") return {"mid", 40.f, 24.f};
  if (name == "vr") return {"vr", 100.f, 90.f};
  return {};
}

namespace {

bool parse_pair(std::string_view s, float& a, float& b) {
  const size_t x = s.find('x');
  if (x == std::string_view::npos) return false;
  auto one = [](std::string_view t, float& out) {
    int v = 0;
    auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    if (ec != std::errc() || p != t.data() + t.size() || v <= 0) return false;
    out = static_cast<float>(v);
    return true;
  };
  return one(s.substr(0, x), a) && one(s.substr(x + 1), b);
}

}  // namespace

Result<SimOptions> parse_options(int argc, char** argv) {
  SimOptions o;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    auto value = [&]() -> Result<std::string_view> {
      if (i + 1 >= argc) return Error{Errc::invalid_argument, std::string(arg) + " needs a value"};
      return std::string_view(argv[++i]);
    };
    auto bad = [&](std::string_view v, std::string_view want) {
      return Error{Errc::invalid_argument, std::string(arg) + " " + std::string(v) + ": expected " + std::string(want)};
    };
    if (arg == "--policy" || arg == "--ledger" || arg == "--script" || arg == "--screenshot" || arg == "--at" || arg == "--fov" ||
        arg == "--display" || arg == "--size" || arg == "--view-fov" || arg == "--start" || arg == "--frames") {
      auto v = value();
      if (!v) return v.error();
      const std::string_view s = v.value();
      if (arg == "--policy") o.policy_path = s;
      else if (arg == "--ledger") o.ledger_path = s;
      else if (arg == "--script") o.script_path = s;
      else if (arg == "--screenshot") o.screenshot_dir = s;
      else if (arg == "--start") {
        if (parse_hh_mm(s) < 0) return bad(s, "HH:MM");
        o.start_hh_mm = s;
      } else if (arg == "--at") {
        for (size_t pos = 0; pos <= s.size();) {
          size_t comma = s.find(',', pos);
          if (comma == std::string_view::npos) comma = s.size();
          const int m = parse_hh_mm(s.substr(pos, comma - pos));
          if (m < 0) return bad(s, "HH:MM[,HH:MM...]");
          o.shot_minutes.push_back(m);
          pos = comma + 1;
        }
      } else if (arg == "--fov") {
        GlassesFov f = glasses_preset(s);
        if (f.width_deg == 0.f) {
          f.name = "custom";
          if (!parse_pair(s, f.width_deg, f.height_deg) || f.width_deg >= 170.f || f.height_deg >= 170.f)
            return bad(s, "narrow, mid, vr or WxH in degrees (below 170)");
        }
        o.fov = f;
      } else if (arg == "--display") {
        if (s == "additive") o.display = DisplayMode::additive;
        else if (s == "passthrough") o.display = DisplayMode::passthrough;
        else return bad(s, "additive or passthrough");
      } else if (arg == "--size") {
        float w = 0.f, h = 0.f;
        if (!parse_pair(s, w, h) || w < 640.f || h < 400.f) return bad(s, "WxH pixels, at least 640x400");
        o.width = static_cast<int>(w);
        o.height = static_cast<int>(h);
      } else if (arg == "--view-fov") {
        int deg = 0;
        auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), deg);
        if (ec != std::errc() || p != s.data() + s.size() || deg < 10 || deg > 160) return bad(s, "degrees, 10..160");
        o.view_fov_deg = static_cast<float>(deg);
      } else if (arg == "--frames") {
        int n = 0;
        auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
        if (ec != std::errc() || p != s.data() + s.size() || n <= 0) return bad(s, "a positive frame count");
        o.max_frames = n;
      }
    } else if (arg == "--no-timewall") {
      o.timewall = false;
    } else if (arg == "--validation") {
      o.validation = true;
    } else if (arg == "--no-vsync") {
      o.vsync = false;
    } else if (arg == "--cpu") {
      o.prefer_cpu = true;
    } else if (arg == "--serve-inbox") {
      o.serve_inbox = true;
    } else {
      return Error{Errc::invalid_argument, "unknown option " + std::string(arg)};
    }
  }
  if (!o.screenshot_dir.empty() && o.script_path.empty())
    return Error{Errc::invalid_argument, "--screenshot needs --script (the timeline to play)"};
  if (!o.shot_minutes.empty() && o.screenshot_dir.empty())
    return Error{Errc::invalid_argument, "--at needs --screenshot DIR"};
  return o;
}

std::string usage() {
  return "usage: timewall-simulator [options]\n"
         "  --policy FILE         the wearer's policy (default: the demo policy)\n"
         "  --ledger FILE         keep the SQLite ledger there (default: a temporary one)\n"
         "  --script FILE.jsonl   play a signal timeline (the `timewall replay` format)\n"
         "  --screenshot DIR      with --script: save frames to DIR, then exit\n"
         "  --at HH:MM[,HH:MM]    local times of the script's first day to save (default: its end)\n"
         "  --fov narrow|mid|vr|WxH   the glasses' field of view (default mid: 40x24 deg)\n"
         "  --display additive|passthrough   see-through optics or camera passthrough\n"
         "  --view-fov DEG        horizontal field of view of the simulated eye\n"
         "  --size WxH            window size (default 1600x900)\n"
         "  --start HH:MM         interactive start time on the demo day (default 07:30)\n"
         "  --no-timewall         the same scene without Timewall (for comparisons)\n"
         "  --serve-inbox         also show the notification cards `timewall serve` shows (D-Bus)\n"
         "  --frames N            exit after N frames\n"
         "  --no-vsync            present as fast as possible\n"
         "  --cpu                 prefer a CPU Vulkan device (lavapipe)\n"
         "  --validation          enable the Vulkan validation layer\n"
         "keys: right mouse look, WASD walk (shift hurries), Q/E crouch/stand, R recentre,\n"
         "      space pause, 1/2/3/4 speed 1x/60x/600x/pause, Esc quit\n";
}

}  // namespace tw::sim
