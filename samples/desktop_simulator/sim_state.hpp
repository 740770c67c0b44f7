// sim_state.hpp: everything one simulator run holds, shared by the frame
// loop (simulator.cpp) and the control panel (control_panel.cpp).
//
// What it does: groups the window, renderers, core, solver, clock, head and
// the control panel's own state (open app, context, policy editor, queued
// signals). What it does not do: behave; the two .cpp files do.
#pragma once

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/replay/timeline.hpp"
#include "core/signals.hpp"
#include "desktop/desktop_input.hpp"
#include "desktop/desktop_window.hpp"
#include "frame_renderer.hpp"
#include "head_model.hpp"
#include "layout/card_answering.hpp"
#include "layout/solver.hpp"
#include "render/panel_presenter.hpp"
#include "sim_clock.hpp"
#include "sim_core.hpp"
#include "sim_inbox.hpp"
#include "sim_options.hpp"
#include "simulator.hpp"
#include "view_geometry.hpp"

struct ImGuiContext;

namespace tw::sim {

struct SimApp {
  const char* label;  // shown on the control panel
  const char* id;     // the app id the policy names
};
// The four simulated apps (their ids are the demo policy's).
inline constexpr std::array<SimApp, 4> kSimApps{{{"Social feed", "com.example.feed"},
                                                 {"Short video", "com.example.clips"},
                                                 {"Messages", "com.example.chat"},
                                                 {"Work docs", "com.example.docs"}}};

struct Simulator::State {
  SimOptions opt;
  std::optional<DesktopWindow> window;
  ImGuiContext* ui = nullptr;
  bool imgui_glfw = false;
  std::optional<FrameRenderer> frame;
  std::optional<PanelPresenter> panels;
  std::optional<layout::Solver> solver;
  std::string ledger_path;
  bool remove_ledger = false;
  std::unique_ptr<SimCore> core;
  std::optional<SimClock> clock;
  std::optional<DesktopInput> input;
  HeadModel head;
  layout::Layout layout;
  std::optional<SimInbox> inbox;   // the overlays shown: the core's and serve's notification cards
  layout::CardAnswering answering;  // head gaze + Enter (select) / X (dismiss), as in the headset
  ViewGeometry geometry;
  GlassesFov fov;
  DisplayMode display = DisplayMode::additive;
  bool timewall = true;

  std::vector<Signal> signals;  // this frame's, reserved once
  std::array<AppId, kSimApps.size()> app_ids{};
  int open_app = -1;            // index into kSimApps, -1: none
  bool active_use = true;       // the wearer keeps interacting with the open app
  int64_t last_interaction_ns = 0;
  Context context = Context::none;

  std::string policy_text;      // the editor's buffer
  std::array<char, 40> guardian_pin{};  // typed for one Apply (at most 32 digits)
  std::vector<std::string> policy_errors;
  std::string policy_status;
  int jump_minute = 22 * 60;

  std::optional<Timeline> timeline;
  size_t next_record = 0;
  std::vector<int64_t> shot_unix_ms;
  size_t next_shot = 0;
  uint64_t frames = 0;
  double last_frame_ms = 0.0;

  // Queues a signal at the current simulated instant.
  void emit(SignalKind kind, AppId app = kNoId);
};

// Draws the control panel into the current ImGui frame.
void draw_control_panel(Simulator::State& s);

}  // namespace tw::sim
