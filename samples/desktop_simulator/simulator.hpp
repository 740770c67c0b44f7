// simulator.hpp: the desktop simulator: a day with Timewall, in a window.
//
// What it does: ties the pieces together per frame: input moves the head and
// the simulated clock (ManualClock, scaled real frame time), the control
// panel and a script add signals, the core ticks at the simulated Instant,
// the placement solver places its overlays for the head pose and the
// glasses' FOV, changed panels re-render, and the frame composites them as
// quads over the synthetic world. Scripted runs tick once per simulated
// second and save frames at the asked times (PNG + a JSON of where each
// panel's quad landed), then exit.
// What it does not do: read wall time for the simulation, or talk to OpenXR.
//
//   auto sim = tw::sim::Simulator::create(options);
//   if (!sim) { std::cerr << sim.error().message; return 1; }
//   return (*sim)->run();
#pragma once

#include <cstdint>
#include <memory>

#include "core/result.hpp"
#include "sim_options.hpp"

namespace tw::sim {

class Simulator {
 public:
  static Result<std::unique_ptr<Simulator>> create(const SimOptions& options);
  ~Simulator();
  // Runs until the window closes, the script's shots are saved, or
  // --frames is reached. Returns the process exit code.
  int run();
  // One frame at 1x with a fixed 1/60 s of real time and no input, for the
  // benchmark: with Timewall (tick, solve, on-change panel renders, quads)
  // or the same scene and control panel without it.
  Status bench_frame(bool timewall);
  // Panel renders and skipped updates so far (PanelRenderer's counters).
  uint64_t panel_renders() const;

  struct State;

 private:
  explicit Simulator(std::unique_ptr<State> s);
  std::unique_ptr<State> s_;
};

}  // namespace tw::sim
