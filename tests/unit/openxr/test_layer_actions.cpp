// Timewall's hidden actions: the binding table, and LayerActions between an
// app and a scripted runtime (each call recorded, answers chosen per test):
// merged suggestions, own profiles only for an app that suggested none,
// appended sets, merged syncs, the app's answer whenever the runtime refuses
// Timewall's additions, and the input gate on what the app reads.
#include "tw_catch.hpp"

#include <cstring>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "openxr/action_bindings.hpp"
#include "openxr/layer/layer_actions.hpp"

#if __has_include(<catch2/catch_all.hpp>)
using Catch::Approx;  // Catch2 v3; v2 declares Approx globally
#endif

namespace {

// The scripted runtime: handles are counters, paths are interned strings.
struct Rt {
  std::map<std::string, XrPath> paths;
  std::map<XrPath, std::string> names;
  uint64_t next_handle = 0x100;
  std::vector<XrAction> own_actions;
  XrActionSet own_set = XR_NULL_HANDLE;
  // Each suggest: the profile's name and the bindings' path names.
  std::vector<std::pair<std::string, std::vector<std::string>>> suggested;
  std::vector<uint32_t> attached;  // countActionSets of each attach call
  std::vector<uint32_t> synced;    // countActiveActionSets of each sync call
  bool session_attached = false;
  XrResult refuse_suggest_over = XR_SUCCESS;  // refuse a suggest with more than `limit` bindings
  uint32_t suggest_limit = 1000;
  uint32_t haptics = 0;
  XrPath current = XR_NULL_PATH;
  XrBool32 select_active = XR_TRUE;
};
Rt* g_rt = nullptr;

XrResult XRAPI_CALL string_to_path(XrInstance, const char* s, XrPath* out) {
  auto [it, fresh] = g_rt->paths.emplace(s, g_rt->paths.size() + 1);
  g_rt->names[it->second] = s;
  *out = it->second;
  return XR_SUCCESS;
}
XrResult XRAPI_CALL create_action_set(XrInstance, const XrActionSetCreateInfo* info, XrActionSet* out) {
  CHECK(info->priority == 0);
  *out = reinterpret_cast<XrActionSet>(g_rt->next_handle++);
  g_rt->own_set = *out;
  return XR_SUCCESS;
}
XrResult XRAPI_CALL destroy_action_set(XrActionSet) { return XR_SUCCESS; }
XrResult XRAPI_CALL create_action(XrActionSet, const XrActionCreateInfo* info, XrAction* out) {
  CHECK(info->countSubactionPaths == 2);
  *out = reinterpret_cast<XrAction>(g_rt->next_handle++);
  g_rt->own_actions.push_back(*out);
  return XR_SUCCESS;
}
XrResult XRAPI_CALL suggest(XrInstance, const XrInteractionProfileSuggestedBinding* b) {
  if (g_rt->session_attached) return XR_ERROR_ACTIONSETS_ALREADY_ATTACHED;
  if (b->countSuggestedBindings > g_rt->suggest_limit) return g_rt->refuse_suggest_over;
  std::vector<std::string> bound;
  for (uint32_t k = 0; k < b->countSuggestedBindings; ++k) bound.push_back(g_rt->names[b->suggestedBindings[k].binding]);
  g_rt->suggested.emplace_back(g_rt->names[b->interactionProfile], bound);
  return XR_SUCCESS;
}
XrResult XRAPI_CALL attach(XrSession, const XrSessionActionSetsAttachInfo* info) {
  if (g_rt->session_attached) return XR_ERROR_ACTIONSETS_ALREADY_ATTACHED;
  g_rt->attached.push_back(info->countActionSets);
  g_rt->session_attached = true;
  return XR_SUCCESS;
}
XrResult XRAPI_CALL sync(XrSession, const XrActionsSyncInfo* info) {
  g_rt->synced.push_back(info->countActiveActionSets);
  if (info->countActiveActionSets == 0) return XR_SUCCESS;  // as Monado: before any check
  return g_rt->session_attached ? XR_SUCCESS : XR_ERROR_ACTIONSET_NOT_ATTACHED;
}
XrResult XRAPI_CALL get_boolean(XrSession, const XrActionStateGetInfo*, XrActionStateBoolean* s) {
  s->isActive = g_rt->select_active;
  s->currentState = XR_TRUE;
  return XR_SUCCESS;
}
XrResult XRAPI_CALL create_action_space(XrSession, const XrActionSpaceCreateInfo*, XrSpace* out) {
  *out = reinterpret_cast<XrSpace>(g_rt->next_handle++);
  return XR_SUCCESS;
}
XrResult XRAPI_CALL locate(XrSpace, XrSpace, XrTime, XrSpaceLocation* loc) {
  loc->locationFlags = XR_SPACE_LOCATION_POSITION_VALID_BIT | XR_SPACE_LOCATION_ORIENTATION_VALID_BIT;
  loc->pose = {{0, 0.7071068f, 0, 0.7071068f}, {0.2f, 1.4f, -0.3f}};  // turned 90 deg left about +Y
  return XR_SUCCESS;
}
XrResult XRAPI_CALL destroy_space(XrSpace) { return XR_SUCCESS; }
XrResult XRAPI_CALL haptics(XrSession, const XrHapticActionInfo*, const XrHapticBaseHeader*) {
  ++g_rt->haptics;
  return XR_SUCCESS;
}
XrResult XRAPI_CALL current_profile(XrSession, XrPath, XrInteractionProfileState* s) {
  s->interactionProfile = g_rt->current;
  return XR_SUCCESS;
}

tw::xr::ActionDispatch dispatch() {
  return {string_to_path, create_action_set, destroy_action_set, create_action, suggest, attach, sync,
          get_boolean, create_action_space, locate, destroy_space, haptics, current_profile};
}

const XrInstance kInstance = reinterpret_cast<XrInstance>(uint64_t{0x1});
const XrSession kSession = reinterpret_cast<XrSession>(uint64_t{0x2});
const XrActionSet kAppSet = reinterpret_cast<XrActionSet>(uint64_t{0x50});
const XrAction kAppAction = reinterpret_cast<XrAction>(uint64_t{0x51});

struct Fixture {
  Rt rt;
  std::unique_ptr<tw::xr::LayerActions> actions;
  tw::xr::SessionActions session;
  explicit Fixture(std::vector<const char*> extensions = {}) {
    g_rt = &rt;
    auto a = tw::xr::LayerActions::create(dispatch(), kInstance, extensions);
    REQUIRE(a);
    actions = std::move(a.value());
  }
  ~Fixture() { g_rt = nullptr; }
  XrPath path(const char* s) {
    XrPath p = XR_NULL_PATH;
    string_to_path(kInstance, s, &p);
    return p;
  }
  XrResult app_suggest(const char* profile, const char* binding) {
    const XrActionSuggestedBinding b{kAppAction, path(binding)};
    XrInteractionProfileSuggestedBinding s{XR_TYPE_INTERACTION_PROFILE_SUGGESTED_BINDING};
    s.interactionProfile = path(profile);
    s.countSuggestedBindings = 1;
    s.suggestedBindings = &b;
    return actions->suggest(&s);
  }
  XrResult app_attach() {
    XrSessionActionSetsAttachInfo info{XR_TYPE_SESSION_ACTION_SETS_ATTACH_INFO};
    info.countActionSets = 1;
    info.actionSets = &kAppSet;
    return actions->attach(kSession, &info, session);
  }
  XrResult app_sync(uint32_t sets = 1) {
    const XrActiveActionSet active{kAppSet, XR_NULL_PATH};
    XrActionsSyncInfo info{XR_TYPE_ACTIONS_SYNC_INFO};
    info.countActiveActionSets = sets;
    info.activeActionSets = sets ? &active : nullptr;
    return actions->sync(kSession, &info, session);
  }
};

constexpr const char* kSimple = "/interaction_profiles/khr/simple_controller";
constexpr const char* kIndex = "/interaction_profiles/valve/index_controller";

}  // namespace

TEST_CASE("the binding table: select and aim on both hands of every profile, dismiss on controllers",
          "[layer_actions]") {
  std::set<std::string> profiles;
  for (const tw::xr::ProfileBindings& p : tw::xr::own_profiles()) {
    INFO(p.profile);
    CHECK(profiles.insert(p.profile).second);
    CHECK(std::string_view(p.profile).starts_with("/interaction_profiles/"));
    CHECK(tw::xr::find_own_profile(p.profile) == &p);
    int per[tw::xr::kOwnActionCount][2] = {};
    for (const tw::xr::OwnBinding& b : p.bindings) {
      const std::string_view path = b.path;
      const int hand = path.starts_with("/user/hand/left/input/") ? 0 : path.starts_with("/user/hand/right/input/") ? 1 : -1;
      REQUIRE(hand >= 0);
      ++per[static_cast<int>(b.action)][hand];
      CHECK(path.find(' ') == std::string_view::npos);
      if (b.action == tw::xr::OwnAction::aim) CHECK(path.ends_with("/aim/pose"));
    }
    for (int h = 0; h < 2; ++h) {
      CHECK(per[static_cast<int>(tw::xr::OwnAction::select)][h] == 1);
      CHECK(per[static_cast<int>(tw::xr::OwnAction::aim)][h] == 1);
      CHECK(per[static_cast<int>(tw::xr::OwnAction::dismiss)][h] == (p.extension ? 0 : 1));
    }
  }
  CHECK(profiles.size() == 6);
  CHECK(tw::xr::find_own_profile("/interaction_profiles/unknown/thing") == nullptr);
}

TEST_CASE("merge_bindings keeps the app's bindings first and in order", "[layer_actions]") {
  const XrAction a = reinterpret_cast<XrAction>(uint64_t{1}), b = reinterpret_cast<XrAction>(uint64_t{2});
  const XrActionSuggestedBinding app[] = {{a, 10}, {a, 11}};
  const XrActionSuggestedBinding own[] = {{b, 20}};
  std::vector<XrActionSuggestedBinding> out{{b, 99}};
  tw::xr::merge_bindings(app, own, out);
  REQUIRE(out.size() == 3);
  CHECK((out[0].action == a && out[0].binding == 10));
  CHECK((out[1].action == a && out[1].binding == 11));
  CHECK((out[2].action == b && out[2].binding == 20));
}

TEST_CASE("the app's suggestion for a known profile carries Timewall's bindings, others pass as they are",
          "[layer_actions]") {
  Fixture f;
  CHECK(f.app_suggest(kIndex, "/user/hand/right/input/a/click") == XR_SUCCESS);
  REQUIRE(f.rt.suggested.size() == 1);
  CHECK(f.rt.suggested[0].first == kIndex);
  const auto& bound = f.rt.suggested[0].second;
  REQUIRE(bound.size() == 7);
  CHECK(bound[0] == "/user/hand/right/input/a/click");
  CHECK(bound[1] == "/user/hand/left/input/trigger/click");

  // A profile Timewall does not know: the app's call, untouched.
  CHECK(f.app_suggest("/interaction_profiles/htc/vive_pro", "/user/head/input/system/click") == XR_SUCCESS);
  CHECK(f.rt.suggested[1].second.size() == 1);
  // ext/hand_interaction_ext only where the app enabled XR_EXT_hand_interaction.
  CHECK(f.app_suggest("/interaction_profiles/ext/hand_interaction_ext", "/user/hand/left/input/aim/pose") == XR_SUCCESS);
  CHECK(f.rt.suggested[2].second.size() == 1);
  Fixture hands({"XR_KHR_vulkan_enable2", "XR_EXT_hand_interaction"});
  CHECK(hands.app_suggest("/interaction_profiles/ext/hand_interaction_ext", "/user/hand/left/input/aim/pose") ==
        XR_SUCCESS);
  CHECK(hands.rt.suggested[0].second.size() == 5);
}

TEST_CASE("an empty suggestion goes on as the app made it: Timewall's bindings never make it valid",
          "[layer_actions]") {
  Fixture f;
  XrInteractionProfileSuggestedBinding s{XR_TYPE_INTERACTION_PROFILE_SUGGESTED_BINDING};
  s.interactionProfile = f.path(kSimple);
  f.actions->suggest(&s);
  REQUIRE(f.rt.suggested.size() == 1);
  CHECK(f.rt.suggested[0].second.empty());
}

TEST_CASE("a runtime that refuses the merged list gets the app's own, and its answer is the app's",
          "[layer_actions]") {
  Fixture f;
  f.rt.suggest_limit = 1;
  f.rt.refuse_suggest_over = XR_ERROR_PATH_UNSUPPORTED;
  CHECK(f.app_suggest(kSimple, "/user/hand/left/input/select/click") == XR_SUCCESS);
  REQUIRE(f.rt.suggested.size() == 1);
  CHECK(f.rt.suggested[0].second.size() == 1);
  // From then on that profile goes as the app gives it (no second refusal).
  CHECK(f.app_suggest(kSimple, "/user/hand/left/input/menu/click") == XR_SUCCESS);
  CHECK(f.rt.suggested.size() == 2);
  // After the attach, the runtime's refusal is the app's answer, whatever Timewall adds.
  CHECK(f.app_attach() == XR_SUCCESS);
  CHECK(f.app_suggest(kIndex, "/user/hand/left/input/a/click") == XR_ERROR_ACTIONSETS_ALREADY_ATTACHED);
}

TEST_CASE("own profiles are suggested only for an app that suggested none, and stay hidden from it",
          "[layer_actions]") {
  SECTION("the app suggested one profile: no others are added") {
    Fixture f;
    f.app_suggest(kSimple, "/user/hand/left/input/select/click");
    CHECK(f.app_attach() == XR_SUCCESS);
    CHECK(f.rt.suggested.size() == 1);
    CHECK_FALSE(f.actions->hides_profiles());
    f.rt.current = f.path(kSimple);
    XrInteractionProfileState st{XR_TYPE_INTERACTION_PROFILE_STATE};
    CHECK(f.actions->current_profile(kSession, f.path("/user/hand/left"), &st) == XR_SUCCESS);
    CHECK(st.interactionProfile == f.path(kSimple));
  }
  SECTION("the app suggested none: all five controller profiles, and the profile reads null") {
    Fixture f;
    CHECK(f.app_attach() == XR_SUCCESS);
    REQUIRE(f.rt.suggested.size() == 5);
    for (const auto& [profile, bound] : f.rt.suggested) CHECK(bound.size() == 6);
    CHECK(f.actions->hides_profiles());
    f.rt.current = f.path(kIndex);
    XrInteractionProfileState st{XR_TYPE_INTERACTION_PROFILE_STATE};
    CHECK(f.actions->current_profile(kSession, f.path("/user/hand/left"), &st) == XR_SUCCESS);
    CHECK(st.interactionProfile == XR_NULL_PATH);
  }
}

TEST_CASE("attach appends the hidden set, a second attach gets the runtime's own refusal", "[layer_actions]") {
  Fixture f;
  CHECK(f.app_attach() == XR_SUCCESS);
  CHECK(f.rt.attached == std::vector<uint32_t>{2});
  CHECK(f.app_attach() == XR_ERROR_ACTIONSETS_ALREADY_ATTACHED);
  CHECK(f.rt.attached.size() == 1);
  // Malformed: passed on as it is.
  CHECK(f.actions->attach(kSession, nullptr, f.session) == XR_ERROR_ACTIONSETS_ALREADY_ATTACHED);
}

TEST_CASE("syncs carry the hidden set, zero sets and unattached syncs answer as the runtime does",
          "[layer_actions]") {
  Fixture f;
  CHECK(f.app_sync() == XR_ERROR_ACTIONSET_NOT_ATTACHED);  // before the attach: not merged
  CHECK(f.rt.synced == std::vector<uint32_t>{1});
  REQUIRE(f.app_attach() == XR_SUCCESS);
  f.rt.synced.clear();
  CHECK(f.app_sync() == XR_SUCCESS);
  CHECK(f.rt.synced == std::vector<uint32_t>{2});
  // No sets: the app's call as it is (Monado answers it before any check), then Timewall's own.
  f.rt.synced.clear();
  CHECK(f.app_sync(0) == XR_SUCCESS);
  CHECK(f.rt.synced == (std::vector<uint32_t>{0, 1}));
  // A card up: the merged sync, then the hidden set alone (no app set can outrank it).
  f.session.capture = true;
  f.rt.synced.clear();
  CHECK(f.app_sync() == XR_SUCCESS);
  CHECK(f.rt.synced == (std::vector<uint32_t>{2, 1}));
}

TEST_CASE("while a card captures input the app reads nothing, then no change on the sync after",
          "[layer_actions]") {
  Fixture f;
  REQUIRE(f.app_attach() == XR_SUCCESS);
  auto read = [&] {
    XrActionStateFloat s{XR_TYPE_ACTION_STATE_FLOAT};
    s.isActive = XR_TRUE, s.currentState = 0.8f, s.changedSinceLastSync = XR_TRUE, s.lastChangeTime = 42;
    tw::xr::gate_app_state(f.session, s);
    return s;
  };
  XrHapticVibration buzz{XR_TYPE_HAPTIC_VIBRATION};
  XrHapticActionInfo hi{XR_TYPE_HAPTIC_ACTION_INFO};
  const auto* haptic = reinterpret_cast<const XrHapticBaseHeader*>(&buzz);

  f.app_sync();
  auto s = read();
  CHECK((s.isActive && s.currentState == 0.8f && s.changedSinceLastSync));
  CHECK(f.actions->apply_haptics(kSession, &hi, haptic, f.session) == XR_SUCCESS);
  CHECK(f.rt.haptics == 1);

  f.session.capture = true;  // a prompt is up, seen at the next sync
  s = read();
  CHECK(s.isActive);  // reads between syncs agree with the sync they follow
  f.app_sync();
  s = read();
  CHECK((!s.isActive && s.currentState == 0.f && !s.changedSinceLastSync && s.lastChangeTime == 0));
  CHECK(f.actions->apply_haptics(kSession, &hi, haptic, f.session) == XR_SUCCESS);
  CHECK(f.rt.haptics == 1);  // not sent on

  f.session.capture = false;
  f.app_sync();  // the very next sync: values back, nothing changed
  s = read();
  CHECK((s.isActive && s.currentState == 0.8f && !s.changedSinceLastSync));
  f.app_sync();
  s = read();
  CHECK(s.changedSinceLastSync);
}

TEST_CASE("read_hands: each hand's aim ray in the given space when asked for, select and dismiss held", "[layer_actions]") {
  Fixture f;
  tw::layout::WearerInput in;
  const XrSpace space = reinterpret_cast<XrSpace>(uint64_t{0x9});
  f.actions->read_hands(kSession, f.session, space, 1000, true, in);
  CHECK_FALSE(in.hands[0].aim_valid);  // not attached: nothing
  CHECK_FALSE(in.hands[1].select_down);
  REQUIRE(f.app_attach() == XR_SUCCESS);
  f.actions->read_hands(kSession, f.session, space, 1000, true, in);
  for (const auto& h : in.hands) {
    CHECK(h.aim_valid);
    CHECK(h.select_down);
    CHECK(h.aim_space.origin_m.x == Approx(0.2f));
    CHECK(h.aim_space.direction.x == Approx(-1.f).margin(1e-5));  // -Z turned 90 deg left
    CHECK(h.aim_space.direction.z == Approx(0.f).margin(1e-5));
  }
  CHECK(in.dismiss_down);
  f.actions->read_hands(kSession, f.session, space, 1000, false, in);  // no card takes answers
  CHECK_FALSE(in.hands[0].aim_valid);
  CHECK_FALSE(in.hands[1].aim_valid);
  CHECK(in.hands[1].select_down);
  CHECK(in.dismiss_down);
  f.rt.select_active = XR_FALSE;  // inactive (no device, or masked): not held
  f.actions->read_hands(kSession, f.session, space, 1000, true, in);
  CHECK_FALSE(in.hands[0].select_down);
  CHECK_FALSE(in.dismiss_down);
  f.actions->release(f.session);
  f.actions->read_hands(kSession, f.session, space, 1000, true, in);
  CHECK_FALSE(in.hands[0].aim_valid);
}
