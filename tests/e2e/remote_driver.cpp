// remote_driver: plays a script of head poses and controller input into
// Monado's `remote` driver over its TCP port (docs: shared/design/monado-e2e.md).
//
// What it does: connects to 127.0.0.1:PORT (retrying until the service
// listens), reads the hub's two 376-byte `r_remote_data` packets (the reset
// state, then the latest), and from then on writes whole packets: the latest
// state with the script's changes applied as their time comes, at once on a
// change and every 50 ms otherwise. Each applied line is printed with the
// wall clock, so a test can match it with the layer's frame log:
//   applied t_ms 1500 unix_ms 1764920000123 right trigger 1
// What it does not do: read anything after the first two packets (Monado
// sends nothing more), or interpolate (each line is a step).
//
// The script, one step per line ('#' starts a comment), times in ms from
// the start (connect, or the moment --start-when's file appears); -1: at
// connect, before that start (a device that is off from the beginning):
//   T head YAW_DEG PITCH_DEG          head orientation (yaw left +, pitch up +)
//   T head_pos X Y Z                  head position in the tracking origin (m)
//   T left|right aim YAW_DEG PITCH_DEG  controller orientation
//   T left|right pos X Y Z            controller position (m)
//   T left|right trigger VALUE        trigger_value; trigger_click/touch follow VALUE >= 1 / > 0
//   T left|right squeeze VALUE        squeeze_value and squeeze_force
//   T left|right curl C0 C1 C2 C3 C4  hand_curl in Monado's order: little, ring, middle, index,
//                                     thumb (0 open, 1 curled; r_device_get_hand_tracking)
//   T left|right FIELD 0|1            a button bool: system_click, a_click, b_click,
//                                     thumbstick_click, trigger_click (and each _touch), active,
//                                     hand_tracking_active
//   T end                             stop (printed too); without it the last state is held
//                                     (and sent) until SIGTERM or SIGINT
//
//   remote_driver PORT SCRIPT [--start-when FILE] [--connect-timeout-s N]
// Exit 0 when the whole script was sent (and, without `end`, on SIGTERM),
// 1 on a connection failure, 2 on bad input (the line and why).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <csignal>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

// Monado 25.0.0, src/xrt/drivers/remote/r_interface.h: packed native C.
struct Quat {
  float x, y, z, w;
};
struct Vec3 {
  float x, y, z;
};
struct Pose {
  Quat orientation;
  Vec3 position;
};
struct Fov {
  float left, right, up, down;
};
struct View {
  Fov fov;
  Pose pose;
  uint32_t padding;
};
struct Controller {
  Pose pose;
  Vec3 linear_velocity;
  Vec3 angular_velocity;
  float hand_curl[5];
  float trigger_value, squeeze_value, squeeze_force;
  float thumbstick[2];
  float trackpad_force;
  float trackpad[2];
  bool hand_tracking_active, active;
  bool system_click, system_touch, a_click, a_touch, b_click, b_touch;
  bool trigger_click, trigger_touch, thumbstick_click, thumbstick_touch, trackpad_touch;
  uint8_t padding[3];
};
struct RemoteData {
  uint64_t header;
  View views[2];
  Pose head_center;
  bool per_view_data_valid;
  uint8_t padding[3];
  Controller left, right;
};
static_assert(sizeof(View) == 48);
static_assert(sizeof(Controller) == 120);
static_assert(offsetof(Controller, hand_curl) == 52);
static_assert(offsetof(Controller, trigger_value) == 72);
static_assert(offsetof(Controller, hand_tracking_active) == 104);
static_assert(offsetof(Controller, trigger_click) == 112);
static_assert(offsetof(RemoteData, views) == 8);
static_assert(offsetof(RemoteData, head_center) == 0x68);
static_assert(offsetof(RemoteData, per_view_data_valid) == 0x84);
static_assert(offsetof(RemoteData, left) == 0x88);
static_assert(offsetof(RemoteData, right) == 0x100);
static_assert(sizeof(RemoteData) == 376);

struct Step {
  int64_t t_ms = 0;
  std::string target, field, text;  // text: the line, as printed when applied
  std::vector<float> values;
};

Quat yaw_pitch(float yaw_deg, float pitch_deg) {
  const float y = yaw_deg * static_cast<float>(M_PI) / 360.0f, p = pitch_deg * static_cast<float>(M_PI) / 360.0f;
  const Quat qy{0, std::sin(y), 0, std::cos(y)}, qp{std::sin(p), 0, 0, std::cos(p)};
  return {qy.w * qp.x + qy.x * qp.w + qy.y * qp.z - qy.z * qp.y, qy.w * qp.y - qy.x * qp.z + qy.y * qp.w + qy.z * qp.x,
          qy.w * qp.z + qy.x * qp.y - qy.y * qp.x + qy.z * qp.w, qy.w * qp.w - qy.x * qp.x - qy.y * qp.y - qy.z * qp.z};
}

bool* button(Controller& c, const std::string& f) {
  struct Named {
    const char* name;
    bool Controller::*field;
  };
  static const Named kButtons[] = {
      {"active", &Controller::active},           {"hand_tracking_active", &Controller::hand_tracking_active},
      {"system_click", &Controller::system_click},
      {"system_touch", &Controller::system_touch}, {"a_click", &Controller::a_click},
      {"a_touch", &Controller::a_touch},         {"b_click", &Controller::b_click},
      {"b_touch", &Controller::b_touch},         {"trigger_click", &Controller::trigger_click},
      {"trigger_touch", &Controller::trigger_touch}, {"thumbstick_click", &Controller::thumbstick_click},
      {"thumbstick_touch", &Controller::thumbstick_touch}, {"trackpad_touch", &Controller::trackpad_touch},
  };
  for (const Named& n : kButtons)
    if (f == n.name) return &(c.*n.field);
  return nullptr;
}

// Parses one line into `s`; an empty string when it is good, else why not.
std::string parse(const std::string& line, Step& s) {
  std::istringstream in(line);
  if (!(in >> s.t_ms) || s.t_ms < -1) return "no time in ms (or -1) at the start";
  if (!(in >> s.target)) return "no target after the time";
  const bool hand = s.target == "left" || s.target == "right";
  if (hand && !(in >> s.field)) return "no field after the hand";
  if (!hand && s.target != "head" && s.target != "head_pos" && s.target != "end")
    return "unknown target '" + s.target + "' (head, head_pos, left, right, end)";
  for (float v; in >> v;) s.values.push_back(v);
  if (!in.eof()) return "a value is not a number";
  size_t want = 0;
  if (s.target == "head") want = 2;
  else if (s.target == "head_pos") want = 3;
  else if (hand && s.field == "aim") want = 2;
  else if (hand && s.field == "pos") want = 3;
  else if (hand && (s.field == "trigger" || s.field == "squeeze")) want = 1;
  else if (hand && s.field == "curl") want = 5;
  else if (hand) {
    Controller c{};
    if (button(c, s.field) == nullptr) return "unknown controller field '" + s.field + "'";
    want = 1;
  }
  if (s.values.size() != want) return "expected " + std::to_string(want) + " values";
  s.text = line.substr(line.find(s.target));
  return "";
}

void apply(const Step& s, RemoteData& d) {
  if (s.target == "head") d.head_center.orientation = yaw_pitch(s.values[0], s.values[1]);
  if (s.target == "head_pos") d.head_center.position = {s.values[0], s.values[1], s.values[2]};
  if (s.target != "left" && s.target != "right") return;
  Controller& c = s.target == "left" ? d.left : d.right;
  if (s.field == "aim") c.pose.orientation = yaw_pitch(s.values[0], s.values[1]);
  else if (s.field == "pos") c.pose.position = {s.values[0], s.values[1], s.values[2]};
  else if (s.field == "trigger") {
    c.trigger_value = s.values[0];
    c.trigger_click = s.values[0] >= 1.0f;
    c.trigger_touch = s.values[0] > 0.0f;
  } else if (s.field == "squeeze") {
    c.squeeze_value = c.squeeze_force = s.values[0];
  } else if (s.field == "curl") {
    std::copy_n(s.values.begin(), 5, c.hand_curl);
  } else {
    *button(c, s.field) = s.values[0] != 0.0f;
  }
}

bool read_all(int fd, void* buf, size_t n) {
  auto* p = static_cast<char*>(buf);
  while (n > 0) {
    const ssize_t r = ::read(fd, p, n);
    if (r <= 0) return false;
    p += r, n -= static_cast<size_t>(r);
  }
  return true;
}

bool write_all(int fd, const void* buf, size_t n) {
  const auto* p = static_cast<const char*>(buf);
  while (n > 0) {
    const ssize_t r = ::send(fd, p, n, MSG_NOSIGNAL);
    if (r <= 0) return false;
    p += r, n -= static_cast<size_t>(r);
  }
  return true;
}

int64_t unix_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::atomic<bool> g_stop{false};
void on_stop(int) { g_stop = true; }

int connect_port(int port, int timeout_s) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
  while (std::chrono::steady_clock::now() < deadline) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0) {
      const int one = 1;
      ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      return fd;
    }
    ::close(fd);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return -1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: remote_driver PORT SCRIPT [--start-when FILE] [--connect-timeout-s N]\n");
    return 2;
  }
  const int port = std::atoi(argv[1]);
  std::string start_when;
  int connect_timeout_s = 60;
  for (int k = 3; k + 1 < argc; k += 2) {
    if (std::strcmp(argv[k], "--start-when") == 0) start_when = argv[k + 1];
    else if (std::strcmp(argv[k], "--connect-timeout-s") == 0) connect_timeout_s = std::atoi(argv[k + 1]);
    else return std::fprintf(stderr, "remote_driver: unknown option %s\n", argv[k]), 2;
  }
  if (port <= 0 || port > 65535) return std::fprintf(stderr, "remote_driver: bad port %s\n", argv[1]), 2;
  std::ifstream file(argv[2]);
  if (!file) return std::fprintf(stderr, "remote_driver: cannot read %s\n", argv[2]), 2;
  std::vector<Step> steps;
  int line_no = 0;
  for (std::string line; std::getline(file, line);) {
    ++line_no;
    if (const size_t hash = line.find('#'); hash != std::string::npos) line.resize(hash);
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    Step s;
    if (std::string why = parse(line, s); !why.empty())
      return std::fprintf(stderr, "remote_driver: %s:%d: %s: %s\n", argv[2], line_no, why.c_str(), line.c_str()), 2;
    if (!steps.empty() && s.t_ms < steps.back().t_ms)
      return std::fprintf(stderr, "remote_driver: %s:%d: time goes backwards\n", argv[2], line_no), 2;
    steps.push_back(std::move(s));
  }

  std::signal(SIGTERM, on_stop);
  std::signal(SIGINT, on_stop);
  const int fd = connect_port(port, connect_timeout_s);
  if (fd < 0) return std::fprintf(stderr, "remote_driver: nothing listens on 127.0.0.1:%d\n", port), 1;
  RemoteData reset{}, state{};
  if (!read_all(fd, &reset, sizeof reset) || !read_all(fd, &state, sizeof state))
    return std::fprintf(stderr, "remote_driver: the hub closed before its two state packets\n"), 1;
  std::printf("connected port %d unix_ms %lld head_pos %.3f %.3f %.3f right_pos %.3f %.3f %.3f right_active %d\n",
              port, static_cast<long long>(unix_ms()), state.head_center.position.x, state.head_center.position.y,
              state.head_center.position.z, state.right.pose.position.x, state.right.pose.position.y,
              state.right.pose.position.z, state.right.active ? 1 : 0);
  std::fflush(stdout);
  size_t next = 0;
  for (; next < steps.size() && steps[next].t_ms < 0; ++next) {
    apply(steps[next], state);
    std::printf("applied t_ms -1 unix_ms %lld %s\n", static_cast<long long>(unix_ms()), steps[next].text.c_str());
  }
  std::fflush(stdout);
  if (!start_when.empty()) {
    // The hub keeps this state until the start.
    if (!write_all(fd, &state, sizeof state)) return std::fprintf(stderr, "remote_driver: write failed\n"), 1;
    while (!g_stop && access(start_when.c_str(), F_OK) != 0) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  const auto t0 = std::chrono::steady_clock::now();
  bool ended = false;
  while (!ended && !g_stop) {
    const int64_t now_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
    bool changed = false;
    while (next < steps.size() && steps[next].t_ms <= now_ms) {
      const Step& s = steps[next++];
      ended = s.target == "end";
      if (!ended) apply(s, state);
      changed = true;
      std::printf("applied t_ms %lld unix_ms %lld %s\n", static_cast<long long>(s.t_ms),
                  static_cast<long long>(unix_ms()), s.text.c_str());
      if (ended) break;
    }
    if (changed) std::fflush(stdout);
    if (ended) break;
    if (!write_all(fd, &state, sizeof state))
      return std::fprintf(stderr, "remote_driver: the hub closed the connection\n"), 1;
    const int64_t wait_ms = next < steps.size() ? std::min<int64_t>(50, steps[next].t_ms - now_ms) : 50;
    std::this_thread::sleep_for(std::chrono::milliseconds(std::max<int64_t>(1, wait_ms)));
  }
  ::close(fd);
  return 0;
}
