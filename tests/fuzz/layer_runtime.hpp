// layer_runtime.hpp: the OpenXR "runtime" below XR_APILAYER_TIMEWALL_overlay
// in the tw_fuzz_layer harness.
//
// What it does: answers every call the layer forwards or makes itself
// (instance, session, events, frames, system properties, swapchains, spaces),
// with real Vulkan images on the harness's device (lavapipe), and checks each
// xrEndFrame the layer passes down against the frame the app submitted:
//   - the app's layers unchanged and in order, first;
//   - only Timewall's quads after them, on this session's own swapchains and
//     spaces, and the total within the session's maxLayerCount;
//   - every other field (next chain, display time, blend mode) as the app gave it;
//   - a frame without Timewall's quads is the app's own XrFrameEndInfo.
// Events and action states are the harness's to choose (queue_event,
// action_answer); app_calls counts the app's calls that reached it.
// Input: paths, action sets, actions, action spaces, suggested bindings,
// attachments and syncs are modelled as a runtime answers them (a suggestion
// after any attach, a set not attached, a bad profile or path, ... are
// refused). Each suggestion, attach and sync the layer passes down is
// checked against the app's call announced by expect_input(): the app's own
// struct, or a copy whose entries begin with the app's, unchanged, followed
// only by Timewall's own (its set, named xr_apilayer_timewall_overlay, and
// that set's actions), or Timewall's own alone; anything else is a finding.
// It also checks that the layer destroys its swapchains and spaces before the
// session goes. Any violation prints what was wrong and aborts (a fuzz finding).
// It refuses frames the way a runtime does (over maxLayerCount, null or
// unknown layers, no display time), so the layer's fallback paths run.
// What it does not do: composite, or run a session state machine: states
// arrive as events the harness queues; the harness says what every action
// state reads.
//
//   tw::fuzz::LayerRuntime::init(vk.physical_device(), vk.device());
//   auto& rt = tw::fuzz::LayerRuntime::get();
//   rt.next_max_layers = 4;                 // what the next session reports
//   rt.expect_frame(&app_frame);            // then call the layer's xrEndFrame
#pragma once

#define XR_USE_GRAPHICS_API_VULKAN
#include <vulkan/vulkan.h>
#include <openxr/openxr.h>
#include <openxr/openxr_platform.h>

#include <cstdint>
#include <deque>

#include "openxr/loader_negotiation.hpp"

namespace tw::fuzz {

enum class InputCall : uint8_t { none, suggest, attach, sync };

// What the runtime saw of the app's last input call (reset by expect_input).
struct InputSeen {
  uint32_t calls = 0;        // calls that carried the app's entries (as given, or merged)
  bool last_merged = false;  // the last of them had Timewall's entries after the app's
  XrResult last_result = XR_SUCCESS;
  uint32_t own_calls = 0;    // calls with Timewall's entries alone
};

// What the runtime saw of the last app frame (reset by expect_frame).
struct EndFrameSeen {
  uint32_t calls = 0;        // xrEndFrame calls that reached the runtime
  uint32_t first_added = 0;  // layers added to the app's in the first of them
  bool blocked = false;      // the first of them held every app layer back (allow_block)
  XrResult first_result = XR_SUCCESS;
  XrResult last_result = XR_SUCCESS;
};

// What the next xrGetActionState* call answers.
struct ActionAnswer {
  XrResult result = XR_SUCCESS;
  XrBool32 active = XR_FALSE;
  XrBool32 changed = XR_FALSE;
  float value = 0.f;
};

class LayerRuntime {
 public:
  static void init(VkPhysicalDevice physical, VkDevice device);
  static LayerRuntime& get();

  // The next-layer entry points handed to the layer in XrApiLayerNextInfo.
  static XrResult XRAPI_CALL get_instance_proc_addr(XrInstance instance, const char* name,
                                                    PFN_xrVoidFunction* function);
  static XrResult XRAPI_CALL create_api_layer_instance(const XrInstanceCreateInfo* info,
                                                       const XrApiLayerCreateInfo* layer_info,
                                                       XrInstance* instance);

  uint32_t next_max_layers = 16;  // maxLayerCount reported to the next session created
  // A frame may hold all of the app's layers back (a block shield is up):
  // only Timewall's quads then, seen().blocked. Off: that is a violation.
  bool allow_block = false;
  // What xrLocateSpace answers: the layer's action (aim) spaces, and every
  // other space (VIEW in LOCAL: the head).
  XrPosef head_pose{{0, 0, 0, 1}, {0, 1.6f, 0}};
  XrPosef aim_pose{{0, 0, 0, 1}, {0.15f, 1.35f, -0.3f}};
  void expect_frame(const XrFrameEndInfo* app_frame);
  const EndFrameSeen& seen() const { return seen_; }
  void queue_state(XrSession session, XrSessionState state);
  void queue_event(const XrEventDataBuffer& event);  // delivered as it is, byte for byte
  ActionAnswer action_answer;
  // The app's next xrSuggestInteractionProfileBindings, xrAttachSessionActionSets
  // or xrSyncActions argument (null: the app passes null).
  void expect_input(InputCall call, const void* app_info);
  const InputSeen& input_seen() const { return input_seen_; }
  XrResult sync_result = XR_SUCCESS;   // a sync of attached sets answers this
  bool refuse_timewall_bindings = false;  // PATH_UNSUPPORTED for a suggestion with Timewall's actions
  XrPath current_profile = XR_NULL_PATH;  // what xrGetCurrentInteractionProfile answers
  XrResult exit_result = XR_SUCCESS;  // xrRequestExitSession's answer for a known session
  // xrBegin/EndSession, xrWaitFrame, xrRequestExitSession, xrGetActionState*
  // and xrPollEvent calls that reached the runtime (the layer makes none itself).
  uint64_t app_calls = 0;
  const void* last_action_state = nullptr;  // the struct the last xrGetActionState* wrote

  // Objects still alive in the runtime (all zero once the instance is gone).
  size_t live_sessions() const;
  size_t live_swapchains() const;
  size_t live_spaces() const;

 private:
  friend struct RuntimeCalls;
  EndFrameSeen seen_{};
  InputSeen input_seen_{};
  const void* app_input_ = nullptr;
  InputCall app_call_ = InputCall::none;
  const XrFrameEndInfo* app_frame_ = nullptr;
  std::deque<XrEventDataBuffer> events_;
};

}  // namespace tw::fuzz
