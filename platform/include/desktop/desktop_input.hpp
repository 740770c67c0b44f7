// desktop_input.hpp: keyboard and mouse, sampled once per frame.
//
// What it does: poll() returns what the person at the desk did since the
// last frame: real seconds elapsed (the platform may read the system clock;
// the simulation scales it into the injected clock), mouse motion while the
// right button is held (mouse look, so the left button stays free for the
// control panel), WASD/QE movement axes, and keys pressed this frame
// (edge-triggered). When the control panel owns the keyboard or mouse, that
// input is not reported.
// What it does not do: move a head or send signals (the simulator does).
//
//   tw::DesktopInput input(window.glfw());
//   tw::InputFrame in = input.poll(ui_wants_mouse, ui_wants_keyboard);
//   head.turn(in.look_px * 0.1f);
//   if (in.pressed(GLFW_KEY_R)) head.recentre();
#pragma once

#include <bitset>

#include <glm/vec2.hpp>

struct GLFWwindow;

namespace tw {

struct InputFrame {
  double real_dt_s = 0.0;         // wall seconds since the previous poll
  glm::vec2 look_px{0.f, 0.f};    // mouse motion while the right button is held
  glm::vec2 move{0.f, 0.f};       // x: strafe right (D - A), y: forward (W - S)
  float rise = 0.f;               // E - Q
  bool fast = false;              // shift held
  std::bitset<512> pressed_keys;  // GLFW key codes that went down this frame

  bool pressed(int glfw_key) const {
    return glfw_key >= 0 && glfw_key < 512 && pressed_keys.test(static_cast<size_t>(glfw_key));
  }
};

class DesktopInput {
 public:
  explicit DesktopInput(GLFWwindow* window);
  InputFrame poll(bool ui_wants_mouse, bool ui_wants_keyboard);

 private:
  GLFWwindow* window_;
  double last_time_s_ = 0.0;
  double last_x_ = 0.0, last_y_ = 0.0;
  bool looking_ = false;
  std::bitset<512> down_;
};

}  // namespace tw
