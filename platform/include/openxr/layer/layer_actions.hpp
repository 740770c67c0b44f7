// layer_actions.hpp: Timewall's own hidden actions inside an app's OpenXR input.
//
// What it does: per instance, creates one action set of the layer's own
// (priority 0: it never outranks an app's set, so it never masks the app's
// input) with `select` (boolean), `aim` (pose) and `dismiss` (boolean), each
// on /user/hand/left and /user/hand/right, and slips it into the app's
// input calls (action_bindings.hpp has the paths):
//   - xrSuggestInteractionProfileBindings: Timewall's bindings for that
//     profile are added to the app's (a later call for a profile replaces the
//     earlier one, so every call is merged);
//   - xrAttachSessionActionSets: the set is appended. Only when the app
//     suggested no profile at all does the layer first suggest its own for
//     every profile it knows: runtimes prefer a device's own profile (Monado:
//     oxr_find_profile_for_device), so a profile only Timewall suggested
//     could win over the app's and leave the app's actions unbound;
//   - xrSyncActions: the set is added to every sync. While a card captures
//     input, a second sync of the set alone follows, so that an app set of
//     higher priority cannot mask the trigger from Timewall;
//   - xrGetActionState{Boolean,Float,Vector2f}: what the app reads passes
//     the session's InputGate (core/input_gate.hpp): inactive and zero while
//     a friction prompt or a block shield is up, no change on the sync after;
//   - xrApplyHapticFeedback: not sent on while captured (XR_SUCCESS).
// A call the runtime refuses with Timewall's additions is made again exactly
// as the app made it, and that answer is the app's: the app gets the result
// codes it would get without the layer. An app that never attaches action
// sets gets no hidden actions (attaching on its behalf would make its own
// attach fail with XR_ERROR_ACTIONSETS_ALREADY_ATTACHED); one that attaches
// but never syncs has its hidden actions never updated. Both still answer
// cards with the head alone (dwell).
// What it does not do: decide what a press means (the answering code reads
// the WearerInput that read_hands() fills), or touch the app's structs.
//
//   auto a = tw::xr::LayerActions::create(next_gipa, instance, app_extensions);   // instance
//   r = a->sync(session, info, s.actions);                                          // app's sync
//   a->read_hands(session, s.actions, app_space, display_time, card_up, wearer);    // each frame
#pragma once

#include <openxr/openxr.h>

#include <array>
#include <atomic>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <vector>

#include "core/input_gate.hpp"
#include "core/result.hpp"
#include "layout/wearer_input.hpp"
#include "openxr/action_bindings.hpp"

namespace tw::xr {

// The input calls the layer forwards and makes itself, from the next layer down.
struct ActionDispatch {
  PFN_xrStringToPath StringToPath = nullptr;
  PFN_xrCreateActionSet CreateActionSet = nullptr;
  PFN_xrDestroyActionSet DestroyActionSet = nullptr;
  PFN_xrCreateAction CreateAction = nullptr;
  PFN_xrSuggestInteractionProfileBindings SuggestInteractionProfileBindings = nullptr;
  PFN_xrAttachSessionActionSets AttachSessionActionSets = nullptr;
  PFN_xrSyncActions SyncActions = nullptr;
  PFN_xrGetActionStateBoolean GetActionStateBoolean = nullptr;
  PFN_xrCreateActionSpace CreateActionSpace = nullptr;
  PFN_xrLocateSpace LocateSpace = nullptr;
  PFN_xrDestroySpace DestroySpace = nullptr;
  PFN_xrApplyHapticFeedback ApplyHapticFeedback = nullptr;
  PFN_xrGetCurrentInteractionProfile GetCurrentInteractionProfile = nullptr;
};

Result<ActionDispatch> load_action_dispatch(PFN_xrGetInstanceProcAddr gipa, XrInstance instance);

// One session's side: whether the hidden set is attached to it, its aim
// spaces, and the gate the app's reads pass. The app may sync on one thread
// and read on another: `mutex` guards all but `capture`.
struct SessionActions {
  std::mutex mutex;
  bool attached = false;
  std::array<XrSpace, 2> aim{XR_NULL_HANDLE, XR_NULL_HANDLE};
  InputGate gate;
  std::vector<XrActiveActionSet> active;  // the merged sync's sets, capacity kept
  std::atomic<bool> capture{false};       // a card that captures input is up (set by each core tick)
};

// The app's suggested bindings with Timewall's for the same profile after
// them, in `out` (its capacity is kept).
void merge_bindings(std::span<const XrActionSuggestedBinding> app, std::span<const XrActionSuggestedBinding> own,
                    std::vector<XrActionSuggestedBinding>& out);

// Applies the gate to a state the app read (the runtime answered XR_SUCCESS);
// returns the gate's state for that read.
template <class State>
InputGate::State gate_app_state(SessionActions& s, State& state) {
  std::lock_guard lock(s.mutex);
  if (s.gate.suppressed()) {
    state.currentState = {};
    state.isActive = XR_FALSE;
    state.lastChangeTime = 0;
  }
  if (s.gate.hides_changes()) state.changedSinceLastSync = XR_FALSE;
  return s.gate.state();
}

class LayerActions {
 public:
  // Creates the hidden set and actions on `instance`; `app_extensions` are
  // the ones the app enabled (ext/hand_interaction_ext needs its extension).
  static Result<std::unique_ptr<LayerActions>> create(const ActionDispatch& d, XrInstance instance,
                                                      std::span<const char* const> app_extensions);
  LayerActions(const LayerActions&) = delete;
  LayerActions& operator=(const LayerActions&) = delete;

  const ActionDispatch& dispatch() const { return d_; }

  // The app's calls, with Timewall's additions; each returns the app's answer.
  XrResult suggest(const XrInteractionProfileSuggestedBinding* app);
  XrResult attach(XrSession session, const XrSessionActionSetsAttachInfo* app, SessionActions& s);
  XrResult sync(XrSession session, const XrActionsSyncInfo* app, SessionActions& s);
  XrResult apply_haptics(XrSession session, const XrHapticActionInfo* info, const XrHapticBaseHeader* haptic,
                         SessionActions& s);
  XrResult current_profile(XrSession session, XrPath user_path, XrInteractionProfileState* state);
  // The app suggested no profile and Timewall suggested its own: the runtime's
  // current profile and its changes are Timewall's, hidden from the app.
  bool hides_profiles() const { return own_suggested_.load(std::memory_order_relaxed); }

  // The hands part of `in`: select held, and dismiss held on either hand, as
  // of the app's last sync; with `locate_aims`, each hand's aim located in
  // `space` at `time` too (aim_valid when both position and orientation
  // are). Locating costs an IPC round trip per hand on Monado, so the layer
  // asks for it only while a card takes answers. Nothing (all false) where
  // the set is not attached to the session.
  void read_hands(XrSession session, SessionActions& s, XrSpace space, XrTime time, bool locate_aims,
                  layout::WearerInput& in) const;
  // Destroys the session's aim spaces (before the session goes).
  void release(SessionActions& s) const;

 private:
  struct Profile {
    const ProfileBindings* table = nullptr;
    XrPath path = XR_NULL_PATH;
    std::vector<XrActionSuggestedBinding> own;
    bool merge_refused = false;  // the runtime refused the merged list once: the app's alone from then on
  };
  LayerActions() = default;
  Profile* find(XrPath profile);
  void suggest_own_profiles();
  void sync_own(XrSession session) const;

  ActionDispatch d_{};
  XrInstance instance_ = XR_NULL_HANDLE;
  XrActionSet set_ = XR_NULL_HANDLE;
  std::array<XrAction, kOwnActionCount> actions_{};
  std::array<XrPath, 2> hands_{};
  std::vector<Profile> profiles_;
  std::mutex mutex_;  // suggest/attach state, and merged_
  std::vector<XrActionSuggestedBinding> merged_;
  bool app_suggested_ = false;
  std::atomic<bool> own_suggested_{false};
};

}  // namespace tw::xr
