// tw::Enforcer across a kill (issue 15 §5): each input cut is recorded
// before it is made, and an enforcer started after a killed one takes over
// the cuts still in force, gives back those whose block lifted meanwhile,
// and leaves alone input that someone else turned off. The runtime is a
// small model of Monado's client control (the real monado-ctl needs a
// running Monado: e2e.enforce_kill runs it); the Runtime, policy and store
// are the real ones.
#include "tw_catch.hpp"

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "core/device/enforcer.hpp"
#include "core/device/input_cuts.hpp"
#include "core/runtime/runtime.hpp"

namespace {

constexpr int64_t kMonday_ms = 1'795'392'000'000;  // 2026-11-23 00:00 UTC
constexpr int32_t kShieldPid = 9999;
tw::Instant at_s(int64_t s) { return {s * 1'000'000'000, kMonday_ms + s * 1000}; }

const char* kBlocks =
    "schema = 1\n[apps]\n\"openxr.helloxr\" = \"games\"\n[[budget]]\nid = \"g\"\ncategory = \"games\"\n"
    "period = \"daily\"\nlimit_min = 0\nat_limit = \"block\"\n";
const char* kFree = "schema = 1\n";

// Monado as monado-ctl shows it: the newest normal session is primary.
struct FakeMonado final : tw::RuntimeControl, tw::ShieldHost {
  std::vector<tw::RuntimeClient> list;
  tw::InputCutStore* store = nullptr;
  int toggles = 0;
  bool recorded_before_cut = true;  // every cut was in the store when it was made

  tw::RuntimeClient* find(int32_t id) {
    for (tw::RuntimeClient& c : list)
      if (c.id == id) return &c;
    return nullptr;
  }
  void primary(int32_t id) {
    for (tw::RuntimeClient& c : list)
      if (!c.overlay) c.displayed = c.focused = c.id == id;
  }
  tw::Result<std::vector<tw::RuntimeClient>> clients() override { return list; }
  tw::Status set_input(int32_t id, bool on) override {
    tw::RuntimeClient* c = find(id);
    if (c == nullptr) return tw::Error{tw::Errc::not_found, "no client"};
    if (c->io == on) return {};
    if (!on && store != nullptr) {
      auto recorded = store->load();
      recorded_before_cut = recorded_before_cut && recorded &&
                            std::any_of(recorded->begin(), recorded->end(),
                                        [&](const tw::InputCut& k) { return k.client == id && k.pid == c->pid; });
    }
    ++toggles;
    c->io = on;
    return {};
  }
  tw::Status make_primary(int32_t id) override {
    if (find(id) == nullptr) return tw::Error{tw::Errc::not_found, "no client"};
    primary(id);
    return {};
  }
  tw::Status raise(const tw::ShieldRequest&) override {
    list.push_back({.id = 100, .name = "timewall-shield", .pid = kShieldPid, .active = true, .io = true});
    primary(100);
    return {};
  }
  void lower() override {
    std::erase_if(list, [](const tw::RuntimeClient& c) { return c.pid == kShieldPid; });
  }
  bool raised() override { return find(100) != nullptr; }
  bool owns(int32_t pid) const override { return pid == kShieldPid; }
  // The enforcer was SIGKILLed: its shield died with it (PR_SET_PDEATHSIG),
  // and Monado made the app primary again; its input stays as it was.
  void enforcer_killed() {
    lower();
    primary(1);
  }
};

tw::Runtime runtime(const char* policy) {
  auto rt = tw::Runtime::create({.policy_text = std::string(policy)});
  REQUIRE(rt);
  return std::move(rt).value();
}

std::vector<std::string> kinds(tw::Enforcer& e) {
  std::vector<std::string> out;
  for (const tw::EnforceEvent& ev : e.take_events()) out.emplace_back(tw::to_string(ev.kind));
  return out;
}

std::string fresh_file(const char* name) {
  const std::string dir = std::string(TW_BINARY_DIR) + "/device_test/" + name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir + "/cuts";
}

FakeMonado hello_xr_in_front(bool io) {
  FakeMonado m;
  m.list.push_back({.id = 1, .name = "HelloXR", .pid = 42, .active = true, .io = io});
  m.primary(1);
  return m;
}

}  // namespace

TEST_CASE("Enforcer: a cut is recorded before it is made, and unrecorded when given back") {
  tw::InputCutFile file(fresh_file("record"));
  FakeMonado m = hello_xr_in_front(true);
  m.store = &file;
  tw::Runtime rt = runtime(kBlocks);
  tw::Enforcer e(rt, m, m, &file);
  REQUIRE(e.step(at_s(1)));
  CHECK(kinds(e) == std::vector<std::string>{"block", "input_off", "shield_up"});
  CHECK(m.toggles == 1);
  CHECK(m.recorded_before_cut);
  CHECK(file.load().value() == std::vector<tw::InputCut>{{1, 42, "HelloXR"}});
  REQUIRE(rt.load_policy_text(kFree, "free", "", at_s(2)));
  REQUIRE(e.step(at_s(2)));
  CHECK(kinds(e) == std::vector<std::string>{"lift", "primary_back", "shield_down", "input_on"});
  CHECK(m.find(1)->io);
  CHECK(file.load().value().empty());
}

TEST_CASE("Enforcer after a kill: the block still due is raised again, the cut kept and given back at the lift") {
  tw::InputCutFile file(fresh_file("kept"));
  FakeMonado m = hello_xr_in_front(true);
  {
    tw::Runtime rt = runtime(kBlocks);
    tw::Enforcer killed(rt, m, m, &file);
    REQUIRE(killed.step(at_s(1)));
    REQUIRE_FALSE(m.find(1)->io);
  }  // no release(): a SIGKILL gives nothing back
  m.enforcer_killed();
  REQUIRE(m.find(1)->primary());
  tw::Runtime rt = runtime(kBlocks);
  tw::Enforcer next(rt, m, m, &file);
  m.toggles = 0;
  REQUIRE(next.step(at_s(5)));
  CHECK(kinds(next) == std::vector<std::string>{"adopt", "block", "shield_up"});
  CHECK(m.toggles == 0);  // the input is already off, and it is this enforcer's now
  CHECK_FALSE(m.find(1)->io);
  CHECK_FALSE(m.find(1)->primary());
  CHECK(m.raised());
  REQUIRE(rt.load_policy_text(kFree, "free", "", at_s(6)));
  REQUIRE(next.step(at_s(6)));
  CHECK(kinds(next) == std::vector<std::string>{"lift", "primary_back", "shield_down", "input_on"});
  CHECK(m.find(1)->io);
  CHECK(m.find(1)->primary());
  CHECK(file.load().value().empty());
}

TEST_CASE("Enforcer after a kill: a block that lifted while no enforcer ran gives the input back") {
  tw::InputCutFile file(fresh_file("lifted"));
  FakeMonado m = hello_xr_in_front(true);
  {
    tw::Runtime rt = runtime(kBlocks);
    tw::Enforcer killed(rt, m, m, &file);
    REQUIRE(killed.step(at_s(1)));
  }
  m.enforcer_killed();
  tw::Runtime rt = runtime(kFree);
  tw::Enforcer next(rt, m, m, &file);
  REQUIRE(next.step(at_s(5)));
  CHECK(kinds(next) == std::vector<std::string>{"adopt", "input_on"});
  CHECK(m.find(1)->io);
  CHECK_FALSE(m.raised());
  CHECK(file.load().value().empty());
}

TEST_CASE("Enforcer after a kill: input someone else cut, or a recorded id now another process's, is left alone") {
  tw::InputCutFile file(fresh_file("strangers"));
  REQUIRE(file.save(std::vector<tw::InputCut>{{1, 41, "HelloXR"}}));  // the killed enforcer cut pid 41, gone since
  FakeMonado m = hello_xr_in_front(false);                             // id 1 is pid 42 now, its input off
  tw::Runtime rt = runtime(kFree);
  tw::Enforcer next(rt, m, m, &file);
  REQUIRE(next.step(at_s(5)));
  CHECK(kinds(next).empty());
  CHECK(m.toggles == 0);
  CHECK_FALSE(m.find(1)->io);
  CHECK(file.load().value().empty());  // the stale record is dropped
}

TEST_CASE("Enforcer: a damaged cuts file is said once and replaced at the next save") {
  const std::string path = fresh_file("damaged");
  {
    tw::InputCutFile writer(path);
    REQUIRE(writer.save(std::vector<tw::InputCut>{}));
  }
  std::filesystem::resize_file(path, 5);
  tw::InputCutFile file(path);
  FakeMonado m = hello_xr_in_front(true);
  tw::Runtime rt = runtime(kBlocks);
  tw::Enforcer e(rt, m, m, &file);
  REQUIRE(e.step(at_s(1)));
  const std::vector<tw::EnforceEvent> events = e.take_events();
  REQUIRE(events.size() == 4);
  CHECK(events[0].kind == tw::EnforceKind::failed);
  CHECK(events[0].detail.starts_with("input cuts: " + path));
  CHECK(events[2].kind == tw::EnforceKind::input_off);
  CHECK(file.load().value() == std::vector<tw::InputCut>{{1, 42, "HelloXR"}});
}

TEST_CASE("Enforcer with the wearer's app map: a client counts, and is blocked, under the id its name maps to") {
  // The policy limits com.khronos.hello (0 min), not openxr.helloxr: only
  // the map joins the client "HelloXR" to that budget, as the layer would.
  const char* by_mapped_id =
      "schema = 1\n[apps]\n\"com.khronos.hello\" = \"games\"\n[[budget]]\nid = \"g\"\ncategory = \"games\"\n"
      "period = \"daily\"\nlimit_min = 0\nat_limit = \"block\"\n";
  FakeMonado unmapped = hello_xr_in_front(true);
  tw::Runtime plain = runtime(by_mapped_id);
  tw::Enforcer without(plain, unmapped, unmapped);
  REQUIRE(without.step(at_s(1)));
  CHECK(kinds(without).empty());  // openxr.helloxr: no budget covers it
  CHECK(unmapped.find(1)->io);

  FakeMonado mapped = hello_xr_in_front(true);
  tw::Runtime rt = runtime(by_mapped_id);
  tw::Enforcer e(rt, mapped, mapped);
  e.use_app_map(tw::AppIdOverrides::parse("HelloXR = com.khronos.hello\n", "openxr-apps.conf"));
  REQUIRE(e.step(at_s(1)));
  CHECK(kinds(e) == std::vector<std::string>{"block", "input_off", "shield_up"});
  REQUIRE(e.seen().size() == 1);
  CHECK(rt.apps().name(e.seen()[0].app) == "com.khronos.hello");
  CHECK_FALSE(mapped.find(1)->io);
}
