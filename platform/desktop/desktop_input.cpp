// desktop_input.cpp
#include "desktop/desktop_input.hpp"

#include <GLFW/glfw3.h>

namespace tw {

namespace {
// Keys reported as edge-triggered presses: letters, digits, F-keys, space, escape.
bool tracked(int key) {
  return (key >= GLFW_KEY_SPACE && key <= GLFW_KEY_GRAVE_ACCENT) || (key >= GLFW_KEY_ESCAPE && key <= GLFW_KEY_F12);
}
}  // namespace

DesktopInput::DesktopInput(GLFWwindow* window) : window_(window) {
  last_time_s_ = glfwGetTime();
  glfwGetCursorPos(window_, &last_x_, &last_y_);
}

InputFrame DesktopInput::poll(bool ui_wants_mouse, bool ui_wants_keyboard) {
  InputFrame f;
  const double now_s = glfwGetTime();
  f.real_dt_s = now_s - last_time_s_;
  last_time_s_ = now_s;

  double x = 0.0, y = 0.0;
  glfwGetCursorPos(window_, &x, &y);
  const bool right = glfwGetMouseButton(window_, GLFW_MOUSE_BUTTON_RIGHT) == GLFW_PRESS;
  // Looking starts only outside the panel UI, and continues while held.
  if (right && (looking_ || !ui_wants_mouse)) {
    if (looking_) f.look_px = {static_cast<float>(x - last_x_), static_cast<float>(y - last_y_)};
    looking_ = true;
  } else {
    looking_ = false;
  }
  last_x_ = x;
  last_y_ = y;

  if (ui_wants_keyboard) {
    down_.reset();
    return f;
  }
  auto key = [&](int k) { return glfwGetKey(window_, k) == GLFW_PRESS ? 1.f : 0.f; };
  f.move = {key(GLFW_KEY_D) - key(GLFW_KEY_A), key(GLFW_KEY_W) - key(GLFW_KEY_S)};
  f.rise = key(GLFW_KEY_E) - key(GLFW_KEY_Q);
  f.fast = key(GLFW_KEY_LEFT_SHIFT) > 0.f || key(GLFW_KEY_RIGHT_SHIFT) > 0.f;
  for (int k = 0; k < 512; ++k) {
    if (!tracked(k)) continue;
    const bool is_down = glfwGetKey(window_, k) == GLFW_PRESS;
    const size_t i = static_cast<size_t>(k);
    if (is_down && !down_.test(i)) f.pressed_keys.set(i);
    down_.set(i, is_down);
  }
  return f;
}

}  // namespace tw
