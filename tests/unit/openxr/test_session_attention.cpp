// SessionAttention: OpenXR session states -> focus, blur, worn and not-worn
// signals, for the lifecycles a runtime goes through.
#include "tw_catch.hpp"

#include <string>
#include <vector>

#include "openxr/session_attention.hpp"

namespace {

constexpr tw::AppId kApp = 7;

// Feeds states in order; returns the signals as "kind@state-index" words.
std::vector<std::string> feed(tw::xr::SessionAttention& att, std::initializer_list<XrSessionState> states) {
  std::vector<std::string> out;
  int i = 0;
  for (XrSessionState s : states) {
    for (const tw::Signal& sig : att.on_state(s, {.mono_ns = i, .unix_ms = i}, kApp)) {
      CHECK(sig.app == kApp);
      CHECK(sig.at.mono_ns == i);
      const char* k = sig.kind == tw::SignalKind::app_focus  ? "focus"
                      : sig.kind == tw::SignalKind::app_blur ? "blur"
                      : sig.kind == tw::SignalKind::worn     ? "worn"
                      : sig.kind == tw::SignalKind::not_worn ? "not_worn"
                                                             : "other";
      out.push_back(std::string(k) + "@" + std::to_string(i));
    }
    ++i;
  }
  return out;
}

using V = std::vector<std::string>;

}  // namespace

TEST_CASE("a session the app ends itself: focus then blur, worn all along", "[openxr][attention]") {
  tw::xr::SessionAttention att;
  CHECK(feed(att, {XR_SESSION_STATE_IDLE, XR_SESSION_STATE_READY, XR_SESSION_STATE_SYNCHRONIZED,
                   XR_SESSION_STATE_VISIBLE, XR_SESSION_STATE_FOCUSED}) == V{"focus@4"});
  CHECK(att.focused());
  att.on_exit_requested();
  CHECK(feed(att, {XR_SESSION_STATE_VISIBLE, XR_SESSION_STATE_SYNCHRONIZED, XR_SESSION_STATE_STOPPING,
                   XR_SESSION_STATE_IDLE, XR_SESSION_STATE_EXITING}) == V{"blur@0"});
  CHECK(att.worn());
}

TEST_CASE("a system menu takes input focus and gives it back", "[openxr][attention]") {
  tw::xr::SessionAttention att;
  feed(att, {XR_SESSION_STATE_READY, XR_SESSION_STATE_SYNCHRONIZED, XR_SESSION_STATE_VISIBLE,
             XR_SESSION_STATE_FOCUSED});
  CHECK(feed(att, {XR_SESSION_STATE_VISIBLE, XR_SESSION_STATE_FOCUSED}) == V{"blur@0", "focus@1"});
}

TEST_CASE("the runtime stops a running session on its own: the headset came off", "[openxr][attention]") {
  tw::xr::SessionAttention att;
  feed(att, {XR_SESSION_STATE_READY, XR_SESSION_STATE_SYNCHRONIZED, XR_SESSION_STATE_VISIBLE,
             XR_SESSION_STATE_FOCUSED});
  CHECK(feed(att, {XR_SESSION_STATE_VISIBLE, XR_SESSION_STATE_SYNCHRONIZED, XR_SESSION_STATE_STOPPING,
                   XR_SESSION_STATE_IDLE}) == V{"blur@0", "not_worn@2"});
  CHECK_FALSE(att.worn());
  // Put back on: the runtime readies the session again.
  CHECK(feed(att, {XR_SESSION_STATE_READY, XR_SESSION_STATE_SYNCHRONIZED, XR_SESSION_STATE_VISIBLE,
                   XR_SESSION_STATE_FOCUSED}) == V{"worn@0", "focus@3"});
  CHECK(att.worn());
}

TEST_CASE("loss pending is not worn even when the app asked to exit", "[openxr][attention]") {
  tw::xr::SessionAttention att;
  feed(att, {XR_SESSION_STATE_READY, XR_SESSION_STATE_SYNCHRONIZED, XR_SESSION_STATE_VISIBLE,
             XR_SESSION_STATE_FOCUSED});
  att.on_exit_requested();
  CHECK(feed(att, {XR_SESSION_STATE_LOSS_PENDING}) == V{"blur@0", "not_worn@0"});
  CHECK(feed(att, {XR_SESSION_STATE_LOSS_PENDING}).empty());
}

TEST_CASE("an exit request lasts for one run of the session only", "[openxr][attention]") {
  tw::xr::SessionAttention att;
  feed(att, {XR_SESSION_STATE_READY, XR_SESSION_STATE_SYNCHRONIZED});
  att.on_exit_requested();
  CHECK(feed(att, {XR_SESSION_STATE_STOPPING, XR_SESSION_STATE_IDLE}).empty());
  // Begun again; this time the runtime stops it.
  CHECK(feed(att, {XR_SESSION_STATE_READY, XR_SESSION_STATE_SYNCHRONIZED, XR_SESSION_STATE_STOPPING}) ==
        V{"not_worn@2"});
}

TEST_CASE("visible content after not worn means worn again, without focus", "[openxr][attention]") {
  tw::xr::SessionAttention att;
  feed(att, {XR_SESSION_STATE_READY, XR_SESSION_STATE_SYNCHRONIZED, XR_SESSION_STATE_LOSS_PENDING});
  CHECK(feed(att, {XR_SESSION_STATE_VISIBLE}) == V{"worn@0"});
  CHECK_FALSE(att.focused());
}
