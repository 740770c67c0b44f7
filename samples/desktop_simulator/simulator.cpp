// simulator.cpp: setup, the frame loop, scripted playback and screenshots.
#include "simulator.hpp"

#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include <glm/gtc/matrix_transform.hpp>
#include <glm/gtc/quaternion.hpp>

#include "core/app_id.hpp"
#include "headless/png.hpp"
#include "sim_state.hpp"

#ifndef TW_DATA_DIR
#define TW_DATA_DIR "data"
#endif

namespace tw::sim {

namespace {

Result<std::string> read_text(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return Error{Errc::not_found, "cannot open " + path};
  std::ostringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

std::string default_policy_path() {
  const std::string demo = std::string(TW_DATA_DIR) + "/demo/policy.toml";
  if (std::filesystem::exists(demo)) return demo;
  return std::string(TW_DATA_DIR) + "/policies/example.toml";
}

// ImGui colours are sRGB; the swapchain is an _SRGB format that encodes on write.
void linearise_style(ImGuiStyle& style) {
  for (ImVec4& c : style.Colors) {
    c.x = std::pow(c.x, 2.2f);
    c.y = std::pow(c.y, 2.2f);
    c.z = std::pow(c.z, 2.2f);
  }
}

glm::mat4 to_mat4(const layout::Pose& p) {
  glm::mat4 m = glm::mat4_cast(p.orientation);
  m[3] = glm::vec4(p.position, 1.f);
  return m;
}

std::string hhmm_tag(int minute) {
  char b[16];
  std::snprintf(b, sizeof b, "%02d%02d", (minute / 60) % 100, minute % 60);
  return b;
}

}  // namespace

void Simulator::State::emit(SignalKind kind, AppId app) {
  Signal s;
  s.at = clock->now();
  s.kind = kind;
  s.app = app;
  s.context = context;
  if (kind == SignalKind::task_done) s.planned_end_unix_ms = s.at.unix_ms + 30 * 60 * 1000;
  signals.push_back(s);
}

Simulator::Simulator(std::unique_ptr<State> s) : s_(std::move(s)) {}

Simulator::~Simulator() {
  if (!s_) return;
  if (s_->frame) (void)s_->frame->wait_idle();
  s_->panels.reset();
  s_->frame.reset();
  if (s_->imgui_glfw) ImGui_ImplGlfw_Shutdown();
  if (s_->ui) ImGui::DestroyContext(s_->ui);
  if (s_->core && s_->clock)
    if (Status st = s_->core->finish(s_->clock->now()); !st)
      std::fprintf(stderr, "timewall-simulator: ledger: %s\n", st.error().message.c_str());
  if (s_->remove_ledger) {
    s_->core.reset();
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(s_->ledger_path + suffix, ec);
  }
}

Result<std::unique_ptr<Simulator>> Simulator::create(const SimOptions& options) {
  auto s = std::make_unique<State>();
  s->opt = options;
  s->fov = options.fov;
  s->display = options.display;
  s->timewall = options.timewall;

  const std::string policy_path = options.policy_path.empty() ? default_policy_path() : options.policy_path;
  auto text = read_text(policy_path);
  if (!text) return text.error();
  s->policy_text = text.value();
  // The ledger: --ledger FILE, or a fresh file for this run (removed at exit).
  s->ledger_path = options.ledger_path;
  if (s->ledger_path.empty()) {
    std::error_code ec;
    s->ledger_path = (std::filesystem::temp_directory_path(ec) /
                      ("timewall-simulator-" + std::to_string(::getpid()) + ".db")).string();
    s->remove_ledger = true;
  }
  auto core = SimCore::create(s->policy_text, policy_path, s->ledger_path);
  if (!core) return core.error();
  s->core = std::move(core.value());
  if (const std::optional<Error>& refused = s->core->start_refusal()) {
    s->policy_status = "refused at start; the policy last accepted (kept in the ledger) applies";
    s->policy_errors.push_back(refused->message);
  }
  auto inbox = SimInbox::create(options.serve_inbox);
  if (!inbox) return inbox.error();
  s->inbox.emplace(std::move(inbox).value());
  for (size_t i = 0; i < kSimApps.size(); ++i)
    s->app_ids[i] = s->core->apps().intern(normalize_app_id(kSimApps[i].id));  // the app id rule, as every host

  // Time: the script's, or the demo day (2 March 2026) at --start, local.
  const TimeZone& tz = s->core->zone();
  Instant start{0, tz.from_local(2026, 3, 2, 0, 0, 0) * 1000 + int64_t{parse_hh_mm(options.start_hh_mm)} * 60'000};
  if (!options.script_path.empty()) {
    auto tl = read_timeline(options.script_path, s->core->apps());
    if (!tl) return tl.error();
    s->timeline = std::move(tl.value());
    start = {0, s->timeline->start_unix_ms};
    // Shot times are local times of the script's first day.
    const int64_t day0 = tz.local_day_start(start.unix_ms / 1000);
    const CivilTime d = tz.to_local(day0);
    for (int m : options.shot_minutes)
      s->shot_unix_ms.push_back(tz.from_local(d.year, d.month, d.day, m / 60, m % 60, 0) * 1000);
    if (!options.screenshot_dir.empty() && s->shot_unix_ms.empty()) s->shot_unix_ms.push_back(s->timeline->end_unix_ms);
    std::sort(s->shot_unix_ms.begin(), s->shot_unix_ms.end());
    for (int64_t t : s->shot_unix_ms)
      if (t < start.unix_ms) return Error{Errc::invalid_argument, "--at: a time before the script starts"};
  }
  s->clock.emplace(start, tz);

  auto solver = layout::Solver::create({});
  if (!solver) return solver.error();
  s->solver.emplace(std::move(solver.value()));

  auto window = DesktopWindow::create({.width = options.width,
                                       .height = options.height,
                                       .title = "Timewall simulator",
                                       .prefer_cpu = options.prefer_cpu,
                                       .validation = options.validation,
                                       .vsync = options.vsync && options.screenshot_dir.empty()});
  if (!window) return window.error();
  s->window.emplace(std::move(window.value()));

  IMGUI_CHECKVERSION();
  s->ui = ImGui::CreateContext();
  ImGui::SetCurrentContext(s->ui);
  ImGui::GetIO().IniFilename = nullptr;  // unattended runs must not depend on a saved layout
  ImGui::StyleColorsDark();
  linearise_style(ImGui::GetStyle());
  if (!ImGui_ImplGlfw_InitForVulkan(s->window->glfw(), true)) return Error{Errc::internal, "ImGui_ImplGlfw_InitForVulkan failed"};
  s->imgui_glfw = true;
  auto frame = FrameRenderer::create(*s->window);
  if (!frame) return frame.error();
  s->frame.emplace(std::move(frame.value()));
  // Panels render into the presenter's own images; each render signals a
  // semaphore the frame waits for.
  auto panels = PanelPresenter::create({.renderer = s->window->renderer_desc(), .signal = true});
  if (!panels) return panels.error();
  s->panels.emplace(std::move(panels.value()));
  s->input.emplace(s->window->glfw());
  s->signals.reserve(256);

  s->emit(SignalKind::worn);
  return std::unique_ptr<Simulator>(new Simulator(std::move(s)));
}

namespace {

// Adds the frame's motion and app-use signals, ticks the core, solves the layout.
Status step(Simulator::State& s, bool interactive, double real_dt_s) {
  const Instant now = s.clock->now();
  if (interactive) {
    Signal m;
    m.at = now;
    m.kind = SignalKind::head_motion;
    m.linear_mps = s.head.linear_mps();
    m.angular_dps = s.head.angular_dps();
    if (real_dt_s > 0.0) s.signals.push_back(m);
    // The open app is in use: an interaction every 5 simulated seconds.
    if (s.open_app >= 0 && s.active_use && now.mono_ns - s.last_interaction_ns >= 5'000'000'000) {
      s.emit(SignalKind::interaction, s.app_ids[static_cast<size_t>(s.open_app)]);
      s.last_interaction_ns = now.mono_ns;
    }
  }
  if (s.timeline) {
    const auto& recs = s.timeline->records;
    while (s.next_record < recs.size() && recs[s.next_record].signal.at.unix_ms <= now.unix_ms)
      s.signals.push_back(recs[s.next_record++].signal);
  }
  const TickOutput& out = s.core->tick(now, s.signals);
  s.signals.clear();
  s.inbox->compose(out.overlays, s.core->runtime().engine());
  s.geometry = view_geometry(s.window->extent(), s.fov, s.opt.view_fov_deg);
  layout::SolveInput in;
  in.overlays = s.timewall ? s.inbox->overlays() : std::span<const Overlay>();
  in.T_space_head = s.head.T_world_head();
  in.eye_fov = {s.geometry.display_fov, s.geometry.display_fov};
  in.fast_motion = s.core->scheduler().attention().moving();
  in.now = now;
  return s.solver->solve(in, s.layout);
}

// The HUD over the view: time, speed, motion, and the display's outline.
void draw_hud(Simulator::State& s) {
  ImDrawList* dl = ImGui::GetBackgroundDrawList();
  const ViewGeometry& g = s.geometry;
  const ImVec2 d0(static_cast<float>(g.display.offset.x), static_cast<float>(g.display.offset.y));
  const ImVec2 d1(d0.x + static_cast<float>(g.display.extent.width), d0.y + static_cast<float>(g.display.extent.height));
  if (g.display.extent.width < g.view.extent.width || g.display.extent.height < g.view.extent.height)
    dl->AddRect(ImVec2(d0.x - 1, d0.y - 1), ImVec2(d1.x + 1, d1.y + 1), IM_COL32(120, 200, 255, 140), 6.f, 0, 1.5f);
  const CivilTime t = s.clock->local();
  static const char* kDays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  char line[192];
  std::snprintf(line, sizeof line, "%s %02d:%02d:%02d  %s   %s %.0fx%.0f deg, %s   head %.1f m/s %.0f deg/s%s",
                kDays[t.weekday % 7], t.hour, t.minute, t.second, std::string(to_string(s.clock->speed())).c_str(),
                s.fov.name.c_str(), static_cast<double>(s.fov.width_deg), static_cast<double>(s.fov.height_deg),
                s.display == DisplayMode::additive ? "see-through" : "passthrough",
                static_cast<double>(s.head.linear_mps()), static_cast<double>(s.head.angular_dps()),
                s.timewall ? "" : "   (Timewall off)");
  dl->AddRectFilled(ImVec2(8, 8), ImVec2(16 + ImGui::CalcTextSize(line).x, 30), IM_COL32(0, 0, 0, 150), 4.f);
  dl->AddText(ImVec2(12, 11), IM_COL32(235, 235, 235, 255), line);
}

// Renders and presents one frame; `with_panels` false gives the same frame
// without Timewall's quads (the screenshot's background reference).
Status render(Simulator::State& s, bool with_panels, Capture* capture) {
  const layout::Pose T_world_head = s.head.T_world_head();
  const glm::mat4 T_view_world = glm::inverse(to_mat4(T_world_head));
  std::array<CompositeQuad, layout::kMaxPanels> quads{};
  size_t quad_count = 0;
  if (with_panels) {
    const layout::GazeTarget& hover = s.answering.frame().hovered;
    auto shown = s.panels->present({.layout = &s.layout,
                                    .overlays = s.inbox->overlays(),
                                    .policy = &s.core->policy(),
                                    .apps = &s.core->apps(),
                                    .categories = &s.core->categories(),
                                    .theme = s.display == DisplayMode::additive ? Theme::additive : Theme::plated,
                                    .hover_overlay = hover.valid ? static_cast<int32_t>(hover.overlay_index) : -1,
                                    .hover_button = hover.button,
                                    .hover_progress = s.answering.frame().progress,
                                    .notifications = s.inbox->texts()});
    if (!shown) return shown.error();
    const layout::Pose T_head_world = T_world_head.inverse();
    for (const PanelQuad& q : shown.value()) {
      if (!q.has_image) continue;
      const layout::Pose T_view_panel = q.view_space ? q.pose : T_head_world * q.pose;
      quads[quad_count++] = posed_quad(q.view, s.geometry.T_clip_view, T_view_panel, q.size_m);
    }
  }

  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();
  draw_hud(s);
  draw_control_panel(s);
  ImGui::Render();

  FrameInput in;
  in.view = s.geometry.view;
  in.display = s.geometry.display;
  in.T_world_clip = glm::inverse(s.geometry.T_clip_view * T_view_world);
  in.eye_m = T_world_head.position;
  // See-through optics pass about half the world's light (waveguide and tint).
  in.world_brightness = s.display == DisplayMode::additive ? 0.5f : 0.85f;
  in.additive = s.display == DisplayMode::additive;
  in.quads = {quads.data(), quad_count};
  in.wait = s.panels->rendered();
  in.ui = ImGui::GetDrawData();
  Status st = s.frame->draw(in, capture);
  s.panels->clear_rendered();
  return st;
}

RgbaImage crop(const Capture& c, const VkRect2D& r) {
  RgbaImage img;
  img.width = r.extent.width;
  img.height = r.extent.height;
  img.pixels.resize(size_t{img.width} * img.height * 4);
  for (uint32_t y = 0; y < img.height; ++y) {
    const size_t src = ((size_t{y} + static_cast<size_t>(r.offset.y)) * c.width + static_cast<size_t>(r.offset.x)) * 4;
    std::copy_n(c.rgba.begin() + static_cast<std::ptrdiff_t>(src), size_t{img.width} * 4,
                img.pixels.begin() + static_cast<std::ptrdiff_t>(size_t{y} * img.width * 4));
  }
  return img;
}

// The quads' corners in view-image pixels, as JSON, for the frame checks.
std::string panels_json(Simulator::State& s, int minute) {
  const layout::Pose T_world_head = s.head.T_world_head();
  const layout::Pose T_head_world = T_world_head.inverse();
  const ViewGeometry& g = s.geometry;
  std::ostringstream j;
  j << "{\"time\":\"" << minute / 60 << ":" << (minute % 60 < 10 ? "0" : "") << minute % 60 << "\",";
  j << "\"display\":[" << g.display.offset.x - g.view.offset.x << "," << g.display.offset.y - g.view.offset.y << ","
    << g.display.extent.width << "," << g.display.extent.height << "],";
  j << "\"panels\":[";
  bool first = true;
  for (const layout::PlacedPanel& p : s.layout.panels()) {
    if (!first) j << ",";
    first = false;
    j << "{\"kind\":\"" << to_string(p.kind) << "\",\"visibility\":\"" << layout::to_string(p.visibility)
      << "\",\"reason\":\"" << layout::to_string(p.reason) << "\"";
    const layout::Pose T_view_panel = p.view_space ? p.pose : T_head_world * p.T_space_panel;
    const CompositeQuad q = posed_quad(VK_NULL_HANDLE, g.T_clip_view, T_view_panel, p.size_m);
    bool in_front = true;
    for (const glm::vec4& c : q.clip) in_front &= c.w > 0.f;
    if (p.visible() && in_front) {
      j << ",\"corners_px\":[";
      for (size_t i = 0; i < 4; ++i) {
        const glm::vec2 px = g.to_pixels(q.clip[i]) - glm::vec2(g.view.offset.x, g.view.offset.y);
        j << (i ? "," : "") << "[" << px.x << "," << px.y << "]";
      }
      j << "]";
    }
    j << "}";
  }
  j << "]}\n";
  return j.str();
}

Status save_shot(Simulator::State& s, int64_t at_unix_ms) {
  const CivilTime t = s.clock->zone().to_local(at_unix_ms / 1000);
  const int minute = t.hour * 60 + t.minute;
  const std::string dir = s.opt.screenshot_dir;
  const std::string tag = hhmm_tag(minute);
  Capture with, without;
  if (Status st = render(s, true, &with); !st) return st;
  if (Status st = render(s, false, &without); !st) return st;
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  RgbaImage window{with.width, with.height, with.rgba};
  if (Status st = write_png(dir + "/window_" + tag + ".png", window); !st) return st;
  if (Status st = write_png(dir + "/view_" + tag + ".png", crop(with, s.geometry.view)); !st) return st;
  if (Status st = write_png(dir + "/world_" + tag + ".png", crop(without, s.geometry.view)); !st) return st;
  std::ofstream js(dir + "/frame_" + tag + ".json");
  js << panels_json(s, minute);
  if (!js) return Error{Errc::io, "cannot write " + dir + "/frame_" + tag + ".json"};
  std::printf("saved %s/view_%s.png (%zu overlays)\n", dir.c_str(), tag.c_str(), s.core->last().overlays.size());
  return {};
}

// The wearer answers cards as in the headset (layout::CardAnswering): the
// head gaze (the mouse turns the head) dwells or takes Enter as its select
// press; X is the dismiss action. A choice is a signal for the next tick.
void answer_cards(Simulator::State& s, const InputFrame& in) {
  layout::WearerInput w;
  w.T_space_view = s.head.T_world_head();
  w.view_valid = true;
  w.hands[layout::kRightHand].select_down = in.pressed(GLFW_KEY_ENTER);
  w.dismiss_down = in.pressed(GLFW_KEY_X);
  const std::span<const Overlay> shown = s.timewall ? s.inbox->overlays() : std::span<const Overlay>();
  s.answering.set_config(layout::CardAnswering::config_from(s.core->policy()));
  const Instant now = s.clock->now();
  const layout::AnswerFrame& f = s.answering.update(s.layout, shown, w, now);
  if (s.timewall && s.inbox->answer(f, s.core->runtime(), now)) return;  // a notification's: back to its sender
  Signal sig;
  if (f.chosen && layout::answer_signal(f, shown, s.core->scheduler().attention().focused(), now, sig))
    s.signals.push_back(sig);
}

void handle_keys(Simulator::State& s, const InputFrame& in) {
  if (in.pressed(GLFW_KEY_ESCAPE)) glfwSetWindowShouldClose(s.window->glfw(), GLFW_TRUE);
  if (in.pressed(GLFW_KEY_R)) s.head.recentre();
  if (in.pressed(GLFW_KEY_1)) s.clock->set_speed(Speed::x1);
  if (in.pressed(GLFW_KEY_2)) s.clock->set_speed(Speed::x60);
  if (in.pressed(GLFW_KEY_3)) s.clock->set_speed(Speed::x600);
  if (in.pressed(GLFW_KEY_4)) s.clock->set_speed(Speed::paused);
  if (in.pressed(GLFW_KEY_SPACE))
    s.clock->set_speed(s.clock->speed() == Speed::paused ? Speed::x1 : Speed::paused);
}

}  // namespace

Status Simulator::bench_frame(bool timewall) {
  State& s = *s_;
  glfwPollEvents();
  constexpr double kDt_s = 1.0 / 60.0;
  s.clock->set_speed(Speed::x1);
  s.clock->advance_real(kDt_s);
  s.head.step({}, kDt_s);
  if (timewall)
    if (Status st = step(s, true, kDt_s); !st) return st;
  return render(s, timewall, nullptr);
}

uint64_t Simulator::panel_renders() const { return s_->panels->stats().renders; }

int Simulator::run() {
  State& s = *s_;
  const bool scripted = s.timeline.has_value();
  const bool shots = !s.opt.screenshot_dir.empty();
  auto last_present = std::chrono::steady_clock::now();
  while (!s.window->should_close()) {
    glfwPollEvents();
    const ImGuiIO& io = ImGui::GetIO();
    const InputFrame in = s.input->poll(io.WantCaptureMouse, io.WantCaptureKeyboard);
    handle_keys(s, in);
    const bool paused = s.clock->speed() == Speed::paused;

    if (shots) {
      // Unattended: tick once per simulated second up to the next shot.
      if (s.next_shot == s.shot_unix_ms.size()) break;
      if (s.next_shot == 0 && !s.inbox->wait_first_snapshot(5000))
        std::fprintf(stderr, "timewall-simulator: no answer from timewall serve's inbox in 5 s\n");
      const int64_t target = s.shot_unix_ms[s.next_shot];
      while (s.clock->now().unix_ms < target) {
        s.clock->advance_ms(std::min<int64_t>(1000, target - s.clock->now().unix_ms));
        if (Status st = step(s, false, 0.0); !st) {
          std::fprintf(stderr, "timewall-simulator: %s\n", st.error().message.c_str());
          return 1;
        }
      }
      if (Status st = step(s, false, 0.0); !st) {
        std::fprintf(stderr, "timewall-simulator: %s\n", st.error().message.c_str());
        return 1;
      }
      if (Status st = save_shot(s, target); !st) {
        std::fprintf(stderr, "timewall-simulator: %s\n", st.error().message.c_str());
        return 1;
      }
      ++s.next_shot;
      ++s.frames;
      continue;
    }

    s.clock->advance_real(in.real_dt_s);
    if (!paused || scripted) {
      const float look_deg_per_px = 0.15f;
      s.head.step({.look_deg = in.look_px * look_deg_per_px, .move = in.move, .rise = in.rise, .fast = in.fast},
                  in.real_dt_s);
    }
    if (Status st = step(s, true, paused ? 0.0 : in.real_dt_s); !st) {
      std::fprintf(stderr, "timewall-simulator: %s\n", st.error().message.c_str());
      return 1;
    }
    answer_cards(s, in);
    if (Status st = render(s, s.timewall, nullptr); !st) {
      std::fprintf(stderr, "timewall-simulator: %s\n", st.error().message.c_str());
      return 1;
    }
    const auto now = std::chrono::steady_clock::now();
    s.last_frame_ms = std::chrono::duration<double, std::milli>(now - last_present).count();
    last_present = now;
    if (s.opt.max_frames > 0 && ++s.frames >= static_cast<uint64_t>(s.opt.max_frames)) break;
  }
  if (s.window->validation_errors() > 0) {
    std::fprintf(stderr, "timewall-simulator: %u Vulkan validation errors\n", s.window->validation_errors());
    return 1;
  }
  return 0;
}

}  // namespace tw::sim
