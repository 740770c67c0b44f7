#include "openxr/layer/layer_actions.hpp"

#include <cstdio>
#include <cstring>

#include "openxr/xr_dispatch.hpp"

namespace tw::xr {
namespace {

constexpr const char* kSetName = "xr_apilayer_timewall_overlay";
constexpr const char* kSetLocalized = "Timewall (API layer)";
constexpr std::array<const char*, kOwnActionCount> kActionNames{"timewall_select", "timewall_aim",
                                                                "timewall_dismiss"};
constexpr std::array<const char*, kOwnActionCount> kActionLocalized{"Timewall select", "Timewall aim",
                                                                    "Timewall dismiss"};
constexpr std::array<XrActionType, kOwnActionCount> kActionTypes{
    XR_ACTION_TYPE_BOOLEAN_INPUT, XR_ACTION_TYPE_POSE_INPUT, XR_ACTION_TYPE_BOOLEAN_INPUT};

bool enabled(std::span<const char* const> extensions, const char* name) {
  for (const char* e : extensions)
    if (e != nullptr && std::strcmp(e, name) == 0) return true;
  return false;
}

Error xr_failure(const char* call, XrResult r) {
  return Error{kErrcOpenxr, std::string(call) + " for the layer's own actions failed (XrResult " + std::to_string(r) +
                             ")"};
}

}  // namespace

Result<ActionDispatch> load_action_dispatch(PFN_xrGetInstanceProcAddr gipa, XrInstance instance) {
  if (gipa == nullptr || instance == XR_NULL_HANDLE)
    return Error{Errc::invalid_argument, "load_action_dispatch: null xrGetInstanceProcAddr or instance"};
  ActionDispatch d;
  std::string missing;
  load_proc(gipa, instance, "xrStringToPath", d.StringToPath, missing);
  load_proc(gipa, instance, "xrCreateActionSet", d.CreateActionSet, missing);
  load_proc(gipa, instance, "xrDestroyActionSet", d.DestroyActionSet, missing);
  load_proc(gipa, instance, "xrCreateAction", d.CreateAction, missing);
  load_proc(gipa, instance, "xrSuggestInteractionProfileBindings", d.SuggestInteractionProfileBindings, missing);
  load_proc(gipa, instance, "xrAttachSessionActionSets", d.AttachSessionActionSets, missing);
  load_proc(gipa, instance, "xrSyncActions", d.SyncActions, missing);
  load_proc(gipa, instance, "xrGetActionStateBoolean", d.GetActionStateBoolean, missing);
  load_proc(gipa, instance, "xrCreateActionSpace", d.CreateActionSpace, missing);
  load_proc(gipa, instance, "xrLocateSpace", d.LocateSpace, missing);
  load_proc(gipa, instance, "xrDestroySpace", d.DestroySpace, missing);
  load_proc(gipa, instance, "xrApplyHapticFeedback", d.ApplyHapticFeedback, missing);
  load_proc(gipa, instance, "xrGetCurrentInteractionProfile", d.GetCurrentInteractionProfile, missing);
  if (!missing.empty()) return Error{kErrcOpenxr, "xrGetInstanceProcAddr found no " + missing};
  return d;
}

void merge_bindings(std::span<const XrActionSuggestedBinding> app, std::span<const XrActionSuggestedBinding> own,
                    std::vector<XrActionSuggestedBinding>& out) {
  out.assign(app.begin(), app.end());
  out.insert(out.end(), own.begin(), own.end());
}

Result<std::unique_ptr<LayerActions>> LayerActions::create(const ActionDispatch& d, XrInstance instance,
                                                           std::span<const char* const> app_extensions) {
  std::unique_ptr<LayerActions> a(new LayerActions());
  a->d_ = d;
  a->instance_ = instance;
  for (size_t h = 0; h < 2; ++h)
    if (XrResult r = d.StringToPath(instance, kHandPaths[h], &a->hands_[h]); XR_FAILED(r))
      return xr_failure("xrStringToPath", r);

  XrActionSetCreateInfo set{XR_TYPE_ACTION_SET_CREATE_INFO};
  std::snprintf(set.actionSetName, sizeof set.actionSetName, "%s", kSetName);
  std::snprintf(set.localizedActionSetName, sizeof set.localizedActionSetName, "%s", kSetLocalized);
  set.priority = 0;  // never above an app's set: Timewall never masks the app's input
  if (XrResult r = d.CreateActionSet(instance, &set, &a->set_); XR_FAILED(r)) return xr_failure("xrCreateActionSet", r);
  for (int k = 0; k < kOwnActionCount; ++k) {
    XrActionCreateInfo info{XR_TYPE_ACTION_CREATE_INFO};
    std::snprintf(info.actionName, sizeof info.actionName, "%s", kActionNames[k]);
    std::snprintf(info.localizedActionName, sizeof info.localizedActionName, "%s", kActionLocalized[k]);
    info.actionType = kActionTypes[k];
    info.countSubactionPaths = 2;
    info.subactionPaths = a->hands_.data();
    if (XrResult r = d.CreateAction(a->set_, &info, &a->actions_[k]); XR_FAILED(r)) {
      d.DestroyActionSet(a->set_);
      return xr_failure("xrCreateAction", r);
    }
  }
  // A profile whose paths do not all resolve is left out (the others still work).
  for (const ProfileBindings& table : own_profiles()) {
    if (table.extension != nullptr && !enabled(app_extensions, table.extension)) continue;
    Profile p{.table = &table};
    bool ok = XR_SUCCEEDED(d.StringToPath(instance, table.profile, &p.path));
    for (const OwnBinding& b : table.bindings) {
      XrActionSuggestedBinding s{a->actions_[static_cast<size_t>(b.action)], XR_NULL_PATH};
      ok = ok && XR_SUCCEEDED(d.StringToPath(instance, b.path, &s.binding));
      p.own.push_back(s);
    }
    if (ok) a->profiles_.push_back(std::move(p));
  }
  a->merged_.reserve(256);
  return a;
}

LayerActions::Profile* LayerActions::find(XrPath profile) {
  for (Profile& p : profiles_)
    if (p.path == profile) return &p;
  return nullptr;
}

XrResult LayerActions::suggest(const XrInteractionProfileSuggestedBinding* app) {
  // An empty list is the app's mistake: Timewall's bindings must not make it valid.
  const bool well_formed = app != nullptr && app->type == XR_TYPE_INTERACTION_PROFILE_SUGGESTED_BINDING &&
                           app->countSuggestedBindings > 0 && app->suggestedBindings != nullptr;
  std::lock_guard lock(mutex_);
  Profile* p = well_formed ? find(app->interactionProfile) : nullptr;
  XrResult r = XR_ERROR_RUNTIME_FAILURE;
  bool merged = false;
  if (p != nullptr && !p->merge_refused) {
    merge_bindings({app->suggestedBindings, app->countSuggestedBindings}, p->own, merged_);
    XrInteractionProfileSuggestedBinding ours = *app;  // same next chain, merged list
    ours.countSuggestedBindings = static_cast<uint32_t>(merged_.size());
    ours.suggestedBindings = merged_.data();
    r = d_.SuggestInteractionProfileBindings(instance_, &ours);
    merged = XR_SUCCEEDED(r);
  }
  if (!merged) {
    r = d_.SuggestInteractionProfileBindings(instance_, app);  // the app's answer, as it asked
    // Taken alone but not with Timewall's bindings: those were at fault.
    if (XR_SUCCEEDED(r) && p != nullptr) p->merge_refused = true;
  }
  if (XR_SUCCEEDED(r)) app_suggested_ = true;
  return r;
}

void LayerActions::suggest_own_profiles() {
  for (const Profile& p : profiles_) {
    XrInteractionProfileSuggestedBinding s{XR_TYPE_INTERACTION_PROFILE_SUGGESTED_BINDING};
    s.interactionProfile = p.path;
    s.countSuggestedBindings = static_cast<uint32_t>(p.own.size());
    s.suggestedBindings = p.own.data();
    if (XR_SUCCEEDED(d_.SuggestInteractionProfileBindings(instance_, &s)))
      own_suggested_.store(true, std::memory_order_relaxed);
  }
}

XrResult LayerActions::attach(XrSession session, const XrSessionActionSetsAttachInfo* app, SessionActions& s) {
  const bool well_formed = app != nullptr && app->type == XR_TYPE_SESSION_ACTION_SETS_ATTACH_INFO &&
                           app->countActionSets > 0 && app->actionSets != nullptr;
  if (!well_formed) return d_.AttachSessionActionSets(session, app);
  std::vector<XrActionSet> sets(app->actionSets, app->actionSets + app->countActionSets);
  sets.push_back(set_);
  {
    std::lock_guard lock(mutex_);
    if (!app_suggested_ && !own_suggested_.load(std::memory_order_relaxed)) suggest_own_profiles();
  }
  XrSessionActionSetsAttachInfo ours = *app;
  ours.countActionSets = static_cast<uint32_t>(sets.size());
  ours.actionSets = sets.data();
  XrResult r = d_.AttachSessionActionSets(session, &ours);
  if (XR_FAILED(r)) return d_.AttachSessionActionSets(session, app);
  std::lock_guard lock(s.mutex);
  s.attached = true;
  for (size_t h = 0; h < 2; ++h) {
    XrActionSpaceCreateInfo info{XR_TYPE_ACTION_SPACE_CREATE_INFO};
    info.action = actions_[static_cast<size_t>(OwnAction::aim)];
    info.subactionPath = hands_[h];
    info.poseInActionSpace = {{0, 0, 0, 1}, {0, 0, 0}};
    if (XR_FAILED(d_.CreateActionSpace(session, &info, &s.aim[h]))) s.aim[h] = XR_NULL_HANDLE;
  }
  s.active.reserve(16);
  return r;
}

void LayerActions::sync_own(XrSession session) const {
  const XrActiveActionSet own{set_, XR_NULL_PATH};
  XrActionsSyncInfo info{XR_TYPE_ACTIONS_SYNC_INFO};
  info.countActiveActionSets = 1;
  info.activeActionSets = &own;
  d_.SyncActions(session, &info);
}

XrResult LayerActions::sync(XrSession session, const XrActionsSyncInfo* app, SessionActions& s) {
  const bool captured = s.capture.load(std::memory_order_relaxed);
  const bool well_formed = app != nullptr && app->type == XR_TYPE_ACTIONS_SYNC_INFO;
  std::lock_guard lock(s.mutex);
  XrResult r = XR_ERROR_RUNTIME_FAILURE;
  bool merged = false;
  if (s.attached && well_formed && app->countActiveActionSets > 0 && app->activeActionSets != nullptr) {
    s.active.assign(app->activeActionSets, app->activeActionSets + app->countActiveActionSets);
    s.active.push_back({set_, XR_NULL_PATH});
    XrActionsSyncInfo ours = *app;
    ours.countActiveActionSets = static_cast<uint32_t>(s.active.size());
    ours.activeActionSets = s.active.data();
    r = d_.SyncActions(session, &ours);
    merged = XR_SUCCEEDED(r);
  }
  if (!merged) r = d_.SyncActions(session, app);  // the app's answer, as it asked
  if (XR_SUCCEEDED(r)) {
    s.gate.on_sync(captured);
    // A sync of no sets (Monado answers it before any check) leaves Timewall's
    // own unsynced; a card up: the set alone, so no app set can outrank it.
    if (s.attached && (captured || !merged)) sync_own(session);
  }
  return r;
}

XrResult LayerActions::apply_haptics(XrSession session, const XrHapticActionInfo* info,
                                     const XrHapticBaseHeader* haptic, SessionActions& s) {
  {
    std::lock_guard lock(s.mutex);
    if (s.gate.suppressed()) return XR_SUCCESS;  // the app's buzz does not reach the wearer behind a card
  }
  return d_.ApplyHapticFeedback(session, info, haptic);
}

XrResult LayerActions::current_profile(XrSession session, XrPath user_path, XrInteractionProfileState* state) {
  const XrResult r = d_.GetCurrentInteractionProfile(session, user_path, state);
  if (XR_SUCCEEDED(r) && state != nullptr && hides_profiles()) state->interactionProfile = XR_NULL_PATH;
  return r;
}

void LayerActions::read_hands(XrSession session, SessionActions& s, XrSpace space, XrTime time, bool locate_aims,
                              layout::WearerInput& in) const {
  in.hands = {};
  in.dismiss_down = false;
  {
    std::lock_guard lock(s.mutex);
    if (!s.attached) return;
  }
  XrActionStateGetInfo get{XR_TYPE_ACTION_STATE_GET_INFO};
  XrActionStateBoolean b{XR_TYPE_ACTION_STATE_BOOLEAN};
  for (size_t h = 0; h < 2; ++h) {
    layout::WearerHand& hand = in.hands[h];
    get.action = actions_[static_cast<size_t>(OwnAction::select)];
    get.subactionPath = hands_[h];
    hand.select_down = d_.GetActionStateBoolean(session, &get, &b) == XR_SUCCESS && b.isActive && b.currentState;
    if (!locate_aims || s.aim[h] == XR_NULL_HANDLE || space == XR_NULL_HANDLE) continue;
    XrSpaceLocation loc{XR_TYPE_SPACE_LOCATION};
    constexpr XrSpaceLocationFlags kValid = XR_SPACE_LOCATION_POSITION_VALID_BIT | XR_SPACE_LOCATION_ORIENTATION_VALID_BIT;
    if (XR_FAILED(d_.LocateSpace(s.aim[h], space, time, &loc)) || (loc.locationFlags & kValid) != kValid) continue;
    const XrQuaternionf& q = loc.pose.orientation;
    const glm::quat T_space_aim{q.w, q.x, q.y, q.z};
    hand.aim_space = {{loc.pose.position.x, loc.pose.position.y, loc.pose.position.z},
                      T_space_aim * glm::vec3{0.f, 0.f, -1.f}};
    hand.aim_valid = true;
  }
  get.action = actions_[static_cast<size_t>(OwnAction::dismiss)];
  get.subactionPath = XR_NULL_PATH;
  in.dismiss_down = d_.GetActionStateBoolean(session, &get, &b) == XR_SUCCESS && b.isActive && b.currentState;
}

void LayerActions::release(SessionActions& s) const {
  std::lock_guard lock(s.mutex);
  for (XrSpace& a : s.aim)
    if (a != XR_NULL_HANDLE) d_.DestroySpace(a), a = XR_NULL_HANDLE;
  s.attached = false;
}

}  // namespace tw::xr
