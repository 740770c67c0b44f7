// frame_log.hpp: what the sample submitted, for the e2e tests (--frame-log).
//
// What it does: one line per frame (layers, panel renders, layer mode,
// xrEndFrame's result) and, whenever the set of shown panels changes, each
// panel's rectangle relative to VIEW plus each eye's pose and FOV, which
// tests/e2e/pixel_probe projects into Monado's window. The first panel line
// is the budget ring's.
// What it does not do: anything an integrator needs; a real app leaves it out.
#pragma once

#include <cstdio>
#include <string>

#include "openxr/session_binding.hpp"

namespace sample {

class FrameLog {
 public:
  explicit FrameLog(const std::string& path);  // empty: logs nothing
  ~FrameLog();
  FrameLog(const FrameLog&) = delete;
  FrameLog& operator=(const FrameLog&) = delete;

  void header(int vulkan_enable, bool cylinders, uint32_t max_layers);
  // Logs the placements when the shown kinds changed since the last call.
  void placements(XrSession session, XrSpace app_space, const tw::xr::SessionBinding& binding, XrTime t);
  void frame(long n, const tw::xr::ComposeStats& stats, uint32_t added, XrResult ended);
  // timewalld began (accounts) or stopped (gone) counting this app, seen at frame n.
  void service(bool accounts, long n, int64_t unix_ms);
  void end(long frames);

 private:
  FILE* f_ = nullptr;
  uint32_t shown_mask_ = 0;
};

}  // namespace sample
